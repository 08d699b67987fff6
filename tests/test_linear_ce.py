"""course_lib.linear_ce: the blocked linear cross-entropy equals torch's materialised
F.cross_entropy(F.linear(h, W, b), t) (plus the z-loss) for every keyword, block size and dtype, at extreme
logits and when every token is ignored; its three gradients pass a finite-difference check; its peak memory
stays within the docstring's bound; and online_logsumexp equals logsumexp of the concatenation.

Most cases draw hidden states and weights on a grid of multiples of 1/8 (or 1/4) small enough that every
product and sum of the matrix product is exact in float32: torch's and numpy's products then give the very
same logits, whatever order they add in, and the comparison is about the softmax, the loss and the
gradients. One test takes general random floats and allows for the products' rounding instead.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from oracle import TOLERANCES
from strategies import (
    FLOAT_DTYPES,
    RAISE_ON_FP_ERRORS,
    REDUCTIONS,
    linear_ce_cases,
    logits_and_class_indices,
    split_rows,
)

import course_lib as cl
import course_lib.linear_ce

# The kinds of target: none ignored, some equal to torch's default ignore_index -100, some equal to an
# ignore_index that is a real class (1).
TARGET_KINDS = {"all_counted": None, "some_ignored": -100, "ignore_index_is_a_class": 1}


def grid_case(dtype, n_tokens=23, width=4, vocab=11, bias=True, kind="some_ignored", seed=0, step=8):
    """hidden, weight, bias on multiples of 1/step (|values| <= 4): every logit is computed exactly."""
    rng = np.random.default_rng(seed)
    hidden = (np.round(step * rng.uniform(-4, 4, (n_tokens, width))) / step).astype(dtype)
    weight = (np.round(step * rng.uniform(-2, 2, (vocab, width))) / step).astype(dtype)
    b = (np.round(step * rng.uniform(-2, 2, vocab)) / step).astype(dtype) if bias else None
    target = rng.integers(0, vocab, n_tokens)
    ignore_index = TARGET_KINDS[kind]
    if ignore_index is not None:
        target[::3] = ignore_index
    return hidden, weight, target, {"bias": b, "ignore_index": -100 if ignore_index is None else ignore_index}


def assert_matches_torch(actual, expected, hidden, weight, target, kwargs, loss_atol=0.0):
    """course_lib's (loss, dH, dW, db) equal torch's up to rounding: the base tolerances of the dtype, plus,
    for each gradient, the error bound of its matrix product with dz: 16 eps (M @ |W|), 16 eps (M.T @ |h|) and
    16 eps sum_i M_i. M bounds the error of each entry of dz in units of eps:

    - s (one_hot(y) + eps_ls / V) for counted tokens (s = 1 / n_counted for "mean", else 1): where p - one_hot
      cancels, dz is small but its rounding is not;
    - |dz| times the largest |logit| L: torch takes p = exp(log_softmax(z)) (and exp(z - lse) for the z-loss),
      and log_softmax = z - lse is rounded to the ulps of z, so its p carries a relative error of up to eps L.
    """
    loss, dH, dW, db = actual
    e_loss, e_dH, e_dW, e_db, e_dz = expected
    dtype = np.dtype(hidden.dtype)
    base, eps = TOLERANCES[dtype], float(np.finfo(dtype).eps)
    assert np.asarray(loss).dtype == dtype and dH.dtype == dtype and dW.dtype == dtype
    assert np.shape(loss) == np.shape(e_loss) and dH.shape == hidden.shape and dW.shape == weight.shape
    np.testing.assert_allclose(loss, e_loss, rtol=base["rtol"], atol=base["atol"] + loss_atol)

    logits = hidden.astype(np.float64) @ weight.T.astype(np.float64)
    if kwargs.get("bias") is not None:
        logits += kwargs["bias"]
    largest_logit = max(1.0, float(np.abs(logits[np.isfinite(logits)]).max(initial=0.0)))
    counted = target != kwargs.get("ignore_index", -100)
    n_counted = int(np.count_nonzero(counted))
    s = 1 / n_counted if kwargs.get("reduction", "mean") == "mean" and n_counted else 1.0
    vocab = weight.shape[0]
    one_hot = np.zeros((len(target), vocab))
    one_hot[np.flatnonzero(counted), target[counted]] = 1
    smoothing = kwargs.get("label_smoothing", 0) / vocab
    terms = np.abs(e_dz.astype(np.float64)) * largest_logit + s * counted[:, None] * (one_hot + smoothing)
    for got, want, bound in (
        (dH, e_dH, terms @ np.abs(weight.astype(np.float64))),
        (dW, e_dW, terms.T @ np.abs(hidden.astype(np.float64))),
        (db, e_db, terms.sum(axis=0)),
    ):
        if want is None:
            assert got is None
            continue
        assert got.dtype == dtype
        assert_within(got, want, base["rtol"], base["atol"] + 16 * eps * bound)


def assert_within(actual, expected, rtol, atol):
    """|actual - expected| <= atol + rtol |expected| elementwise, with an array ``atol`` (assert_allclose takes
    a scalar only); NaN must meet NaN."""
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    assert np.array_equal(np.isnan(actual), np.isnan(expected))
    error = np.abs(np.where(np.isnan(expected), 0, actual - expected))
    allowed = atol + rtol * np.abs(expected)
    worst = np.unravel_index(np.argmax(error - allowed), error.shape) if error.size else ()
    assert np.all(error <= allowed), f"error {error[worst]:.3g} > {allowed[worst]:.3g} at {worst}"


def both(hidden, weight, target, **kwargs):
    """linear_cross_entropy_and_grad, after checking that linear_cross_entropy gives the same loss."""
    out = cl.linear_cross_entropy_and_grad(hidden, weight, target, **kwargs)
    np.testing.assert_array_equal(cl.linear_cross_entropy(hidden, weight, target, **kwargs), out[0])
    return out


# --- torch as the oracle ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", TARGET_KINDS)
@pytest.mark.parametrize("bias", [False, True], ids=["no_bias", "bias"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 1.0])
@pytest.mark.parametrize("z_loss", [0.0, 0.01])
def test_linear_cross_entropy_matches_torch_for_every_keyword_combination(
    dtype, kind, bias, reduction, label_smoothing, z_loss, torch_ref
):
    hidden, weight, target, kwargs = grid_case(dtype, bias=bias, kind=kind)
    kwargs.update(reduction=reduction, label_smoothing=label_smoothing, z_loss=z_loss, chunk_size=4)
    actual = both(hidden, weight, target, **kwargs)  # 23 tokens, 15 or 23 counted: blocks of 4, the last short
    assert_matches_torch(
        actual, torch_ref.linear_cross_entropy(hidden, weight, target, **kwargs), hidden, weight, target, kwargs
    )


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", ["all_counted", "some_ignored"])
@pytest.mark.parametrize("chunk_size", [None, 1, 2, 5, 6, 23, 24, 1000])
def test_linear_cross_entropy_matches_torch_for_block_sizes_that_do_and_do_not_divide_n(
    dtype, kind, chunk_size, torch_ref
):
    # 24 tokens (16 counted when some are ignored): blocks of 2 and 6 divide 24, of 5 and 23 do not; 1 token per
    # block, one block holding all (24), a block larger than the batch (1000), and the default
    hidden, weight, target, kwargs = grid_case(dtype, n_tokens=24, kind=kind)
    kwargs.update(reduction="sum", label_smoothing=0.1, z_loss=0.01, chunk_size=chunk_size)
    actual = both(hidden, weight, target, **kwargs)
    assert_matches_torch(
        actual, torch_ref.linear_cross_entropy(hidden, weight, target, **kwargs), hidden, weight, target, kwargs
    )


@pytest.mark.parametrize("slice_rows", [1, 3, 4, 5, 12, 100])
def test_grad_weight_is_right_for_vocabulary_slices_that_do_and_do_not_divide_v(slice_rows, monkeypatch, torch_ref):
    # grad_weight is added to a slice of vocabulary rows at a time (WEIGHT_SLICE_ELEMENTS // D rows): with
    # V = 12, slices of 3, 4 and 12 rows divide V, of 5 do not, of 1 row are the smallest, of 100 hold all
    hidden, weight, target, kwargs = grid_case(np.float64, n_tokens=10, width=4, vocab=12)
    monkeypatch.setattr(course_lib.linear_ce, "WEIGHT_SLICE_ELEMENTS", 4 * slice_rows)
    kwargs.update(reduction="mean", label_smoothing=0.1, z_loss=0.01, chunk_size=3)
    actual = both(hidden, weight, target, **kwargs)
    assert_matches_torch(
        actual, torch_ref.linear_cross_entropy(hidden, weight, target, **kwargs), hidden, weight, target, kwargs
    )


@given(case=linear_ce_cases())
def test_linear_cross_entropy_matches_torch_on_random_cases(case, torch_ref):
    hidden, weight, target, kwargs = case
    # on the grid of multiples of 1/4: the logits (up to about +-300 with a bias) are exact in both libraries
    hidden, weight = np.round(4 * hidden) / 4, np.round(4 * weight) / 4
    if kwargs["bias"] is not None:
        kwargs["bias"] = np.round(4 * kwargs["bias"]) / 4
    with np.errstate(**RAISE_ON_FP_ERRORS):
        actual = both(hidden, weight, target, **kwargs)
    expected = torch_ref.linear_cross_entropy(hidden, weight, target, **kwargs)
    logits = hidden.astype(np.float64) @ weight.T.astype(np.float64)
    if kwargs["bias"] is not None:
        logits += kwargs["bias"]
    # torch's float32 losses round like the largest logit (as tests/test_losses.py allows), times the number of
    # losses summed; the z-loss is relative to lse^2 and within rtol
    counted = max(1, int(np.count_nonzero(target != kwargs["ignore_index"])))
    n_summed = counted if kwargs["reduction"] == "sum" else 1
    loss_atol = 4 * np.finfo(hidden.dtype).eps * max(1.0, float(np.abs(logits).max(initial=0.0))) * n_summed
    assert_matches_torch(actual, expected, hidden, weight, target, kwargs, loss_atol=loss_atol)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_linear_cross_entropy_matches_torch_on_general_floats_at_a_realistic_width(dtype, reduction, torch_ref):
    # not on a grid: the matrix products round differently in torch and numpy, within their error bound
    rng = np.random.default_rng(5)
    n_tokens, width, vocab = 50, 64, 300
    hidden = rng.standard_normal((n_tokens, width)).astype(dtype)
    weight = (rng.standard_normal((vocab, width)) / 4).astype(dtype)
    bias = rng.standard_normal(vocab).astype(dtype)
    target = rng.integers(0, vocab, n_tokens)
    target[::7] = -100
    kwargs = {"bias": bias, "reduction": reduction, "label_smoothing": 0.1, "z_loss": 1e-3, "chunk_size": 16}
    actual = both(hidden, weight, target, **kwargs)
    expected = torch_ref.linear_cross_entropy(hidden, weight, target, **kwargs)
    # each logit carries the rounding of a sum of D products, up to D eps |h| . |w|
    logit_error = width * np.finfo(dtype).eps * float((np.abs(hidden) @ np.abs(weight).T).max())
    n_summed = int(np.count_nonzero(target != -100)) if reduction == "sum" else 1
    assert_matches_torch(actual, expected, hidden, weight, target, kwargs, loss_atol=4 * logit_error * n_summed)


# --- extreme logits: the identity as weight, so that the logits are exactly the hidden states ------------


@given(pair=logits_and_class_indices(extreme=True, ignore_index=-100), z_loss=st.sampled_from([0.0, 1e-6, 0.1]))
def test_linear_cross_entropy_matches_torch_at_extreme_logits(pair, z_loss, torch_ref):
    # hidden @ I.T = hidden exactly (a product by 1 and sums of exact zeros): logits up to +-1e4
    z, target = pair
    identity = np.eye(z.shape[1], dtype=z.dtype)
    kwargs = {"reduction": "none", "label_smoothing": 0.1, "z_loss": z_loss, "chunk_size": 3}
    with np.errstate(**RAISE_ON_FP_ERRORS):
        actual = both(z, identity, target, **kwargs)
    expected = torch_ref.linear_cross_entropy(z, identity, target, **kwargs)
    loss_atol = 4 * np.finfo(z.dtype).eps * max(1.0, float(np.abs(z).max()))
    assert_matches_torch(actual, expected, z, identity, target, kwargs, loss_atol=loss_atol)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_linear_cross_entropy_is_exact_at_logits_of_plus_minus_1e4(dtype):
    hidden = np.array([[1e4, -1e4], [-1e4, 1e4]], dtype=dtype)
    identity = np.eye(2, dtype=dtype)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss, dH, dW, db = cl.linear_cross_entropy_and_grad(hidden, identity, np.array([1, 1]), reduction="sum")
        smooth = cl.linear_cross_entropy(hidden[:1], identity, np.array([1]), label_smoothing=0.1)
        with_z = cl.linear_cross_entropy(hidden[:1], identity, np.array([1]), z_loss=1e-4)
    # by hand: logsumexp = 1e4 exactly; token 0 costs 1e4 - (-1e4) = 2e4, token 1 costs 0
    assert loss == 2e4 and loss.dtype == dtype
    assert np.array_equal(dH, [[1.0, -1.0], [0.0, 0.0]])  # dz = p - one_hot with p exactly one-hot; dH = dz @ I
    assert np.array_equal(dW, [[1e4, -1e4], [-1e4, 1e4]])  # dz.T @ hidden
    assert db is None
    assert smooth == 19000.0  # 0.9 * 2e4 + 0.1 * (1e4 - mean(1e4, -1e4))
    assert with_z == 2e4 + 1e-4 * 1e8  # plus 1e-4 * logsumexp^2 = 1e4


def test_linear_cross_entropy_is_exact_at_logits_of_plus_minus_80_in_float32():
    # exp(80) = 5.5e34 and exp(160) overflows float32: only the shifted form gives the exact 160
    hidden = np.array([[80.0, -80.0]], dtype=np.float32)
    with np.errstate(**RAISE_ON_FP_ERRORS):
        loss, dH, _, db = cl.linear_cross_entropy_and_grad(
            hidden, np.eye(2, dtype=np.float32), np.array([1]), np.zeros(2, np.float32)
        )
    assert loss == np.float32(160.0) and loss.dtype == np.float32
    assert np.array_equal(dH, np.array([[1.0, -1.0]], dtype=np.float32))
    assert np.array_equal(db, np.array([1.0, -1.0], dtype=np.float32))


def test_a_bias_alone_can_carry_extreme_logits():
    # zero hidden states: the logits are the bias, 745 and -745, beyond exp's float64 range both ways
    loss = cl.linear_cross_entropy(np.zeros((2, 3)), np.ones((2, 3)), np.array([0, 1]), np.array([745.0, -745.0]))
    assert loss == 745.0  # (0 + 1490) / 2, by hand


def test_nan_hidden_state_gives_nan_loss_in_its_row_only_without_warning():
    hidden = np.array([[np.nan, 0.0], [1.0, 0.0], [0.0, 1.0]])
    loss = cl.linear_cross_entropy(hidden, np.eye(2), np.array([0, 1, 1]), reduction="none", chunk_size=2)
    assert np.isnan(loss[0])
    np.testing.assert_allclose(loss[1:], [np.log1p(np.e), np.log1p(np.exp(-1))], rtol=1e-15)


# --- all tokens ignored, empty batches, one token, one class --------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
@pytest.mark.parametrize("z_loss", [0.0, 0.1])
@pytest.mark.parametrize("n_tokens", [5, 0], ids=["all_ignored", "empty_batch"])
def test_all_ignored_or_empty_gives_cross_entropys_loss_and_zero_gradients(
    reduction, label_smoothing, z_loss, n_tokens, torch_ref
):
    # torch and cross_entropy: "mean" of no counted token is 0 / 0 = nan, "sum" is 0, "none" is zeros;
    # no parameter influences the loss, so every gradient is exactly 0 (never a ZeroDivisionError)
    rng = np.random.default_rng(3)
    hidden, weight, bias = rng.standard_normal((n_tokens, 4)), rng.standard_normal((6, 4)), rng.standard_normal(6)
    target = np.full(n_tokens, -100)
    kwargs = {"reduction": reduction, "label_smoothing": label_smoothing, "z_loss": z_loss}
    loss, dH, dW, db = both(hidden, weight, target, bias=bias, **kwargs)
    expected = cl.cross_entropy(hidden @ weight.T + bias, target, reduction=reduction, label_smoothing=label_smoothing)
    torch_loss = torch_ref.linear_cross_entropy(hidden, weight, target, bias, **kwargs)[0]
    np.testing.assert_array_equal(loss, expected)
    np.testing.assert_array_equal(loss, torch_loss)
    assert np.all(np.isnan(loss)) if reduction == "mean" else np.all(loss == 0)
    for grad, like in ((dH, hidden), (dW, weight), (db, bias)):
        assert grad.shape == like.shape and np.array_equal(grad, np.zeros_like(like))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_one_token_matches_torch(dtype, reduction, torch_ref):
    hidden, weight, target, kwargs = grid_case(dtype, n_tokens=1, kind="all_counted")
    kwargs.update(reduction=reduction, z_loss=0.01, label_smoothing=0.1)
    actual = both(hidden, weight, target, **kwargs)
    assert_matches_torch(
        actual, torch_ref.linear_cross_entropy(hidden, weight, target, **kwargs), hidden, weight, target, kwargs
    )


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
def test_a_vocabulary_of_one_costs_nothing_and_has_zero_gradients(label_smoothing):
    # one entry: p = 1, the loss log(1) = 0, and dz = 1 - (1 - eps) - eps = 0 (without the z-loss), up to the
    # rounding of 1 - (1 - eps) - eps
    hidden, weight = np.array([[2.0, -1.0], [0.5, 3.0]]), np.array([[1.5, 0.25]])
    loss, dH, dW, db = both(hidden, weight, np.array([0, 0]), bias=np.array([4.0]), label_smoothing=label_smoothing)
    assert loss == 0.0
    for grad in (dH, dW, db):
        np.testing.assert_allclose(grad, 0, atol=1e-15)


# --- finite differences ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("label_smoothing", "z_loss"), [(0.0, 0.0), (0.2, 0.0), (0.0, 0.05), (0.2, 0.05)])
def test_the_three_gradients_pass_a_finite_difference_check(reduction, label_smoothing, z_loss):
    hidden, weight, target, kwargs = grid_case(np.float64, n_tokens=5, width=3, vocab=4, step=1000)
    bias = kwargs.pop("bias")
    kwargs.update(reduction=reduction, label_smoothing=label_smoothing, z_loss=z_loss, chunk_size=2)

    def total(h, w, b):  # the scalar whose gradient is returned: the loss, or the summed losses for "none"
        return float(np.sum(cl.linear_cross_entropy(h, w, target, b, **kwargs)))

    _, dH, dW, db = cl.linear_cross_entropy_and_grad(hidden, weight, target, bias, **kwargs)
    fd = {
        "grad_hidden": (dH, cl.numerical_gradient(lambda h: total(h, weight, bias), hidden)),
        "grad_weight": (dW, cl.numerical_gradient(lambda w: total(hidden, w, bias), weight)),
        "grad_bias": (db, cl.numerical_gradient(lambda b: total(hidden, weight, b), bias)),
    }
    assert not np.all(dH[target != -100] == 0)  # the check is not about zeros
    for name, (analytic, numeric) in fd.items():
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8, err_msg=name)


# --- what the functions take and leave alone -------------------------------------------------------------


def test_float32_stays_float32_and_mixed_dtypes_compute_in_float64():
    hidden, weight, target, _ = grid_case(np.float32, bias=False)
    loss, dH, dW, _ = cl.linear_cross_entropy_and_grad(hidden, weight, target)
    assert loss.dtype == dH.dtype == dW.dtype == np.float32
    loss64, dH64, dW64, db64 = cl.linear_cross_entropy_and_grad(
        hidden, weight.astype(np.float64), target, np.zeros(11, np.float32)
    )
    assert loss64.dtype == dH64.dtype == dW64.dtype == db64.dtype == np.float64
    np.testing.assert_allclose(loss64, loss, rtol=1e-6)
    # integer hidden states are taken as float64, like every course_lib input
    assert cl.linear_cross_entropy(np.ones((2, 3), dtype=int), np.ones((4, 3), dtype=int), [0, 1]).dtype == np.float64


def test_inputs_are_left_unchanged():
    # every step works in place in the block's buffer: never in an input
    hidden, weight, target, kwargs = grid_case(np.float64)
    before = [hidden.copy(), weight.copy(), target.copy(), kwargs["bias"].copy()]
    cl.linear_cross_entropy_and_grad(hidden, weight, target, label_smoothing=0.1, z_loss=0.1, chunk_size=2, **kwargs)
    for original, now in zip(before, [hidden, weight, target, kwargs["bias"]], strict=True):
        assert np.array_equal(original, now)


def test_strided_and_fortran_ordered_inputs_give_the_results_of_contiguous_copies():
    hidden, weight, target, kwargs = grid_case(np.float64)
    expected = cl.linear_cross_entropy_and_grad(hidden, weight, target, **kwargs)
    strided_hidden = np.repeat(hidden, 2, axis=0)[::2]  # a view with a row stride of two rows
    fortran_weight = np.asfortranarray(weight)  # e.g. the transpose of a (D, V) matrix
    actual = cl.linear_cross_entropy_and_grad(strided_hidden, fortran_weight, target, **kwargs)
    for a, e in zip(actual, expected, strict=True):
        np.testing.assert_array_equal(a, e)


def test_ignored_tokens_are_never_computed_and_leave_zero_rows_in_grad_hidden():
    # an ignored token with a NaN hidden state changes nothing: its logits are never computed
    hidden, weight, target, kwargs = grid_case(np.float64, bias=False)
    expected = cl.linear_cross_entropy_and_grad(hidden, weight, target, **kwargs)
    poisoned = hidden.copy()
    poisoned[target == -100] = np.nan
    loss, dH, dW, _ = cl.linear_cross_entropy_and_grad(poisoned, weight, target, **kwargs)
    assert loss == expected[0] and np.array_equal(dW, expected[2])
    assert np.array_equal(dH, expected[1]) and not dH[target == -100].any()


# --- memory ----------------------------------------------------------------------------------------------


def _peak_traced_bytes(fn) -> int:
    """The peak of memory traced by tracemalloc (numpy reports its buffers to it) while fn runs, beyond what
    was allocated before; what fn returns is counted too."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - baseline


# Python's own small objects (ints, tuples, frames) during the call: a few KiB, not proportional to anything
INTERPRETER_SLACK = 64 << 10


def documented_bound(n_tokens, width, vocab, block, itemsize, with_grad):
    """The docstrings' bound on the peak extra memory, in bytes."""
    bound = itemsize * block * (vocab + width) + 24 * n_tokens + 64 * block
    if with_grad:
        bound += itemsize * (max(2**18, width) + vocab)
    return bound


@pytest.mark.parametrize("with_grad", [False, True], ids=["loss", "loss_and_grad"])
@pytest.mark.parametrize("some_ignored", [False, True], ids=["all_counted", "some_ignored"])
@pytest.mark.parametrize("chunk_size", [None, 1000])
def test_peak_memory_stays_within_the_documented_bound_far_below_the_logits(with_grad, some_ignored, chunk_size):
    n_tokens, width, vocab, dtype = 16384, 8, 4096, np.float32
    rng = np.random.default_rng(0)
    hidden = rng.standard_normal((n_tokens, width)).astype(dtype)
    weight = rng.standard_normal((vocab, width)).astype(dtype)
    bias = rng.standard_normal(vocab).astype(dtype)
    target = rng.integers(0, vocab, n_tokens)
    if some_ignored:
        target[::4] = -100
    fn = cl.linear_cross_entropy_and_grad if with_grad else cl.linear_cross_entropy
    fn(hidden[:8], weight, target[:8], bias)  # warm up: imports, caches

    results = []
    kwargs = {"chunk_size": chunk_size, "label_smoothing": 0.1, "z_loss": 1e-4}  # every step of a block runs
    peak = _peak_traced_bytes(lambda: results.append(fn(hidden, weight, target, bias, **kwargs)))
    returned = sum(np.asarray(x).nbytes for x in results[0] if x is not None) if with_grad else 4
    block = course_lib.linear_ce.BLOCK_BYTES // (vocab * 4) if chunk_size is None else chunk_size
    bound = documented_bound(n_tokens, width, vocab, block, 4, with_grad)
    logits = n_tokens * vocab * 4  # 256 MiB: what the materialised computation holds, and its gradient as much
    assert bound <= logits / 7
    assert peak - returned <= bound + INTERPRETER_SLACK, f"peak {peak / 2**20:.1f} MiB, bound {bound / 2**20:.1f}"
    assert peak - returned >= 0.5 * block * vocab * 4  # the block buffer is what the bound is mostly about


# --- online_logsumexp ------------------------------------------------------------------------------------


@given(case=split_rows())
def test_online_logsumexp_equals_logsumexp_of_the_concatenation_for_any_split(case):
    z, blocks = case
    with np.errstate(**RAISE_ON_FP_ERRORS):
        expected = cl.logsumexp(z)
    with np.errstate(over="raise", divide="raise"):  # +inf rows make inf - inf = nan inside logsumexp, not here
        actual = cl.online_logsumexp(iter(blocks))  # a generator-like iterable: one pass
    assert np.shape(actual) == np.shape(expected) and np.asarray(actual).dtype == z.dtype
    # rounding: the running sum is rescaled once per block; relative to the row's largest |logit|
    scale = np.maximum(np.abs(np.where(np.isfinite(z), z, 0)).max(axis=-1), 1)
    atol = 8 * np.finfo(z.dtype).eps * scale
    np.testing.assert_allclose(actual, expected, rtol=TOLERANCES[z.dtype]["rtol"], atol=atol.max())


@given(case=split_rows(extreme=False))
def test_online_logsumexp_matches_torch_logsumexp(case):
    z, blocks = case
    expected = torch.logsumexp(torch.tensor(z), dim=-1).numpy()
    np.testing.assert_allclose(cl.online_logsumexp(blocks), expected, **TOLERANCES[z.dtype])


