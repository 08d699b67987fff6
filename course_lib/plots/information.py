"""Figures of the chapter "Surprise, entropy, cross-entropy, KL divergence" (book/01_information.ipynb)."""

from __future__ import annotations

import numpy as np

from ._style import PALETTE, book_figure, new_figure

__all__ = ["surprise_curve", "bernoulli_entropy_curve", "cross_entropy_vs_q"]


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x * log(y) with the convention 0 * log 0 = 0 (the limit of x log x as x -> 0)."""
    safe_y = np.where(x > 0, y, 1.0)  # log(1) = 0 where x = 0, so no log(0) is ever taken
    return np.where(x > 0, x * np.log(safe_y), 0.0)


@book_figure
def surprise_curve(p_min: float = 0.01, n_points: int = 300):
    """The surprise -log p of an event of probability p, in nats (natural log) and in bits (log base 2).

    The two curves meet at p = 1, so they differ by line style and marker as well as by colour.

    Parameters
    ----------
    p_min : the smallest probability drawn (the curve goes to infinity as p -> 0)
    n_points : number of grid points on [p_min, 1]

    Returns
    -------
    matplotlib Figure with two lines: x-data = p, y-data = -ln p (nats) and -log2 p (bits).
    """
    p = np.linspace(p_min, 1.0, n_points)
    every = max(1, n_points // 12)  # about a dozen markers per curve
    fig, ax = new_figure()
    ax.plot(p, -np.log(p), color=PALETTE["blue"], marker="o", markevery=every, label=r"$-\ln p$ (nats)")
    ax.plot(
        p,
        -np.log2(p),
        color=PALETTE["orange"],
        linestyle="--",
        marker="s",
        markevery=(every // 2, every),  # offset, so the markers of the two curves do not coincide
        label=r"$-\log_2 p$ (bits)",
    )
    ax.axhline(0, color=PALETTE["black"], linewidth=0.8)
    ax.set(
        xlabel=r"probability $p$ of the event",
        ylabel=r"surprise $-\log p$",
        title="Surprise: rare events are surprising, certain ones are not",
        xlim=(0, 1.02),
    )
    ax.legend()
    return fig


@book_figure
def bernoulli_entropy_curve(n_points: int = 501):
    """The entropy of a Bernoulli(p) variable in bits, H(p) = -p log2 p - (1 - p) log2(1 - p), on [0, 1].

    Uses 0 log 0 = 0, so H(0) = H(1) = 0; the maximum is 1 bit at p = 1/2 (marked with a dotted line).

    Parameters
    ----------
    n_points : number of grid points on [0, 1]

    Returns
    -------
    matplotlib Figure with two lines: x-data = p, y-data = H(p) in bits; the vertical line at p = 1/2.
    """
    p = np.linspace(0.0, 1.0, n_points)
    h_bits = -(_xlogy(p, p) + _xlogy(1 - p, 1 - p)) / np.log(2)
    fig, ax = new_figure()
    ax.plot(p, h_bits, color=PALETTE["blue"], label=r"$H(p) = -p\,\log_2 p - (1-p)\,\log_2(1-p)$")
    ax.axvline(0.5, color=PALETTE["black"], linestyle=":", linewidth=1.5, label=r"$p = 1/2$: 1 bit")
    ax.set(
        xlabel=r"$p = P(\mathrm{heads})$",
        ylabel=r"entropy $H(p)$ (bits)",
        title=r"Entropy of a coin with $P(\mathrm{heads}) = p$",
        ylim=(0, 1.08),
    )
    ax.legend(loc="lower center", framealpha=1.0)  # opaque: the dotted line passes behind it
    return fig


@book_figure
def cross_entropy_vs_q(p: float = 0.3, q_min: float = 0.01, n_points: int = 300):
    """Cross-entropy H(p, q) between a coin with P(heads) = p and a model coin with P(heads) = q, in nats.

    H(p, q) = -p ln q - (1 - p) ln(1 - q), with p fixed. The curve lies above the horizontal line at the
    entropy H(p) (dashed); the gap is the KL divergence KL(p || q), zero only at q = p (dotted line).

    Parameters
    ----------
    p : the true probability of heads, in (0, 1)
    q_min : the grid runs over [q_min, 1 - q_min] (H(p, q) is infinite at q = 0 and q = 1)
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure with three lines: H(p, q) against q (x-data = q, solid with round markers), the
    constant H(p) (dashed), and a vertical line at q = p (dotted).
    """
    if not 0 < p < 1:
        raise ValueError(f"p must lie strictly between 0 and 1, got {p!r}")
    q = np.linspace(q_min, 1 - q_min, n_points)
    h_pq = -p * np.log(q) - (1 - p) * np.log(1 - q)
    h_p = -p * np.log(p) - (1 - p) * np.log(1 - p)
    fig, ax = new_figure()
    every = max(1, n_points // 12)  # markers tell the curve from the entropy line where they touch
    ax.plot(q, h_pq, color=PALETTE["blue"], marker="o", markevery=every, label=rf"cross-entropy $H(p, q)$, $p = {p:g}$")
    ax.axhline(h_p, color=PALETTE["orange"], linestyle="--", label=rf"entropy $H(p) = {h_p:.3f}$ nats")
    ax.axvline(p, color=PALETTE["black"], linestyle=":", linewidth=1.5, label=rf"minimum at $q = p = {p:g}$")
    ax.set(
        xlabel=r"model probability $q$ of heads",
        ylabel="nats",
        title="Cross-entropy is smallest when the model matches the data",
        ylim=(0, min(float(h_pq.max()), 3 * h_p + 1)),
    )
    ax.legend()
    return fig
