"""The book's machinery, out of the reader's sight: numbers glued into the prose, figures drawn as SVG.

The chapters call these in cells that the book removes from its pages (the cell tag ``remove-cell``), so a
reader sees the teaching code only, while every number in the text still comes from the code beside it and
is checked by nbval against a fresh run. Nothing here is needed to use the losses.

    from course_lib.book import glue, show_figures_as_svg
    show_figures_as_svg()            # once, in the chapter's setup cell
    glue("first_loss", loss)         # then {glue:text}`first_loss:.4f` in the prose
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["glue", "show_figures_as_svg", "SVG_HASH_SALT"]

# A fixed salt for the ids matplotlib writes into an SVG (clip paths, glyphs): the same figure gives the
# same file on every run, so re-executing a chapter leaves its committed figures unchanged.
SVG_HASH_SALT = "cross-entropy-course"


def glue(name: str, value, digits: int = 10) -> None:
    """Store ``value`` under ``name`` for the prose (myst-nb's ``{glue:text}``), without displaying it.

    A real number is rounded to ``digits`` significant digits first, so that the stored text is the same
    on every machine (the last bits of a float may differ between BLAS builds); the prose then formats it,
    for example ``{glue:text}`name:.4f```. Integers (Python or numpy), booleans and strings are stored
    as they are.

    Raises
    ------
    TypeError
        if ``value`` is neither a real number nor a string (an array, say: glue one element).
    ValueError
        if ``digits`` is not between 1 and 17.
    """
    from myst_nb import glue as _glue

    if not 1 <= digits <= 17:
        raise ValueError(f"digits must be between 1 and 17 (a float64 has 17), got {digits}")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_, str)):
        stored = value.item() if isinstance(value, np.bool_) else value
    elif isinstance(value, numbers.Integral):
        stored = int(value)
    elif isinstance(value, numbers.Real):
        stored = float(f"{float(value):.{digits}g}")
    else:
        raise TypeError(f"glue({name!r}, value): value must be a real number or a string, got {type(value).__name__}")
    _glue(name, stored, display=False)


def show_figures_as_svg() -> None:
    """Display matplotlib figures in this notebook as SVG: sharp at any zoom, on any screen.

    The SVG has no creation date and fixed element ids (:data:`SVG_HASH_SALT`), so the same figure is the
    same file on every run. Call once, in a notebook's setup cell.
    """
    import matplotlib
    from IPython import get_ipython
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    if get_ipython() is None:
        raise RuntimeError("show_figures_as_svg() configures a notebook's display: call it inside IPython")
    matplotlib.rcParams["svg.hashsalt"] = SVG_HASH_SALT
    set_matplotlib_formats("svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
