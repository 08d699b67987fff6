"""Two pieces of HTML that the book's toolchain writes and that assistive technology reads wrongly.

- A bibliography is a ``role="list"`` whose entries docutils marks ``role="doc-biblioentry"``, a role that
  DPUB-ARIA 1.1 deprecated and that is not a list item, so the list has no items; here they are list items.
- A hidden code cell's ``<summary>`` carries ``aria-label="Toggle hidden content"`` (myst-nb), which replaces
  its visible text ("Show code cell source") as its accessible name; here the visible text is the name.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput


def visit_citation(self, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def visit_hidden_code_cell(self, node: HideCodeCellNode) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def setup(app):
    app.setup_extension("myst_nb")  # so that this visitor replaces myst-nb's, not the other way round
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_code_cell, depart_HideCellInput))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
