"""Analytic gradients of the losses (no autograd), the softmax Jacobian, and a finite-difference checker.

Every gradient here is the gradient of the *reduced* loss, with the same keywords as the loss. For
``reduction="none"`` it is the gradient of the sum of the per-sample losses: since sample i's loss depends
only on its own row, row i is that sample's own gradient.

The gradient the textbooks call "p - y" is the gradient with respect to the **logits** z, not with respect
to the probabilities: compare :func:`~course_lib.gradients.binary_cross_entropy_grad` (d/d probs) with
:func:`~course_lib.gradients.binary_cross_entropy_with_logits_grad` (d/d logits).

Derived in: book chapter "Gradients".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._reduction import mean_scale, target_weights
from ._validation import as_float_array, binary_args, broadcast_weight, check_logits, cross_entropy_args
from .activations import sigmoid, softmax

# torch's BCE backward divides by max(p (1 - p), 1e-12), so the gradient stays finite at p = 0 and p = 1.
# torch declares that 1e-12 as a C float, so float64 computations use float32(1e-12) too.
BCE_GRAD_EPS = float(np.float32(1e-12))


def binary_cross_entropy_grad(probs, target, weight=None, reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`~course_lib.losses.binary_cross_entropy` with respect to the **probabilities** p.

    dl/dp = w (p - y) / (p (1 - p)),  divided by the number of elements for "mean".
    This is *not* p - y: that tidy form is the gradient with respect to the logit (see
    :func:`~course_lib.gradients.binary_cross_entropy_with_logits_grad`). The denominator is clamped at
    1e-12 as in torch, so p = 0 or 1 gives a large finite gradient instead of a division by zero.

    Parameters and shapes as :func:`~course_lib.losses.binary_cross_entropy`. Returns an array of ``probs.shape``.

    Derived in: book chapter "Binary cross-entropy" and "Gradients".
    """
    p, y = binary_args(probs, target, reduction, probabilities=True)
    grad = (p - y) / np.maximum((1 - p) * p, p.dtype.type(BCE_GRAD_EPS))
    if weight is not None:
        grad = grad * broadcast_weight(weight, p.shape, p.dtype, "weight", "probs")
    return (grad * mean_scale(p.shape, reduction)).astype(p.dtype, copy=False)


def binary_cross_entropy_with_logits_grad(
    logits, target, weight=None, pos_weight=None, reduction: str = "mean"
) -> np.ndarray:
    """Gradient of binary_cross_entropy_with_logits with respect to the **logits** z.

    dl/dz = w (sigma(z) - y) without pos_weight: the famous "prediction minus target".
    With pos_weight q:  dl/dz = w [ (1 + (q - 1) y) sigma(z) - q y ].
    Divided by the number of elements for "mean".

    Parameters and shapes as :func:`~course_lib.losses.binary_cross_entropy_with_logits`.
    Returns an array of ``logits.shape``.

    Derived in: book chapter "Binary cross-entropy" and "Gradients".
    """
    z, y = binary_args(logits, target, reduction, probabilities=False)
    p = sigmoid(z)
    if pos_weight is None:
        grad = p - y
    else:
        q = broadcast_weight(pos_weight, z.shape, z.dtype, "pos_weight", "logits")
        grad = (1 + (q - 1) * y) * p - q * y
    if weight is not None:
        grad = grad * broadcast_weight(weight, z.shape, z.dtype, "weight", "logits")
    return (grad * mean_scale(z.shape, reduction)).astype(z.dtype, copy=False)


