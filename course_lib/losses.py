"""Cross-entropy losses with the semantics of ``torch.nn.functional`` 2.x, class axis last.

Each loss says whether it takes **probabilities** or **logits**; that is the classic confusion.

- :func:`~course_lib.losses.binary_cross_entropy` takes probabilities (like ``torch.nn.BCELoss``).
- :func:`~course_lib.losses.binary_cross_entropy_with_logits` takes logits (like
  ``torch.nn.BCEWithLogitsLoss``); prefer it.
- :func:`~course_lib.losses.cross_entropy` takes logits (like ``torch.nn.CrossEntropyLoss``), for C
  mutually exclusive classes.
- :func:`~course_lib.losses.nll_loss` takes log-probabilities (like ``torch.nn.NLLLoss``).

Derived in: book chapters "Binary cross-entropy" and "Categorical cross-entropy".
"""

from __future__ import annotations

import numpy as np

from ._reduction import reduce_loss, target_weights, weighted_mean
from ._validation import binary_args, broadcast_weight, cross_entropy_args
from .activations import log_sigmoid, log_softmax

# torch.nn.functional.binary_cross_entropy clamps each log at -100, so log(0) never reaches the loss.
LOG_CLAMP = -100.0


def _clamped_log(x: np.ndarray) -> np.ndarray:
    """max(log(x), -100) without the divide-by-zero warning np.log(0) emits; NaN stays NaN."""
    out = np.full_like(x, -np.inf)
    np.log(x, out=out, where=x > 0)
    out[np.isnan(x)] = np.nan
    return np.maximum(out, LOG_CLAMP)


def binary_cross_entropy(probs, target, weight=None, reduction: str = "mean"):
    """Binary cross-entropy between predicted probabilities and targets, elementwise.

    l = -w [ y log p + (1 - y) log(1 - p) ], each log clamped at -100 as torch does,
    so p = 0 with y = 1 costs exactly 100, not inf. Every entry is an independent yes/no label, so this
    serves binary and multi-label problems alike. Matches ``torch.nn.functional.binary_cross_entropy``.

    Takes **probabilities**. If you have logits, use
    :func:`~course_lib.losses.binary_cross_entropy_with_logits`: it needs no clamp, since it never rounds
    sigma(z) to 0 or 1 before taking a logarithm.

    Parameters
    ----------
    probs : array (...) of predicted probabilities p in [0, 1]
    target : array (...) of the same shape, targets y in [0, 1] (usually 0 or 1)
    weight : optional array broadcastable to ``probs.shape``, a rescaling weight per element
    reduction : "mean" (default, average over all elements), "sum" or "none"

    Returns
    -------
    scalar for "mean" / "sum", array of ``probs.shape`` for "none".

    Raises
    ------
    ValueError
        If ``target`` has another shape, ``probs`` or ``target`` leave [0, 1], ``weight`` does not
        broadcast, or ``reduction`` is unknown; the message names the argument.

    Examples
    --------
    The mean of -log 0.9 and -log 0.8:

    >>> float(binary_cross_entropy([0.9, 0.2], [1.0, 0.0]))
    0.164252033486018

    Derived in: book chapter "Binary cross-entropy".
    """
    p, y = binary_args(probs, target, reduction, probabilities=True)
    # torch's form: (y - 1) * max(log(1 - p), -100) - y * max(log(p), -100)
    loss = (y - 1) * _clamped_log(1 - p) - y * _clamped_log(p)
    if weight is not None:
        loss = loss * broadcast_weight(weight, p.shape, p.dtype, "weight", "probs")
    return reduce_loss(loss, reduction)


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction: str = "mean"):
    """Binary cross-entropy from logits: sigmoid and BCE fused into one stable formula.

    With p = sigma(z):  l = -w [ q y log sigma(z) + (1 - y) log(1 - sigma(z)) ],  q = pos_weight.
    Since log(1 - sigma(z)) = log sigma(z) - z, this is::

        l = w [ (1 - y) z - (1 + (q - 1) y) log sigma(z) ],

    and log sigma(z) = -softplus(-z) is computed stably (:func:`~course_lib.activations.log_sigmoid`).
    No clamp is needed: a logit of -1e4 with y = 1 costs 1e4, as it should. The result is accurate to a
    small absolute error; a loss far below the float spacing of z (say 4e-18 at z = -40, y = 0) rounds to 0.
    Matches ``torch.nn.functional.binary_cross_entropy_with_logits``.

    Takes **logits**. For binary problems and for multi-label problems (several independent yes/no labels
    per example); for one of C mutually exclusive classes use :func:`~course_lib.losses.cross_entropy`.

    Parameters
    ----------
    logits : array (...) of logits z
    target : array (...) of the same shape, targets y in [0, 1]
    weight : optional array broadcastable to ``logits.shape``, a rescaling weight per element
    pos_weight : optional array broadcastable to ``logits.shape`` (usually (C,) for C labels), the weight q
        of the positive term; q > 1 raises recall, q = (#negatives / #positives) balances the classes
    reduction : "mean" (default), "sum" or "none"

    Returns
    -------
    scalar for "mean" / "sum", array of ``logits.shape`` for "none".

    Examples
    --------
    >>> float(binary_cross_entropy_with_logits([0.0], [1.0]))  # log 2
    0.6931471805599453

    Derived in: book chapter "Binary cross-entropy".
    """
    z, y = binary_args(logits, target, reduction, probabilities=False)
    log_p = log_sigmoid(z)
    if pos_weight is not None:
        q = broadcast_weight(pos_weight, z.shape, z.dtype, "pos_weight", "logits")
        log_p = log_p * (1 + (q - 1) * y)
    # (1 - y) z - log sigma(z) = -[y log sigma(z) + (1 - y) log(1 - sigma(z))]
    loss = (1 - y) * z - log_p
    if weight is not None:
        loss = loss * broadcast_weight(weight, z.shape, z.dtype, "weight", "logits")
    return reduce_loss(loss, reduction)


