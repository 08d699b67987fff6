"""Tests of course_lib.plots.calibration: each figure draws the values the chapter claims it draws.

Every expected value is computed here independently of the library, by a straightforward loop or formula.
"""

import math

import numpy as np
import pytest
from figure_checks import assert_legible
from matplotlib.patches import Rectangle

import course_lib as cl
from course_lib import plots


def random_probs(n=400, n_classes=4, scale=3.0, seed=0):
    """Probabilities (n, C) from random logits, and labels drawn so that the model is over-confident."""
    rng = np.random.default_rng(seed)
    logits = scale * rng.standard_normal((n, n_classes))
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    # the top class is right only 70 % of the time, whatever the confidence
    top = probs.argmax(axis=1)
    target = np.where(rng.random(n) < 0.7, top, (top + 1) % n_classes)
    return logits, probs, target


def loop_bins(probs, target, n_bins):
    """Per bin (k/n, (k+1)/n], bin 0 also taking 0: mean confidence, accuracy and count, sample by sample."""
    sums = [[0.0, 0, 0] for _ in range(n_bins)]
    for row, y in zip(probs, target, strict=True):
        c = max(row)
        k = next(k for k in range(n_bins) if (k / n_bins < c <= (k + 1) / n_bins) or (k == 0 and c == 0))
        sums[k][0] += c
        sums[k][1] += int(int(np.argmax(row)) == int(y))
        sums[k][2] += 1
    conf = [s[0] / s[2] if s[2] else math.nan for s in sums]
    acc = [s[1] / s[2] if s[2] else math.nan for s in sums]
    return np.array(conf), np.array(acc), np.array([s[2] for s in sums])


def loop_ece(probs, target, n_bins):
    conf, acc, count = loop_bins(probs, target, n_bins)
    return sum(count[k] / len(target) * abs(acc[k] - conf[k]) for k in range(n_bins) if count[k])


def loop_nll(logits, target):
    total = 0.0
    for row, y in zip(logits, target, strict=True):
        m = max(row)
        total += m + math.log(sum(math.exp(v - m) for v in row)) - row[y]
    return total / len(target)