def test_online_logsumexp_rescales_the_running_sum_when_the_maximum_grows():
    # by hand: log(e^0 + e^1000) = 1000 + log(1 + e^-1000) = 1000 in float64; without the rescaling of the
    # first block's sum (1, relative to max 0) to the new max it would come out as 1000 + log(2)
    assert cl.online_logsumexp([np.array([0.0]), np.array([1000.0])]) == 1000.0
    assert cl.online_logsumexp([np.array([1000.0]), np.array([0.0])]) == 1000.0
    # two blocks of one logit each, equal: log 2 above it
    assert cl.online_logsumexp([np.array([-5.0]), np.array([-5.0])]) == -5.0 + np.log(2)


def test_online_logsumexp_of_minus_inf_blocks_inf_and_nan_follows_torch():
    neg = np.array([[-np.inf, -np.inf]])
    rows = [
        ([neg, np.array([[1.0, 2.0]])], np.log(np.exp(1.0) + np.exp(2.0))),  # -inf adds exp(-inf) = 0
        ([neg, neg], -np.inf),  # all -inf: the log of an empty sum
        ([np.array([[np.inf, 1.0]]), np.array([[1e4, -np.inf]])], np.inf),
        ([np.array([[1e4, 1.0]]), np.array([[np.inf, -np.inf]])], np.inf),  # +inf after a large max
        ([np.array([[np.nan, 1.0]]), np.array([[1e4, 2.0]])], np.nan),
        ([np.array([[1.0]]), np.array([[np.nan]]), np.array([[2.0]])], np.nan),
    ]
    for blocks, expected in rows:
        actual = cl.online_logsumexp(blocks)
        concatenated = np.concatenate(blocks, axis=-1)
        assert actual.shape == (1,)
        np.testing.assert_array_equal(actual, torch.logsumexp(torch.tensor(concatenated), dim=-1).numpy())
        np.testing.assert_allclose(actual, [expected], rtol=1e-15)


