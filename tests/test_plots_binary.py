"""Tests of course_lib.plots.binary: each figure draws the curves its docstring promises, legibly."""

import numpy as np
import pytest
from figure_checks import assert_legible
from matplotlib.figure import Figure

from course_lib.plots import (
    bce_two_curves,
    bce_with_logits_curves,
    sigmoid_curve,
    squared_error_vs_bce_gradients,
    squared_error_vs_bce_losses,
)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))  # fine on the small grids of these tests


def test_bce_two_curves_draws_minus_log_p_for_y1_and_minus_log_1_minus_p_for_y0():
    fig = bce_two_curves(p_min=0.01, n_points=99)
    assert isinstance(fig, Figure)
    assert_legible(fig)
    ax1, ax0 = fig.axes
    # stacked, not side by side: the y = 1 panel is above the y = 0 panel
    assert ax1.get_position().y0 > ax0.get_position().y1
    assert len(ax1.lines) == 1 and len(ax0.lines) == 1
    p = np.asarray(ax1.lines[0].get_xdata())
    assert p[0] == pytest.approx(0.01) and p[-1] == pytest.approx(0.99)
    np.testing.assert_allclose(ax1.lines[0].get_ydata(), -np.log(p))
    np.testing.assert_allclose(ax0.lines[0].get_ydata(), -np.log(1 - p))
    assert ax1.get_title() == r"true label $y = 1$" and ax0.get_title() == r"true label $y = 0$"
    assert [t.get_text() for t in ax1.get_legend().get_texts()] == [r"$-\log \hat y$"]
    assert [t.get_text() for t in ax0.get_legend().get_texts()] == [r"$-\log(1 - \hat y)$"]
    assert ax1.get_ylabel() == "loss" and ax0.get_ylabel() == "loss"
    assert "predicted probability" in ax0.get_xlabel()
    assert ax1.lines[0].get_linestyle() != ax0.lines[0].get_linestyle()


def test_sigmoid_curve_draws_the_logistic_function():
    fig = sigmoid_curve(z_max=5.0, n_points=101)
    assert_legible(fig)
    (ax,) = fig.axes
    line = ax.lines[0]
    z = np.asarray(line.get_xdata())
    assert z[0] == -5.0 and z[-1] == 5.0
    np.testing.assert_allclose(line.get_ydata(), _sigmoid(z))
    assert ax.get_xlabel() == r"logit $z$"
    assert len(ax.get_legend().get_texts()) == 1


def test_bce_with_logits_curves_draws_softplus_and_its_asymptotes():
    fig = bce_with_logits_curves(z_max=6.0, n_points=121)
    assert_legible(fig)
    (ax,) = fig.axes
    assert len(ax.lines) == 4
    y1, y0, asym1, asym0 = ax.lines
    z = np.asarray(y1.get_xdata())
    softplus = np.log1p(np.exp(z))  # fine on [-6, 6]
    np.testing.assert_allclose(y1.get_ydata(), np.log1p(np.exp(-z)))  # -log sigma(z)
    np.testing.assert_allclose(y0.get_ydata(), softplus)  # -log(1 - sigma(z))
    np.testing.assert_allclose(asym1.get_ydata(), np.maximum(-z, 0))
    np.testing.assert_allclose(asym0.get_ydata(), np.maximum(z, 0))
    # each loss exceeds its asymptote by at most log 2 (reached at z = 0)
    assert np.all(np.asarray(y0.get_ydata()) - np.maximum(z, 0) <= np.log(2) + 1e-12)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[0].startswith("$y = 1$") and texts[1].startswith("$y = 0$") and len(texts) == 4
    assert ax.get_xlabel() == r"logit $z$" and ax.get_ylabel() == "loss"


def test_squared_error_gradient_vanishes_on_confident_mistakes_while_bce_tends_to_minus_1():
    fig = squared_error_vs_bce_gradients(z_min=-10.0, z_max=4.0, n_points=141)
    assert_legible(fig)
    (ax,) = fig.axes
    bce, squared, zero = ax.lines
    z = np.asarray(bce.get_xdata())
    assert z[0] == -10.0 and z[-1] == 4.0 and len(z) == 141
    s = _sigmoid(z)
    np.testing.assert_allclose(bce.get_ydata(), s - 1)  # d/dz softplus(-z)
    np.testing.assert_allclose(squared.get_ydata(), 2 * (s - 1) * s * (1 - s))  # d/dz (s - 1)^2
    # by hand at z = -10: BCE gradient -0.99995, squared-error gradient about -9e-5
    assert bce.get_ydata()[0] == pytest.approx(-1, abs=1e-4)
    assert abs(squared.get_ydata()[0]) < 1e-4
    np.testing.assert_allclose(zero.get_ydata(), [0, 0])
    # the two curves differ by line style and marker, not only by colour
    assert bce.get_linestyle() != squared.get_linestyle() and bce.get_marker() != squared.get_marker()
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[0].startswith("BCE") and texts[1].startswith("squared error") and len(texts) == 2
    assert "$z$" in ax.get_xlabel() and r"\partial l / \partial z" in ax.get_ylabel()


def test_squared_error_loss_is_concave_left_of_minus_log_2_and_bce_is_convex():
    fig = squared_error_vs_bce_losses(w_min=-6.0, w_max=6.0, n_points=241)
    assert_legible(fig)
    ax_bce, ax_se = fig.axes
    assert ax_bce.get_position().y0 > ax_se.get_position().y1  # stacked
    (bce,) = ax_bce.lines
    squared, inflection = ax_se.lines
    w = np.asarray(bce.get_xdata())
    assert w[0] == -6.0 and w[-1] == 6.0
    np.testing.assert_allclose(bce.get_ydata(), np.log1p(np.exp(-w)))  # -log sigma(w)
    np.testing.assert_allclose(squared.get_ydata(), (_sigmoid(w) - 1) ** 2)
    np.testing.assert_allclose(inflection.get_xdata(), [-np.log(2)] * 2)
    # second differences: BCE convex everywhere; squared error concave left of -log 2, convex right of it
    d2_bce = np.diff(np.asarray(bce.get_ydata()), 2)
    d2_se = np.diff(np.asarray(squared.get_ydata()), 2)
    assert np.all(d2_bce > 0)
    middle = w[1:-1]
    assert np.all(d2_se[middle < -np.log(2) - 0.05] < 0) and np.all(d2_se[middle > -np.log(2) + 0.05] > 0)
    assert ax_se.get_xlabel() == r"weight $w$"
