"""Inputs shared by the tests: hypothesis strategies (logits, probabilities, class-index targets, dtypes)
and fixed, seeded cases for the parametrized PyTorch-parity tests.

Inputs only: no strategy calls course_lib, so no expected value is ever produced by the code under test.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = (np.float32, np.float64)
REDUCTIONS = ("none", "mean", "sum")
# No smoothing, some, and all of it (the target becomes the uniform distribution).
LABEL_SMOOTHINGS = (0.0, 0.1, 1.0)
# with np.errstate(**RAISE_ON_FP_ERRORS): an overflow, a division by zero or an invalid operation raises
# (underflow to 0 is allowed), so a computation that is meant to be stable cannot pass by producing inf or nan.
RAISE_ON_FP_ERRORS = {"over": "raise", "divide": "raise", "invalid": "raise"}

dtypes = st.sampled_from(FLOAT_DTYPES)

# Values that break naive formulas: exp(80) overflows float16 and exp(-80) is tiny in float32; exp(+-745)
# overflows / underflows float64; 1e4 overflows exp in every dtype.
EXTREME_VALUES = (0.0, 80.0, -80.0, 745.0, -745.0, 1e4, -1e4)


def finite_floats(dtype, bound: float = 30.0) -> st.SearchStrategy[float]:
    """Finite floats in [-bound, bound], exactly representable in ``dtype``."""
    width = 32 if np.dtype(dtype) == np.float32 else 64
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=width)


def shapes(max_rows: int = 8, min_classes: int = 1, max_classes: int = 6) -> st.SearchStrategy[tuple[int, int]]:
    """(N, C) with 1 <= N <= max_rows and min_classes <= C <= max_classes."""
    return st.tuples(st.integers(1, max_rows), st.integers(min_classes, max_classes))


@st.composite
def logits(draw, dtype=None, shape=None, bound: float = 30.0, extreme: bool = False) -> np.ndarray:
    """Logits of shape (N, C) (or ``shape``), moderate values in [-bound, bound], or also extreme ones."""
    dtype = draw(dtypes) if dtype is None else dtype
    shape = draw(shapes()) if shape is None else shape
    elements = finite_floats(dtype, bound)
    if extreme:
        elements = st.one_of(elements, st.sampled_from(EXTREME_VALUES))
    return draw(hnp.arrays(dtype, shape, elements=elements))


@st.composite
def row_shifts(draw, n_rows: int, dtype, bound: float = 100.0) -> np.ndarray:
    """One constant per row, shape (N, 1), to add to every logit of that row."""
    return draw(hnp.arrays(dtype, (n_rows, 1), elements=finite_floats(dtype, bound)))


@st.composite
def probability_vectors(draw, shape, dtype=np.float64) -> np.ndarray:
    """Rows along the last axis that are probability distributions (some one-hot, some with exact zeros)."""
    raw = draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0]) | st.floats(0, 1)))
    sums = raw.sum(axis=-1, keepdims=True)
    uniform = np.full(shape, 1.0 / shape[-1])
    probs = np.where(sums > 0, raw / np.where(sums > 0, sums, 1.0), uniform)
    return np.clip(probs.astype(dtype), 0, 1)


def class_indices(shape, n_classes: int, ignore_index: int | None = None) -> st.SearchStrategy[np.ndarray]:
    """Integer targets in [0, C), and ``ignore_index`` too when one is given."""
    values = st.integers(0, n_classes - 1)
    if ignore_index is not None:
        values = values | st.just(ignore_index)
    return hnp.arrays(np.int64, shape, elements=values)


@st.composite
def logits_and_class_indices(draw, dtype=None, extreme: bool = False, ignore_index: int | None = None):
    """(logits (N, C), target (N,)) with class-index targets."""
    z = draw(logits(dtype=dtype, extreme=extreme))
    return z, draw(class_indices(z.shape[:-1], z.shape[-1], ignore_index))


@st.composite
def logits_and_probabilities(draw, dtype=None, extreme: bool = False):
    """(logits (N, C), target (N, C)) with probability targets of the logits' dtype."""
    z = draw(logits(dtype=dtype, extreme=extreme))
    return z, draw(probability_vectors(z.shape, z.dtype))


@st.composite
def unit_interval(draw, shape, dtype=np.float64) -> np.ndarray:
    """Values in [0, 1] (exact 0 and 1 included): BCE probabilities and targets."""
    elements = st.sampled_from([0.0, 0.5, 1.0]) | st.floats(0, 1, width=32 if np.dtype(dtype) == np.float32 else 64)
    return draw(hnp.arrays(dtype, shape, elements=elements))


