"""The graded assignments: masters score full marks, blank notebooks score 0, every catalogued wrong answer
loses credit with a message that names the mistake, and a broken submission still gets a full report.

Every submission here is graded the way an instructor grades one, by ``exercises/grade.py`` (``otter run``
with the autograder generated from the master). Wrong answers for different questions of one assignment
share a submission; the other questions of that submission keep the master's answers and must keep full
marks, which checks that the questions are graded independently.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import wrong_answers
from assignment_sources import hidden_test_lines, solution_lines

from exercises import generate
from exercises.grade import grade, report_totals

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"

# JAX, imported by other test modules of the same session, warns at every fork (course_grading.call forks).
pytestmark = pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning")
# The cells of a notebook that belong to otter (set-up, checks) and the self-grade cell, which a run of the
# public checks leaves out.
OTTER_CELL = re.compile(r"\botter\b|grader\.check|grade\.py")

# ASSIGNMENTS=name1,name2 limits this module to some assignments while one is being written.
ASSIGNMENTS = [a for a in generate.assignment_names() if a in os.environ.get("ASSIGNMENTS", a)]
CATALOGUE = {
    mod.ASSIGNMENT: mod.WRONG_ANSWERS
    for mod in (
        importlib.import_module(f"wrong_answers.{info.name}") for info in pkgutil.iter_modules(wrong_answers.__path__)
    )
}

# Ways a submission can break, each replacing the answer of one question of assignment 2: (question, a line
# of the answer cell, the new answer, words the feedback must contain, or None when the answer keeps its
# credit). The rest of the notebook keeps the master's answers, so the grade must keep their credit.
A1 = "a2_binary_cross_entropy"
_GRAD = (
    "    e = np.exp(-np.abs(z + target))\n"
    "    p = np.where(z + target >= 0, 1 / (1 + e), e / (1 + e))\n    return (p - target) / z.size\n"
)
_CORRECT_GRAD = (
    "    z, y = np.asarray(logits), np.asarray(target)\n    e = np.exp(-np.abs(z))\n"
    "    return (np.where(z >= 0, 1 / (1 + e), e / (1 + e)) - y) / z.size\n"
)
ROBUSTNESS = {
    "raises": ("q1", "def sigmoid(", "def sigmoid(z):\n    raise ValueError('not done yet')\n", "raised ValueError"),
    "loops_forever_when_called": (
        "q2",
        "def bce(",
        "def bce(probs, target):\n    while True:\n        pass\n",
        "did not finish within",
    ),
    "prints_megabytes_and_returns_wrong_shape": (
        "q3",
        "def bce_with_logits(",
        "def bce_with_logits(logits, target):\n    print('x' * 10_000_000)\n    return np.zeros(3)\n",
        "returned shape (3,)",
    ),
    "mutates_its_input": (
        "q4",
        "def bce_grad(",
        "def bce_grad(logits, target):\n    z = np.asarray(logits)\n    z -= target\n" + _GRAD,
        "changed its argument",
    ),
    "does_not_parse": ("q5", "q5_answer =", "q5_answer = (1 +\n", "store your answer in q5_answer"),
    "calls_sys_exit": ("q1", "def sigmoid(", "import sys\n\n\ndef sigmoid(z):\n    sys.exit(1)\n", "sys.exit(1)"),
    "retry_loop_swallows_the_time_limit": (
        "q2",
        "def bce(",
        "def bce(probs, target):\n    while True:\n        try:\n            while True:\n                pass\n"
        "        except Exception:\n            continue\n",
        "did not finish within",
    ),
    "bare_except_retry_loop": (
        "q3",
        "def bce_with_logits(",
        "def bce_with_logits(logits, target):\n    while True:\n        try:\n            while True:\n"
        "                pass\n        except:  # noqa: E722\n            pass\n",
        "did not finish within",
    ),
    "correct_but_prints_50_megabytes": (
        "q4",
        "def bce_grad(",
        "def bce_grad(logits, target):\n    print('x' * 50_000_000)\n" + _CORRECT_GRAD,
        None,
    ),
    "raises_keyboard_interrupt": (
        "q1",
        "def sigmoid(",
        "def sigmoid(z):\n    raise KeyboardInterrupt\n",
        "raised KeyboardInterrupt",
    ),
    "ends_the_process": ("q2", "def bce(", "import os\n\n\ndef bce(probs, target):\n    os._exit(0)\n", "os._exit"),
    "correct_but_silences_its_output_descriptor": (
        "q4",
        "def bce_grad(",
        "import os\n\n\ndef bce_grad(logits, target):\n    os.close(1)\n    os.close(2)\n" + _CORRECT_GRAD,
        None,
    ),
}
# Cells run at the top level (not inside a function), each inserted after a question's answer cell: (the
# answer cell it follows, the cell, words the grader's notes must contain, or None). The questions keep
# their credit: a cell that never ends is stopped, output is cut, and a cell that cannot be stopped or ends
# the kernel is removed and the notebook graded again.
ROBUSTNESS_CELLS = {
    "cell_loops_forever": ("def sigmoid(", "while True:\n    pass\n", None),
    "cell_prints_megabytes": ("def bce(", "for _ in range(200_000):\n    print('spam ' * 10)\n", None),
    "cell_swallows_every_interruption": (
        "def bce_with_logits(",
        "while True:\n    try:\n        while True:\n            pass\n    except:  # noqa: E722\n        pass\n",
        "could not be stopped",
    ),
    "cell_ends_the_kernel": ("def bce_grad(", "import os\n\nos._exit(1)\n", "ended the kernel"),
    # otter runs the tests in the learner's kernel: a cell can rewrite the grader. It cannot be prevented
    # there, so the report flags the notebook for a human to look at.
    "cell_fakes_the_grader": (
        "def bce(",
        "import course_grading\n\ncourse_grading.check_close = lambda *args, **kwargs: None\n",
        "review by hand",
    ),
}
# Notebooks for the cells: the guards that work inside the kernel, those that need a re-run, the flag.
CELL_NOTEBOOKS = [
    ["cell_loops_forever", "cell_prints_megabytes"],
    ["cell_swallows_every_interruption", "cell_ends_the_kernel"],
    ["cell_fakes_the_grader"],
]


def _answer_cell_index(nb, marker: str) -> int:
    hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and marker in c.source]
    assert len(hits) == 1, f"{len(hits)} cells contain {marker!r}"
    return hits[0]


@functools.cache
def _solutions(name: str):
    """The master's answers as a learner would hand them in: the autograder notebook otter assign writes."""
    generate.autograder_zip(name)  # makes sure exercises/dist/<name> exists
    return nbformat.read(generate.DIST / name / "autograder" / f"{name}.ipynb", as_version=4)


