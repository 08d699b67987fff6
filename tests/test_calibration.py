"""course_lib.calibration: the Brier score, the reliability curve and the ECE against independent, straightforward
implementations and hand-made cases (empty bins, confidences exactly on an edge, all correct); fit_temperature
against a dense grid search and against its derivative (torch autograd and finite differences)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    FLOAT_DTYPES,
    edge_confidence_rows,
    logits_with_a_best_temperature,
    probability_rows_and_targets,
    probability_vectors,
)

import course_lib as cl
from course_lib.calibration import _bin_statistics

# --- independent implementations: plain Python loops over samples and bins, written from the text ---


def naive_reliability(probs, target, n_bins):
    """Bin k holds k/n < c <= (k+1)/n, bin 0 also c = 0; c = max_c p_ic, right when argmax = target."""
    rows = [[float(v) for v in row] for row in np.asarray(probs)]
    confidence = [max(row) for row in rows]
    correct = [row.index(max(row)) == int(y) for row, y in zip(rows, target, strict=True)]
    conf, acc, count = [], [], []
    for k in range(n_bins):
        lo, hi = k / n_bins, (k + 1) / n_bins
        members = [i for i, c in enumerate(confidence) if lo < c <= hi or (k == 0 and c == 0)]
        count.append(len(members))
        conf.append(sum(confidence[i] for i in members) / len(members) if members else math.nan)
        acc.append(sum(correct[i] for i in members) / len(members) if members else math.nan)
    return np.array(conf), np.array(acc), np.array(count)


def naive_ece(probs, target, n_bins):
    conf, acc, count = naive_reliability(probs, target, n_bins)
    n = count.sum()
    return sum(count[k] / n * abs(acc[k] - conf[k]) for k in range(n_bins) if count[k] > 0)


def torch_brier(probs, target):
    """The Brier score as its docstring writes it in torch."""
    p, t = torch.tensor(np.asarray(probs, dtype=np.float64)), torch.as_tensor(np.asarray(target))
    return float(((p - F.one_hot(t, p.shape[-1])) ** 2).sum(-1).mean())


def mean_nll(logits, target, temperature):
    return float(cl.cross_entropy(np.asarray(logits, dtype=np.float64) / temperature, target))


# --- brier_score -----------------------------------------------------------------------------------------


def test_brier_score_by_hand():
    # (1 - 0.7)^2 + 0.2^2 + 0.1^2 = 0.14;  0.7^2 + (1 - 0.2)^2 + 0.1^2 = 1.14;  mean 0.64
    probs = np.array([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1]])
    assert cl.brier_score(probs, np.array([0, 1])) == pytest.approx(0.64, rel=1e-15)


def test_brier_score_is_0_for_a_certain_right_answer_and_2_for_a_certain_wrong_one():
    probs = np.array([[0.0, 1.0, 0.0]])
    assert cl.brier_score(probs, np.array([1])) == 0.0
    assert cl.brier_score(probs, np.array([2])) == 2.0


@given(case=probability_rows_and_targets())
def test_brier_score_matches_the_one_hot_formula_in_torch_and_lies_in_0_to_2(case):
    probs, target = case
    score = cl.brier_score(probs, target)
    assert score.dtype == probs.dtype
    np.testing.assert_allclose(score, torch_brier(probs, target), rtol=1e-5 if probs.dtype == np.float32 else 1e-12)
    assert -1e-6 <= score <= 2 + 1e-6


@given(data=st.data(), n_classes=st.integers(2, 6))
def test_brier_score_is_proper_the_true_distribution_has_the_lowest_expected_score(data, n_classes):
    # E_{y ~ q} B(p, y) = sum_y q_y B(p, y) >= E_{y ~ q} B(q, y): the expected score is lowest at p = q
    q, p = (data.draw(probability_vectors((1, n_classes))) for _ in range(2))
    classes = np.arange(n_classes)

    def expected(r):
        return sum(q[0, y] * cl.brier_score(r, np.array([y])) for y in classes)

    assert expected(p) >= expected(q) - 1e-12
    # and the gap is exactly the squared distance ||p - q||^2
    assert expected(p) - expected(q) == pytest.approx(((p - q) ** 2).sum(), abs=1e-12)


def test_brier_score_keeps_float32_and_flattens_leading_axes():
    probs = np.full((2, 3, 4), 0.25, dtype=np.float32)
    target = np.zeros((2, 3), dtype=np.int64)
    score = cl.brier_score(probs, target)
    assert score.dtype == np.float32
    assert score == pytest.approx(0.75**2 + 3 * 0.25**2)


def test_brier_score_of_no_samples_is_nan_and_a_nan_row_propagates():
    assert np.isnan(cl.brier_score(np.zeros((0, 3)), np.zeros(0, dtype=np.int64)))
    probs = np.array([[0.5, 0.5], [np.nan, np.nan]])
    assert np.isnan(cl.brier_score(probs, np.array([0, 1])))


# --- reliability_curve: hand-made cases ------------------------------------------------------------------


def test_reliability_curve_by_hand_with_empty_bins():
    # confidences 0.9, 0.95 (bin 4 of 5, (0.8, 1]) and 0.55 (bin 2, (0.4, 0.6]); bins 0, 1 and 3 are empty
    probs = np.array([[0.9, 0.1], [0.05, 0.95], [0.55, 0.45]])
    target = np.array([0, 0, 0])  # right, wrong, right
    conf, acc, count = cl.reliability_curve(probs, target, n_bins=5)
    np.testing.assert_array_equal(count, [0, 0, 1, 0, 2])
    np.testing.assert_allclose(conf, [np.nan, np.nan, 0.55, np.nan, 0.925], rtol=1e-15)
    np.testing.assert_array_equal(acc, [np.nan, np.nan, 1.0, np.nan, 0.5])
    assert count.dtype == np.int64


@pytest.mark.parametrize(
    ("confidence", "n_bins", "expected_bin"),
    [
        (0.6, 5, 2),  # 3/5 is the upper edge of bin 2, (0.4, 0.6]: it belongs there, not to bin 3
        (0.5, 2, 0),  # the upper edge of bin 0
        (0.75, 4, 2),
        (1.0, 15, 14),  # 1 is the upper edge of the last bin
        (1.0, 1, 0),  # one bin, (0, 1]
        (float(np.nextafter(0.6, 1.0)), 5, 3),  # the smallest float above 3/5 is in bin 3
        (float(np.nextafter(0.6, 0.0)), 5, 2),
        (2 / 3, 3, 1),  # 2/3 rounded to float64, compared with 2/3 rounded the same way
    ],
)
def test_a_confidence_exactly_on_an_edge_belongs_to_the_bin_below_it(confidence, n_bins, expected_bin):
    probs = np.array([[confidence, 1 - confidence]])
    _, _, count = cl.reliability_curve(probs, np.array([0]), n_bins=n_bins)
    assert list(np.flatnonzero(count)) == [expected_bin]


def test_float32_confidence_of_0_6_lies_above_the_edge_3_5_and_goes_to_the_next_bin():
    # float32(0.6) = 0.60000002384..., above the float64 edge 0.6, so it is in (0.6, 0.8]
    probs = np.array([[0.6, 0.4]], dtype=np.float32)
    conf, _, count = cl.reliability_curve(probs, np.array([0]), n_bins=5)
    assert list(np.flatnonzero(count)) == [3]
    assert conf.dtype == np.float32


def test_bin_0_also_takes_a_confidence_of_exactly_0():
    # A valid probability row has max >= 1/C > 0, so c = 0 never reaches the public functions; the binning
    # step itself still follows the definition (bin 0 is [0, 1/n]).
    conf_sum, n_correct, count, has_nan = _bin_statistics(np.array([[0.0, 0.0]]), np.array([1]), 4)
    np.testing.assert_array_equal(count, [1, 0, 0, 0])
    assert conf_sum[0] == 0.0 and n_correct[0] == 0.0 and not has_nan


def test_reliability_curve_when_all_are_correct_has_accuracy_1_in_every_filled_bin():
    rng = np.random.default_rng(3)
    probs = rng.dirichlet(np.full(4, 0.3), size=200)
    target = probs.argmax(axis=-1)
    conf, acc, count = cl.reliability_curve(probs, target, n_bins=10)
    filled = count > 0
    np.testing.assert_array_equal(acc[filled], 1.0)
    assert np.all(np.isnan(acc[~filled])) and np.all(np.isnan(conf[~filled]))
    # and the ECE is then the mean gap 1 - c_i
    ece = cl.expected_calibration_error(probs, target, n_bins=10)
    assert ece == pytest.approx(np.mean(1 - probs.max(axis=-1)), rel=1e-12)


def test_ties_go_to_the_lowest_class_index():
    probs = np.array([[0.4, 0.4, 0.2], [0.4, 0.4, 0.2]])
    _, acc, count = cl.reliability_curve(probs, np.array([0, 1]), n_bins=5)
    assert count[1] == 2 and acc[1] == 0.5  # predicted class 0 both times: right once


def test_the_confidence_is_the_top_label_probability_not_the_true_class_probability():
    # one sample, wrong: its confidence is 0.7 (top label), not 0.3 (the true class)
    conf, acc, count = cl.reliability_curve(np.array([[0.7, 0.3]]), np.array([1]), n_bins=10)
    assert list(np.flatnonzero(count)) == [6] and conf[6] == 0.7 and acc[6] == 0.0


@given(data=st.data(), n_bins=st.integers(1, 20))
def test_reliability_curve_matches_a_loop_over_bins(data, n_bins):
    probs, target = data.draw(probability_rows_and_targets())
    conf, acc, count = cl.reliability_curve(probs, target, n_bins=n_bins)
    expected = naive_reliability(probs, target, n_bins)
    rtol = 1e-6 if probs.dtype == np.float32 else 1e-12
    np.testing.assert_array_equal(count, expected[2])
    np.testing.assert_allclose(conf, expected[0], rtol=rtol)
    np.testing.assert_allclose(acc, expected[1], rtol=rtol)
    assert count.sum() == len(target)


@given(data=st.data(), n_bins=st.sampled_from([1, 2, 3, 4, 5, 10, 15]))
def test_reliability_curve_matches_a_loop_over_bins_on_the_edges(data, n_bins):
    probs, target = data.draw(edge_confidence_rows(n_bins))
    conf, acc, count = cl.reliability_curve(probs, target, n_bins=n_bins)
    expected = naive_reliability(probs, target, n_bins)
    np.testing.assert_array_equal(count, expected[2])
    np.testing.assert_allclose(conf, expected[0], rtol=1e-14)
    np.testing.assert_array_equal(acc, expected[1])
    assert cl.expected_calibration_error(probs, target, n_bins=n_bins) == pytest.approx(
        naive_ece(probs, target, n_bins), rel=1e-12, abs=1e-15
    )


def test_reliability_curve_of_no_samples_is_empty_everywhere():
    conf, acc, count = cl.reliability_curve(np.zeros((0, 3)), np.zeros(0, dtype=np.int64), n_bins=4)
    np.testing.assert_array_equal(count, [0, 0, 0, 0])
    assert np.all(np.isnan(conf)) and np.all(np.isnan(acc))
    assert np.isnan(cl.expected_calibration_error(np.zeros((0, 3)), np.zeros(0, dtype=np.int64)))


def test_a_nan_row_leaves_count_and_makes_every_bin_mean_and_the_ece_nan_without_warning():
    probs = np.array([[0.9, 0.1], [np.nan, np.nan], [0.3, 0.7]])
    target = np.array([0, 0, 1])
    conf, acc, count = cl.reliability_curve(probs, target, n_bins=5)  # filterwarnings = error
    np.testing.assert_array_equal(count, [0, 0, 0, 1, 1])
    assert np.all(np.isnan(conf)) and np.all(np.isnan(acc))
    assert np.isnan(cl.expected_calibration_error(probs, target, n_bins=5))


def test_reliability_curve_accepts_leading_axes_and_an_integer_one_hot_input():
    probs = np.eye(3, dtype=np.int64)[[0, 1, 2, 0]].reshape(2, 2, 3)  # certain predictions, as integers
    target = np.array([[0, 1], [1, 0]])
    conf, acc, count = cl.reliability_curve(probs, target, n_bins=2)
    assert conf.dtype == np.float64
    np.testing.assert_array_equal(count, [0, 4])
    assert conf[1] == 1.0 and acc[1] == 0.75


# --- expected_calibration_error --------------------------------------------------------------------------


def test_ece_by_hand_weights_bins_by_their_count():
    # bin (0.5, 0.75]: confidences 0.6, 0.6, 0.7 (mean 19/30), 1 of 3 right: gap |1/3 - 19/30| = 0.3
    # bin (0.75, 1]:   confidence 0.9, right: gap 0.1
    # ECE = 3/4 * 0.3 + 1/4 * 0.1 = 0.25 (weighting the two bins equally would give 0.2)
    probs = np.array([[0.6, 0.4], [0.6, 0.4], [0.3, 0.7], [0.9, 0.1]])
    target = np.array([0, 1, 0, 0])
    assert cl.expected_calibration_error(probs, target, n_bins=4) == pytest.approx(0.25, rel=1e-14)


def test_ece_is_0_when_each_bin_s_accuracy_equals_its_confidence():
    # ten samples of confidence 0.8, eight of them right
    probs = np.tile([0.8, 0.2], (10, 1))
    target = np.array([0] * 8 + [1] * 2)
    assert cl.expected_calibration_error(probs, target) == pytest.approx(0.0, abs=1e-15)


def test_ece_depends_on_the_binning():
    # confidences 0.55 (wrong) and 0.95 (right): one bin -> |1/2 - 0.75| = 0.25; ten bins -> 0.55/2 + 0.05/2 = 0.3
    probs = np.array([[0.55, 0.45], [0.95, 0.05]])
    target = np.array([1, 0])
    assert cl.expected_calibration_error(probs, target, n_bins=1) == pytest.approx(0.25, rel=1e-14)
    assert cl.expected_calibration_error(probs, target, n_bins=10) == pytest.approx(0.3, rel=1e-14)


@given(data=st.data(), n_bins=st.integers(1, 20))
def test_ece_matches_a_loop_and_the_reliability_curve_and_lies_in_0_to_1(data, n_bins):
    probs, target = data.draw(probability_rows_and_targets())
    ece = cl.expected_calibration_error(probs, target, n_bins=n_bins)
    assert ece.dtype == probs.dtype
    rtol = 1e-6 if probs.dtype == np.float32 else 1e-12
    np.testing.assert_allclose(ece, naive_ece(probs, target, n_bins), rtol=rtol, atol=1e-7)
    conf, acc, count = cl.reliability_curve(probs, target, n_bins=n_bins)
    filled = count > 0
    from_curve = np.sum(count[filled] / count.sum() * np.abs(acc[filled] - conf[filled]))
    np.testing.assert_allclose(ece, from_curve, rtol=rtol, atol=1e-7)
    assert 0 <= ece <= 1


# --- fit_temperature -------------------------------------------------------------------------------------


def overconfident_logits(seed=0, n=400, n_classes=5, scale=6.0):
    """A model right about 60% of the time whose logits are far too large: its best T is well above 1."""
    rng = np.random.default_rng(seed)
    target = rng.integers(0, n_classes, n)
    z = rng.standard_normal((n, n_classes))
    z[np.arange(n), target] += 1.0
    return scale * z, target


def torch_t_dloss_dt(logits, target, temperature):
    """T dL/dT at T by torch autograd of cross_entropy(logits / T, target), in float64."""
    t = torch.tensor(float(temperature), dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(torch.tensor(np.asarray(logits, dtype=np.float64)) / t, torch.as_tensor(target))
    loss.backward()
    return float(t.grad) * float(temperature)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("scale", [0.2, 1.0, 6.0, 300.0])
def test_fit_temperature_agrees_with_a_dense_grid_search(dtype, scale):
    z, target = overconfident_logits(n=150, scale=scale)
    z = z.astype(dtype)
    fitted = cl.fit_temperature(z, target)
    assert isinstance(fitted, float) and fitted > 0
    # 4,001 temperatures, log-spaced over four decades around the answer: steps of 0.23% in T
    grid = np.exp(np.linspace(np.log(fitted) - 4.6, np.log(fitted) + 4.6, 4001))
    scaled = np.asarray(z, dtype=np.float64) / grid[:, None, None]  # (4001, N, C): every temperature at once
    losses = cl.cross_entropy(scaled, np.broadcast_to(target, scaled.shape[:-1]), reduction="none").mean(axis=-1)
    best = grid[losses.argmin()]
    step = np.log(grid[1] / grid[0])
    assert abs(math.log(fitted / best)) <= step
    assert mean_nll(z, target, fitted) <= losses.min() + 1e-12


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("scale", [0.2, 1.0, 6.0, 300.0, 1e4])
def test_the_derivative_of_the_loss_at_the_fitted_temperature_is_zero_by_torch_autograd(dtype, scale):
    z, target = overconfident_logits(seed=1, scale=scale)
    z = z.astype(dtype)
    fitted = cl.fit_temperature(z, target)
    # the docstring's tolerance, |T dL/dT| <= 1e-12 max(1, max|z| / T), with 10x room for torch's own rounding
    bound = 1e-11 * max(1.0, float(np.abs(z).max()) / fitted)
    assert abs(torch_t_dloss_dt(z, target, fitted)) <= bound


def test_the_derivative_at_the_fitted_temperature_is_zero_by_finite_differences():
    z, target = overconfident_logits(seed=2)
    fitted = cl.fit_temperature(z, target)
    (slope,) = cl.numerical_gradient(lambda log_t: mean_nll(z, target, math.exp(log_t[0])), [math.log(fitted)])
    assert abs(slope) <= 1e-8  # the finite-difference error, about 1e-10, dominates
    # and it is a minimum: the loss rises on both sides
    assert mean_nll(z, target, fitted * 1.01) > mean_nll(z, target, fitted)
    assert mean_nll(z, target, fitted / 1.01) > mean_nll(z, target, fitted)


def test_over_confident_logits_get_a_temperature_above_1_and_under_confident_below_1():
    z, target = overconfident_logits(scale=1.0)
    t1 = cl.fit_temperature(z, target)
    assert cl.fit_temperature(5 * z, target) > 1 > cl.fit_temperature(z / (5 * t1), target)


def test_temperature_scaling_lowers_the_nll_and_keeps_every_prediction():
    z, target = overconfident_logits(seed=4)
    fitted = cl.fit_temperature(z, target)
    assert mean_nll(z, target, fitted) < mean_nll(z, target, 1.0)
    np.testing.assert_array_equal((z / fitted).argmax(axis=-1), z.argmax(axis=-1))


@given(case=logits_with_a_best_temperature(dtype=np.float64), factor=st.floats(0.01, 100))
def test_fit_temperature_scales_with_the_logits(case, factor):
    # cross_entropy(a z / (a T)) = cross_entropy(z / T): multiplying the logits by a multiplies T by a
    z, target = case
    np.testing.assert_allclose(
        cl.fit_temperature(factor * z, target), factor * cl.fit_temperature(z, target), rtol=1e-8
    )


@given(case=logits_with_a_best_temperature())
def test_fit_temperature_returns_a_stationary_point_on_random_logits(case):
    z, target = case
    fitted = cl.fit_temperature(z, target)
    assert fitted > 0 and math.isfinite(fitted)
    assert abs(torch_t_dloss_dt(z, target, fitted)) <= 1e-11 * max(1.0, float(np.abs(z).max()) / fitted)


def test_fit_temperature_accepts_leading_axes():
    z, target = overconfident_logits(seed=5, n=24)
    flat = cl.fit_temperature(z, target)
    assert cl.fit_temperature(z.reshape(4, 6, 5), target.reshape(4, 6)) == flat


def test_fit_temperature_of_constant_rows_is_1():
    # every T gives log C: the derivative is 0 everywhere, and T = 1 (no change) is returned
    assert cl.fit_temperature(np.full((3, 4), 2.5), np.array([0, 1, 3])) == 1.0


def test_fit_temperature_of_nan_logits_is_nan():
    z = np.array([[1.0, np.nan], [0.0, 1.0]])
    assert math.isnan(cl.fit_temperature(z, np.array([0, 0])))


# --- the defaults, the dtypes and the search of fit_temperature, to their documented limits -------------------


def test_reliability_curve_and_the_ece_use_15_bins_by_default():
    # confidences 0.87, 0.9 and 0.55: with 15 bins 0.87 and 0.9 share bin 13, (13/15, 14/15], and 0.55 is in
    # bin 8; with 16 bins 0.87 and 0.9 fall apart (bins 13 and 14), which changes the ECE
    probs = np.array([[0.87, 0.13], [0.1, 0.9], [0.55, 0.45]])
    target = np.array([0, 0, 0])  # right, wrong, right
    conf, acc, count = cl.reliability_curve(probs, target)
    assert conf.shape == acc.shape == count.shape == (15,)
    np.testing.assert_array_equal(np.flatnonzero(count), [8, 13])
    ece_by_hand = (2 * abs(0.5 - (0.87 + 0.9) / 2) + abs(1 - 0.55)) / 3
    np.testing.assert_allclose(cl.expected_calibration_error(probs, target), ece_by_hand, rtol=1e-14)
    assert not np.isclose(naive_ece(probs, target, 16), ece_by_hand)


def test_reliability_curve_keeps_float32_in_confidence_and_accuracy():
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]], dtype=np.float32)
    conf, acc, count = cl.reliability_curve(probs, np.array([0, 0, 0]), n_bins=4)
    assert conf.dtype == acc.dtype == np.float32 and count.dtype == np.int64
    np.testing.assert_array_equal(acc, np.array([np.nan, np.nan, 1.0, 0.5], dtype=np.float32))


def count_derivative_evaluations(monkeypatch):
    """Count the calls of the loss's derivatives in beta that fit_temperature makes."""
    import course_lib.calibration as calibration

    calls = []
    original = calibration._nll_derivatives

    def counting(*args):
        calls.append(args[-1])
        return original(*args)

    monkeypatch.setattr(calibration, "_nll_derivatives", counting)
    return calls


