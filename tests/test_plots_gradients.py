"""Tests of the figures of the chapter "Gradients": each checks what the figure draws, and that it is legible."""

import numpy as np
from figure_checks import assert_legible

import course_lib.plots.gradients
from course_lib import softmax, softmax_jacobian
from course_lib.plots import gradient_check_error_curve, gradient_check_errors, softmax_jacobian_heatmap


def test_softmax_jacobian_heatmap_shows_the_jacobian_with_its_value_in_each_cell():
    # unsorted logits with distinct probabilities: an image flipped or with rows or columns permuted would differ
    z = np.array([0.5, 2.0, -1.0])
    fig = softmax_jacobian_heatmap(z)
    assert_legible(fig)
    ax = fig.axes[0]
    image = ax.get_images()[0]
    p = softmax(z)
    jac = np.diag(p) - np.outer(p, p)  # the formula, entry by entry
    assert np.allclose(softmax_jacobian(z), jac)
    assert np.allclose(image.get_array(), jac)
    assert ax.yaxis_inverted()  # row 0 at the top, as the matrix is written
    assert np.argmax(np.diag(image.get_array())) == 1  # the largest diagonal entry belongs to class 1 (z = 2)
    # each cell's text sits at (column k, row i) and shows J[i, k]
    shown = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert shown == {(i, k): f"{jac[i, k]:.3f}" for i in range(3) for k in range(3)}
    assert all(t.get_fontsize() >= 11 for t in ax.texts)
    lo, hi = image.get_clim()
    assert np.isclose(-lo, hi) and np.isclose(hi, np.abs(jac).max())  # centred at 0
    assert [t.get_text() for t in ax.get_xticklabels()] == ["$z_{0}$", "$z_{1}$", "$z_{2}$"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["$p_{0}$", "$p_{1}$", "$p_{2}$"]
    assert r"\partial p_i / \partial z_k" in ax.get_title()
    assert len(fig.axes) == 2  # the heatmap and its colour bar
    assert fig.axes[1].get_ylabel() == r"$\partial p_i / \partial z_k$"


def test_softmax_jacobian_heatmap_draws_row_i_column_k_and_not_the_transpose(monkeypatch):
    # the softmax Jacobian is symmetric, so a transposed drawing of it looks right: give the figure a matrix
    # that is not, and check where each entry lands
    matrix = np.array([[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6], [0.7, -0.8, 0.9]])
    monkeypatch.setattr(course_lib.plots.gradients, "softmax_jacobian", lambda z: matrix)
    fig = softmax_jacobian_heatmap(np.zeros(3))
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.get_images()[0].get_array(), matrix)
    shown = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert shown == {(i, k): f"{matrix[i, k]:.3f}" for i in range(3) for k in range(3)}
    assert shown[(0, 2)] == "0.300" and shown[(2, 0)] == "0.700"


def test_softmax_jacobian_heatmap_of_the_chapter_is_legible_with_two_decimals_too():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    for decimals in (3, 2):
        fig = softmax_jacobian_heatmap(z, decimals=decimals)
        assert_legible(fig)
        jac = softmax_jacobian(z)
        assert [t.get_text() for t in fig.axes[0].texts][:2] == [f"{jac[0, k]:.{decimals}f}" for k in range(2)]


def test_gradient_check_errors_are_small_at_a_good_step_and_large_at_bad_ones():
    rng = np.random.default_rng(0)
    logits, target = rng.normal(size=(3, 4)), np.array([0, 3, 1])
    errors = gradient_check_errors(logits, target, [1e-12, 1e-5, 1e-1])
    assert errors[1] < 1e-9
    assert errors[0] > 100 * errors[1] and errors[2] > 100 * errors[1]


def test_gradient_check_error_curve_plots_the_measured_errors_and_two_reference_slopes():
    rng = np.random.default_rng(0)
    logits, target = rng.normal(size=(3, 4)), np.array([0, 3, 1])
    eps_values = np.logspace(-10, -2, 9)
    fig = gradient_check_error_curve(logits, target, eps_values)
    assert_legible(fig)
    ax = fig.axes[0]
    measured, truncation, rounding = ax.get_lines()
    errors = gradient_check_errors(logits, target, eps_values)
    assert np.allclose(measured.get_xdata(), eps_values)
    assert np.allclose(measured.get_ydata(), errors)
    # slopes +2 and -1 on log-log axes, through the measured error at the end where each dominates
    assert np.allclose(truncation.get_ydata(), errors[-1] * (eps_values / eps_values[-1]) ** 2)
    assert np.allclose(rounding.get_ydata(), errors[0] * eps_values[0] / eps_values)
    assert np.allclose(np.diff(np.log10(truncation.get_ydata())), 2.0)
    assert np.allclose(np.diff(np.log10(rounding.get_ydata())), -1.0)
    # the two reference lines cross, so they differ in line style as well as colour
    assert truncation.get_linestyle() != rounding.get_linestyle()
    assert truncation.get_color() != rounding.get_color()
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "max |numerical − exact|",
        r"truncation $\propto \varepsilon^2$",
        r"rounding $\propto u / \varepsilon$",
    ]
    assert ax.get_xlabel() == r"finite-difference step $\varepsilon$"
