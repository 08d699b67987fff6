"""The examples in course_lib's docstrings are true: each one runs and prints what its docstring shows."""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import course_lib

MODULES = sorted(m.name for m in pkgutil.walk_packages(course_lib.__path__, "course_lib."))


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_of_each_module_print_what_they_show(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail"


def test_the_numerical_modules_have_examples():
    counts = {}
    for name in ("activations", "losses", "gradients", "fused", "calibration", "focal", "distillation", "data"):
        module = importlib.import_module(f"course_lib.{name}")
        counts[name] = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, report=False).attempted
    assert all(n > 0 for n in counts.values()), counts


# --- what every public function's docstring holds (the API page is built from them) ---------------------------

FUNCTIONS = [name for name in course_lib.__all__ if callable(getattr(course_lib, name))]
FUNCTIONS += ["data.load_iris", "data.load_digits", "data.load_python_docs", "data.make_blobs"]
CHAPTERS = {p.stem for p in (Path(__file__).resolve().parent.parent / "book").glob("*.ipynb")}


def _public(name: str):
    obj = course_lib
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_public_function_documents_torch_shapes_defaults_an_example_and_its_chapter(name):
    obj = _public(name)
    doc = inspect.getdoc(obj)
    # torch's equivalent, or what stands in for it where torch has none
    assert re.search(r"^(Torch equivalent|No torch\b)", doc, flags=re.M), name
    for section in ("Parameters", "Shape", "Returns", "See Also", "Examples"):
        if section == "Parameters" and not inspect.signature(obj).parameters:
            continue
        if section in ("Shape", "Returns") and inspect.isclass(obj):
            continue  # a class documents its attributes, its methods their shapes
        assert re.search(rf"^{section}\n-{{{len(section)}}}$", doc, flags=re.M), f"{name}: no {section} section"
    # every optional parameter says its default
    optional = [p for p in inspect.signature(obj).parameters.values() if p.default is not inspect.Parameter.empty]
    assert doc.count("Default:") >= len(optional), f"{name}: {len(optional)} optional parameters"
    # the See Also section opens with a link to a chapter of the book that exists
    see_also = doc.split("See Also\n--------\n", 1)[1]
    first = see_also.strip().splitlines()[0]
    linked = re.match(r":doc:`(\w+)`", first)
    assert linked and linked.group(1) in CHAPTERS, f"{name}: See Also starts with {first!r}"
    assert "Derived in:" not in doc


def test_no_module_of_course_lib_imports_a_private_name_from_a_sibling():
    private = []
    for name in MODULES:
        tree = ast.parse(inspect.getsource(importlib.import_module(name)))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                private += [f"{name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []
