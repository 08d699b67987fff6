"""Tests of the figures of the chapter "Gradients": each checks what the figure draws."""

import numpy as np

from course_lib import cross_entropy_grad, softmax_jacobian
from course_lib.plots import gradient_check_errors, plot_gradient_check_error, plot_softmax_jacobian


def test_plot_softmax_jacobian_shows_the_jacobian_with_one_label_per_cell():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    fig = plot_softmax_jacobian(z)
    ax = fig.axes[0]
    image = ax.get_images()[0]
    jac = softmax_jacobian(z)
    assert np.allclose(image.get_array(), jac)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 16
    assert texts[0] == f"{jac[0, 0]:.3f}" and texts[1] == f"{jac[0, 1]:.3f}"
    lo, hi = image.get_clim()
    assert np.isclose(-lo, hi) and np.isclose(hi, np.abs(jac).max())  # centred at 0
    assert [t.get_text() for t in ax.get_xticklabels()] == ["z_1", "z_2", "z_3", "z_4"]
    assert ax.get_xlabel() == "logit k" and ax.get_ylabel() == "probability i"
    assert len(fig.axes) == 2  # the heatmap and its colour bar


def test_gradient_check_errors_are_small_at_a_good_step_and_large_at_bad_ones():
    rng = np.random.default_rng(0)
    logits, target = rng.normal(size=(3, 4)), np.array([0, 3, 1])
    errors = gradient_check_errors(logits, target, [1e-12, 1e-5, 1e-1])
    assert errors[1] < 1e-9
    assert errors[0] > 100 * errors[1] and errors[2] > 100 * errors[1]


def test_plot_gradient_check_error_plots_the_measured_errors_and_two_reference_slopes():
    rng = np.random.default_rng(0)
    logits, target = rng.normal(size=(3, 4)), np.array([0, 3, 1])
    eps_values = np.logspace(-10, -2, 9)
    fig = plot_gradient_check_error(logits, target, eps_values)
    ax = fig.axes[0]
    measured, truncation, rounding = ax.get_lines()
    assert np.allclose(measured.get_xdata(), eps_values)
    assert np.allclose(measured.get_ydata(), gradient_check_errors(logits, target, eps_values))
    # slopes +2 and -1 on log-log axes
    assert np.allclose(np.diff(np.log10(truncation.get_ydata())), 2.0)
    assert np.allclose(np.diff(np.log10(rounding.get_ydata())), -1.0)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "max |numerical - exact|",
        "truncation ~ eps^2",
        "rounding ~ machine eps / eps",
    ]
    assert cross_entropy_grad(logits, target).shape == logits.shape
