"""The graded assignments: masters score full marks, blank notebooks score 0, every catalogued wrong answer
loses credit with a message that names the mistake, and a broken submission still gets a full report.

Every submission here is graded the way an instructor grades one, by ``exercises/grade.py`` (``otter run``
with the autograder generated from the master). Wrong answers for different questions of one assignment
share a submission; the other questions of that submission keep the master's answers and must keep full
marks, which checks that the questions are graded independently.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
sys.path.insert(0, str(EXERCISES))

import generate  # noqa: E402
from grade import grade  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
import wrong_answers  # noqa: E402
from assignment_sources import hidden_test_lines, solution_lines  # noqa: E402

# ASSIGNMENTS=name1,name2 limits this module to some assignments while one is being written.
ASSIGNMENTS = [a for a in generate.assignment_names() if a in os.environ.get("ASSIGNMENTS", a)]
CATALOGUE = {
    mod.ASSIGNMENT: mod.WRONG_ANSWERS
    for mod in (
        importlib.import_module(f"wrong_answers.{info.name}") for info in pkgutil.iter_modules(wrong_answers.__path__)
    )
}

# Ways a submission can break, each replacing the answer of one question of assignment 1. The rest of the
# notebook keeps the master's answers, so the grade must keep their credit.
A1 = "a2_binary_cross_entropy"
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
        "def bce_grad(logits, target):\n    z = np.asarray(logits)\n    z -= target\n"
        "    e = np.exp(-np.abs(z + target))\n"
        "    p = np.where(z + target >= 0, 1 / (1 + e), e / (1 + e))\n    return (p - target) / z.size\n",
        "changed its argument",
    ),
    "does_not_parse": ("q5", "q5_answer =", "q5_answer = (1 +\n", "store your answer in q5_answer"),
}
# A cell that never ends at the top level (not inside a function), and output printed by a cell itself.
ROBUSTNESS_CELLS = {
    "cell_loops_forever": ("q1", "while True:\n    pass\n"),
    "cell_prints_megabytes": ("q2", "for _ in range(200_000):\n    print('spam ' * 10)\n"),
}


def _answer_cell_index(nb, marker: str) -> int:
    hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and marker in c.source]
    assert len(hits) == 1, f"{len(hits)} cells contain {marker!r}"
    return hits[0]


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
            nb = nbformat.from_dict(json.loads(json.dumps(master)))
            for _question, marker, code, _ in batch:
                nb.cells[_answer_cell_index(nb, marker)].source = code
            path = folder / f"{name}__wrong{k}.ipynb"
            nbformat.write(nb, path)
            for _question, _, _, wid in batch:
                jobs[(name, wid)] = path
    if A1 in ASSIGNMENTS:
        _add_broken_submissions(folder, jobs)
    paths = sorted(set(jobs.values()))
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = dict(zip(paths, pool.map(grade, paths), strict=True))
    return {key: reports[path] for key, path in jobs.items()}


def _add_broken_submissions(folder: Path, jobs: dict) -> None:
    """Assignment 1's master with answers that raise, hang, print, mutate, or do not parse."""
    master = _solutions(A1)
    nb = nbformat.from_dict(json.loads(json.dumps(master)))
    for _question, marker, code, _ in ROBUSTNESS.values():
        nb.cells[_answer_cell_index(nb, marker)].source = code
    path = folder / f"{A1}__robustness.ipynb"
    nbformat.write(nb, path)
    for case in ROBUSTNESS:
        jobs[(A1, case)] = path
    nb = nbformat.from_dict(json.loads(json.dumps(master)))
    for question, code in ROBUSTNESS_CELLS.values():
        marker = {"q1": "def sigmoid(", "q2": "def bce("}[question]
        i = _answer_cell_index(nb, marker)
        nb.cells.insert(i + 1, nbformat.v4.new_code_cell(code))
    path = folder / f"{A1}__cells.ipynb"
    nbformat.write(nb, path)
    for case in ROBUSTNESS_CELLS:
        jobs[(A1, case)] = path
    unreadable = folder / f"{A1}__unreadable.ipynb"
    unreadable.write_text('{"cells": [ this is not json')
    jobs[(A1, "unreadable")] = unreadable


def _total(report):
    return sum(s for s, _ in report["scores"].values()), sum(m for _, m in report["scores"].values())


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_master_scores_full_marks(graded, name):
    report = graded[(name, "master")]
    assert report["error"] == ""
    score, possible = _total(report)
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


BROKEN_CASES = sorted(ROBUSTNESS) + sorted(ROBUSTNESS_CELLS) if A1 in ASSIGNMENTS else []


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_a_broken_answer_costs_only_its_own_question(graded, case):
    report = graded[(A1, case)]
    assert report["error"] == ""
    question = (ROBUSTNESS.get(case) or ROBUSTNESS_CELLS[case])[0]
    broken = {v[0] for v in (ROBUSTNESS if case in ROBUSTNESS else ROBUSTNESS_CELLS).values()}
    for q, (s, m) in report["scores"].items():
        if q == question and case in ROBUSTNESS:
            assert s < m
            assert ROBUSTNESS[case][3] in report["feedback"][q]
        elif q not in broken:
            assert s == m, f"{q}: {report['feedback'][q]}"
    # a cell that never ends, or prints megabytes, is stopped or cut; the questions around it keep credit
    if case in ROBUSTNESS_CELLS:
        assert all(s == m for s, m in report["scores"].values())


@pytest.mark.parametrize("case", ["unreadable"] if A1 in ASSIGNMENTS else [])
def test_an_unreadable_submission_gets_a_report_with_zero_and_the_reason(graded, case):
    report = graded[(A1, case)]
    assert "could not be read as a notebook" in report["error"]
    assert report["scores"] and all(s == 0 and m > 0 for s, m in report["scores"].values())


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
