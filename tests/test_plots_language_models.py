"""Tests of course_lib.plots.language_models: each figure draws the values the chapter claims it draws.

Every expected value is computed here independently of the library: the shifted targets and the padding by
slicing the texts by hand, the perplexity axis and the sizes of the logits from their formulas.
"""

import math

import numpy as np
import pytest
from figure_checks import assert_legible
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from course_lib import plots
from course_lib.plots.language_models import PADDING

# --- next_token_batch ------------------------------------------------------------------------------------


def cells_of(ax):
    """The cells drawn, as {(row from the top, position): Rectangle}, and their texts by the same key."""
    rects = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() == 1 and p.get_height() == 1]
    cells = {(int(round(-r.get_y() - 1)), int(round(r.get_x()))): r for r in rects}
    return cells


def test_next_token_batch_draws_inputs_and_targets_shifted_by_one_and_pads_to_the_longest():
    texts = ["The cat", "A dog", "Hi"]
    fig = plots.next_token_batch(texts)
    assert_legible(fig)
    (ax,) = fig.axes
    length = max(len(t) for t in texts) - 1  # 6 positions: the longest text has 7 characters
    rects = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(rects) == 2 * len(texts) * length
    # rows from the top: text 0 input, text 0 target, text 1 input, ...; rows are 1 unit tall, 0.6 apart
    tops = sorted({r.get_y() for r in rects}, reverse=True)
    assert len(tops) == 2 * len(texts)
    written = {(round(t.get_position()[0] - 0.5), round(t.get_position()[1] + 0.5, 6)): t.get_text() for t in ax.texts}
    for i, text in enumerate(texts):
        inputs, targets = text[:-1], text[1:]  # the shift, by hand
        for row, chars in ((2 * i, inputs), (2 * i + 1, targets)):
            y = tops[row]
            row_rects = sorted((r for r in rects if r.get_y() == y), key=lambda r: r.get_x())
            assert [r.get_x() for r in row_rects] == list(range(length))
            for t, rect in enumerate(row_rects):
                padded = t >= len(chars)
                assert (to_hex(rect.get_facecolor()) == PADDING) == padded  # padding is grey
                is_target = row % 2 == 1
                assert (rect.get_hatch() == "///") == (padded and is_target)  # padded targets hatched
                key = (t, round(y + 1, 6))
                if padded:
                    assert key not in written
                else:
                    assert written[key] == ("\u2423" if chars[t] == " " else chars[t])
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["a token", "padding", "padding, target -100"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(t) for t in range(length)]


def test_next_token_batch_names_the_ignore_index_it_is_given():
    fig = plots.next_token_batch(["ab", "abc"], ignore_index=-1)
    assert_legible(fig)
    assert fig.legends[0].get_texts()[-1].get_text() == "padding, target -1"


@pytest.mark.parametrize("texts", [[], ["a"], ["ok", "x"]])
def test_next_token_batch_needs_texts_of_at_least_two_characters(texts):
    with pytest.raises(ValueError, match="texts"):
        plots.next_token_batch(texts)


# --- lm_learning_curves ----------------------------------------------------------------------------------


def test_lm_learning_curves_draw_each_run_each_baseline_and_a_perplexity_axis():
    steps = [0, 100, 200, 300]
    curves = {"plain": [4.6, 2.5, 2.1, 1.9], "smoothed": [4.6, 2.6, 2.2, 2.0]}
    baselines = {"uniform": math.log(103), "unigram": 3.3}
    fig = plots.lm_learning_curves(steps, curves, baselines)
    assert_legible(fig)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 4
    for line, values in zip(lines[:2], curves.values(), strict=True):
        np.testing.assert_array_equal(line.get_xdata(), steps)
        np.testing.assert_array_equal(line.get_ydata(), values)
    assert len({(line.get_linestyle(), line.get_marker()) for line in lines[:2]}) == 2
    for line, value in zip(lines[2:], baselines.values(), strict=True):
        assert list(line.get_xdata()) == [0, 300] and list(line.get_ydata()) == [value, value]
    texts = [t.get_text() for t in ax.texts]
    assert texts == [f"uniform: {math.log(103):.2f}", "unigram: 3.30"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["plain", "smoothed"]
    # the right axis shows perplexity exp(y): its ticks sit at the heights log(perplexity)
    (right,) = ax.child_axes
    ticks = right.get_yticks()
    assert len(ticks) >= 3 and all(t in (5, 7, 10, 15, 20, 30, 50, 70, 100) for t in ticks)
    for tick in ticks:
        # a tick at perplexity P is drawn at the height of the cross-entropy log P on the main axis
        y_display = right.transData.transform((0, tick))[1]
        assert y_display == pytest.approx(ax.transData.transform((0, math.log(tick)))[1], abs=1e-6)
        assert ax.get_ylim()[0] <= math.log(tick) <= ax.get_ylim()[1]
    assert right.get_ylabel() == "perplexity"
    assert ax.get_ylabel() == "cross-entropy (nats per character)"


# --- logits_memory ---------------------------------------------------------------------------------------


def test_logits_memory_draws_the_peaks_and_the_size_of_the_logits_in_megabytes():
    n = [128, 256, 512]
    peaks = {"materialised": [8.9, 17.3, 34.1], "blocked": [5.3, 5.3, 5.4]}  # MB
    fig = plots.logits_memory(n, peaks, vocab_size=8192, itemsize=4)
    assert_legible(fig)
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert len(lines) == 3
    for line, values in zip(lines[:2], peaks.values(), strict=True):
        np.testing.assert_array_equal(line.get_xdata(), n)
        np.testing.assert_array_equal(line.get_ydata(), values)
    # the logits alone: N x V numbers of 4 bytes, in megabytes
    np.testing.assert_allclose(lines[2].get_ydata(), [k * 8192 * 4 / 1e6 for k in n], rtol=1e-15)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["128", "256", "512"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["materialised", "blocked", "the logits alone, N \u00d7 8,192 \u00d7 4 bytes"]


# --- logsumexp_drift -------------------------------------------------------------------------------------


def test_logsumexp_drift_draws_each_run_and_the_reference_levels():
    steps = [0, 200, 400]
    runs = {"plain": [4.6, 5.5, 6.0], "z-loss": [4.6, 1.0, 0.3]}
    fig = plots.logsumexp_drift(steps, runs, vocab_size=103)
    assert_legible(fig)
    (ax,) = fig.axes
    lines = ax.get_lines()
    for line, values in zip(lines[:2], runs.values(), strict=True):
        np.testing.assert_array_equal(line.get_xdata(), steps)
        np.testing.assert_array_equal(line.get_ydata(), values)
    zero, log_v = lines[2], lines[3]
    assert list(zero.get_ydata()) == [0, 0]
    assert list(log_v.get_ydata()) == pytest.approx([math.log(103)] * 2, rel=1e-15)  # log V
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["plain", "z-loss", "log V = log 103"]
    without = plots.logsumexp_drift(steps, runs)
    assert_legible(without)
    assert len(without.axes[0].get_lines()) == 3  # no log V line
