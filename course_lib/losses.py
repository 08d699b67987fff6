"""Cross-entropy losses with the semantics of ``torch.nn.functional`` 2.x, class axis last.

Each loss says whether it takes **probabilities** or **logits**; that is the classic confusion.

- :func:`~course_lib.losses.binary_cross_entropy` takes probabilities (like ``torch.nn.BCELoss``).
- :func:`~course_lib.losses.binary_cross_entropy_with_logits` takes logits (like
  ``torch.nn.BCEWithLogitsLoss``); prefer it.
- :func:`~course_lib.losses.cross_entropy` takes logits (like ``torch.nn.CrossEntropyLoss``), for C
  mutually exclusive classes.
- :func:`~course_lib.losses.nll_loss` takes log-probabilities (like ``torch.nn.NLLLoss``).

:doc:`02_binary_cross_entropy` derives the binary losses and :doc:`03_categorical_cross_entropy` the
categorical ones.
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
    r"""Binary cross-entropy between predicted probabilities and targets, elementwise.

    Takes **probabilities**. Every entry is an independent yes/no label, so this serves binary and multi-label
    problems alike:

    .. math::

        \ell = -w \left[ y \log p + (1 - y) \log(1 - p) \right],

    each log clamped at :math:`-100` as torch does, so :math:`p = 0` with :math:`y = 1` costs exactly 100, not
    :math:`\infty`. If you have logits, use :func:`~course_lib.losses.binary_cross_entropy_with_logits`: it
    needs no clamp, since it never rounds :math:`\sigma(z)` to 0 or 1 before taking a logarithm.

    Torch equivalent: ``torch.nn.functional.binary_cross_entropy`` (the module ``torch.nn.BCELoss``).

    Parameters
    ----------
    probs : array_like
        Predicted probabilities :math:`p` in [0, 1].
    target : array_like
        Targets :math:`y` in [0, 1] (usually 0 or 1).
    weight : array_like or None
        A rescaling weight :math:`w` per element. Default: ``None`` (every element weighs 1).
    reduction : {"mean", "sum", "none"}
        ``"mean"`` averages over all elements, ``"sum"`` adds them up, ``"none"`` returns each element's
        loss. Default: ``"mean"``.

    Shape
    -----
    - ``probs``: :math:`(*)`, any shape.
    - ``target``: :math:`(*)`, the shape of ``probs``.
    - ``weight``: broadcastable to :math:`(*)`, the shape of ``probs``.
    - Output: a scalar for ``"mean"`` and ``"sum"``; :math:`(*)`, the shape of ``probs``, for ``"none"``.

    Returns
    -------
    numpy scalar or ndarray
        The loss, in the dtype of ``probs``.

    Raises
    ------
    ValueError
        If ``target`` has another shape, ``probs`` or ``target`` leave [0, 1], ``weight`` does not
        broadcast, or ``reduction`` is unknown; the message names the argument.

    See Also
    --------
    :doc:`02_binary_cross_entropy` : the chapter that derives it.
    binary_cross_entropy_with_logits : the same loss from logits, stable without a clamp; prefer it.
    ~course_lib.gradients.binary_cross_entropy_grad : its gradient with respect to the probabilities.
    cross_entropy : the loss for one of :math:`C` mutually exclusive classes.

    Examples
    --------
    The mean of :math:`-\log 0.9` and :math:`-\log 0.8`:

    >>> float(binary_cross_entropy([0.9, 0.2], [1.0, 0.0]))
    0.164252033486018
    """
    p, y = binary_args(probs, target, reduction, probabilities=True)
    # torch's form: (y - 1) * max(log(1 - p), -100) - y * max(log(p), -100)
    loss = (y - 1) * _clamped_log(1 - p) - y * _clamped_log(p)
    if weight is not None:
        loss = loss * broadcast_weight(weight, p.shape, p.dtype, "weight", "probs")
    return reduce_loss(loss, reduction)


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction: str = "mean"):
    r"""Binary cross-entropy from logits: sigmoid and BCE fused into one stable formula.

    Takes **logits**. With :math:`p = \sigma(z)` and :math:`q` = ``pos_weight``:

    .. math::

        \ell = -w \left[ q\, y \log \sigma(z) + (1 - y) \log(1 - \sigma(z)) \right].

    Since :math:`\log(1 - \sigma(z)) = \log \sigma(z) - z`, this is

    .. math::

        \ell = w \left[ (1 - y)\, z - (1 + (q - 1)\, y) \log \sigma(z) \right],

    and :math:`\log \sigma(z) = -\operatorname{softplus}(-z)` is computed stably
    (:func:`~course_lib.activations.log_sigmoid`). No clamp is needed: a logit of :math:`-10^4` with
    :math:`y = 1` costs :math:`10^4`, as it should. The result is accurate to a small absolute error; a loss far
    below the float spacing of :math:`z` (say :math:`4 \cdot 10^{-18}` at :math:`z = -40`, :math:`y = 0`)
    rounds to 0.

    For binary problems and for multi-label problems (several independent yes/no labels per example); for one
    of :math:`C` mutually exclusive classes use :func:`~course_lib.losses.cross_entropy`.

    Torch equivalent: ``torch.nn.functional.binary_cross_entropy_with_logits`` (the module
    ``torch.nn.BCEWithLogitsLoss``).

    Parameters
    ----------
    logits : array_like
        Logits :math:`z`.
    target : array_like
        Targets :math:`y` in [0, 1] (usually 0 or 1).
    weight : array_like or None
        A rescaling weight :math:`w` per element. Default: ``None`` (every element weighs 1).
    pos_weight : array_like or None
        The weight :math:`q` of the positive term, usually one per label; :math:`q > 1` raises recall,
        :math:`q` = #negatives / #positives balances the classes. Default: ``None`` (:math:`q = 1`).
    reduction : {"mean", "sum", "none"}
        ``"mean"`` averages over all elements, ``"sum"`` adds them up, ``"none"`` returns each element's
        loss. Default: ``"mean"``.

    Shape
    -----
    - ``logits``: :math:`(*)`, any shape.
    - ``target``: :math:`(*)`, the shape of ``logits``.
    - ``weight``: broadcastable to :math:`(*)`, the shape of ``logits``.
    - ``pos_weight``: broadcastable to :math:`(*)`; usually :math:`(K)` for logits :math:`(N, K)` of
      :math:`K` labels.
    - Output: a scalar for ``"mean"`` and ``"sum"``; :math:`(*)`, the shape of ``logits``, for ``"none"``.

    Returns
    -------
    numpy scalar or ndarray
        The loss, in the dtype of ``logits``.

    Raises
    ------
    ValueError
        If ``target`` has another shape or leaves [0, 1], ``weight`` or ``pos_weight`` does not broadcast,
        or ``reduction`` is unknown; the message names the argument.

    See Also
    --------
    :doc:`02_binary_cross_entropy` : the chapter that derives it.
    binary_cross_entropy : the same loss from probabilities, clamped.
    ~course_lib.gradients.binary_cross_entropy_with_logits_grad : its gradient with respect to the logits.
    ~course_lib.focal.sigmoid_focal_loss : the binary focal loss, which down-weights easy examples.
    cross_entropy : the loss for one of :math:`C` mutually exclusive classes.

    Examples
    --------
    >>> float(binary_cross_entropy_with_logits([0.0], [1.0]))  # log 2
    0.6931471805599453
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
    r"""Negative log-likelihood of the true classes.

    Takes **log-probabilities** (for example from :func:`~course_lib.activations.log_softmax`), not logits
    and not probabilities. For sample :math:`i` with true class :math:`y_i`:

    .. math::

        \ell_i = -w_{y_i} \log p_{i, y_i}.

    Targets equal to ``ignore_index`` contribute 0 and are left out of the mean. The weighted mean divides by
    the summed weights of the counted targets, :math:`\sum_i w_{y_i}`, not by :math:`N`: exactly as torch.

    Torch equivalent: ``torch.nn.functional.nll_loss`` (the module ``torch.nn.NLLLoss``), with the class axis
    at dim 1: pass ``log_probs.movedim(-1, 1)`` when it has more than two axes.

    Parameters
    ----------
    log_probs : array_like
        Log-probabilities :math:`\log p`, classes on the last axis.
    target : array_like of int
        Class indices in :math:`[0, C)`, or ``ignore_index``.
    weight : array_like or None
        One weight :math:`w_c` per class. Default: ``None`` (every class weighs 1).
    ignore_index : int
        A target value to skip. Default: ``-100``.
    reduction : {"mean", "sum", "none"}
        ``"mean"`` is the weighted mean above, ``"sum"`` adds the losses up, ``"none"`` returns each
        sample's loss. Default: ``"mean"``.

    Shape
    -----
    - ``log_probs``: :math:`(C)`, :math:`(N, C)` or :math:`(N, d_1, \dots, d_K, C)`, classes last.
    - ``target``: :math:`()`, :math:`(N)` or :math:`(N, d_1, \dots, d_K)`, class indices.
    - ``weight``: :math:`(C)`.
    - Output: a scalar for ``"mean"`` and ``"sum"``; the shape of ``target`` for ``"none"`` (0 where the
      target is ignored).

    Returns
    -------
    numpy scalar or ndarray
        The loss, in the dtype of ``log_probs``.

    Raises
    ------
    ValueError
        Naming the argument: ``target`` holding probabilities (use :func:`~course_lib.losses.cross_entropy`
        for them), ``target`` of the wrong shape or dtype, a class index outside :math:`[0, C)` (unless it
        equals ``ignore_index``), ``weight`` not of shape :math:`(C)`, unknown ``reduction``, 0-d
        ``log_probs``.

    See Also
    --------
    :doc:`03_categorical_cross_entropy` : the chapter that derives it.
    cross_entropy : the same loss from logits (``nll_loss`` of ``log_softmax``), with label smoothing.
    ~course_lib.activations.log_softmax : the log-probabilities it takes.

    Examples
    --------
    Equal logits give every one of :math:`C = 4` classes probability 1/4; the loss is
    :math:`-\log(1/4) = \log 4`, as ``cross_entropy`` of the logits:

    >>> from course_lib import log_softmax
    >>> float(nll_loss(log_softmax([[0.0, 0.0, 0.0, 0.0]]), [2]))
    1.3862943611198906
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
    r"""Categorical cross-entropy between logits and targets (classes on the last axis).

    Takes **logits**. For one sample with logits :math:`z` of shape :math:`(C)` and true class :math:`y`:

    .. math::

        \ell = -\log \operatorname{softmax}(z)_y = \operatorname{logsumexp}(z) - z_y.

    Computed from logits via log-softmax, so no exp overflows and no log(0) is taken. For :math:`C` mutually
    exclusive classes (exactly one is true). For several independent yes/no labels per example (multi-label)
    use :func:`~course_lib.losses.binary_cross_entropy_with_logits` instead.

    Targets come in two forms, told apart by dtype and shape; :math:`p_i = \operatorname{softmax}(z_i)`,
    :math:`\varepsilon` is ``label_smoothing`` and :math:`w` the class weights:

    - class indices, an int array of shape ``logits.shape[:-1]``:

      .. math::

          \ell_i = (1 - \varepsilon)\, w_{y_i} (-\log p_{i, y_i})
          + \frac{\varepsilon}{C} \sum_c w_c (-\log p_{i, c}).

      ``"mean"`` divides by :math:`\sum_i w_{y_i}` over the targets not equal to ``ignore_index`` (by their
      count when unweighted); ignored targets add 0. With label smoothing :math:`\varepsilon`, the smoothing
      term is divided by the same sum of the true classes' weights, exactly as torch.
    - probabilities, a float array of ``logits.shape`` (soft targets):

      .. math::

          \ell_i = -\sum_c w_c\, t'_{i, c} \log p_{i, c}, \qquad t' = (1 - \varepsilon)\, t + \varepsilon / C.

      ``"mean"`` divides by the number of samples :math:`N`; ``ignore_index`` does not apply.

    Torch equivalent: ``torch.nn.functional.cross_entropy`` (the module ``torch.nn.CrossEntropyLoss``), with
    the class axis at dim 1: pass ``logits.movedim(-1, 1)`` (and probability targets likewise) when it has more
    than two axes.

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
        ``"mean"`` as above, ``"sum"`` adds the losses up, ``"none"`` returns each sample's loss.
        Default: ``"mean"``.
    label_smoothing : float
        :math:`\varepsilon` in [0, 1], mixes the target with the uniform distribution. Default: ``0.0``.

    Shape
    -----
    - ``logits``: :math:`(C)`, :math:`(N, C)` or :math:`(N, d_1, \dots, d_K, C)`, classes last.
    - ``target``: :math:`()`, :math:`(N)` or :math:`(N, d_1, \dots, d_K)` class indices, or the shape of
      ``logits`` (probabilities).
    - ``weight``: :math:`(C)`.
    - Output: a scalar for ``"mean"`` and ``"sum"``; ``logits.shape[:-1]`` for ``"none"``.

    Returns
    -------
    numpy scalar or ndarray
        The loss, in the dtype of ``logits``.

    Raises
    ------
    ValueError
        Naming the argument: target of the wrong shape or dtype, class index outside :math:`[0, C)` (unless
        it equals ``ignore_index``), weight not of shape :math:`(C)`, unknown reduction, label_smoothing
        outside [0, 1], 0-d logits.

    See Also
    --------
    :doc:`03_categorical_cross_entropy` : the chapter that derives it; stability in :doc:`04_numerical_stability`.
    nll_loss : the same loss from log-probabilities.
    ~course_lib.gradients.cross_entropy_grad : its gradient with respect to the logits, in textbook form.
    ~course_lib.fused.cross_entropy_and_grad : loss and gradient in one fused pass, for training loops.
    ~course_lib.linear_ce.linear_cross_entropy : the loss of a linear layer's logits, without holding them.
    ~course_lib.focal.focal_loss : cross-entropy that down-weights easy samples.
    binary_cross_entropy_with_logits : for independent yes/no labels (multi-label).

    Examples
    --------
    Equal logits give every one of :math:`C = 4` classes probability 1/4, so the loss is :math:`\log 4`:

    >>> float(cross_entropy([[0.0, 0.0, 0.0, 0.0]], [2]))
    1.3862943611198906
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
