"""Focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection"): cross-entropy that down-weights the
examples the model already gets right.

With p_t the probability of the true class, the focal loss is -alpha_t (1 - p_t)^gamma log p_t: the
modulating factor (1 - p_t)^gamma is near 0 for an easy example (p_t near 1) and near 1 for a hard one, so
the hard examples dominate the sum. gamma = 0 (and no alpha) gives back cross-entropy.

- :func:`~course_lib.focal.focal_loss` and :func:`~course_lib.focal.focal_loss_grad` take **logits**, for C
  mutually exclusive classes (softmax).
- :func:`~course_lib.focal.sigmoid_focal_loss` takes **logits**, for independent yes/no labels (sigmoid), as
  ``torchvision.ops.sigmoid_focal_loss``.

Derived in: book chapter "Choosing and trusting the loss".
"""

from __future__ import annotations

import numpy as np

from ._reduction import reduce_loss
from ._validation import (
    as_float_array,
    binary_args,
    check_class_indices,
    check_logits,
    check_nonnegative,
    check_per_class,
    check_reduction,
)
from .activations import log_sigmoid, log_softmax, sigmoid, softmax


def _focal_args(logits, target, gamma, alpha, reduction):
    """Validate the arguments of focal_loss and focal_loss_grad once, at the public boundary."""
    z = as_float_array(logits, "logits")
    check_logits(z, "logits")
    check_reduction(reduction)
    g = check_nonnegative(gamma, "gamma")
    n_classes = z.shape[-1]
    t = check_class_indices(target, z.shape[:-1], n_classes, None, "logits")
    a = None if alpha is None else check_per_class(alpha, n_classes, z.dtype, "alpha")
    return z, t, g, a


def _true_class_log_prob(z: np.ndarray, t: np.ndarray):
    """log p_y per sample (from log_softmax, exact far into the tails) and 1 - p_y = -expm1(log p_y)."""
    log_p = log_softmax(z)
    log_p_true = np.take_along_axis(log_p, t[..., None], axis=-1)[..., 0]
    # 1 - p_y = -expm1(log p_y): no rounding of exp(log p_y) to a float near 1 before the subtraction
    return log_p_true, -np.expm1(log_p_true)


def focal_loss(logits, target, gamma: float = 2.0, alpha=None, reduction: str = "mean"):
    """Multiclass focal loss: cross-entropy with each sample scaled by (1 - p_y)^gamma (and alpha_y).

    For one sample with logits z (C,), true class y and p = softmax(z)::

        FL = -alpha_y (1 - p_y)^gamma log p_y

    log p_y comes from log-softmax (no exp overflows, no log of an underflowed 0) and 1 - p_y from
    -expm1(log p_y), which adds no rounding of its own when p_y is close to 1 (1 - exp(log p_y) would first
    round exp(log p_y) to a float near 1); the loss is then as accurate as log p_y, to about eps absolute.
    gamma = 0 with alpha None gives exactly :func:`~course_lib.losses.cross_entropy`.
    "mean" divides by the number of samples, not by sum_i alpha_{y_i} (unlike cross_entropy's class weight).
    torch has no multiclass focal loss; this is the autograd of
    ``-(alpha[t] * (-torch.expm1(lp)) ** gamma * lp)`` with ``lp = F.log_softmax(z, -1).gather(-1, t[..., None])``.

    Takes **logits**, for C mutually exclusive classes.

    Parameters
    ----------
    logits : array (N, C) (or (..., C)) of logits
    target : int array (N,) (or (...)) of class indices in [0, C)
    gamma : the focusing exponent gamma >= 0 (default 2, as Lin et al.); 0 is cross-entropy
    alpha : None, or an array (C,) of per-class weights alpha_c
    reduction : "mean" (default, over samples), "sum" or "none"

    Returns
    -------
    scalar for "mean" / "sum", array ``logits.shape[:-1]`` for "none"; in the dtype of ``logits`` (float32
    stays float32; integers become float64). nan in a sample whose logits hold nan.

    Raises
    ------
    ValueError
        Naming the argument: ``target`` of the wrong shape or dtype or outside [0, C), ``alpha`` not of
        shape (C,), ``gamma`` negative or not finite, unknown ``reduction``, 0-d ``logits``.

    Examples
    --------
    p_y = 1/2 for two equal logits: (1 - 1/2)^2 log 2 = log(2) / 4, a quarter of the cross-entropy:

    >>> float(focal_loss([[0.0, 0.0]], [1]))
    0.17328679513998632

    Derived in: book chapter "Choosing and trusting the loss".
    """
    z, t, gamma, alpha = _focal_args(logits, target, gamma, alpha, reduction)
    log_p_true, one_minus_p = _true_class_log_prob(z, t)
    loss = -(one_minus_p**gamma * log_p_true)  # gamma = 0: 0**0 = 1, so this is -log p_y exactly
    if alpha is not None:
        loss = alpha[t] * loss
    return reduce_loss(loss.astype(z.dtype, copy=False), reduction)


