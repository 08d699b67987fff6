"""The shared look of the book's figures."""

from __future__ import annotations

from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable under deuteranopia, protanopia, tritanopia.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 6.4, height: float = 4.0, **kwargs):
    """A Figure (not attached to pyplot) with a grid of axes sharing the course's style."""
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    for ax in axes.flat:
        ax.set_prop_cycle(color=CYCLE)
        ax.grid(True, alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
    return fig, (axes[0, 0] if nrows == ncols == 1 else axes.squeeze())