# --- fixed, seeded cases for parametrized tests ----------------------------------------------------------

# The four kinds of cross-entropy target: class indices (none ignored), class indices with some equal to the
# default ignore_index -100, class indices with ignore_index set to a real class (1), and probabilities.
CE_TARGET_KINDS = ("indices", "indices_some_ignored", "ignore_index_is_a_class", "probabilities")


def ce_case(kind: str, dtype, shape=(7, 5), seed: int = 0):
    """Logits of ``shape`` (..., C), a target of the given kind, and the keywords that go with it.

    Returns (logits, target, kwargs) with kwargs holding ``ignore_index`` when the kind needs one.
    Every third target is ignored for the kinds that ignore some, so at least one is counted.
    """
    rng = np.random.default_rng(seed)
    *batch, n_classes = shape
    z = (3 * rng.standard_normal(shape)).astype(dtype)
    if kind == "probabilities":
        t = rng.dirichlet(np.ones(n_classes), size=tuple(batch) or None)
        if t.ndim >= 2:
            t.reshape(-1, n_classes)[0] = np.eye(n_classes)[-1]  # one exactly one-hot row, zeros included
        return z, t.astype(dtype), {}
    t = np.asarray(rng.integers(0, n_classes, size=tuple(batch)))
    if kind == "indices":
        return z, t, {}
    if kind == "indices_some_ignored":
        t.reshape(-1)[::3] = -100
        return z, t, {}
    if kind == "ignore_index_is_a_class":
        t.reshape(-1)[::3] = 1
        return z, t, {"ignore_index": 1}
    raise AssertionError(f"unknown target kind {kind!r}")


def class_weights(n_classes: int, dtype, seed: int = 1) -> np.ndarray:
    """A fixed positive weight per class, shape (C,)."""
    return np.random.default_rng(seed).uniform(0.25, 3.0, n_classes).astype(dtype)


# The binary losses' ``weight`` (broadcast against the (N, L) input) and ``pos_weight`` (one per label, or one
# per element), by name for pytest ids: each maps (shape, rng) to values, or is None for no weight.
BCE_WEIGHTS = {
    "no_weight": None,
    "full": lambda shape, rng: rng.uniform(0.0, 2.0, shape),
    "per_column": lambda shape, rng: rng.uniform(0.0, 2.0, shape[-1:]),
    "per_row": lambda shape, rng: rng.uniform(0.0, 2.0, (shape[0], 1)),
}
POS_WEIGHTS = {
    "no_pos_weight": None,
    "per_label": lambda shape, rng: rng.uniform(0.5, 4.0, shape[-1:]),
    "full": lambda shape, rng: rng.uniform(0.5, 4.0, shape),
}


def bce_weight(name: str, shape, dtype, rng: np.random.Generator) -> np.ndarray | None:
    """The ``weight`` of ``BCE_WEIGHTS[name]`` for an input of ``shape``, in ``dtype``, drawn from ``rng``."""
    make = BCE_WEIGHTS[name]
    return None if make is None else make(shape, rng).astype(dtype)


def bce_pos_weight(name: str, shape, dtype, rng: np.random.Generator) -> np.ndarray | None:
    """The ``pos_weight`` of ``POS_WEIGHTS[name]`` for an input of ``shape``, in ``dtype``, drawn from ``rng``."""
    make = POS_WEIGHTS[name]
    return None if make is None else make(shape, rng).astype(dtype)


# --- the edges of the fused pass (course_lib/fused.py) ----------------------------------------------------
#
# cross_entropy_and_grad branches on the number of classes C and on the size of the logits. The boundaries
# are restated here from fused.py, not imported (no strategy calls course_lib), and the strategies below
# reach both sides of each:
#
#   _row_max            C <= 32: maxima over column views      C > 32: z.max(axis=1)
#   _row_sum            C <= 1024: matrix-vector product       C > 1024: pairwise g.sum(axis=1)
#   _exp_shifted_into   exp(z) unshifted when every row max of a block lies in [-10, log(max) - 9 - log C],
#                       exp(z - row max) otherwise
#
# and the limits of the floating-point format itself: exp(v) overflows above log(max) (88.72 in float32,
# 709.78 in float64), the sum of a row of C logits equal to v overflows above log(max) - log C, and exp(v)
# leaves the normal range below log(tiny) (-87.34, -708.40) and vanishes below log of the smallest subnormal
# (-103.28, -744.44).