def test_online_logsumexp_skips_empty_blocks_and_gives_minus_inf_when_all_are_empty():
    empty = np.zeros((2, 0))
    blocks = [empty, np.array([[0.0], [1.0]]), empty, np.array([[0.0], [1.0]]), empty]
    np.testing.assert_allclose(cl.online_logsumexp(blocks), [np.log(2), 1 + np.log(2)], rtol=1e-15)
    np.testing.assert_array_equal(cl.online_logsumexp([empty, empty]), [-np.inf, -np.inf])


def test_online_logsumexp_keeps_float32_and_promotes_a_mix_to_float64():
    a32, b32 = np.array([1.0, 2.0], np.float32), np.array([3.0], np.float32)
    assert cl.online_logsumexp([a32, b32]).dtype == np.float32
    assert cl.online_logsumexp([a32, b32.astype(np.float64)]).dtype == np.float64


def test_online_logsumexp_is_what_vocabulary_parallel_shards_compute():
    # k devices each hold a slice of the vocabulary: each computes its slice's logits, and combining the
    # slices with the running max and rescaled sum gives the loss of the whole vocabulary
    rng = np.random.default_rng(7)
    hidden, weight, target = rng.standard_normal((6, 5)), rng.standard_normal((40, 5)), rng.integers(0, 40, 6)
    shards = np.array_split(np.arange(40), 4)
    lse = cl.online_logsumexp(hidden @ weight[s].T for s in shards)  # a generator: one shard at a time
    loss = np.mean(lse - np.einsum("nd,nd->n", hidden, weight[target]))
    np.testing.assert_allclose(loss, cl.linear_cross_entropy(hidden, weight, target), rtol=1e-13)


