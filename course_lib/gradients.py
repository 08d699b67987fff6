"""Analytic gradients of the losses (no autograd), the softmax Jacobian, and a finite-difference checker.

Every gradient here is the gradient of the *reduced* loss, with the same keywords as the loss. For
``reduction="none"`` it is the gradient of the sum of the per-sample losses: since sample i's loss depends
only on its own row, row i is that sample's own gradient.

The gradient the textbooks call "p - y" is the gradient with respect to the **logits** z, not with respect
to the probabilities: compare :func:`~course_lib.gradients.binary_cross_entropy_grad` (d/d probs) with
:func:`~course_lib.gradients.binary_cross_entropy_with_logits_grad` (d/d logits).

:doc:`05_gradients` derives them all.
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
    r"""Gradient of :func:`~course_lib.losses.binary_cross_entropy` with respect to the **probabilities** p.

    .. math::

        \frac{\partial \ell}{\partial p} = w\, \frac{p - y}{p (1 - p)},

    divided by the number of elements for ``"mean"``. This is *not* :math:`p - y`: that tidy form is the
    gradient with respect to the logit (see :func:`~course_lib.gradients.binary_cross_entropy_with_logits_grad`).
    The denominator is clamped at :math:`10^{-12}` as in torch, so :math:`p = 0` or 1 gives a large finite
    gradient instead of a division by zero.

    Torch equivalent: autograd, ``torch.autograd.grad(F.binary_cross_entropy(p, y), p)[0]`` with
    ``F = torch.nn.functional`` and the same keywords (for ``"none"``, of the loss's ``.sum()``).

    Parameters
    ----------
    probs : array_like
        Predicted probabilities :math:`p` in [0, 1].
    target : array_like
        Targets :math:`y` in [0, 1] (usually 0 or 1).
    weight : array_like or None
        A rescaling weight :math:`w` per element. Default: ``None`` (every element weighs 1).
    reduction : {"mean", "sum", "none"}
        The reduction of the loss whose gradient this is. Default: ``"mean"``.

    Shape
    -----
    - ``probs``: :math:`(*)`, any shape.
    - ``target``: :math:`(*)`, the shape of ``probs``.
    - ``weight``: broadcastable to :math:`(*)`, the shape of ``probs``.
    - Output: :math:`(*)`, the shape of ``probs``, for every reduction.

    Returns
    -------
    ndarray
        :math:`\partial L / \partial p`, in the dtype of ``probs``.

    Raises
    ------
    ValueError
        As :func:`~course_lib.losses.binary_cross_entropy`, naming the argument.

    See Also
    --------
    :doc:`05_gradients` : the chapter that derives it; first met in :doc:`02_binary_cross_entropy`.
    ~course_lib.losses.binary_cross_entropy : the loss.
    binary_cross_entropy_with_logits_grad : the gradient with respect to the logits, :math:`\sigma(z) - y`.

    Examples
    --------
    >>> binary_cross_entropy_grad([0.5, 0.5], [1.0, 0.0])  # (p - y) / (p (1 - p)) / 2
    array([-1.,  1.])
    >>> binary_cross_entropy_grad([0.0], [1.0])  # the clamp: -1 / 1e-12, not -inf
    array([-1.e+12])
    """
    p, y = binary_args(probs, target, reduction, probabilities=True)
    grad = (p - y) / np.maximum((1 - p) * p, p.dtype.type(BCE_GRAD_EPS))
    if weight is not None:
        grad = grad * broadcast_weight(weight, p.shape, p.dtype, "weight", "probs")
    return (grad * mean_scale(p.shape, reduction)).astype(p.dtype, copy=False)


def binary_cross_entropy_with_logits_grad(
    logits, target, weight=None, pos_weight=None, reduction: str = "mean"
) -> np.ndarray:
    r"""Gradient of :func:`~course_lib.losses.binary_cross_entropy_with_logits` with respect to the **logits** z.

    Without ``pos_weight``, the famous "prediction minus target":

    .. math::

        \frac{\partial \ell}{\partial z} = w \left( \sigma(z) - y \right).

    With ``pos_weight`` :math:`q`:

    .. math::

        \frac{\partial \ell}{\partial z} = w \left[ (1 + (q - 1)\, y)\, \sigma(z) - q\, y \right].

    Divided by the number of elements for ``"mean"``.

    Torch equivalent: autograd, ``torch.autograd.grad(F.binary_cross_entropy_with_logits(z, y), z)[0]``
    with ``F = torch.nn.functional`` and the same keywords (for ``"none"``, of the loss's ``.sum()``).

    Parameters
    ----------
    logits : array_like
        Logits :math:`z`.
    target : array_like
        Targets :math:`y` in [0, 1] (usually 0 or 1).
    weight : array_like or None
        A rescaling weight :math:`w` per element. Default: ``None`` (every element weighs 1).
    pos_weight : array_like or None
        The weight :math:`q` of the positive term, usually one per label. Default: ``None`` (:math:`q = 1`).
    reduction : {"mean", "sum", "none"}
        The reduction of the loss whose gradient this is. Default: ``"mean"``.

    Shape
    -----
    - ``logits``: :math:`(*)`, any shape.
    - ``target``: :math:`(*)`, the shape of ``logits``.
    - ``weight``, ``pos_weight``: broadcastable to :math:`(*)`, the shape of ``logits``.
    - Output: :math:`(*)`, the shape of ``logits``, for every reduction.

    Returns
    -------
    ndarray
        :math:`\partial L / \partial z`, in the dtype of ``logits``.

    Raises
    ------
    ValueError
        As :func:`~course_lib.losses.binary_cross_entropy_with_logits`, naming the argument.

    See Also
    --------
    :doc:`05_gradients` : the chapter that derives it; first met in :doc:`02_binary_cross_entropy`.
    ~course_lib.losses.binary_cross_entropy_with_logits : the loss.
    binary_cross_entropy_grad : the gradient with respect to the probabilities, not :math:`\sigma(z) - y`.
    cross_entropy_grad : the same "prediction minus target" for :math:`C` classes.

    Examples
    --------
    >>> binary_cross_entropy_with_logits_grad([0.0, 0.0], [1.0, 0.0])  # (0.5 - y) / 2
    array([-0.25,  0.25])
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
    r"""Gradient of :func:`~course_lib.losses.cross_entropy` with respect to the **logits**, in textbook form.

    With :math:`p = \operatorname{softmax}(z)`, for one sample with true class :math:`j`, no weights and no
    smoothing:

    .. math::

        \frac{\partial \ell}{\partial z} = p - \operatorname{onehot}(j).

    With smoothing :math:`\varepsilon` the target becomes
    :math:`t' = (1 - \varepsilon) \operatorname{onehot}(j) + \varepsilon / C`, and still
    :math:`\partial \ell / \partial z = p - t'`. With class weights :math:`w` and :math:`W = \sum_c w_c`:

    .. math::

        \frac{\partial \ell}{\partial z} = (1 - \varepsilon)\, w_j \left( p - \operatorname{onehot}(j) \right)
        + \frac{\varepsilon}{C} \left( W p - w \right).

    For probability targets :math:`t`:
    :math:`\partial \ell / \partial z = \left( \sum_c w_c t'_c \right) p - w \odot t'`.
    ``"mean"`` divides by the same denominator as the loss (:math:`\sum_i w_{y_i}`, or :math:`N` for
    probability targets); rows whose target equals ``ignore_index`` get 0.

    This is the readable version; :func:`~course_lib.fused.cross_entropy_and_grad` computes the same numbers in
    one fused, cache-blocked pass and is what training loops should call.

    Torch equivalent: autograd, ``torch.autograd.grad(F.cross_entropy(z, y), z)[0]`` with
    ``F = torch.nn.functional`` and the same keywords (for ``"none"``, of the loss's ``.sum()``; class axis at dim 1,
    as for :func:`~course_lib.losses.cross_entropy`).

    Parameters
    ----------
    logits : array_like
        Raw class scores :math:`z`.
    target : array_like
        Class indices in :math:`[0, C)` (int), or class probabilities :math:`t` (float, the shape of
        ``logits``).
    weight : array_like or None
        One weight :math:`w_c` per class. Default: ``None`` (every class weighs 1).
    ignore_index : int
        A class-index target to skip. Default: ``-100``.
    reduction : {"mean", "sum", "none"}
        The reduction of the loss whose gradient this is. Default: ``"mean"``.
    label_smoothing : float
        :math:`\varepsilon` in [0, 1]. Default: ``0.0``.

    Shape
    -----
    - ``logits``: :math:`(C)`, :math:`(N, C)` or :math:`(N, d_1, \dots, d_K, C)`, classes last.
    - ``target``: :math:`()`, :math:`(N)` or :math:`(N, d_1, \dots, d_K)` class indices, or the shape of
      ``logits`` (probabilities).
    - ``weight``: :math:`(C)`.
    - Output: the shape of ``logits``, for every reduction.

    Returns
    -------
    ndarray
        :math:`\partial L / \partial z`, in the dtype of ``logits``.

    Raises
    ------
    ValueError
        As :func:`~course_lib.losses.cross_entropy`, naming the argument.

    See Also
    --------
    :doc:`05_gradients` : the chapter that derives it.
    ~course_lib.losses.cross_entropy : the loss.
    ~course_lib.fused.cross_entropy_and_grad : loss and gradient in one fused pass, for training loops.
    softmax_jacobian : the softmax's own derivative, which the chain rule multiplies out.
    numerical_gradient : checks it by finite differences.
    ~course_lib.focal.focal_loss_grad : the gradient of the focal loss.

    Examples
    --------
    >>> cross_entropy_grad([[0.0, 0.0]], [1])  # p - onehot(1)
    array([[ 0.5, -0.5]])
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
    r"""Jacobian of the softmax, :math:`J_{\dots, i, k} = \partial p_i / \partial z_k`.

    Takes **logits**. With :math:`p = \operatorname{softmax}(z)` and :math:`\delta_{ik}` the Kronecker delta:

    .. math::

        J_{ik} = \frac{\partial p_i}{\partial z_k} = p_i \left( \delta_{ik} - p_k \right),
        \qquad J = \operatorname{diag}(p) - p\, p^\top.

    Symmetric, each row and column sums to 0 (the probabilities always sum to 1), and its rank is
    :math:`C - 1` (adding a constant to every logit changes nothing).

    Torch equivalent: for one row :math:`z` of shape :math:`(C)`,
    ``torch.autograd.functional.jacobian(lambda v: torch.softmax(v, -1), z)``; for a batch :math:`(N, C)`,
    ``torch.vmap(torch.func.jacrev(lambda v: torch.softmax(v, -1)))(z)``.

    Parameters
    ----------
    z : array_like
        Logits.

    Shape
    -----
    - ``z``: :math:`(*, C)`, classes last.
    - Output: :math:`(*, C, C)`.

    Returns
    -------
    ndarray
        :math:`J`, in the dtype of ``z``.

    Raises
    ------
    ValueError
        If ``z`` is 0-d or has no class on its last axis.

    See Also
    --------
    :doc:`05_gradients` : the chapter that derives it; the softmax in :doc:`03_categorical_cross_entropy`.
    ~course_lib.activations.softmax : the function it differentiates.
    cross_entropy_grad : what the chain rule through it gives for cross-entropy, :math:`p - \operatorname{onehot}(y)`.

    Examples
    --------
    >>> softmax_jacobian([0.0, 0.0])  # p = (1/2, 1/2)
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    z = as_float_array(z, "z")
    check_logits(z, "z")
    p = softmax(z)
    # diag(p): the identity times p broadcast along rows; p p^T: an outer product per sample
    return np.eye(z.shape[-1], dtype=z.dtype) * p[..., None, :] - p[..., :, None] * p[..., None, :]


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    r"""Central-difference estimate of the gradient of a scalar function f at x.

    One coordinate at a time (:math:`2 \times` ``x.size`` calls of ``f``), with :math:`e_k` the
    :math:`k`-th unit vector:

    .. math::

        \frac{\partial f}{\partial x_k} \approx \frac{f(x + \epsilon e_k) - f(x - \epsilon e_k)}{2 \epsilon}.

    The error is :math:`O(\epsilon^2)` from truncation plus :math:`O(\epsilon_\text{machine} / \epsilon)` from
    rounding, so about :math:`10^{-10}` for float64 and :math:`\epsilon = 10^{-6}`. The estimate is made on a
    float64 copy of x: x itself is never changed.

    No torch function returns it: ``torch.autograd.gradcheck`` compares autograd with the same central
    differences (its default step is also :math:`10^{-6}`). SciPy's ``scipy.optimize.approx_fprime`` estimates a
    gradient with forward differences, whose error is :math:`O(\epsilon)`.

    Parameters
    ----------
    f : callable
        Takes an array of x's shape and returns a scalar.
    x : array_like
        The point.
    eps : float
        The step :math:`\epsilon`. Default: ``1e-6``.

    Shape
    -----
    - ``x``: :math:`(*)`, any shape.
    - Output: :math:`(*)`, the shape of ``x``.

    Returns
    -------
    ndarray
        float64, the estimated gradient.

    See Also
    --------
    :doc:`05_gradients` : the chapter that uses it for the gradient check.
    cross_entropy_grad : an analytic gradient it checks.
    binary_cross_entropy_with_logits_grad : another.

    Examples
    --------
    >>> numerical_gradient(lambda v: (v ** 2).sum(), [1.0, -2.0]).round(6)
    array([ 2., -4.])
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