@pytest.mark.parametrize("scale", [0.5, 3.0])
def test_fit_temperature_converges_in_a_few_newton_steps(scale, monkeypatch):
    # Newton's method on dL/dbeta converges quadratically: 5 and 7 evaluations on these logits (12 allowed),
    # where bisection alone (halving the bracket down to the tolerance) takes more than 30
    z, target = overconfident_logits(seed=0, n=200, n_classes=10, scale=scale)
    calls = count_derivative_evaluations(monkeypatch)
    fitted = cl.fit_temperature(z, target)
    assert abs(torch_t_dloss_dt(z, target, fitted)) <= 1e-11 * max(1.0, float(np.abs(z).max()) / fitted)
    assert len(calls) <= 12


@pytest.mark.parametrize(
    ("seed", "n", "n_classes", "scale"),
    [(648, 6, 5, 0.0656835976165521), (1693, 5, 4, 0.08490358008204328), (2510, 14, 2, 0.012532810497884538)],
)
def test_fit_temperature_meets_its_documented_tolerance_without_room(seed, n, n_classes, scale):
    # |T dL/dT| <= 1e-12 max(1, max|z| / T) exactly, by torch autograd, on cases where the search passes an
    # iterate between one and two times that bound (a looser stopping rule would return it)
    z, target = overconfident_logits(seed=seed, n=n, n_classes=n_classes, scale=scale)
    fitted = cl.fit_temperature(z, target)
    assert abs(torch_t_dloss_dt(z, target, fitted)) <= 1e-12 * max(1.0, float(np.abs(z).max()) / fitted)


