"""Figures of the chapter "Gradients" (book/05_gradients.ipynb)."""

from __future__ import annotations

import numpy as np

from ..gradients import cross_entropy_grad, numerical_gradient, softmax_jacobian
from ..losses import cross_entropy
from ._style import MIN_FONT_PT, PALETTE, book_figure, new_figure

__all__ = ["softmax_jacobian_heatmap", "gradient_check_error_curve", "gradient_check_errors"]


@book_figure
def softmax_jacobian_heatmap(z, decimals: int = 3):
    """Heatmap of the softmax Jacobian J = diag(p) - p p^T at the logits z (C,), each entry written in its cell.

    Row i is the probability p_i, column k the logit z_k, both counted from 0 (row 0 at the top); a diverging
    colour map centred at 0 shows the positive diagonal p_i (1 - p_i) and the negative off-diagonal entries
    -p_i p_k. Each cell shows its entry rounded to ``decimals`` decimals, at the book's smallest font size.
    """
    z = np.asarray(z, dtype=np.float64)
    jac = softmax_jacobian(z)
    n_classes = z.shape[-1]
    fig, ax = new_figure(width=5.6, height=4.6)
    ax.grid(False)
    vmax = float(np.abs(jac).max())
    image = ax.imshow(jac, cmap="PuOr_r", vmin=-vmax, vmax=vmax)
    for i in range(n_classes):
        for k in range(n_classes):
            dark = abs(jac[i, k]) > 0.6 * vmax  # white text on the darkest cells
            ax.text(
                k,
                i,
                f"{jac[i, k]:.{decimals}f}",
                ha="center",
                va="center",
                fontsize=MIN_FONT_PT,
                color="white" if dark else "black",
            )
    ticks = np.arange(n_classes)
    ax.set_xticks(ticks, [f"$z_{{{k}}}$" for k in ticks])
    ax.set_yticks(ticks, [f"$p_{{{i}}}$" for i in ticks])
    ax.set_xlabel(r"logit $z_k$ (column $k$)")
    ax.set_ylabel(r"probability $p_i$ (row $i$)")
    ax.set_title(r"Softmax Jacobian $\partial p_i / \partial z_k = p_i\,(\delta_{ik} - p_k)$")
    fig.colorbar(image, ax=ax, label=r"$\partial p_i / \partial z_k$")
    return fig


def gradient_check_errors(logits, target, eps_values) -> np.ndarray:
    """Max |numerical - analytic| of the cross-entropy gradient for each finite-difference step eps."""
    exact = cross_entropy_grad(logits, target)
    return np.array(
        [
            np.max(np.abs(numerical_gradient(lambda z: cross_entropy(z, target), logits, eps=e) - exact))
            for e in eps_values
        ]
    )


@book_figure
def gradient_check_error_curve(logits, target, eps_values=None):
    """Error of the central-difference gradient of cross_entropy(logits, target) against the step eps.

    Log-log axes, with the two error sources as reference lines: truncation ~ eps^2 (falls with eps) and
    rounding ~ u / eps, u the machine epsilon (grows as eps shrinks). The total error is smallest in between.
    """
    if eps_values is None:
        eps_values = np.logspace(-12, -1, 23)
    eps_values = np.asarray(eps_values, dtype=np.float64)
    errors = gradient_check_errors(logits, target, eps_values)
    machine_eps = np.finfo(np.float64).eps
    fig, ax = new_figure()
    ax.plot(eps_values, errors, "o-", color=PALETTE["blue"], lw=2, label="max |numerical − exact|")
    # reference slopes, each scaled to pass through the measured error at the end where it dominates
    truncation = eps_values**2 * (errors[-1] / eps_values[-1] ** 2)
    rounding = machine_eps / eps_values * (errors[0] * eps_values[0] / machine_eps)
    ax.plot(eps_values, truncation, ls="--", color=PALETTE["orange"], label=r"truncation $\propto \varepsilon^2$")
    ax.plot(eps_values, rounding, ls=":", color=PALETTE["vermillion"], label=r"rounding $\propto u / \varepsilon$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(errors.min() / 100, errors.max() * 100)
    ax.set_xlabel(r"finite-difference step $\varepsilon$")
    ax.set_ylabel("max absolute error of the gradient")
    ax.set_title("Central differences: error against the step size")
    ax.legend()
    return fig
