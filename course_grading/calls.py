"""Call a learner's function the way a test needs to: contained, timed, watched, and explained.

``call`` runs the function in a forked copy of the grading process. Whatever the function does there (loop
forever inside ``try/except``, call ``sys.exit``, print megabytes, crash the interpreter, change its
arguments) stays there: the copy is killed at its time limit, its output goes to ``/dev/null``, and only its
result, or a message saying what went wrong, comes back. Where ``fork`` does not exist (Windows), the call
runs in-process, with the same checks but a time limit that only the main thread on Unix can enforce.

While the copy runs, a profiling hook watches every function call. A learner's function that reaches a
reference implementation (course_lib, PyTorch, SciPy, ...) by any route (a direct call, an alias, a default
argument, a closure, ``functools.partial``, ``importlib``) is caught when the reference actually runs.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import importlib.util
import inspect
import os
import pickle
import select
import signal
import sys
import threading
import time
import types
import warnings

import numpy as np

# Packages whose functions a learner must not call for the very function an exercise asks them to write.
REFERENCE_PACKAGES = ("course_lib", "torch", "scipy", "sklearn", "jax", "tensorflow", "keras", "optax")

# Functions that timed out once are not run again: a loop that never ends costs one time limit, not one per
# test. Keyed by code object, which lives as long as the learner's function.
_TIMED_OUT: set = set()


class _TimeLimit(BaseException):
    """Raised inside a learner's code (in-process fallback only) when its time is up.

    A BaseException, so that ``except Exception:`` in the learner's code does not swallow it.
    """


def _root(module_name) -> str | None:
    if not isinstance(module_name, str):
        return None
    root = module_name.split(".")[0]
    return root if root in REFERENCE_PACKAGES else None


def _package_of(obj) -> str | None:
    """The reference package an object belongs to: a module, a function, a builtin, or a bound method."""
    if isinstance(obj, types.ModuleType):
        return _root(obj.__name__)
    found = _root(getattr(obj, "__module__", None))
    if found:
        return found
    owner = getattr(obj, "__self__", None)  # a bound method or builtin method: whose is it?
    if owner is not None and not isinstance(owner, types.ModuleType):
        return _root(type(owner).__module__)
    return _root(getattr(owner, "__name__", None))


def references_used(fn) -> list[str]:
    """The reference packages that ``fn`` can be seen to reach without running it.

    Looks at ``fn`` itself (``my_softmax = cl.softmax``, a ``functools.partial``, a bound method), its
    default arguments, its closure, every global name that its code and its nested functions use, and the
    modules it imports in its body. What this cannot see (a reference hidden in a container, a name built at
    run time) the profiling hook of ``call`` catches when it runs.
    """
    found: list[str] = []

    def note(obj) -> None:
        pkg = _package_of(obj)
        if pkg and pkg not in found:
            found.append(pkg)

    seen: set[int] = set()
    todo = [fn]
    while todo:
        f = todo.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        note(f)
        if isinstance(f, functools.partial):
            todo.append(f.func)
            todo.extend(list(f.args) + list(f.keywords.values()))
            continue
        f = getattr(f, "__func__", f)  # a bound method: look at its function
        code = getattr(f, "__code__", None)
        if code is None:
            continue
        todo.extend(getattr(f, "__defaults__", None) or ())
        todo.extend((getattr(f, "__kwdefaults__", None) or {}).values())
        for cell in getattr(f, "__closure__", None) or ():
            with contextlib.suppress(ValueError):  # an empty cell
                todo.append(cell.cell_contents)
        env = getattr(f, "__globals__", {})
        codes = [code]
        while codes:
            c = codes.pop()
            for name in c.co_names:
                if name in env:
                    todo.append(env[name])
                elif name in REFERENCE_PACKAGES and name not in found:
                    found.append(name)  # `import torch` inside the function body
            codes.extend(const for const in c.co_consts if isinstance(const, types.CodeType))
    return found


@functools.cache
def _reference_dirs() -> tuple[str, ...]:
    """The folders of the installed reference packages, found without importing them."""
    dirs = []
    for name in REFERENCE_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        for location in (spec.submodule_search_locations or []) if spec else []:
            dirs.append(os.path.join(os.path.realpath(location), ""))
    return tuple(dirs)


class _Watch:
    """A profiling hook that records the first reference package whose code runs while it is installed."""

    def __init__(self) -> None:
        self.dirs = _reference_dirs()
        self.hit: str | None = None
        self.package_of_file: dict[str, str | None] = {}  # one realpath per source file, not one per call

    def _package_of_file(self, filename: str) -> str | None:
        path = os.path.realpath(filename)
        return next((os.path.basename(os.path.dirname(d)) for d in self.dirs if path.startswith(d)), None)

    def __call__(self, frame, event, arg):
        if self.hit is not None:
            return
        if event == "call":
            filename = frame.f_code.co_filename
            if filename not in self.package_of_file:
                self.package_of_file[filename] = self._package_of_file(filename)
            self.hit = self.package_of_file[filename]
        elif event == "c_call":
            self.hit = _package_of(arg)


def _delegation_message(name: str, packages: list[str]) -> str:
    return (
        f"{name} calls {', '.join(packages)}, which provides the very function this question asks you to "
        "write; no credit is given for it. Write it yourself with numpy."
    )


def _loud_errstate(*args, **kwargs):
    """Stands in for np.errstate in a strict call: the grader's settings stay in force."""
    return contextlib.nullcontext()