def test_online_logsumexp_of_1_d_blocks_is_a_numpy_scalar_and_of_empty_float32_blocks_float32_minus_inf():
    # 1-d blocks are pieces of one row: the result is a number (as logsumexp's of a row), not a 0-d array
    out = cl.online_logsumexp([np.array([0.0, 1.0]), np.array([2.0])])
    assert type(out) is np.float64
    np.testing.assert_allclose(out, np.log(1 + np.e + np.e**2), rtol=1e-15)
    # blocks with no entries: the empty sum, -inf, in the blocks' dtype
    empty = cl.online_logsumexp([np.zeros((2, 0), dtype=np.float32), np.zeros((2, 0), dtype=np.float32)])
    assert empty.dtype == np.float32 and empty.shape == (2,)
    np.testing.assert_array_equal(empty, [-np.inf, -np.inf])


@pytest.mark.parametrize(
    ("hidden_dtype", "weight_dtype", "bias_dtype"),
    [(np.float64, np.float32, None), (np.float32, np.float32, np.float64), (np.float32, np.float64, np.float32)],
)
def test_the_common_dtype_of_hidden_weight_and_bias_is_the_dtype_of_every_result(
    hidden_dtype, weight_dtype, bias_dtype
):
    # float32 with float64 anywhere computes in float64, as numpy's result_type and torch's promotion do
    hidden, weight, target, kwargs = grid_case(np.float64)
    bias = None if bias_dtype is None else kwargs["bias"].astype(bias_dtype)
    loss, dH, dW, db = cl.linear_cross_entropy_and_grad(
        hidden.astype(hidden_dtype), weight.astype(weight_dtype), target, bias
    )
    assert loss.dtype == dH.dtype == dW.dtype == np.float64
    assert db is None or db.dtype == np.float64
    assert (
        cl.linear_cross_entropy(hidden.astype(hidden_dtype), weight.astype(weight_dtype), target, bias).dtype
        == np.float64
    )