def cross_entropy_grad(
    logits,
    target,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> np.ndarray:
    """Gradient of :func:`~course_lib.losses.cross_entropy` with respect to the **logits**, in textbook form.

    With p = softmax(z), for one sample with true class j, no weights and no smoothing::

        dL/dz = p - onehot(j)

    With smoothing eps the target becomes t' = (1 - eps) onehot(j) + eps / C, and still dL/dz = p - t'.
    With class weights w and W = sum_c w_c::

        dL/dz = (1 - eps) w_j (p - onehot(j)) + (eps / C) (W p - w)

    For probability targets t:  dL/dz = (sum_c w_c t'_c) p - w * t'.
    "mean" divides by the same denominator as the loss (sum_i w[y_i], or N for probability targets);
    rows whose target equals ``ignore_index`` get 0.

    This is the readable version; :func:`~course_lib.fused.cross_entropy_and_grad` computes the same
    numbers in one fused, cache-blocked pass and is what training loops should call.

    Parameters and shapes as :func:`~course_lib.losses.cross_entropy`. Returns an array of ``logits.shape``.

    Derived in: book chapter "Gradients".
    """
    a = cross_entropy_args(logits, target, weight, ignore_index, reduction, label_smoothing)
    z, eps = a.logits, a.label_smoothing
    n_classes = z.shape[-1]
    p = softmax(z)
    w = np.ones(n_classes, dtype=z.dtype) if a.weight is None else a.weight

    if a.soft:
        t = (1 - eps) * a.target + eps / n_classes
        grad = (t * w).sum(axis=-1, keepdims=True) * p - w * t
        return (grad * mean_scale(z.shape[:-1], reduction)).astype(z.dtype, copy=False)

    w_y, safe, counted = target_weights(a.target, a.weight, a.ignore_index, z.dtype)
    y = (safe[..., None] == np.arange(n_classes)).astype(z.dtype)  # one-hot rows
    grad = (1 - eps) * w_y[..., None] * (p - y)
    if eps > 0:
        grad = grad + (eps / n_classes) * (w.sum() * p - w)
    grad = np.where(counted[..., None], grad, 0)
    if reduction == "mean":
        # as torch: with no weight to divide by, counted rows are 0 / 0 = nan and ignored rows stay 0
        total = w_y.sum()
        grad = grad / total if total != 0 else np.where(counted[..., None], np.nan, np.zeros_like(grad))
    return grad.astype(z.dtype, copy=False)


def softmax_jacobian(z) -> np.ndarray:
    """Jacobian of the softmax, J[..., i, k] = d p_i / d z_k = p_i (delta_ik - p_k).

    In matrix form J = diag(p) - p p^T: symmetric, each row and column sums to 0 (the probabilities always
    sum to 1), and its rank is C - 1 (adding a constant to every logit changes nothing).

    Parameters
    ----------
    z : array (..., C) of logits

    Returns
    -------
    ndarray (..., C, C).

    Derived in: book chapter "Gradients".
    """
    z = as_float_array(z, "z")
    check_logits(z, "z")
    p = softmax(z)
    # diag(p): the identity times p broadcast along rows; p p^T: an outer product per sample
    return np.eye(z.shape[-1], dtype=z.dtype) * p[..., None, :] - p[..., :, None] * p[..., None, :]


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of the gradient of a scalar function f at x.

    df/dx_k ~ (f(x + eps e_k) - f(x - eps e_k)) / (2 eps), one coordinate at a time (2 * x.size calls).
    The error is O(eps^2) from truncation plus O(machine eps / eps) from rounding, so about 1e-10 for
    float64 and eps = 1e-6. The estimate is made on a float64 copy of x: x itself is never changed.

    Parameters
    ----------
    f : callable taking an array of x's shape and returning a scalar
    x : array_like, the point
    eps : the step

    Returns
    -------
    float64 ndarray of x's shape.

    Examples
    --------
    >>> numerical_gradient(lambda v: (v ** 2).sum(), [1.0, -2.0]).round(6)
    array([ 2., -4.])

    Derived in: book chapter "Gradients" (the gradient check).
    """
    x_work = np.array(x, dtype=np.float64)  # a private copy: perturbing it never touches the caller's x
    grad = np.empty_like(x_work)
    flat = x_work.reshape(-1)  # a view of the copy
    for k in range(flat.size):
        original = flat[k]
        flat[k] = original + eps
        f_plus = float(f(x_work))
        flat[k] = original - eps
        f_minus = float(f(x_work))
        flat[k] = original
        grad.flat[k] = (f_plus - f_minus) / (2 * eps)
    return grad
