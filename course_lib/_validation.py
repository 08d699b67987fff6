"""Input checks shared by the public functions.

Every public function validates its arguments once, here, and raises a ``ValueError`` that names the
argument and shows the shapes involved. Nothing below the public boundary re-checks.
"""

from __future__ import annotations

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


def check_class_weight(weight, n_classes: int, dtype) -> np.ndarray:
    """A class weight is a 1-d array with one entry per class."""
    w = as_float_array(weight, "weight")
    if w.ndim != 1 or w.shape[0] != n_classes:
        raise ValueError(
            f"weight must be a 1-d array of length C = {n_classes} (one weight per class), got shape {w.shape}"
        )
    return w.astype(dtype, copy=False)


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