def record_block_sizes(monkeypatch):
    """The number of tokens in each block of logits that linear_cross_entropy computes."""
    sizes = []
    original = course_lib.linear_ce._loss_and_dz

    def recording(z, *args):
        sizes.append(z.shape[0])
        return original(z, *args)

    monkeypatch.setattr(course_lib.linear_ce, "_loss_and_dz", recording)
    return sizes


@pytest.mark.parametrize(("block_bytes", "expected"), [(32 << 20, [23]), (11 * 8 * 5, [5, 5, 5, 5, 3]), (80, [1] * 23)])
def test_the_default_block_holds_as_many_tokens_as_fill_block_bytes_and_at_least_one(
    block_bytes, expected, monkeypatch
):
    # B = BLOCK_BYTES // (V * itemsize): V = 11 float64 logits are 88 bytes a token; 80 bytes hold none, and a
    # token whose logits exceed the budget is still taken, one at a time
    hidden, weight, target, _ = grid_case(np.float64, kind="all_counted")
    monkeypatch.setattr(course_lib.linear_ce, "BLOCK_BYTES", block_bytes)
    sizes = record_block_sizes(monkeypatch)
    cl.linear_cross_entropy(hidden, weight, target)
    assert sizes == expected


@pytest.mark.parametrize("some_ignored", [False, True], ids=["all_counted", "some_ignored"])
def test_peak_memory_stays_within_the_documented_bound_when_the_hidden_states_are_as_wide_as_the_vocabulary(
    some_ignored,
):
    # D = V: the buffers of B x D gathered hidden states and of max(2^18, D) numbers for grad_weight weigh as
    # much as the block of logits, so a temporary of their size more would break the bound
    n_tokens, width, vocab, chunk_size, dtype = 2048, 512, 512, 256, np.float32
    rng = np.random.default_rng(0)
    hidden = rng.standard_normal((n_tokens, width)).astype(dtype)
    weight = rng.standard_normal((vocab, width)).astype(dtype) / 16
    target = rng.integers(0, vocab, n_tokens)
    if some_ignored:
        target[::4] = -100
    cl.linear_cross_entropy_and_grad(hidden[:8], weight, target[:8])  # warm up: imports, caches
    results = []
    peak = _peak_traced_bytes(
        lambda: results.append(cl.linear_cross_entropy_and_grad(hidden, weight, target, chunk_size=chunk_size))
    )
    returned = sum(np.asarray(x).nbytes for x in results[0] if x is not None)
    bound = documented_bound(n_tokens, width, vocab, chunk_size, 4, with_grad=True)
    assert peak - returned <= bound + INTERPRETER_SLACK, f"peak {peak / 2**20:.2f} MiB, bound {bound / 2**20:.2f}"