def _make_strict(fn):
    """Make np.errstate, np.seterr and warnings filters do nothing; returns a function that undoes it.

    For questions that say a function must not overflow: silencing the overflow is not the same as
    avoiding it. The learner's global names that point at these functions are replaced too.
    """
    keep = np.geterr()
    replacements = {
        np.errstate: _loud_errstate,
        np.seterr: lambda *a, **k: keep,
        warnings.simplefilter: lambda *a, **k: None,
        warnings.filterwarnings: lambda *a, **k: None,
    }
    saved = [(np, "errstate", np.errstate), (np, "seterr", np.seterr)]
    saved += [(warnings, "simplefilter", warnings.simplefilter), (warnings, "filterwarnings", warnings.filterwarnings)]
    env = getattr(getattr(fn, "__func__", fn), "__globals__", None)
    if isinstance(env, dict):
        for key, value in list(env.items()):
            with contextlib.suppress(TypeError):  # unhashable values
                if value in replacements:
                    saved.append((env, key, value))
    for owner, key, value in saved:
        if isinstance(owner, dict):
            owner[key] = replacements[value]
        else:
            setattr(owner, key, replacements[value])

    def undo() -> None:
        for owner, key, value in saved:
            if isinstance(owner, dict):
                owner[key] = value
            else:
                setattr(owner, key, value)

    return undo


