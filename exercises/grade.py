"""Grade notebooks with the full tests (hidden ones included), without Docker.

    python -m exercises.grade MY_NOTEBOOK.ipynb                   # print the scores and the feedback
    python -m exercises.grade SUBMISSION.ipynb [...] --out grades.csv [--feedback DIR]
    python -m exercises.grade path/to/folder --out grades.csv     # every .ipynb in the folder

(from the repository's root).

Without ``--out`` it prints, for each notebook, every question's score and the feedback of each test that
failed: the self-grade step of a learner working alone. With ``--out`` it writes one CSV row per notebook.

Each notebook is run top to bottom on a fresh kernel by ``otter run``, with its assignment's autograder
(built from the master by generate.py when missing); the assignment is read from the notebook's metadata,
or from a file name that starts with it. A first cell is added that puts every cell under a time limit
and caps what it prints (``course_grading.install_submission_guards``); a cell that cannot be stopped is
removed and the notebook graded again. The worst case is bounded: BUDGET seconds per notebook, re-runs
included. A notebook that cannot be read or graded still gets a row, with 0 and the reason.

Where Docker is available, ``otter grade`` runs the same tests in containers (see exercises/README.md).
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import shutil
import subprocess
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path

import nbformat

from course_grading.guards import TESTS_CELL_START

from .generate import assignment_names, autograder_zip, otter_executable

# The first cell of every graded submission: limits on each cell's time and output (course_grading.guards).
GUARD_CELL = "import course_grading\ncourse_grading.install_submission_guards(marker={marker!r})"
BUDGET = 300  # seconds for one submission, whatever it contains, re-runs included

# Code cells a learner has no reason to write: they reach into the grader, the interpreter or the tests.
# otter runs the tests in the learner's kernel, so such a cell could fake a result: the report says to
# look at it. (The otter set-up and check cells that every student notebook holds are not flagged.)
SUSPICIOUS = re.compile(
    r"\bcourse_grading\b|\botter\b|\bChecker\b|GradingResults|sys\.modules|__code__|__globals__|__builtins__"
    r"|\bbuiltins\b|set(?:profile|trace)|\bsignal\.|\bgc\.|\bctypes\b|\bnp\.\w+\s*=[^=]|\bnumpy\.\w+\s*=[^=]"
)
OTTER_CELLS = re.compile(
    r'(# Initialize Otter\n)?import otter\ngrader = otter\.Notebook\("[\w.]+"\)|grader\.check\("\w+"\)'
)


def detect_assignment(nb, path: Path) -> str | None:
    name = nb.metadata.get("otter", {}).get("assignment_name") if nb is not None else None
    if name in assignment_names():
        return name
    for candidate in assignment_names():
        if path.stem.startswith(candidate):
            return candidate
    return None


def grade(path: Path, assignment: str | None = None) -> dict:
    """Grade one submission.

    Returns {"submission", "assignment", "scores": {q: (score, max)}, "feedback": {q: text}, "error",
    "notes"}: ``error`` says why there are no scores from the tests (then every question has 0), ``notes``
    what the grader had to do to the notebook (a cell it removed because it could not be stopped).
    """
    report = {"submission": path.name, "assignment": assignment, "scores": {}, "feedback": {}, "error": "", "notes": ""}
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
    removed: list[str] = [
        f"review by hand: a cell reaches into the grader or the interpreter: {_first_line(c.source)}"
        for c in nb.cells
        if c.cell_type == "code" and SUSPICIOUS.search(c.source) and not OTTER_CELLS.fullmatch(c.source.strip())
    ]
    deadline = time.monotonic() + BUDGET
    with tempfile.TemporaryDirectory() as tmp:
        while True:
            results, error, dead = _run_once(nb, assignment, zip_path, Path(tmp), deadline)
            if dead is None:
                break
            # a cell could not be stopped, or ended the kernel itself: grade again without that cell
            if not _remove_cell(nb, dead["cell"]):
                error = f"the kernel died in a cell that is not in the notebook: {_first_line(dead['cell'])}"
                break
            killed = dead["state"] == "killed"
            why = "ran past its time limit and could not be stopped" if killed else "ended the kernel"
            removed.append(f"removed a cell that {why}: {_first_line(dead['cell'])}")
    report["notes"] = "; ".join(removed)
    if results is not None:
        for test in results.get("tests", []):
            if "max_score" in test:
                report["scores"][test["name"]] = (float(test.get("score") or 0), float(test["max_score"]))
                report["feedback"][test["name"]] = test.get("output", "")
        if not report["scores"]:
            error = "the autograder ran but reported no question scores"
    if not report["scores"]:
        report["error"] = error or "the autograder produced no results"
        report["scores"] = _zero_scores(zip_path)
    return report


def _first_line(source: str) -> str:
    line = next((ln for ln in source.splitlines() if ln.strip()), "")
    return repr(line[:60] + ("..." if len(line) > 60 else ""))


def _remove_cell(nb, source: str) -> bool:
    """Replace every cell with this source by a comment saying why; False if there is none."""
    hits = [c for c in nb.cells if c.cell_type == "code" and c.source == source]
    for cell in hits:
        cell.source = "# removed by the grader: this cell ran past its time limit, or ended the kernel"
    return bool(hits)


def _run_once(nb, assignment: str, zip_path: Path, tmp: Path, deadline: float):
    """One ``otter run`` of the notebook with the guard cell first.

    Returns (results or None, error, state): ``state`` is the guard's record of the cell that was running
    when the kernel died ({"cell": source, "state": "killed" or "running"}), if a cell of the notebook did.
    """
    marker = tmp / "running-cell.json"
    marker.unlink(missing_ok=True)
    graded = nbformat.from_dict(json.loads(json.dumps(nb)))
    graded.cells.insert(0, nbformat.v4.new_code_cell(GUARD_CELL.format(marker=str(marker))))
    submission = tmp / f"{assignment}.ipynb"
    nbformat.write(graded, submission)
    out = tmp / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    left = deadline - time.monotonic()
    if left <= 0:
        return None, f"grading stopped: it had taken more than {BUDGET} s", None
    try:
        run = subprocess.run(
            [otter_executable(), "run", "-a", str(zip_path), "-o", str(out), str(submission)],
            capture_output=True,
            text=True,
            timeout=left,
            cwd=tmp,
        )
    except subprocess.TimeoutExpired:
        return None, f"grading stopped: it had taken more than {BUDGET} s", None
    try:
        return json.loads((out / "results.json").read_text()), "", None
    except (OSError, ValueError):  # otter wrote no (readable) results: did a cell kill the kernel?
        pass
    try:
        state = json.loads(marker.read_text())
    except (OSError, ValueError):
        state = None
    if state and not state["cell"].startswith(TESTS_CELL_START):
        return None, "", state  # a cell of the notebook ended the kernel, or had to be killed
    if state:
        how = "ran past their time limit" if state["state"] == "killed" else "stopped the Python kernel"
        return None, f"the tests {how}; no results were written", None
    return None, "the autograder produced no results: " + (run.stderr or run.stdout)[-500:], None


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


def print_report(report: dict) -> None:
    """The self-grade view of one report: the score of each question, then what each failed test said."""
    total, possible = report_totals(report)
    print(f"{report['submission']} ({report['assignment'] or 'unknown assignment'}): {total:g} / {possible:g} points")
    print("These scores come from the full tests, hidden ones included, on a fresh run of the saved notebook.")
    for note in filter(None, [report["error"], report["notes"]]):
        print(f"  ! {note}")
    for q, (score, most) in sorted(report["scores"].items()):
        print(f"\n{q}: {score:g} / {most:g}")
        if score < most:
            for line in _failures(report["feedback"].get(q, "")):
                print(textwrap.fill(line, 100, initial_indent="  - ", subsequent_indent="    "))


def _failures(feedback: str) -> list[str]:
    """What the failed tests of a question said, once each, without otter's headers and the test code."""
    found: list[str] = []
    for line in feedback.splitlines():
        match = re.match(r"\s*(\w+(?:Error|Exception|Exit|Interrupt)):\s*(.*)", line)
        if match:
            kind, message = match.groups()
            text = message if kind == "AssertionError" and message else f"{kind}: {message}".rstrip(": ")
            if text not in found:
                found.append(text)
    return found or ["a test failed without a message"]


