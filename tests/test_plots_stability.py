"""Tests of the figures of the chapter "Numerical stability": each checks what the figure draws."""

import numpy as np
from figure_checks import assert_legible
from matplotlib.figure import Figure

from course_lib import log_softmax
from course_lib.plots import exp_overflow, log_eps_bias, log_softmax_underflow
from course_lib.plots.stability import exp_overflow_threshold


def assert_told_apart(*lines):
    """Curves that can overlap differ by colour, line style and marker, pairwise."""
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            assert a.get_color() != b.get_color()
            assert a.get_linestyle() != b.get_linestyle()
            assert a.get_marker() != b.get_marker()


def test_exp_overflow_thresholds_are_log_of_the_largest_float():
    # log(1.7976931348623157e308) = 709.78..., log(3.4028235e38) = 88.72...
    assert np.isclose(exp_overflow_threshold(np.float64), 709.782712893384)
    assert np.isclose(exp_overflow_threshold(np.float32), 88.72283935546875, rtol=1e-6)


def test_exp_overflow_draws_log10_exp_and_stops_at_each_threshold():
    fig = exp_overflow()
    assert isinstance(fig, Figure)
    assert_legible(fig)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 4  # two curves, two threshold markers
    for line, dtype in zip(lines[:2], (np.float64, np.float32), strict=True):
        z, y = line.get_xdata(), line.get_ydata()
        t = exp_overflow_threshold(dtype)
        finite = np.isfinite(y)
        assert np.allclose(y[finite], z[finite] / np.log(10), rtol=1e-5)  # log10 exp(z) = z / ln 10
        assert np.all(z[finite] <= t) and np.all(z[~finite] > t)
    assert_told_apart(*lines[:2])
    # the markers fall where both curves are drawn and never on top of each other
    marked = [set(line.get_xdata()[line.get_markevery()[0] :: line.get_markevery()[1]]) for line in lines[:2]]
    assert not marked[0] & marked[1]
    assert [line.get_xdata()[0] for line in lines[2:]] == [
        exp_overflow_threshold(np.float32),
        exp_overflow_threshold(np.float64),
    ]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == [
        "$e^z$ in float64",
        "$e^z$ in float32",
        "$z = 88.72$: float32 overflows",
        "$z = 709.78$: float64 overflows",
    ]
    assert ax.get_xlabel() == "logit $z$"
    assert ax.get_ylabel() == r"$\log_{10} e^z$"


def test_log_softmax_underflow_stable_line_is_exact_and_naive_lines_hit_inf():
    fig = log_softmax_underflow()
    assert_legible(fig)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 5  # stable, naive float64 + its marker, naive float32 + its marker
    gap, stable = lines[0].get_xdata(), lines[0].get_ydata()
    # -log p_1 for logits (0, -gap) is gap + log(1 + exp(-gap))
    assert np.allclose(stable, gap + np.log1p(np.exp(-gap)))
    assert np.all(np.isfinite(stable))
    naive64, naive32 = lines[1].get_ydata(), lines[3].get_ydata()
    first64, first32 = lines[2].get_xdata()[0], lines[4].get_xdata()[0]
    assert first64 == 746 and first32 == 104  # exp(-746) and float32 exp(-104) round to 0
    assert np.all(np.isinf(naive64[gap >= first64])) and np.all(np.isfinite(naive64[gap < first64]))
    assert np.all(np.isinf(naive32[gap >= first32])) and np.all(np.isfinite(naive32[gap < first32]))
    assert np.allclose(naive64[gap < 700], -log_softmax(np.stack([0 * gap, -gap], -1))[gap < 700, 1])
    assert_told_apart(lines[0], lines[1], lines[3])
    assert len(ax.get_legend().get_texts()) == 5
    assert ax.get_ylabel() == r"loss $-\log p_1$"
    assert "true class 1" in ax.get_xlabel()


def test_log_eps_bias_caps_the_loss_and_shrinks_the_gradient():
    eps = 1e-7
    fig = log_eps_bias(eps)
    assert_legible(fig)
    assert fig.get_size_inches()[0] <= 6.4
    ax_loss, ax_grad = fig.axes
    assert ax_loss.get_position().y0 > ax_grad.get_position().y1  # stacked: loss above gradient
    exact, biased, cap = ax_loss.get_lines()
    p = exact.get_xdata()
    assert np.allclose(exact.get_ydata(), -np.log(p))
    assert np.allclose(biased.get_ydata(), -np.log(p + eps))
    assert np.all(biased.get_ydata() < -np.log(eps))  # p + eps > eps for every p > 0
    assert np.allclose(cap.get_ydata(), -np.log(eps))
    g_exact, g_biased = ax_grad.get_lines()
    assert np.allclose(g_exact.get_ydata(), 1 - p)
    assert np.allclose(g_biased.get_ydata(), p * (1 - p) / (p + eps))
    assert g_biased.get_ydata()[0] < 1e-6  # p = 1e-14: the gradient is about p / eps = 1e-7
    assert ax_loss.get_xscale() == ax_grad.get_xscale() == "log"
    assert_told_apart(exact, biased)
    assert_told_apart(g_exact, g_biased)
    assert ax_grad.get_ylabel() == r"$|\partial L / \partial z_j|$"
    assert [t.get_text() for t in ax_loss.get_legend().get_texts()] == [
        r"$-\log p$ (exact)",
        r"$-\log(p + \varepsilon)$, $\varepsilon = 10^{-7}$",
        r"cap $-\log \varepsilon$",
    ]
    assert [t.get_text() for t in ax_grad.get_legend().get_texts()] == [
        r"exact: $1 - p$",
        r"with $\varepsilon$: $p(1 - p)/(p + \varepsilon)$",
    ]