def nll_loss(log_probs, target, weight=None, ignore_index: int = -100, reduction: str = "mean"):
    """Negative log-likelihood of the true classes: l_i = -w[y_i] log_probs[i, y_i].

    Takes **log-probabilities** (for example from :func:`~course_lib.activations.log_softmax`), not logits
    and not probabilities.
    Targets equal to ``ignore_index`` contribute 0 and are left out of the mean. The weighted mean divides
    by the summed weights of the counted targets, sum_i w[y_i], not by N: exactly as torch.
    Matches ``torch.nn.functional.nll_loss`` (class axis last).

    Parameters
    ----------
    log_probs : array (..., C)
    target : int array (...) of class indices in [0, C), or ``ignore_index``
    weight : optional array (C,), one weight per class
    ignore_index : a target value to skip (default -100)
    reduction : "mean" (default), "sum" or "none"

    Returns
    -------
    scalar for "mean" / "sum", array (...) for "none" (0 where the target is ignored).

    Derived in: book chapter "Categorical cross-entropy".
    """
    a = cross_entropy_args(log_probs, target, weight, ignore_index, reduction, 0.0, input_name="log_probs")
    if a.soft:
        raise ValueError(
            f"target of nll_loss must hold class indices of shape {a.logits.shape[:-1]}, got probabilities "
            f"of shape {a.target.shape}; use cross_entropy for probability targets"
        )
    return _nll(a.logits, a.target, a.weight, a.ignore_index, a.reduction)


def _nll(log_probs, target, weight, ignore_index, reduction):
    w_y, safe, counted = target_weights(target, weight, ignore_index, log_probs.dtype)
    # pick out the true class's log-probability; never multiply a one-hot vector by log(0)
    picked = np.take_along_axis(log_probs, safe[..., None], axis=-1)[..., 0]
    loss = np.where(counted, -w_y * picked, 0).astype(log_probs.dtype, copy=False)
    if reduction == "mean":
        return weighted_mean(loss.sum(), w_y.sum())
    return reduce_loss(loss, reduction)