def _batches(entries):
    """Group (question, ...) entries so that no batch replaces the same question twice."""
    batches: list[list] = []
    for entry in entries:
        for batch in batches:
            if all(e[0] != entry[0] for e in batch):
                batch.append(entry)
                break
        else:
            batches.append([entry])
    return batches


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Build every submission this module checks, grade them two at a time, and return the reports."""
    folder = tmp_path_factory.mktemp("submissions")
    jobs = {}  # key -> (path, assignment, replaced questions)
    for name in ASSIGNMENTS:
        master = _solutions(name)
        nbformat.write(master, folder / f"{name}__master.ipynb")
        jobs[(name, "master")] = folder / f"{name}__master.ipynb"
        blank = folder / f"{name}__blank.ipynb"
        blank.write_bytes((generate.STUDENT / name / f"{name}.ipynb").read_bytes())
        jobs[(name, "blank")] = blank
        entries = [(w.question, w.cell, w.code, w.id) for w in CATALOGUE.get(name, [])]
        for k, batch in enumerate(_batches(entries)):
            path = folder / f"{name}__wrong{k}.ipynb"
            nbformat.write(_with_answers(master, batch), path)
            for _question, _, _, wid in batch:
                jobs[(name, wid)] = path
    if A1 in ASSIGNMENTS:
        _add_broken_submissions(folder, jobs)
    paths = sorted(set(jobs.values()))
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = dict(zip(paths, pool.map(grade, paths), strict=True))
    return {key: reports[path] for key, path in jobs.items()}


def _public_check(name: str, wrong) -> tuple[float, float, str]:
    """What ``grader.check`` shows for the wrong answer's question: (score, possible, the text).

    grader.check runs the public test file of a question against the notebook's global names; so does this,
    in-process, after running the master's code cells with the wrong answer in place of its answer cell.
    """
    with warnings.catch_warnings():  # otter's import of traitlets warns of a deprecation, not ours
        warnings.simplefilter("ignore", DeprecationWarning)
        from otter.test_files import ExceptionTestFile

    nb = _with_answers(_solutions(name), [(wrong.question, wrong.cell, wrong.code)])
    env: dict = {}
    test_file = ExceptionTestFile.from_file(str(generate.STUDENT / name / "tests" / f"{wrong.question}.py"))
    with warnings.catch_warnings():  # a kernel's warning filters, not pytest's "error"
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for cell in nb.cells:
            if cell.cell_type == "code" and not OTTER_CELL.search(cell.source):
                exec(compile(cell.source, f"<{name} cell>", "exec"), env)
        test_file.run(env)
    return test_file.score, test_file.possible, test_file.summary()


def _with_answers(master, batch):
    """A copy of the master with the answer cells of some questions replaced."""
    nb = nbformat.from_dict(json.loads(json.dumps(master)))
    for _question, marker, code, *_ in batch:
        nb.cells[_answer_cell_index(nb, marker)].source = code
    return nb


def _add_broken_submissions(folder: Path, jobs: dict) -> None:
    """Assignment 2's master with answers and cells that raise, hang, print, mutate, exit or do not parse."""
    master = _solutions(A1)
    entries = [(q, marker, code, case) for case, (q, marker, code, _) in ROBUSTNESS.items()]
    for k, batch in enumerate(_batches(entries)):
        path = folder / f"{A1}__robustness{k}.ipynb"
        nbformat.write(_with_answers(master, batch), path)
        for *_, case in batch:
            jobs[(A1, case)] = path
    for k, cases in enumerate(CELL_NOTEBOOKS):
        nb = nbformat.from_dict(json.loads(json.dumps(master)))
        for case in cases:
            marker, code, _ = ROBUSTNESS_CELLS[case]
            nb.cells.insert(_answer_cell_index(nb, marker) + 1, nbformat.v4.new_code_cell(code))
        path = folder / f"{A1}__cells{k}.ipynb"
        nbformat.write(nb, path)
        for case in cases:
            jobs[(A1, case)] = path
    unreadable = folder / f"{A1}__unreadable.ipynb"
    unreadable.write_text('{"cells": [ this is not json')
    jobs[(A1, "unreadable")] = unreadable


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_master_scores_full_marks(graded, name):
    report = graded[(name, "master")]
    assert report["error"] == ""
    score, possible = report_totals(report)
    assert possible > 0 and score == possible, report["feedback"]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_blank_student_notebook_scores_zero(graded, name):
    report = graded[(name, "blank")]
    assert report["error"] == ""
    assert report["scores"] and all(score == 0 for score, _ in report["scores"].values()), report["scores"]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_catalogues_at_least_five_wrong_answers(name):
    assert len(CATALOGUE.get(name, [])) >= 5


