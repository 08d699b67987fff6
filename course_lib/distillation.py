r"""Knowledge distillation (Hinton, Vinyals and Dean 2015, "Distilling the Knowledge in a Neural Network"): a
student learns the teacher's softened distribution, not only its top class.

Both sets of logits are divided by a temperature :math:`T \ge 1` to soften them, and the student minimises the
KL divergence from the teacher's softened distribution :math:`q = \operatorname{softmax}(t / T)` to its own
:math:`p = \operatorname{softmax}(s / T)`. Its gradient with respect to the student's logits is
:math:`(p - q) / T`, so the loss is multiplied by :math:`T^2` to keep the gradient's scale as :math:`T` changes
(for large :math:`T` it tends to the difference of the centred logits divided by :math:`C`, whatever
:math:`T`).

Both functions take **logits**, classes on the last axis. The chapter :doc:`07_choosing_the_loss` derives them.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_float_array,
    check_kl_reduction,
    check_logits,
    check_positive,
    check_same_shape_as,
)
from .activations import log_softmax


def _distillation_args(student_logits, teacher_logits, temperature, reduction):
    """Validate the arguments once, at the public boundary; the teacher's logits take the student's dtype."""
    s = as_float_array(student_logits, "student_logits")
    check_logits(s, "student_logits")
    t = as_float_array(teacher_logits, "teacher_logits")
    check_same_shape_as(t, "teacher_logits", s, "student_logits")
    temp = check_positive(temperature, "temperature")
    check_kl_reduction(reduction)
    return s, t.astype(s.dtype, copy=False), temp


def _kl_scale(shape: tuple, reduction: str) -> int:
    """What kl_div divides the sum by: the first axis for "batchmean", every element for "mean"."""
    if reduction == "batchmean":
        return shape[0]
    if reduction == "mean":
        return int(np.prod(shape))
    return 1


def distillation_loss(student_logits, teacher_logits, temperature: float = 1.0, reduction: str = "batchmean"):
    r"""Distillation loss: :math:`T^2 \mathrm{KL}(\mathrm{softmax}(t/T) \,\Vert\, \mathrm{softmax}(s/T))`, classes last.

    Takes **logits** for both the student (:math:`s`) and the teacher (:math:`t`). With
    :math:`q = \operatorname{softmax}(t / T)` (the teacher, the target) and
    :math:`p = \operatorname{softmax}(s / T)` (the student), elementwise:

    .. math::

        \ell_{ic} = T^2 \, q_{ic} (\log q_{ic} - \log p_{ic}),
        \qquad \mathrm{KL}(q_i \,\Vert\, p_i) = \frac{1}{T^2} \sum_c \ell_{ic} \ge 0.

    Both logarithms come from log-softmax (no exp overflows and no log of an underflowed 0);
    :math:`q = \exp(\log q)` may underflow to 0, and then its term is 0. The :math:`T^2` keeps the gradient
    :math:`T (p - q)` of a comparable size at every :math:`T`. The reductions are torch's: ``"batchmean"``
    divides the sum by the size of the first axis (:math:`N` for :math:`(N, C)`; :math:`C` for unbatched logits
    :math:`(C)`, as torch), ``"mean"`` by the number of elements :math:`NC`, and ``"none"`` keeps every element
    :math:`(N, C)`, not a loss per sample.

    Torch equivalent:
    ``F.kl_div(F.log_softmax(s / T, -1), F.log_softmax(t / T, -1), reduction=..., log_target=True) * T**2``,
    reductions included. In optax, ``optax.losses.kl_divergence_with_log_targets(log_p, log_q)`` (with
    ``log_p = log_softmax(s / T)``, ``log_q = log_softmax(t / T)``) is :math:`\mathrm{KL}(q_i \,\Vert\, p_i)`
    per sample, without the :math:`T^2`.

    Parameters
    ----------
    student_logits : array_like
        The student's logits :math:`s`.
    teacher_logits : array_like
        The teacher's logits :math:`t`, of the same shape (computed in the student's dtype).
    temperature : float
        :math:`T > 0`; Hinton et al. use :math:`T` between 1 and 20. Default: ``1.0``.
    reduction : {"batchmean", "sum", "mean", "none"}
        ``"batchmean"`` is the KL divergence per sample. Default: ``"batchmean"``.

    Shape
    -----
    - ``student_logits``: :math:`(N, C)`, or :math:`(*, C)`: :math:`(C)` unbatched, or more leading axes.
    - ``teacher_logits``: the shape of ``student_logits``.
    - Output: a scalar for ``"batchmean"``, ``"sum"`` and ``"mean"``; the shape of ``student_logits``, every
      element :math:`\ell_{ic}`, for ``"none"``.

    Returns
    -------
    scalar or ndarray
        In the student's dtype (float32 stays float32). nan for ``"batchmean"`` or ``"mean"`` of no samples, as
        torch.

    Raises
    ------
    ValueError
        Naming the argument: ``teacher_logits`` of another shape, ``temperature`` not a positive finite
        number, unknown ``reduction``, 0-d ``student_logits``.

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives it.
    distillation_loss_grad : its gradient with respect to the student's logits.
    ~course_lib.losses.cross_entropy : ``cross_entropy(s / T, q)``, with the teacher's probabilities as target,
        is this loss divided by :math:`T^2` plus the teacher's entropy, which does not depend on the student.
    ~course_lib.calibration.fit_temperature : the other use of a temperature: one :math:`T` that calibrates.

    Examples
    --------
    A student that copies its teacher costs 0; logits (0, 0) against (log 3, 0) cost
    :math:`\mathrm{KL}((3/4, 1/4) \,\Vert\, (1/2, 1/2))`:

    >>> import numpy as np
    >>> float(distillation_loss([[0.0, 0.0]], [[np.log(3.0), 0.0]]))
    0.13081203594113702
    """
    s, t, temp = _distillation_args(student_logits, teacher_logits, temperature, reduction)
    log_p = log_softmax(s / temp)  # the student's softened log-probabilities
    log_q = log_softmax(t / temp)  # the teacher's, the target
    pointwise = np.exp(log_q) * (log_q - log_p)  # torch's kl_div with log_target=True
    if reduction == "none":
        return pointwise * temp**2
    total = pointwise.sum()
    if reduction == "sum":
        return total * temp**2
    with np.errstate(invalid="ignore", divide="ignore"):  # no samples: 0 / 0 = nan, as torch
        return (total / s.dtype.type(_kl_scale(s.shape, reduction))) * temp**2


def distillation_loss_grad(
    student_logits, teacher_logits, temperature: float = 1.0, reduction: str = "batchmean"
) -> np.ndarray:
    r"""Gradient of :func:`~course_lib.distillation.distillation_loss` with respect to the **student** logits.

    Takes **logits** for both the student (:math:`s`) and the teacher (:math:`t`). With
    :math:`p = \operatorname{softmax}(s / T)` and :math:`q = \operatorname{softmax}(t / T)`:

    .. math::

        \frac{\partial}{\partial s} \Big[T^2 \mathrm{KL}(q \,\Vert\, p)\Big] = T^2 \, \frac{p - q}{T} = T (p - q),

    divided by the size of the first axis for ``"batchmean"`` and by the number of elements for ``"mean"``;
    for ``"none"``, the gradient of the sum of the elements. The teacher gets no gradient: it is fixed. For
    large :math:`T`, :math:`T (p - q)` tends to :math:`\big((s - \bar s) - (t - \bar t)\big) / C`, with
    :math:`\bar s` and :math:`\bar t` the means over the classes: the :math:`T^2` makes the scale independent
    of :math:`T`.

    Torch equivalent: autograd of the expression in :func:`~course_lib.distillation.distillation_loss`
    (``loss.backward()``, of ``loss.sum()`` for ``"none"``; then ``s.grad``), which this matches.

    Parameters
    ----------
    student_logits : array_like
        The student's logits :math:`s`.
    teacher_logits : array_like
        The teacher's logits :math:`t`, of the same shape (computed in the student's dtype).
    temperature : float
        :math:`T > 0`. Default: ``1.0``.
    reduction : {"batchmean", "sum", "mean", "none"}
        The reduction of the loss whose gradient this is. Default: ``"batchmean"``.

    Shape
    -----
    - ``student_logits``: :math:`(N, C)`, or :math:`(*, C)`: :math:`(C)` unbatched, or more leading axes.
    - ``teacher_logits``: the shape of ``student_logits``.
    - Output: the shape of ``student_logits``, for every reduction.

    Returns
    -------
    ndarray
        The gradient, in the student's dtype.

    Raises
    ------
    ValueError
        As :func:`~course_lib.distillation.distillation_loss`.

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives it.
    distillation_loss : the loss.
    ~course_lib.gradients.cross_entropy_grad : the same :math:`p - q` form, for cross-entropy's gradient.

    Examples
    --------
    >>> import numpy as np
    >>> # p - q = (1/2 - 3/4, 1/2 - 1/4)
    >>> distillation_loss_grad([[0.0, 0.0]], [[np.log(3.0), 0.0]])
    array([[-0.25,  0.25]])
    """
    s, t, temp = _distillation_args(student_logits, teacher_logits, temperature, reduction)
    p = np.exp(log_softmax(s / temp))
    q = np.exp(log_softmax(t / temp))
    grad = temp * (p - q)
    scale = _kl_scale(s.shape, reduction)
    if scale > 1:
        grad = grad / s.dtype.type(scale)
    return grad.astype(s.dtype, copy=False)