ROW_MAX_COLUMNWISE_MAX_CLASSES = 32
ROW_SUM_MATVEC_MAX_CLASSES = 1024
FAST_PATH_MIN_ROW_MAX = -10.0
FAST_PATH_MARGIN = 9.0  # log(max) - 9: room for the row sum and the division by "mean"'s denominator

# Largest class weight drawn: large enough that "mean"'s denominator sum_i w[y_i] passes e^9 ~ 8103, the
# fast path's margin, which its bound must then make room for (the fast path once got the gradient wrong
# there: tests/test_fused_edges.py::test_fast_path_gradient_is_right_when_mean_divides_by_more_than_e9).
LARGE_WEIGHT = 3e4  # and below float16's largest value, 65504: float16 inputs take the same weights
# Most logits drawn per example: rows of 4,100 classes come 1 to 3 at a time, so arrays stay small.
MAX_FUSED_ELEMENTS = 12_500


def log_float_max(dtype) -> float:
    """log of the largest finite value of ``dtype``: exp overflows above it."""
    return float(np.log(np.finfo(dtype).max))


def fast_path_top(dtype, n_classes: int) -> float:
    """The largest row max for which fused.py skips the shift by the row max: log(max) - 9 - log C."""
    return log_float_max(dtype) - FAST_PATH_MARGIN - float(np.log(n_classes))


def threshold_levels(dtype, n_classes: int) -> tuple[float, ...]:
    """Every value at which the fused pass or the format changes behaviour, for rows of C classes."""
    info = np.finfo(dtype)
    return (
        fast_path_top(dtype, n_classes),  # unshifted exp(z) up to here
        log_float_max(dtype) - FAST_PATH_MARGIN,  # ... and up to here for one class
        log_float_max(dtype) - float(np.log(n_classes)),  # a row of C equal logits: the sum of exps overflows
        log_float_max(dtype) - float(np.log(8 * n_classes)),  # ... the sum times a denominator of 8 overflows
        log_float_max(dtype),  # exp overflows
        FAST_PATH_MIN_ROW_MAX,  # below: the shift again
        float(np.log(info.tiny)),  # exp(z) subnormal below
        float(np.log(info.smallest_subnormal)),  # exp(z) = 0 below
    )


def fused_class_counts() -> st.SearchStrategy[int]:
    """C on every branch of the fused pass and on both sides of each boundary (32 | 33 and 1024 | 1025)."""
    few, matvec = ROW_MAX_COLUMNWISE_MAX_CLASSES, ROW_SUM_MATVEC_MAX_CLASSES
    return st.one_of(
        st.integers(1, 8), st.integers(few - 2, few + 8), st.integers(matvec - 4, matvec + 6), st.integers(1031, 4100)
    )


def edge_levels(dtype, n_classes: int) -> st.SearchStrategy[float]:
    """A level for a whole row of logits: on either side of each threshold of ``threshold_levels``, anywhere
    in the band around exp's overflow (76 to 90 in float32, 698 to 712 in float64), or a value of
    ``EXTREME_VALUES``."""
    near = st.builds(
        lambda anchor, offset: anchor + offset,
        st.sampled_from(threshold_levels(dtype, n_classes)),
        st.sampled_from([-1.0, -0.01, 0.0, 0.01, 1.0]) | st.floats(-2, 2),
    )
    band = st.floats(76, 90) if np.dtype(dtype) == np.float32 else st.floats(698, 712)
    return st.one_of(near, band, st.sampled_from(EXTREME_VALUES), st.floats(-5, 5))


def spike_jumps(dtype) -> st.SearchStrategy[float]:
    """How far one logit stands above the rest of its row: from a little to far enough that exp of the
    difference overflows ``dtype``."""
    log_max = log_float_max(dtype)
    return st.sampled_from([1.0, 20.0, log_max + 1, 2 * log_max, 1e4]) | st.floats(1, 3 * log_max)


def spike_columns(n_classes: int) -> st.SearchStrategy[int]:
    """A column, the first and the last often: the ends of a row are where an off-by-one loses one."""
    return st.one_of(st.just(0), st.just(n_classes - 1), st.integers(0, n_classes - 1))


