"""course_grading.call and the checks, on their own (tests/test_assignments.py grades whole notebooks).

Each test is a learner's function written the way a careless, clever or hostile learner might write it;
the call must come back, quickly, with a message that names what happened.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import time

import numpy as np
import pytest
import torch

import course_grading as g
import course_lib as cl
from course_grading import calls

Z = np.array([-2.0, 0.0, 3.0])

# JAX (imported by other test modules of the same session) warns at every fork that forking a process
# that runs JAX's threads may deadlock. The forked copies here never touch JAX.
pytestmark = pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning")


def _message(fn, *args, **options) -> str:
    with pytest.raises(AssertionError) as info:
        g.call(fn, *args, name="f", seconds=options.pop("seconds", 2.0), **options)
    return str(info.value)


def test_a_correct_function_returns_its_value_and_keeps_its_dtype():
    out = g.call(lambda z: np.exp(z.astype(np.float32)), Z, name="f")
    assert out.dtype == np.float32 and np.allclose(out, np.exp(Z))


def test_a_missing_function_says_which_cell_to_run():
    assert "run the cell that defines it" in _message(None)


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        (lambda z: sys.exit(1), "called sys.exit(1)"),
        (lambda z: (_ for _ in ()).throw(KeyboardInterrupt()), "raised KeyboardInterrupt"),
        (lambda z: 1 / 0, "raised ZeroDivisionError: division by zero"),
        (lambda z: os._exit(0), "ended the Python process"),
    ],
    ids=["sys_exit", "keyboard_interrupt", "exception", "os_exit"],
)
def test_every_way_of_not_returning_becomes_a_message(body, expect):
    assert expect in _message(body, Z)


def test_a_crash_of_the_interpreter_is_reported_and_the_grader_survives():
    import ctypes

    def crash(z):
        return ctypes.string_at(0)  # reads address 0: a segmentation fault

    assert "crashed the Python process" in _message(crash, Z)


def _swallows_exceptions(z):
    while True:
        try:
            while True:
                pass
        except Exception:
            continue


def _swallows_everything(z):
    while True:
        try:
            while True:
                pass
        except:  # noqa: E722
            pass


@pytest.mark.parametrize("fn", [_swallows_exceptions, _swallows_everything], ids=["except_exception", "bare_except"])
def test_the_time_limit_cannot_be_caught_and_costs_one_limit_per_function(fn):
    start = time.monotonic()
    assert "did not finish within 1 s" in _message(fn, Z, seconds=1.0)
    assert time.monotonic() - start < 3
    start = time.monotonic()
    assert "did not finish within 1 s" in _message(fn, Z, seconds=1.0)  # a later test: at once
    assert time.monotonic() - start < 0.5


def test_the_in_process_fallback_has_a_time_limit_that_except_exception_cannot_swallow():
    status, _ = calls._in_process(
        _swallows_exceptions, (Z,), {}, 0.5, name="f", own_work=False, warnings_as_errors=False, strict=False
    )
    assert status == "timeout"


def test_output_is_discarded_at_every_level(capfd):
    def noisy(z):
        print("x" * 1_000_000)
        os.write(1, b"y" * 1000)
        os.write(2, b"z" * 1000)
        return z * 2

    assert np.array_equal(g.call(noisy, Z, name="noisy"), Z * 2)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_changing_an_argument_in_place_is_reported_and_the_callers_array_is_untouched():
    def shifts(z):
        z -= np.max(z)
        return z

    z = Z.copy()
    assert "changed its argument z in place" in _message(shifts, z)
    assert np.array_equal(z, Z)


def test_a_result_that_cannot_come_back_is_named():
    assert "returned a generator" in _message(lambda z: (v for v in z), Z)


def _default(z, _ref=cl.softmax):
    return _ref(z)


def _closure():
    ref = cl.softmax

    def softmax(z):
        return ref(z)

    return softmax


def _by_import(z):
    return importlib.import_module("course_lib").softmax(z)


def _in_a_container(z, table={"f": [cl.softmax]}):  # noqa: B006
    return table["f"][0](z)


def _name_built_at_run_time(z):
    module = importlib.import_module("course_" + "lib")
    return getattr(module, "soft" + "max")(z)


def _torch_by_default(z, _t=torch.softmax):
    return _t(torch.as_tensor(z), 0).numpy()


class _Wrapper:
    def __init__(self):
        self.f = cl.softmax

    def __call__(self, z):
        return self.f(z)


@pytest.mark.parametrize(
    "fn",
    [
        cl.softmax,
        _default,
        _closure(),
        functools.partial(cl.softmax),
        _by_import,
        _in_a_container,
        _name_built_at_run_time,
        _torch_by_default,
        _Wrapper(),
    ],
    ids=[
        "alias",
        "default_argument",
        "closure",
        "partial",
        "importlib",
        "container",
        "name_built_at_run_time",
        "torch_default",
        "callable_object",
    ],
)
def test_handing_the_work_to_a_reference_is_caught_by_any_route(fn):
    message = _message(fn, Z)
    assert "no credit is given for it" in message
    assert "course_lib" in message or "torch" in message


def test_own_work_is_not_blamed_for_numpy_or_for_callbacks_of_the_test():
    def softmax(z, f=lambda v: np.exp(v - v.max())):
        e = f(z)
        return e / e.sum()

    assert np.allclose(g.call(softmax, Z, name="softmax"), cl.softmax(Z))
    assert calls.references_used(softmax) == []


def test_a_reference_may_be_used_where_the_test_allows_it():
    assert np.allclose(g.call(_default, Z, name="f", own_work=False), cl.softmax(Z))


def _silenced_sigmoid(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


def test_strict_catches_an_overflow_that_the_learner_silenced():
    z = np.array([-1000.0, 0.0, 1000.0])
    assert np.allclose(g.call(_silenced_sigmoid, z, name="sigmoid", warnings_as_errors=True), [0, 0.5, 1])
    message = _message(_silenced_sigmoid, z, strict=True)
    assert "overflow" in message and "Silencing the warning" in message


def test_strict_in_process_restores_numpy_and_warnings_afterwards():
    before = (np.errstate, np.seterr, np.geterr())
    status, message = calls._in_process(
        _silenced_sigmoid,
        (np.array([-1000.0]),),
        {},
        2.0,
        name="sigmoid",
        own_work=True,
        warnings_as_errors=False,
        strict=True,
    )
    assert status == "fail" and "overflow" in message
    assert (np.errstate, np.seterr, np.geterr()) == before


def test_check_close_names_the_mistake_a_wrong_value_matches():
    expected, summed = np.float64(0.5), np.float64(1.5)
    with pytest.raises(AssertionError, match="this is the sum"):
        g.check_close(summed, expected, "bce", mistakes={"this is the sum": summed})
    with pytest.raises(AssertionError, match="differs from the expected values by up to 0.25"):
        g.check_close(0.75, expected, "bce", mistakes={"this is the sum": summed})
    with pytest.raises(AssertionError, match="inf or nan where the answer is finite"):
        g.check_close(np.inf, expected, "bce")


@pytest.mark.parametrize(
    ("value", "expect"),
    [(None, "forget the return"), (..., "the placeholder"), (np.zeros(2), "shape (2,)"), ("abc", "not of numbers")],
)
def test_check_array_names_what_is_wrong_with_the_shape_of_the_answer(value, expect):
    with pytest.raises(AssertionError, match=expect.replace("(", r"\(").replace(")", r"\)")):
        g.check_array(value, (3,), np.float64, "f")


def test_check_array_wants_the_inputs_dtype():
    with pytest.raises(AssertionError, match="dtype float64 for float32 input"):
        g.check_array(np.zeros(3), (3,), np.float32, "f")
