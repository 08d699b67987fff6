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

    Parameters
    ----------
    p_min : the smallest probability drawn (the curve goes to infinity as p -> 0)
    n_points : number of grid points on [p_min, 1]

    Returns
    -------
    matplotlib Figure with two lines: x-data = p, y-data = -ln p (nats) and -log2 p (bits).
    """
    p = np.linspace(p_min, 1.0, n_points)
    fig, ax = new_figure()
    ax.plot(p, -np.log(p), color=PALETTE["blue"], label=r"$-\ln p$ (nats)")
    ax.plot(p, -np.log2(p), color=PALETTE["orange"], linestyle="--", label=r"$-\log_2 p$ (bits)")
    ax.axhline(0, color=PALETTE["black"], linewidth=0.8)
    ax.set(
        xlabel="probability p of the event",
        ylabel="surprise $-\\log p$",
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
    matplotlib Figure with one line: x-data = p, y-data = H(p) in bits.
    """
    p = np.linspace(0.0, 1.0, n_points)
    h_bits = -(_xlogy(p, p) + _xlogy(1 - p, 1 - p)) / np.log(2)
    fig, ax = new_figure()
    ax.plot(p, h_bits, color=PALETTE["blue"], label=r"$H(p) = -p\log_2 p - (1-p)\log_2(1-p)$")
    ax.axvline(0.5, color=PALETTE["black"], linestyle=":", linewidth=1, label="p = 1/2: 1 bit")
    ax.set(
        xlabel="p = P(X = 1)",
        ylabel="entropy H (bits)",
        title="Entropy of a coin with P(heads) = p",
        ylim=(0, 1.08),
    )
    ax.legend(loc="lower center")
    return fig


@book_figure
def cross_entropy_vs_q(p: float = 0.3, q_min: float = 0.01, n_points: int = 300):
    """Cross-entropy H(p, q) between Bernoulli(p) and Bernoulli(q), in nats, as the model's q varies.

    H(p, q) = -p ln q - (1 - p) ln(1 - q), with p fixed. The curve lies above the horizontal line at the
    entropy H(p) (dashed); the gap is the KL divergence KL(p || q), zero only at q = p (dotted line).

    Parameters
    ----------
    p : the true probability P(X = 1), in (0, 1)
    q_min : the grid runs over [q_min, 1 - q_min] (H(p, q) is infinite at q = 0 and q = 1)
    n_points : number of grid points

    Returns
    -------
    matplotlib Figure with three lines: H(p, q) against q (x-data = q), the constant H(p), and a
    vertical line at q = p.
    """
    if not 0 < p < 1:
        raise ValueError(f"p must lie strictly between 0 and 1, got {p!r}")
    q = np.linspace(q_min, 1 - q_min, n_points)
    h_pq = -p * np.log(q) - (1 - p) * np.log(1 - q)
    h_p = -p * np.log(p) - (1 - p) * np.log(1 - p)
    fig, ax = new_figure()
    ax.plot(q, h_pq, color=PALETTE["blue"], label=f"cross-entropy $H(p, q)$, p = {p:g}")
    ax.axhline(h_p, color=PALETTE["orange"], linestyle="--", label=f"entropy $H(p)$ = {h_p:.3f} nats")
    ax.axvline(p, color=PALETTE["black"], linestyle=":", linewidth=1, label=f"minimum at q = p = {p:g}")
    ax.set(
        xlabel="model probability q = Q(X = 1)",
        ylabel="nats",
        title="Cross-entropy is smallest when the model matches the data",
        ylim=(0, min(float(h_pq.max()), 3 * h_p + 1)),
    )
    ax.legend()
    return fig
