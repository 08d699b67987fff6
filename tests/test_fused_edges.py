"""course_lib.fused on its edges, against PyTorch: every width branch of the fused pass (C <= 32, up to 1,024,
more), logits on both sides of each threshold it uses (the unshifted fast path's log(max) - 9 - log C and -10)
and of the format's (exp's overflow), a spike in the first and the last column, class weights of 0 and 1,000,
every reduction, K-dim and empty batches, an ignore_index other than -100, and float16 logits.

tests/test_fused.py compares the fused pass with the textbook functions on narrow rows of moderate logits;
here the oracle is torch (or a value worked out by hand or with mpmath), on the inputs where a one-line
slip in fused.py would show. scripts/fused_mutants.py applies three such slips (issue 14) to the module
in memory, one at a time; the last test checks that each makes several tests here fail.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from oracle import TOLERANCES
from strategies import (
    FLOAT_DTYPES,
    LARGE_WEIGHT,
    RAISE_ON_FP_ERRORS,
    REDUCTIONS,
    fused_edge_cases,
    log_float_max,
    threshold_levels,
)

import course_lib.fused

ROOT = Path(__file__).resolve().parent.parent


def fused(z, t, block_elements=None, **kwargs):
    """cross_entropy_and_grad looked up at call time (scripts/fused_mutants.py swaps the module's code), with
    floating-point errors raising (underflow to 0 is fine) and, if given, another block size."""
    original = course_lib.fused.BLOCK_ELEMENTS
    if block_elements is not None:  # hypothesis reruns the body: no function-scoped monkeypatch here
        course_lib.fused.BLOCK_ELEMENTS = block_elements
    try:
        with np.errstate(**RAISE_ON_FP_ERRORS):
            return course_lib.fused.cross_entropy_and_grad(z, t, **kwargs)
    finally:
        course_lib.fused.BLOCK_ELEMENTS = original


def coefficient_mass(z, t, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """(loss_mass, grad_mass): bounds on the sums of the coefficients that multiply logsumexp, the logits and the
    probabilities in the loss (all of it, or one element's for "none") and in one gradient entry.

    Worked out from the inputs alone. For class indices, sample i contributes (1 - eps) w[y_i] + eps mean(w);
    for probabilities, sum_c w_c t'_c; "mean" divides by sum_i w[y_i] (indices) or N (probabilities).
    """
    n_classes = z.shape[-1]
    w = np.ones(n_classes) if weight is None else np.asarray(weight, dtype=np.float64)
    eps = label_smoothing
    t = np.asarray(t)
    if t.shape == z.shape and t.dtype.kind == "f":
        smoothed = t.reshape(-1, n_classes).astype(np.float64) * (1 - eps) + eps / n_classes
        per_sample = (smoothed * w).sum(axis=1)
        denominator = per_sample.shape[0]
    else:
        y = t.reshape(-1)
        y = y[y != ignore_index]
        per_sample = (1 - eps) * w[y] + eps * w.mean()
        denominator = w[y].sum()
    largest = float(per_sample.max(initial=0.0)) + float(w.max())
    if reduction == "none":
        return largest, largest
    total = float(per_sample.sum())
    if reduction == "mean":
        scale = 1.0 / denominator if denominator > 0 else 1.0
        return total * scale, largest * scale
    return total, largest


def assert_matches(actual, expected, z, t, kwargs):
    """The fused pass's (loss, dlogits) equal torch's (or another oracle's) up to rounding.

    Per unit of coefficient mass (see ``coefficient_mass``):

    - logsumexp = m + log(s) is rounded to the ulps of the row max m: a few eps * |m| in the loss;
    - the row sum s of C exponentials carries the error bound of a sum of C terms, (C - 1) eps / 2 relative
      (Higham). It is reached when one term dominates: added to it, terms under half its ulp are lost. For
      rows of one 89 and 1,019 logits of 71.8 in float32, the true class's gradient comes out as -2.57e-5
      (torch in float32: -3.22e-5; exact: -3.44e-5). It counts in the loss and in the gradient;
    - a sum over the C classes of w_c t_c z_c (probability targets) or w_c z_c (label smoothing) adds
      rounding that grows like sqrt(C) eps |z| (measured: up to 2 sqrt(C) eps |z| in float32, C <= 4,100).
    """
    loss, dlogits = actual
    expected_loss, expected_dlogits = expected
    dtype = np.dtype(z.dtype)
    base = TOLERANCES[dtype]  # assert_close's; the bounds below add what the inputs' sizes and weights justify
    eps = float(np.finfo(dtype).eps)
    finite = np.abs(z[np.isfinite(z)])
    scale = 1.0 + float(finite.max(initial=0.0)) + math.log(z.shape[-1])
    loss_mass, grad_mass = coefficient_mass(z, t, **kwargs)
    assert np.asarray(loss).dtype == dtype and dlogits.dtype == dtype
    assert np.shape(loss) == np.shape(expected_loss) and dlogits.shape == z.shape
    soft = np.shape(t) == z.shape and np.asarray(t).dtype.kind == "f"
    summed_over_classes = soft or kwargs.get("label_smoothing", 0.0) > 0
    row_sum = (z.shape[-1] - 1) * eps / 2
    loss_atol = base["atol"] + 8 * eps * scale * loss_mass * (1 + math.sqrt(z.shape[-1]) * summed_over_classes)
    loss_atol += row_sum * loss_mass
    np.testing.assert_allclose(loss, expected_loss, rtol=base["rtol"], atol=loss_atol)
    grad_atol = base["atol"] * max(1.0, grad_mass) + row_sum * grad_mass
    np.testing.assert_allclose(dlogits, expected_dlogits, rtol=base["rtol"], atol=grad_atol)


def torch_in_float64(torch_ref, z, t, weight=None, **kwargs):
    """torch's (loss, dlogits) computed in float64 on the very same values.

    torch's float32 logsumexp adds the exponentials of a row in float32, and those below half an ulp of the
    largest are lost: for a row of one 89 and 1,019 logits of 71.8 its float32 gradient at the true class is
    -3.22e-5, the exact one -3.44e-5. So float32 results are held to float32 rounding of the exact answer.
    """
    t = np.asarray(t)
    soft = t.shape == np.shape(z) and t.dtype.kind == "f"
    z64, t64 = np.asarray(z, dtype=np.float64), t.astype(np.float64) if soft else t
    w64 = None if weight is None else np.asarray(weight, dtype=np.float64)
    return torch_ref.cross_entropy(z64, t64, weight=w64, **kwargs)


def assert_matches_torch(z, t, torch_ref, block_elements=None, **kwargs):
    actual = fused(z, t, block_elements=block_elements, **kwargs)
    assert_matches(actual, torch_in_float64(torch_ref, z, t, **kwargs), z, t, kwargs)


# --- hypothesis sweeps over the edges, against torch -------------------------------------------------------

# One row per block, a few rows per block, or the library's blocks: the fast path is chosen per block.
BLOCK_SIZES = st.sampled_from([None, 1, 7, 5000])


@given(case=fused_edge_cases(soft=False), block_elements=BLOCK_SIZES)
def test_fused_matches_torch_on_edge_cases_with_class_index_targets(case, block_elements, torch_ref):
    z, t, kwargs = case
    assert_matches_torch(z, t, torch_ref, block_elements=block_elements, **kwargs)


@given(case=fused_edge_cases(soft=True), block_elements=BLOCK_SIZES)
def test_fused_matches_torch_on_edge_cases_with_probability_targets(case, block_elements, torch_ref):
    z, t, kwargs = case
    assert_matches_torch(z, t, torch_ref, block_elements=block_elements, **kwargs)


# C past _row_max's column-wise branch (33 to 40), at and past _row_sum's matvec branch (1,020 to 4,100)
WIDE_CLASS_COUNTS = st.integers(33, 40) | st.integers(1020, 1030) | st.integers(1031, 4100)


@given(case=fused_edge_cases(n_classes=WIDE_CLASS_COUNTS))
def test_fused_matches_torch_on_wide_and_long_rows(case, torch_ref):
    z, t, kwargs = case
    assert_matches_torch(z, t, torch_ref, **kwargs)


def as_float16(z, t, kwargs):
    """The case's logits, probability targets and weights rounded to float16 (class indices stay as they are)."""
    soft = np.shape(t) == z.shape and np.asarray(t).dtype.kind == "f"
    weight = kwargs["weight"]
    kwargs16 = {**kwargs, "weight": None if weight is None else weight.astype(np.float16)}
    return z.astype(np.float16), t.astype(np.float16) if soft else t, kwargs16


def as_float32(z, t, kwargs):
    soft = np.shape(t) == z.shape and np.asarray(t).dtype.kind == "f"
    weight = kwargs["weight"]
    kwargs32 = {**kwargs, "weight": None if weight is None else weight.astype(np.float32)}
    return z.astype(np.float32), t.astype(np.float32) if soft else t, kwargs32


@given(case=fused_edge_cases(dtype=np.float32))
def test_fused_computes_float16_inputs_in_float32(case, torch_ref):
    # course_lib/_validation.py: "float16 is computed in float32" (float16's exp overflows at 11.09), so
    # float16 logits give float32 results: those of the same values given as float32
    z16, t16, kwargs16 = as_float16(*case)
    z, t, kwargs = as_float32(z16, t16, kwargs16)
    assert_matches(fused(z16, t16, **kwargs16), torch_in_float64(torch_ref, z, t, **kwargs), z, t, kwargs)


# --- fixed cases: the three bugs of issue 14, worked out by hand or with mpmath -------------------------------

mpmath.mp.dps = 50


def mp_logsumexp(row) -> float:
    return float(mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in row)))


def issue_spike_in_column_0():
    # 2 rows of 40 float32 logits of 0, row 0 with 95 in column 0, both targets class 1:
    # loss = (logsumexp(row 0) - 0 + log 40) / 2 = (95 + log(1 + 39 e^-95) + log 40) / 2 = 49.344...
    z = np.zeros((2, 40), dtype=np.float32)
    z[0, 0] = 95.0
    return z, np.array([1, 1]), (mp_logsumexp(z[0]) + mp_logsumexp(z[1])) / 2


def issue_long_row():
    # 2 rows of 3,000 float64 logits drawn from N(0, 1), targets 7 and 2,999: mean of logsumexp - z_y
    z = np.random.default_rng(14).standard_normal((2, 3000))
    t = np.array([7, 2999])
    return z, t, sum(mp_logsumexp(z[i]) - z[i, t[i]] for i in range(2)) / 2


def issue_six_logits_of_88():
    # 6 float32 logits of 88: p is uniform, loss = log 6 = 1.79 whatever the target
    return np.full((1, 6), 88.0, dtype=np.float32), np.array([2]), math.log(6)


ISSUE_CASES = {
    "spike_of_95_in_column_0_of_40_classes": issue_spike_in_column_0,
    "row_of_3000_classes": issue_long_row,
    "six_float32_logits_of_88": issue_six_logits_of_88,
}


@pytest.mark.parametrize("case", ISSUE_CASES)
def test_the_cases_of_issue_14_match_mpmath_and_torch(case, torch_ref):
    z, t, expected_loss = ISSUE_CASES[case]()
    loss, dlogits = fused(z, t)
    dtype = z.dtype
    assert loss.dtype == dtype and np.isfinite(loss)
    np.testing.assert_allclose(loss, expected_loss, **TOLERANCES[dtype])
    assert_matches((loss, dlogits), torch_in_float64(torch_ref, z, t), z, t, {})


# --- fixed cases: every width branch, every column, every threshold ------------------------------------------

# C on both sides of _row_max's boundary (32 | 33) and of _row_sum's (1024 | 1025), and well past them
CLASS_COUNTS = (2, 6, 32, 33, 40, 1024, 1025, 4100)
COLUMNS = {"first": lambda c: 0, "second": lambda c: 1, "middle": lambda c: c // 2, "last": lambda c: c - 1}
# a spike whose exp overflows: 95 in float32 (exp overflows above 88.72), 800 in float64 (above 709.78)
SPIKES = {np.dtype(np.float32): 95.0, np.dtype(np.float64): 800.0}


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("n_classes", CLASS_COUNTS)
@pytest.mark.parametrize("column", COLUMNS)
def test_a_spike_in_any_column_of_a_row_of_any_width_matches_torch(dtype, n_classes, column, torch_ref):
    # row 0: the spike, target elsewhere (loss ~ spike); row 1: no spike; row 2: the spike is the target
    col = COLUMNS[column](n_classes)
    z = np.random.default_rng(n_classes).standard_normal((3, n_classes)).astype(dtype)
    z[[0, 2], col] = SPIKES[np.dtype(dtype)]
    t = np.array([(col + 1) % n_classes, 0, col])
    for reduction in REDUCTIONS:
        assert_matches_torch(z, t, torch_ref, reduction=reduction)


@pytest.mark.parametrize("n_classes", (1025, 2048, 4100))
@pytest.mark.parametrize("where", ["last_class_dominant", "uniform"])
def test_long_rows_count_every_class(n_classes, where):
    # by hand: logits 0 except possibly the last, 5: logsumexp = log(C - 1 + e^5) or log C; the target is class 0
    z = np.zeros((2, n_classes))
    if where == "last_class_dominant":
        z[:, -1] = 5.0
    lse = math.log(n_classes - 1 + math.exp(5.0)) if where == "last_class_dominant" else math.log(n_classes)
    p = np.exp(z - lse)
    loss, dlogits = fused(z, np.array([0, 0]), reduction="sum")
    np.testing.assert_allclose(loss, 2 * lse, rtol=1e-13)
    np.testing.assert_allclose(dlogits, p - np.eye(n_classes)[[0, 0]], rtol=1e-12, atol=1e-15)


def threshold_cases():
    """(dtype, C, level): rows of C logits all equal to a threshold's value, or just either side of it."""
    for dtype in FLOAT_DTYPES:
        for n_classes in (1, 2, 6, 33, 1025, 4100):
            for anchor in threshold_levels(dtype, n_classes):
                for offset in (-0.01, 0.0, 0.01):
                    yield pytest.param(
                        dtype, n_classes, anchor + offset, id=f"{np.dtype(dtype)}-C{n_classes}-{anchor + offset:.4f}"
                    )


@pytest.mark.parametrize(("dtype", "n_classes", "level"), list(threshold_cases()))
def test_rows_of_equal_logits_at_every_threshold_give_log_c(dtype, n_classes, level, torch_ref):
    # by hand: equal logits give p = 1 / C, so loss = log C at any level, and dlogits = (1/C - onehot) / N
    z = np.full((4, n_classes), level, dtype=dtype)
    t = np.array([0, n_classes - 1, n_classes // 2, 0])
    loss, dlogits = fused(z, t)
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(loss, math.log(n_classes), rtol=0, atol=4 * eps * (abs(level) + 10))
    expected = (np.full(z.shape, 1 / n_classes) - np.eye(n_classes)[t]) / 4
    np.testing.assert_allclose(dlogits, expected, rtol=8 * eps, atol=eps / n_classes)
    assert_matches_torch(z, t, torch_ref)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("n_classes", (6, 40, 1025))
@pytest.mark.parametrize("block_elements", [None, 1], ids=["default_blocks", "one_row_per_block"])
def test_rows_on_both_sides_of_the_fast_path_in_one_batch_match_torch(dtype, n_classes, block_elements, torch_ref):
    # The fast path (no shift) is decided per block: rows just inside and just outside it, and rows whose sum
    # of exponentials overflows, in one block or one block each.
    top = threshold_levels(dtype, n_classes)[0]
    log_max = log_float_max(dtype)
    overflow = log_max - math.log(n_classes)  # above it, the sum of a row of equal logits overflows
    levels = [top - 0.5, top + 0.5, -10.5, -9.5, overflow - 0.5, overflow + 0.5, log_max - 0.5, 0.0]
    rng = np.random.default_rng(n_classes)
    z = (np.array(levels)[:, None] + 0.1 * rng.standard_normal((len(levels), n_classes))).astype(dtype)
    t = rng.integers(0, n_classes, len(levels))
    for reduction in REDUCTIONS:
        assert_matches_torch(z, t, torch_ref, block_elements=block_elements, reduction=reduction)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("kind", ["indices", "probabilities"])
@pytest.mark.parametrize("shape", [(2, 3, 40), (2, 1, 2, 1025)], ids=["N_d1_C40", "N_d1_d2_C1025"])
def test_k_dim_inputs_with_wide_rows_match_torch(dtype, kind, shape, torch_ref):
    # spikes in the first and the last column, weights 0 and 1000, ignore_index 0 (a real class)
    rng = np.random.default_rng(shape[-1])
    z = rng.standard_normal(shape)
    z[..., 0, 0] = z[..., -1, -1] = SPIKES[np.dtype(dtype)]
    z = z.astype(dtype)
    weight = rng.uniform(0.25, 3, shape[-1]).astype(dtype)
    weight[[1, -2]] = 0.0, 1000.0
    if kind == "probabilities":
        t, kwargs = rng.dirichlet(np.ones(shape[-1]), shape[:-1]).astype(dtype), {}
    else:
        t, kwargs = rng.integers(0, shape[-1], shape[:-1]), {"ignore_index": 0}
        t.reshape(-1)[::3] = 0
    for reduction in REDUCTIONS:
        for label_smoothing in (0.0, 0.1):
            kwargs.update(weight=weight, reduction=reduction, label_smoothing=label_smoothing)
            assert_matches_torch(z, t, torch_ref, **kwargs)


@pytest.mark.parametrize("shape", [(0, 40), (0, 1025), (0, 2, 40), (2, 0, 1025)])
def test_empty_batches_of_wide_rows_match_torch(shape, torch_ref):
    # torch: "mean" of nothing is nan, "sum" is 0, "none" is empty; the gradient is empty
    z, t = np.zeros(shape, dtype=np.float32), np.zeros(shape[:-1], dtype=np.int64)
    weight = np.linspace(0, 2, shape[-1], dtype=np.float32)
    for reduction in REDUCTIONS:
        kwargs = {"weight": weight, "reduction": reduction, "ignore_index": 3}
        loss, dlogits = fused(z, t, **kwargs)
        expected_loss, expected_dlogits = torch_ref.cross_entropy(z, t, **kwargs)
        np.testing.assert_array_equal(loss, expected_loss)
        assert loss.dtype == np.float32 and dlogits.shape == expected_dlogits.shape == shape


@pytest.mark.parametrize("kind", ["indices", "probabilities"])
@pytest.mark.parametrize("n_classes", (6, 40, 1025))
def test_float16_logits_of_88_and_95_are_computed_in_float32(kind, n_classes, torch_ref):
    # in float16, exp overflows at 11.09; computed in float32 these are ordinary logits: rows of 88 (above the
    # fast path's bound for any C) and rows with a 95 (whose exp overflows even float32) take the shift
    rng = np.random.default_rng(n_classes)
    z16 = np.full((3, n_classes), 88.0, dtype=np.float16)
    z16[1] = rng.standard_normal(n_classes)
    z16[1, 0] = z16[2, -1] = 95.0
    if kind == "probabilities":
        t16 = rng.dirichlet(np.ones(n_classes), 3).astype(np.float16)
    else:
        t16 = np.array([0, 1, n_classes - 1])
    loss, dlogits = fused(z16, t16, reduction="none")
    z, t, _ = as_float32(z16, t16, {"weight": None})
    assert loss.dtype == dlogits.dtype == np.float32
    assert_matches((loss, dlogits), torch_in_float64(torch_ref, z, t, reduction="none"), z, t, {"reduction": "none"})
    expected_loss, expected_dlogits = fused(z, t, reduction="none")
    assert np.array_equal(loss, expected_loss) and np.array_equal(dlogits, expected_dlogits)


# --- defects these sweeps found, fixed in course_lib/fused.py -----------------------------------------------


@pytest.mark.parametrize("case", ["weights_of_1e5", "9000_rows"])
def test_fast_path_gradient_is_right_when_mean_divides_by_more_than_e9(case, torch_ref):
    # The fast path keeps exp(z) unshifted while s = sum_c exp(z_c) <= max / e^9, and the blocks then form
    # s * denominator: before the fast path's bound took the denominator into account, that product overflowed
    # once "mean" divided by more than e^9 ~ 8103 (a sum of class weights, or N), the factor 1 / (s * D) became
    # 0 and the gradient lost p (float32: [-1, 0] where torch gives [-0.5, 0.5]).
    n_rows, w = (1, 1e5) if case == "weights_of_1e5" else (9000, 1.0)
    z = np.full((n_rows, 2), 79.0, dtype=np.float32)  # 79 <= log(max) - 9 - log 2 = 79.03: the fast path
    t = np.zeros(n_rows, dtype=np.int64)
    weight = np.full(2, w, dtype=np.float32)
    assert_matches_torch(z, t, torch_ref, weight=weight)


def test_fast_path_gradient_is_right_for_probability_targets_over_many_rows(torch_ref):
    # "mean" over probability targets divides by N: 20,000 rows of fast-path logits put s * N past float32's max
    z = np.tile(np.array([79.0, 78.0], dtype=np.float32), (20000, 1))
    t = np.tile(np.array([0.25, 0.75], dtype=np.float32), (20000, 1))
    assert_matches_torch(z, t, torch_ref)


@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fast_path_gradient_is_right_at_its_bound_with_heavy_class_weights(dtype, label_smoothing, torch_ref):
    # logits just inside the fast path's bound log(max) - 9 - log C, with class weights of LARGE_WEIGHT: the
    # weighted mean divides by more than e^9, which the bound must make room for
    n_classes = 3
    top = np.log(np.finfo(dtype).max) - 9 - np.log(n_classes)
    z = np.array([[top - 0.5, top - 1.0, 0.0], [top - 2.0, 1.0, top - 0.25]], dtype=dtype)
    t = np.array([0, 2])
    weight = np.array([LARGE_WEIGHT, 1.0, LARGE_WEIGHT], dtype=dtype)
    assert_matches_torch(z, t, torch_ref, weight=weight, label_smoothing=label_smoothing)


@pytest.mark.parametrize("shape", [(0, 3), (2, 0, 3)])
def test_empty_batch_of_probability_targets_matches_torch(shape, torch_ref):
    # cross_entropy (the textbook function) and torch give nan / 0 / empty; the fused pass used to raise
    # "cannot reshape array of size 0 into shape (0,newaxis)" from targets.reshape(n_samples, -1)
    z = t = np.zeros(shape)
    for reduction in REDUCTIONS:
        assert_matches_torch(z, t, torch_ref, reduction=reduction)


# --- the known bugs, applied one at a time, each fail several tests here ---------------------------------------


def test_each_known_bug_of_issue_14_fails_at_least_three_tests_here():
    # scripts/fused_mutants.py runs this file (but this test) against course_lib.fused with each bug applied in
    # memory, then without any: each bug must fail 3 or more distinct tests, the unchanged code none.
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fused_mutants.py"), "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["baseline_failures"] == []
    for name in (
        "row_max_skips_column_0",
        "row_sum_drops_the_last_class",
        "fast_path_without_its_margin",
        "fast_path_without_the_denominator",
    ):
        assert len(report["mutants"][name]["failing_tests"]) >= 3, (name, report["mutants"][name])
