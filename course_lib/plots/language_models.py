"""Figures of the chapter "Cross-entropy in language models" (book/08_language_models.ipynb)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

from ._style import PALETTE, book_figure, line_style, new_figure

__all__ = [
    "next_token_batch",
    "lm_learning_curves",
    "logits_memory",
    "logsumexp_drift",
]

SPACE = "\u2423"  # OPEN BOX, how a space is shown in a cell
PADDING = "#dcdcdc"  # light grey, opaque: a transparent fill would make an SVG hatch faint too


def _shown(char: str) -> str:
    return SPACE if char == " " else char


@book_figure
def next_token_batch(texts: Sequence[str], ignore_index: int = -100):
    """A batch of texts as a language model is trained on them: inputs, shifted targets, padding.

    For a text x_0 x_1 ... x_{T-1}, the inputs are x_0 ... x_{T-2} and the targets x_1 ... x_{T-1}: position t
    reads the input up to x_t and its target is the next token x_{t+1}. The texts of a batch have different
    lengths, so every row is padded to the longest, L = max(T) - 1 positions: a padded input position holds
    any token (drawn empty) and a padded target holds ``ignore_index`` (drawn hatched), so that it is left out
    of the loss and of the mean. Each character is one token; a space is drawn as an open box.

    Parameters
    ----------
    texts : the texts of the batch, each of at least two characters
    ignore_index : the target value of padded positions, written in the legend

    Returns
    -------
    matplotlib Figure with one axes. For text i (from the top), the input row and the target row are drawn as
    L cells each, a Rectangle per cell with the cell's character as a text at its centre (no text in padded
    cells). Padded cells are light grey (facecolor ``PADDING``), padded target cells also hatched; the legend
    names them with ``ignore_index``.
    """
    texts = [str(t) for t in texts]
    if not texts or any(len(t) < 2 for t in texts):
        raise ValueError(f"texts must be a non-empty list of texts of at least 2 characters, got {texts!r}")
    length = max(len(t) for t in texts) - 1
    rows = 2 * len(texts)
    fig, ax = new_figure(height=0.45 * rows + 0.3 * len(texts) + 1.2)
    ax.grid(False)
    ax.spines[:].set_visible(False)
    y = 0.0
    for text in texts:
        inputs, targets = text[:-1], text[1:]
        for label, row in (("input", inputs), ("target", targets)):
            for t in range(length):
                padded = t >= len(row)
                ax.add_patch(
                    Rectangle(
                        (t, -y - 1),
                        1,
                        1,
                        facecolor=PADDING if padded else "white",
                        hatch="///" if padded and label == "target" else None,
                        edgecolor=PALETTE["black"],
                        linewidth=0.8,
                    )
                )
                if not padded:
                    ax.text(
                        t + 0.5, -y - 0.5, _shown(row[t]), ha="center", va="center", fontsize=12, family="monospace"
                    )
            ax.text(-0.3, -y - 0.5, label, ha="right", va="center", fontsize=11)
            y += 1
        y += 0.6
    ax.set_xlim(-2.6, length + 0.1)
    ax.set_ylim(-y + 0.5, 0.1)
    ax.xaxis.set_major_locator(FixedLocator([t + 0.5 for t in range(length)]))
    ax.set_xticklabels([str(t) for t in range(length)])
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_locator(NullLocator())
    ax.set_xlabel("position t (the target is the token after the input)")
    handles = [
        Patch(facecolor="white", edgecolor=PALETTE["black"], label="a token"),
        Patch(facecolor=PADDING, edgecolor=PALETTE["black"], label="padding"),
        Patch(facecolor=PADDING, hatch="///", edgecolor=PALETTE["black"], label=f"padding, target {ignore_index}"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, handlelength=1.5, columnspacing=1.0)
    return fig


def _exp(x):
    return np.exp(np.asarray(x, dtype=np.float64))


def _log(p):
    p = np.asarray(p, dtype=np.float64)
    return np.log(p, out=np.full_like(p, -np.inf), where=p > 0)  # the axis may ask for log(0)


def _perplexity_ticks(low: float, high: float) -> list[float]:
    candidates = [1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 1000]
    return [p for p in candidates if low <= np.log(p) <= high]


@book_figure
def lm_learning_curves(steps, curves: dict, baselines: dict, title: str = "Held-out cross-entropy"):
    """Held-out cross-entropy of language models during training, against fixed baselines.

    Parameters
    ----------
    steps : the training steps at which the curves were measured (x-data)
    curves : {label: mean cross-entropies in nats per token, one per step}, one line each
    baselines : {label: mean cross-entropy in nats per token}, one horizontal dotted line each (say the
        uniform guess log V and count models), labelled at its right end
    title : the axes title

    Returns
    -------
    matplotlib Figure: one line per curve (x-data ``steps``, y-data the curve; lines differ by colour,
    style and marker), then one horizontal line per baseline (y-data its value twice), each with a text
    label. A second y-axis on the right shows the perplexity exp(y) at the same heights.
    """
    x = np.asarray(steps, dtype=np.float64)
    fig, ax = new_figure(height=4.4)
    every = max(1, x.size // 8)
    for k, (label, values) in enumerate(curves.items()):
        ax.plot(
            x,
            np.asarray(values, dtype=np.float64),
            **line_style(k),
            markevery=every,
            markersize=6,
            label=label,
        )
    for label, value in baselines.items():
        ax.plot([x[0], x[-1]], [value, value], linestyle=":", color=PALETTE["black"], linewidth=1.5)
        ax.annotate(
            f"{label}: {value:.2f}",
            (x[-1], value),
            xytext=(0, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=11,
        )
    values = [v for c in curves.values() for v in c] + list(baselines.values())
    low, high = 0.9 * min(values), max(values) + 0.35
    ax.set(xlabel="training step", ylabel="cross-entropy (nats per character)", title=title, ylim=(low, high))
    right = ax.secondary_yaxis("right", functions=(_exp, _log))
    right.yaxis.set_major_locator(FixedLocator(_perplexity_ticks(low, high)))
    right.yaxis.set_minor_formatter(NullFormatter())
    right.set_ylabel("perplexity")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.8))
    return fig


@book_figure
def logits_memory(n_tokens, peak_mb: dict, vocab_size: int, itemsize: int = 4):
    """Measured peak memory of computing a loss and its gradients, against the number of tokens N.

    Parameters
    ----------
    n_tokens : the numbers of tokens N (x-data)
    peak_mb : {label: peak memory in megabytes (10^6 bytes) at each N}, one line each (for example measured
        with tracemalloc)
    vocab_size : V, for the reference line of the logits themselves
    itemsize : bytes per number of the logits (4 for float32)

    Returns
    -------
    matplotlib Figure with logarithmic axes: one line per entry of ``peak_mb`` (x-data ``n_tokens``, y-data its
    peaks), then a dotted reference line, N V itemsize / 10^6, the size in megabytes of the N x V logits alone.
    """
    n = np.asarray(n_tokens, dtype=np.float64)
    fig, ax = new_figure(height=4.4)
    for k, (label, peaks) in enumerate(peak_mb.items()):
        ax.plot(
            n,
            np.asarray(peaks, dtype=np.float64),
            **line_style(k),
            markersize=7,
            label=label,
        )
    ax.plot(
        n,
        n * vocab_size * itemsize / 1e6,
        linestyle=":",
        color=PALETTE["black"],
        linewidth=1.5,
        label=f"the logits alone, N \u00d7 {vocab_size:,} \u00d7 {itemsize} bytes",
    )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(FixedLocator(n))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([f"{int(v):,}" for v in n])
    ax.set(xlabel="tokens N", ylabel="peak memory (MB)", title="Memory of the loss and its gradients")
    ax.legend(loc="upper left")
    return fig


@book_figure
def logsumexp_drift(steps, lse_by_run: dict, vocab_size: int | None = None):
    """The mean logsumexp of a model's logits during training, one line per training run.

    logsumexp(z) = log sum_c exp(z_c), the log of the softmax's normalizer Z, is the level of the logits that
    cross-entropy cannot see (adding a constant to every logit of a token leaves the loss unchanged); the
    z-loss pulls it towards 0.

    Parameters
    ----------
    steps : the training steps at which the means were measured (x-data)
    lse_by_run : {label: mean logsumexp of the logits at each step}
    vocab_size : V; if given, a dotted line at log V, the logsumexp of V equal logits of 0

    Returns
    -------
    matplotlib Figure: one line per run (x-data ``steps``, y-data its means; lines differ by colour, style and
    marker), a solid thin line at 0, and the dotted line at log V if ``vocab_size`` is given.
    """
    x = np.asarray(steps, dtype=np.float64)
    fig, ax = new_figure(height=4.2)
    every = max(1, x.size // 8)
    for k, (label, values) in enumerate(lse_by_run.items()):
        ax.plot(
            x,
            np.asarray(values, dtype=np.float64),
            **line_style(k),
            markevery=every,
            markersize=6,
            label=label,
        )
    ax.axhline(0.0, color=PALETTE["black"], linewidth=0.8)
    if vocab_size is not None:
        ax.axhline(
            np.log(vocab_size), color=PALETTE["black"], linestyle=":", linewidth=1.5, label=f"log V = log {vocab_size}"
        )
    ax.set(xlabel="training step", ylabel="mean logsumexp of the logits", title="The level of the logits")
    ax.legend(loc="best")
    return fig
