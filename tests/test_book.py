"""The book as a whole: it builds strictly, its pages say what the course promises, its notebooks are sound.

The notebooks' outputs themselves are checked by nbval (``pytest --nbval book``), which re-executes every
chapter and compares each output with the committed one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
FIGURE_TYPES = {"image/png", "image/jpeg", "image/svg+xml"}

# What each chapter must teach, looked for in that chapter's own page (the API appendix repeats many of them).
REQUIRED_PHRASES = {
    "01_information": ["KL divergence", "entropy", "maximum likelihood"],
    "02_binary_cross_entropy": ["binary cross-entropy", "BCEWithLogitsLoss", "pos_weight", "Why not squared error"],
    "03_categorical_cross_entropy": [
        "softmax",
        "one-hot",
        "label smoothing",
        "ignore_index",
        "log C",
        "Why not squared error",
        "hinge loss",
    ],
    "04_numerical_stability": ["logsumexp", "709", "log-softmax", "float32"],
    "05_gradients": ["Jacobian", "finite difference", "gradient check"],
    "06_pipeline": ["Iris", "decision regions", "training"],
    "07_choosing_the_loss": [
        "proper scoring rule",
        "Brier score",
        "reliability diagram",
        "expected calibration error",
        "Temperature scaling",
        "label smoothing",
        "focal loss",
        "distillation",
    ],
    "08_language_models": [
        "next-token prediction",
        "teacher forcing",
        "ignore_index",
        "perplexity",
        "bits per byte",
        "label smoothing",
        "online logsumexp",
        "Cut Cross-Entropy",
        "Liger Kernel",
        "vocabulary-parallel",
        "z-loss",
    ],
}

# Material the reader does not have: the book states every claim in its own words.
UNSEEN_SOURCES = ["seed note", "study note", "note this course", "the note the course", "source material"]


class _TextOf(HTMLParser):
    """The visible text of an HTML page: everything outside <script> and <style>."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible_text(path: Path) -> str:
    parser = _TextOf()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_book_builds_with_zero_warnings(built_book):
    result, html = built_book
    log = result.stdout + result.stderr
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert result.returncode == 0, log[-3000:]
    assert warnings == []
    assert (html / "book" / "index.html").exists()


@pytest.mark.parametrize("chapter", sorted(REQUIRED_PHRASES))
def test_each_chapter_page_teaches_what_it_must(built_book, chapter):
    _, html = built_book
    text = _visible_text(html / "book" / f"{chapter}.html")
    missing = [phrase for phrase in REQUIRED_PHRASES[chapter] if phrase not in text]
    assert missing == []


def test_every_chapter_has_its_required_phrases():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    numbered = [
        ch["file"].removeprefix("book/") for part in toc["parts"] if part.get("numbered") for ch in part["chapters"]
    ]
    assert sorted(numbered) == sorted(REQUIRED_PHRASES)


def test_every_chapter_notebook_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = {toc["root"]} | {ch["file"] for part in toc["parts"] for ch in part["chapters"]}
    assert {f"book/{nb.stem}" for nb in NOTEBOOKS} <= files
    for f in files:
        assert (ROOT / f"{f}.ipynb").exists() or (ROOT / f"{f}.md").exists(), f


def test_nothing_refers_to_material_the_reader_does_not_have(built_book):
    _, html = built_book
    pages = {p.name: _visible_text(p) for p in html.rglob("*.html") if "_static" not in p.parts}
    students = {p.name: p.read_text() for p in (ROOT / "exercises" / "student").rglob("*.ipynb")}
    sources = {p.name: p.read_text() for p in BOOK.rglob("*") if p.suffix in {".ipynb", ".md"}}
    found = [
        (name, phrase)
        for texts in (pages, students, sources)
        for name, text in texts.items()
        for phrase in UNSEEN_SOURCES
        if phrase in text.lower()
    ]
    assert found == []
    masters = list((ROOT / "exercises" / "masters").glob("*/*.ipynb"))
    assert len(pages) > 10 and len(students) == len(masters) >= 6


