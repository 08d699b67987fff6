"""Activations: from logits to probabilities, and their logarithms, computed stably.

Logits are raw, unnormalised scores :math:`z = Wx + b`. The sigmoid turns one logit into a probability; the
softmax turns a vector of :math:`C` logits into a probability distribution over :math:`C` mutually exclusive
classes. The class axis is the last axis everywhere in this library, written ``(..., C)``.

:doc:`02_binary_cross_entropy` derives the sigmoid, :doc:`03_categorical_cross_entropy` the softmax and
:doc:`04_numerical_stability` the max-shift, logsumexp and log_softmax.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_class_indices, check_int, check_logits


def sigmoid(z) -> np.ndarray:
    r"""Logistic sigmoid, elementwise, for logits of any shape.

    Takes **logits** and returns **probabilities**:

    .. math::

        \sigma(z) = \frac{1}{1 + e^{-z}}.

    Stable for every :math:`z`: with :math:`e = \exp(-|z|) \le 1`, which never overflows,
    :math:`\sigma(z) = 1 / (1 + e)` for :math:`z \ge 0` and :math:`\sigma(z) = e / (1 + e)` for :math:`z < 0`.

    Torch equivalent: ``torch.sigmoid`` (also ``torch.special.expit``).

    Parameters
    ----------
    z : array_like
        Logits.

    Shape
    -----
    - ``z``: :math:`(*)`, any shape.
    - Output: :math:`(*)`, the shape of ``z``.

    Returns
    -------
    ndarray
        Probabilities in [0, 1], the shape of ``z``; float32 stays float32, integers become float64.

    See Also
    --------
    :doc:`02_binary_cross_entropy` : the chapter that derives it; stability in :doc:`04_numerical_stability`.
    log_sigmoid : its logarithm, exact where the sigmoid itself underflows to 0.
    softmax : the same for :math:`C` mutually exclusive classes.
    ~course_lib.losses.binary_cross_entropy_with_logits : the binary loss, from logits.

    Examples
    --------
    >>> sigmoid([0.0, 1e4, -1e4])
    array([0.5, 1. , 0. ])
    """
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # exponent <= 0: no overflow
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def log_sigmoid(z) -> np.ndarray:
    r""":math:`\log \sigma(z)` elementwise, without computing :math:`\sigma(z)` first.

    Takes **logits** and returns **log-probabilities**:

    .. math::

        \log \sigma(z) = -\log\left(1 + e^{-z}\right) = \min(z, 0) - \operatorname{log1p}\left(e^{-|z|}\right).

    The naive ``log(sigmoid(z))`` gives :math:`\log 0 = -\infty` once :math:`\sigma(z)` underflows
    (:math:`z < -745` in float64); this form gives the exact value, about :math:`z`, instead.
    Note :math:`\log(1 - \sigma(z))` = ``log_sigmoid(-z)``.

    Torch equivalent: ``torch.nn.functional.logsigmoid``.

    Parameters
    ----------
    z : array_like
        Logits.

    Shape
    -----
    - ``z``: :math:`(*)`, any shape.
    - Output: :math:`(*)`, the shape of ``z``.

    Returns
    -------
    ndarray
        Log-probabilities (:math:`\le 0`), same shape and dtype rules as
        :func:`~course_lib.activations.sigmoid`.

    See Also
    --------
    :doc:`02_binary_cross_entropy` : the chapter that derives it (BCE with logits is a softplus).
    sigmoid : the probability itself.
    log_softmax : the same for :math:`C` mutually exclusive classes.
    ~course_lib.losses.binary_cross_entropy_with_logits : the binary loss, computed with it.

    Examples
    --------
    >>> log_sigmoid([0.0, -1e4])
    array([-6.93147181e-01, -1.00000000e+04])
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
    r""":math:`\log \sum \exp(z)` along ``axis``, without overflow.

    With :math:`m = \max_c z_c`:

    .. math::

        \operatorname{logsumexp}(z) = \log \sum_c e^{z_c} = m + \log \sum_c e^{z_c - m}.

    Every shifted exponent is :math:`\le 0` and the largest is exactly 0, so the sum lies in :math:`[1, C]`: no
    overflow, and no :math:`\log 0`. A row of all :math:`-\infty` gives :math:`-\infty` (the log of an empty
    sum), as in ``torch.logsumexp``.

    Torch equivalent: ``torch.logsumexp(z, dim=-1)``; torch has no default for ``dim``, and its
    ``keepdim`` is ``keepdims`` here.

    Parameters
    ----------
    z : array_like
        Logits, or any real numbers.
    axis : int
        The axis to reduce. Default: ``-1`` (the class axis).
    keepdims : bool
        Keep the reduced axis, with length 1. Default: ``False``.

    Shape
    -----
    - ``z``: :math:`(*, C)`, :math:`C` along ``axis`` (last by default).
    - Output: :math:`(*)`, the shape of ``z`` without ``axis``; with ``keepdims``, :math:`(*, 1)`.

    Returns
    -------
    ndarray
        Always :math:`\ge \max(z)` and :math:`\le \max(z) + \log C`.

    See Also
    --------
    :doc:`04_numerical_stability` : the chapter that derives it.
    log_softmax : :math:`z - \operatorname{logsumexp}(z)`, the log-probabilities.
    ~course_lib.linear_ce.online_logsumexp : the same over blocks of the class axis, in one pass.
    ~course_lib.losses.cross_entropy : :math:`\operatorname{logsumexp}(z) - z_y` per sample.

    Examples
    --------
    >>> logsumexp([1000.0, 1000.0])  # the naive form overflows to inf
    array(1000.69314718)
    """
    z = as_float_array(z, "z")
    check_logits(z, "z")
    m = _finite_max(z, axis)
    s = np.sum(np.exp(z - m), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):  # an all -inf row sums to 0, and log(0) = -inf is its answer
        out = np.log(s) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(z, axis: int = -1) -> np.ndarray:
    r""":math:`\log \operatorname{softmax}(z)` along ``axis``, computed from logits as
    :math:`z - \operatorname{logsumexp}(z)`.

    Takes **logits** and returns **log-probabilities**. With :math:`m = \max_k z_k`:

    .. math::

        \log p_c = z_c - \operatorname{logsumexp}(z) = (z_c - m) - \log \sum_k e^{z_k - m}.

    Unlike ``np.log(softmax(z))``, this never takes the log of an underflowed 0: a logit 1000 below the max
    gets its exact log-probability, about :math:`-1000`, not :math:`-\infty`.

    Torch equivalent: ``torch.nn.functional.log_softmax(z, dim=-1)``.

    Parameters
    ----------
    z : array_like
        Logits.
    axis : int
        The class axis. Default: ``-1`` (the last).

    Shape
    -----
    - ``z``: :math:`(*, C)`, :math:`C` along ``axis`` (last by default).
    - Output: :math:`(*, C)`, the shape of ``z``.

    Returns
    -------
    ndarray
        Log-probabilities (:math:`\le 0`), the shape of ``z``.

    See Also
    --------
    :doc:`04_numerical_stability` : the chapter that derives it.
    softmax : the probabilities themselves.
    logsumexp : the normaliser it subtracts.
    ~course_lib.losses.nll_loss : the loss that takes its output.

    Examples
    --------
    >>> log_softmax([0.0, 1000.0])
    array([-1000.,     0.])
    """
    z = as_float_array(z, "z")
    check_logits(z, "z")
    # a row holding +inf, or only -inf, has inf - inf = nan here and gives nan throughout, as in torch
    with np.errstate(divide="ignore", invalid="ignore"):
        shifted = z - np.max(z, axis=axis, keepdims=True)  # shift by the row max: exponents <= 0
        return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(z, axis: int = -1) -> np.ndarray:
    r"""Softmax along ``axis``: a probability distribution over classes.

    Takes **logits** and returns **probabilities**:

    .. math::

        p_c = \frac{e^{z_c}}{\sum_k e^{z_k}} = \frac{e^{z_c - m}}{\sum_k e^{z_k - m}}, \qquad m = \max_k z_k.

    Computed in the second form: the shift cancels in the ratio, so the result is the same, but no exponent is
    positive and nothing overflows. Softmax is for :math:`C` mutually exclusive classes (exactly one is true);
    for independent yes/no labels use :func:`~course_lib.activations.sigmoid` per label.

    Torch equivalent: ``torch.softmax(z, dim=-1)`` (also ``torch.nn.functional.softmax``).

    Parameters
    ----------
    z : array_like
        Logits.
    axis : int
        The class axis. Default: ``-1`` (the last).

    Shape
    -----
    - ``z``: :math:`(*, C)`, :math:`C` along ``axis`` (last by default).
    - Output: :math:`(*, C)`, the shape of ``z``.

    Returns
    -------
    ndarray
        Probabilities, the shape of ``z``, summing to 1 along ``axis``.

    See Also
    --------
    :doc:`03_categorical_cross_entropy` : the chapter that derives it; stability in :doc:`04_numerical_stability`.
    log_softmax : its logarithm, exact far into the tails.
    sigmoid : the probability of one independent yes/no label.
    ~course_lib.gradients.softmax_jacobian : its derivative with respect to the logits.

    Examples
    --------
    >>> softmax([1.0, 1.0, 1.0, 1.0])
    array([0.25, 0.25, 0.25, 0.25])
    """
    z = as_float_array(z, "z")
    check_logits(z, "z")
    # a row holding +inf, or only -inf, has inf - inf = nan here and gives nan throughout, as in torch
    with np.errstate(invalid="ignore"):
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))  # shift by the row max: exponents <= 0
        return e / np.sum(e, axis=axis, keepdims=True)