CASES = [(name, w) for name in ASSIGNMENTS for w in CATALOGUE.get(name, [])]


@pytest.mark.parametrize(("name", "wrong"), CASES, ids=[f"{n}-{w.id}" for n, w in CASES])
def test_wrong_answer_loses_credit_and_the_feedback_names_the_mistake(graded, name, wrong):
    report = graded[(name, wrong.id)]
    score, possible = report["scores"][wrong.question]
    assert score < possible
    assert wrong.expect in report["feedback"][wrong.question]
    replaced = {w.question for w in CATALOGUE[name] if graded[(name, w.id)] is report}
    for q, (s, m) in report["scores"].items():
        if q not in replaced:
            assert s == m, f"{q} lost credit though its answer was the master's: {report['feedback'][q]}"


@pytest.mark.parametrize("case", sorted(ROBUSTNESS) if A1 in ASSIGNMENTS else [])
def test_a_broken_answer_costs_only_its_own_question(graded, case):
    report = graded[(A1, case)]
    assert report["error"] == "" and report["notes"] == ""
    question, _, _, expect = ROBUSTNESS[case]
    replaced = {ROBUSTNESS[c][0] for c in ROBUSTNESS if graded[(A1, c)] is report}
    for q, (s, m) in report["scores"].items():
        if q == question and expect is not None:
            assert s < m
            assert expect in report["feedback"][q]
        elif q == question or q not in replaced:
            assert s == m, f"{q}: {report['feedback'][q]}"


