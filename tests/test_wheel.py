"""course_lib as a pip user gets it: the wheel, installed (not editable) into a fresh virtual environment.

Binder and the scripts install the checkout in editable mode (``-e .``), which imports from the source tree
and so would hide a file or subpackage the wheel leaves out. Here the wheel is built from a copy of what a
clone holds, installed into a new environment with the locked versions of its dependencies, and used from a
folder outside the copy: every public module imports, the bundled data load, and each chapter's module of
``course_lib.plots`` draws a figure.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_binder import _clone_files

ROOT = Path(__file__).resolve().parent.parent

# Run by the fresh environment's Python, from an empty folder: prints, as JSON, what it could use.
_USER = r"""
import importlib, io, json, pkgutil
import numpy as np
import course_lib as cl
import course_lib.plots as plots
import course_grading

modules = sorted(m.name for m in pkgutil.walk_packages(cl.__path__, "course_lib."))
modules += sorted(m.name for m in pkgutil.walk_packages(course_grading.__path__, "course_grading."))
for name in modules:
    importlib.import_module(name)
iris = cl.data.load_iris()
digits = cl.data.load_digits()
docs = cl.data.load_python_docs()
figures = {
    "information": plots.surprise_curve(),
    "binary": plots.sigmoid_curve(),
    "categorical": plots.softmax_bars(np.array([2.0, 4.0, 0.5])),
    "stability": plots.exp_overflow(),
    "gradients": plots.softmax_jacobian_heatmap(np.array([0.5, 2.0, -1.0])),
    "pipeline": plots.loss_curves({"full batch": [1.1, 0.6, 0.4]}),
    "calibration": plots.focal_loss_curves(),
    "language_models": plots.next_token_batch(["The cat.", "A dog"]),
}
sizes = {}
for chapter, fig in figures.items():
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    sizes[chapter] = len(buffer.getvalue())
print(json.dumps({
    "file": cl.__file__, "modules": modules, "iris": [len(iris.X), len(iris.class_names)],
    "digits": list(digits.X.shape), "docs": sum(map(len, docs.texts)),
    "figures": sizes,
    "loss": float(cl.cross_entropy(np.array([[2.0, 4.0, 0.5]]), np.array([1]))),
}))
"""


def _locked_constraints(path: Path) -> Path:
    """requirements.txt without its `-e .` line, as a constraints file (pip takes no editable constraint)."""
    lines = [ln for ln in (ROOT / "requirements.txt").read_text().splitlines() if not ln.startswith("-e ")]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def wheel_user(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    repo = tmp / "repo"
    for name in _clone_files():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes((ROOT / name).read_bytes())
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp / "dist"), str(repo)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = (tmp / "dist").glob("*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["HOME"] = str(tmp)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-compile", str(wheel)]
        + ["-c", str(_locked_constraints(tmp / "constraints.txt"))],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    (tmp / "elsewhere").mkdir()
    used = subprocess.run(
        [str(python), "-c", _USER], cwd=tmp / "elsewhere", capture_output=True, text=True, env=env, timeout=600
    )
    assert used.returncode == 0, used.stderr[-3000:]
    return {"wheel": wheel, "venv": venv, "report": json.loads(used.stdout.strip().splitlines()[-1])}


def test_the_wheel_ships_every_file_of_the_package(wheel_user):
    names = set(zipfile.ZipFile(wheel_user["wheel"]).namelist())
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "course_lib").rglob("*.py")}
    expected |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "course_grading").rglob("*.py")}
    expected |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "course_lib" / "data").iterdir() if p.is_file()}
    assert expected - names == set()


def test_the_installed_package_is_the_wheel_not_the_checkout(wheel_user):
    installed = Path(wheel_user["report"]["file"])
    assert installed.is_relative_to(wheel_user["venv"])
    assert not installed.is_relative_to(ROOT)


def test_every_module_imports_and_the_data_load(wheel_user):
    report = wheel_user["report"]
    assert {"course_lib.plots", "course_lib.losses", "course_lib.data", "course_grading.calls"} <= set(
        report["modules"]
    )
    assert report["iris"] == [150, 3]
    assert report["digits"] == [1797, 64]
    assert report["docs"] == 464_970  # characters of the bundled corpus
    assert abs(report["loss"] - (math.log(math.exp(2) + math.exp(4) + math.exp(0.5)) - 4)) < 1e-12


def test_each_chapter_draws_a_figure(wheel_user):
    figures = wheel_user["report"]["figures"]
    # one figure of each chapter's module of course_lib.plots (a new module needs a figure here)
    modules = {p.stem for p in (ROOT / "course_lib" / "plots").glob("*.py") if not p.stem.startswith("_")}
    assert set(figures) == modules
    assert all(size > 5000 for size in figures.values()), figures
