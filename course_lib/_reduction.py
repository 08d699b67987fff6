"""How a loss (or its gradient) is reduced: the "none", "sum" and "mean" of ``torch.nn.functional``.

Private, shared by the losses and their gradients. Validation happens before, in ``_validation``; these
helpers take checked arrays.
"""

from __future__ import annotations

import numpy as np


def reduce_loss(loss: np.ndarray, reduction: str):
    """Apply a reduction: "none" keeps the per-element losses, "sum" adds them, "mean" averages them."""
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if loss.size == 0:  # torch's mean of no elements is nan
        return loss.dtype.type(np.nan)
    return loss.mean()


def mean_scale(shape: tuple, reduction: str) -> float:
    """The factor "mean" applies to each element's gradient: 1 / (number of elements); 1 otherwise."""
    n = int(np.prod(shape))
    return 1.0 / n if reduction == "mean" and n > 0 else 1.0


def target_weights(target: np.ndarray, weight, ignore_index: int, dtype):
    """w[y_i] for every counted target and 0 for ignored ones; also the safe indices and the mask.

    ``weight`` is the class weight (C,) or None (every weight 1). The safe indices replace each ignored
    target by 0, any valid index, so that ``np.take_along_axis`` can pick a column for every row.
    """
    counted = target != ignore_index
    safe = np.where(counted, target, 0)  # any valid index for ignored rows; their weight is 0
    w_y = counted.astype(dtype) if weight is None else weight[safe] * counted
    return w_y, safe, counted


def weighted_mean(total, w_y_sum):
    """The weighted "mean" of cross_entropy and nll_loss: the sum over the summed target weights."""
    with np.errstate(invalid="ignore", divide="ignore"):  # all targets ignored: 0 / 0 = nan, as torch
        return total / w_y_sum
