"""Figures of the chapter "Numerical stability" (book/04_numerical_stability.ipynb)."""

from __future__ import annotations

import numpy as np

from ..activations import log_softmax, softmax
from ._style import PALETTE, book_figure, new_figure

__all__ = ["exp_overflow", "log_softmax_underflow", "log_eps_bias"]

# float64 and float32 curves overlap: each dtype has its own colour, line style and marker.
DTYPE_STYLE = {
    np.float64: {"ls": "-", "marker": "o"},
    np.float32: {"ls": "--", "marker": "s"},
}


def exp_overflow_threshold(dtype) -> float:
    """The largest z whose exp(z) is finite in ``dtype``: log(largest finite number), e.g. 709.78 for float64."""
    return float(np.log(np.finfo(dtype).max))


def _power_of_ten(x: float) -> str:
    """``x`` as mathtext: 1e-07 -> 10^{-7}, 2.5e-07 -> 2.5 \\times 10^{-7} (without the dollar signs)."""
    mantissa, exponent = f"{x:e}".split("e")
    m, e = float(mantissa), int(exponent)
    return rf"10^{{{e}}}" if m == 1 else rf"{m:g} \times 10^{{{e}}}"


@book_figure
def exp_overflow(z_max: float = 750.0):
    """exp(z) in float32 and float64 on a logarithmic axis, with each dtype's overflow threshold marked.

    The y-axis shows log10(exp(z)) (a log scale whose ticks are the exponents; matplotlib's own log axis
    cannot reach 1e308). The threshold is log(largest finite number) of the dtype, 88.72 for float32 and
    709.78 for float64; beyond it exp(z) is inf, which is not drawn, so each curve stops there.
    The two curves coincide where both exist: float64 is solid with circles (at z = 100, 200, ...),
    float32 dashed with squares (at z = 10, 30, 50, 70).
    """
    fig, ax = new_figure()
    z = np.linspace(0.0, z_max, 1501)  # step 0.5
    curves = ((np.float64, PALETTE["blue"], (200, 200)), (np.float32, PALETTE["orange"], (20, 40)))
    for dtype, color, markevery in curves:
        with np.errstate(over="ignore"):  # exp beyond the threshold is inf: that is what the figure shows
            e = np.exp(z.astype(dtype))
        name = np.dtype(dtype).name
        ax.plot(
            z,
            np.log10(e.astype(np.float64)),
            color=color,
            lw=2.5,
            markevery=markevery,
            markersize=7,
            label=f"$e^z$ in {name}",
            **DTYPE_STYLE[dtype],
        )
    for dtype, color in ((np.float32, PALETTE["orange"]), (np.float64, PALETTE["blue"])):
        t = exp_overflow_threshold(dtype)
        ax.axvline(t, color=color, ls=":", lw=1.5, label=f"$z = {t:.2f}$: {np.dtype(dtype).name} overflows")
    ax.set_xlabel(r"logit $z$")
    ax.set_ylabel(r"$\log_{10} e^z$")
    ax.set_title(r"$e^z$ overflows to inf at $z = \log(\mathrm{largest\ float})$")
    ax.legend(loc="upper left")
    return fig


@book_figure
def log_softmax_underflow(gap_max: float = 800.0):
    """Loss of class 1 when its logit lies ``gap`` below the other one: -log p_1 for the logits (0, -gap).

    The stable value -log_softmax is gap + log(1 + exp(-gap)), drawn as a thick pale band; the naive
    -log(softmax) becomes inf once p_1 rounds to 0: from gap 104 in float32 and 746 in float64. The
    naive curves lie on the band until then: float64 dashed with circles (at gap 150, 250, ...), float32
    dash-dotted with squares (at gap 20, 40, ..., 100).
    """
    fig, ax = new_figure()
    gap = np.linspace(0.0, gap_max, int(gap_max) + 1)  # step 1
    logits = np.stack([np.zeros_like(gap), -gap], axis=-1)
    stable = -log_softmax(logits)[:, 1]
    ax.plot(gap, stable, color=PALETTE["blue"], lw=6, alpha=0.4, label="stable: log-softmax, float64")
    styles = (
        (np.float64, PALETTE["vermillion"], "--", "o", (150, 100)),
        (np.float32, PALETTE["orange"], "-.", "s", (20, 20)),
    )
    for dtype, color, ls, marker, markevery in styles:
        with np.errstate(divide="ignore"):  # log(0) = -inf once the probability underflows: the point shown
            naive = -np.log(softmax(logits.astype(dtype)))[:, 1]
        name = np.dtype(dtype).name
        ax.plot(
            gap,
            naive.astype(np.float64),
            color=color,
            ls=ls,
            lw=1.8,
            marker=marker,
            markevery=markevery,
            markersize=7,
            label=rf"naive: $-\log(\mathrm{{softmax}}(z))$, {name}",
        )
        first_inf = gap[np.isinf(naive)][0]
        ax.axvline(first_inf, color=color, ls=":", lw=1.5, label=f"{name}: naive loss is inf from gap {first_inf:.0f}")
    ax.set_xlabel(r"gap: logits $(0, -\mathrm{gap})$, true class 1")
    ax.set_ylabel(r"loss $-\log p_1$")
    ax.set_title(r"$\log(\mathrm{softmax}(z))$ underflows, log-softmax does not")
    ax.legend(loc="upper left")
    return fig


@book_figure
def log_eps_bias(eps: float = 1e-7):
    """Why -log(p + eps) is the wrong fix: the loss is capped at -log(eps) and its gradient vanishes.

    Top: the loss -log p and -log(p + eps) against the true-class probability p (log scale).
    Bottom: the size of the gradient with respect to the true-class logit, |dL/dz| = 1 - p exactly, and
    p (1 - p) / (p + eps) with the eps (using dp/dz = p (1 - p)), which goes to 0 as p goes below eps.
    Exact curves are solid with circles, the eps curves dashed with squares (markers every other decade).
    """
    fig, (ax_loss, ax_grad) = new_figure(nrows=2, height=6.4, sharex=True)
    p = np.logspace(-14, 0, 561)  # 40 points per decade
    e = _power_of_ten(eps)
    exact_style = {"color": PALETTE["blue"], "lw": 2.5, "ls": "-", "marker": "o", "markevery": (0, 80)}
    eps_style = {"color": PALETTE["vermillion"], "lw": 2, "ls": "--", "marker": "s", "markevery": (40, 80)}

    ax_loss.plot(p, -np.log(p), label=r"$-\log p$ (exact)", **exact_style)
    ax_loss.plot(p, -np.log(p + eps), label=rf"$-\log(p + \varepsilon)$, $\varepsilon = {e}$", **eps_style)
    ax_loss.axhline(-np.log(eps), color=PALETTE["black"], ls=":", lw=1.5, label=r"cap $-\log \varepsilon$")
    ax_loss.set_xscale("log")
    ax_loss.set_ylabel("loss")
    ax_loss.set_title("The loss is capped")
    ax_loss.legend(loc="upper right")

    ax_grad.plot(p, 1 - p, label=r"exact: $1 - p$", **exact_style)
    ax_grad.plot(p, p * (1 - p) / (p + eps), label=r"with $\varepsilon$: $p(1 - p)/(p + \varepsilon)$", **eps_style)
    ax_grad.set_xscale("log")
    ax_grad.set_xlabel(r"probability of the true class $p$")
    ax_grad.set_ylabel(r"$|\partial L / \partial z_j|$")
    ax_grad.set_title(r"The gradient for the true-class logit $z_j$ vanishes")
    ax_grad.legend(loc="center left")
    return fig
