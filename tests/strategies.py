"""Inputs shared by the tests: hypothesis strategies (logits, probabilities, class-index targets, dtypes)
and fixed, seeded cases for the parametrized PyTorch-parity tests.

Inputs only: no strategy calls course_lib, so no expected value is ever produced by the code under test.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = (np.float32, np.float64)

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