def bars_of(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


# --- expected_scores -------------------------------------------------------------------------------------


def test_expected_scores_draws_the_expected_log_brier_and_0_1_scores():
    p = 0.7
    fig = plots.expected_scores(p, n_points=199)
    assert_legible(fig)
    (ax,) = fig.axes
    log_line, brier_line, zero_one_line, truth = ax.get_lines()
    q = log_line.get_xdata()
    assert q.size == 199 and q[0] == pytest.approx(0.001) and q[-1] == pytest.approx(0.999)
    for i in range(0, 199, 7):
        qi = q[i]
        # the class is 1 with probability p: average the score of each outcome
        log_expected = p * -math.log(qi) + (1 - p) * -math.log(1 - qi)
        brier_expected = p * ((qi - 1) ** 2 + (1 - qi - 0) ** 2) + (1 - p) * ((qi - 0) ** 2 + (1 - qi - 1) ** 2)
        predicted = 1 if qi > 0.5 else 0
        error_expected = p * (predicted != 1) + (1 - p) * (predicted != 0)
        assert log_line.get_ydata()[i] == pytest.approx(log_expected, rel=1e-12)
        assert brier_line.get_ydata()[i] == pytest.approx(brier_expected, rel=1e-12)
        assert zero_one_line.get_ydata()[i] == pytest.approx(error_expected, rel=1e-12)
    # the proper scores are lowest at the grid point nearest the truth; the 0-1 loss is flat above 1/2
    nearest = np.argmin(np.abs(q - p))
    assert np.argmin(log_line.get_ydata()) == nearest
    assert np.argmin(brier_line.get_ydata()) == nearest
    assert np.unique(zero_one_line.get_ydata()[q > 0.5]).size == 1
    assert list(truth.get_xdata()) == [p, p]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["log score (cross-entropy)", "Brier score", "0-1 loss (1 - accuracy)"]
    assert len({(line.get_linestyle(), line.get_marker()) for line in (log_line, brier_line, zero_one_line)}) == 3


@pytest.mark.parametrize("p", [0.0, 1.0, -0.2, 1.5])
def test_expected_scores_needs_a_probability_strictly_between_0_and_1(p):
    with pytest.raises(ValueError, match="p_true"):
        plots.expected_scores(p)


# --- reliability_diagram ---------------------------------------------------------------------------------


def test_reliability_diagram_bars_are_the_accuracy_of_each_bin_of_confidence():
    _, probs, target = random_probs()
    n_bins = 10
    fig = plots.reliability_diagram({"model": probs}, target, n_bins=n_bins)
    assert_legible(fig)
    (ax,) = fig.axes
    conf, acc, count = loop_bins(probs, target, n_bins)
    filled = np.flatnonzero(count)
    assert 0 < filled.size < n_bins  # some bins are empty (no confidence below 1/C): they get no bar
    bars = bars_of(ax)
    assert len(bars) == filled.size
    for bar, k in zip(bars, filled, strict=True):
        assert bar.get_x() == pytest.approx(k / n_bins, abs=1e-12)
        assert bar.get_width() == pytest.approx(1 / n_bins)
        assert bar.get_height() == pytest.approx(acc[k], abs=1e-12)
    marks = next(line for line in ax.get_lines() if line.get_marker() == "D")
    np.testing.assert_allclose(marks.get_xdata(), (filled + 0.5) / n_bins)
    np.testing.assert_allclose(marks.get_ydata(), conf[filled], atol=1e-12)
    # the count of each non-empty bin is written at the foot of its bar
    texts = [t for t in ax.texts]
    assert [int(t.get_text()) for t in texts] == list(count[filled])
    np.testing.assert_allclose([t.xy[0] for t in texts], (filled + 0.5) / n_bins)
    assert ax.get_title() == f"model: ECE = {loop_ece(probs, target, n_bins):.4f}"
    diagonal = next(line for line in ax.get_lines() if line.get_linestyle() == "--")
    assert list(diagonal.get_xdata()) == [0, 1] and list(diagonal.get_ydata()) == [0, 1]


def test_reliability_diagram_is_not_transposed_and_not_misbinned():
    # every sample correct at confidence 0.95 and wrong at 0.55: one bar of height 1 over (0.9, 1], one of
    # height 0 over (0.5, 0.6]; swapping accuracy and confidence, or shifting a bin, would show
    probs = np.array([[0.95, 0.05]] * 3 + [[0.55, 0.45]] * 2)
    target = np.array([0, 0, 0, 1, 1])
    fig = plots.reliability_diagram({"toy": probs}, target, n_bins=10)
    assert_legible(fig)
    (ax,) = fig.axes
    bars = bars_of(ax)
    assert [(round(b.get_x(), 12), b.get_height()) for b in bars] == [(0.5, 0.0), (0.9, 1.0)]
    marks = next(line for line in ax.get_lines() if line.get_marker() == "D")
    np.testing.assert_allclose(marks.get_ydata(), [0.55, 0.95])
    assert [t.get_text() for t in ax.texts] == ["2", "3"]
    # ECE = (2/5)|0 - 0.55| + (3/5)|1 - 0.95| = 0.25
    assert ax.get_title() == "toy: ECE = 0.2500"


def test_reliability_diagram_stacks_one_panel_per_model_with_its_own_ece():
    _, probs, target = random_probs(seed=1)
    sharper = probs**3 / (probs**3).sum(axis=1, keepdims=True)
    fig = plots.reliability_diagram({"as is": probs, "sharper": sharper}, target)
    assert_legible(fig)
    top, bottom = fig.axes
    assert top.get_position().y0 > bottom.get_position().y0  # stacked, not side by side
    for ax, (name, p) in zip((top, bottom), (("as is", probs), ("sharper", sharper)), strict=True):
        assert ax.get_title() == f"{name}: ECE = {loop_ece(p, target, 15):.4f}"
        _, acc, count = loop_bins(p, target, 15)
        np.testing.assert_allclose([b.get_height() for b in bars_of(ax)], acc[count > 0], atol=1e-12)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "accuracy in the bin",
        "mean confidence in the bin",
        "calibrated",
    ]


