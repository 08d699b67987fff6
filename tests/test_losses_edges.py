"""course_lib.losses on edges the mutation run found unchecked: a float32 input keeps its dtype when a weight,
a pos_weight or a class weight comes as float64 (the weight is taken in the input's dtype, as in torch)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import course_lib as cl

RNG = np.random.default_rng(0)
PROBS = RNG.uniform(0.05, 0.95, (4, 3)).astype(np.float32)
LOGITS = RNG.normal(0.0, 3.0, (4, 3)).astype(np.float32)
TARGET = RNG.integers(0, 2, (4, 3)).astype(np.float32)
WEIGHT = RNG.uniform(0.5, 2.0, 3)  # float64, broadcast along the rows
POS_WEIGHT = RNG.uniform(0.5, 4.0, 3)


def t32(x):
    return torch.tensor(np.asarray(x, dtype=np.float32))


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_binary_cross_entropy_with_a_float64_weight_keeps_float32(reduction):
    loss = cl.binary_cross_entropy(PROBS, TARGET, weight=WEIGHT, reduction=reduction)
    assert loss.dtype == np.float32
    expected = F.binary_cross_entropy(t32(PROBS), t32(TARGET), weight=t32(WEIGHT), reduction=reduction)
    np.testing.assert_allclose(loss, expected.numpy(), rtol=1e-6)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize(
    "keywords", [("weight",), ("pos_weight",), ("weight", "pos_weight")], ids=["weight", "pos_weight", "both"]
)
def test_binary_cross_entropy_with_logits_with_a_float64_weight_keeps_float32(keywords, reduction):
    given = {"weight": WEIGHT, "pos_weight": POS_WEIGHT}
    kwargs = {k: given[k] for k in keywords}
    loss = cl.binary_cross_entropy_with_logits(LOGITS, TARGET, reduction=reduction, **kwargs)
    assert loss.dtype == np.float32
    expected = F.binary_cross_entropy_with_logits(
        t32(LOGITS), t32(TARGET), reduction=reduction, **{k: t32(v) for k, v in kwargs.items()}
    )
    np.testing.assert_allclose(loss, expected.numpy(), rtol=1e-5)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
@pytest.mark.parametrize("soft", [False, True], ids=["class_indices", "probabilities"])
def test_cross_entropy_and_nll_loss_with_a_float64_class_weight_keep_float32(soft, label_smoothing, reduction):
    rng = np.random.default_rng(1)
    logits = rng.normal(0.0, 3.0, (5, 3)).astype(np.float32)
    target = rng.dirichlet(np.ones(3), 5).astype(np.float32) if soft else np.array([0, 2, 1, 2, 0])
    kwargs = {"weight": WEIGHT, "reduction": reduction}
    loss = cl.cross_entropy(logits, target, label_smoothing=label_smoothing, **kwargs)
    assert loss.dtype == np.float32
    expected = F.cross_entropy(
        t32(logits), torch.tensor(target), label_smoothing=label_smoothing, **{**kwargs, "weight": t32(WEIGHT)}
    )
    np.testing.assert_allclose(loss, expected.numpy(), rtol=1e-5)
    if not soft and label_smoothing == 0:
        log_probs = cl.log_softmax(logits)
        assert cl.nll_loss(log_probs, target, **kwargs).dtype == np.float32