@pytest.mark.parametrize("case", sorted(ROBUSTNESS_CELLS) if A1 in ASSIGNMENTS else [])
def test_a_cell_that_hangs_prints_or_ends_the_kernel_costs_no_credit(graded, case):
    report = graded[(A1, case)]
    assert report["error"] == ""
    assert report["scores"] and all(s == m for s, m in report["scores"].values()), report["feedback"]
    expect = ROBUSTNESS_CELLS[case][2]
    if expect is not None:
        assert expect in report["notes"]


@pytest.mark.parametrize("case", ["unreadable"] if A1 in ASSIGNMENTS else [])
def test_an_unreadable_submission_gets_a_report_with_zero_and_the_reason(graded, case):
    report = graded[(A1, case)]
    assert "could not be read as a notebook" in report["error"]
    assert report["scores"] and all(s == 0 and m > 0 for s, m in report["scores"].values())


PUBLIC_CASES = [(name, w) for name, w in CASES if w.public]


@pytest.mark.parametrize(("name", "wrong"), PUBLIC_CASES, ids=[f"{n}-{w.id}" for n, w in PUBLIC_CASES])
def test_the_public_checks_name_the_most_common_mistakes(name, wrong):
    score, possible, text = _public_check(name, wrong)
    assert score < possible
    assert wrong.expect in text


def _questions(name: str) -> list[str]:
    return sorted(p.stem for p in (generate.STUDENT / name / "tests").glob("q*.py"))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_question_has_three_common_mistakes_named_by_its_public_checks(name):
    counts = {q: sum(1 for w in CATALOGUE.get(name, []) if w.public and w.question == q) for q in _questions(name)}
    assert counts and all(n >= 3 for n in counts.values()), counts


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_public_checks_say_they_are_not_the_grade(name):
    for q in _questions(name):
        text = (generate.STUDENT / name / "tests" / f"{q}.py").read_text()
        assert text.count("they are not your grade") == 1, q


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_hidden_tests_and_solutions_never_reach_students(name):
    student = generate.STUDENT / name
    text = "\n".join(p.read_text() for p in student.rglob("*") if p.is_file())
    hidden, solutions = hidden_test_lines(name), solution_lines(name)
    assert hidden and solutions
    assert [ln for ln in hidden if ln in text] == []
    assert [ln for ln in solutions if ln in text] == []
    assert "BEGIN SOLUTION" not in text and "hidden=True" not in text


def test_committed_student_notebooks_are_up_to_date():
    assert generate.out_of_date() == []


@pytest.mark.parametrize("name", [A1] if A1 in ASSIGNMENTS else [])
def test_the_self_grade_cell_shows_each_questions_score_and_the_named_mistake(tmp_path, name):
    """The last cell of a student notebook, run from the notebook's folder, grades the saved notebook."""
    cell = nbformat.read(generate.STUDENT / A1 / f"{A1}.ipynb", as_version=4).cells[-1]
    assert "otter_ignore" in cell.metadata.get("tags", [])  # otter leaves it out when grading
    # the layout of the repository around the notebook: the package exercises three folders up
    folder = tmp_path / "copy" / "student" / A1
    folder.mkdir(parents=True)
    (tmp_path / "exercises").symlink_to(EXERCISES)
    wrong = next(w for w in CATALOGUE[A1] if w.public)
    nbformat.write(_with_answers(_solutions(A1), [(wrong.question, wrong.cell, wrong.code)]), folder / f"{A1}.ipynb")
    run = subprocess.run([sys.executable, "-c", cell.source], cwd=folder, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    scores = {q: (float(s), float(m)) for q, s, m in re.findall(r"^(q\d+): ([\d.]+) / ([\d.]+)$", run.stdout, re.M)}
    assert sorted(scores) == _questions(A1)
    assert all(s == m for q, (s, m) in scores.items() if q != wrong.question), run.stdout
    assert scores[wrong.question][0] < scores[wrong.question][1]
    assert wrong.expect in " ".join(run.stdout.split()), run.stdout
    assert "not your grade" not in run.stdout and "full tests" in run.stdout
