"""Generate every assignment's student notebook and autograder from its master, with otter assign.

    python -m exercises.generate [NAME ...] # writes exercises/student/<name>/ and exercises/dist/<name>/
    python -m exercises.generate --check    # fails if the committed student notebooks are out of date

(from the repository's root).

The masters (``exercises/masters/<name>/<name>.ipynb``) hold the questions, the solutions and the tests,
public and hidden. ``otter assign`` turns each into

- ``exercises/student/<name>/``: the notebook learners open (solutions replaced by ``...``) and the public
  tests that ``grader.check`` runs. These are committed: the book links them and Binder opens them.
- ``exercises/dist/<name>/autograder/``: the autograder zip with every test, hidden ones included, for
  ``otter run`` (see grade.py). Not committed: it is rebuilt from the master whenever it is needed.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
MASTERS = HERE / "masters"
STUDENT = HERE / "student"
DIST = HERE / "dist"


def assignment_names() -> list[str]:
    return sorted(p.name for p in MASTERS.iterdir() if (p / f"{p.name}.ipynb").exists())


def otter_executable() -> str:
    return str(Path(sys.executable).with_name("otter"))


def assign(name: str, out: Path) -> Path:
    """Run otter assign on one master into ``out``; returns ``out``."""
    if out.exists():
        shutil.rmtree(out)
    master = MASTERS / name / f"{name}.ipynb"
    # run_tests in the master's config makes otter assign check that the solutions pass every test
    result = subprocess.run(
        [otter_executable(), "assign", str(master), str(out)], capture_output=True, text=True, cwd=master.parent
    )
    if result.returncode != 0:
        raise RuntimeError(f"otter assign failed for {name}:\n{result.stdout}\n{result.stderr}")
    _normalise(out / "student" / f"{name}.ipynb")
    return out


def _normalise(path: Path) -> None:
    """Drop what changes from one run to the next (cell ids, outputs), so that a re-run is byte-identical."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, path)


def autograder_zip(name: str, dist: Path = DIST) -> Path:
    """The autograder zip of an assignment, generating it first if it is missing."""
    zips = sorted((dist / name / "autograder").glob(f"{name}-autograder_*.zip"))
    if not zips:
        assign(name, dist / name)
        zips = sorted((dist / name / "autograder").glob(f"{name}-autograder_*.zip"))
    return zips[-1]


def generate(dist: Path = DIST, student: Path = STUDENT, names: list[str] | None = None) -> None:
    for name in names or assignment_names():
        out = assign(name, dist / name)
        target = student / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(out / "student", target)
        print(f"{name}: {target} and {autograder_zip(name, dist)}")


def out_of_date() -> list[str]:
    """Files of exercises/student that differ from what the masters generate now."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "student"
        generate(Path(tmp) / "dist", fresh)
        stale = []
        for name in assignment_names():
            a, b = fresh / name, STUDENT / name
            files = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
            files |= {p.relative_to(b) for p in b.rglob("*") if p.is_file()} if b.exists() else set()
            for rel in sorted(files):
                if not ((a / rel).exists() and (b / rel).exists() and filecmp.cmp(a / rel, b / rel, shallow=False)):
                    stale.append(f"{name}/{rel}")
        return stale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="assignments to generate (default: all)")
    parser.add_argument("--check", action="store_true", help="only check that exercises/student is up to date")
    args = parser.parse_args()
    if args.check:
        stale = out_of_date()
        if stale:
            sys.exit("out of date (run python -m exercises.generate): " + ", ".join(stale))
        print("exercises/student is up to date")
    else:
        generate(names=args.names)


if __name__ == "__main__":
    main()
