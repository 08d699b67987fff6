"""Figures of the chapter "Binary cross-entropy" (book/02_binary_cross_entropy.ipynb)."""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..losses import binary_cross_entropy, binary_cross_entropy_with_logits
from ._style import PALETTE, book_figure, new_figure

__all__ = [
    "bce_two_curves",
    "sigmoid_curve",
    "bce_with_logits_curves",
    "squared_error_vs_bce_gradients",
    "squared_error_vs_bce_losses",
]


@book_figure
def bce_two_curves(p_min: float = 0.005, n_points: int = 400):
    """The binary cross-entropy of one example as a function of the predicted probability p = P(y = 1).

    Two stacked panels sharing the p axis: for y = 1 (top) the loss is -log p, for y = 0 (bottom) it is
    -log(1 - p). Each is large when the model is confidently wrong and 0 when it is certain and right.

    Parameters
    ----------
    p_min : the grid runs over [p_min, 1 - p_min] (the losses are infinite at the ends)
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure with two axes, one line each: x-data = p, y-data = binary_cross_entropy(p, y)
    for y = 1 (top) and y = 0 (bottom).
    """
    p = np.linspace(p_min, 1 - p_min, n_points)
    fig, (ax1, ax0) = new_figure(nrows=2, height=5.6, sharex=True, sharey=True)
    for ax, y, label, color, style, title in (
        (ax1, 1.0, r"$-\log \hat y$", PALETTE["blue"], "-", r"true label $y = 1$"),
        (ax0, 0.0, r"$-\log(1 - \hat y)$", PALETTE["vermillion"], "--", r"true label $y = 0$"),
    ):
        loss = binary_cross_entropy(p, np.full_like(p, y), reduction="none")
        ax.plot(p, loss, color=color, linestyle=style, label=label)
        ax.set(ylabel="loss", title=title, xlim=(0, 1))
        ax.legend(loc="upper center")
    ax0.set_xlabel(r"predicted probability $\hat y$ that $y = 1$")
    return fig


@book_figure
def sigmoid_curve(z_max: float = 8.0, n_points: int = 401):
    """The sigmoid sigma(z) = 1 / (1 + exp(-z)), which turns a logit z into a probability.

    Parameters
    ----------
    z_max : the grid runs over [-z_max, z_max]
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure with one line (x-data = z, y-data = sigmoid(z)) and dotted guides at 0.5 and z = 0.
    """
    z = np.linspace(-z_max, z_max, n_points)
    fig, ax = new_figure(height=3.6)
    ax.plot(z, sigmoid(z), color=PALETTE["blue"], label=r"$\sigma(z) = 1/(1 + e^{-z})$")
    ax.axhline(0.5, color=PALETTE["black"], linestyle=":", linewidth=1)
    ax.axvline(0.0, color=PALETTE["black"], linestyle=":", linewidth=1)
    ax.set(
        xlabel=r"logit $z$",
        ylabel=r"probability $\sigma(z)$",
        title="The sigmoid maps a logit to a probability",
        ylim=(-0.02, 1.02),
    )
    ax.legend(loc="upper left")
    return fig


@book_figure
def bce_with_logits_curves(z_max: float = 6.0, n_points: int = 401):
    """Binary cross-entropy as a function of the logit z: softplus(-z) for y = 1, softplus(z) for y = 0.

    For large |z| each curve approaches a straight line (dotted): -z for y = 1 and z for y = 0, so a
    confidently wrong logit costs about |z|, and a confidently right one costs about 0.

    Parameters
    ----------
    z_max : the grid runs over [-z_max, z_max]
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure with four lines: the two losses binary_cross_entropy_with_logits(z, y) (x-data = z)
    and their asymptotes max(-z, 0) and max(z, 0).
    """
    z = np.linspace(-z_max, z_max, n_points)
    fig, ax = new_figure(height=4.4)
    for y, color, style, label in (
        (1.0, PALETTE["blue"], "-", r"$y = 1$: $\mathrm{softplus}(-z) = -\log\sigma(z)$"),
        (0.0, PALETTE["vermillion"], "--", r"$y = 0$: $\mathrm{softplus}(z) = -\log(1-\sigma(z))$"),
    ):
        ax.plot(
            z,
            binary_cross_entropy_with_logits(z, np.full_like(z, y), reduction="none"),
            color=color,
            linestyle=style,
            label=label,
        )
    asymptote = {"linestyle": ":", "linewidth": 1.5}
    ax.plot(z, np.maximum(-z, 0), color=PALETTE["blue"], label=r"asymptote $\max(-z, 0)$", **asymptote)
    ax.plot(z, np.maximum(z, 0), color=PALETTE["vermillion"], label=r"asymptote $\max(z, 0)$", **asymptote)
    ax.set(xlabel=r"logit $z$", ylabel="loss", title="Binary cross-entropy as a function of the logit")
    ax.legend(loc="upper center")
    return fig


