"""The figure rules of tests/figure_checks.py tell a legible figure from an illegible one."""

import pytest
from figure_checks import assert_legible

from course_lib.plots._style import book_figure, new_figure


@book_figure
def _figure(width=6.4, label="loss", tick_size=None):
    fig, ax = new_figure(width=width)
    ax.plot([0, 1], [0, 1], label=label)
    ax.set_xlabel(label)
    if tick_size is not None:
        ax.tick_params(labelsize=tick_size)
    return fig


def test_a_figure_in_the_course_style_passes():
    assert_legible(_figure())
    assert_legible(_figure(label=r"$\varepsilon^2$"))


def test_small_text_fails():
    with pytest.raises(AssertionError, match="smaller than"):
        assert_legible(_figure(tick_size=8))


@pytest.mark.parametrize("label", ["eps^2", "dp_i / dz_k", r"$x$ and y_1"])
def test_a_plain_text_formula_fails(label):
    with pytest.raises(AssertionError, match="mathtext"):
        assert_legible(_figure(label=label))


def test_new_figure_refuses_a_figure_too_wide_for_a_phone():
    with pytest.raises(ValueError, match="width must be at most"):
        new_figure(width=8.0)
