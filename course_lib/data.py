"""Small data sets for the course: Fisher's Iris and the UCI handwritten digits (bundled, no network), and
seeded Gaussian blobs.

Derived in: book chapter "The pipeline" (Iris), "Choosing and trusting the loss" (digits) and the classifier
tests (blobs).
"""

from __future__ import annotations

import csv
import gzip
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


def load_digits() -> Dataset:
    """The UCI handwritten digits: 1,797 images of 8 x 8 pixels, each pixel a count from 0 to 16, classes 0-9.

    Read from the gzipped CSV bundled with course_lib (``course_lib/data/digits.csv.gz``, the copy that
    scikit-learn ships; source, licence (CC BY 4.0) and citation in ``course_lib/data/README.md``): the test
    part of "Optical Recognition of Handwritten Digits", E. Alpaydin and C. Kaynak (1998), UCI Machine
    Learning Repository, doi:10.24432/C50P49. Each 32 x 32 bitmap of a handwritten digit was divided into
    4 x 4 blocks and the ink ("on") pixels of each block counted, so a feature is an integer from 0 to 16.
    Equal to ``sklearn.datasets.load_digits(return_X_y=True)``.

    Returns
    -------
    Dataset with X float64 (1797, 64), the pixels of each image row by row (feature ``pixel_r_c`` is row r,
    column c, both from 0, so ``X[i].reshape(8, 8)`` is image i), y int64 (1797,) in {0, ..., 9} (the digit
    drawn, about 180 of each), feature_names, and class_names ``("0", ..., "9")``.

    Examples
    --------
    >>> digits = load_digits()
    >>> digits.X.shape, digits.class_names[:3], int(digits.X.max())
    ((1797, 64), ('0', '1', '2'), 16)
    """
    raw = resources.files("course_lib").joinpath("data/digits.csv.gz").read_bytes()
    rows = list(csv.reader(gzip.decompress(raw).decode("ascii").splitlines()))
    values = np.array(rows, dtype=np.float64)  # 64 pixel counts, then the digit
    X, y = values[:, :-1], values[:, -1].astype(np.int64)
    feature_names = tuple(f"pixel_{r}_{c}" for r in range(8) for c in range(8))
    return Dataset(X, y, feature_names, tuple(str(d) for d in range(10)))


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
