"""Shared fixtures and the test layers: a seeded generator, PyTorch as the oracle, tolerances, the hypothesis
profile, the built book; and one layer marker on every collected test.

The oracle itself (torch.nn.functional with the class axis last, the tolerances) is in oracle.py; the fixtures
below hand it to the tests. Each test file, and each notebook of book/ that --nbval collects, belongs to
exactly one layer (``LAYERS``): ``pytest -m unit`` runs the library's unit tests alone, and so on
(tests/README.md lists the layers). A test file in no layer, or in two, stops the run at collection (under
pytest-xdist, each of its tests fails instead).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import settings
from oracle import TorchOracle
from oracle import assert_close as _assert_close

# Moderate example counts and no deadline: the whole suite has to run in about a minute on two cores.
# HYPOTHESIS_PROFILE=thorough searches ten times harder (for an occasional long run, not for every commit).
settings.register_profile("course_lib", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=600, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course_lib"))

# One intra-op thread per process: results do not depend on how torch splits work across threads,
# and two pytest-xdist workers do not oversubscribe two cores.
torch.set_num_threads(1)

ROOT = Path(__file__).resolve().parent.parent

# The layers (registered as markers in pyproject.toml): the files of each, as paths from the repository root.
LAYERS = {
    "unit": (
        "tests/test_activations.py",
        "tests/test_losses.py",
        "tests/test_gradients.py",
        "tests/test_reduction.py",
        "tests/test_fused.py",
        "tests/test_fused_edges.py",
        "tests/test_errors.py",
        "tests/test_classifier.py",
        "tests/test_data.py",
        "tests/test_calibration.py",
        "tests/test_focal.py",
        "tests/test_distillation.py",
        "tests/test_linear_ce.py",
        "tests/test_lm_metrics.py",
        "tests/test_docstrings.py",
        "tests/test_plots_*.py",
        "tests/test_figure_checks.py",
    ),
    "book": ("tests/test_book.py", "tests/test_crosswalk.py", "book/*.ipynb"),
    "browser": ("tests/test_browser.py",),
    "binder": ("tests/test_binder.py",),
    "assignments": ("tests/test_assignments.py", "tests/test_grading.py"),
    "packaging": ("tests/test_wheel.py", "tests/test_requirements.py", "tests/test_workflows.py"),
}


def layers_of(path: Path) -> list[str]:
    """The layers whose file patterns match ``path`` (one, for every file the suite holds)."""
    try:
        relative = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:  # outside the repository
        return []
    return [layer for layer, patterns in LAYERS.items() if any(fnmatch(relative, p) for p in patterns)]


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(config, items):
    """Mark every collected test (nbval's notebook cells included) with the layer of its file, then check that
    each has exactly one layer marker: if one has not, the run stops with a usage error naming its file (under
    pytest-xdist, whose workers cannot stop the run that way, each such test fails with that message)."""
    for item in items:
        for layer in layers_of(Path(item.path)):
            item.add_marker(layer)
    wrong = {}
    for item in items:
        marked = [m.name for m in item.iter_markers() if m.name in LAYERS]
        if len(marked) != 1:
            wrong.setdefault(str(item.path), marked)
            item.runtest = _failing(f"{item.path} has {len(marked)} layer markers ({', '.join(marked)}), not 1")
    if wrong and not hasattr(config, "workerinput"):  # not an xdist worker
        lines = [f"  {path}: {', '.join(marked) or 'no layer'}" for path, marked in sorted(wrong.items())]
        raise pytest.UsageError(
            "every test needs exactly one layer marker; add its file to LAYERS in tests/conftest.py "
            f"(layers: {', '.join(LAYERS)}):\n" + "\n".join(lines)
        )


def _failing(message: str):
    def runtest():
        pytest.fail(f"{message}: add its file to LAYERS in tests/conftest.py", pytrace=False)

    return runtest


@pytest.fixture(scope="session")
def torch_ref() -> TorchOracle:
    """PyTorch as the oracle, class axis last (see :class:`TorchOracle`)."""
    return TorchOracle()


@pytest.fixture(scope="session")
def assert_close():
    """``assert_close(actual, expected, dtype=None)``: rtol 1e-5 / atol 1e-6 (float32), rtol 1e-10 (float64)."""
    return _assert_close


@pytest.fixture
def rng() -> np.random.Generator:
    """A generator with a fixed seed: each test that takes it sees the same numbers on every run."""
    return np.random.default_rng(20240601)


# What the book's build reads: its configuration, the local Sphinx extension and templates it names, the
# chapters, and the benchmark table that the benchmarks appendix includes.
BOOK_SOURCES = ["_config.yml", "_toc.yml", "_ext", "_static", "_templates", "book", "benchmarks/README.md"]


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """(result, html): the book built from a copy of its sources, strictly (-W -n: any warning fails it)."""
    src = tmp_path_factory.mktemp("book-src")
    for name in BOOK_SOURCES:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns(".ipynb_checkpoints", "_build", "__pycache__")
            shutil.copytree(ROOT / name, src / name, ignore=ignore)
        else:
            shutil.copy(ROOT / name, src / name)
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(src), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return result, src / "_build" / "html"
