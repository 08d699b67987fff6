"""course_lib.fused: cross_entropy_and_grad equals the textbook pair (cross_entropy, cross_entropy_grad) and
PyTorch for every keyword combination, across many uneven blocks, and allocates little beyond its output."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    CE_TARGET_KINDS,
    FLOAT_DTYPES,
    LABEL_SMOOTHINGS,
    RAISE_ON_FP_ERRORS,
    REDUCTIONS,
    ce_case,
    class_weights,
    logits_and_class_indices,
    logits_and_probabilities,
)

import course_lib as cl
import course_lib.fused

# The fused pass sums in float64 and in another order than the textbook functions: float64 results agree to
# rounding, float32 ones to a few ulps.
FUSED_TOLERANCES = {
    np.dtype(np.float32): {"rtol": 1e-5, "atol": 1e-6},
    np.dtype(np.float64): {"rtol": 1e-12, "atol": 1e-14},
}


def assert_same(actual, expected, dtype):
    np.testing.assert_allclose(actual, expected, **FUSED_TOLERANCES[np.dtype(dtype)])


@pytest.fixture(params=[None, 7], ids=["default_blocks", "blocks_of_7_elements"])
def block_elements(request, monkeypatch):
    """Run with the library's block size, and with blocks of 7 elements: for (23, 3) logits that is 2 rows per
    block, 12 blocks, and a last block of a single row."""
    if request.param is not None:
        monkeypatch.setattr(course_lib.fused, "BLOCK_ELEMENTS", request.param)
    return course_lib.fused.BLOCK_ELEMENTS


def textbook(z, t, **kwargs):
    return cl.cross_entropy(z, t, **kwargs), cl.cross_entropy_grad(z, t, **kwargs)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_and_grad_equals_the_textbook_functions_for_every_keyword_combination(
    dtype, kind, weighted, reduction, label_smoothing, block_elements
):
    z, t, kwargs = ce_case(kind, dtype, shape=(23, 3))
    kwargs.update(weight=class_weights(3, dtype) if weighted else None)
    kwargs.update(reduction=reduction, label_smoothing=label_smoothing)
    loss, dlogits = cl.cross_entropy_and_grad(z, t, **kwargs)
    expected_loss, expected_dlogits = textbook(z, t, **kwargs)
    assert np.asarray(loss).dtype == dtype and dlogits.dtype == dtype
    assert np.shape(loss) == np.shape(expected_loss) and dlogits.shape == z.shape
    assert_same(loss, expected_loss, dtype)
    assert_same(dlogits, expected_dlogits, dtype)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_and_grad_matches_torch_for_every_keyword_combination(
    dtype, kind, weighted, reduction, label_smoothing, torch_ref, assert_close, monkeypatch
):
    monkeypatch.setattr(course_lib.fused, "BLOCK_ELEMENTS", 7)
    z, t, kwargs = ce_case(kind, dtype, shape=(23, 3))
    kwargs.update(weight=class_weights(3, dtype) if weighted else None)
    kwargs.update(reduction=reduction, label_smoothing=label_smoothing)
    loss, dlogits = cl.cross_entropy_and_grad(z, t, **kwargs)
    expected_loss, expected_dlogits = torch_ref.cross_entropy(z, t, **kwargs)
    assert_close(loss, expected_loss)
    assert_close(dlogits, expected_dlogits)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(3, 4, 2, 5), (5, 10)], ids=["N_d1_d2_C", "C_larger_than_a_block"])
def test_cross_entropy_and_grad_matches_torch_on_k_dim_inputs_and_rows_longer_than_a_block(
    dtype, kind, reduction, shape, torch_ref, assert_close, monkeypatch
):
    monkeypatch.setattr(course_lib.fused, "BLOCK_ELEMENTS", 7)  # (5, 10): one row per block, each over 7
    z, t, kwargs = ce_case(kind, dtype, shape=shape)
    kwargs.update(weight=class_weights(shape[-1], dtype), reduction=reduction, label_smoothing=0.1)
    loss, dlogits = cl.cross_entropy_and_grad(z, t, **kwargs)
    expected_loss, expected_dlogits = torch_ref.cross_entropy(z, t, **kwargs)
    assert np.shape(loss) == expected_loss.shape
    assert_close(loss, expected_loss)
    assert_close(dlogits, expected_dlogits)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", ["indices", "probabilities"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", LABEL_SMOOTHINGS)
def test_cross_entropy_and_grad_matches_torch_on_unbatched_logits(
    dtype, kind, reduction, label_smoothing, torch_ref, assert_close
):
    z, t, _ = ce_case(kind, dtype, shape=(5,))
    kwargs = {"weight": class_weights(5, dtype), "reduction": reduction, "label_smoothing": label_smoothing}
    loss, dlogits = cl.cross_entropy_and_grad(z, t, **kwargs)
    expected_loss, expected_dlogits = torch_ref.cross_entropy(z, t, **kwargs)
    assert np.shape(loss) == () and dlogits.shape == (5,)
    assert_close(loss, expected_loss)
    assert_close(dlogits, expected_dlogits)


@given(
    pair=logits_and_class_indices(extreme=True, ignore_index=-100),
    label_smoothing=st.sampled_from(LABEL_SMOOTHINGS),
    block=st.integers(1, 20),
)
def test_cross_entropy_and_grad_equals_the_textbook_functions_for_any_block_size(pair, label_smoothing, block):
    z, t = pair
    t[0] = 0  # at least one counted target (the all-ignored case has its own tests)
    original = course_lib.fused.BLOCK_ELEMENTS
    course_lib.fused.BLOCK_ELEMENTS = block  # hypothesis reruns the body: no function-scoped monkeypatch here
    try:
        with np.errstate(**RAISE_ON_FP_ERRORS):
            loss, dlogits = cl.cross_entropy_and_grad(z, t, label_smoothing=label_smoothing, reduction="none")
    finally:
        course_lib.fused.BLOCK_ELEMENTS = original
    expected_loss, expected_dlogits = textbook(z, t, label_smoothing=label_smoothing, reduction="none")
    # losses at logits near 1e4 round to ulps of 1e4: compare relative to the row's largest logit
    scale = np.maximum(np.abs(z).max(axis=-1), 1)
    np.testing.assert_allclose(loss, expected_loss, rtol=0, atol=8 * np.finfo(z.dtype).eps * scale.max())
    assert_same(dlogits, expected_dlogits, z.dtype)


@given(pair=logits_and_probabilities(extreme=True), label_smoothing=st.sampled_from(LABEL_SMOOTHINGS))
def test_cross_entropy_and_grad_equals_the_textbook_functions_for_probability_targets(pair, label_smoothing):
    z, t = pair
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss, dlogits = cl.cross_entropy_and_grad(z, t, label_smoothing=label_smoothing, reduction="none")
    expected_loss, expected_dlogits = textbook(z, t, label_smoothing=label_smoothing, reduction="none")
    scale = np.maximum(np.abs(z).max(axis=-1), 1)
    np.testing.assert_allclose(loss, expected_loss, rtol=0, atol=8 * np.finfo(z.dtype).eps * scale.max())
    assert_same(dlogits, expected_dlogits, z.dtype)


# --- all targets ignored ---------------------------------------------------------------------------------


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
def test_loss_of_all_ignored_targets_matches_torch(weighted, reduction, label_smoothing, torch_ref):
    # torch: "mean" of no counted target is 0 / 0 = nan; "sum" is 0 and "none" is all zeros
    z, t = np.random.default_rng(3).standard_normal((5, 3)), np.full(5, -100)
    kwargs = {"weight": class_weights(3, np.float64) if weighted else None, "reduction": reduction}
    kwargs["label_smoothing"] = label_smoothing
    expected, _ = torch_ref.cross_entropy(z, t, **kwargs)
    assert np.all(np.isnan(expected)) if reduction == "mean" else np.all(expected == 0)
    np.testing.assert_array_equal(cl.cross_entropy(z, t, **kwargs), expected)


@pytest.mark.parametrize("function", ["cross_entropy_grad", "cross_entropy_and_grad"])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
def test_gradient_of_all_ignored_targets_matches_torch(function, weighted, reduction, label_smoothing, torch_ref):
    # torch: no logit influences the loss, so the gradient is exactly 0 for every reduction, "mean" included
    # (its loss is the constant nan). Never a ZeroDivisionError.
    z, t = np.random.default_rng(3).standard_normal((5, 3)), np.full(5, -100)
    kwargs = {"weight": class_weights(3, np.float64) if weighted else None, "reduction": reduction}
    kwargs["label_smoothing"] = label_smoothing
    expected_loss, expected_dlogits = torch_ref.cross_entropy(z, t, **kwargs)
    assert np.array_equal(expected_dlogits, np.zeros_like(z))
    if function == "cross_entropy_grad":
        dlogits = cl.cross_entropy_grad(z, t, **kwargs)
    else:
        loss, dlogits = cl.cross_entropy_and_grad(z, t, **kwargs)
        np.testing.assert_array_equal(loss, expected_loss)
    np.testing.assert_array_equal(dlogits, expected_dlogits)


@pytest.mark.parametrize("function", ["cross_entropy_grad", "cross_entropy_and_grad"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
def test_zero_summed_weight_of_the_true_classes_matches_torch(function, label_smoothing, torch_ref):
    # every target is class 0, whose weight is 0: "mean" divides by sum_i w[y_i] = 0; torch gives nan everywhere
    z, t, w = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, 0.0]]), np.array([0, 0]), np.array([0.0, 1.0, 1.0])
    kwargs = {"weight": w, "label_smoothing": label_smoothing}
    expected_loss, expected_dlogits = torch_ref.cross_entropy(z, t, **kwargs)
    assert np.isnan(expected_loss) and np.all(np.isnan(expected_dlogits))
    if function == "cross_entropy_grad":
        loss, dlogits = cl.cross_entropy(z, t, **kwargs), cl.cross_entropy_grad(z, t, **kwargs)
    else:
        loss, dlogits = cl.cross_entropy_and_grad(z, t, **kwargs)
    np.testing.assert_array_equal(loss, expected_loss)
    np.testing.assert_array_equal(dlogits, expected_dlogits)


# --- extremes, NaN, dtypes, inputs left alone ------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_cross_entropy_and_grad_is_exact_at_logits_of_plus_minus_1e4(dtype):
    z = np.array([[1e4, -1e4], [-1e4, 1e4]], dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss, dlogits = cl.cross_entropy_and_grad(z, np.array([1, 1]), reduction="sum")
        smooth_loss, _ = cl.cross_entropy_and_grad(z[:1], np.array([1]), label_smoothing=0.1)
        soft_loss, soft_dlogits = cl.cross_entropy_and_grad(z[:1], np.array([[0.0, 1.0]], dtype=dtype))
    # by hand: logsumexp = 1e4 exactly; row 0 costs 1e4 - (-1e4) = 2e4, row 1 costs 0
    assert loss == 2e4
    assert np.array_equal(dlogits, [[1.0, -1.0], [0.0, 0.0]])  # p - onehot with p exactly one-hot
    assert smooth_loss == 19000.0  # 0.9 * 2e4 + 0.05 * (0 + 2e4)
    assert soft_loss == 2e4 and np.array_equal(soft_dlogits, [[1.0, -1.0]])


def test_cross_entropy_and_grad_is_exact_at_logits_of_plus_minus_80_in_float32():
    z = np.array([[80.0, -80.0]], dtype=np.float32)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss, dlogits = cl.cross_entropy_and_grad(z, np.array([1]))
    assert loss == np.float32(160.0) and loss.dtype == np.float32
    assert np.array_equal(dlogits, np.array([[1.0, -1.0]], dtype=np.float32))


def test_nan_logits_give_nan_loss_and_gradient_in_their_row_only_without_warning():
    z = np.array([[np.nan, 0.0, 1.0], [0.0, 0.0, 0.0]])
    loss, dlogits = cl.cross_entropy_and_grad(z, np.array([1, 2]), reduction="none")
    assert np.isnan(loss[0]) and np.all(np.isnan(dlogits[0]))
    np.testing.assert_allclose(loss[1], np.log(3), rtol=1e-15)
    np.testing.assert_allclose(dlogits[1], [1 / 3, 1 / 3, -2 / 3], rtol=1e-15)
    mean_loss, _ = cl.cross_entropy_and_grad(z, np.array([1, 2]))
    assert np.isnan(mean_loss)


@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
def test_cross_entropy_and_grad_leaves_logits_and_target_unchanged(kind, monkeypatch):
    # every step works in place in the output: the input must never be the buffer written to
    monkeypatch.setattr(course_lib.fused, "BLOCK_ELEMENTS", 7)
    z, t, kwargs = ce_case(kind, np.float64, shape=(23, 3))
    z_before, t_before = z.copy(), t.copy()
    cl.cross_entropy_and_grad(z, t, weight=class_weights(3, np.float64), label_smoothing=0.1, **kwargs)
    assert np.array_equal(z, z_before) and np.array_equal(t, t_before)


@pytest.mark.parametrize("kind", CE_TARGET_KINDS)
def test_cross_entropy_and_grad_of_non_contiguous_logits_equals_that_of_a_contiguous_copy(kind):
    z, t, kwargs = ce_case(kind, np.float64, shape=(12, 4))
    if t.ndim == 2:
        t = np.asfortranarray(t)
    z_view = np.asfortranarray(z)[::1]
    strided = np.repeat(z, 2, axis=0)[::2]  # a view with a row stride of two rows
    for logits in (z_view, strided):
        loss, dlogits = cl.cross_entropy_and_grad(logits, t, **kwargs)
        expected_loss, expected_dlogits = cl.cross_entropy_and_grad(np.ascontiguousarray(z), t, **kwargs)
        assert loss == expected_loss
        assert np.array_equal(dlogits, expected_dlogits)


def test_cross_entropy_and_grad_of_an_empty_batch_matches_torch(torch_ref):
    z, t = np.zeros((0, 3)), np.zeros(0, dtype=np.int64)
    for reduction in REDUCTIONS:
        expected_loss, expected_dlogits = torch_ref.cross_entropy(z, t, reduction=reduction)
        loss, dlogits = cl.cross_entropy_and_grad(z, t, reduction=reduction)
        np.testing.assert_array_equal(loss, expected_loss)
        assert dlogits.shape == expected_dlogits.shape == (0, 3)


# --- memory ----------------------------------------------------------------------------------------------


def _peak_traced_bytes(fn) -> int:
    """The peak of memory traced by tracemalloc (numpy reports its buffers to it) while fn runs."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - baseline