def cross_entropy(
    logits,
    target,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
):
    """Categorical cross-entropy between logits and targets (classes on the last axis).

    For one sample with logits z (C,) and true class j:  L = -log softmax(z)_j = logsumexp(z) - z_j.
    Computed from logits via log-softmax, so no exp overflows and no log(0) is taken.
    For C mutually exclusive classes (exactly one is true). For several independent yes/no labels per
    example (multi-label) use :func:`~course_lib.losses.binary_cross_entropy_with_logits` instead.
    Matches ``torch.nn.functional.cross_entropy`` (class axis last instead of dim 1).

    Targets come in two forms, told apart by dtype and shape:

    - class indices, an int array of shape ``logits.shape[:-1]``:
      L_i = (1 - eps) w[y_i] (-log p_{i,y_i}) + (eps / C) sum_c w_c (-log p_{i,c}).
      "mean" divides by sum_i w[y_i] over the targets not equal to ``ignore_index`` (by their count when
      unweighted); ignored targets add 0. With label smoothing eps, the smoothing term is divided by the
      same sum of the true classes' weights, exactly as torch.
    - probabilities, a float array of ``logits.shape`` (soft targets):
      L_i = -sum_c w_c t'_{i,c} log p_{i,c},  t' = (1 - eps) t + eps / C.
      "mean" divides by the number of samples N; ``ignore_index`` does not apply.

    Parameters
    ----------
    logits : array (..., C), e.g. (C,), (N, C) or (N, d1, ..., C)
    target : int array (...) of class indices, or float array (..., C) of class probabilities
    weight : optional array (C,), a weight per class
    ignore_index : a class-index target to skip (default -100)
    reduction : "mean" (default), "sum" or "none"
    label_smoothing : eps in [0, 1], mixes the target with the uniform distribution

    Returns
    -------
    scalar for "mean" / "sum", array ``logits.shape[:-1]`` for "none".

    Raises
    ------
    ValueError
        Naming the argument: target of the wrong shape or dtype, class index outside [0, C) (unless it
        equals ``ignore_index``), weight not of shape (C,), unknown reduction, label_smoothing outside
        [0, 1], 0-d logits.

    Examples
    --------
    Equal logits give every one of C = 4 classes probability 1/4, so the loss is log 4:

    >>> float(cross_entropy([[0.0, 0.0, 0.0, 0.0]], [2]))
    1.3862943611198906

    Derived in: book chapter "Categorical cross-entropy"; stability in "Numerical stability".
    """
    a = cross_entropy_args(logits, target, weight, ignore_index, reduction, label_smoothing)
    log_p = log_softmax(a.logits)
    n_classes = a.logits.shape[-1]
    eps = a.label_smoothing

    if a.soft:
        t = a.target if eps == 0 else a.target * (1 - eps) + eps / n_classes
        wt = t if a.weight is None else t * a.weight
        loss = -(wt * log_p).sum(axis=-1)
        return reduce_loss(loss, reduction)  # "mean" by the number of samples, as torch

    nll = _nll(log_p, a.target, a.weight, a.ignore_index, reduction)
    if eps == 0:
        return nll
    # the smoothing term: -sum_c w_c log p_c per sample, 0 where the target is ignored
    w_y, _, counted = target_weights(a.target, a.weight, a.ignore_index, log_p.dtype)
    smooth = -(log_p if a.weight is None else log_p * a.weight).sum(axis=-1)
    smooth = np.where(counted, smooth, 0).astype(log_p.dtype, copy=False)
    if reduction == "mean":
        smooth = weighted_mean(smooth.sum(), w_y.sum())
    else:
        smooth = reduce_loss(smooth, reduction)
    return (1 - eps) * nll + (eps / n_classes) * smooth
