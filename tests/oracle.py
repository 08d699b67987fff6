"""The oracles the tests compare course_lib with: PyTorch (with the class axis last), its tolerances, and the
scalar that finite differences differentiate.

PyTorch puts the class axis at dim 1 (for inputs of two or more axes); course_lib puts it last. The oracle
below moves the class axis of logits and probability targets to dim 1 before calling torch and moves
gradients back, so every test compares arrays laid out the course_lib way. conftest.py hands it to the tests
as the ``torch_ref`` fixture, and ``assert_close`` with the tolerances below.

Every method computes its loss with torch alone, from the numbers it is given: no expected value comes from
the code under test.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
import torch.nn.functional as F

# float32 agrees with torch to a few ulps of its 24-bit mantissa; float64 to rounding of the summations.
TOLERANCES = {
    np.dtype(np.float32): {"rtol": 1e-5, "atol": 1e-6},
    np.dtype(np.float64): {"rtol": 1e-10, "atol": 1e-12},
}


def assert_close(actual, expected, dtype=None):
    """assert_allclose with the tolerance of ``dtype`` (by default the dtype of ``expected``)."""
    expected = np.asarray(expected)
    dtype = np.dtype(dtype if dtype is not None else expected.dtype)
    np.testing.assert_allclose(actual, expected, **TOLERANCES[dtype])


def summed(loss_fn):
    """The scalar the gradients differentiate: the loss itself, or the sum of the per-element losses.

    ``cl.numerical_gradient(lambda v: summed(cl.cross_entropy)(v, t, **kwargs), z)`` is the finite-difference
    gradient that ``cl.cross_entropy_grad(z, t, **kwargs)`` must equal, for every reduction.
    """
    return lambda *args, **kwargs: float(np.sum(loss_fn(*args, **kwargs)))


def classes_to_dim1(x: np.ndarray) -> np.ndarray:
    """(N, d1, ..., C) -> (N, C, d1, ...), torch's layout; (C,) stays as it is."""
    return np.moveaxis(x, -1, 1) if x.ndim >= 2 else x


def classes_to_last(x: np.ndarray) -> np.ndarray:
    """(N, C, d1, ...) -> (N, d1, ..., C), course_lib's layout; (C,) stays as it is."""
    return np.moveaxis(x, 1, -1) if x.ndim >= 2 else x


def _tensor(x, requires_grad: bool = False, dtype=None) -> torch.Tensor:
    return torch.tensor(np.ascontiguousarray(np.asarray(x, dtype=dtype)), requires_grad=requires_grad)


def _optional(x, dtype=None):
    return None if x is None else _tensor(x, dtype=dtype)


def _backward(loss: torch.Tensor, *inputs: torch.Tensor) -> tuple[np.ndarray, ...]:
    """(loss, d loss.sum() / d input for each input) as numpy arrays; zeros for an input the loss does not use."""
    loss.sum().backward()
    grads = (np.zeros(x.shape, x.detach().numpy().dtype) if x.grad is None else x.grad.numpy() for x in inputs)
    return loss.detach().numpy(), *grads


def _reduce(loss: torch.Tensor, reduction: str) -> torch.Tensor:
    """The "none", "mean" or "sum" of per-sample losses; an empty batch stays as it is."""
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction] if loss.numel() else loss