def one_hot(labels, num_classes: int, dtype=np.float64) -> np.ndarray:
    r"""One-hot encoding: :math:`Y_{\dots, c} = 1` if ``labels[...] == c``, else 0.

    Torch equivalent: ``torch.nn.functional.one_hot(labels, num_classes)``, which returns int64 (here
    float64 by default) and, unlike this function, infers ``num_classes`` from the largest label when it is
    not given.

    Parameters
    ----------
    labels : array_like of int
        Class indices in :math:`[0, C)`, any shape.
    num_classes : int
        :math:`C`, the number of classes.
    dtype : data-type
        The dtype of the result. Default: ``np.float64`` (the one-hot vector is a probability distribution).

    Shape
    -----
    - ``labels``: :math:`(*)`, any shape.
    - Output: :math:`(*, C)`.

    Returns
    -------
    ndarray
        1 at each label's class, 0 elsewhere.

    Raises
    ------
    ValueError
        If ``num_classes`` is not an integer :math:`\ge 1`, or ``labels`` are not integers in
        :math:`[0, C)`; the message names the argument.

    See Also
    --------
    :doc:`03_categorical_cross_entropy` : the chapter that derives it.
    ~course_lib.losses.cross_entropy : takes class indices directly, or one-hot (probability) targets.

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    num_classes = check_int(num_classes, "num_classes")
    y = np.asarray(labels)
    y = check_class_indices(y, y.shape, num_classes, None, "the one-hot result", name="labels")
    # compare each label with every class index 0..C-1: True exactly at the label's position
    return (y[..., None] == np.arange(num_classes)).astype(dtype)
