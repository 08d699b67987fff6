"""Figures of the chapter "Binary cross-entropy" (book/02_binary_cross_entropy.ipynb)."""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..losses import binary_cross_entropy, binary_cross_entropy_with_logits
from ._style import PALETTE, book_figure, new_figure

__all__ = ["bce_two_curves", "sigmoid_curve", "bce_with_logits_curves"]


@book_figure
def bce_two_curves(p_min: float = 0.005, n_points: int = 400):
    """The binary cross-entropy of one example as a function of the predicted probability p = P(y = 1).

    Two panels: for y = 1 the loss is -log p, for y = 0 it is -log(1 - p). Each is large when the model
    is confidently wrong and 0 when it is certain and right.

    Parameters
    ----------
    p_min : the grid runs over [p_min, 1 - p_min] (the losses are infinite at the ends)
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure with two axes, one line each: x-data = p, y-data = binary_cross_entropy(p, y)
    for y = 1 (left) and y = 0 (right).
    """
    p = np.linspace(p_min, 1 - p_min, n_points)
    fig, (ax1, ax0) = new_figure(ncols=2, height=3.6, sharey=True)
    for ax, y, label, color, title in (
        (ax1, 1.0, r"$-\log p$", PALETTE["blue"], "true label y = 1"),
        (ax0, 0.0, r"$-\log(1 - p)$", PALETTE["vermillion"], "true label y = 0"),
    ):
        loss = binary_cross_entropy(p, np.full_like(p, y), reduction="none")
        ax.plot(p, loss, color=color, label=label)
        ax.set(xlabel=r"predicted probability $\hat y = p$ that y = 1", title=title, xlim=(0, 1))
        ax.legend(loc="upper center")
    ax1.set_ylabel("loss")
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
        xlabel="logit z",
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
    fig, ax = new_figure()
    for y, color, style, label in (
        (1.0, PALETTE["blue"], "-", r"y = 1: $\mathrm{softplus}(-z) = -\log\sigma(z)$"),
        (0.0, PALETTE["vermillion"], "--", r"y = 0: $\mathrm{softplus}(z) = -\log(1-\sigma(z))$"),
    ):
        ax.plot(
            z,
            binary_cross_entropy_with_logits(z, np.full_like(z, y), reduction="none"),
            color=color,
            linestyle=style,
            label=label,
        )
    ax.plot(z, np.maximum(-z, 0), color=PALETTE["blue"], linestyle=":", linewidth=1, label="asymptote max(-z, 0)")
    ax.plot(z, np.maximum(z, 0), color=PALETTE["vermillion"], linestyle=":", linewidth=1, label="asymptote max(z, 0)")
    ax.set(xlabel="logit z", ylabel="loss", title="Binary cross-entropy as a function of the logit")
    ax.legend(loc="upper center")
    return fig
