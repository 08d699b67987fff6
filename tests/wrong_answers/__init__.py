"""Catalogues of wrong answers that learners really write, one module per assignment.

Each module defines ``ASSIGNMENT`` (the master's name) and ``WRONG_ANSWERS``, a list of ``WrongAnswer``.
``tests/test_assignments.py`` splices each wrong answer into the master's solutions, grades the result with
``otter run`` and asserts that the question loses credit and that the feedback names the mistake. A wrong
answer marked ``public`` is one of the three (or more) most common of its question: the public checks that
``grader.check`` runs must catch it and name it too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WrongAnswer:
    id: str  # a short name for the mistake
    question: str  # the question whose answer it replaces, e.g. "q2"
    cell: str  # a line that identifies the answer cell in the master, e.g. "def bce("
    code: str  # the learner's answer cell, replacing that cell entirely
    expect: str  # words the feedback must contain: the named mistake, as the learner reads it
    public: bool = False  # one of the most common mistakes of its question: the public checks name it too
