"""Guards for grading a whole notebook: every cell gets a time limit, and what cells print is capped.

``exercises/grade.py`` puts a call to ``install_submission_guards`` in the first cell of every submission
it grades. From then on, each cell runs under a time limit:

- a learner's cell may run ``cell_seconds``; all of them together ``total_seconds`` (after that, each gets
  one second). The cell that runs past its limit is interrupted with ``CellTimeLimit``, a BaseException, so
  ``except Exception:`` does not catch it, and it is raised again every 50 ms while the cell keeps running,
  which breaks retry loops built on a bare ``except:``;
- a cell that still runs ``grace_seconds`` later cannot be stopped from inside: the kernel exits. The marker
  file then names that cell, and grade.py grades the notebook again without it;
- the autograder's closing cell (the one that runs every test) gets ``tests_seconds``;
- what a cell prints beyond ``max_output_chars`` characters is dropped, with one line saying so.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

# The closing cell that otter adds to run the tests and save the results starts like this.
TESTS_CELL_START = "from otter.execute import Checker\n"
TICK = 0.05  # seconds between repeated interruptions of a cell past its limit


class CellTimeLimit(BaseException):
    """A cell ran past its time limit. Not an Exception, so that ``except Exception:`` lets it through."""


class _CappedStream:
    """Passes writes through to ``stream`` until ``limit`` characters, then drops them (saying so once)."""

    def __init__(self, stream, limit: int):
        self.stream, self.limit, self.written = stream, limit, 0

    def write(self, s):
        room = self.limit - self.written
        if room > 0:
            self.stream.write(s[:room])
            if len(s) > room:
                self.stream.write(f"\n[output cut: more than {self.limit} characters]\n")
        self.written += len(s)
        return len(s)

    def __getattr__(self, attr):
        return getattr(self.stream, attr)


def install_submission_guards(
    cell_seconds: float = 20.0,
    total_seconds: float = 60.0,
    tests_seconds: float = 120.0,
    grace_seconds: float = 2.0,
    max_output_chars: int = 100_000,
    marker: str | None = None,
) -> None:
    """Limit the run time of every later cell of this kernel and the output it may print.

    Registers IPython hooks, so it only works inside a kernel. ``marker`` is a file in which the cell that
    is running is recorded (as JSON: its source and whether it had to be killed), so that whoever runs the
    notebook can tell which cell a dead kernel died in.
    """
    from IPython import get_ipython

    ip = get_ipython()
    if ip is None:
        raise RuntimeError("install_submission_guards needs an IPython kernel")
    state = {"used": 0.0, "start": 0.0, "limit": 0.0, "cell": "", "learner": True, "active": False}

    def record(kind: str) -> None:
        if marker:
            with open(marker, "w") as fh:
                json.dump({"state": kind, "cell": state["cell"], "limit": state["limit"]}, fh)

    def in_cell_code(frame) -> bool:
        """Is code of the notebook (a cell, or a function a cell defined) on the stack?"""
        while frame is not None:
            if frame.f_globals is ip.user_ns:
                return True
            frame = frame.f_back
        return False

    def on_alarm(signum, frame):
        if not in_cell_code(frame):
            return  # the cell's code is done; IPython is finishing up: let it
        over = time.monotonic() - state["start"] - state["limit"]
        if over > grace_seconds:
            record("killed")
            os._exit(70)  # the cell swallowed every interruption: nothing else can stop it
        raise CellTimeLimit(f"this cell ran longer than {state['limit']:g} s and was stopped")

    def before(info):
        source = getattr(info, "raw_cell", "") or ""
        state["cell"] = source
        state["learner"] = not source.startswith(TESTS_CELL_START)
        if state["learner"]:
            state["limit"] = max(min(cell_seconds, total_seconds - state["used"]), 1.0)
        else:
            state["limit"] = tests_seconds
        record("running")
        sys.stdout = _CappedStream(sys.stdout, max_output_chars)
        sys.stderr = _CappedStream(sys.stderr, max_output_chars)
        signal.signal(signal.SIGALRM, on_alarm)
        state["start"], state["active"] = time.monotonic(), True
        signal.setitimer(signal.ITIMER_REAL, state["limit"], TICK)

    def after(*_):
        if not state["active"]:
            return  # the cell that installed the guards
        state["active"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        if state["learner"]:
            state["used"] += time.monotonic() - state["start"]
        for attr in ("stdout", "stderr"):
            stream = getattr(sys, attr)
            if isinstance(stream, _CappedStream):
                setattr(sys, attr, stream.stream)
        if marker and os.path.exists(marker):
            os.remove(marker)

    ip.events.register("pre_run_cell", before)
    ip.events.register("post_run_cell", after)