def _run(fn, args, kwargs, *, name, own_work, warnings_as_errors, strict):
    """Run ``fn`` once and describe the outcome: ("ok", result) or ("fail", message)."""
    originals = [np.array(a, copy=True) if isinstance(a, np.ndarray) else None for a in args]
    watch = _Watch() if own_work else None
    with contextlib.ExitStack() as stack:
        if warnings_as_errors or strict:
            stack.enter_context(warnings.catch_warnings())
            warnings.simplefilter("error", RuntimeWarning)
            stack.enter_context(np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"))
        if strict:
            stack.callback(_make_strict(fn))
        try:
            if watch is not None:
                sys.setprofile(watch)
            try:
                result = fn(*args, **kwargs)
            finally:
                tampered = watch is not None and sys.getprofile() is not watch
                sys.setprofile(None)
        except _TimeLimit:
            raise
        except (RuntimeWarning, FloatingPointError) as e:
            return "fail", (
                f"{name} hit a floating-point problem at extreme inputs ({e}): an exp overflowed or a log of 0 "
                "was taken. Rewrite it so that no exponent is positive and no log sees 0 (see Numerical "
                "stability)." + (" Silencing the warning (np.errstate) does not count here." if strict else "")
            )
        except SystemExit as e:
            return "fail", f"{name} called sys.exit({e.code!r}); a function must return its answer instead."
        except BaseException as e:  # the learner's code failed: report it, don't crash the grader
            message = str(e).splitlines()[0][:200] if str(e) else ""
            return "fail", f"{name} raised {type(e).__name__}: {message}".rstrip(": ")
    if watch is not None and watch.hit:
        return "fail", _delegation_message(name, [watch.hit])
    if tampered:
        return "fail", f"{name} changed the interpreter's profiling hook, which the grader uses; no credit."
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    for i, (arg, original) in enumerate(zip(args, originals, strict=True)):
        if original is not None and not np.array_equal(arg, original, equal_nan=True):
            which = params[i] if i < len(params) else f"number {i + 1}"
            return "fail", (
                f"{name} changed its argument {which} in place; work on a new array instead "
                "(write z = z - m, not z -= m)."
            )
    return "ok", result


def _timeout_message(name: str, seconds: float) -> str:
    return (
        f"{name} did not finish within {seconds:g} s: is there an infinite loop, or a Python loop over "
        "every element where numpy could work on the whole array at once?"
    )


def _in_child(fn, args, kwargs, seconds: float, **options):
    """Fork, run ``fn`` in the child, and read its outcome back through a pipe (or kill it at the limit)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return from here
        try:
            os.close(read_end)
            faulthandler.disable()  # a crash is reported through the exit status, not a dump on stderr
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (the process ends right after)
            outcome = _run(fn, args, kwargs, **options)
            try:
                data = pickle.dumps(outcome)
            except Exception:
                kind = type(outcome[1]).__name__
                data = pickle.dumps(("fail", f"{options['name']} returned a {kind}, not an array of numbers"))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks, deadline, finished = [], time.monotonic() + seconds, False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([read_end], [], [], left)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if not finished:
        return "timeout", None
    if not chunks:
        if os.WIFSIGNALED(status):
            how = f"crashed the Python process (signal {os.WTERMSIG(status)})"
        else:
            how = "ended the Python process (os._exit?) without returning"
        return "fail", f"{options['name']} {how}."
    return pickle.loads(b"".join(chunks))


def _in_process(fn, args, kwargs, seconds: float, **options):
    """The fallback without fork: the same checks, with a SIGALRM time limit where one is available."""
    can_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def on_alarm(signum, frame):
        raise _TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm) if can_alarm else None
    try:
        if can_alarm:
            signal.setitimer(signal.ITIMER_REAL, seconds)
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            return _run(fn, args, kwargs, **options)
    except _TimeLimit:
        return "timeout", None
    finally:
        if can_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def call(
    fn,
    *args,
    name: str,
    seconds: float = 10.0,
    own_work: bool = True,
    warnings_as_errors: bool = False,
    strict: bool = False,
    **kwargs,
):
    """Call the learner's function ``fn`` as a test would, and turn every way it can fail into a message.

    Every failure raises ``AssertionError`` with a message for the learner:

    - ``fn`` missing or not callable: which cell to run;
    - ``own_work``: ``fn`` must not use course_lib, torch, scipy, ... (the references it is checked against),
      whether it names them or reaches them some other way;
    - a time limit of ``seconds`` that nothing in ``fn`` can catch; a function that timed out once fails
      at once in later tests;
    - an exception of any kind (``sys.exit`` included) becomes a message naming it; with
      ``warnings_as_errors``, so does a numpy RuntimeWarning (overflow, divide by zero, invalid value);
      ``strict`` also ignores the learner's own ``np.errstate`` and warning filters, for questions where
      an overflow must be avoided, not silenced;
    - array arguments changed in place are reported;
    - whatever ``fn`` prints is discarded: printing costs nothing.
    """
    if fn is None or not callable(fn):
        raise AssertionError(f"{name} is not defined: run the cell that defines it, and fix any error that cell shows.")
    if own_work:
        refs = references_used(fn)
        if refs:
            raise AssertionError(_delegation_message(name, refs))
    code = getattr(getattr(fn, "__func__", fn), "__code__", None)
    if code is not None and code in _TIMED_OUT:
        raise AssertionError(_timeout_message(name, seconds))  # the same words: feedback lists them once
    options = {"name": name, "own_work": own_work, "warnings_as_errors": warnings_as_errors, "strict": strict}
    run = _in_child if hasattr(os, "fork") else _in_process
    status, value = run(fn, args, kwargs, seconds, **options)
    if status == "timeout":
        if code is not None:
            _TIMED_OUT.add(code)
        raise AssertionError(_timeout_message(name, seconds))
    if status == "fail":
        raise AssertionError(value)
    return value