def report_totals(report: dict) -> tuple[float, float]:
    return sum(s for s, _ in report["scores"].values()), sum(m for _, m in report["scores"].values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="notebooks, or folders of them")
    parser.add_argument("--out", type=Path, help="write a CSV here instead of printing the reports")
    parser.add_argument("--assignment", choices=assignment_names(), help="grade every notebook as this one")
    parser.add_argument("--feedback", type=Path, help="a folder for one feedback text file per notebook")
    args = parser.parse_args()
    files = [f for p in args.paths for f in (sorted(p.glob("*.ipynb")) if p.is_dir() else [p])]
    if not args.out:
        print("Grading, which takes a minute or so: the notebook runs from the top on a fresh kernel.", flush=True)
    reports = [grade(f, args.assignment) for f in files]
    if not args.out:
        for r in reports:
            print_report(r)
    else:
        questions = sorted({q for r in reports for q in r["scores"]})
        with args.out.open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["submission", "assignment", *questions, "total", "possible", "error", "notes"])
            for r in reports:
                total, possible = report_totals(r)
                row = [r["scores"][q][0] if q in r["scores"] else "" for q in questions]
                writer.writerow([r["submission"], r["assignment"] or "", *row, total, possible, r["error"], r["notes"]])
                print(f"{r['submission']}: {total:g} / {possible:g} {r['error']}")
    if args.feedback:
        args.feedback.mkdir(parents=True, exist_ok=True)
        for r in reports:
            text = "\n\n".join(filter(None, [r["error"], r["notes"], *r["feedback"].values()]))
            (args.feedback / f"{Path(r['submission']).stem}.txt").write_text(text)


if __name__ == "__main__":
    main()
