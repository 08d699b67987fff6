"""The shared look of the book's figures: colour-blind-safe colours, and sizes that stay legible on a phone.

A figure is at most :data:`MAX_WIDTH` inches wide and its smallest text is :data:`MIN_FONT_PT` points. The
book shows figures as SVG at their natural size, shrunk to the text column on a narrow screen; on a phone
(390 px wide) a figure of full width is shown about :data:`PHONE_FIGURE_PX` pixels wide, so its smallest
text is then ``MIN_FONT_PT * PHONE_FIGURE_PX / (72 * MAX_WIDTH)``, about 8 px, tall (tests/test_browser.py
measures the displayed width; the plot tests check sizes and fonts). A figure with several panels stacks
them rather than shrinking them side by side.
"""

from __future__ import annotations

import functools

import matplotlib
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

# Curves that may overlap differ by more than colour: the k-th also gets its own line style and marker.
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LINESTYLES = ("-", "--", "-.", ":")


def line_style(k: int) -> dict:
    """The line style and marker of the k-th curve of a figure (from 0), as keywords of ``Axes.plot``."""
    return {"linestyle": LINESTYLES[k % len(LINESTYLES)], "marker": MARKERS[k % len(MARKERS)]}


MAX_WIDTH = 6.4  # inches
MIN_FONT_PT = 11.0
PHONE_FIGURE_PX = 340  # the least width at which the book shows a full-width figure on a 390 px screen

STYLE = {
    "font.size": 12.0,
    "axes.titlesize": 12.0,
    "axes.labelsize": 12.0,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    "figure.titlesize": 12.0,
    "lines.linewidth": 2.0,
    "mathtext.fontset": "dejavusans",
}


def book_figure(draw):
    """Decorator: draw the figure with the course's style (font sizes of :data:`STYLE`)."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapper


def new_figure(ncols: int = 1, nrows: int = 1, width: float = MAX_WIDTH, height: float = 4.0, **kwargs):
    """A Figure (not attached to pyplot) with a grid of axes sharing the course's style."""
    if width > MAX_WIDTH:
        raise ValueError(f"width must be at most MAX_WIDTH = {MAX_WIDTH} inches (legible on a phone), got {width}")
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    for ax in axes.flat:
        ax.set_prop_cycle(color=CYCLE)
        ax.grid(True, alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
    return fig, (axes[0, 0] if nrows == ncols == 1 else axes.squeeze())
