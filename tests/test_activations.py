"""course_lib.activations: known values, hypothesis properties, dtypes, extremes and PyTorch parity."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from strategies import RAISE_ON_FP_ERRORS, class_indices, dtypes, logits, row_shifts

import course_lib as cl

# --- mpmath references at 50 significant digits, rounded once to float64 -------------------------------


def mp_sigmoid(z: float) -> float:
    with mpmath.workdps(50):
        return float(1 / (1 + mpmath.exp(-mpmath.mpf(z))))


def mp_log_sigmoid(z: float) -> float:
    with mpmath.workdps(50):
        return float(-mpmath.log1p(mpmath.exp(-mpmath.mpf(z))))  # log1p: 1 + e^-100 would round at 50 digits


def mp_logsumexp(row) -> float:
    with mpmath.workdps(50):
        return float(mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in row)))


# --- known values ----------------------------------------------------------------------------------------


def test_sigmoid_known_values_by_hand():
    # by hand: sigma(0) = 1/2; sigma(log 3) = 1 / (1 + 1/3) = 3/4; sigma(-log 3) = 1/4
    np.testing.assert_allclose(cl.sigmoid([0.0, math.log(3), -math.log(3)]), [0.5, 0.75, 0.25], rtol=1e-15)


@pytest.mark.parametrize("z", [-700.0, -100.0, -20.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 20.0, 100.0, 700.0])
def test_sigmoid_matches_mpmath(z):
    np.testing.assert_allclose(cl.sigmoid(z), mp_sigmoid(z), rtol=1e-15, atol=0)


@pytest.mark.parametrize("z", [-1e4, -700.0, -100.0, -40.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 40.0, 100.0, 700.0, 1e4])
def test_log_sigmoid_matches_mpmath_at_extremes_in_float64(z):
    # the naive log(sigmoid(z)) is log(0) = -inf below z = -745; the value is z - log1p(exp(z)), about z
    with np.errstate(**RAISE_ON_FP_ERRORS):
        np.testing.assert_allclose(cl.log_sigmoid(z), mp_log_sigmoid(z), rtol=1e-15, atol=0)


@pytest.mark.parametrize("z", [-1e4, -100.0, -80.0, -10.0, 0.0, 10.0, 80.0, 100.0, 1e4])
def test_log_sigmoid_matches_mpmath_at_extremes_in_float32(z):
    with np.errstate(**RAISE_ON_FP_ERRORS):
        out = cl.log_sigmoid(np.float32(z))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, np.float32(mp_log_sigmoid(z)), rtol=1e-6, atol=0)


def test_softmax_known_values_by_hand():
    # by hand: equal logits give the uniform distribution; softmax([0, log 3]) = [1, 3] / 4
    assert np.array_equal(cl.softmax([1.0, 1.0, 1.0, 1.0]), [0.25, 0.25, 0.25, 0.25])
    np.testing.assert_allclose(cl.softmax([0.0, math.log(3)]), [0.25, 0.75], rtol=1e-15)


def test_logsumexp_known_values_by_hand():
    # by hand: log(e^1000 + e^1000) = 1000 + log 2, where the naive form overflows; log(C * e^0) = log C
    with np.errstate(**RAISE_ON_FP_ERRORS):
        assert cl.logsumexp([1000.0, 1000.0]) == 1000.0 + math.log(2)
        np.testing.assert_allclose(cl.logsumexp(np.zeros(7)), math.log(7), rtol=1e-15)
        assert cl.logsumexp([-np.inf, -np.inf]) == -np.inf  # the log of an empty sum, as torch.logsumexp
        assert cl.logsumexp([0.0, -np.inf]) == 0.0


@given(z=logits(dtype=np.float64, bound=50.0))
def test_logsumexp_matches_mpmath(z):
    expected = [mp_logsumexp(row) for row in z]
    np.testing.assert_allclose(cl.logsumexp(z), expected, rtol=1e-14, atol=1e-14)


def test_log_softmax_known_values_by_hand():
    # by hand: log_softmax([0, 1000]) = [-1000 - log(1 + e^-1000), -log(1 + e^-1000)] = [-1000, 0] in float64,
    # where log(softmax) would give log(0) = -inf for the first entry
    with np.errstate(**RAISE_ON_FP_ERRORS):
        assert np.array_equal(cl.log_softmax([0.0, 1000.0]), [-1000.0, 0.0])
    np.testing.assert_allclose(cl.log_softmax([0.0, math.log(3)]), [math.log(0.25), math.log(0.75)], rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activations_are_exact_and_finite_at_logits_of_1e4(dtype):
    z = np.array([1e4, -1e4], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        assert np.array_equal(cl.sigmoid(z), [1.0, 0.0])
        assert np.array_equal(cl.log_sigmoid(z), [0.0, -1e4])  # log sigma(-1e4) = -1e4 - log1p(e^-1e4)
        assert np.array_equal(cl.softmax(z), [1.0, 0.0])
        assert np.array_equal(cl.log_softmax(z), [0.0, -2e4])  # -2e4 - log1p(e^-2e4)
        assert cl.logsumexp(z) == 1e4
        assert cl.logsumexp(np.array([1e4, 1e4], dtype=dtype)) == dtype(1e4 + math.log(2))


def test_activations_are_exact_at_logits_of_80_in_float32():
    # exp(+-80) is within float32 range, but 1 - sigma(80) rounds to 0, so the naive log(1 - sigma(80)) is -inf
    z = np.array([80.0, -80.0], dtype=np.float32)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        log_one_minus_p = cl.log_sigmoid(-z)  # log(1 - sigma(z))
        assert np.array_equal(cl.log_softmax(z), np.array([0.0, -160.0], dtype=np.float32))
        assert cl.logsumexp(z) == np.float32(80.0)
    # mpmath: log(1 - sigma(80)) = -80 - log1p(e^-80), which is -80 in float32; log(1 - sigma(-80)) = -1.80485e-35
    expected = np.array([mp_log_sigmoid(-80.0), mp_log_sigmoid(80.0)], dtype=np.float32)
    assert expected[0] == -80.0
    np.testing.assert_allclose(log_one_minus_p, expected, rtol=1e-6, atol=0)


# --- properties ------------------------------------------------------------------------------------------


@given(z=logits(extreme=True))
def test_softmax_rows_are_probability_distributions(z):
    p = cl.softmax(z)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=2e-6 if z.dtype == np.float32 else 1e-14)


@given(data=st.data())
def test_softmax_is_invariant_to_row_shifts(data):
    z = data.draw(logits(dtype=np.float64, bound=50.0))
    c = data.draw(row_shifts(z.shape[0], np.float64))
    # z + c rounds each logit by at most 2^-53 * 150, so the probabilities move by about 1e-14 at most
    np.testing.assert_allclose(cl.softmax(z + c), cl.softmax(z), rtol=0, atol=1e-12)


@given(z=logits(extreme=True))
def test_logsumexp_lies_between_max_and_max_plus_log_C(z):
    lse = cl.logsumexp(z)
    m = z.max(axis=-1)
    n_classes = z.shape[-1]
    assert np.all(lse >= m)
    slack = 4 * np.finfo(z.dtype).eps * np.maximum(np.abs(m), 1)
    assert np.all(lse <= m + np.log(n_classes) + slack)


@given(z=logits(extreme=True))
def test_log_softmax_equals_logits_minus_logsumexp(z):
    # z - logsumexp(z) is exact up to the rounding of logsumexp, a few ulps of max|z|
    atol = 4 * np.finfo(z.dtype).eps * max(1.0, float(np.abs(z).max()))
    np.testing.assert_allclose(cl.log_softmax(z), z - cl.logsumexp(z, keepdims=True), rtol=0, atol=atol)


@given(z=logits(bound=20.0))
def test_log_softmax_is_the_log_of_softmax_where_nothing_underflows(z, assert_close):
    assert_close(cl.log_softmax(z), np.log(cl.softmax(z)))


@given(z=logits(extreme=True))
def test_sigmoid_of_minus_z_is_one_minus_sigmoid_of_z(z):
    # 1 - sigma(z) rounds once, so the two sides agree to an ulp of 1
    np.testing.assert_allclose(cl.sigmoid(-z), 1 - cl.sigmoid(z), rtol=0, atol=2 * np.finfo(z.dtype).eps)


@given(z=logits(bound=30.0))
def test_log_sigmoid_is_the_log_of_sigmoid_where_nothing_underflows(z, assert_close):
    assert_close(cl.log_sigmoid(z), np.log(cl.sigmoid(z)))


@given(z=logits(extreme=True))
def test_log_sigmoid_of_minus_z_equals_log_sigmoid_of_z_minus_z(z, assert_close):
    # log(1 - sigma(z)) = log_sigmoid(-z) = log_sigmoid(z) - z: the identity BCE with logits relies on
    assert_close(cl.log_sigmoid(-z), cl.log_sigmoid(z) - z)


@given(z=logits(extreme=True, shape=(5,)))
def test_sigmoid_is_the_softmax_of_two_logits_z_and_0(z):
    pairs = np.stack([z, np.zeros_like(z)], axis=-1)
    np.testing.assert_allclose(cl.sigmoid(z), cl.softmax(pairs)[:, 0], rtol=1e-6, atol=1e-7)


@given(z=logits(dtype=np.float64, shape=(4, 3, 5), bound=50.0))
def test_softmax_along_a_given_axis_equals_softmax_of_that_axis_moved_last(z):
    for axis in (0, 1):
        moved = np.moveaxis(cl.softmax(np.moveaxis(z, axis, -1)), -1, axis)
        np.testing.assert_allclose(cl.softmax(z, axis=axis), moved, rtol=1e-15, atol=0)
        np.testing.assert_allclose(
            cl.log_softmax(z, axis=axis), np.moveaxis(cl.log_softmax(np.moveaxis(z, axis, -1)), -1, axis), rtol=1e-15
        )
        np.testing.assert_allclose(cl.logsumexp(z, axis=axis), cl.logsumexp(np.moveaxis(z, axis, -1)), rtol=1e-15)


def test_logsumexp_keepdims_keeps_the_reduced_axis_with_length_1(rng):
    z = rng.standard_normal((2, 3, 4))
    assert cl.logsumexp(z).shape == (2, 3)
    assert cl.logsumexp(z, keepdims=True).shape == (2, 3, 1)
    assert cl.logsumexp(z, axis=1, keepdims=True).shape == (2, 1, 4)
    np.testing.assert_allclose(cl.logsumexp(z, keepdims=True)[..., 0], np.log(np.exp(z).sum(axis=-1)), rtol=1e-14)


# --- one_hot ---------------------------------------------------------------------------------------------


def test_one_hot_known_values_by_hand():
    assert np.array_equal(cl.one_hot([2, 0], 3), [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    assert cl.one_hot([2, 0], 3).dtype == np.float64
    assert cl.one_hot([1], 2, dtype=np.float32).dtype == np.float32


@given(st.data())
def test_one_hot_has_a_single_one_at_the_label(data):
    n_classes = data.draw(st.integers(1, 6))
    labels = data.draw(class_indices((3, 4), n_classes))
    y = cl.one_hot(labels, n_classes)
    assert y.shape == (3, 4, n_classes)
    assert np.array_equal(y.sum(axis=-1), np.ones((3, 4)))
    assert np.array_equal(np.argmax(y, axis=-1), labels)
    assert set(np.unique(y)) <= {0.0, 1.0}


@given(st.data())
def test_one_hot_matches_torch(data):
    n_classes = data.draw(st.integers(1, 6))
    labels = data.draw(class_indices((5,), n_classes))
    expected = F.one_hot(torch.as_tensor(labels), n_classes).numpy()
    assert np.array_equal(cl.one_hot(labels, n_classes), expected)


# --- dtypes ----------------------------------------------------------------------------------------------

ACTIVATIONS = [cl.sigmoid, cl.log_sigmoid, cl.softmax, cl.log_softmax, cl.logsumexp]


@pytest.mark.parametrize("fn", ACTIVATIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("dtype_in", "dtype_out"),
    [(np.float32, np.float32), (np.float64, np.float64), (np.int32, np.float64), (np.int64, np.float64)],
)
def test_activations_preserve_float_dtypes_and_compute_integers_in_float64(fn, dtype_in, dtype_out):
    z = np.array([[1, -2, 3], [0, 0, 0]], dtype=dtype_in)
    out = fn(z)
    assert out.dtype == dtype_out
    np.testing.assert_allclose(out, fn(z.astype(np.float64)), rtol=1e-6)


@pytest.mark.parametrize("fn", ACTIVATIONS, ids=lambda f: f.__name__)
def test_activations_of_python_lists_are_float64(fn):
    assert np.asarray(fn([1.0, 2.0])).dtype == np.float64


# --- NaN and infinity ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [cl.sigmoid, cl.log_sigmoid], ids=lambda f: f.__name__)
def test_nan_propagates_through_elementwise_activations_without_warning(fn):
    out = fn(np.array([np.nan, 0.0]))  # pytest turns any RuntimeWarning into an error
    assert np.isnan(out[0]) and np.isfinite(out[1])


@pytest.mark.parametrize("fn", [cl.softmax, cl.log_softmax, cl.logsumexp], ids=lambda f: f.__name__)
def test_nan_propagates_to_its_own_row_only_without_warning(fn):
    z = np.array([[np.nan, 0.0, 1.0], [0.0, 1.0, 2.0]])
    out = fn(z)
    assert np.all(np.isnan(out[0]))
    assert np.all(np.isfinite(out[1]))


NON_FINITE_ROWS = {
    "minus_inf_and_finite": [-np.inf, 0.0, 1.0],
    "all_minus_inf": [-np.inf, -np.inf, -np.inf],
    "plus_inf_and_finite": [np.inf, 0.0, 1.0],
    "plus_and_minus_inf": [np.inf, -np.inf, 0.0],
}


@pytest.mark.parametrize("row", NON_FINITE_ROWS.values(), ids=NON_FINITE_ROWS.keys())
@pytest.mark.parametrize(
    ("fn", "torch_fn"),
    [
        (cl.softmax, lambda t: torch.softmax(t, dim=-1)),
        (cl.log_softmax, lambda t: torch.log_softmax(t, dim=-1)),
        (cl.logsumexp, lambda t: torch.logsumexp(t, dim=-1)),
    ],
    ids=["softmax", "log_softmax", "logsumexp"],
)
def test_rows_with_infinite_logits_match_torch_without_warning(fn, torch_fn, row):
    z = np.array([row])
    # assert_allclose checks that nan and +-inf sit at the same places, and the finite values to 1e-15
    np.testing.assert_allclose(fn(z), torch_fn(torch.tensor(z)).numpy(), rtol=1e-15, atol=0)


# --- PyTorch parity --------------------------------------------------------------------------------------

TORCH_ACTIVATIONS = [
    (cl.sigmoid, torch.sigmoid),
    (cl.log_sigmoid, F.logsigmoid),
    (cl.logsumexp, lambda t: torch.logsumexp(t, dim=-1)),
    (cl.softmax, lambda t: torch.softmax(t, dim=-1)),
    (cl.log_softmax, lambda t: torch.log_softmax(t, dim=-1)),
]


@pytest.mark.parametrize(("fn", "torch_fn"), TORCH_ACTIVATIONS, ids=[f.__name__ for f, _ in TORCH_ACTIVATIONS])
@given(z=logits(extreme=True))
def test_activations_match_torch(fn, torch_fn, z, assert_close):
    with np.errstate(**RAISE_ON_FP_ERRORS):
        out = fn(z)
    expected = torch_fn(torch.tensor(z)).numpy()
    assert out.dtype == expected.dtype
    assert_close(out, expected)


@pytest.mark.parametrize(("fn", "torch_fn"), TORCH_ACTIVATIONS, ids=[f.__name__ for f, _ in TORCH_ACTIVATIONS])
@given(z=logits(dtype=np.float64, shape=(2, 3, 4), extreme=True), dtype=dtypes)
def test_activations_match_torch_on_k_dim_inputs(fn, torch_fn, z, dtype, assert_close):
    z = z.astype(dtype)
    assert_close(fn(z), torch_fn(torch.tensor(z)).numpy())
