"""Figures of the chapter "Categorical cross-entropy" (book/03_categorical_cross_entropy.ipynb)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..activations import softmax
from ..losses import cross_entropy
from ._style import PALETTE, book_figure, new_figure

__all__ = ["softmax_bars", "loss_vs_one_logit", "label_smoothing_targets", "smoothed_loss_vs_margin"]


@book_figure
def softmax_bars(logits, class_names: Sequence[str] | None = None):
    """Two stacked panels sharing the class axis: the logits z as bars (top), p = softmax(z) as bars (bottom).

    Parameters
    ----------
    logits : array (C,) of logits for one sample
    class_names : optional C names for the x-axis (default "class 0", "class 1", ..., counted from 0)

    Returns
    -------
    matplotlib Figure with two axes: top the logits, bottom the probabilities (bar heights = softmax(z)),
    each bar annotated with its value to 3 decimals.
    """
    z = np.asarray(logits, dtype=np.float64)
    p = softmax(z)
    names = list(class_names) if class_names is not None else [f"class {c}" for c in range(z.size)]
    fig, (ax_z, ax_p) = new_figure(nrows=2, height=5.6, sharex=True)
    ax_z.bar(names, z, color=PALETTE["sky"], edgecolor=PALETTE["black"])
    ax_z.set(ylabel=r"logit $z_c$", title="Logits (raw scores)")
    ax_z.axhline(0.0, color=PALETTE["black"], linewidth=1)
    ax_z.margins(y=0.18)  # room for the value written above the tallest bar
    ax_p.bar(names, p, color=PALETTE["blue"], edgecolor=PALETTE["black"])
    ax_p.set(xlabel="class", ylabel=r"probability $p_c$", title=r"Probabilities $p = \mathrm{softmax}(z)$")
    ax_p.set_ylim(0, 1.15)
    for ax, values in ((ax_z, z), (ax_p, p)):
        for x, v in enumerate(values):
            # the value above a positive bar, below a negative one
            ax.annotate(
                f"{v:.3f}",
                (x, v),
                ha="center",
                va="bottom" if v >= 0 else "top",
                textcoords="offset points",
                xytext=(0, 3 if v >= 0 else -3),
            )
    return fig


@book_figure
def loss_vs_one_logit(logits, true_class: int, z_range=(-6.0, 10.0), n_points: int = 321):
    """The loss -log p_y as one logit varies and the others stay fixed.

    Two curves: (1) varying the true class's logit z_y (solid, round markers), (2) varying one wrong class's
    logit (the first class that is not ``true_class``; dashed, square markers). A dotted vertical line marks
    the original value of each varied logit.

    Parameters
    ----------
    logits : array (C,), the fixed logits (C >= 2)
    true_class : y, the index of the true class
    z_range : the interval over which the varied logit runs
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure; its two lines have x-data = the grid and y-data = cross_entropy with the varied logit.
    """
    z0 = np.asarray(logits, dtype=np.float64)
    wrong = next(c for c in range(z0.size) if c != true_class)
    grid = np.linspace(z_range[0], z_range[1], n_points)
    every = max(1, n_points // 12)
    fig, ax = new_figure()
    for c, label, color, style, marker, start in (
        (true_class, f"vary the true class's logit $z_{{{true_class}}}$", PALETTE["blue"], "-", "o", 0),
        (wrong, f"vary a wrong class's logit $z_{{{wrong}}}$", PALETTE["vermillion"], "--", "s", every // 2),
    ):
        Z = np.tile(z0, (n_points, 1))
        Z[:, c] = grid
        loss = cross_entropy(Z, np.full(n_points, true_class), reduction="none")
        # offset markers, so that the two curves' markers never coincide where the curves cross
        ax.plot(grid, loss, color=color, linestyle=style, marker=marker, markevery=(start, every), label=label)
        ax.axvline(z0[c], color=color, linestyle=":", linewidth=1)
    ax.set(
        xlabel="value of the varied logit",
        ylabel=r"loss $-\log p_y$",
        title=f"Cross-entropy as one logit varies (true class $y = {true_class}$)",
        ylim=(0, None),
    )
    ax.legend()
    return fig


@book_figure
def label_smoothing_targets(n_classes: int, true_class: int, eps: float):
    """Grouped bars: the one-hot target and the label-smoothed target t' = (1 - eps) one-hot + eps / C.

    Returns
    -------
    matplotlib Figure with two bar containers, "one-hot" (heights = one_hot) and "label smoothing"
    (heights = the smoothed target), C bars each.
    """
    one_hot = np.zeros(n_classes)
    one_hot[true_class] = 1.0
    smoothed = (1 - eps) * one_hot + eps / n_classes
    x = np.arange(n_classes)
    width = 0.38
    fig, ax = new_figure()
    ax.bar(x - width / 2, one_hot, width, label="one-hot", color=PALETTE["blue"], edgecolor=PALETTE["black"])
    ax.bar(
        x + width / 2,
        smoothed,
        width,
        label=f"label smoothing, $\\varepsilon$ = {eps:g}",
        color=PALETTE["orange"],
        edgecolor=PALETTE["black"],
        hatch="//",
    )
    ax.set_xticks(x, [f"class {c}" for c in range(n_classes)])
    ax.set(
        xlabel="class",
        ylabel="target probability",
        title=f"Targets for true class {true_class} ($C = {n_classes}$)",
        ylim=(0, 1.1),
    )
    ax.legend()
    return fig


@book_figure
def smoothed_loss_vs_margin(n_classes: int, eps_values: Sequence[float], margin_range=(-2.0, 12.0), n_points=281):
    """Cross-entropy with label smoothing against the margin m of the logits z = (m, 0, ..., 0), true class 0.

    Without smoothing the loss falls forever as m grows (the optimum is at infinity); with eps > 0 it has a
    minimum at a finite margin, marked with a dot.

    Returns
    -------
    matplotlib Figure with one line per eps (y-data = cross_entropy(..., label_smoothing=eps); each with its
    own line style and marker) and one large round marker per eps > 0 at the grid minimum.
    """
    m = np.linspace(margin_range[0], margin_range[1], n_points)
    Z = np.zeros((n_points, n_classes))
    Z[:, 0] = m
    target = np.zeros(n_points, dtype=np.int64)
    fig, ax = new_figure()
    styles = ["-", "--", "-.", ":"]
    markers = ["^", "s", "D", "v"]
    every = max(1, n_points // 10)
    for k, eps in enumerate(eps_values):
        loss = cross_entropy(Z, target, reduction="none", label_smoothing=eps)
        (line,) = ax.plot(
            m,
            loss,
            linestyle=styles[k % len(styles)],
            marker=markers[k % len(markers)],
            markevery=(k * every // len(eps_values), every),  # offset: markers of two curves never coincide
            label=f"$\\varepsilon$ = {eps:g}",
        )
        if eps > 0:
            i = int(np.argmin(loss))
            ax.plot([m[i]], [loss[i]], "o", color=line.get_color(), markersize=10, markeredgecolor="black")
    ax.set(
        xlabel="margin $m$ (logits $z = (m, 0, \\dots, 0)$, true class 0)",
        ylabel="cross-entropy with label smoothing",
        title=f"Label smoothing puts the optimum at a finite margin ($C = {n_classes}$)",
        ylim=(0, None),
    )
    ax.legend()
    return fig
