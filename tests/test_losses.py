"""course_lib.losses: PyTorch parity for every keyword combination, the docstring formulas by hand,
hypothesis properties, dtypes, exact values at extreme inputs, and NaN propagation."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import (
    BCE_WEIGHTS,
    CE_TARGET_KINDS,
    FLOAT_DTYPES,
    LABEL_SMOOTHINGS,
    POS_WEIGHTS,
    RAISE_ON_FP_ERRORS,
    REDUCTIONS,
    bce_pos_weight,
    bce_weight,
    ce_case,
    class_weights,
    finite_floats,
    logits,
    logits_and_class_indices,
    logits_and_probabilities,
    unit_interval,
)

import course_lib as cl


def log(x: float) -> float:
    return math.log(x)


# --- cross_entropy: PyTorch parity -----------------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_matches_torch_for_every_keyword_combination(
    dtype, kind, weighted, reduction, label_smoothing, torch_ref, assert_close
):
    z, t, kwargs = ce_case(kind, dtype)
    weight = class_weights(z.shape[-1], dtype) if weighted else None
    kwargs.update(weight=weight, reduction=reduction, label_smoothing=label_smoothing)
    loss = cl.cross_entropy(z, t, **kwargs)
    expected, _ = torch_ref.cross_entropy(z, t, **kwargs)
    assert np.asarray(loss).dtype == dtype
    assert np.shape(loss) == expected.shape
    assert_close(loss, expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_matches_torch_on_k_dim_inputs(dtype, kind, reduction, torch_ref, assert_close):
    # logits (N, d1, d2, C) here are (N, C, d1, d2) for torch; targets (N, d1, d2) or (N, d1, d2, C)
    z, t, kwargs = ce_case(kind, dtype, shape=(3, 4, 2, 5))
    kwargs.update(weight=class_weights(5, dtype), reduction=reduction, label_smoothing=0.1)
    loss = cl.cross_entropy(z, t, **kwargs)
    expected, _ = torch_ref.cross_entropy(z, t, **kwargs)
    assert np.shape(loss) == expected.shape
    assert_close(loss, expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", ["indices", "probabilities"])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_matches_torch_on_unbatched_logits(
    dtype, kind, weighted, reduction, label_smoothing, torch_ref, assert_close
):
    # logits (C,) with a 0-d class index, or with a (C,) probability target
    z, t, _ = ce_case(kind, dtype, shape=(5,))
    assert t.shape == ((5,) if kind == "probabilities" else ())
    kwargs = {"weight": class_weights(5, dtype) if weighted else None, "reduction": reduction}
    kwargs["label_smoothing"] = label_smoothing
    loss = cl.cross_entropy(z, t, **kwargs)
    expected, _ = torch_ref.cross_entropy(z, t, **kwargs)
    assert np.shape(loss) == expected.shape == ()
    assert_close(loss, expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_with_weights_and_ignore_index_and_label_smoothing_together_matches_torch(
    dtype, reduction, label_smoothing, torch_ref, assert_close
):
    # the case where the denominators differ most: weighted mean over counted targets, smoothing term included
    z = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0], [1.0, 1.0, 1.0], [-4.0, 0.0, 4.0]], dtype=dtype)
    t = np.array([0, 7, 2, 1])
    kwargs = {"weight": np.array([0.2, 1.0, 3.0], dtype=dtype), "ignore_index": 7}
    kwargs.update(reduction=reduction, label_smoothing=label_smoothing)
    expected, _ = torch_ref.cross_entropy(z, t, **kwargs)
    assert_close(cl.cross_entropy(z, t, **kwargs), expected)


@given(pair=logits_and_class_indices(extreme=True, ignore_index=-100), label_smoothing=st.floats(0, 1))
def test_cross_entropy_matches_torch_on_random_and_extreme_logits(pair, label_smoothing, torch_ref, assert_close):
    z, t = pair
    if np.all(t == -100):  # the all-ignored mean is pinned by its own test
        t[0] = 0
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.cross_entropy(z, t, label_smoothing=label_smoothing, reduction="none")
    expected, _ = torch_ref.cross_entropy(z, t, label_smoothing=label_smoothing, reduction="none")
    # torch's float32 losses round like its largest logit: compare relative to the row's scale
    atol = 4 * np.finfo(z.dtype).eps * np.maximum(np.abs(z).max(axis=-1), 1)
    np.testing.assert_allclose(loss, expected, rtol=1e-5 if z.dtype == np.float32 else 1e-10, atol=atol.max())


# --- cross_entropy: the docstring formulas, by hand -------------------------------------------------------


def test_cross_entropy_is_logsumexp_of_logits_minus_the_true_logit_by_hand():
    # L = logsumexp(z) - z_y, computed with math.exp and math.log
    z = [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]
    expected = [log(math.exp(1) + math.exp(2) + math.exp(3)) - 1, log(math.exp(0.5) + math.exp(-1) + math.exp(2)) + 1]
    np.testing.assert_allclose(cl.cross_entropy(z, [0, 1], reduction="none"), expected, rtol=1e-15)
    np.testing.assert_allclose(cl.cross_entropy(z, [0, 1]), sum(expected) / 2, rtol=1e-15)
    np.testing.assert_allclose(cl.cross_entropy(z, [0, 1], reduction="sum"), sum(expected), rtol=1e-15)


def test_cross_entropy_weighted_mean_divides_by_the_summed_weights_of_the_true_classes_by_hand():
    # row 0 is uniform over 3 classes: -log(1/3); row 1 has p = [1/4, 1/2, 1/4]: its class 2 costs -log(1/4)
    z = [[0.0, 0.0, 0.0], [0.0, log(2), 0.0]]
    w = [1.0, 2.0, 3.0]
    expected = (1 * log(3) + 3 * log(4)) / (1 + 3)  # not divided by N = 2
    np.testing.assert_allclose(cl.cross_entropy(z, [0, 2], weight=w), expected, rtol=1e-15)


def test_cross_entropy_ignored_targets_add_nothing_and_are_left_out_of_the_mean_by_hand():
    z = [[0.0, 0.0, 0.0], [0.0, log(2), 0.0], [5.0, 0.0, 0.0]]
    np.testing.assert_allclose(cl.cross_entropy(z, [0, 2, -100]), (log(3) + log(4)) / 2, rtol=1e-15)
    np.testing.assert_allclose(
        cl.cross_entropy(z, [0, 2, -100], reduction="none"), [log(3), log(4), 0.0], rtol=1e-15, atol=0
    )


def test_cross_entropy_label_smoothing_mixes_in_the_uniform_distribution_by_hand():
    # p = [1/4, 1/2, 1/4], true class 1, eps = 0.3, C = 3:
    # L = (1 - eps)(-log p_1) + (eps / C) sum_c (-log p_c) = 0.7 log 2 + 0.1 (log 4 + log 2 + log 4)
    z = [[0.0, log(2), 0.0]]
    expected = 0.7 * log(2) + 0.1 * (log(4) + log(2) + log(4))
    np.testing.assert_allclose(cl.cross_entropy(z, [1], label_smoothing=0.3), expected, rtol=1e-15)
    # the same as the probability target t' = (1 - eps) onehot + eps / C = [0.1, 0.8, 0.1]
    np.testing.assert_allclose(cl.cross_entropy(z, np.array([[0.1, 0.8, 0.1]])), expected, rtol=1e-15)


def test_cross_entropy_of_probability_targets_is_minus_sum_of_t_log_p_by_hand():
    # p = [1/4, 1/2, 1/4], t = [1/2, 1/2, 0]: L = -(1/2 log 1/4 + 1/2 log 1/2) = (log 4 + log 2) / 2
    z = np.array([[0.0, log(2), 0.0]])
    np.testing.assert_allclose(cl.cross_entropy(z, np.array([[0.5, 0.5, 0.0]])), (log(4) + log(2)) / 2, rtol=1e-15)
    # weighted: -sum_c w_c t_c log p_c, and "mean" divides by N (here 1), not by a sum of weights
    w = np.array([2.0, 3.0, 5.0])
    expected = (2.0 * 0.5 * log(4) + 3.0 * 0.5 * log(2)) / 1
    np.testing.assert_allclose(cl.cross_entropy(z, np.array([[0.5, 0.5, 0.0]]), weight=w), expected, rtol=1e-15)


@given(
    n_classes=st.integers(1, 50),
    value=st.floats(-1e4, 1e4, allow_nan=False),
    dtype=st.sampled_from(FLOAT_DTYPES),
)
def test_cross_entropy_of_equal_logits_is_log_C(n_classes, value, dtype):
    z = np.full((2, n_classes), value, dtype=dtype)
    target = np.array([0, n_classes - 1])
    np.testing.assert_allclose(
        cl.cross_entropy(z, target), math.log(n_classes), rtol=1e-6 if dtype == np.float32 else 1e-14
    )


@given(pair=logits_and_class_indices(extreme=True), label_smoothing=st.floats(0, 1))
def test_cross_entropy_of_class_indices_is_nonnegative(pair, label_smoothing):
    z, t = pair
    assert np.all(cl.cross_entropy(z, t, label_smoothing=label_smoothing, reduction="none") >= 0)


@given(pair=logits_and_probabilities(extreme=True))
def test_cross_entropy_of_probability_targets_is_nonnegative(pair):
    z, t = pair
    assert np.all(cl.cross_entropy(z, t, reduction="none") >= 0)


@given(pair=logits_and_class_indices(), label_smoothing=st.floats(0, 1))
def test_cross_entropy_of_one_hot_probabilities_equals_cross_entropy_of_their_indices(pair, label_smoothing):
    z, t = pair
    one_hot = np.eye(z.shape[-1], dtype=z.dtype)[t]
    tol = {"rtol": 1e-5, "atol": 1e-5} if z.dtype == np.float32 else {"rtol": 1e-12, "atol": 1e-12}
    np.testing.assert_allclose(
        cl.cross_entropy(z, one_hot, label_smoothing=label_smoothing, reduction="none"),
        cl.cross_entropy(z, t, label_smoothing=label_smoothing, reduction="none"),
        **tol,
    )


# --- cross_entropy: extremes and NaN ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_cross_entropy_is_exact_at_logits_of_plus_minus_1e4(dtype):
    z = np.array([[1e4, -1e4]], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        # by hand: logsumexp = 1e4 + log1p(e^-2e4) = 1e4 exactly, so L = 1e4 - z_y
        assert cl.cross_entropy(z, np.array([1])) == 2e4
        assert cl.cross_entropy(z, np.array([0])) == 0.0
        assert cl.cross_entropy(z, np.array([[0.0, 1.0]], dtype=dtype)) == 2e4
        # 0.9 * 2e4 + (0.1 / 2) * (0 + 2e4) = 19000
        assert cl.cross_entropy(z, np.array([1]), label_smoothing=0.1) == 19000.0
        assert cl.cross_entropy(np.array([[1e4, -1e4, 0.0]], dtype=dtype), np.array([2])) == 1e4


def test_cross_entropy_is_exact_at_logits_of_plus_minus_80_in_float32():
    # exp(-160) underflows to 0 in float32 (harmless); exp(160) would overflow
    z = np.array([[80.0, -80.0]], dtype=np.float32)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        assert cl.cross_entropy(z, np.array([1])) == np.float32(160.0)
        assert cl.cross_entropy(z, np.array([0])) == np.float32(0.0)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_cross_entropy_at_extreme_logits_matches_torch(dtype, torch_ref):
    z = np.array([[1e4, -1e4, 0.0], [80.0, -80.0, 0.0], [-1e4, -1e4, -1e4]], dtype=dtype)
    t = np.array([1, 1, 2])
    for kwargs in ({}, {"label_smoothing": 0.2, "weight": np.array([1.0, 2.0, 0.5], dtype=dtype)}):
        with np.errstate(**RAISE_ON_FP_ERRORS):
            loss = cl.cross_entropy(z, t, reduction="none", **kwargs)
        expected, _ = torch_ref.cross_entropy(z, t, reduction="none", **kwargs)
        np.testing.assert_allclose(loss, expected, rtol=1e-6)


def test_nan_logits_give_nan_loss_in_their_row_only_without_warning():
    z = np.array([[np.nan, 0.0, 1.0], [0.0, 1.0, 2.0]])
    per_sample = cl.cross_entropy(z, np.array([1, 2]), reduction="none")
    assert np.isnan(per_sample[0])
    np.testing.assert_allclose(per_sample[1], log(1 + math.exp(-1) + math.exp(-2)), rtol=1e-15)
    assert np.isnan(cl.cross_entropy(z, np.array([1, 2])))
    assert np.isnan(cl.cross_entropy(z, np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])))


def test_nan_in_a_probability_target_gives_nan_loss_without_warning():
    loss = cl.cross_entropy(np.zeros((2, 2)), np.array([[np.nan, 0.5], [0.5, 0.5]]), reduction="none")
    assert np.isnan(loss[0]) and loss[1] == log(2)


# --- nll_loss --------------------------------------------------------------------------------------------


def test_nll_loss_is_minus_the_log_probability_of_the_true_class_by_hand():
    log_probs = np.log([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]])
    np.testing.assert_allclose(cl.nll_loss(log_probs, [2, 1]), -(log(0.5) + log(0.6)) / 2, rtol=1e-15)
    w = [1.0, 4.0, 2.0]
    expected = -(2.0 * log(0.5) + 4.0 * log(0.6)) / (2.0 + 4.0)
    np.testing.assert_allclose(cl.nll_loss(log_probs, [2, 1], weight=w), expected, rtol=1e-15)
    np.testing.assert_allclose(cl.nll_loss(log_probs, [2, -100], reduction="none"), [-log(0.5), 0.0], rtol=1e-15)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", [k for k in CE_TARGET_KINDS if k != "probabilities"])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(7, 5), (3, 4, 2, 5), (5,)], ids=["N_C", "N_d1_d2_C", "C"])
def test_nll_loss_matches_torch_for_every_keyword_combination(
    dtype, kind, weighted, reduction, shape, torch_ref, assert_close
):
    z, t, kwargs = ce_case(kind, dtype, shape=shape)
    if shape == (5,) and kind != "indices":
        t = np.asarray(3)  # a single target that is not ignored
    log_probs = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))  # any log-probabilities will do
    kwargs.update(weight=class_weights(5, dtype) if weighted else None, reduction=reduction)
    expected, _ = torch_ref.nll_loss(log_probs, t, **kwargs)
    assert_close(cl.nll_loss(log_probs, t, **kwargs), expected)


@given(pair=logits_and_class_indices(dtype=np.float64))
def test_nll_loss_of_log_softmax_is_cross_entropy(pair):
    z, t = pair
    np.testing.assert_allclose(cl.nll_loss(cl.log_softmax(z), t), cl.cross_entropy(z, t), rtol=1e-14)


# --- binary_cross_entropy (probabilities) ----------------------------------------------------------------


def test_binary_cross_entropy_has_the_minus_sign_over_both_terms_by_hand():
    # l = -[y log p + (1 - y) log(1 - p)]
    np.testing.assert_allclose(cl.binary_cross_entropy([0.9, 0.2], [1.0, 0.0]), (-log(0.9) - log(0.8)) / 2, rtol=1e-15)
    # a soft target uses both terms; with the minus on the first term only this would be negative
    expected = -(0.3 * log(0.6) + 0.7 * log(0.4))
    loss = cl.binary_cross_entropy([0.6], [0.3])
    assert loss > 0
    np.testing.assert_allclose(loss, expected, rtol=1e-15)
    np.testing.assert_allclose(cl.binary_cross_entropy([0.6], [0.3], weight=[2.5]), 2.5 * expected, rtol=1e-15)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_binary_cross_entropy_at_probabilities_0_and_1_is_clamped_at_100(dtype):
    # torch clamps each log at -100: log(0) costs 100, not inf
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.0], dtype=dtype)
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.5], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.binary_cross_entropy(p, y, reduction="none")
    assert np.array_equal(loss, [100.0, 100.0, 0.0, 0.0, 50.0])
    assert loss.dtype == dtype


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("weight", BCE_WEIGHTS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_matches_torch_for_every_keyword_combination(
    dtype, weight, reduction, rng, torch_ref, assert_close
):
    p = rng.uniform(0, 1, (6, 4)).astype(dtype)
    p[0, :2], p[1, :2] = 0.0, 1.0  # exact 0 and 1, where only the -100 clamp keeps the loss finite
    y = rng.uniform(0, 1, (6, 4)).astype(dtype)
    y[:, 0], y[:, 1] = 1.0, 0.0
    kwargs = {"weight": bce_weight(weight, p.shape, dtype, rng), "reduction": reduction}
    expected, _ = torch_ref.binary_cross_entropy(p, y, **kwargs)
    assert_close(cl.binary_cross_entropy(p, y, **kwargs), expected)


def test_nan_probability_gives_nan_loss_without_warning():
    loss = cl.binary_cross_entropy(np.array([np.nan, 0.5]), np.array([1.0, 1.0]), reduction="none")
    assert np.isnan(loss[0]) and loss[1] == log(2)


# --- binary_cross_entropy_with_logits --------------------------------------------------------------------


def test_binary_cross_entropy_with_logits_formula_by_hand():
    # z = 0: sigma = 1/2, so l = log 2 whatever y is
    np.testing.assert_allclose(cl.binary_cross_entropy_with_logits([0.0, 0.0], [1.0, 0.0]), log(2), rtol=1e-15)
    # l = -[y log sigma(z) + (1 - y) log(1 - sigma(z))], sigma(2) = 1 / (1 + e^-2)
    s = 1 / (1 + math.exp(-2))
    expected = -(0.25 * log(s) + 0.75 * log(1 - s))
    np.testing.assert_allclose(cl.binary_cross_entropy_with_logits([2.0], [0.25]), expected, rtol=1e-14)
    # pos_weight q multiplies the positive term only: -[q y log sigma + (1 - y) log(1 - sigma)]
    expected_q = -(3.0 * 0.25 * log(s) + 0.75 * log(1 - s))
    np.testing.assert_allclose(
        cl.binary_cross_entropy_with_logits([2.0], [0.25], pos_weight=[3.0]), expected_q, rtol=1e-14
    )
    np.testing.assert_allclose(
        cl.binary_cross_entropy_with_logits([0.0, 0.0], [1.0, 0.0], pos_weight=[3.0, 3.0], reduction="none"),
        [3 * log(2), log(2)],
        rtol=1e-15,
    )


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("weight", BCE_WEIGHTS)
@pytest.mark.parametrize("pos_weight", POS_WEIGHTS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_with_logits_matches_torch_for_every_keyword_combination(
    dtype, weight, pos_weight, reduction, rng, torch_ref, assert_close
):
    z = (4 * rng.standard_normal((6, 4))).astype(dtype)
    y = rng.uniform(0, 1, (6, 4)).astype(dtype)
    y[:, 0], y[:, 1] = 1.0, 0.0
    q = bce_pos_weight(pos_weight, z.shape, dtype, rng)
    kwargs = {"weight": bce_weight(weight, z.shape, dtype, rng), "pos_weight": q, "reduction": reduction}
    expected, _ = torch_ref.binary_cross_entropy_with_logits(z, y, **kwargs)
    assert_close(cl.binary_cross_entropy_with_logits(z, y, **kwargs), expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_binary_cross_entropy_with_logits_is_exact_at_logits_of_plus_minus_1e4(dtype):
    z = np.array([-1e4, 1e4, 1e4, -1e4], dtype=dtype)
    y = np.array([1.0, 0.0, 1.0, 0.0], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        # by hand: a wrong logit of magnitude 1e4 costs softplus(1e4) = 1e4; a right one costs log1p(e^-1e4) = 0
        assert np.array_equal(cl.binary_cross_entropy_with_logits(z, y, reduction="none"), [1e4, 1e4, 0.0, 0.0])
        q = np.full(4, 2.0, dtype=dtype)
        assert np.array_equal(
            cl.binary_cross_entropy_with_logits(z, y, pos_weight=q, reduction="none"), [2e4, 1e4, 0.0, 0.0]
        )


def test_binary_cross_entropy_with_logits_is_exact_at_logits_of_plus_minus_80_in_float32():
    # 1 - sigma(80) rounds to 0 in float32, so BCE(sigmoid(z)) would hit the -100 clamp; from logits it is 80
    z = np.array([80.0, -80.0], dtype=np.float32)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.binary_cross_entropy_with_logits(z, np.array([0.0, 1.0], dtype=np.float32), reduction="none")
    assert loss.dtype == np.float32
    assert np.array_equal(loss, [80.0, 80.0])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_binary_cross_entropy_with_logits_at_extreme_logits_matches_torch(dtype, torch_ref):
    z = np.array([-1e4, 1e4, 1e4, -1e4, 80.0, -80.0, 745.0, -745.0], dtype=dtype)
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.3, 0.7], dtype=dtype)
    q = np.linspace(0.5, 3.0, 8).astype(dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.binary_cross_entropy_with_logits(z, y, pos_weight=q, reduction="none")
    expected, _ = torch_ref.binary_cross_entropy_with_logits(z, y, pos_weight=q, reduction="none")
    np.testing.assert_allclose(loss, expected, rtol=1e-6)


@given(
    z=hnp.arrays(np.float64, st.integers(1, 8), elements=finite_floats(np.float64, 15.0)),
    data=st.data(),
)
def test_binary_cross_entropy_with_logits_equals_binary_cross_entropy_of_sigmoid(z, data):
    # where sigma(z) is not rounded to 0 or 1 (|z| <= 15 in float64), the two losses agree
    y = data.draw(unit_interval(z.shape))
    np.testing.assert_allclose(
        cl.binary_cross_entropy_with_logits(z, y, reduction="none"),
        cl.binary_cross_entropy(cl.sigmoid(z), y, reduction="none"),
        rtol=1e-8,
        atol=1e-12,
    )


@given(z=logits(extreme=True), data=st.data())
def test_binary_cross_entropy_with_logits_is_nonnegative_and_finite(z, data):
    y = data.draw(unit_interval(z.shape, z.dtype))
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss = cl.binary_cross_entropy_with_logits(z, y, reduction="none")
    assert np.all(np.isfinite(loss))
    # rounding of (1 - y) z - log sigma(z) can leave a few ulps of |z| below the true minimum
    assert np.all(loss >= -4 * np.finfo(z.dtype).eps * np.abs(z))


def test_nan_logit_gives_nan_binary_loss_without_warning():
    z, y = np.array([np.nan, 0.0]), np.array([1.0, 1.0])
    assert np.array_equal(cl.binary_cross_entropy_with_logits(z, y, reduction="none"), [np.nan, log(2)], equal_nan=True)
    loss_q = cl.binary_cross_entropy_with_logits(z, y, pos_weight=np.array([2.0, 2.0]), reduction="none")
    assert np.isnan(loss_q[0]) and loss_q[1] == 2 * log(2)


# --- dtypes ----------------------------------------------------------------------------------------------


def loss_calls(dtype):
    """Each loss on small inputs of ``dtype``; integer inputs hold whole-number logits and 0/1 probabilities."""
    z = np.array([[1, -2, 0], [0, 3, 1]]).astype(dtype)
    p = np.array([[0, 1, 1], [1, 0, 1]]).astype(dtype)  # probabilities and binary targets
    soft = np.array([[0.25, 0.25, 0.5], [1.0, 0.0, 0.0]]).astype(dtype if np.dtype(dtype).kind == "f" else float)
    y = np.array([0, 2])
    return {
        "cross_entropy": lambda r: cl.cross_entropy(z, y, reduction=r),
        "cross_entropy_soft": lambda r: cl.cross_entropy(z, soft, reduction=r),
        "nll_loss": lambda r: cl.nll_loss(z - 5, y, reduction=r),
        "binary_cross_entropy": lambda r: cl.binary_cross_entropy(p, p[::-1], reduction=r),
        "binary_cross_entropy_with_logits": lambda r: cl.binary_cross_entropy_with_logits(z, p, reduction=r),
    }


@pytest.mark.parametrize("name", list(loss_calls(np.float64)))
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    ("dtype_in", "dtype_out"),
    [(np.float32, np.float32), (np.float64, np.float64), (np.int64, np.float64), (np.int32, np.float64)],
)
def test_losses_keep_float32_and_float64_and_compute_integers_in_float64(name, reduction, dtype_in, dtype_out):
    loss = loss_calls(dtype_in)[name](reduction)
    assert np.asarray(loss).dtype == dtype_out
    np.testing.assert_allclose(loss, loss_calls(np.float64)[name](reduction), rtol=1e-6)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_binary_losses_of_an_empty_batch_match_torch(dtype, reduction, torch_ref):
    """No elements: "mean" is nan (0 / 0), "sum" is 0, "none" is empty, as in torch."""
    empty = np.zeros(0, dtype=dtype)
    for ours, theirs in (
        (cl.binary_cross_entropy(empty, empty, reduction=reduction), torch_ref.binary_cross_entropy),
        (
            cl.binary_cross_entropy_with_logits(empty, empty, reduction=reduction),
            torch_ref.binary_cross_entropy_with_logits,
        ),
    ):
        expected, _ = theirs(empty, empty, reduction=reduction)
        assert np.shape(ours) == np.shape(expected) and np.asarray(ours).dtype == dtype
        np.testing.assert_array_equal(ours, expected)
    if reduction == "mean":
        assert np.isnan(expected)


# --- edges the mutation run found unchecked ----------------------------------------------------------------------
# A float32 input keeps its dtype when a weight, a pos_weight or a class weight comes as float64 (the weight is
# taken in the input's dtype, as in torch).

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
