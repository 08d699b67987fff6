"""Compare a learner's result with the answer, and name the mistake when it matches a known wrong answer."""

from __future__ import annotations

import numpy as np


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
