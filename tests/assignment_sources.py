"""What must never reach learners: the lines of the hidden tests and of the solutions in the masters."""

from __future__ import annotations

import re

import nbformat

from exercises.generate import MASTERS, assignment_names

__all__ = ["assignment_names", "hidden_test_lines", "solution_lines"]


def hidden_test_lines(name: str) -> list[str]:
    """Source lines found only in the hidden test cases of an assignment (not in its public ones)."""
    nb = nbformat.read(MASTERS / name / f"{name}.ipynb", as_version=4)
    lines = {True: set(), False: set()}
    for cell in nb.cells:
        if cell.cell_type == "code" and "# END TEST CONFIG" in cell.source:
            hidden = bool(re.search(r"hidden:\s*true", cell.source))
            body = cell.source.split("# END TEST CONFIG", 1)[1]
            lines[hidden] |= {ln.strip() for ln in body.splitlines() if len(ln.strip()) > 25}
    return sorted(lines[True] - lines[False])


def solution_lines(name: str) -> list[str]:
    nb = nbformat.read(MASTERS / name / f"{name}.ipynb", as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "# BEGIN SOLUTION" in cell.source:
            inside = False
            for ln in cell.source.splitlines():
                if "# END SOLUTION" in ln:
                    inside = False
                elif inside and len(ln.strip()) > 20 and not ln.strip().startswith("#"):
                    lines.append(ln.strip())
                if "# BEGIN SOLUTION" in ln:
                    inside = True
    return lines