@pytest.mark.parametrize("constant_row", [None, 1e300 / 2.0**996], ids=["alone", "with_a_constant_row"])
def test_fit_temperature_finds_a_best_temperature_near_1e_minus_300(constant_row):
    # Row 0's true class lies 1e-320 below its top class, row 1's is the top by 5.066e-299: the loss's slope in
    # beta = 1/T changes sign between 2^996 = 6.7e299 and 2^997 = 1.3e300, where beta z is still finite. A
    # constant row (its slope is 0) of 1e300 / 2^996 puts the search's limit, 1e300 / max|z|, exactly on 2^996.
    rows = [[1e-320, 0.0], [5.066e-299, 0.0]]
    target = [1, 0]
    if constant_row is not None:
        rows.append([constant_row, constant_row])
        target.append(0)
    fitted = cl.fit_temperature(np.array(rows), np.array(target))
    assert 2.0**-997 <= fitted <= 2.0**-996


@pytest.mark.parametrize("factor", [1e-170, 1e-300])
def test_fit_temperature_of_tiny_logits_scales_down_with_them(factor):
    # below about 1e-160 the loss's curvature in beta (the variance of the logits under the softmax, of order
    # |z|^2) underflows to 0: the search bisects there instead of taking Newton steps, and T still scales
    z, target = overconfident_logits(seed=6, n=50)
    expected = factor * cl.fit_temperature(z, target)
    np.testing.assert_allclose(cl.fit_temperature(factor * z, target), expected, rtol=1e-10)
