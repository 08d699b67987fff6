"""The machinery of the course's graded assignments: nothing in it is needed to read the course.

The hidden and public tests of every assignment (``exercises/masters``) import it as ``g``::

    import course_grading as g
    g.check_close(g.call(softmax, z, name="softmax"), expected, "softmax(z)", mistakes={...})

- ``call`` runs a learner's function contained (a forked process), under a time limit nothing can catch,
  with its output discarded, its arguments watched for changes and its calls watched for a reference
  implementation doing the work;
- ``check_array`` and ``check_close`` compare the result with the answer and name the mistake when the
  result matches a known wrong answer;
- ``install_submission_guards`` limits every cell of a notebook being graded (``exercises/grade.py``).

Every check raises ``AssertionError`` with a message written for the learner; otter shows it as the
test's feedback. It ships with course_lib (same distribution) so that Binder and the autograder have it.
"""

from .calls import REFERENCE_PACKAGES, call, references_used
from .checks import check_array, check_close
from .guards import CellTimeLimit, install_submission_guards

__all__ = [
    "REFERENCE_PACKAGES",
    "CellTimeLimit",
    "call",
    "check_array",
    "check_close",
    "install_submission_guards",
    "references_used",
]
