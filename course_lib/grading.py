"""Helpers for the graded assignments' tests: call a learner's function safely and explain what went wrong.

The hidden tests of every assignment (``exercises/masters``) use these so that a submission that raises,
loops forever, prints megabytes, mutates its inputs, returns the wrong shape or dtype, or hands the work to
a reference implementation still gets a clear message for that test, and credit everywhere else.

Every check raises ``AssertionError`` with a message written for the learner; the autograder shows it as
the test's feedback. Nothing here is needed to read the course.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import signal
import sys
import threading
import types
import warnings

import numpy as np

# Packages whose functions a learner must not call for the very function an exercise asks them to write.
REFERENCE_PACKAGES = ("course_lib", "torch", "scipy", "sklearn", "jax", "tensorflow")


class _TimeLimit(Exception):
    """Raised inside a learner's code by the alarm signal when its time is up."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str):
    """Interrupt the block after ``seconds`` (main thread only; elsewhere the block runs unguarded)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise _TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeLimit:
        raise AssertionError(
            f"{what} did not finish within {seconds:g} s: is there an infinite loop, or a Python loop over "
            "every element where numpy could work on the whole array at once?"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Discard(io.TextIOBase):
    """A text sink that drops everything written to it."""

    def write(self, s: str) -> int:
        return len(s)


def references_used(fn) -> list[str]:
    """The reference packages (see REFERENCE_PACKAGES) that the function ``fn`` reaches for.

    Looks at the function itself (an alias such as ``my_softmax = cl.softmax``), at every global name its
    code and its nested functions use, and at the modules it imports inside its body.
    """
    found = []

    def package_of(obj) -> str | None:
        name = obj.__name__ if isinstance(obj, types.ModuleType) else getattr(obj, "__module__", None)
        if not isinstance(name, str):
            return None
        root = name.split(".")[0]
        return root if root in REFERENCE_PACKAGES else None

    own = package_of(fn)
    if own:
        found.append(own)
    code = getattr(fn, "__code__", None)
    if code is None:
        return found
    env = getattr(fn, "__globals__", {})
    stack = [code]
    while stack:
        c = stack.pop()
        for name in c.co_names:
            pkg = package_of(env[name]) if name in env else (name if name in REFERENCE_PACKAGES else None)
            if pkg and pkg not in found:
                found.append(pkg)
        stack.extend(const for const in c.co_consts if isinstance(const, types.CodeType))
    return found


def call(
    fn, *args, name: str, seconds: float = 10.0, own_work: bool = True, warnings_as_errors: bool = False, **kwargs
):
    """Call the learner's function ``fn`` as a test would, and turn every way it can fail into a message.

    - ``fn`` missing or not callable: say which cell to run.
    - ``own_work``: ``fn`` must not call course_lib, torch, scipy, ... (the reference it is checked against).
    - a time limit, so that an infinite loop fails this test instead of hanging the grader;
    - what it prints is discarded, so megabytes of output cost nothing;
    - an exception becomes a message naming the exception; with ``warnings_as_errors``, so does a numpy
      RuntimeWarning (overflow, divide by zero, invalid value): at the extremes a test asks for none;
    - array arguments are compared before and after: changing them in place is reported.
    """
    if fn is None or not callable(fn):
        raise AssertionError(f"{name} is not defined: run the cell that defines it, and fix any error that cell shows.")
    if own_work:
        refs = references_used(fn)
        if refs:
            raise AssertionError(
                f"{name} calls {', '.join(refs)}, which provides the very function this question asks you to "
                "write; no credit is given for it. Write it yourself with numpy."
            )
    originals = [np.array(a, copy=True) if isinstance(a, np.ndarray) else None for a in args]
    sink = _Discard()
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(time_limit(seconds, name))
            stack.enter_context(contextlib.redirect_stdout(sink))
            stack.enter_context(contextlib.redirect_stderr(sink))
            if warnings_as_errors:
                stack.enter_context(warnings.catch_warnings())
                warnings.simplefilter("error", RuntimeWarning)
                stack.enter_context(np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"))
            result = fn(*args, **kwargs)
    except AssertionError:
        raise
    except (RuntimeWarning, FloatingPointError) as e:
        raise AssertionError(
            f"{name} hit a floating-point problem at extreme inputs ({e}): an exp overflowed or a log of 0 was "
            "taken. Rewrite it so that no exponent is positive and no log sees 0 (see Numerical stability)."
        ) from None
    except Exception as e:  # the learner's code failed: report it, don't crash the grader
        message = str(e).splitlines()[0][:200] if str(e) else ""
        raise AssertionError(f"{name} raised {type(e).__name__}: {message}") from None
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    for i, (arg, original) in enumerate(zip(args, originals, strict=True)):
        if original is not None and not np.array_equal(arg, original, equal_nan=True):
            which = params[i] if i < len(params) else f"number {i + 1}"
            raise AssertionError(
                f"{name} changed its argument {which} in place; work on a new array instead "
                "(write z = z - m, not z -= m)."
            )
    return result


def check_array(value, shape: tuple, dtype, name: str) -> np.ndarray:
    """The result must be a numpy array (or scalar) of the given shape and dtype."""
    if value is None:
        raise AssertionError(f"{name} returned None: did you forget the return statement?")
    if value is Ellipsis:
        raise AssertionError(f"{name} returned ... (the placeholder): write your answer in place of the ...")
    try:
        arr = np.asarray(value)
    except Exception:
        raise AssertionError(f"{name} returned a {type(value).__name__}, not an array of numbers") from None
    if arr.dtype.kind not in "fiub":
        raise AssertionError(f"{name} returned an array of {arr.dtype}, not of numbers")
    if arr.shape != tuple(shape):
        raise AssertionError(f"{name} returned shape {arr.shape}; expected {tuple(shape)}")
    if dtype is not None and arr.dtype != np.dtype(dtype):
        raise AssertionError(
            f"{name} returned dtype {arr.dtype} for {np.dtype(dtype)} input; keep the input's dtype "
            "(numpy does when every constant is a Python number or of the same dtype)"
        )
    return arr


def check_close(value, expected, name: str, *, mistakes: dict | None = None, rtol=1e-6, atol=1e-9, dtype=None):
    """``value`` must equal ``expected`` to within rtol/atol; if not, name the mistake it matches.

    ``mistakes`` maps a message to the value a known wrong answer produces; the first one that ``value``
    matches is reported, so the learner reads what they did wrong rather than only that it is wrong.
    """
    expected = np.asarray(expected)
    arr = check_array(value, expected.shape, dtype, name)
    with np.errstate(all="ignore"):
        if np.allclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True):
            return
        for message, wrong in (mistakes or {}).items():
            wrong = np.asarray(wrong)
            if wrong.shape == arr.shape and np.allclose(arr, wrong, rtol=rtol, atol=atol, equal_nan=True):
                raise AssertionError(f"{name}: {message}")
        if not np.all(np.isfinite(arr[np.isfinite(expected)])):
            raise AssertionError(
                f"{name} returned inf or nan where the answer is finite: an exp overflowed or a log of 0 was "
                "taken; see the chapter on numerical stability."
            )
        worst = float(np.max(np.abs(arr.astype(np.float64) - expected.astype(np.float64))))
    raise AssertionError(f"{name} is not correct: it differs from the expected values by up to {worst:.3g}.")


def install_submission_guards(cell_seconds: float = 60.0, max_output_chars: int = 100_000) -> None:
    """For grading a notebook: limit every cell's run time and the output it may print.

    Registers IPython hooks, so it only works inside a kernel. A cell that runs longer than
    ``cell_seconds`` is interrupted with an error (the grader goes on with the next cell); what a cell
    prints beyond ``max_output_chars`` characters is dropped, with one line saying so. Cells that mention
    otter (the autograder's own set-up, checks and export) are left alone.
    """
    from IPython import get_ipython

    ip = get_ipython()
    if ip is None:
        raise RuntimeError("install_submission_guards needs an IPython kernel")

    def on_alarm(signum, frame):
        raise TimeoutError(f"this cell ran longer than {cell_seconds:g} s and was stopped")

    class CappedStream:
        def __init__(self, stream):
            self.stream, self.written = stream, 0

        def write(self, s):
            room = max_output_chars - self.written
            if room > 0:
                self.stream.write(s[:room])
                if len(s) > room:
                    self.stream.write(f"\n[output cut: more than {max_output_chars} characters]\n")
            self.written += len(s)
            return len(s)

        def __getattr__(self, attr):
            return getattr(self.stream, attr)

    def before(info):
        if "otter" in (getattr(info, "raw_cell", "") or ""):
            return  # the autograder's own cells (set-up, checks, export of the results) run unguarded
        sys.stdout, sys.stderr = CappedStream(sys.stdout), CappedStream(sys.stderr)
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, cell_seconds)

    def after(*_):
        signal.setitimer(signal.ITIMER_REAL, 0)
        for attr in ("stdout", "stderr"):
            stream = getattr(sys, attr)
            if isinstance(stream, CappedStream):
                setattr(sys, attr, stream.stream)

    ip.events.register("pre_run_cell", before)
    ip.events.register("post_run_cell", after)
