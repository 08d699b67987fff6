"""Tests of course_lib.plots.categorical: each figure draws the values the chapter claims it draws."""

import numpy as np
import pytest
from figure_checks import assert_legible
from matplotlib.figure import Figure

import course_lib as cl
from course_lib import plots

LOGITS = [2.0, 4.0, 0.5]  # the chapter's worked example


def test_softmax_bars_heights_are_the_logits_and_their_softmax():
    fig = plots.softmax_bars(LOGITS)
    assert isinstance(fig, Figure)
    assert_legible(fig)
    ax_z, ax_p = fig.axes
    # stacked, not squeezed side by side: the logits panel sits above the probabilities panel
    assert ax_z.get_position().y0 > ax_p.get_position().y1
    z_heights = [patch.get_height() for patch in ax_z.patches]
    p_heights = [patch.get_height() for patch in ax_p.patches]
    np.testing.assert_allclose(z_heights, LOGITS)
    np.testing.assert_allclose(p_heights, cl.softmax(LOGITS), rtol=1e-12)
    assert sum(p_heights) == pytest.approx(1.0)
    # classes are counted from 0, as numpy and PyTorch index them
    assert [t.get_text() for t in ax_p.get_xticklabels()] == ["class 0", "class 1", "class 2"]
    assert ax_p.get_ylabel() == "probability $p_c$"
    assert ax_z.get_ylabel() == "logit $z_c$"
    # every bar carries its value, rounded to 3 decimals
    assert [t.get_text() for t in ax_p.texts] == [f"{v:.3f}" for v in cl.softmax(LOGITS)]
    assert [t.get_text() for t in ax_z.texts] == ["2.000", "4.000", "0.500"]


def test_softmax_bars_custom_class_names_and_negative_logits():
    fig = plots.softmax_bars([-1.0, 1.0], class_names=["cat", "dog"])
    assert_legible(fig)
    ax_z, ax_p = fig.axes
    assert [t.get_text() for t in ax_p.get_xticklabels()] == ["cat", "dog"]
    np.testing.assert_allclose([patch.get_height() for patch in ax_z.patches], [-1.0, 1.0])
    np.testing.assert_allclose([patch.get_height() for patch in ax_p.patches], cl.softmax([-1.0, 1.0]))
    # the value of a negative bar is written below it, of a positive bar above it
    assert [t.get_va() for t in ax_z.texts] == ["top", "bottom"]


def test_loss_vs_one_logit_plots_minus_log_p_of_the_true_class():
    fig = plots.loss_vs_one_logit(LOGITS, true_class=0, z_range=(-3.0, 5.0), n_points=41)
    assert_legible(fig)
    (ax,) = fig.axes
    solid = [line for line in ax.get_lines() if len(line.get_xdata()) == 41]
    assert len(solid) == 2
    true_line, wrong_line = solid
    grid = np.linspace(-3.0, 5.0, 41)
    np.testing.assert_allclose(true_line.get_xdata(), grid)
    for line, c in ((true_line, 0), (wrong_line, 1)):
        expected = []
        for value in grid:
            z = np.array(LOGITS)
            z[c] = value
            expected.append(-np.log(np.exp(z[0]) / np.exp(z).sum()))  # -log p_0 by the definition
        np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-12)
    # the loss falls as the true logit rises and rises as a wrong logit rises
    assert np.all(np.diff(true_line.get_ydata()) < 0)
    assert np.all(np.diff(wrong_line.get_ydata()) > 0)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["vary the true class's logit $z_{0}$", "vary a wrong class's logit $z_{1}$"]
    assert ax.get_ylabel() == r"loss $-\log p_y$"
    # the curves cross, so they differ by line style and marker as well as colour
    assert true_line.get_linestyle() != wrong_line.get_linestyle()
    assert true_line.get_marker() != wrong_line.get_marker()


def test_label_smoothing_targets_bars_are_one_hot_and_smoothed():
    fig = plots.label_smoothing_targets(n_classes=4, true_class=2, eps=0.2)
    assert_legible(fig)
    (ax,) = fig.axes
    one_hot_bars, smooth_bars = ax.containers
    np.testing.assert_allclose([p.get_height() for p in one_hot_bars], [0, 0, 1, 0])
    np.testing.assert_allclose([p.get_height() for p in smooth_bars], [0.05, 0.05, 0.85, 0.05])
    assert sum(p.get_height() for p in smooth_bars) == pytest.approx(1.0)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["one-hot", "label smoothing, $\\varepsilon$ = 0.2"]
    assert ax.get_ylabel() == "target probability"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["class 0", "class 1", "class 2", "class 3"]


def test_smoothed_loss_vs_margin_has_a_finite_minimum_only_with_smoothing():
    fig = plots.smoothed_loss_vs_margin(n_classes=3, eps_values=[0.0, 0.1], margin_range=(0.0, 20.0), n_points=201)
    assert_legible(fig)
    (ax,) = fig.axes
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) == 201]
    dots = [line for line in ax.get_lines() if len(line.get_xdata()) == 1]
    assert len(curves) == 2 and len(dots) == 1
    m = np.linspace(0.0, 20.0, 201)
    z = np.zeros((201, 3))
    z[:, 0] = m
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    target = np.array([1 - 0.1 + 0.1 / 3, 0.1 / 3, 0.1 / 3])  # the smoothed target of class 0
    np.testing.assert_allclose(curves[0].get_ydata(), -log_p[:, 0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(curves[1].get_ydata(), -(log_p * target).sum(axis=1), rtol=1e-10, atol=1e-12)
    assert np.all(np.diff(curves[0].get_ydata()) < 0)  # no smoothing: keeps falling
    # the dot sits at the minimum; analytically p_0 = 1 - eps + eps/C at m = log((1 - eps + eps/C) / (eps/C))
    m_star = np.log((1 - 0.1 + 0.1 / 3) / (0.1 / 3))
    assert abs(dots[0].get_xdata()[0] - m_star) <= 0.1
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["$\\varepsilon$ = 0", "$\\varepsilon$ = 0.1"]
    assert curves[0].get_linestyle() != curves[1].get_linestyle()
    assert curves[0].get_marker() != curves[1].get_marker()


def test_categorical_figures_are_exported():
    for name in ("softmax_bars", "loss_vs_one_logit", "label_smoothing_targets", "smoothed_loss_vs_margin"):
        assert name in plots.categorical.__all__
        assert callable(getattr(plots, name))