def focal_loss_grad(logits, target, gamma: float = 2.0, alpha=None, reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`~course_lib.focal.focal_loss` with respect to the **logits**.

    With p = softmax(z), true class y and l = log p_y, FL = -alpha_y (1 - p_y)^gamma l and dl/dz = onehot(y) - p,
    so::

        dFL/dz = alpha_y (1 - p_y)^gamma [1 - gamma p_y log p_y / (1 - p_y)] (p - onehot(y))

    The bracket is >= 1 (log p_y / (1 - p_y) <= -1): focal loss pushes in the direction of cross-entropy's
    p - onehot(y), scaled down for easy samples. log p_y / (1 - p_y) tends to -1 as p_y -> 1 and is taken
    as -1 where 1 - p_y rounds to 0, so a certain, correct sample gets the gradient 0, not 0 * inf = nan.
    gamma = 0 with alpha None gives cross-entropy's p - onehot(y). "mean" divides by the number of samples;
    "none" gives the gradient of the sum of the per-sample losses. Matches torch autograd of the formula
    in :func:`~course_lib.focal.focal_loss`.

    Parameters and shapes as :func:`~course_lib.focal.focal_loss`. Returns an array of ``logits.shape``.

    Examples
    --------
    >>> focal_loss_grad([[0.0, 0.0]], [1], gamma=0.0)  # cross-entropy's p - onehot(y)
    array([[ 0.5, -0.5]])

    Derived in: book chapter "Choosing and trusting the loss".
    """
    z, t, gamma, alpha = _focal_args(logits, target, gamma, alpha, reduction)
    log_p_true, one_minus_p = _true_class_log_prob(z, t)
    p_true = np.exp(log_p_true)
    # r = log p_y / (1 - p_y) in (-inf, -1]; its limit at p_y = 1 (where 1 - p_y rounds to 0) is -1
    r = np.divide(log_p_true, one_minus_p, out=np.full_like(log_p_true, -1.0), where=one_minus_p != 0)
    factor = one_minus_p**gamma * (1 - gamma * p_true * r)
    if alpha is not None:
        factor = alpha[t] * factor
    one_hot = (t[..., None] == np.arange(z.shape[-1])).astype(z.dtype)
    grad = factor[..., None] * (softmax(z) - one_hot)
    if reduction == "mean":  # a division, as cross_entropy_grad's: gamma = 0 gives its numbers exactly
        n_samples = int(np.prod(z.shape[:-1]))
        grad = grad / max(n_samples, 1)
    return grad.astype(z.dtype, copy=False)


def sigmoid_focal_loss(logits, target, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "none"):
    """Binary focal loss of RetinaNet, elementwise, as ``torchvision.ops.sigmoid_focal_loss``.

    With p = sigma(z) and a target y in [0, 1] (usually 0 or 1), elementwise::

        p_t = p y + (1 - p)(1 - y),   alpha_t = alpha y + (1 - alpha)(1 - y)
        FL = alpha_t (1 - p_t)^gamma BCE(z, y),   BCE(z, y) = -[y log p + (1 - y) log(1 - p)]

    alpha < 0 (or None) drops alpha_t. Computed from logits: log p = log_sigmoid(z) and
    log(1 - p) = log_sigmoid(-z), and 1 - p_t = y sigma(-z) + (1 - y) sigma(z) with 1 - sigma(z) = sigma(-z)
    taken directly, so an easy example (``|z|`` large, right sign) keeps its small loss to full relative
    precision where torchvision's 1 - p_t rounds it. Same formula, defaults (alpha = 0.25, gamma = 2,
    reduction = "none") and reductions as torchvision; torchvision rejects a negative alpha other than -1,
    which is accepted (and disables alpha) here.

    Takes **logits**, for independent yes/no labels (binary or multi-label); for one of C mutually
    exclusive classes use :func:`~course_lib.focal.focal_loss`.

    Parameters
    ----------
    logits : array (...) of logits z, any shape
    target : array (...) of the same shape, targets y in [0, 1]
    alpha : weight of the positive class in [0, 1] (default 0.25); a negative value or None disables it
    gamma : the focusing exponent gamma >= 0 (default 2)
    reduction : "none" (default, as torchvision), "mean" (over all elements) or "sum"

    Returns
    -------
    array of ``logits.shape`` for "none", a scalar for "mean" / "sum"; in the dtype of ``logits``.

    Raises
    ------
    ValueError
        Naming the argument: ``target`` of another shape or outside [0, 1], ``alpha`` above 1 or nan,
        ``gamma`` negative or not finite, unknown ``reduction``.

    Examples
    --------
    z = 0 gives p_t = 1/2 either way: 0.25 * 0.25 * log 2 for y = 1, 0.75 * 0.25 * log 2 for y = 0:

    >>> sigmoid_focal_loss([0.0, 0.0], [1.0, 0.0])
    array([0.0433217, 0.1299651])

    Derived in: book chapter "Choosing and trusting the loss".
    """
    z, y = binary_args(logits, target, reduction, probabilities=False)
    gamma = check_nonnegative(gamma, "gamma")
    if alpha is not None:
        try:
            a = float(alpha)
        except (TypeError, ValueError):
            a = np.nan
        if not a <= 1:  # also catches nan, and what is not a number
            raise ValueError(f"alpha must be in [0, 1] (or negative, or None, to disable it), got {alpha!r}")
        alpha = a
    # BCE from logits: log p = log_sigmoid(z), log(1 - p) = log_sigmoid(-z)
    bce = -(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))
    # 1 - p_t = y (1 - p) + (1 - y) p, with 1 - sigma(z) = sigma(-z): no cancellation when p is near 1
    one_minus_p_t = y * sigmoid(-z) + (1 - y) * sigmoid(z)
    loss = bce * one_minus_p_t**gamma
    if alpha is not None and alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return reduce_loss(loss.astype(z.dtype, copy=False), reduction)
