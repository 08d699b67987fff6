"""Tests of course_lib.plots.binary: each figure draws the curves its docstring promises."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib.plots import bce_two_curves, bce_with_logits_curves, sigmoid_curve


def test_bce_two_curves_draws_minus_log_p_for_y1_and_minus_log_1_minus_p_for_y0():
    fig = bce_two_curves(p_min=0.01, n_points=99)
    assert isinstance(fig, Figure)
    ax1, ax0 = fig.axes
    assert len(ax1.lines) == 1 and len(ax0.lines) == 1
    p = np.asarray(ax1.lines[0].get_xdata())
    assert p[0] == pytest.approx(0.01) and p[-1] == pytest.approx(0.99)
    np.testing.assert_allclose(ax1.lines[0].get_ydata(), -np.log(p))
    np.testing.assert_allclose(ax0.lines[0].get_ydata(), -np.log(1 - p))
    assert ax1.get_title() == "true label y = 1" and ax0.get_title() == "true label y = 0"
    assert [t.get_text() for t in ax1.get_legend().get_texts()] == [r"$-\log p$"]
    assert [t.get_text() for t in ax0.get_legend().get_texts()] == [r"$-\log(1 - p)$"]
    assert ax1.get_ylabel() == "loss"
    assert "predicted probability" in ax1.get_xlabel()


def test_sigmoid_curve_draws_the_logistic_function():
    fig = sigmoid_curve(z_max=5.0, n_points=101)
    (ax,) = fig.axes
    line = ax.lines[0]
    z = np.asarray(line.get_xdata())
    assert z[0] == -5.0 and z[-1] == 5.0
    np.testing.assert_allclose(line.get_ydata(), 1 / (1 + np.exp(-z)))
    assert ax.get_xlabel() == "logit z"
    assert len(ax.get_legend().get_texts()) == 1


def test_bce_with_logits_curves_draws_softplus_and_its_asymptotes():
    fig = bce_with_logits_curves(z_max=6.0, n_points=121)
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
    assert texts[0].startswith("y = 1") and texts[1].startswith("y = 0") and len(texts) == 4
    assert ax.get_xlabel() == "logit z" and ax.get_ylabel() == "loss"
