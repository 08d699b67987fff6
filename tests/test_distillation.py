"""course_lib.distillation: the distillation loss against torch's kl_div(log_target=True) * T**2 for every
reduction and temperature, its gradient against torch autograd and finite differences, values by hand, the
T^2 scaling, extreme logits, dtypes and NaN."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from oracle import summed
from strategies import FLOAT_DTYPES, RAISE_ON_FP_ERRORS, TEMPERATURES, row_shifts, student_and_teacher_logits

import course_lib as cl

KL_REDUCTIONS = ("batchmean", "sum", "mean", "none")


def distillation_case(dtype, shape=(6, 5), seed=0):
    rng = np.random.default_rng(seed)
    return tuple((3 * rng.standard_normal(shape)).astype(dtype) for _ in range(2))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("temperature", TEMPERATURES)
@pytest.mark.parametrize("reduction", KL_REDUCTIONS)
def test_distillation_loss_and_gradient_match_torch_kl_div_times_t_squared(
    dtype, temperature, reduction, torch_ref, assert_close
):
    s, t = distillation_case(dtype)
    loss = cl.distillation_loss(s, t, temperature=temperature, reduction=reduction)
    dstudent = cl.distillation_loss_grad(s, t, temperature=temperature, reduction=reduction)
    expected_loss, expected_grad = torch_ref.distillation_loss(s, t, temperature, reduction)
    assert np.asarray(loss).dtype == dtype and dstudent.dtype == dtype
    assert np.shape(loss) == expected_loss.shape and dstudent.shape == s.shape
    # each element is T^2 times a difference of two log-probabilities: it rounds like T^2 eps max|log q|, and
    # torch's exp and log differ from numpy's by an ulp, which float32 at T = 20 (T^2 = 400) makes visible
    log_q = cl.log_softmax(t.astype(np.float64) / temperature)
    per_element = 8 * np.finfo(dtype).eps * temperature**2 * max(1.0, float(np.abs(log_q).max()))
    summed_over = {"none": 1, "mean": 1, "batchmean": s.shape[-1], "sum": s.size}[reduction]
    np.testing.assert_allclose(
        loss, expected_loss, rtol=1e-5 if dtype == np.float32 else 1e-10, atol=max(per_element * summed_over, 1e-12)
    )
    assert_close(dstudent, expected_grad)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("shape", [(3, 4, 5), (5,), (0, 5)], ids=["k_dim", "unbatched", "empty"])
@pytest.mark.parametrize("reduction", KL_REDUCTIONS)
def test_distillation_loss_matches_torch_on_k_dim_unbatched_and_empty_logits(
    dtype, shape, reduction, torch_ref, assert_close
):
    # "batchmean" divides by the first axis: N for (N, d1, C), C for unbatched (C,), and 0 (nan) for none
    s, t = distillation_case(dtype, shape=shape, seed=1)
    expected_loss, expected_grad = torch_ref.distillation_loss(s, t, 2.0, reduction)
    loss = cl.distillation_loss(s, t, temperature=2.0, reduction=reduction)  # filterwarnings = error: no 0 / 0 warning
    np.testing.assert_array_equal(np.isnan(loss), np.isnan(expected_loss))
    assert_close(np.nan_to_num(loss), np.nan_to_num(expected_loss))
    assert_close(cl.distillation_loss_grad(s, t, temperature=2.0, reduction=reduction), expected_grad)


@pytest.mark.parametrize("temperature", TEMPERATURES)
@pytest.mark.parametrize("reduction", KL_REDUCTIONS)
def test_distillation_loss_grad_matches_finite_differences(temperature, reduction):
    s, t = distillation_case(np.float64, shape=(4, 3), seed=2)
    kwargs = {"temperature": temperature, "reduction": reduction}
    numeric = cl.numerical_gradient(lambda v: summed(cl.distillation_loss)(v, t, **kwargs), s)
    np.testing.assert_allclose(cl.distillation_loss_grad(s, t, **kwargs), numeric, rtol=1e-6, atol=1e-8)


@given(pair=student_and_teacher_logits(extreme=True), temperature=st.sampled_from(TEMPERATURES))
def test_distillation_loss_and_gradient_match_torch_in_float64_at_extreme_logits(pair, temperature, torch_ref):
    s, t = pair
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.distillation_loss(s, t, temperature=temperature, reduction="none")
        dstudent = cl.distillation_loss_grad(s, t, temperature=temperature, reduction="none")
    expected_loss, expected_grad = torch_ref.distillation_loss(s, t, temperature, "none", dtype=np.float64)
    assert np.all(np.isfinite(loss)) and np.all(np.isfinite(dstudent))
    # each term rounds like the scaled logits it subtracts, times T^2
    scale = max(float(np.abs(s).max()), float(np.abs(t).max()), 1.0) * temperature
    atol = 8 * np.finfo(s.dtype).eps * scale
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-5 if s.dtype == np.float32 else 1e-10, atol=atol)
    np.testing.assert_allclose(dstudent, expected_grad, rtol=1e-5 if s.dtype == np.float32 else 1e-10, atol=atol)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_distillation_loss_is_finite_and_right_at_logits_of_plus_minus_the_dtype_s_extreme(dtype):
    big = 1e4 if dtype == np.float64 else 80.0
    s = np.array([[big, -big], [-big, big], [0.0, 0.0]], dtype=dtype)
    t = np.array([[big, -big], [big, -big], [big, -big]], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.distillation_loss(s, t, reduction="none").sum(axis=-1)
        dstudent = cl.distillation_loss_grad(s, t, reduction="none")
    # KL(one-hot on class 0 || p) = -log p_0: 0 for the copy, 2 big for the opposite, log 2 for the uniform student
    np.testing.assert_allclose(loss, [0.0, 2 * big, math.log(2)], rtol=1e-6)
    np.testing.assert_allclose(dstudent, [[0.0, 0.0], [-1.0, 1.0], [-0.5, 0.5]], atol=1e-7)


# --- by hand and properties ------------------------------------------------------------------------------


def test_distillation_loss_by_hand():
    # q = softmax((log 3, 0)) = (3/4, 1/4), p = (1/2, 1/2): KL = 3/4 log(3/2) + 1/4 log(1/2)
    kl = 0.75 * math.log(1.5) + 0.25 * math.log(0.5)
    s, t = np.array([[0.0, 0.0]]), np.array([[math.log(3.0), 0.0]])
    assert cl.distillation_loss(s, t) == pytest.approx(kl, rel=1e-14)
    # at T = 2 both are divided by 2 first: q = softmax((log 3 / 2, 0)) = (sqrt3, 1) / (sqrt3 + 1), and times 4
    q0 = math.sqrt(3) / (math.sqrt(3) + 1)
    kl2 = q0 * math.log(2 * q0) + (1 - q0) * math.log(2 * (1 - q0))
    assert cl.distillation_loss(s, t, temperature=2.0) == pytest.approx(4 * kl2, rel=1e-14)
    np.testing.assert_allclose(cl.distillation_loss_grad(s, t, temperature=2.0), [[2 * (0.5 - q0), 2 * (q0 - 0.5)]])


def test_the_none_reduction_keeps_every_element_and_batchmean_is_the_mean_kl_per_sample():
    s, t = distillation_case(np.float64, seed=3)
    elements = cl.distillation_loss(s, t, reduction="none")
    assert elements.shape == s.shape
    assert cl.distillation_loss(s, t) == pytest.approx(elements.sum(axis=-1).mean(), rel=1e-14)
    assert cl.distillation_loss(s, t, reduction="mean") == pytest.approx(elements.mean(), rel=1e-14)


@given(pair=student_and_teacher_logits(), temperature=st.floats(0.1, 50))
def test_distillation_loss_is_non_negative_and_zero_for_a_student_that_copies_its_teacher(pair, temperature):
    s, t = pair
    tol = 1e-4 if s.dtype == np.float32 else 1e-10
    assert cl.distillation_loss(s, t, temperature=temperature, reduction="sum") >= -tol * temperature**2
    assert cl.distillation_loss(t, t, temperature=temperature) == 0.0
    np.testing.assert_array_equal(cl.distillation_loss_grad(t, t, temperature=temperature), 0.0)


@given(pair=student_and_teacher_logits(dtype=np.float64), data=st.data())
def test_distillation_loss_is_invariant_to_adding_a_constant_to_a_row(pair, data):
    s, t = pair
    shift_s = data.draw(row_shifts(s.shape[0], s.dtype))
    shift_t = data.draw(row_shifts(s.shape[0], s.dtype))
    np.testing.assert_allclose(
        cl.distillation_loss(s + shift_s, t + shift_t, temperature=3.0, reduction="none"),
        cl.distillation_loss(s, t, temperature=3.0, reduction="none"),
        rtol=1e-8,
        atol=1e-10,
    )


@given(pair=student_and_teacher_logits(dtype=np.float64), temperature=st.floats(0.1, 20))
def test_distillation_loss_grad_rows_sum_to_zero(pair, temperature):
    s, t = pair
    g = cl.distillation_loss_grad(s, t, temperature=temperature, reduction="sum")
    np.testing.assert_allclose(g.sum(axis=-1), 0, atol=1e-12 * temperature)


def test_the_t_squared_factor_keeps_the_gradient_scale_at_high_temperature():
    # for large T, T (p - q) -> ((s - mean s) - (t - mean t)) / C: the gradient does not vanish as T grows
    s, t = distillation_case(np.float64, seed=4)
    n, n_classes = s.shape
    limit = ((s - s.mean(axis=-1, keepdims=True)) - (t - t.mean(axis=-1, keepdims=True))) / n_classes / n
    for temperature in (1e2, 1e3, 1e4):
        g = cl.distillation_loss_grad(s, t, temperature=temperature)
        np.testing.assert_allclose(g, limit, rtol=30 / temperature, atol=1e-12)
    # without the T^2 the gradient would shrink like 1 / T^2
    g1, g100 = (cl.distillation_loss_grad(s, t, temperature=v) for v in (1.0, 100.0))
    assert 0.05 < np.abs(g100).max() / np.abs(g1).max() < 20


# --- dtypes and NaN --------------------------------------------------------------------------------------


def test_distillation_keeps_the_student_s_dtype_and_computes_the_teacher_in_it():
    s, t = distillation_case(np.float32, seed=5)
    loss = cl.distillation_loss(s, t.astype(np.float64), temperature=2.0)
    assert np.asarray(loss).dtype == np.float32
    assert cl.distillation_loss_grad(s, t.astype(np.float64)).dtype == np.float32
    assert np.asarray(cl.distillation_loss(np.array([[1, 2]]), np.array([[0, 0]]))).dtype == np.float64
    assert np.asarray(cl.distillation_loss(s.astype(np.float16), t)).dtype == np.float32


def test_distillation_loss_of_nan_logits_is_nan_in_their_row_only_without_warning():
    s = np.array([[1.0, np.nan], [1.0, 2.0]])
    t = np.array([[0.0, 1.0], [2.0, 1.0]])
    loss = cl.distillation_loss(s, t, reduction="none")
    g = cl.distillation_loss_grad(s, t, reduction="none")
    assert np.isnan(loss[0]).all() and np.isfinite(loss[1]).all()
    assert np.isnan(g[0]).all() and np.isfinite(g[1]).all()
    assert np.isnan(cl.distillation_loss(t, s))


def test_distillation_loss_grad_of_two_samples_divides_by_2_for_batchmean_and_mean():
    # p = (1/2, 1/2) and q = (3/4, 1/4) or (1/4, 3/4) at T = 1, so p - q = +-(-1/4, 1/4) by hand
    s = np.zeros((2, 2))
    t = np.array([[math.log(3.0), 0.0], [0.0, math.log(3.0)]])
    p_minus_q = np.array([[-0.25, 0.25], [0.25, -0.25]])
    np.testing.assert_allclose(cl.distillation_loss_grad(s, t), p_minus_q / 2, rtol=1e-15)  # batchmean: N = 2
    np.testing.assert_allclose(cl.distillation_loss_grad(s, t, reduction="sum"), p_minus_q, rtol=1e-15)
    # an unbatched row (C,) = (2,): "batchmean" divides by its first axis, C = 2, as torch; "mean" by 2 elements
    for reduction in ("batchmean", "mean"):
        np.testing.assert_allclose(
            cl.distillation_loss_grad(s[0], t[0], reduction=reduction), p_minus_q[0] / 2, rtol=1e-15
        )
