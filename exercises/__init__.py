"""The course's graded assignments and their tooling.

Run from the repository's root:

    python -m exercises.generate [NAME ...]    # student notebooks and autograders from the masters
    python -m exercises.grade NOTEBOOK.ipynb   # grade with the full tests (see grade.py)

``masters/`` holds each assignment's master notebook (questions, solutions, public and hidden tests),
``student/`` the committed notebooks learners open, ``dist/`` the autograders (built, not committed).
"""
