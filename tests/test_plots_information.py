"""Tests of course_lib.plots.information: each figure draws the curves its docstring promises, legibly."""

import numpy as np
import pytest
from figure_checks import assert_legible
from matplotlib.figure import Figure

from course_lib.plots import bernoulli_entropy_curve, cross_entropy_vs_q, surprise_curve


def test_surprise_curve_plots_minus_log_p_in_nats_and_bits():
    fig = surprise_curve(p_min=0.05, n_points=50)
    assert isinstance(fig, Figure)
    assert_legible(fig)
    (ax,) = fig.axes
    nats, bits = ax.lines[:2]
    p = nats.get_xdata()
    assert p[0] == pytest.approx(0.05) and p[-1] == pytest.approx(1.0) and p.size == 50
    np.testing.assert_allclose(nats.get_ydata(), -np.log(p))
    np.testing.assert_allclose(bits.get_ydata(), -np.log2(p))
    # the surprise of a certain event is 0
    assert nats.get_ydata()[-1] == 0.0
    # the two curves meet at p = 1: they differ by line style and marker, not only by colour
    assert nats.get_linestyle() != bits.get_linestyle()
    assert nats.get_marker() != bits.get_marker()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [r"$-\ln p$ (nats)", r"$-\log_2 p$ (bits)"]
    assert ax.get_xlabel() == r"probability $p$ of the event"
    assert "surprise" in ax.get_ylabel()


def test_bernoulli_entropy_curve_is_zero_at_the_ends_and_one_bit_at_one_half():
    fig = bernoulli_entropy_curve(n_points=101)
    assert_legible(fig)
    (ax,) = fig.axes
    line, vertical = ax.lines
    p, h = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    assert np.all(np.isfinite(h))
    assert h[0] == 0.0 and h[-1] == 0.0  # 0 log 0 = 0
    assert h[50] == pytest.approx(1.0)  # p = 0.5
    inner = slice(1, -1)
    expected = -(p[inner] * np.log2(p[inner]) + (1 - p[inner]) * np.log2(1 - p[inner]))
    np.testing.assert_allclose(h[inner], expected)
    assert np.asarray(vertical.get_xdata())[0] == pytest.approx(0.5)
    assert ax.get_ylabel() == r"entropy $H(p)$ (bits)"
    assert len(ax.get_legend().get_texts()) == 2


def test_cross_entropy_vs_q_has_its_minimum_at_q_equal_p_and_touches_the_entropy_there():
    p = 0.3
    fig = cross_entropy_vs_q(p=p, n_points=981)  # grid step 0.001, so q = 0.3 is on the grid
    assert_legible(fig)
    (ax,) = fig.axes
    curve, entropy_line, vertical = ax.lines
    q, h_pq = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
    np.testing.assert_allclose(h_pq, -p * np.log(q) - (1 - p) * np.log(1 - q))
    h_p = -p * np.log(p) - (1 - p) * np.log(1 - p)
    assert np.asarray(entropy_line.get_ydata())[0] == pytest.approx(h_p)
    assert q[np.argmin(h_pq)] == pytest.approx(p)
    assert h_pq.min() == pytest.approx(h_p, abs=1e-9)
    assert np.all(h_pq >= h_p - 1e-12)  # Gibbs: H(p, q) >= H(p)
    assert np.asarray(vertical.get_xdata())[0] == pytest.approx(p)
    # the curve touches the entropy line at q = p: they differ by line style and marker as well as colour
    assert curve.get_linestyle() != entropy_line.get_linestyle()
    assert curve.get_marker() != entropy_line.get_marker()
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[0].startswith("cross-entropy") and texts[1].startswith("entropy") and "q = p" in texts[2]
    assert ax.get_xlabel().startswith("model probability $q$")


@pytest.mark.parametrize("p", [0.0, 1.0, -0.1])
def test_cross_entropy_vs_q_rejects_p_outside_the_open_interval(p):
    with pytest.raises(ValueError, match="p must lie strictly between 0 and 1"):
        cross_entropy_vs_q(p=p)