MEMORY_CASES = {
    "indices": lambda n, c, rng: (rng.integers(0, c, n), {}),
    "indices_weighted_smoothed_ignored": lambda n, c, rng: (
        np.where(np.arange(n) % 5 == 0, -100, rng.integers(0, c, n)),
        {"weight": rng.uniform(0.5, 2, c), "label_smoothing": 0.1},
    ),
    "probabilities": lambda n, c, rng: (rng.dirichlet(np.ones(c), n), {}),
}


@pytest.mark.parametrize("case", MEMORY_CASES)
def test_cross_entropy_and_grad_allocates_at_most_one_logits_sized_buffer(case, rng):
    n, c = 4096, 512
    z = rng.standard_normal((n, c))
    t, kwargs = MEMORY_CASES[case](n, c, rng)
    buffer = z.nbytes  # one N x C float64 array, 16 MiB: the returned gradient
    cl.cross_entropy_and_grad(z[:8], t[:8], **kwargs)  # warm up: imports, caches

    results = []
    fused_peak = _peak_traced_bytes(lambda: results.append(cl.cross_entropy_and_grad(z, t, **kwargs)))
    assert results[0][1].nbytes == buffer
    assert fused_peak <= 1.1 * buffer, f"fused peak {fused_peak / buffer:.2f} N x C buffers"

    # the claim is a real one: the textbook pair, measured the same way, allocates several such buffers
    results.clear()
    textbook_peak = _peak_traced_bytes(lambda: results.append(textbook(z, t, **kwargs)))
    assert textbook_peak >= 2.5 * buffer, f"textbook peak {textbook_peak / buffer:.2f} N x C buffers"
