"""What every figure of the book must satisfy, shared by the tests of course_lib.plots (test_plots_*.py).

Legible on a phone: at most MAX_WIDTH inches wide and no text smaller than MIN_FONT_PT points, so that on a
390 px screen, where the book shows a full-width figure at least PHONE_FIGURE_PX pixels wide (measured by
tests/test_browser.py), the smallest text is at least 8 px tall. Mathematical labels are mathtext: outside
``$...$`` a label has no ``^`` or ``_``, which would otherwise show as plain-text formulas such as "eps^2".
"""

from __future__ import annotations

import re

from matplotlib.figure import Figure
from matplotlib.text import Text

from course_lib.plots._style import MAX_WIDTH, MIN_FONT_PT, PHONE_FIGURE_PX

MIN_PHONE_TEXT_PX = 8.0


def _outside_math(text: str) -> str:
    return re.sub(r"(?<!\\)\$.*?(?<!\\)\$", "", text)


def visible_texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def assert_legible(fig: Figure) -> None:
    """The figure is at most MAX_WIDTH wide, its smallest text at least MIN_FONT_PT, its formulas mathtext."""
    width, _ = fig.get_size_inches()
    assert width <= MAX_WIDTH + 1e-9, f"figure {width} in wide, more than {MAX_WIDTH}"
    fig.draw_without_rendering()  # tick labels get their text when the figure is drawn
    texts = visible_texts(fig)
    assert texts, "a figure without any text"
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < MIN_FONT_PT - 1e-9]
    assert small == [], f"text smaller than {MIN_FONT_PT} pt: {small}"
    assert MIN_FONT_PT * PHONE_FIGURE_PX / (72 * width) >= MIN_PHONE_TEXT_PX
    plain_formulas = [t.get_text() for t in texts if re.search(r"[\^_]", _outside_math(t.get_text()))]
    assert plain_formulas == [], f"formulas written as plain text, not mathtext: {plain_formulas}"