# --- ece_versus_bins -------------------------------------------------------------------------------------


def test_ece_versus_bins_draws_the_ece_of_each_number_of_bins():
    _, probs, target = random_probs(seed=2)
    drawn = np.array([np.random.default_rng(3).choice(probs.shape[1], p=row) for row in probs])
    bins = [2, 3, 5, 8, 15, 30]
    fig = plots.ece_versus_bins({"true": (probs, target), "drawn": (probs, drawn)}, bin_counts=bins)
    assert_legible(fig)
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert len(lines) == 2
    for line, y in zip(lines, (target, drawn), strict=True):
        np.testing.assert_array_equal(line.get_xdata(), bins)
        np.testing.assert_allclose(line.get_ydata(), [loop_ece(probs, y, n) for n in bins], atol=1e-12)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["true", "drawn"]
    assert lines[0].get_linestyle() != lines[1].get_linestyle() and lines[0].get_marker() != lines[1].get_marker()


# --- temperature_curve -----------------------------------------------------------------------------------


def test_temperature_curve_draws_the_mean_nll_against_the_inverse_temperature():
    logits, _, target = random_probs(n=200, seed=4)
    T = cl.fit_temperature(logits, target)
    assert T > 1  # over-confident data
    fig = plots.temperature_curve(logits, target, T)
    assert_legible(fig)
    ax = fig.axes[0]
    curve, trained, fitted = ax.get_lines()[:3]
    beta = curve.get_xdata()
    assert beta[0] == pytest.approx(0.05) and beta[-1] == pytest.approx(max(2.0, 2.5 / T))
    for i in range(0, beta.size, 37):
        assert curve.get_ydata()[i] == pytest.approx(loop_nll(beta[i] * logits, target), rel=1e-10)
    assert (trained.get_xdata()[0], trained.get_ydata()[0]) == pytest.approx((1.0, loop_nll(logits, target)))
    assert fitted.get_xdata()[0] == pytest.approx(1 / T)
    assert fitted.get_ydata()[0] == pytest.approx(loop_nll(logits / T, target))
    # the star sits at the bottom of the curve: no grid point is lower
    assert fitted.get_ydata()[0] <= curve.get_ydata().min() + 1e-12
    # the x-axis is beta (not T), and the top axis shows T = 1 / beta
    assert "beta" in ax.get_xlabel()
    top = [child for child in ax.child_axes][0]
    assert "temperature" in top.get_xlabel()
    assert all(np.isfinite(tick) for tick in top.get_xticks())


def test_temperature_curve_takes_a_given_grid():
    logits, _, target = random_probs(n=50, seed=5)
    grid = np.array([0.25, 0.5, 1.0, 1.5])
    fig = plots.temperature_curve(logits, target, 2.0, betas=grid)
    assert_legible(fig)
    curve = fig.axes[0].get_lines()[0]
    np.testing.assert_array_equal(curve.get_xdata(), grid)
    np.testing.assert_allclose(curve.get_ydata(), [loop_nll(b * logits, target) for b in grid], rtol=1e-10)


# --- confidence_histograms -------------------------------------------------------------------------------


def test_confidence_histograms_count_the_top_label_confidences_in_each_bin():
    _, probs, _ = random_probs(seed=6)
    flatter = np.sqrt(probs) / np.sqrt(probs).sum(axis=1, keepdims=True)
    n_bins = 20
    fig = plots.confidence_histograms({"a": probs, "b": flatter}, n_bins=n_bins)
    assert_legible(fig)
    (ax,) = fig.axes
    assert ax.get_yscale() == "log"
    for line, p in zip(ax.get_lines(), (probs, flatter), strict=True):
        counts = [0] * n_bins
        for row in p:
            c = max(row)
            counts[min(int(c * n_bins), n_bins - 1)] += 1  # [k/n, (k+1)/n), the last bin closed
        shown = [k for k in range(n_bins) if counts[k]]
        np.testing.assert_allclose(line.get_xdata(), [(k + 0.5) / n_bins for k in shown])
        np.testing.assert_array_equal(line.get_ydata(), [counts[k] for k in shown])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


