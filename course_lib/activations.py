"""Activations: from logits to probabilities, and their logarithms, computed stably.

Logits are raw, unnormalised scores z = Wx + b. The sigmoid turns one logit into a probability; the softmax
turns a vector of C logits into a probability distribution over C mutually exclusive classes. The class axis
is the last axis everywhere in this library, written ``(..., C)``.

Derived in: book chapters "Binary cross-entropy" (sigmoid), "Categorical cross-entropy" (softmax) and
"Numerical stability" (the max-shift, logsumexp, log_softmax).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_class_indices, check_int, check_logits


def sigmoid(z) -> np.ndarray:
    """Logistic sigmoid, sigma(z) = 1 / (1 + exp(-z)), elementwise, for logits of any shape.

    Stable for every z: with e = exp(-abs(z)) <= 1, which never overflows,
    sigma(z) = 1 / (1 + e) for z >= 0 and sigma(z) = e / (1 + e) for z < 0.

    Parameters
    ----------
    z : array_like of logits, any shape

    Returns
    -------
    ndarray of probabilities in [0, 1], same shape; float32 stays float32, integers become float64.

    Examples
    --------
    >>> sigmoid([0.0, 1e4, -1e4])
    array([0.5, 1. , 0. ])

    Derived in: book chapter "Binary cross-entropy".
    """
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # exponent <= 0: no overflow
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def log_sigmoid(z) -> np.ndarray:
    """log(sigmoid(z)) elementwise, without computing sigmoid(z) first.

    log sigma(z) = -log(1 + exp(-z)) = min(z, 0) - log1p(exp(-abs(z))).
    The naive log(sigmoid(z)) gives log(0) = -inf once sigmoid(z) underflows (z < -745 in float64);
    this form gives the exact value, about z, instead. Note log(1 - sigma(z)) = log_sigmoid(-z).

    Parameters
    ----------
    z : array_like of logits, any shape

    Returns
    -------
    ndarray of log-probabilities (<= 0), same shape and dtype rules as
    :func:`~course_lib.activations.sigmoid`.

    Examples
    --------
    >>> log_sigmoid([0.0, -1e4])
    array([-6.93147181e-01, -1.00000000e+04])

    Derived in: book chapter "Binary cross-entropy" (BCE with logits is a softplus).
    """
    z = as_float_array(z, "z")
    # log sigma(z) = min(z, 0) - log(1 + exp(-abs(z))); the exponent is <= 0, so exp cannot overflow
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))


def _finite_max(z: np.ndarray, axis: int) -> np.ndarray:
    """Row max along ``axis`` (kept), with infinite maxima replaced by 0.

    Shifting by the max makes every exponent <= 0. A row whose max is +-inf cannot be shifted by it
    (inf - inf = nan); shifting it by 0 instead gives the correct limit (+inf or -inf), as torch.logsumexp.
    """
    m = np.max(z, axis=axis, keepdims=True)
    return np.where(np.isinf(m), 0, m).astype(z.dtype, copy=False)


def logsumexp(z, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    """log(sum(exp(z))) along ``axis``, without overflow.

    With m = max(z):  log sum_c exp(z_c) = m + log sum_c exp(z_c - m).
    Every shifted exponent is <= 0 and the largest is exactly 0, so the sum lies in [1, C]: no overflow,
    and no log(0). A row of all -inf gives -inf (the log of an empty sum), as in torch.logsumexp.

    Parameters
    ----------
    z : array_like (..., C)
    axis : the axis to reduce, the class axis (last) by default
    keepdims : keep the reduced axis with length 1

    Returns
    -------
    ndarray of shape z.shape without ``axis`` (or with length 1 there if ``keepdims``).
    Always >= max(z) and <= max(z) + log C.

    Examples
    --------
    >>> logsumexp([1000.0, 1000.0])  # the naive form overflows to inf
    array(1000.69314718)

    Derived in: book chapter "Numerical stability".
    """
    z = as_float_array(z, "z")
    check_logits(z, "z")
    m = _finite_max(z, axis)
    s = np.sum(np.exp(z - m), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):  # an all -inf row sums to 0, and log(0) = -inf is its answer
        out = np.log(s) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(z, axis: int = -1) -> np.ndarray:
    """log(softmax(z)) along ``axis``, computed from logits as z - logsumexp(z).

    log p_c = z_c - logsumexp(z) = (z_c - m) - log sum_k exp(z_k - m),  m = max(z).
    Unlike np.log(softmax(z)), this never takes log of an underflowed 0: a logit 1000 below the max gets
    its exact log-probability, about -1000, not -inf.

    Parameters
    ----------
    z : array_like (..., C) of logits
    axis : the class axis, last by default

    Returns
    -------
    ndarray of log-probabilities (<= 0), same shape as z.

    Examples
    --------
    >>> log_softmax([0.0, 1000.0])
    array([-1000.,     0.])

    Derived in: book chapter "Numerical stability".
    """
    z = as_float_array(z, "z")
    check_logits(z, "z")
    # a row holding +inf, or only -inf, has inf - inf = nan here and gives nan throughout, as in torch
    with np.errstate(divide="ignore", invalid="ignore"):
        shifted = z - np.max(z, axis=axis, keepdims=True)  # shift by the row max: exponents <= 0
        return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(z, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: p_c = exp(z_c) / sum_k exp(z_k), a probability distribution over classes.

    Computed as exp(z_c - m) / sum_k exp(z_k - m) with m = max(z); the shift cancels in the ratio, so the
    result is the same, but no exponent is positive and nothing overflows. Softmax is for C mutually
    exclusive classes (exactly one is true); for independent yes/no labels use
    :func:`~course_lib.activations.sigmoid` per label.

    Parameters
    ----------
    z : array_like (..., C) of logits
    axis : the class axis, last by default

    Returns
    -------
    ndarray of probabilities, same shape as z, summing to 1 along ``axis``.

    Examples
    --------
    >>> softmax([1.0, 1.0, 1.0, 1.0])
    array([0.25, 0.25, 0.25, 0.25])

    Derived in: book chapter "Categorical cross-entropy"; stability in "Numerical stability".
    """
    z = as_float_array(z, "z")
    check_logits(z, "z")
    # a row holding +inf, or only -inf, has inf - inf = nan here and gives nan throughout, as in torch
    with np.errstate(invalid="ignore"):
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))  # shift by the row max: exponents <= 0
        return e / np.sum(e, axis=axis, keepdims=True)


def one_hot(labels, num_classes: int, dtype=np.float64) -> np.ndarray:
    """One-hot encoding: Y[..., c] = 1 if labels[...] == c else 0.

    Parameters
    ----------
    labels : int array_like of class indices in [0, num_classes), any shape (...)
    num_classes : C, the number of classes
    dtype : dtype of the result, float64 by default (the one-hot vector is a probability distribution)

    Returns
    -------
    ndarray of shape (..., C).

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])

    Derived in: book chapter "Categorical cross-entropy".
    """
    num_classes = check_int(num_classes, "num_classes")
    y = np.asarray(labels)
    y = check_class_indices(y, y.shape, num_classes, None, "the one-hot result", name="labels")
    # compare each label with every class index 0..C-1: True exactly at the label's position
    return (y[..., None] == np.arange(num_classes)).astype(dtype)