class TorchOracle:
    """PyTorch with the class axis last: every loss method returns (loss, gradient...) as numpy arrays.

    The gradient is taken by autograd of ``loss.sum()``, so for reduction="none" it is the gradient of the
    summed per-element losses, which is what course_lib's gradients return.
    """

    @staticmethod
    def _soft(logits: np.ndarray, target: np.ndarray) -> bool:
        return np.asarray(target).dtype.kind == "f" and np.shape(target) == np.shape(logits)

    # --- torch.nn.functional's losses ----------------------------------------------------------------------

    def cross_entropy(self, logits, target, weight=None, **kwargs):
        logits = np.asarray(logits)
        z = _tensor(classes_to_dim1(logits), requires_grad=True)
        t = _tensor(classes_to_dim1(target)) if self._soft(logits, target) else torch.as_tensor(np.asarray(target))
        loss, dz = _backward(F.cross_entropy(z, t, weight=_optional(weight), **kwargs), z)
        return loss, classes_to_last(dz)

    def nll_loss(self, log_probs, target, weight=None, **kwargs):
        z = _tensor(classes_to_dim1(np.asarray(log_probs)), requires_grad=True)
        loss, dz = _backward(F.nll_loss(z, torch.as_tensor(np.asarray(target)), weight=_optional(weight), **kwargs), z)
        return loss, classes_to_last(dz)

    def binary_cross_entropy(self, probs, target, weight=None, **kwargs):
        p = _tensor(probs, requires_grad=True)
        return _backward(F.binary_cross_entropy(p, _tensor(target), weight=_optional(weight), **kwargs), p)

    def binary_cross_entropy_with_logits(self, logits, target, weight=None, pos_weight=None, **kwargs):
        z = _tensor(logits, requires_grad=True)
        loss = F.binary_cross_entropy_with_logits(
            z, _tensor(target), weight=_optional(weight), pos_weight=_optional(pos_weight), **kwargs
        )
        return _backward(loss, z)

    # --- the Jacobian of softmax -----------------------------------------------------------------------------

    def softmax_jacobian(self, z):
        """(..., C, C): torch.autograd.functional.jacobian of softmax over the last axis, for each row of z."""
        z = np.asarray(z)
        rows = z.reshape(-1, z.shape[-1])
        jacobians = [
            torch.autograd.functional.jacobian(lambda t: torch.softmax(t, dim=-1), torch.tensor(row)).numpy()
            for row in rows
        ]
        return np.stack(jacobians).reshape(*z.shape, z.shape[-1])

    # --- course_lib's losses that torch does not have, as the formulas of their docstrings -----------------

    def focal_loss(self, logits, target, gamma=2.0, alpha=None, reduction="mean", dtype=None):
        """(loss, d loss.sum() / d logits) by torch autograd of FL = -alpha_y (1 - p_y)^gamma log p_y, with
        log p_y = log_softmax(z)_y and 1 - p_y = -expm1(log p_y), as focal_loss's docstring writes it."""
        z = _tensor(logits, requires_grad=True, dtype=dtype)
        t = torch.as_tensor(np.asarray(target))
        log_p_true = F.log_softmax(z, dim=-1).gather(-1, t[..., None]).squeeze(-1)
        loss = -((-torch.expm1(log_p_true)) ** gamma * log_p_true)
        if alpha is not None:
            loss = _tensor(alpha, dtype=dtype)[t] * loss
        return _backward(_reduce(loss, reduction), z)

    def distillation_loss(self, student, teacher, temperature=1.0, reduction="batchmean", dtype=None):
        """(loss, d loss.sum() / d student) by autograd of the expression in distillation_loss's docstring:
        F.kl_div(F.log_softmax(s / T, -1), F.log_softmax(t / T, -1), reduction=..., log_target=True) * T**2."""
        s = _tensor(student, requires_grad=True, dtype=dtype)
        t = _tensor(teacher, dtype=dtype)
        log_p, log_q = F.log_softmax(s / temperature, -1), F.log_softmax(t / temperature, -1)
        with warnings.catch_warnings():  # torch warns that "mean" divides by N C, which the tests check on purpose
            warnings.simplefilter("ignore", UserWarning)
            kl = F.kl_div(log_p, log_q, reduction=reduction, log_target=True)
        return _backward(kl * temperature**2, s)

    def linear_cross_entropy(self, hidden, weight, target, bias=None, ignore_index=-100, reduction="mean",
                             label_smoothing=0.0, z_loss=0.0, chunk_size=None):  # fmt: skip
        """torch's materialised computation and autograd of loss.sum(): (loss, dH, dW, db, dz) as numpy arrays.

        loss = F.cross_entropy(F.linear(h, W, b), t, ...) + z_loss * logsumexp(z)^2 per counted token, reduced
        like the loss. dz is the gradient with respect to the logits, db is None without a bias. ``chunk_size``
        is ignored.
        """
        h, w = _tensor(hidden, requires_grad=True), _tensor(weight, requires_grad=True)
        b = None if bias is None else _tensor(bias, requires_grad=True)
        z = F.linear(h, w, b)
        z.retain_grad()
        t = torch.as_tensor(np.asarray(target))
        loss = F.cross_entropy(z, t, ignore_index=ignore_index, reduction=reduction, label_smoothing=label_smoothing)
        if z_loss > 0:
            counted = (t != ignore_index).to(z.dtype)
            per_token = z_loss * torch.logsumexp(z, dim=-1) ** 2 * counted
            if reduction == "none":
                loss = loss + per_token
            elif reduction == "sum":
                loss = loss + per_token.sum()
            else:  # with no counted token the mean is nan already; clamp keeps 0 / 0 out of autograd's gradient
                loss = loss + per_token.sum() / counted.sum().clamp(min=1)
        loss, dH, dW, dz = _backward(loss, h, w, z)
        db = None if b is None else b.grad.numpy()
        return loss, dH, dW, db, dz
