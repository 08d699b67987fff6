"""course_lib.gradients: analytic gradients against torch autograd for every keyword combination, against
finite differences, in textbook form by hand, at extreme inputs; the softmax Jacobian; numerical_gradient."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from oracle import summed
from strategies import (
    BCE_WEIGHTS,
    CE_TARGET_KINDS,
    FLOAT_DTYPES,
    LABEL_SMOOTHINGS,
    POS_WEIGHTS,
    RAISE_ON_FP_ERRORS,
    REDUCTIONS,
    bce_pos_weight,
    bce_weight,
    ce_case,
    class_weights,
    logits,
)

import course_lib as cl

# --- cross_entropy_grad ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_grad_matches_torch_autograd_for_every_keyword_combination(
    dtype, kind, weighted, reduction, label_smoothing, torch_ref, assert_close
):
    z, t, kwargs = ce_case(kind, dtype)
    kwargs.update(weight=class_weights(z.shape[-1], dtype) if weighted else None)
    kwargs.update(reduction=reduction, label_smoothing=label_smoothing)
    dlogits = cl.cross_entropy_grad(z, t, **kwargs)
    _, expected = torch_ref.cross_entropy(z, t, **kwargs)
    assert dlogits.dtype == dtype
    assert dlogits.shape == z.shape
    assert_close(dlogits, expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_grad_matches_torch_autograd_on_k_dim_inputs(dtype, kind, reduction, torch_ref, assert_close):
    z, t, kwargs = ce_case(kind, dtype, shape=(3, 4, 2, 5))
    kwargs.update(weight=class_weights(5, dtype), reduction=reduction, label_smoothing=0.1)
    _, expected = torch_ref.cross_entropy(z, t, **kwargs)
    assert_close(cl.cross_entropy_grad(z, t, **kwargs), expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", ["indices", "probabilities"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_grad_matches_torch_autograd_on_unbatched_logits(
    dtype, kind, reduction, label_smoothing, torch_ref, assert_close
):
    z, t, _ = ce_case(kind, dtype, shape=(5,))
    kwargs = {"weight": class_weights(5, dtype), "reduction": reduction, "label_smoothing": label_smoothing}
    _, expected = torch_ref.cross_entropy(z, t, **kwargs)
    assert_close(cl.cross_entropy_grad(z, t, **kwargs), expected)


@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_grad_matches_finite_differences(kind, weighted, reduction, label_smoothing):
    z, t, kwargs = ce_case(kind, np.float64, shape=(4, 3))
    kwargs.update(weight=class_weights(3, np.float64) if weighted else None)
    kwargs.update(reduction=reduction, label_smoothing=label_smoothing)
    numeric = cl.numerical_gradient(lambda v: summed(cl.cross_entropy)(v, t, **kwargs), z)
    np.testing.assert_allclose(cl.cross_entropy_grad(z, t, **kwargs), numeric, rtol=1e-6, atol=1e-8)


def test_cross_entropy_grad_is_softmax_minus_one_hot_by_hand():
    # z = [0, log 2, 0]: p = [1/4, 1/2, 1/4]; true class 1: dL/dz = p - onehot = [1/4, -1/2, 1/4]
    z = np.array([[0.0, math.log(2), 0.0]])
    np.testing.assert_allclose(cl.cross_entropy_grad(z, [1]), [[0.25, -0.5, 0.25]], rtol=1e-15, atol=1e-16)
    # with smoothing eps = 0.3: t' = [0.1, 0.8, 0.1], dL/dz = p - t' = [0.15, -0.3, 0.15]
    np.testing.assert_allclose(
        cl.cross_entropy_grad(z, [1], label_smoothing=0.3), [[0.15, -0.3, 0.15]], rtol=1e-14, atol=1e-16
    )
    # "mean" over two identical rows halves each row's gradient
    np.testing.assert_allclose(
        cl.cross_entropy_grad(np.repeat(z, 2, axis=0), [1, 1]), [[0.125, -0.25, 0.125]] * 2, rtol=1e-15
    )


@given(z=logits(extreme=True), data=st.data())
def test_cross_entropy_grad_rows_sum_to_zero(z, data):
    # every row of p - t' sums to 1 - 1 = 0: adding a constant to a row of logits changes no loss
    t = data.draw(st.lists(st.integers(0, z.shape[-1] - 1), min_size=z.shape[0], max_size=z.shape[0]))
    eps = data.draw(st.floats(0, 1))
    g = cl.cross_entropy_grad(z, np.array(t), label_smoothing=eps, reduction="sum")
    np.testing.assert_allclose(g.sum(axis=-1), 0.0, atol=8 * np.finfo(z.dtype).eps * z.shape[-1])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_cross_entropy_grad_is_exact_at_logits_of_plus_minus_1e4(dtype, torch_ref):
    z = np.array([[1e4, -1e4], [-1e4, 1e4]], dtype=dtype)
    t = np.array([1, 1])
    with np.errstate(**RAISE_ON_FP_ERRORS):
        dlogits = cl.cross_entropy_grad(z, t, reduction="sum")
        smoothed = cl.cross_entropy_grad(z, t, reduction="sum", label_smoothing=0.2)
    # by hand: p = [1, 0] and [0, 1]; p - onehot(1) = [1, -1] and [0, 0]
    assert np.array_equal(dlogits, [[1.0, -1.0], [0.0, 0.0]])
    # t' = [0.1, 0.9]: p - t' = [0.9, -0.9] and [-0.1, 0.1]
    np.testing.assert_allclose(smoothed, [[0.9, -0.9], [-0.1, 0.1]], rtol=1e-6)
    np.testing.assert_allclose(
        smoothed, torch_ref.cross_entropy(z, t, reduction="sum", label_smoothing=0.2)[1], rtol=1e-6
    )


def test_cross_entropy_grad_of_nan_logits_is_nan_in_their_row_only_without_warning():
    z = np.array([[np.nan, 0.0, 1.0], [0.0, 0.0, 0.0]])
    g = cl.cross_entropy_grad(z, np.array([1, 2]), reduction="sum")
    assert np.all(np.isnan(g[0]))
    np.testing.assert_allclose(g[1], [1 / 3, 1 / 3, -2 / 3], rtol=1e-15)


# --- binary_cross_entropy_grad (d/d probabilities) -------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("weight", BCE_WEIGHTS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_grad_matches_torch_autograd_for_every_keyword_combination(
    dtype, weight, reduction, rng, torch_ref, assert_close
):
    p = rng.uniform(0.01, 0.99, (6, 4)).astype(dtype)
    p[0, :2], p[1, :2] = 0.0, 1.0  # exact 0 and 1: torch clamps the denominator p (1 - p) at 1e-12
    y = rng.uniform(0, 1, (6, 4)).astype(dtype)
    y[:, 0], y[:, 1] = 1.0, 0.0
    kwargs = {"weight": bce_weight(weight, p.shape, dtype, rng), "reduction": reduction}
    with np.errstate(**RAISE_ON_FP_ERRORS):
        dprobs = cl.binary_cross_entropy_grad(p, y, **kwargs)
    _, expected = torch_ref.binary_cross_entropy(p, y, **kwargs)
    assert dprobs.dtype == dtype
    interior = (p > 0) & (p < 1)
    assert_close(dprobs[interior], expected[interior])
    # at p = 0 or 1 torch divides by float32(1e-12) = 9.99999996e-13 even in float64, course_lib by 1e-12:
    # the float64 gradients there (about 1e12) agree to 4e-9 relative, float32 ones to float32 rounding
    np.testing.assert_allclose(dprobs[~interior], expected[~interior], rtol=1e-8 if dtype == np.float64 else 1e-6)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_grad_matches_finite_differences(weighted, reduction, rng):
    p = rng.uniform(0.05, 0.95, (3, 4))
    y = rng.uniform(0, 1, (3, 4))
    w = rng.uniform(0.5, 2, 4) if weighted else None
    numeric = cl.numerical_gradient(lambda v: summed(cl.binary_cross_entropy)(v, y, weight=w, reduction=reduction), p)
    np.testing.assert_allclose(
        cl.binary_cross_entropy_grad(p, y, weight=w, reduction=reduction), numeric, rtol=1e-6, atol=1e-8
    )


def test_binary_cross_entropy_grad_is_not_p_minus_y_by_hand():
    # dl/dp = (p - y) / (p (1 - p)): at p = 0.8, y = 1 that is -0.2 / 0.16 = -1.25, while p - y = -0.2
    np.testing.assert_allclose(cl.binary_cross_entropy_grad([0.8], [1.0]), [-1.25], rtol=1e-14)
    # "mean" divides by the number of elements
    np.testing.assert_allclose(cl.binary_cross_entropy_grad([0.8, 0.5], [1.0, 0.0]), [-0.625, 1.0], rtol=1e-14)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_binary_cross_entropy_grad_at_probabilities_0_and_1_is_finite_as_in_torch(dtype):
    # by hand: (p - y) / max(p (1 - p), 1e-12) = -1e12 at p = 0, y = 1; +1e12 at p = 1, y = 0; 0 when p = y
    p = np.array([0.0, 1.0, 0.0, 1.0], dtype=dtype)
    y = np.array([1.0, 0.0, 0.0, 1.0], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        g = cl.binary_cross_entropy_grad(p, y, reduction="sum")
    np.testing.assert_allclose(g, [-1e12, 1e12, 0.0, 0.0], rtol=1e-6)


# --- binary_cross_entropy_with_logits_grad (d/d logits) --------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("weight", BCE_WEIGHTS)
@pytest.mark.parametrize("pos_weight", POS_WEIGHTS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_with_logits_grad_matches_torch_autograd_for_every_keyword_combination(
    dtype, weight, pos_weight, reduction, rng, torch_ref, assert_close
):
    z = (4 * rng.standard_normal((6, 4))).astype(dtype)
    y = rng.uniform(0, 1, (6, 4)).astype(dtype)
    y[:, 0], y[:, 1] = 1.0, 0.0
    q = bce_pos_weight(pos_weight, z.shape, dtype, rng)
    kwargs = {"weight": bce_weight(weight, z.shape, dtype, rng), "pos_weight": q, "reduction": reduction}
    dlogits = cl.binary_cross_entropy_with_logits_grad(z, y, **kwargs)
    _, expected = torch_ref.binary_cross_entropy_with_logits(z, y, **kwargs)
    assert dlogits.dtype == dtype
    assert_close(dlogits, expected)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("with_pos_weight", [False, True], ids=["no_pos_weight", "pos_weight"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_with_logits_grad_matches_finite_differences(weighted, with_pos_weight, reduction, rng):
    z = 3 * rng.standard_normal((3, 4))
    y = rng.uniform(0, 1, (3, 4))
    kwargs = {
        "weight": rng.uniform(0.5, 2, (3, 4)) if weighted else None,
        "pos_weight": rng.uniform(0.5, 4, 4) if with_pos_weight else None,
        "reduction": reduction,
    }
    numeric = cl.numerical_gradient(lambda v: summed(cl.binary_cross_entropy_with_logits)(v, y, **kwargs), z)
    np.testing.assert_allclose(cl.binary_cross_entropy_with_logits_grad(z, y, **kwargs), numeric, rtol=1e-6, atol=1e-8)


def test_binary_cross_entropy_with_logits_grad_is_sigmoid_minus_target_by_hand():
    # sigma(0) - 1 = -1/2; sigma(log 3) - 0 = 3/4; with pos_weight q: (1 + (q - 1) y) sigma - q y
    np.testing.assert_allclose(
        cl.binary_cross_entropy_with_logits_grad([0.0, math.log(3)], [1.0, 0.0], reduction="sum"),
        [-0.5, 0.75],
        rtol=1e-15,
    )
    np.testing.assert_allclose(
        cl.binary_cross_entropy_with_logits_grad([0.0], [1.0], pos_weight=[3.0], reduction="sum"),
        [3 * 0.5 - 3],
        rtol=1e-15,
    )


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_binary_cross_entropy_with_logits_grad_is_exact_at_logits_of_plus_minus_1e4(dtype):
    z = np.array([-1e4, 1e4, 1e4, -1e4], dtype=dtype)
    y = np.array([1.0, 0.0, 1.0, 0.0], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        g = cl.binary_cross_entropy_with_logits_grad(z, y, reduction="sum")
        g_q = cl.binary_cross_entropy_with_logits_grad(z, y, pos_weight=np.full(4, 2.0, dtype), reduction="sum")
    assert np.array_equal(g, [-1.0, 1.0, 0.0, 0.0])  # sigma(z) - y with sigma = 0 or 1 exactly
    assert np.array_equal(g_q, [-2.0, 1.0, 0.0, 0.0])


def test_binary_cross_entropy_grads_of_nan_are_nan_without_warning():
    x, y = np.array([np.nan, 0.5]), np.array([1.0, 1.0])
    g = cl.binary_cross_entropy_grad(x, y, reduction="sum")
    assert np.isnan(g[0]) and g[1] == -2.0  # (0.5 - 1) / 0.25
    g = cl.binary_cross_entropy_with_logits_grad(x, y, pos_weight=np.array([2.0, 2.0]), reduction="sum")
    assert np.isnan(g[0]) and np.isfinite(g[1])


# --- softmax_jacobian ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_softmax_jacobian_matches_torch_autograd_jacobian(dtype, rng, torch_ref, assert_close):
    z = (2 * rng.standard_normal(5)).astype(dtype)
    expected = torch_ref.softmax_jacobian(z)
    J = cl.softmax_jacobian(z)
    assert J.dtype == dtype and J.shape == (5, 5)
    assert_close(J, expected)


def test_softmax_jacobian_of_a_batch_stacks_the_per_sample_jacobians_of_torch(rng, torch_ref, assert_close):
    z = rng.standard_normal((2, 3, 4))
    J = cl.softmax_jacobian(z)
    assert J.shape == (2, 3, 4, 4)
    expected = torch_ref.softmax_jacobian(z)  # torch's Jacobian of each row z[i, j], at [i, j]
    assert expected.shape == (2, 3, 4, 4)
    for i in range(2):
        for j in range(3):
            assert_close(J[i, j], expected[i, j])


def test_softmax_jacobian_of_two_equal_logits_by_hand():
    # p = [1/2, 1/2]: diag(p) - p p^T = [[1/2 - 1/4, -1/4], [-1/4, 1/2 - 1/4]]
    assert np.array_equal(cl.softmax_jacobian([0.0, 0.0]), [[0.25, -0.25], [-0.25, 0.25]])


@given(z=logits(extreme=True))
def test_softmax_jacobian_is_symmetric_with_rows_summing_to_zero(z):
    J = cl.softmax_jacobian(z)
    assert J.shape == z.shape + z.shape[-1:]
    assert np.array_equal(J, np.swapaxes(J, -1, -2))
    np.testing.assert_allclose(J.sum(axis=-1), 0.0, atol=4 * np.finfo(z.dtype).eps)


@given(z=logits(dtype=np.float64, shape=(6,), bound=5.0))
def test_softmax_jacobian_has_rank_C_minus_1(z):
    # the constant direction (1, ..., 1) is its null space: shifting every logit changes no probability
    assert np.linalg.matrix_rank(cl.softmax_jacobian(z), tol=1e-10) == z.shape[-1] - 1


def test_softmax_jacobian_matches_finite_differences_of_softmax(rng):
    z = rng.standard_normal(4)
    numeric = np.stack([cl.numerical_gradient(lambda v, i=i: cl.softmax(v)[i], z) for i in range(4)])
    np.testing.assert_allclose(cl.softmax_jacobian(z), numeric, rtol=1e-7, atol=1e-9)


# --- numerical_gradient ----------------------------------------------------------------------------------


def test_numerical_gradient_of_a_cubic_is_three_x_squared_by_hand(rng):
    x = rng.standard_normal((2, 3))
    np.testing.assert_allclose(cl.numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2, rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_numerical_gradient_never_mutates_x_and_returns_its_shape(dtype, rng):
    x = rng.standard_normal((2, 3, 2)).astype(dtype)
    before = x.copy()
    seen = []

    def f(v):
        seen.append(v is x)
        assert np.array_equal(x, before), "x changed while the gradient was being estimated"
        return float(np.sum(np.sin(v)))

    g = cl.numerical_gradient(f, x)
    assert np.array_equal(x, before)
    assert not any(seen)
    assert g.shape == x.shape
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, np.cos(x.astype(np.float64)), rtol=1e-7, atol=1e-9)


def test_numerical_gradient_accepts_a_list_and_leaves_it_unchanged():
    x = [1.0, -2.0]
    assert np.array_equal(cl.numerical_gradient(lambda v: float((v**2).sum()), x).round(6), [2.0, -4.0])
    assert x == [1.0, -2.0]


def test_numerical_gradient_uses_central_differences_with_step_eps():
    # for f(v) = v^3 at 1 the central difference is ((1+h)^3 - (1-h)^3) / 2h = 3 + h^2 exactly
    g = cl.numerical_gradient(lambda v: float(v[0] ** 3), [1.0], eps=1e-2)
    np.testing.assert_allclose(g, [3.0001], rtol=1e-12)


# --- dtypes ----------------------------------------------------------------------------------------------


def gradient_calls(dtype):
    """Each gradient on small inputs of ``dtype``; integer inputs hold whole-number logits and 0/1 targets."""
    z = np.array([[1, -2, 0], [0, 3, 1]]).astype(dtype)
    p = np.array([[0, 1, 1], [1, 0, 1]]).astype(dtype)
    return {
        "cross_entropy_grad": lambda: cl.cross_entropy_grad(z, np.array([0, 2])),
        "cross_entropy_and_grad": lambda: cl.cross_entropy_and_grad(z, np.array([0, 2]))[1],
        "binary_cross_entropy_grad": lambda: cl.binary_cross_entropy_grad(p, p[::-1]),
        "binary_cross_entropy_with_logits_grad": lambda: cl.binary_cross_entropy_with_logits_grad(z, p),
        "softmax_jacobian": lambda: cl.softmax_jacobian(z),
    }


@pytest.mark.parametrize("name", list(gradient_calls(np.float64)))
@pytest.mark.parametrize(
    ("dtype_in", "dtype_out"), [(np.float32, np.float32), (np.float64, np.float64), (np.int64, np.float64)]
)
def test_gradients_keep_float32_and_float64_and_compute_integers_in_float64(name, dtype_in, dtype_out):
    grad = gradient_calls(dtype_in)[name]()
    assert grad.dtype == dtype_out
    np.testing.assert_allclose(grad, gradient_calls(np.float64)[name](), rtol=1e-6, atol=1e-7)


# --- edges the mutation run found unchecked ----------------------------------------------------------------------
# Without label smoothing, the weight of a class that no target holds takes no part, even when it is inf or nan,
# exactly as in torch; a float64 class weight leaves a float32 gradient float32.

LOGITS = np.random.default_rng(0).standard_normal((4, 3))
TARGET = np.array([0, 2, 0, 2])  # class 1 is nobody's target


@pytest.mark.parametrize("unused_weight", [np.inf, np.nan])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_the_weight_of_a_class_no_target_holds_takes_no_part_without_smoothing(unused_weight, reduction):
    weight = np.array([1.0, unused_weight, 2.0])
    z = torch.tensor(LOGITS, requires_grad=True)
    expected_loss = F.cross_entropy(z, torch.tensor(TARGET), weight=torch.tensor(weight), reduction=reduction)
    expected_loss.sum().backward()
    assert np.all(np.isfinite(expected_loss.detach().numpy())) and np.all(np.isfinite(z.grad.numpy()))

    kwargs = {"weight": weight, "reduction": reduction}
    loss = cl.cross_entropy(LOGITS, TARGET, **kwargs)
    grad = cl.cross_entropy_grad(LOGITS, TARGET, **kwargs)
    fused_loss, fused_grad = cl.cross_entropy_and_grad(LOGITS, TARGET, **kwargs)
    for actual in (loss, fused_loss):
        np.testing.assert_allclose(actual, expected_loss.detach().numpy(), rtol=1e-12)
    for actual in (grad, fused_grad):
        np.testing.assert_allclose(actual, z.grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
@pytest.mark.parametrize("soft", [False, True], ids=["class_indices", "probabilities"])
def test_gradients_with_a_float64_class_weight_keep_float32(soft, label_smoothing, reduction):
    rng = np.random.default_rng(1)
    logits = rng.normal(0.0, 3.0, (5, 3)).astype(np.float32)
    target = rng.dirichlet(np.ones(3), 5).astype(np.float32) if soft else np.array([0, 2, 1, 2, 0])
    kwargs = {"weight": np.array([0.5, 1.5, 2.0]), "reduction": reduction, "label_smoothing": label_smoothing}
    z = torch.tensor(logits, requires_grad=True)
    F.cross_entropy(
        z, torch.tensor(target), **{**kwargs, "weight": torch.tensor(kwargs["weight"], dtype=torch.float32)}
    ).sum().backward()
    grad = cl.cross_entropy_grad(logits, target, **kwargs)
    fused_loss, fused_grad = cl.cross_entropy_and_grad(logits, target, **kwargs)
    assert grad.dtype == fused_grad.dtype == fused_loss.dtype == np.float32
    for actual in (grad, fused_grad):
        np.testing.assert_allclose(actual, z.grad.numpy(), rtol=1e-5, atol=1e-7)
