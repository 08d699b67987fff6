"""Input checks shared by the public functions.

Every public function validates its arguments once, here, and raises a ``ValueError`` that names the
argument and shows the shapes involved. Nothing below the public boundary re-checks. The checks of a whole
family of functions live here too: ``binary_args`` for the binary losses and their gradients,
``cross_entropy_args`` for cross_entropy, nll_loss, their gradients and the fused pass.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

REDUCTIONS = ("none", "mean", "sum")


def as_float_array(x, name: str) -> np.ndarray:
    """Return ``x`` as a float array: float32 and float64 are kept, integers and bools become float64.

    float16 is computed in float32 (its exp overflows at 11.09, too early to be useful for logits).
    """
    a = np.asarray(x)
    if a.dtype == np.float32 or a.dtype == np.float64:
        return a
    if a.dtype == np.float16:
        return a.astype(np.float32)
    if a.dtype.kind in "biu":
        return a.astype(np.float64)
    raise ValueError(f"{name} must be a real-valued array, got dtype {a.dtype}")


def check_reduction(reduction: str) -> None:
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")


def check_logits(logits: np.ndarray, name: str = "logits") -> None:
    if logits.ndim == 0:
        raise ValueError(f"{name} must have at least one axis (the class axis, last), got a 0-d array")
    if logits.shape[-1] == 0:
        raise ValueError(f"{name} must have at least one class on its last axis, got shape {logits.shape}")


def check_unit_interval(x: np.ndarray, name: str) -> None:
    """Values must lie in [0, 1]; NaN is let through so that it propagates."""
    # NaN compares False both ways, so it is neither flagged nor rejected here.
    bad = (x < 0) | (x > 1)
    if np.any(bad):
        first = x[bad].flat[0]
        raise ValueError(f"{name} must hold probabilities in [0, 1], got a value of {first!r} (shape {x.shape})")


def check_same_shape(target: np.ndarray, input_: np.ndarray, input_name: str) -> None:
    if target.shape != input_.shape:
        raise ValueError(f"target must have the same shape as {input_name} {input_.shape}, got {target.shape}")


def broadcast_weight(weight, shape: tuple, dtype, name: str, input_name: str) -> np.ndarray:
    """A per-element weight must broadcast to ``shape`` without enlarging it (as in torch)."""
    w = as_float_array(weight, name).astype(dtype, copy=False)
    try:
        out_shape = np.broadcast_shapes(w.shape, shape)
    except ValueError:
        out_shape = None
    if out_shape != shape:
        raise ValueError(f"{name} of shape {w.shape} does not broadcast to {input_name} of shape {shape}")
    return w


def check_class_indices(
    target, batch_shape: tuple, n_classes: int, ignore_index, input_name: str, input_shape=None, name="target"
):
    """Class-index targets: integers of shape ``batch_shape`` in [0, C) or equal to ``ignore_index``.

    ``ignore_index=None`` exempts no value. ``input_shape`` (default ``batch_shape + (C,)``) is the shape of
    the input the message compares with, and ``name`` the argument's name.
    """
    t = np.asarray(target)
    if input_shape is None:
        input_shape = batch_shape + (n_classes,)
    if t.dtype.kind not in "iu":
        raise ValueError(f"{name} of class indices must have an integer dtype, got {t.dtype} with shape {t.shape}")
    if t.shape != batch_shape:
        raise ValueError(
            f"{name} must have shape {batch_shape} (class indices) to match {input_name} {input_shape}, got {t.shape}"
        )
    bad = (t < 0) | (t >= n_classes)
    if ignore_index is not None:
        bad &= t != ignore_index
    if np.any(bad):
        ignoring = "" if ignore_index is None else f", ignore_index={ignore_index}"
        raise ValueError(
            f"{name} holds class index {t[bad].flat[0]} outside [0, {n_classes}) for {input_name} "
            f"of shape {input_shape}{ignoring}"
        )
    return t


def check_label_smoothing(label_smoothing: float) -> float:
    ls = float(label_smoothing)
    if not 0.0 <= ls <= 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing!r}")
    return ls


# --- checks added for calibration.py, focal.py and distillation.py ------------------------------------------

KL_REDUCTIONS = ("none", "batchmean", "sum", "mean")


def check_kl_reduction(reduction: str) -> None:
    """The reductions of torch.nn.functional.kl_div: "batchmean" divides the sum by the batch size."""
    if reduction not in KL_REDUCTIONS:
        raise ValueError(f"reduction must be one of {KL_REDUCTIONS}, got {reduction!r}")


def check_positive(value, name: str) -> float:
    """A finite real number > 0 (a temperature), returned as a Python float."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}") from None
    if not (np.isfinite(v) and v > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return v


def check_nonnegative(value, name: str) -> float:
    """A finite real number >= 0 (a focusing exponent gamma), returned as a Python float."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}") from None
    if not (np.isfinite(v) and v >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return v


def check_int(value, name: str, minimum: int = 1) -> int:
    """An integer >= ``minimum`` (a number of bins, of classes, of epochs), returned as a Python int.

    Integral floats such as 3.0 are accepted; bools, fractional floats, nan and what is not a number are not.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer | float | np.floating):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if not (np.isfinite(value) and int(value) == value and value >= minimum):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_per_class(values, n_classes: int, dtype, name: str) -> np.ndarray:
    """A 1-d array with one entry per class, (C,), named ``name`` in the message: a class ``weight``, focal's
    ``alpha``, a ``bias``. Returned in ``dtype``."""
    w = as_float_array(values, name)
    if w.ndim != 1 or w.shape[0] != n_classes:
        raise ValueError(
            f"{name} must be a 1-d array of length C = {n_classes} (one value per class), got shape {w.shape}"
        )
    return w.astype(dtype, copy=False)


