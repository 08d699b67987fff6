"""course_lib.gradients (with the categorical loss and the fused pass beside them) on edges the mutation run
found unchecked: without label smoothing, the weight of a class that no target holds takes no part, even when
it is inf or nan, exactly as in torch; a float64 class weight leaves a float32 gradient float32."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import course_lib as cl

LOGITS = np.random.default_rng(0).standard_normal((4, 3))
TARGET = np.array([0, 2, 0, 2])  # class 1 is nobody's target


@pytest.mark.parametrize("unused_weight", [np.inf, np.nan])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_the_weight_of_a_class_no_target_holds_takes_no_part_without_smoothing(unused_weight, reduction):
    weight = np.array([1.0, unused_weight, 2.0])
    z = torch.tensor(LOGITS, requires_grad=True)
    expected_loss = F.cross_entropy(z, torch.tensor(TARGET), weight=torch.tensor(weight), reduction=reduction)
    expected_loss.sum().backward()
    assert np.all(np.isfinite(expected_loss.detach().numpy())) and np.all(np.isfinite(z.grad.numpy()))

    kwargs = {"weight": weight, "reduction": reduction}
    loss = cl.cross_entropy(LOGITS, TARGET, **kwargs)
    grad = cl.cross_entropy_grad(LOGITS, TARGET, **kwargs)
    fused_loss, fused_grad = cl.cross_entropy_and_grad(LOGITS, TARGET, **kwargs)
    for actual in (loss, fused_loss):
        np.testing.assert_allclose(actual, expected_loss.detach().numpy(), rtol=1e-12)
    for actual in (grad, fused_grad):
        np.testing.assert_allclose(actual, z.grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
@pytest.mark.parametrize("soft", [False, True], ids=["class_indices", "probabilities"])
def test_gradients_with_a_float64_class_weight_keep_float32(soft, label_smoothing, reduction):
    rng = np.random.default_rng(1)
    logits = rng.normal(0.0, 3.0, (5, 3)).astype(np.float32)
    target = rng.dirichlet(np.ones(3), 5).astype(np.float32) if soft else np.array([0, 2, 1, 2, 0])
    kwargs = {"weight": np.array([0.5, 1.5, 2.0]), "reduction": reduction, "label_smoothing": label_smoothing}
    z = torch.tensor(logits, requires_grad=True)
    F.cross_entropy(
        z, torch.tensor(target), **{**kwargs, "weight": torch.tensor(kwargs["weight"], dtype=torch.float32)}
    ).sum().backward()
    grad = cl.cross_entropy_grad(logits, target, **kwargs)
    fused_loss, fused_grad = cl.cross_entropy_and_grad(logits, target, **kwargs)
    assert grad.dtype == fused_grad.dtype == fused_loss.dtype == np.float32
    for actual in (grad, fused_grad):
        np.testing.assert_allclose(actual, z.grad.numpy(), rtol=1e-5, atol=1e-7)