def _squared_error_grad(z: np.ndarray, y: float) -> np.ndarray:
    """d/dz (sigma(z) - y)^2 = 2 (sigma(z) - y) sigma(z) (1 - sigma(z))."""
    p = sigmoid(z)
    return 2 * (p - y) * p * (1 - p)


@book_figure
def squared_error_vs_bce_gradients(z_min: float = -10.0, z_max: float = 4.0, n_points: int = 281):
    """Gradients with respect to the logit z of two losses on sigma(z), for a positive example (y = 1).

    BCE gives sigma(z) - 1, which tends to -1 as z -> -inf (a confident mistake); the squared error
    (sigma(z) - 1)^2 gives 2 (sigma(z) - 1) sigma(z) (1 - sigma(z)), which tends to 0 there.

    Parameters
    ----------
    z_min, z_max : the grid runs over [z_min, z_max]
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure with two lines (x-data = z): the BCE gradient sigma(z) - 1 (solid, round markers)
    and the squared-error gradient (dashed, square markers).
    """
    z = np.linspace(z_min, z_max, n_points)
    every = max(1, n_points // 14)  # markers tell the curves apart where they meet, near z = z_max
    fig, ax = new_figure(height=4.0)
    ax.plot(z, sigmoid(z) - 1, color=PALETTE["blue"], marker="o", markevery=every, label=r"BCE: $\sigma(z) - 1$")
    ax.plot(
        z,
        _squared_error_grad(z, 1.0),
        color=PALETTE["vermillion"],
        linestyle="--",
        marker="s",
        markevery=(every // 2, every),  # offset, so the markers of the two curves do not coincide
        label=r"squared error: $2(\sigma(z) - 1)\,\sigma(z)\,(1 - \sigma(z))$",
    )
    ax.axhline(0.0, color=PALETTE["black"], linestyle=":", linewidth=1)
    ax.set(
        xlabel=r"logit $z$ (true label $y = 1$)",
        ylabel=r"gradient $\partial l / \partial z$",
        title="Gradients with respect to the logit",
        ylim=(-1.1, 0.45),
    )
    ax.legend(loc="upper left")
    return fig


@book_figure
def squared_error_vs_bce_losses(w_min: float = -6.0, w_max: float = 6.0, n_points: int = 241):
    """Logistic regression on one example x = 1, y = 1, with z = w x: each loss as a function of the weight w.

    Two stacked panels sharing the w axis. Top: BCE -log sigma(w), convex. Bottom: the squared error
    (sigma(w) - 1)^2, concave for w < -log 2 (where sigma(w) < 1/3) and convex beyond; a dotted vertical
    line marks that inflection point.

    Parameters
    ----------
    w_min, w_max : the grid runs over [w_min, w_max]
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure with two axes: top, one line -log sigma(w); bottom, the line (sigma(w) - 1)^2 and
    a vertical line at w = -log 2.
    """
    w = np.linspace(w_min, w_max, n_points)
    fig, (ax_bce, ax_se) = new_figure(nrows=2, height=5.6, sharex=True)
    bce = binary_cross_entropy_with_logits(w, np.ones_like(w), reduction="none")  # z = w x with x = 1
    ax_bce.plot(w, bce, color=PALETTE["blue"], label=r"BCE: $-\log \sigma(w)$, convex")
    ax_se.plot(
        w,
        (sigmoid(w) - 1) ** 2,
        color=PALETTE["vermillion"],
        linestyle="--",
        label=r"squared error: $(\sigma(w) - 1)^2$",
    )
    ax_se.axvline(-np.log(2), color=PALETTE["black"], linestyle=":", linewidth=1.5, label=r"inflection $w = -\log 2$")
    ax_bce.set(ylabel="loss", title=r"One example $x = 1$, $y = 1$; logit $z = w x$")
    ax_se.set(ylabel="loss", xlabel=r"weight $w$")
    ax_bce.legend(loc="upper right")
    ax_se.legend(loc="upper right")
    return fig
