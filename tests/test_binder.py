"""A Binder session, reproduced as closely as this machine allows.

Binder (repo2docker) clones the repository, takes the Python version from runtime.txt, runs
``pip install -r requirements.txt`` in the clone, and opens the notebooks. Here: a copy of what a clone holds
(the files git tracks or would track), a fresh virtual environment with the Python version runtime.txt names,
``pip install -r requirements.txt`` in the copy, then every chapter notebook (book/*.ipynb) and every student
assignment notebook (exercises/student/**/*.ipynb) executed top to bottom, each from its own folder, by a
kernel of that environment. Student notebooks run blank, as a student first opens them: they too must run
without an error.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "book").glob("*.ipynb"))
STUDENT = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises" / "student").glob("**/*.ipynb"))
STUDENT = [p for p in STUDENT if ".ipynb_checkpoints" not in p]
NOTEBOOKS = CHAPTERS + STUDENT
# The student notebook whose self-grade cell runs (the cell is the same in every one; grading takes a while).
SELF_GRADED = "exercises/student/a2_binary_cross_entropy/a2_binary_cross_entropy.ipynb"

# Run by the fresh environment's Python: executes each notebook (argv[2:]) in its own folder and prints, as
# JSON, the errors of each, what a last, added cell saw (the kernel's interpreter and course_lib's file) and
# what the self-grade cell of a student notebook printed.
_RUNNER = r"""
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient

PROBE = "import sys, course_lib\nprint(sys.executable)\nprint(course_lib.__file__)"
report = {}
SELF_GRADED, *paths = sys.argv[1:]
for arg in paths:
    path = Path(arg)
    nb = nbformat.read(path, as_version=4)
    if arg != SELF_GRADED:  # the self-grade cell (the same in every student notebook) runs in one of them
        nb.cells = [c for c in nb.cells if "otter_ignore" not in c.metadata.get("tags", [])]
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [
        {"cell": i, "source": cell.source[:200], "error": f"{out.ename}: {out.evalue}"}
        for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
        for out in cell.outputs if out.output_type == "error"
    ]
    probe = "".join(out.get("text", "") for out in nb.cells[-1].outputs if out.output_type == "stream")
    selfgrade = "".join(
        out.get("text", "") for cell in nb.cells if "otter_ignore" in cell.metadata.get("tags", [])
        for out in cell.outputs if out.output_type == "stream"
    )
    report[arg] = {"errors": errors, "probe": probe.split(), "selfgrade": selfgrade}
print(json.dumps(report))
"""


def _clone_files() -> list[str]:
    """The files a clone of the current tree holds: tracked ones and new ones git does not ignore."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [f for f in listed.split("\0") if f and (ROOT / f).is_file()]


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """The copy of the repository and the fresh environment with requirements.txt installed in it."""
    tmp = tmp_path_factory.mktemp("binder")
    repo = tmp / "repo"
    for name in _clone_files():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    venv = tmp / "venv"
    # Binder's Python is the one runtime.txt names ("python-3.11"): that interpreter if the machine has it.
    version = (ROOT / "runtime.txt").read_text().strip().removeprefix("python-")
    base = shutil.which(f"python{version}") or sys.executable
    subprocess.run([base, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MPLBACKEND", "JUPYTER_PATH", "JUPYTER_DATA_DIR"}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', os.defpath)}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # --no-compile only skips writing bytecode for every installed module up front (about half the time of
    # the install here); Python compiles what the notebooks import as they import it.
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-compile", "-r", "requirements.txt"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    # The notebooks run as a new user would: an empty home, so no Jupyter, IPython or matplotlib settings.
    env["HOME"] = str(tmp / "home")
    (tmp / "home").mkdir()
    return {"repo": repo, "python": python, "env": env, "install": install}


def test_requirements_install_in_a_fresh_environment(binder):
    install = binder["install"]
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]


def test_the_environment_runs_the_python_version_of_runtime_txt(binder):
    runtime = (ROOT / "runtime.txt").read_text().strip()
    version = subprocess.run(
        [str(binder["python"]), "-c", "import sys; print(f'python-{sys.version_info[0]}.{sys.version_info[1]}')"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert version == runtime


@pytest.fixture(scope="module")
def executed(binder):
    """Every notebook executed in the fresh environment: {path: {"errors": [...], "probe": [...]}}."""
    assert binder["install"].returncode == 0, "requirements.txt did not install"
    result = subprocess.run(
        [str(binder["python"]), "-c", _RUNNER, SELF_GRADED, *NOTEBOOKS],
        cwd=binder["repo"],
        env=binder["env"],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_there_are_notebooks_to_run():
    assert len(CHAPTERS) >= 7
    assert all(p.startswith("exercises/student/") for p in STUDENT)


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_runs_top_to_bottom_without_errors(binder, executed, path):
    report = executed[path]
    assert report["errors"] == []
    # The last cell, added to the notebook, ran in the fresh environment's kernel and imported the
    # course_lib of the copy (installed by requirements.txt's `-e .`), not any other installation.
    executable, course_lib = report["probe"]
    assert Path(executable).parent == binder["python"].parent
    assert Path(course_lib).is_relative_to(binder["repo"] / "course_lib")


def test_the_self_grade_cell_grades_the_saved_notebook_in_the_binder_environment(executed):
    """Run blank, as saved, the notebook scores 0 on every question, with the full tests.

    The cell runs in one notebook (grading takes a while); the next test checks that it is the same cell in
    every student notebook.
    """
    text = executed[SELF_GRADED]["selfgrade"]
    assert re.search(r": 0 / [1-9]\d* points", text), text[-2000:]
    questions = re.findall(r"^(q\d+): 0 / [1-9]", text, flags=re.M)
    tests = sorted(p.stem for p in (ROOT / Path(SELF_GRADED).parent / "tests").glob("q*.py"))
    assert questions and sorted(questions) == tests


def test_every_student_notebook_ends_with_the_same_self_grade_cell():
    import nbformat

    def last_cell(path: str) -> str:
        cell = nbformat.read(ROOT / path, as_version=4).cells[-1]
        assert "otter_ignore" in cell.metadata.get("tags", []), path
        return cell.source.replace(Path(path).name, "NOTEBOOK")

    assert SELF_GRADED in STUDENT
    assert {last_cell(p) for p in STUDENT} == {last_cell(SELF_GRADED)}
