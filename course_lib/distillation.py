"""Knowledge distillation (Hinton, Vinyals and Dean 2015, "Distilling the Knowledge in a Neural Network"): a
student learns the teacher's softened distribution, not only its top class.

Both sets of logits are divided by a temperature T >= 1 to soften them, and the student minimises the
KL divergence from the teacher's softened distribution q = softmax(teacher / T) to its own
p = softmax(student / T). Its gradient with respect to the student's logits is (p - q) / T, so the loss is
multiplied by T^2 to keep the gradient's scale as T changes (for large T it tends to the difference of the
centred logits divided by C, whatever T).

Both functions take **logits**, classes on the last axis.

Derived in: book chapter "Choosing and trusting the loss".
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
    """Distillation loss: T^2 KL(softmax(teacher / T) || softmax(student / T)), classes on the last axis.

    With q = softmax(t / T) (the teacher, the target) and p = softmax(s / T) (the student), elementwise::

        l_ic = T^2 q_ic (log q_ic - log p_ic),   and KL(q_i || p_i) = sum_c l_ic / T^2 >= 0.

    Both logarithms come from log-softmax (no exp overflows and no log of an underflowed 0); q = exp(log q)
    may underflow to 0, and then its term is 0. The T^2 keeps the gradient (p - q) T of a comparable size
    at every T. Equal to torch's
    ``F.kl_div(F.log_softmax(s / T, -1), F.log_softmax(t / T, -1), reduction=..., log_target=True) * T**2``,
    reductions included: "batchmean" divides the sum by the size of the first axis (N for (N, C); C for
    unbatched logits (C,), as torch), "mean" by the number of elements N C, and "none" keeps every element
    (N, C), not a loss per sample.

    Takes **logits** for both the student and the teacher.

    Parameters
    ----------
    student_logits : array (N, C) (or (..., C)) of the student's logits s
    teacher_logits : array of the same shape, the teacher's logits t (computed in the student's dtype)
    temperature : T > 0 (default 1); Hinton et al. use T between 1 and 20
    reduction : "batchmean" (default, the KL divergence per sample), "sum", "mean" or "none"

    Returns
    -------
    scalar for "batchmean" / "sum" / "mean", array (N, C) for "none"; in the student's dtype (float32 stays
    float32). nan for "batchmean" or "mean" of no samples, as torch.

    Raises
    ------
    ValueError
        Naming the argument: ``teacher_logits`` of another shape, ``temperature`` not a positive finite
        number, unknown ``reduction``, 0-d ``student_logits``.

    Examples
    --------
    A student that copies its teacher costs 0; logits (0, 0) against (log 3, 0) cost KL((3/4, 1/4) || (1/2, 1/2)):

    >>> import numpy as np
    >>> float(distillation_loss([[0.0, 0.0]], [[np.log(3.0), 0.0]]))
    0.13081203594113702

    Derived in: book chapter "Choosing and trusting the loss".
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
    """Gradient of :func:`~course_lib.distillation.distillation_loss` with respect to the **student** logits.

    With p = softmax(s / T) and q = softmax(t / T), d/ds [T^2 KL(q || p)] = T^2 (p - q) / T = T (p - q),
    divided by the size of the first axis for "batchmean" and by the number of elements for "mean"; for
    "none", the gradient of the sum of the elements. The teacher gets no gradient: it is fixed. For large T,
    T (p - q) tends to ((s - mean s) - (t - mean t)) / C: the T^2 makes the scale independent of T.
    Matches torch autograd of the expression in :func:`~course_lib.distillation.distillation_loss`.

    Parameters and shapes as :func:`~course_lib.distillation.distillation_loss`. Returns an array of
    ``student_logits.shape``.

    Examples
    --------
    >>> import numpy as np
    >>> # p - q = (1/2 - 3/4, 1/2 - 1/4)
    >>> distillation_loss_grad([[0.0, 0.0]], [[np.log(3.0), 0.0]])
    array([[-0.25,  0.25]])

    Derived in: book chapter "Choosing and trusting the loss".
    """
    s, t, temp = _distillation_args(student_logits, teacher_logits, temperature, reduction)
    p = np.exp(log_softmax(s / temp))
    q = np.exp(log_softmax(t / temp))
    grad = temp * (p - q)
    scale = _kl_scale(s.shape, reduction)
    if scale > 1:
        grad = grad / s.dtype.type(scale)
    return grad.astype(s.dtype, copy=False)