def check_same_shape_as(x: np.ndarray, name: str, other: np.ndarray, other_name: str) -> None:
    """``x`` (named ``name``) must have the shape of ``other`` (named ``other_name``)."""
    if x.shape != other.shape:
        raise ValueError(f"{name} must have the same shape as {other_name} {other.shape}, got {x.shape}")


def row_sum_tolerance(dtype) -> float:
    """How far a row of probabilities may sum from 1: max(1e-4, sqrt(eps)) of the dtype it arrived in.

    1e-4 for float64 and 3.5e-4 for float32 accept softmax outputs computed in either precision (and cast to
    the other); 0.031 for float16. A row of logits, or of unnormalised scores, is far outside.
    """
    return max(1e-4, float(np.sqrt(np.finfo(dtype).eps)))


def check_probability_rows(probs: np.ndarray, name: str, tolerance: float) -> None:
    """Rows along the last axis must lie in [0, 1] and sum to 1 within ``tolerance``; NaN is let through."""
    check_unit_interval(probs, name)
    sums = probs.sum(axis=-1)
    bad = np.abs(sums - 1) > tolerance  # NaN compares False: a row holding NaN is let through
    if np.any(bad):
        row = tuple(int(i) for i in np.unravel_index(np.flatnonzero(bad)[0], sums.shape))
        which = "the row" if not row else f"row {row[0] if len(row) == 1 else row}"
        raise ValueError(
            f"{name} must hold probability rows that sum to 1 (within {tolerance:.2g}) along the last axis, "
            f"but {which} sums to {float(sums[row]):.6g} (shape {probs.shape}); "
            f"pass softmax(logits), not logits"
        )


# --- checks added for linear_ce.py and lm_metrics.py --------------------------------------------------------


def check_matrix(x: np.ndarray, name: str, layout: str) -> None:
    """``x`` must be a 2-d array; ``layout`` says what its axes hold, e.g. "(N, D), one row per token"."""
    if x.ndim != 2:
        raise ValueError(f"{name} must be a 2-d array {layout}, got shape {x.shape}")


def check_nonnegative_values(x: np.ndarray, name: str, what: str) -> None:
    """Every value must be >= 0 (``what`` says why, e.g. "a negative log-likelihood"); NaN is let through."""
    bad = x < 0  # NaN compares False: it propagates instead
    if np.any(bad):
        raise ValueError(f"{name} must be >= 0 ({what}), got a value of {x[bad].flat[0]!r}")


# --- the argument checks of whole families of functions -----------------------------------------------------


def binary_args(input_, target, reduction: str, *, probabilities: bool):
    """Validate the arguments of the binary losses (and their gradients) once, at the public boundary.

    ``input_`` holds probabilities (``probabilities=True``: named ``probs`` and checked to lie in [0, 1]) or
    logits (named ``logits``); ``target`` must have its shape and lie in [0, 1]. Returns both as float arrays
    of the input's dtype.
    """
    input_name = "probs" if probabilities else "logits"
    x = as_float_array(input_, input_name)
    y = as_float_array(target, "target").astype(x.dtype, copy=False)
    check_same_shape(y, x, input_name)
    check_reduction(reduction)
    if probabilities:
        check_unit_interval(x, input_name)
    check_unit_interval(y, "target")
    return x, y


class CrossEntropyArgs(NamedTuple):
    """Validated arguments of the categorical cross-entropy family (loss, gradients, fused pass)."""

    logits: np.ndarray  # (..., C) float
    target: np.ndarray  # (...) int class indices, or (..., C) float probabilities
    soft: bool  # True for probability targets
    weight: np.ndarray | None  # (C,) or None
    ignore_index: int
    reduction: str
    label_smoothing: float


def cross_entropy_args(
    logits, target, weight, ignore_index, reduction, label_smoothing, input_name="logits"
) -> CrossEntropyArgs:
    """Validate the arguments of cross_entropy (and of its gradients) once, at the public boundary.

    ``input_name`` is what the caller calls the scores: ``logits``, or ``log_probs`` for nll_loss.
    """
    z = as_float_array(logits, input_name)
    check_logits(z, input_name)
    check_reduction(reduction)
    ls = check_label_smoothing(label_smoothing)
    n_classes = z.shape[-1]
    w = None if weight is None else check_per_class(weight, n_classes, z.dtype, "weight")
    t = np.asarray(target)
    soft = t.dtype.kind == "f" and t.shape == z.shape
    if soft:
        t = t.astype(z.dtype, copy=False)
        check_unit_interval(t, "target")
    else:
        t = check_class_indices(t, z.shape[:-1], n_classes, ignore_index, input_name)
    return CrossEntropyArgs(z, t, soft, w, int(ignore_index), reduction, ls)
