r"""Focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection"): cross-entropy that down-weights the
examples the model already gets right.

With :math:`p_t` the probability of the true class, the focal loss is
:math:`-\alpha_t (1 - p_t)^\gamma \log p_t`: the modulating factor :math:`(1 - p_t)^\gamma` is near 0 for an
easy example (:math:`p_t` near 1) and near 1 for a hard one, so the hard examples dominate the sum.
:math:`\gamma = 0` (and no :math:`\alpha`) gives back cross-entropy.

- :func:`~course_lib.focal.focal_loss` and :func:`~course_lib.focal.focal_loss_grad` take **logits**, for
  :math:`C` mutually exclusive classes (softmax).
- :func:`~course_lib.focal.sigmoid_focal_loss` takes **logits**, for independent yes/no labels (sigmoid), as
  ``torchvision.ops.sigmoid_focal_loss``.

The chapter :doc:`07_choosing_the_loss` derives them.
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
    r"""Multiclass focal loss: cross-entropy with each sample scaled by :math:`(1 - p_y)^\gamma` (and :math:`\alpha_y`).

    Takes **logits**, for :math:`C` mutually exclusive classes. For one sample with logits :math:`z` (C),
    true class :math:`y` and :math:`p = \operatorname{softmax}(z)`:

    .. math::

        \mathrm{FL} = -\alpha_y (1 - p_y)^\gamma \log p_y.

    :math:`\log p_y` comes from log-softmax (no exp overflows, no log of an underflowed 0) and
    :math:`1 - p_y` from :math:`-\operatorname{expm1}(\log p_y)`, which adds no rounding of its own when
    :math:`p_y` is close to 1 (:math:`1 - \exp(\log p_y)` would first round :math:`\exp(\log p_y)` to a float
    near 1); the loss is then as accurate as :math:`\log p_y`, to about eps absolute. :math:`\gamma = 0` with
    ``alpha`` None gives exactly :func:`~course_lib.losses.cross_entropy`. ``"mean"`` divides by the number of
    samples, not by :math:`\sum_i \alpha_{y_i}` (unlike cross_entropy's class weight).

    No torch function (torchvision has only the binary one, :func:`~course_lib.focal.sigmoid_focal_loss`); in
    torch it is ``-(alpha[t] * (-torch.expm1(lp)) ** gamma * lp)`` with
    ``lp = F.log_softmax(z, -1).gather(-1, t[..., None])[..., 0]``. In Keras, for ``alpha=None``:
    ``keras.losses.categorical_focal_crossentropy(one_hot(t), z, alpha=1.0, gamma=gamma, from_logits=True)``
    (Keras' alpha is one number for every class), as long as every probability lies in
    :math:`[10^{-7}, 1 - 10^{-7}]`: Keras clips them to that range.

    Parameters
    ----------
    logits : array_like
        Logits :math:`z`.
    target : array_like of int
        Class indices in :math:`[0, C)`.
    gamma : float
        The focusing exponent :math:`\gamma \ge 0`; 0 is cross-entropy. Default: ``2.0``, as Lin et al.
    alpha : array_like or None
        Per-class weights :math:`\alpha_c`. Default: ``None`` (every class weighs 1).
    reduction : {"mean", "sum", "none"}
        ``"mean"`` averages over the samples. Default: ``"mean"``.

    Shape
    -----
    - ``logits``: :math:`(N, C)`, or :math:`(*, C)`, classes last.
    - ``target``: :math:`(N)`, or :math:`(*)`, the shape of ``logits`` without its last axis.
    - ``alpha``: :math:`(C)`.
    - Output: a scalar for ``"mean"`` and ``"sum"``; the shape of ``target`` for ``"none"``.

    Returns
    -------
    scalar or ndarray
        In the dtype of ``logits`` (float32 stays float32; integers become float64). nan in a sample whose
        logits hold nan.

    Raises
    ------
    ValueError
        Naming the argument: ``target`` of the wrong shape or dtype or outside :math:`[0, C)`, ``alpha`` not of
        shape :math:`(C)`, ``gamma`` negative or not finite, unknown ``reduction``, 0-d ``logits``.

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives it.
    focal_loss_grad : its gradient with respect to the logits.
    sigmoid_focal_loss : the binary focal loss, for independent yes/no labels.
    ~course_lib.losses.cross_entropy : the loss it scales (:math:`\gamma = 0`).

    Examples
    --------
    :math:`p_y = 1/2` for two equal logits: :math:`(1 - 1/2)^2 \log 2 = \log(2) / 4`, a quarter of the
    cross-entropy:

    >>> float(focal_loss([[0.0, 0.0]], [1]))
    0.17328679513998632
    """
    z, t, gamma, alpha = _focal_args(logits, target, gamma, alpha, reduction)
    log_p_true, one_minus_p = _true_class_log_prob(z, t)
    loss = -(one_minus_p**gamma * log_p_true)  # gamma = 0: 0**0 = 1, so this is -log p_y exactly
    if alpha is not None:
        loss = alpha[t] * loss
    return reduce_loss(loss.astype(z.dtype, copy=False), reduction)


def focal_loss_grad(logits, target, gamma: float = 2.0, alpha=None, reduction: str = "mean") -> np.ndarray:
    r"""Gradient of :func:`~course_lib.focal.focal_loss` with respect to the **logits**.

    Takes **logits**. With :math:`p = \operatorname{softmax}(z)`, true class :math:`y` and
    :math:`l = \log p_y`, :math:`\mathrm{FL} = -\alpha_y (1 - p_y)^\gamma l` and
    :math:`\partial l / \partial z = \operatorname{onehot}(y) - p`, so:

    .. math::

        \frac{\partial \mathrm{FL}}{\partial z} = \alpha_y (1 - p_y)^\gamma
        \left[1 - \gamma \, \frac{p_y \log p_y}{1 - p_y}\right] \big(p - \operatorname{onehot}(y)\big).

    The bracket is :math:`\ge 1` (:math:`\log p_y / (1 - p_y) \le -1`): focal loss pushes in the direction of
    cross-entropy's :math:`p - \operatorname{onehot}(y)`, scaled down for easy samples.
    :math:`\log p_y / (1 - p_y)` tends to :math:`-1` as :math:`p_y \to 1` and is taken as :math:`-1` where
    :math:`1 - p_y` rounds to 0, so a certain, correct sample gets the gradient 0, not :math:`0 \cdot \infty`
    = nan. :math:`\gamma = 0` with ``alpha`` None gives cross-entropy's :math:`p - \operatorname{onehot}(y)`.
    ``"mean"`` divides by the number of samples; ``"none"`` gives the gradient of the sum of the per-sample
    losses.

    Torch equivalent: autograd of the torch expression in :func:`~course_lib.focal.focal_loss`
    (``loss.backward()``, of ``loss.sum()`` for ``"none"``; then ``z.grad``), which this matches.

    Parameters
    ----------
    logits : array_like
        Logits :math:`z`.
    target : array_like of int
        Class indices in :math:`[0, C)`.
    gamma : float
        The focusing exponent :math:`\gamma \ge 0`. Default: ``2.0``.
    alpha : array_like or None
        Per-class weights :math:`\alpha_c`. Default: ``None`` (every class weighs 1).
    reduction : {"mean", "sum", "none"}
        The reduction of the loss whose gradient this is. Default: ``"mean"``.

    Shape
    -----
    - ``logits``: :math:`(N, C)`, or :math:`(*, C)`, classes last.
    - ``target``: :math:`(N)`, or :math:`(*)`, the shape of ``logits`` without its last axis.
    - ``alpha``: :math:`(C)`.
    - Output: the shape of ``logits``, for every reduction.

    Returns
    -------
    ndarray
        The gradient, in the dtype of ``logits``.

    Raises
    ------
    ValueError
        As :func:`~course_lib.focal.focal_loss`.

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives it.
    focal_loss : the loss.
    ~course_lib.gradients.cross_entropy_grad : cross-entropy's :math:`p - \operatorname{onehot}(y)`
        (:math:`\gamma = 0`).

    Examples
    --------
    >>> focal_loss_grad([[0.0, 0.0]], [1], gamma=0.0)  # cross-entropy's p - onehot(y)
    array([[ 0.5, -0.5]])
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
    r"""Binary focal loss of RetinaNet, elementwise, as ``torchvision.ops.sigmoid_focal_loss``.

    Takes **logits**, for independent yes/no labels (binary or multi-label); for one of :math:`C` mutually
    exclusive classes use :func:`~course_lib.focal.focal_loss`. With :math:`p = \sigma(z)` and a target
    :math:`y \in [0, 1]` (usually 0 or 1), elementwise:

    .. math::

        p_t &= p y + (1 - p)(1 - y), \qquad \alpha_t = \alpha y + (1 - \alpha)(1 - y), \\
        \mathrm{FL} &= \alpha_t (1 - p_t)^\gamma \, \mathrm{BCE}(z, y),
        \qquad \mathrm{BCE}(z, y) = -\big[y \log p + (1 - y) \log(1 - p)\big].

    :math:`\alpha < 0` (or None) drops :math:`\alpha_t`. Computed from logits:
    :math:`\log p` = ``log_sigmoid(z)`` and :math:`\log(1 - p)` = ``log_sigmoid(-z)``, and
    :math:`1 - p_t = y \, \sigma(-z) + (1 - y) \, \sigma(z)` with :math:`1 - \sigma(z) = \sigma(-z)` taken
    directly, so an easy example (:math:`|z|` large, right sign) keeps its small loss to full relative
    precision where torchvision's :math:`1 - p_t` rounds it.

    Torch equivalent: ``torchvision.ops.sigmoid_focal_loss(logits, target, alpha, gamma, reduction)``: same
    formula, defaults (``alpha=0.25``, ``gamma=2``, ``reduction="none"``) and reductions; torchvision rejects a
    negative alpha other than :math:`-1`, which is accepted (and disables alpha) here. In optax:
    ``optax.losses.sigmoid_focal_loss(logits, target, alpha=alpha, gamma=gamma)`` is the ``"none"`` loss, for
    ``alpha`` in :math:`[0, 1]` or None (optax's default is None: no alpha).

    Parameters
    ----------
    logits : array_like
        Logits :math:`z`, any shape.
    target : array_like
        Targets :math:`y \in [0, 1]`, of the shape of ``logits``.
    alpha : float or None
        Weight of the positive class, in :math:`[0, 1]`; a negative value or None disables it.
        Default: ``0.25``.
    gamma : float
        The focusing exponent :math:`\gamma \ge 0`. Default: ``2.0``.
    reduction : {"none", "mean", "sum"}
        ``"mean"`` averages over all elements. Default: ``"none"``, as torchvision.

    Shape
    -----
    - ``logits``: :math:`(*)`, any shape.
    - ``target``: :math:`(*)`, the shape of ``logits``.
    - Output: the shape of ``logits`` for ``"none"``; a scalar for ``"mean"`` and ``"sum"``.

    Returns
    -------
    scalar or ndarray
        In the dtype of ``logits``.

    Raises
    ------
    ValueError
        Naming the argument: ``target`` of another shape or outside :math:`[0, 1]`, ``alpha`` above 1 or nan,
        ``gamma`` negative or not finite, unknown ``reduction``.

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives the focal loss.
    focal_loss : the focal loss for :math:`C` mutually exclusive classes.
    ~course_lib.losses.binary_cross_entropy_with_logits : the loss it scales (:math:`\gamma = 0`, no alpha).

    Examples
    --------
    :math:`z = 0` gives :math:`p_t = 1/2` either way: :math:`0.25 \cdot 0.25 \log 2` for :math:`y = 1`,
    :math:`0.75 \cdot 0.25 \log 2` for :math:`y = 0`:

    >>> sigmoid_focal_loss([0.0, 0.0], [1.0, 0.0])
    array([0.0433217, 0.1299651])
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
