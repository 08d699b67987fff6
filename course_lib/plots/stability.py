"""Figures of the chapter "Numerical stability" (book/04_numerical_stability.ipynb)."""

from __future__ import annotations

import numpy as np

from ..activations import log_softmax, softmax
from ._style import PALETTE, book_figure, new_figure

__all__ = ["plot_exp_overflow", "plot_log_softmax_underflow", "plot_log_eps_bias"]


def exp_overflow_threshold(dtype) -> float:
    """The largest z whose exp(z) is finite in ``dtype``: log(largest finite number), e.g. 709.78 for float64."""
    return float(np.log(np.finfo(dtype).max))


@book_figure
def plot_exp_overflow(z_max: float = 750.0):
    """exp(z) in float32 and float64 on a logarithmic axis, with each dtype's overflow threshold marked.

    The y-axis shows log10(exp(z)) (a log scale whose ticks are the exponents; matplotlib's own log axis
    cannot reach 1e308). The threshold is log(largest finite number) of the dtype, 88.72 for float32 and
    709.78 for float64; beyond it exp(z) is inf, which is not drawn, so each curve stops there.
    """
    fig, ax = new_figure()
    z = np.linspace(0.0, z_max, 1501)
    for dtype, color, ls in ((np.float64, PALETTE["blue"], "-"), (np.float32, PALETTE["orange"], "--")):
        with np.errstate(over="ignore"):  # exp beyond the threshold is inf: that is what the figure shows
            e = np.exp(z.astype(dtype))
        name = np.dtype(dtype).name
        ax.plot(z, np.log10(e.astype(np.float64)), color=color, lw=2.5, ls=ls, label=f"exp(z) in {name}")
    for dtype, color in ((np.float32, PALETTE["orange"]), (np.float64, PALETTE["blue"])):
        t = exp_overflow_threshold(dtype)
        ax.axvline(t, color=color, ls=":", lw=1.5, label=f"z = {t:.2f}: {np.dtype(dtype).name} overflows")
    ax.set_xlabel("logit z")
    ax.set_ylabel("log10 exp(z)   (exp(z) = 10^y)")
    ax.set_title("exp(z) overflows to inf at z = log(largest float)")
    ax.legend(loc="upper left", fontsize="small")
    return fig


@book_figure
def plot_log_softmax_underflow(gap_max: float = 800.0):
    """Loss of a class whose logit lies ``gap`` below the other one: -log p for the logits (0, -gap).

    The stable value -log_softmax is gap + log(1 + exp(-gap)); the naive -log(softmax) becomes inf once
    the probability underflows to 0 (gap about 104 in float32, 745 in float64).
    """
    fig, ax = new_figure()
    gap = np.linspace(0.0, gap_max, int(gap_max) + 1)
    logits = np.stack([np.zeros_like(gap), -gap], axis=-1)
    stable = -log_softmax(logits)[:, 1]
    ax.plot(gap, stable, color=PALETTE["blue"], lw=4, alpha=0.5, label="stable: -log_softmax(z), float64")
    styles = ((np.float64, PALETTE["vermillion"], "-"), (np.float32, PALETTE["orange"], "--"))
    for dtype, color, ls in styles:
        with np.errstate(divide="ignore"):  # log(0) = -inf once the probability underflows: the point shown
            naive = -np.log(softmax(logits.astype(dtype)))[:, 1]
        name = np.dtype(dtype).name
        ax.plot(gap, naive.astype(np.float64), color=color, ls=ls, lw=1.5, label=f"naive: -log(softmax(z)), {name}")
        first_inf = gap[np.isinf(naive)][0]
        ax.axvline(first_inf, color=color, ls=":", lw=1.2, label=f"{name}: naive loss is inf from gap {first_inf:.0f}")
    ax.set_xlabel("gap between the logits (logits = (0, -gap), true class 2)")
    ax.set_ylabel("loss  -log p_2")
    ax.set_title("log(softmax(z)) underflows; log_softmax(z) does not")
    ax.legend(loc="upper left", fontsize="small")
    return fig


@book_figure
def plot_log_eps_bias(eps: float = 1e-7):
    """Why -log(p + eps) is the wrong fix: the loss is capped at -log(eps) and its gradient vanishes.

    Left: the loss -log p and -log(p + eps) against the true-class probability p (log scale).
    Right: the size of the gradient with respect to the true-class logit, |dL/dz| = 1 - p exactly, and
    p (1 - p) / (p + eps) with the eps (using dp/dz = p (1 - p)), which goes to 0 as p goes below eps.
    """
    fig, (ax_loss, ax_grad) = new_figure(ncols=2)
    p = np.logspace(-14, 0, 561)
    ax_loss.plot(p, -np.log(p), color=PALETTE["blue"], lw=2.5, label="-log p (exact)")
    ax_loss.plot(p, -np.log(p + eps), color=PALETTE["vermillion"], lw=2, ls="--", label=f"-log(p + {eps:g})")
    ax_loss.axhline(-np.log(eps), color=PALETTE["black"], ls=":", lw=1, label=f"cap -log({eps:g})")
    ax_loss.set_xscale("log")
    ax_loss.set_xlabel("probability of the true class p")
    ax_loss.set_ylabel("loss")
    ax_loss.set_title("The loss is capped")
    ax_loss.legend(fontsize="small")

    ax_grad.plot(p, 1 - p, color=PALETTE["blue"], lw=2.5, label="exact: 1 - p")
    ax_grad.plot(
        p,
        p * (1 - p) / (p + eps),
        color=PALETTE["vermillion"],
        lw=2,
        ls="--",
        label=f"with eps: p(1 - p) / (p + {eps:g})",
    )
    ax_grad.set_xscale("log")
    ax_grad.set_xlabel("probability of the true class p")
    ax_grad.set_ylabel("|dL/dz| for the true-class logit")
    ax_grad.set_title("The gradient of confident mistakes vanishes")
    ax_grad.legend(fontsize="small")
    fig.suptitle(f"-log(p + eps) with eps = {eps:g}")
    return fig