def fused_batch_shapes(n_classes: int, max_elements: int = MAX_FUSED_ELEMENTS) -> st.SearchStrategy[tuple]:
    """Batch shapes (...) for logits (..., C): unbatched (), (N,), empty (0,), or K-dim (N, d1) and
    (N, d1, d2), with at most ``max_elements`` logits in all (and at most 8 rows)."""
    max_rows = max(1, min(8, max_elements // n_classes))

    def k_dim(n: int) -> st.SearchStrategy[tuple]:
        rest = max(1, max_rows // n)  # rows left for d1 * d2
        return st.tuples(st.just(n), st.integers(1, rest)) | st.tuples(st.just(n), st.just(1), st.integers(1, rest))

    shapes = [st.tuples(st.integers(1, max_rows)), st.just(()), st.integers(1, max_rows).flatmap(k_dim)]
    return st.one_of(*shapes, st.just((0,)))


# Absolute spikes: just past exp's overflow (88.72, 709.78), the 95, and beyond.
EDGE_SPIKES = {
    np.dtype(np.float32): st.sampled_from([89.0, 95.0, 200.0, 745.0, 1e4]) | st.floats(88.8, 300),
    np.dtype(np.float64): st.sampled_from([710.0, 745.0, 800.0, 1e4]) | st.floats(709.8, 2000),
}


@st.composite
def edge_logits(draw, dtype, batch_shape: tuple, n_classes: int) -> np.ndarray:
    """Logits (*batch_shape, C): each row at a level from ``edge_levels`` with a spread of 0 (all equal) to 5
    around it, and some rows with one spike, a logit far above the rest, at a column from ``spike_columns``.

    The bulk comes from a seeded numpy generator (hypothesis draws the seed): wide rows stay cheap to draw.
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rows = int(np.prod(batch_shape))
    levels = draw(st.lists(edge_levels(dtype, n_classes), min_size=1, max_size=max(1, rows)))
    spread = draw(st.sampled_from([0.0, 0.01, 1.0, 5.0]))
    z = np.resize(np.asarray(levels), (rows, 1)) + spread * rng.standard_normal((rows, n_classes))
    for row in draw(st.lists(st.integers(0, rows - 1), max_size=rows)) if rows else []:
        column = draw(spike_columns(n_classes))
        if draw(st.booleans()):
            z[row, column] = z[row].max() + draw(spike_jumps(dtype))  # relative to the row
        else:
            z[row, column] = draw(EDGE_SPIKES[np.dtype(dtype)])  # an absolute value past exp's overflow
    return z.astype(dtype).reshape(*batch_shape, n_classes)


@st.composite
def edge_class_weights(draw, n_classes: int, dtype):
    """None, or a weight per class (C,) in [0.25, 3] with some exact zeros and some large values (up to
    ``LARGE_WEIGHT``), the first and last class often among them."""
    if draw(st.booleans()):
        return None
    w = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).uniform(0.25, 3.0, n_classes)
    for value in (0.0, LARGE_WEIGHT):
        for column in draw(st.lists(spike_columns(n_classes), max_size=3)):
            w[column] = value
    return w.astype(dtype)


@st.composite
def edge_probabilities(draw, shape, dtype) -> np.ndarray:
    """Probability targets (..., C) for rows of any width: seeded random distributions with exact zeros,
    one-hot rows on the first or last class, and uniform rows."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_classes = shape[-1]
    t = rng.dirichlet(np.full(n_classes, 0.5), size=shape[:-1])
    t[rng.random(t.shape) < draw(st.sampled_from([0.0, 0.5, 0.9]))] = 0.0  # exact zeros
    rows = t.reshape(-1, n_classes)
    for row in draw(st.lists(st.integers(0, max(0, rows.shape[0] - 1)), max_size=rows.shape[0])):
        kind = draw(st.sampled_from(["one_hot_first", "one_hot_last", "uniform"]))
        rows[row] = 0.0
        if kind == "uniform":
            rows[row] = 1.0 / n_classes
        else:
            rows[row, 0 if kind == "one_hot_first" else -1] = 1.0
    sums = t.sum(axis=-1, keepdims=True)
    t = np.where(sums > 0, t / np.where(sums > 0, sums, 1.0), 1.0 / n_classes)  # zeroed rows: uniform
    return np.clip(t.astype(dtype), 0, 1)


def edge_ignore_indices(n_classes: int) -> st.SearchStrategy[int]:
    """torch's default -100, another negative, a real class (the first or the last) or one past every class."""
    return st.sampled_from([-100, -1, 0, n_classes - 1, n_classes + 7])


@st.composite
def fused_edge_cases(draw, dtype=None, n_classes=None, soft=None, max_elements: int = MAX_FUSED_ELEMENTS):
    """(logits (..., C), target, kwargs) on the edges of the fused pass, for ``cross_entropy_and_grad`` and
    torch alike.

    C is ``n_classes`` (an int or a strategy; by default ``fused_class_counts``); batch shapes come from
    ``fused_batch_shapes``, logits from ``edge_logits``. kwargs hold ``reduction`` (any), ``label_smoothing``
    (0, 0.1, 1 or any in [0, 1]), ``weight`` (from ``edge_class_weights``) and, for class-index targets, an
    ``ignore_index`` from ``edge_ignore_indices`` that some targets may equal. ``soft=True`` gives
    probability targets (``edge_probabilities``), ``False`` class indices, None either; batches may be empty
    with either kind of target.
    """
    dtype = draw(dtypes) if dtype is None else dtype
    n_classes = fused_class_counts() if n_classes is None else n_classes
    if isinstance(n_classes, st.SearchStrategy):
        n_classes = draw(n_classes)
    soft = draw(st.booleans()) if soft is None else soft
    batch_shape = draw(fused_batch_shapes(n_classes, max_elements))
    z = draw(edge_logits(dtype, batch_shape, n_classes))
    kwargs = {
        "weight": draw(edge_class_weights(n_classes, dtype)),
        "reduction": draw(st.sampled_from(REDUCTIONS)),
        "label_smoothing": draw(st.sampled_from(LABEL_SMOOTHINGS) | st.floats(0, 1)),
    }
    if soft:
        return z, draw(edge_probabilities(z.shape, dtype)), kwargs
    kwargs["ignore_index"] = draw(edge_ignore_indices(n_classes))
    return z, draw(class_indices(batch_shape, n_classes, kwargs["ignore_index"])), kwargs


# --- calibration, focal loss and distillation (course_lib/calibration.py, focal.py, distillation.py) -------


@st.composite
def probability_rows_and_targets(draw, max_rows: int = 40, max_classes: int = 6, dtype=None):
    """(probs (N, C), target (N,)): probability rows (some one-hot, some uniform, some with exact zeros) and
    class indices, N >= 1 and C >= 1, in float32 or float64."""
    dtype = draw(dtypes) if dtype is None else dtype
    n_rows, n_classes = draw(st.integers(1, max_rows)), draw(st.integers(1, max_classes))
    probs = draw(probability_vectors((n_rows, n_classes), dtype))
    return probs, draw(class_indices((n_rows,), n_classes))


@st.composite
def edge_confidence_rows(draw, n_bins: int, max_rows: int = 30):
    """(probs (N, 2), target (N,)) in float64 whose top-label confidences are often exactly a bin edge k/n,
    the smallest value above one, or the largest below one (two classes: rows (c, 1 - c), 1 - c exact for
    c >= 1/2)."""
    edges = [k / n_bins for k in range(n_bins + 1) if k / n_bins >= 0.5]
    near_edge = st.sampled_from(edges).flatmap(
        lambda e: st.sampled_from([e, float(np.nextafter(e, 2.0)), float(np.nextafter(e, 0.0))])
    )
    confidence = st.one_of(near_edge, st.floats(0.5, 1.0)).map(lambda c: min(max(c, 0.5), 1.0))
    c = np.array(draw(st.lists(confidence, min_size=1, max_size=max_rows)))
    top = np.array(draw(st.lists(st.integers(0, 1), min_size=len(c), max_size=len(c))))
    probs = np.where(top[:, None] == np.arange(2), c[:, None], 1 - c[:, None])
    return probs, draw(class_indices((len(c),), 2))


@st.composite
def logits_with_a_best_temperature(draw, dtype=None, max_rows: int = 30, max_classes: int = 6):
    """(logits (N, C), target (N,)) for which the mean NLL of softmax(logits / T) has a finite minimiser T > 0:
    some true class below its row's max (so T -> 0 does not keep improving) and the mean true logit above
    the mean logit (so T -> infinity does not either)."""
    dtype = draw(dtypes) if dtype is None else dtype
    n_rows, n_classes = draw(st.integers(2, max_rows)), draw(st.integers(2, max_classes))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scale = draw(st.sampled_from([0.1, 1.0, 5.0, 50.0]) | st.floats(0.05, 100))
    target = rng.integers(0, n_classes, n_rows)
    z = scale * rng.standard_normal((n_rows, n_classes))
    z[np.arange(n_rows), target] += scale * draw(st.floats(0.2, 4.0))  # better than chance on average
    wrong = draw(st.integers(0, n_rows - 1))  # at least one sample the model gets wrong
    z[wrong, target[wrong]] = z[wrong].min() - scale * draw(st.floats(0.01, 2.0))
    others = np.arange(n_rows) != wrong
    # raising z_iy by d lowers mean_c z_ic - z_iy by d (1 - 1/C): raise the other rows' true logits until
    # mean_i (mean_c z_ic - z_iy) < 0, with a margin
    slope = np.mean(z.mean(axis=-1) - z[np.arange(n_rows), target])
    if slope >= -0.05 * scale:
        d = (slope + 0.1 * scale) * n_rows / (others.sum() * (1 - 1 / n_classes))
        z[np.flatnonzero(others), target[others]] += d
    return z.astype(dtype), target


@st.composite
def student_and_teacher_logits(draw, dtype=None, extreme: bool = False):
    """(student (N, C), teacher (N, C)): two arrays of logits of one shape and dtype, moderate or extreme."""
    s = draw(logits(dtype=dtype, extreme=extreme))
    return s, draw(logits(dtype=s.dtype, shape=s.shape, extreme=extreme))


FOCAL_GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)
TEMPERATURES = (0.5, 1.0, 4.0, 20.0)


# --- large-vocabulary cross-entropy without the logits (course_lib/linear_ce.py) ----------------------------


@st.composite
def linear_ce_cases(draw, dtype=None, max_tokens: int = 12, max_width: int = 6, max_vocab: int = 10):
    """(hidden (N, D), weight (V, D), target (N,), kwargs) for linear_cross_entropy and torch alike.

    N from 0 (an empty batch) to ``max_tokens``, D and V from 1; values from a seeded generator (hypothesis
    draws the seed), scaled so that the logits range from about +-1 to about +-30. kwargs hold ``bias`` (None
    or (V,)), ``ignore_index`` (torch's -100, another negative, a real class, or one past every class) that some
    targets, or all, may equal, ``reduction``, ``label_smoothing`` (0, 0.1, 1 or any in [0, 1]), ``z_loss``
    (0, 1e-4, 0.1 or any in [0, 1]) and ``chunk_size`` (None or 1 to N + 2 tokens per block).
    """
    dtype = draw(dtypes) if dtype is None else dtype
    n_tokens = draw(st.integers(0, max_tokens))
    width, vocab = draw(st.integers(1, max_width)), draw(st.integers(1, max_vocab))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scale = draw(st.sampled_from([0.3, 1.0, 3.0, 10.0]))
    hidden = (scale * rng.standard_normal((n_tokens, width))).astype(dtype)
    weight = rng.standard_normal((vocab, width)).astype(dtype)
    bias = (scale * rng.standard_normal(vocab)).astype(dtype) if draw(st.booleans()) else None
    ignore_index = draw(st.sampled_from([-100, -1, 0, vocab - 1, vocab + 3]))
    target = draw(class_indices((n_tokens,), vocab, ignore_index))
    kwargs = {
        "bias": bias,
        "ignore_index": ignore_index,
        "reduction": draw(st.sampled_from(REDUCTIONS)),
        "label_smoothing": draw(st.sampled_from(LABEL_SMOOTHINGS) | st.floats(0, 1)),
        "z_loss": draw(st.sampled_from([0.0, 1e-4, 0.1]) | st.floats(0, 1)),
        "chunk_size": draw(st.none() | st.integers(1, n_tokens + 2)),
    }
    return hidden, weight, target, kwargs


@st.composite
def split_rows(draw, dtype=None, max_vocab: int = 40, extreme: bool = True):
    """(z (..., V), blocks): logits with a leading shape of up to two axes, and the same logits cut along the
    last axis at random points into consecutive blocks (empty blocks included) whose concatenation is z.

    With ``extreme``, entries include the values of ``EXTREME_VALUES`` and -inf (some rows all -inf).
    """
    dtype = draw(dtypes) if dtype is None else dtype
    leading = draw(st.sampled_from([(), (1,), (3,), (2, 3)]))
    vocab = draw(st.integers(1, max_vocab))
    elements = finite_floats(dtype, 30.0)
    if extreme:
        elements = st.one_of(elements, st.sampled_from(EXTREME_VALUES + (-np.inf,)))
    z = draw(hnp.arrays(dtype, (*leading, vocab), elements=elements))
    cuts = sorted(draw(st.lists(st.integers(0, vocab), max_size=6)))
    return z, np.split(z, cuts, axis=-1)