def test_the_build_never_allows_errors():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["execute"]["allow_errors"] is False


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_executed_in_order_without_errors_or_warnings(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "cells must be executed top to bottom, once"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", cell.source[:80]
            assert not (out.output_type == "stream" and out.name == "stderr"), cell.source[:80]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_imports_course_lib_in_its_first_code_cell(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "import course_lib as cl" in first.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_alt_text_and_a_caption(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if any(FIGURE_TYPES & set(out.get("data", {})) for out in cell.outputs):
            meta = cell.metadata.get("mystnb", {})
            assert len(meta.get("image", {}).get("alt", "")) > 30, cell.source[:80]
            assert meta.get("figure", {}).get("caption"), cell.source[:80]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_build_machinery_is_in_cells_the_page_removes(path):
    """Glue calls and the figure set-up run in cells tagged remove-cell: the reader sees teaching code only."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        machinery = re.search(r"\bglue\(|show_figures_as_svg|myst_nb|%matplotlib|%config", cell.source)
        removed = "remove-cell" in cell.metadata.get("tags", [])
        assert removed or not machinery, cell.source[:200]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_is_a_vector_image(path):
    """Figures are SVG: sharp at any zoom and on any screen (a PNG would blur on a phone or when zoomed)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            images = FIGURE_TYPES & set(out.get("data", {}))
            assert images <= {"image/svg+xml"}, (images, cell.source[:80])


def test_readers_requirements_install_course_lib_and_not_torch():
    lines = [ln.strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    packages = [ln for ln in lines if ln and not ln.startswith("#")]
    assert "-e ." in packages
    assert not any(ln.lower().startswith("torch") for ln in packages)


def test_published_book_holds_no_hidden_test_or_solution_of_the_assignments(built_book):
    from assignment_sources import assignment_names, hidden_test_lines, solution_lines

    _, html = built_book
    text = "\n".join(
        p.read_text(errors="ignore")
        for p in html.rglob("*")
        if p.is_file() and p.suffix in {".html", ".js", ".txt", ".ipynb", ".json"}
    )
    # a line the chapters themselves show (say, `model.W, model.b = W.copy(), b.copy()`) is no leak
    chapters = "\n".join(p.read_text() for p in BOOK.rglob("*") if p.suffix in {".ipynb", ".md"})
    for name in assignment_names():
        secret = [ln for ln in hidden_test_lines(name) + solution_lines(name) if ln not in chapters]
        assert secret
        assert [ln for ln in secret if ln in text] == []


def test_exercises_page_links_every_student_notebook_on_binder_for_this_repository(built_book):
    from assignment_sources import assignment_names

    _, html = built_book
    page = (html / "book" / "exercises.html").read_text()
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].removeprefix("https://github.com/")
    for name in assignment_names():
        link = f"https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/exercises/student/{name}/{name}.ipynb"
        assert link in page
        assert (ROOT / "exercises" / "student" / name / f"{name}.ipynb").exists()


def test_exercises_page_tells_a_learner_how_to_self_grade_and_that_binder_keeps_nothing(built_book):
    _, html = built_book
    text = " ".join(re.sub(r"<[^>]+>", " ", (html / "book" / "exercises.html").read_text()).split())
    for phrase in (
        "Passing them is not the grade",
        "Grading your own work",
        "run its last cell",
        "Binder does not save your work",
        "Download the notebook",
    ):
        assert phrase in text, phrase
    for k, name in enumerate(sorted(p.name for p in (ROOT / "exercises" / "masters").iterdir()), start=2):
        assert name.startswith(f"a{k}_")  # the assignment of chapter k is ak_...


# --- course_lib.book: the machinery the chapters call in removed cells ---------------------------------------


@pytest.fixture
def glued(monkeypatch):
    """What course_lib.book.glue hands to myst-nb: {name: (value, display)}."""
    import myst_nb

    calls = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: calls.update({name: (value, display)}))
    return calls


def test_glue_rounds_reals_to_ten_significant_digits_and_never_displays(glued):
    import numpy as np

    from course_lib.book import glue

    glue("third", 1 / 3)
    glue("f32", np.float32(0.1))
    glue("zero_d", np.array(2.0) / 3)
    glue("coarse", np.pi, digits=3)
    glue("array_0d", np.array(0.25))
    assert glued["third"] == (0.3333333333, False)
    assert glued["f32"] == (0.1000000015, False)  # the float32 nearest 0.1, to 10 digits
    assert glued["zero_d"] == (0.6666666667, False)
    assert glued["coarse"] == (3.14, False)
    assert glued["array_0d"] == (0.25, False) and type(glued["array_0d"][0]) is float


def test_glue_keeps_integers_booleans_and_strings_as_they_are(glued):
    import numpy as np

    from course_lib.book import glue

    glue("n", np.int64(150))
    glue("flag", np.bool_(True))
    glue("text", "(0, -1, -2)")
    assert glued == {"n": (150, False), "flag": (True, False), "text": ("(0, -1, -2)", False)}
    assert type(glued["n"][0]) is int and type(glued["flag"][0]) is bool


@pytest.mark.parametrize("value", [[1.0, 2.0], {"a": 1}, None])
def test_glue_refuses_what_is_not_one_number_or_string(glued, value):
    import numpy as np

    from course_lib.book import glue

    with pytest.raises(TypeError, match="glue\\('x', value\\): value must be a real number or a string"):
        glue("x", np.asarray(value) if isinstance(value, list) else value)
    assert glued == {}


@pytest.mark.parametrize("digits", [0, 18])
def test_glue_refuses_a_number_of_digits_a_float_cannot_hold(glued, digits):
    from course_lib.book import glue

    with pytest.raises(ValueError, match="digits must be between 1 and 17"):
        glue("x", 1.0, digits=digits)


def test_show_figures_as_svg_needs_a_notebook():
    from course_lib.book import show_figures_as_svg

    with pytest.raises(RuntimeError, match="inside IPython"):
        show_figures_as_svg()
