"""course_lib.focal: the multiclass focal loss and its gradient against torch autograd of the documented formula,
finite differences and values by hand; gamma = 0 is cross-entropy exactly; the sigmoid focal loss against
torchvision's formula (copied below from torchvision 0.28.0, the release that pins torch 2.13.0) and mpmath;
extreme logits; dtypes; NaN."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from oracle import summed
from strategies import (
    FLOAT_DTYPES,
    FOCAL_GAMMAS,
    RAISE_ON_FP_ERRORS,
    REDUCTIONS,
    class_weights,
    logits,
    logits_and_class_indices,
    unit_interval,
)

import course_lib as cl


def torchvision_sigmoid_focal_loss(inputs, targets, alpha: float = 0.25, gamma: float = 2, reduction="none"):
    """torchvision.ops.sigmoid_focal_loss of torchvision 0.28.0 (torchvision/ops/focal_loss.py), verbatim but
    for its alpha check and its usage logging. torchvision itself is not a dependency of the tests: its wheel
    pins torch, and requirements-oracle.txt holds torch alone."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)

    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss

    if reduction == "none":
        pass
    elif reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


def stable_torch_sigmoid_focal_loss(z, y, alpha=0.25, gamma=2.0):
    """The same formula in float64 torch from logsigmoid and sigmoid(-z): the reference at extreme logits."""
    z, y = (torch.tensor(np.asarray(a, dtype=np.float64)) for a in (z, y))
    bce = -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z))
    loss = bce * (y * torch.sigmoid(-z) + (1 - y) * torch.sigmoid(z)) ** gamma
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss.numpy()


def focal_case(dtype, shape=(7, 5), seed=0):
    rng = np.random.default_rng(seed)
    z = (3 * rng.standard_normal(shape)).astype(dtype)
    return z, rng.integers(0, shape[-1], size=shape[:-1])


