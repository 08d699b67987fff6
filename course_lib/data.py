"""Small data sets for the course: Fisher's Iris (bundled, no network) and seeded Gaussian blobs.

Derived in: book chapter "The pipeline" (Iris) and the classifier tests (blobs).
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import NamedTuple

import numpy as np


class Dataset(NamedTuple):
    """Features X (N, D), integer labels y (N,), and the names of the features and classes."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]


def load_iris() -> Dataset:
    """Fisher's Iris data: 150 flowers, 4 measurements in cm, 3 species (50 of each).

    Read from the CSV bundled with course_lib (``course_lib/data/iris.csv``; sources and citation in
    ``course_lib/data/README.md``): R. A. Fisher (1936), The use of multiple measurements in taxonomic
    problems, Annals of Eugenics 7(2), 179-188.

    Returns
    -------
    Dataset with X float64 (150, 4), y int64 (150,) in {0, 1, 2}, feature_names, class_names.

    Examples
    --------
    >>> iris = load_iris()
    >>> iris.X.shape, iris.class_names
    ((150, 4), ('setosa', 'versicolor', 'virginica'))
    """
    text = resources.files("course_lib").joinpath("data/iris.csv").read_text(encoding="utf-8")
    header, *rows = list(csv.reader(text.splitlines()))
    class_names = tuple(dict.fromkeys(row[-1] for row in rows))  # in order of first appearance
    X = np.array([[float(v) for v in row[:-1]] for row in rows])
    y = np.array([class_names.index(row[-1]) for row in rows], dtype=np.int64)
    return Dataset(X, y, tuple(header[:-1]), class_names)


def make_blobs(
    n_per_class: int,
    n_classes: int = 3,
    n_features: int = 2,
    spread: float = 1.0,
    separation: float = 5.0,
    seed: int = 0,
) -> Dataset:
    """Gaussian blobs: n_per_class points around each of n_classes centres, reproducible by seed.

    The centres lie evenly on a circle of radius ``separation`` in the first two features (further
    features are pure noise); each point is its centre plus Gaussian noise of standard deviation
    ``spread``. A larger separation / spread ratio gives easier, more separable classes.

    Returns
    -------
    Dataset with X float64 (n_per_class * n_classes, n_features) and y int64, ordered by class.
    """
    if n_per_class < 1 or n_classes < 1 or n_features < 2:
        raise ValueError(
            f"make_blobs needs n_per_class >= 1, n_classes >= 1 and n_features >= 2, got "
            f"n_per_class={n_per_class}, n_classes={n_classes}, n_features={n_features}"
        )
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = np.zeros((n_classes, n_features))
    centres[:, 0], centres[:, 1] = separation * np.cos(angles), separation * np.sin(angles)
    y = np.repeat(np.arange(n_classes), n_per_class)
    X = centres[y] + spread * rng.standard_normal((y.size, n_features))
    names = tuple(f"x{i}" for i in range(n_features))
    return Dataset(X, y, names, tuple(f"class {c}" for c in range(n_classes)))