# --- focal_loss_curves -----------------------------------------------------------------------------------


def test_focal_loss_curves_draw_the_focal_loss_of_one_sample():
    gammas = (0.0, 1.0, 2.0)
    fig = plots.focal_loss_curves(gammas, n_points=101)
    assert_legible(fig)
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert len(lines) == 3
    for line, gamma in zip(lines, gammas, strict=True):
        p = line.get_xdata()
        assert p[0] == pytest.approx(0.01) and p[-1] == 1.0
        # the library's focal loss of two logits whose softmax gives the true class (0) probability p
        inner = p[:-1]  # p < 1: both logits finite
        two_logits = np.stack([np.log(inner), np.log1p(-inner)], axis=1)
        expected = cl.focal_loss(two_logits, np.zeros(inner.size, dtype=int), gamma=gamma, reduction="none")
        np.testing.assert_allclose(line.get_ydata()[:-1], expected, rtol=1e-9, atol=1e-12)
        assert line.get_ydata()[-1] == 0  # a certain, correct sample costs nothing
    np.testing.assert_allclose(lines[0].get_ydata(), -np.log(lines[0].get_xdata()))  # gamma 0: cross-entropy
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].endswith("(cross-entropy)") and "2" in labels[2]


# --- soft_targets ----------------------------------------------------------------------------------------


def test_soft_targets_bars_are_the_softmax_of_the_logits_over_each_temperature():
    z = np.array([1.0, 9.0, 2.5, -1.0, 4.0])
    temps = (1, 4, 10)
    fig = plots.soft_targets(z, temps, ["a", "b", "c", "d", "e"])
    assert_legible(fig)
    (ax,) = fig.axes
    assert len(ax.containers) == 3
    for container, temp in zip(ax.containers, temps, strict=True):
        expected = [math.exp(v / temp) / sum(math.exp(w / temp) for w in z) for v in z]
        np.testing.assert_allclose([bar.get_height() for bar in container], expected, rtol=1e-12)
        centres = [bar.get_x() + bar.get_width() / 2 for bar in container]
        np.testing.assert_allclose(np.round(centres), range(5))  # bar c stands at class c
    # within a class, the temperatures are side by side in the order given
    first = [container[1].get_x() for container in ax.containers]
    assert first == sorted(first)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c", "d", "e"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["T = 1", "T = 4", "T = 10"]


# --- distillation_gradient_scale -------------------------------------------------------------------------


def test_distillation_gradient_scale_draws_the_gradient_norm_with_and_without_t_squared():
    rng = np.random.default_rng(7)
    s, t = 0.1 * rng.standard_normal((30, 6)), 4 * rng.standard_normal((30, 6))
    temps = [1, 2, 5, 10, 50]
    fig = plots.distillation_gradient_scale(s, t, temps)
    assert_legible(fig)
    (ax,) = fig.axes
    with_t2, without = ax.get_lines()

    def softmax_rows(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    # d/ds of T^2 KL(q || p), batchmean: T (p - q) / N
    expected = [np.linalg.norm(T * (softmax_rows(s / T) - softmax_rows(t / T)) / len(s)) for T in temps]
    np.testing.assert_array_equal(with_t2.get_xdata(), temps)
    np.testing.assert_allclose(with_t2.get_ydata(), expected, rtol=1e-10)
    np.testing.assert_allclose(without.get_ydata(), np.array(expected) / np.array(temps) ** 2, rtol=1e-10)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "5", "10", "20", "50"]


def test_calibration_figures_are_exported():
    names = (
        "expected_scores",
        "reliability_diagram",
        "ece_versus_bins",
        "temperature_curve",
        "confidence_histograms",
        "focal_loss_curves",
        "soft_targets",
        "distillation_gradient_scale",
    )
    assert set(names) == set(plots.calibration.__all__)
    for name in names:
        assert callable(getattr(plots, name))
