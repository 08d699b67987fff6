"""The examples in course_lib's docstrings are true: each one runs and prints what its docstring shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

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
