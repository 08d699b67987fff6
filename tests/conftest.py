"""Shared fixtures: a seeded generator, PyTorch as the oracle, tolerances, the hypothesis profile, the built book.

PyTorch puts the class axis at dim 1 (for inputs of two or more axes); course_lib puts it last. The
oracle below moves the class axis of logits and probability targets to dim 1 before calling torch and
moves gradients back, so every test compares arrays laid out the course_lib way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import settings

# Moderate example counts and no deadline: the whole suite has to run in about a minute on two cores.
# HYPOTHESIS_PROFILE=thorough searches ten times harder (for an occasional long run, not for every commit).
settings.register_profile("course_lib", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=600, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course_lib"))

# One intra-op thread per process: results do not depend on how torch splits work across threads,
# and two pytest-xdist workers do not oversubscribe two cores.
torch.set_num_threads(1)


def classes_to_dim1(x: np.ndarray) -> np.ndarray:
    """(N, d1, ..., C) -> (N, C, d1, ...), torch's layout; (C,) stays as it is."""
    return np.moveaxis(x, -1, 1) if x.ndim >= 2 else x


def classes_to_last(x: np.ndarray) -> np.ndarray:
    """(N, C, d1, ...) -> (N, d1, ..., C), course_lib's layout; (C,) stays as it is."""
    return np.moveaxis(x, 1, -1) if x.ndim >= 2 else x


def _tensor(x, requires_grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.ascontiguousarray(x), requires_grad=requires_grad)


def _optional(x):
    return None if x is None else _tensor(x)


class TorchOracle:
    """torch.nn.functional with the class axis last: every method returns (loss, gradient) as numpy arrays.

    The gradient is taken by autograd of ``loss.sum()``, so for reduction="none" it is the gradient of the
    summed per-element losses, which is what course_lib's gradients return.
    """

    @staticmethod
    def _soft(logits: np.ndarray, target: np.ndarray) -> bool:
        return np.asarray(target).dtype.kind == "f" and np.shape(target) == np.shape(logits)

    def cross_entropy(self, logits, target, weight=None, **kwargs):
        logits = np.asarray(logits)
        z = _tensor(classes_to_dim1(logits), requires_grad=True)
        t = _tensor(classes_to_dim1(target)) if self._soft(logits, target) else torch.as_tensor(np.asarray(target))
        loss = F.cross_entropy(z, t, weight=_optional(weight), **kwargs)
        loss.sum().backward()
        return loss.detach().numpy(), classes_to_last(z.grad.numpy())

    def nll_loss(self, log_probs, target, weight=None, **kwargs):
        z = _tensor(classes_to_dim1(np.asarray(log_probs)), requires_grad=True)
        loss = F.nll_loss(z, torch.as_tensor(np.asarray(target)), weight=_optional(weight), **kwargs)
        loss.sum().backward()
        return loss.detach().numpy(), classes_to_last(z.grad.numpy())

    def binary_cross_entropy(self, probs, target, weight=None, **kwargs):
        p = _tensor(probs, requires_grad=True)
        loss = F.binary_cross_entropy(p, _tensor(target), weight=_optional(weight), **kwargs)
        loss.sum().backward()
        return loss.detach().numpy(), p.grad.numpy()

    def binary_cross_entropy_with_logits(self, logits, target, weight=None, pos_weight=None, **kwargs):
        z = _tensor(logits, requires_grad=True)
        loss = F.binary_cross_entropy_with_logits(
            z, _tensor(target), weight=_optional(weight), pos_weight=_optional(pos_weight), **kwargs
        )
        loss.sum().backward()
        return loss.detach().numpy(), z.grad.numpy()


@pytest.fixture(scope="session")
def torch_ref() -> TorchOracle:
    """PyTorch as the oracle, class axis last (see :class:`TorchOracle`)."""
    return TorchOracle()


# float32 agrees with torch to a few ulps of its 24-bit mantissa; float64 to rounding of the summations.
TOLERANCES = {
    np.dtype(np.float32): {"rtol": 1e-5, "atol": 1e-6},
    np.dtype(np.float64): {"rtol": 1e-10, "atol": 1e-12},
}


def _assert_close(actual, expected, dtype=None):
    """assert_allclose with the tolerance of ``dtype`` (by default the dtype of ``expected``)."""
    expected = np.asarray(expected)
    dtype = np.dtype(dtype if dtype is not None else expected.dtype)
    np.testing.assert_allclose(actual, expected, **TOLERANCES[dtype])


@pytest.fixture(scope="session")
def assert_close():
    """``assert_close(actual, expected, dtype=None)``: rtol 1e-5 / atol 1e-6 (float32), rtol 1e-10 (float64)."""
    return _assert_close


@pytest.fixture
def rng() -> np.random.Generator:
    """A generator with a fixed seed: each test that takes it sees the same numbers on every run."""
    return np.random.default_rng(20240601)


ROOT = Path(__file__).resolve().parent.parent
# What the book's build reads: its configuration, the local Sphinx extension and templates it names, the
# chapters, and the benchmark table that the benchmarks appendix includes.
BOOK_SOURCES = ["_config.yml", "_toc.yml", "_ext", "_static", "_templates", "book", "benchmarks/README.md"]


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """(result, html): the book built from a copy of its sources, strictly (-W -n: any warning fails it)."""
    src = tmp_path_factory.mktemp("book-src")
    for name in BOOK_SOURCES:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns(".ipynb_checkpoints", "_build", "__pycache__")
            shutil.copytree(ROOT / name, src / name, ignore=ignore)
        else:
            shutil.copy(ROOT / name, src / name)
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(src), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return result, src / "_build" / "html"
