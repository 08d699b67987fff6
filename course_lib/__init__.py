"""course_lib: the companion library of "Cross-entropy loss from first principles".

Exact (torch.nn.functional semantics and numbers, class axis last), numerically stable at the extremes,
fast, and written to be read next to the chapter that derives each function.

    import course_lib as cl
    loss = cl.cross_entropy(logits, target)              # logits (..., C), target (...) or (..., C)
    loss, dlogits = cl.cross_entropy_and_grad(logits, target)
    loss, dhidden, dW, db = cl.linear_cross_entropy_and_grad(hidden, W, target, b)  # no N x V logits

Modules, one concept each: activations, losses, gradients, fused, linear_ce, lm_metrics, calibration, focal,
distillation, classifier, data, plots.
"""

from . import data
from .activations import log_sigmoid, log_softmax, logsumexp, one_hot, sigmoid, softmax
from .calibration import brier_score, expected_calibration_error, fit_temperature, reliability_curve
from .classifier import LinearClassifier
from .distillation import distillation_loss, distillation_loss_grad
from .focal import focal_loss, focal_loss_grad, sigmoid_focal_loss
from .fused import cross_entropy_and_grad
from .gradients import (
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits_grad,
    cross_entropy_grad,
    numerical_gradient,
    softmax_jacobian,
)
from .linear_ce import linear_cross_entropy, linear_cross_entropy_and_grad, online_logsumexp
from .lm_metrics import bits_per_byte, perplexity
from .losses import binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, nll_loss

__version__ = "0.1.0"


def __getattr__(name: str):
    # course_lib.plots imports matplotlib, which the numerical modules never need: load it on first use.
    if name == "plots":
        import importlib

        return importlib.import_module(".plots", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "sigmoid",
    "log_sigmoid",
    "logsumexp",
    "softmax",
    "log_softmax",
    "one_hot",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "nll_loss",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy_grad",
    "cross_entropy_and_grad",
    "softmax_jacobian",
    "numerical_gradient",
    "online_logsumexp",
    "linear_cross_entropy",
    "linear_cross_entropy_and_grad",
    "perplexity",
    "bits_per_byte",
    "brier_score",
    "reliability_curve",
    "expected_calibration_error",
    "fit_temperature",
    "focal_loss",
    "focal_loss_grad",
    "sigmoid_focal_loss",
    "distillation_loss",
    "distillation_loss_grad",
    "LinearClassifier",
    "data",
    "plots",
]