# --- focal_loss and focal_loss_grad: torch autograd of the formula ---------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("gamma", FOCAL_GAMMAS)
@pytest.mark.parametrize("weighted", [False, True], ids=["no_alpha", "alpha"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_focal_loss_and_its_gradient_match_torch_autograd_for_every_keyword_combination(
    dtype, gamma, weighted, reduction, torch_ref, assert_close
):
    z, t = focal_case(dtype)
    alpha = class_weights(5, dtype) if weighted else None
    kwargs = {"gamma": gamma, "alpha": alpha, "reduction": reduction}
    loss, dlogits = cl.focal_loss(z, t, **kwargs), cl.focal_loss_grad(z, t, **kwargs)
    expected_loss, expected_grad = torch_ref.focal_loss(z, t, **kwargs)
    assert np.asarray(loss).dtype == dtype and dlogits.dtype == dtype
    assert np.shape(loss) == expected_loss.shape and dlogits.shape == z.shape
    assert_close(loss, expected_loss)
    assert_close(dlogits, expected_grad)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("shape", [(3, 4, 5), (5,)], ids=["k_dim", "unbatched"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_focal_loss_matches_torch_on_k_dim_and_unbatched_logits(dtype, shape, reduction, torch_ref, assert_close):
    z, t = focal_case(dtype, shape=shape, seed=1)
    kwargs = {"gamma": 1.5, "alpha": class_weights(5, dtype), "reduction": reduction}
    expected_loss, expected_grad = torch_ref.focal_loss(z, t, **kwargs)
    assert_close(cl.focal_loss(z, t, **kwargs), expected_loss)
    assert_close(cl.focal_loss_grad(z, t, **kwargs), expected_grad)


@pytest.mark.parametrize("gamma", FOCAL_GAMMAS)
@pytest.mark.parametrize("weighted", [False, True], ids=["no_alpha", "alpha"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_focal_loss_grad_matches_finite_differences(gamma, weighted, reduction):
    z, t = focal_case(np.float64, shape=(4, 3), seed=2)
    kwargs = {"gamma": gamma, "alpha": class_weights(3, np.float64) if weighted else None, "reduction": reduction}
    numeric = cl.numerical_gradient(lambda v: summed(cl.focal_loss)(v, t, **kwargs), z)
    np.testing.assert_allclose(cl.focal_loss_grad(z, t, **kwargs), numeric, rtol=1e-6, atol=1e-8)


@given(pair=logits_and_class_indices(extreme=True), gamma=st.sampled_from([0.0, 1.0, 2.0, 3.5]))
def test_focal_loss_and_gradient_match_torch_in_float64_at_extreme_logits(pair, gamma, torch_ref):
    # torch computes the formula in float64 on the same values; gamma >= 1 keeps its autograd finite
    z, t = pair
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.focal_loss(z, t, gamma=gamma, reduction="none")
        dlogits = cl.focal_loss_grad(z, t, gamma=gamma, reduction="none")
    expected_loss, expected_grad = torch_ref.focal_loss(z, t, gamma=gamma, reduction="none", dtype=np.float64)
    assert np.all(np.isfinite(loss)) and np.all(np.isfinite(dlogits))
    # the losses round like the row's largest logit: compare relative to the row's scale, as for cross_entropy
    atol = 8 * np.finfo(z.dtype).eps * max(float(np.abs(z).max()), 1.0)
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-5 if z.dtype == np.float32 else 1e-10, atol=atol)
    np.testing.assert_allclose(dlogits, expected_grad, rtol=1e-5 if z.dtype == np.float32 else 1e-10, atol=1e-6)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_focal_loss_is_finite_and_right_at_logits_of_plus_minus_the_dtype_s_extreme(dtype):
    big = 1e4 if dtype == np.float64 else 80.0
    z = np.array([[big, -big, 0.0], [-big, big, 0.0], [big, big, -big]], dtype=dtype)
    t = np.array([0, 0, 2])
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.focal_loss(z, t, gamma=2.0, reduction="none")
        dlogits = cl.focal_loss_grad(z, t, gamma=0.5, reduction="none")
    # row 0: p_y = 1, so 0; row 1: p_y = e^(-2 big), so about (1)^2 * 2 big; row 2: -log p_y = 2 big + log 2
    np.testing.assert_allclose(loss, [0.0, 2 * big, 2 * big + math.log(2)], rtol=1e-6)
    assert np.all(np.isfinite(dlogits))
    np.testing.assert_array_equal(dlogits[0], 0.0)  # a certain, correct sample: no gradient, even for gamma < 1


def test_focal_loss_grad_is_0_for_a_certain_correct_sample_where_naive_autograd_gives_nan(torch_ref):
    # d/dx x^0.5 = inf at x = 1 - p_y = 0, times 0 from the chain rule: torch's autograd of the formula gives nan
    z, t = np.array([[50.0, 0.0]]), np.array([0])
    _, naive = torch_ref.focal_loss(z, t, gamma=0.5)
    assert np.isnan(naive).all()
    np.testing.assert_array_equal(cl.focal_loss_grad(z, t, gamma=0.5), [[0.0, 0.0]])


# --- focal_loss: gamma = 0 is cross-entropy; values by hand ----------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("shape", [(7, 5), (3, 4, 5), (5,), (0, 5)], ids=["2d", "k_dim", "unbatched", "empty"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gamma_0_without_alpha_is_exactly_cross_entropy_and_its_gradient(dtype, shape, reduction):
    z, t = focal_case(dtype, shape=shape, seed=3)
    loss = cl.focal_loss(z, t, gamma=0.0, reduction=reduction)
    expected = cl.cross_entropy(z, t, reduction=reduction)
    assert np.asarray(loss).dtype == np.asarray(expected).dtype
    np.testing.assert_array_equal(loss, expected)  # bit for bit (nan = nan for the empty mean)
    np.testing.assert_array_equal(
        cl.focal_loss_grad(z, t, gamma=0.0, reduction=reduction), cl.cross_entropy_grad(z, t, reduction=reduction)
    )


def test_gamma_0_with_alpha_sums_like_weighted_cross_entropy_but_means_over_samples():
    z, t = focal_case(np.float64, seed=4)
    alpha = class_weights(5, np.float64)
    summed_ce = cl.cross_entropy(z, t, weight=alpha, reduction="sum")
    np.testing.assert_allclose(cl.focal_loss(z, t, gamma=0.0, alpha=alpha, reduction="sum"), summed_ce, rtol=1e-14)
    # "mean" divides by N = 7, where cross_entropy's weighted mean divides by sum_i alpha[y_i]
    np.testing.assert_allclose(cl.focal_loss(z, t, gamma=0.0, alpha=alpha), summed_ce / 7, rtol=1e-14)
    assert not np.isclose(cl.focal_loss(z, t, gamma=0.0, alpha=alpha), cl.cross_entropy(z, t, weight=alpha))


def test_focal_loss_by_hand():
    # logits (log 9, 0): p_y = 0.9 for class 0, 0.1 for class 1; gamma 2, alpha (0.25, 0.75)
    # class 0: -0.25 (0.1)^2 log 0.9;  class 1: -0.75 (0.9)^2 log 0.1
    z = np.array([[math.log(9.0), 0.0], [math.log(9.0), 0.0]])
    loss = cl.focal_loss(z, np.array([0, 1]), gamma=2.0, alpha=np.array([0.25, 0.75]), reduction="none")
    np.testing.assert_allclose(loss, [-0.25 * 0.01 * math.log(0.9), -0.75 * 0.81 * math.log(0.1)], rtol=1e-14)


def test_focal_loss_grad_by_hand():
    # dFL/dz = (1 - p_y)^gamma [1 - gamma p_y log p_y / (1 - p_y)] (p - onehot(y)), with p_y = 0.9, gamma = 2:
    # 0.01 [1 - 2 * 0.9 log 0.9 / 0.1] (0.9 - 1, 0.1)
    z = np.array([[math.log(9.0), 0.0]])
    factor = 0.01 * (1 - 2 * 0.9 * math.log(0.9) / 0.1)
    np.testing.assert_allclose(cl.focal_loss_grad(z, np.array([0])), [[-0.1 * factor, 0.1 * factor]], rtol=1e-13)


@given(pair=logits_and_class_indices(), gamma=st.floats(0, 10))
def test_focal_loss_is_between_0_and_cross_entropy_and_falls_as_gamma_grows(pair, gamma):
    z, t = pair
    ce = cl.cross_entropy(z, t, reduction="none")
    loss = cl.focal_loss(z, t, gamma=gamma, reduction="none")
    assert np.all(loss >= 0) and np.all(loss <= ce)
    assert np.all(cl.focal_loss(z, t, gamma=gamma + 1, reduction="none") <= loss)


@given(pair=logits_and_class_indices(), gamma=st.sampled_from(FOCAL_GAMMAS))
def test_focal_loss_grad_rows_sum_to_zero_and_point_like_cross_entropy(pair, gamma):
    # the gradient is a non-negative multiple of p - onehot(y): rows sum to 0, and the signs agree
    z, t = pair
    g = cl.focal_loss_grad(z, t, gamma=gamma, reduction="none")
    ce = cl.cross_entropy_grad(z, t, reduction="none")
    np.testing.assert_allclose(g.sum(axis=-1), 0, atol=1e-5 if z.dtype == np.float32 else 1e-12)
    assert np.all(g * ce >= 0)


def test_focal_loss_keeps_float32_and_float64_and_computes_integers_in_float64_and_float16_in_float32():
    t = np.array([0, 1])
    for dtype_in, dtype_out in [(np.float32, np.float32), (np.float64, np.float64), (np.int64, np.float64)]:
        z = np.array([[1, 0], [0, 2]], dtype=dtype_in)
        assert np.asarray(cl.focal_loss(z, t)).dtype == dtype_out
        assert cl.focal_loss_grad(z, t).dtype == dtype_out
    assert np.asarray(cl.focal_loss(np.zeros((2, 2), np.float16), t)).dtype == np.float32


def test_focal_loss_of_nan_logits_is_nan_in_their_row_only_without_warning():
    z = np.array([[1.0, np.nan, 0.0], [1.0, 2.0, 0.0]])
    t = np.array([0, 1])
    loss = cl.focal_loss(z, t, reduction="none")
    g = cl.focal_loss_grad(z, t, reduction="none")
    assert np.isnan(loss[0]) and np.isfinite(loss[1])
    assert np.isnan(g[0]).all() and np.isfinite(g[1]).all()


# --- sigmoid_focal_loss: torchvision's formula -----------------------------------------------------------


def sigmoid_case(dtype, shape=(6, 4), seed=0, soft=False):
    rng = np.random.default_rng(seed)
    z = (3 * rng.standard_normal(shape)).astype(dtype)
    y = rng.random(shape) if soft else rng.integers(0, 2, shape).astype(float)
    return z, y.astype(dtype)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("alpha", [0.25, 0.0, 0.5, 1.0, -1.0])
@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("soft", [False, True], ids=["hard", "soft"])
def test_sigmoid_focal_loss_matches_torchvision_for_every_keyword_combination(
    dtype, alpha, gamma, reduction, soft, assert_close
):
    # torchvision's formula in float64 on the same values: in float32 its 1 - p_t rounds (see the test below)
    z, y = sigmoid_case(dtype, soft=soft)
    loss = cl.sigmoid_focal_loss(z, y, alpha=alpha, gamma=gamma, reduction=reduction)
    zt, yt = torch.tensor(z.astype(np.float64)), torch.tensor(y.astype(np.float64))
    expected = torchvision_sigmoid_focal_loss(zt, yt, alpha=alpha, gamma=gamma, reduction=reduction).numpy()
    assert np.asarray(loss).dtype == dtype
    assert np.shape(loss) == expected.shape
    assert_close(loss, expected, dtype=dtype)


def test_sigmoid_focal_loss_defaults_are_torchvision_s():
    z, y = sigmoid_case(np.float64, shape=(3, 2, 5), seed=1)
    expected = torchvision_sigmoid_focal_loss(torch.tensor(z), torch.tensor(y)).numpy()
    loss = cl.sigmoid_focal_loss(z, y)  # alpha 0.25, gamma 2, reduction "none"
    assert loss.shape == z.shape
    np.testing.assert_allclose(loss, expected, rtol=1e-10, atol=1e-15)


def test_sigmoid_focal_loss_in_float32_is_closer_to_the_truth_than_torchvision_s_float32():
    # easy examples (|z| large, right sign): torchvision's 1 - p_t = 1 - sigmoid(z) rounds in float32
    z = np.array([6.0, 9.0, 12.0, -7.0, -10.0], dtype=np.float32)
    y = np.array([1.0, 1.0, 1.0, 0.0, 0.0], dtype=np.float32)
    truth = stable_torch_sigmoid_focal_loss(z, y)
    ours = cl.sigmoid_focal_loss(z, y)
    theirs = torchvision_sigmoid_focal_loss(torch.tensor(z), torch.tensor(y)).numpy()
    np.testing.assert_allclose(ours, truth, rtol=1e-5)
    assert np.all(np.abs(ours - truth) <= np.abs(theirs - truth))
    assert np.max(np.abs(theirs / truth - 1)) > 1e-3  # torchvision's relative error here


@pytest.mark.parametrize(
    ("z", "y"),
    [(20.0, 1.0), (-30.0, 0.0), (2.0, 0.0), (-3.0, 1.0), (0.5, 0.3), (40.0, 0.0), (-40.0, 1.0)],
)
def test_sigmoid_focal_loss_matches_mpmath_to_full_relative_precision(z, y):
    # computed with mpmath at 50 digits from the definition: sigma, log, and the products, nothing cancelled
    mpmath.mp.dps = 50
    p = 1 / (1 + mpmath.e ** (-mpmath.mpf(z)))
    p_t = p * y + (1 - p) * (1 - y)
    bce = -(y * mpmath.log(p) + (1 - y) * mpmath.log(1 - p))
    truth = float((0.25 * y + 0.75 * (1 - y)) * (1 - p_t) ** 2 * bce)
    assert cl.sigmoid_focal_loss(np.array([z]), np.array([y]))[0] == pytest.approx(truth, rel=1e-13)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_sigmoid_focal_loss_is_finite_and_right_at_logits_of_plus_minus_the_dtype_s_extreme(dtype):
    big = 1e4 if dtype == np.float64 else 80.0
    z = np.array([big, big, -big, -big, big], dtype=dtype)
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.5], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.sigmoid_focal_loss(z, y, alpha=-1)
    np.testing.assert_allclose(loss, stable_torch_sigmoid_focal_loss(z, y, alpha=-1), rtol=1e-6, atol=1e-30)
    # wrong and certain costs |z|; right and certain costs 0; a soft target 1/2 costs |z| / 2 times (1/2)^2
    np.testing.assert_allclose(loss, [0.0, big, big, 0.0, big / 8], rtol=1e-6, atol=1e-30)


@given(z=logits(extreme=True), data=st.data(), gamma=st.sampled_from([0.0, 0.5, 2.0]))
def test_sigmoid_focal_loss_matches_the_stable_formula_at_extreme_logits(z, data, gamma):
    y = data.draw(unit_interval(z.shape, z.dtype))
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.sigmoid_focal_loss(z, y, gamma=gamma)
    atol = 8 * np.finfo(z.dtype).eps * max(float(np.abs(z).max()), 1.0)
    rtol = 1e-5 if z.dtype == np.float32 else 1e-10
    np.testing.assert_allclose(loss, stable_torch_sigmoid_focal_loss(z, y, gamma=gamma), rtol=rtol, atol=atol)


def test_sigmoid_focal_loss_alpha_negative_or_none_disables_alpha():
    z, y = sigmoid_case(np.float64, seed=2)
    off = cl.sigmoid_focal_loss(z, y, alpha=-1)
    np.testing.assert_array_equal(cl.sigmoid_focal_loss(z, y, alpha=None), off)
    np.testing.assert_array_equal(cl.sigmoid_focal_loss(z, y, alpha=-0.5), off)
    np.testing.assert_allclose(cl.sigmoid_focal_loss(z, y, alpha=0.5), off / 2, rtol=1e-15)


def test_sigmoid_focal_loss_with_gamma_0_and_no_alpha_is_binary_cross_entropy_with_logits():
    z, y = sigmoid_case(np.float64, seed=3, soft=True)
    np.testing.assert_allclose(
        cl.sigmoid_focal_loss(z, y, alpha=-1, gamma=0.0, reduction="mean"),
        cl.binary_cross_entropy_with_logits(z, y),
        rtol=1e-14,
    )


def test_sigmoid_focal_loss_of_nan_is_nan_where_it_is_without_warning():
    loss = cl.sigmoid_focal_loss(np.array([np.nan, 1.0]), np.array([1.0, 0.0]))
    assert np.isnan(loss[0]) and np.isfinite(loss[1])


def test_sigmoid_focal_loss_keeps_float32_and_computes_integers_in_float64():
    y = np.array([1.0, 0.0])
    assert cl.sigmoid_focal_loss(np.array([1.0, 2.0], np.float32), y).dtype == np.float32
    assert cl.sigmoid_focal_loss(np.array([1, 2]), y).dtype == np.float64
