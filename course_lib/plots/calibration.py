"""Figures of the chapter "Choosing and trusting the loss" (book/07_choosing_the_loss.ipynb)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.ticker import NullFormatter

from ..activations import softmax
from ..calibration import expected_calibration_error, reliability_curve
from ..distillation import distillation_loss_grad
from ..losses import cross_entropy
from ._style import CYCLE, PALETTE, book_figure, line_style, new_figure

__all__ = [
    "expected_scores",
    "reliability_diagram",
    "ece_versus_bins",
    "temperature_curve",
    "confidence_histograms",
    "focal_loss_curves",
    "soft_targets",
    "distillation_gradient_scale",
]


@book_figure
def expected_scores(p_true: float = 0.7, n_points: int = 999):
    """Expected log score, Brier score and 0-1 loss of a two-class forecast q when the truth is p.

    Class 1 happens with probability p and the forecast gives it probability q (class 0 gets 1 - q). Over the
    outcome, the expected scores are::

        log score   -(p log q + (1 - p) log(1 - q))
        Brier       p 2 (1 - q)^2 + (1 - p) 2 q^2          (the sum over both classes, as brier_score)
        0-1 loss    1 - p if q > 1/2, else p               (argmax; a tie goes to class 0)

    The first two are smallest at q = p only (proper scoring rules); the 0-1 loss is flat on each side of 1/2.

    Parameters
    ----------
    p_true : p, the true probability of class 1, in (0, 1)
    n_points : grid points for q, evenly spaced on [0.001, 0.999]

    Returns
    -------
    matplotlib Figure: three lines (log score solid with circles, Brier dashed with squares, 0-1 loss
    dash-dotted with triangles), x-data the grid of q and y-data the expected scores above, and a dotted
    vertical line at q = p.
    """
    p = float(p_true)
    if not 0 < p < 1:
        raise ValueError(f"p_true must be in (0, 1), got {p_true!r}")
    q = np.linspace(0.001, 0.999, n_points)
    curves = {
        "log score (cross-entropy)": -(p * np.log(q) + (1 - p) * np.log1p(-q)),
        "Brier score": 2 * p * (1 - q) ** 2 + 2 * (1 - p) * q**2,
        "0-1 loss (1 - accuracy)": np.where(q > 0.5, 1 - p, p),
    }
    fig, ax = new_figure(height=4.2)
    every = max(1, n_points // 10)
    for k, (label, values) in enumerate(curves.items()):
        ax.plot(q, values, **line_style(k), markevery=every, markersize=6, label=label)
    ax.axvline(p, color=PALETTE["black"], linestyle=":", linewidth=1.5, label=f"the truth, q = {p:g}")
    ax.set(
        xlabel=r"forecast probability $q$ of class 1",
        ylabel="expected score (lower is better)",
        title=f"Expected scores when class 1 has probability {p:g}",
        xlim=(0, 1),
        ylim=(0, 1.6),
    )
    ax.legend(loc="upper center")
    return fig


@book_figure
def reliability_diagram(probs_by_model: dict, target, n_bins: int = 15):
    """Top-label reliability diagrams, one panel per model, stacked: accuracy against confidence in bins.

    The bins are those of :func:`~course_lib.calibration.reliability_curve`: equal-width on [0, 1], bin k
    holding the samples whose top-label confidence c = max_c p_c lies in (k/n, (k+1)/n]. In each non-empty
    bin a bar rises to the bin's accuracy, a diamond marks the bin's mean confidence at the middle of the
    bar, and the number of samples in the bin is written at the foot of the bar; a calibrated model has
    every diamond on the top of its bar, on the diagonal. The panel title gives the model's name and its ECE
    with the same bins.

    Parameters
    ----------
    probs_by_model : {name: probabilities (N, C)}, each of the same N samples
    target : int array (N,), the true classes
    n_bins : the number of equal-width bins

    Returns
    -------
    matplotlib Figure with one axes per model: bars (left edge k/n, width 1/n, height the bin's accuracy)
    for the non-empty bins only, a line of diamonds at (bin middle, mean confidence), the dashed diagonal,
    and one text per non-empty bin, its count, at the foot of its bar. The legend is below the panels.
    """
    names = list(probs_by_model)
    fig, axes = new_figure(nrows=len(names), height=3.3 * len(names) + 0.8, sharex=True)
    axes = np.atleast_1d(axes)
    width = 1.0 / n_bins
    for ax, name in zip(axes, names, strict=True):
        probs = probs_by_model[name]
        confidence, accuracy, count = reliability_curve(probs, target, n_bins=n_bins)
        ece = expected_calibration_error(probs, target, n_bins=n_bins)
        filled = count > 0
        left = np.arange(n_bins)[filled] * width
        ax.bar(
            left,
            accuracy[filled],
            width=width,
            align="edge",
            color=PALETTE["sky"],
            edgecolor=PALETTE["black"],
            linewidth=0.6,
            label="accuracy in the bin",
        )
        ax.plot(
            left + width / 2,
            confidence[filled],
            linestyle="none",
            marker="D",
            markersize=6,
            color=PALETTE["vermillion"],
            markeredgecolor=PALETTE["black"],
            label="mean confidence in the bin",
        )
        ax.plot([0, 1], [0, 1], linestyle="--", color=PALETTE["black"], linewidth=1.2, label="calibrated")
        for x, n in zip(left + width / 2, count[filled], strict=True):
            ax.annotate(f"{n}", (x, 0), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom")
        ax.set(xlim=(0, 1), ylim=(0, 1.02), ylabel="accuracy", title=f"{name}: ECE = {ece:.4f}")
    axes[-1].set_xlabel(f"top-label confidence, {n_bins} bins (numbers: samples per bin)")
    handles = dict(zip(*reversed(axes[0].get_legend_handles_labels()), strict=True))
    order = ["accuracy in the bin", "mean confidence in the bin", "calibrated"]
    fig.legend([handles[label] for label in order], order, loc="outside lower center", ncol=2)
    return fig


@book_figure
def ece_versus_bins(curves: dict, bin_counts: Sequence[int] = tuple(range(2, 51))):
    """The expected calibration error of fixed predictions as the number of equal-width bins changes.

    Parameters
    ----------
    curves : {label: (probs (N, C), target (N,))}, one line each
    bin_counts : the numbers of bins n to try

    Returns
    -------
    matplotlib Figure: one line per entry, x-data ``bin_counts`` and y-data
    ``expected_calibration_error(probs, target, n)`` for each n; lines differ by colour, style and marker.
    """
    bins = np.asarray(list(bin_counts), dtype=np.int64)
    fig, ax = new_figure(height=4.2)
    every = max(1, bins.size // 10)
    for k, (label, (probs, target)) in enumerate(curves.items()):
        ece = [float(expected_calibration_error(probs, target, n_bins=int(n))) for n in bins]
        ax.plot(
            bins,
            ece,
            **line_style(k),
            markevery=every,
            markersize=6,
            label=label,
        )
    ax.set(xlabel="number of equal-width bins", ylabel="ECE", title="One set of predictions, many ECEs")
    ax.set_ylim(bottom=0)
    ax.legend()
    return fig


def _reciprocal(x):
    x = np.asarray(x, dtype=np.float64)
    return np.divide(1.0, x, out=np.full_like(x, np.inf), where=x != 0)


@book_figure
def temperature_curve(logits, target, temperature: float, betas=None):
    """Mean cross-entropy of softmax(beta z) against the inverse temperature beta = 1 / T.

    L(beta) = (1/N) sum_i [logsumexp(beta z_i) - beta z_{i, y_i}] is convex in beta. The curve is drawn
    against beta, with the temperature T = 1 / beta on a second axis at the top; a circle marks the model
    as trained (beta = 1) and a star the fitted temperature.

    Parameters
    ----------
    logits : array (N, C) of logits z
    target : int array (N,) of class indices
    temperature : the fitted T (for example ``fit_temperature(logits, target)``)
    betas : the grid of beta (default 400 points evenly spaced on [0.05, max(2, 2.5 / T)])

    Returns
    -------
    matplotlib Figure: line 0 has x-data the grid of beta and y-data ``cross_entropy(beta * logits,
    target)``; line 1 is the point (1, L(1)), line 2 the point (1 / T, L(1 / T)).
    """
    z = np.asarray(logits, dtype=np.float64)
    best = 1.0 / float(temperature)
    grid = np.linspace(0.05, max(2.0, 2.5 * best), 400) if betas is None else np.asarray(betas, np.float64)
    nll = np.array([float(cross_entropy(b * z, target)) for b in grid])
    fig, ax = new_figure(height=4.2)
    ax.plot(grid, nll, color=CYCLE[0], label=r"mean cross-entropy $L(\beta)$")
    ax.plot(
        [1.0],
        [float(cross_entropy(z, target))],
        linestyle="none",
        marker="o",
        markersize=9,
        color=PALETTE["orange"],
        markeredgecolor=PALETTE["black"],
        label=r"as trained, $T = 1$",
    )
    ax.plot(
        [best],
        [float(cross_entropy(best * z, target))],
        linestyle="none",
        marker="*",
        markersize=14,
        color=PALETTE["vermillion"],
        markeredgecolor=PALETTE["black"],
        label=r"fitted, $T$ = " + f"{float(temperature):.3f}",
    )
    ax.set(
        xlabel=r"inverse temperature $\beta = 1/T$",
        ylabel="mean cross-entropy",
        title="Temperature scaling: the loss is convex in " + r"$\beta$",
    )
    top = ax.secondary_xaxis("top", functions=(_reciprocal, _reciprocal))
    top.set_xlabel(r"temperature $T$")
    ticks = [t for t in (0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 4.0, 10.0) if grid[0] <= 1 / t <= grid[-1]]
    top.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.legend(loc="upper right")
    return fig


@book_figure
def confidence_histograms(probs_by_model: dict, n_bins: int = 20):
    """How confident each model is: histograms of the top-label confidence max_c p_c, one line per model.

    Parameters
    ----------
    probs_by_model : {name: probabilities (N, C)}
    n_bins : equal-width bins on [0, 1]

    Returns
    -------
    matplotlib Figure with a logarithmic count axis: per model a line with x-data the bin middles and y-data
    the number of samples in each bin (``np.histogram(confidence, bins=n_bins, range=(0, 1))``); empty bins
    are not drawn (log scale).
    """
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    middles = (edges[:-1] + edges[1:]) / 2
    fig, ax = new_figure(height=4.2)
    for k, (name, probs) in enumerate(probs_by_model.items()):
        confidence = np.asarray(probs, dtype=np.float64).max(axis=-1)
        counts, _ = np.histogram(confidence, bins=edges)
        shown = counts > 0
        ax.plot(
            middles[shown],
            counts[shown],
            **line_style(k),
            markersize=6,
            label=name,
        )
    ax.set_yscale("log")
    ax.set(
        xlabel="top-label confidence",
        ylabel="number of samples",
        title="Distribution of the confidence",
        xlim=(0, 1),
    )
    ax.legend(loc="upper left")
    return fig


@book_figure
def focal_loss_curves(gammas: Sequence[float] = (0.0, 0.5, 1.0, 2.0, 5.0), n_points: int = 500):
    """The focal loss of one sample, -(1 - p)^gamma log p, against the probability p of its true class.

    gamma = 0 is cross-entropy; a larger gamma shrinks the loss of samples that are already classified well
    (p near 1) far more than that of hard ones (Lin et al. 2017, figure 1).

    Parameters
    ----------
    gammas : the focusing exponents, one line each
    n_points : grid points for p, evenly spaced on [0.01, 1]

    Returns
    -------
    matplotlib Figure: line k has x-data the grid of p and y-data -(1 - p)^gamma_k log p.
    """
    p = np.linspace(0.01, 1.0, n_points)
    fig, ax = new_figure(height=4.2)
    every = max(1, n_points // 10)
    for k, gamma in enumerate(gammas):
        ax.plot(
            p,
            -((1 - p) ** gamma) * np.log(p),
            **line_style(k),
            markevery=(k * every // len(gammas), every),
            markersize=6,
            label=(r"$\gamma$ = " + f"{gamma:g}") + (" (cross-entropy)" if gamma == 0 else ""),
        )
    ax.set(
        xlabel=r"probability of the true class $p_y$",
        ylabel="loss of the sample",
        title=r"Focal loss $-(1 - p_y)^{\gamma} \log p_y$",
        xlim=(0, 1),
        ylim=(0, 3),
    )
    ax.legend()
    return fig


@book_figure
def soft_targets(logits, temperatures: Sequence[float], class_names: Sequence[str]):
    """One sample's softened distribution softmax(z / T) at several temperatures, as grouped bars.

    Parameters
    ----------
    logits : array (C,), one sample's logits (a teacher's)
    temperatures : the temperatures T, one group member (and legend entry) each
    class_names : C names for the x-axis

    Returns
    -------
    matplotlib Figure: for temperature k, C bars (one container) at x = c + offset_k with heights
    softmax(z / T_k); the containers are in the order of ``temperatures``.
    """
    z = np.asarray(logits, dtype=np.float64)
    temps = [float(t) for t in temperatures]
    n = len(temps)
    width = 0.8 / n
    x = np.arange(z.size)
    fig, ax = new_figure(height=4.0)
    hatches = ("", "//", "..", "xx")
    for k, temp in enumerate(temps):
        ax.bar(
            x + (k - (n - 1) / 2) * width,
            softmax(z / temp),
            width=width,
            color=CYCLE[k % len(CYCLE)],
            edgecolor=PALETTE["black"],
            linewidth=0.6,
            hatch=hatches[k % len(hatches)],
            label=f"T = {temp:g}",
        )
    ax.set_xticks(x, list(class_names))
    ax.set(xlabel="class", ylabel="probability", title="Soft targets: softmax(z / T)", ylim=(0, 1.02))
    ax.legend(loc="upper left")
    return fig


@book_figure
def distillation_gradient_scale(student_logits, teacher_logits, temperatures: Sequence[float]):
    """Size of the distillation gradient with and without the factor T^2, against the temperature T.

    For each T: the Frobenius norm of the gradient of T^2 KL(softmax(t / T) || softmax(s / T)) (batchmean)
    with respect to the student's logits s, and of the gradient of KL alone, which is the same divided by T^2.

    Parameters
    ----------
    student_logits, teacher_logits : arrays (N, C)
    temperatures : the temperatures T > 0 to evaluate

    Returns
    -------
    matplotlib Figure with logarithmic axes: line 0 (with T^2) and line 1 (without), both with x-data the
    temperatures and y-data the gradient norms.
    """
    temps = np.asarray(list(temperatures), dtype=np.float64)
    with_t2 = np.array([np.linalg.norm(distillation_loss_grad(student_logits, teacher_logits, t)) for t in temps])
    without = with_t2 / temps**2
    fig, ax = new_figure(height=4.2)
    ax.plot(temps, with_t2, linestyle="-", marker="o", markersize=6, label=r"$T^2\,\mathrm{KL}$ (with $T^2$)")
    ax.plot(temps, without, linestyle="--", marker="s", markersize=6, label=r"$\mathrm{KL}$ alone")
    ax.set_xscale("log")
    ax.set_yscale("log")
    # temperatures as plain numbers (1, 2, 5, 10, ...) rather than powers of ten
    ticks = [t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if temps.min() <= t <= temps.max()]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())  # no labels at 2e-3, 3e-3, ...: powers of ten only
    ax.set(
        xlabel=r"temperature $T$",
        ylabel="norm of the gradient (student logits)",
        title="Why the distillation loss is multiplied by " + r"$T^2$",
    )
    ax.legend()
    return fig
