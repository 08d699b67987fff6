"""Grade submitted notebooks with the autograders, without Docker, into one CSV.

    python exercises/grade.py SUBMISSION.ipynb [...] --out grades.csv [--feedback DIR]
    python exercises/grade.py path/to/folder --out grades.csv        # every .ipynb in the folder

Each submission is graded by ``otter run`` with its assignment's autograder (built from the master by
generate.py when missing). The assignment is read from the notebook's metadata, or from a file name that
starts with it. Before grading, a first cell is added that limits every cell of the submission to 60 s
and its printed output to 100 000 characters (``course_lib.grading.install_submission_guards``), so that
an infinite loop or megabytes of output cost the learner that cell, not the whole grade; a submission
that cannot be read, or whose run fails or exceeds 10 minutes, still gets a row with the reason.

Where Docker is available, ``otter grade`` does the same in containers (see exercises/README.md).
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import assignment_names, autograder_zip, otter_executable  # noqa: E402

GUARD_CELL = (
    "import course_lib.grading\ncourse_lib.grading.install_submission_guards(cell_seconds=60, max_output_chars=100_000)"
)
RUN_TIMEOUT = 600  # seconds for one whole submission


def detect_assignment(nb, path: Path) -> str | None:
    name = nb.metadata.get("otter", {}).get("assignment_name") if nb is not None else None
    if name in assignment_names():
        return name
    for candidate in assignment_names():
        if path.stem.startswith(candidate):
            return candidate
    return None


def grade(path: Path, assignment: str | None = None) -> dict:
    """Grade one submission; returns {"assignment", "scores": {q: (score, max)}, "feedback": {q: text}, "error"}."""
    report = {"submission": path.name, "assignment": assignment, "scores": {}, "feedback": {}, "error": ""}
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:  # not JSON, not a notebook: no code ran, no credit
        nb = None
        report["error"] = f"the file could not be read as a notebook ({type(e).__name__}: {str(e)[:200]})"
    report["assignment"] = assignment = assignment or detect_assignment(nb, path)
    if assignment is None:
        report["error"] = report["error"] or "the assignment could not be told from the notebook or its name"
        return report
    zip_path = autograder_zip(assignment)
    if nb is None:
        report["scores"] = _zero_scores(zip_path)
        return report
    nb.cells.insert(0, nbformat.v4.new_code_cell(GUARD_CELL))
    with tempfile.TemporaryDirectory() as tmp:
        submission = Path(tmp) / f"{assignment}.ipynb"
        nbformat.write(nb, submission)
        out = Path(tmp) / "out"
        out.mkdir()
        run = None
        try:
            run = subprocess.run(
                [otter_executable(), "run", "-a", str(zip_path), "-o", str(out), str(submission)],
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
                cwd=tmp,
            )
            results = json.loads((out / "results.json").read_text())
        except subprocess.TimeoutExpired:
            report["error"] = f"grading stopped after {RUN_TIMEOUT} s"
            results = None
        except (OSError, ValueError) as e:  # otter could not run, or wrote no (readable) results
            detail = (run.stderr or run.stdout) if run is not None else str(e)
            report["error"] = "the autograder produced no results: " + detail[-500:]
            results = None
    if results is None:
        report["scores"] = _zero_scores(zip_path)
        return report
    for test in results["tests"]:
        if "max_score" in test:
            report["scores"][test["name"]] = (float(test.get("score") or 0), float(test["max_score"]))
            report["feedback"][test["name"]] = test.get("output", "")
    return report


def _zero_scores(zip_path: Path) -> dict:
    """0 of the full points for every question, read from the autograder's test files."""
    scores = {}
    with zipfile.ZipFile(zip_path) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("tests/") and n.endswith(".py")):
            # read the module-level `name = ...` and `points = ...` without running the file
            values = {
                node.targets[0].id: ast.literal_eval(node.value)
                for node in ast.parse(z.read(name).decode()).body
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
            }
            scores[values["name"]] = (0.0, float(values.get("points") or 0))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="submitted notebooks, or folders of them")
    parser.add_argument("--out", type=Path, required=True, help="the CSV to write")
    parser.add_argument("--assignment", choices=assignment_names(), help="grade every submission as this one")
    parser.add_argument("--feedback", type=Path, help="a folder for one feedback text file per submission")
    args = parser.parse_args()
    files = [f for p in args.paths for f in (sorted(p.glob("*.ipynb")) if p.is_dir() else [p])]
    reports = [grade(f, args.assignment) for f in files]
    questions = sorted({q for r in reports for q in r["scores"]})
    with args.out.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["submission", "assignment", *questions, "total", "possible", "error"])
        for r in reports:
            total = sum(s for s, _ in r["scores"].values())
            possible = sum(m for _, m in r["scores"].values())
            row = [r["scores"][q][0] if q in r["scores"] else "" for q in questions]
            writer.writerow([r["submission"], r["assignment"] or "", *row, total, possible, r["error"]])
            print(f"{r['submission']}: {total:g} / {possible:g} {r['error']}")
    if args.feedback:
        args.feedback.mkdir(parents=True, exist_ok=True)
        for r in reports:
            text = "\n\n".join(r["feedback"].values()) or r["error"]
            (args.feedback / f"{Path(r['submission']).stem}.txt").write_text(text)


if __name__ == "__main__":
    main()
