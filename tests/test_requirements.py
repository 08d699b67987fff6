"""The locked requirements: compiled from the loose ones, consistent with each other, and what is installed.

requirements.in -> requirements.txt (readers, Binder) and requirements-dev.in -> requirements-dev.txt (the
book's build and the tests) are compiled by scripts/lock.sh; PyTorch, the tests' oracle, is pinned on its own
in requirements-oracle.txt. scripts/env.sh installs exactly these three files.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _lines(name: str) -> list[str]:
    return [ln.split("#")[0].strip() for ln in (ROOT / name).read_text().splitlines() if ln.split("#")[0].strip()]


def _pins(name: str) -> dict[str, tuple[str, str | None]]:
    """{package: (version, marker)} of a lock file; fails on any requirement that is not pinned with ==."""
    pins = {}
    for line in _lines(name):
        if line.startswith("-e "):
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([^ ;]+)\s*(?:;\s*(.+))?", line)
        assert match, f"{name}: not pinned to one version: {line!r}"
        pins[canonicalize_name(match[1])] = (match[2], match[3])
    return pins


def test_the_locks_pin_every_package_to_one_version():
    assert len(_pins("requirements.txt")) > 50
    assert len(_pins("requirements-dev.txt")) > 100
    assert _lines("requirements-oracle.txt") == ["torch==2.13.0"]


def test_the_locks_are_compiled_by_the_lock_script():
    for name in ("requirements.txt", "requirements-dev.txt"):
        assert "bash scripts/lock.sh" in (ROOT / name).read_text().splitlines()[1], name


def test_readers_get_course_lib_from_the_checkout_and_no_torch():
    assert "-e ." in _lines("requirements.txt")
    for name in ("requirements.txt", "requirements-dev.txt"):
        assert "torch" not in _pins(name), name


def test_the_readers_lock_agrees_with_the_development_lock():
    readers, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    mismatched = {
        name: (version, dev[name][0])
        for name, (version, _) in readers.items()
        if name in dev and dev[name][0] != version
    }
    assert mismatched == {}
    assert {"numpy", "matplotlib", "myst-nb", "otter-grader"} <= set(readers)


def test_the_theme_is_the_release_whose_sidebar_toggle_works():
    dev = _pins("requirements-dev.txt")
    assert dev["sphinx-book-theme"][0] == "1.1.4"
    assert dev["pydata-sphinx-theme"][0] == "0.15.4"
    assert dev["jupyter-book"][0].startswith("1.")


@pytest.mark.parametrize("name", ["requirements-dev.txt"])
def test_what_is_installed_is_what_is_locked(name):
    """The tests run in the environment the lock describes (scripts/env.sh keeps .venv in step with it)."""
    wrong = {}
    for package, (version, marker) in _pins(name).items():
        if marker and not Marker(marker).evaluate():
            continue
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[package] = (version, installed)
    assert wrong == {}
    assert metadata.version("torch").split("+")[0] == "2.13.0"
