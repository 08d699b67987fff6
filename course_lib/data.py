"""Small data sets for the course: Fisher's Iris, the UCI handwritten digits and a corpus of English text
from Python's documentation (bundled, no network), and seeded Gaussian blobs.

:doc:`06_pipeline` trains on Iris, :doc:`07_choosing_the_loss` on the digits and
:doc:`08_language_models` on the text corpus; the blobs serve the classifier tests.
"""

from __future__ import annotations

import csv
import gzip
import io
from importlib import resources
from typing import NamedTuple

import numpy as np

from ._validation import check_int


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

    No torch function; in scikit-learn, ``sklearn.datasets.load_iris(return_X_y=True)`` gives the same ``X``
    and ``y`` (its feature names are spelled differently).

    Shape
    -----
    - ``X``: :math:`(150, 4)`, float64.
    - ``y``: :math:`(150)`, int64 in {0, 1, 2}.

    Returns
    -------
    Dataset
        ``X``, ``y``, ``feature_names`` (``"sepal_length_cm"``, ...) and ``class_names``.

    See Also
    --------
    :doc:`06_pipeline` : the chapter that trains a classifier on it.
    load_digits : a larger data set, 10 classes.
    make_blobs : synthetic classes of adjustable difficulty.
    ~course_lib.classifier.LinearClassifier : the classifier the chapter trains on it.

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

    No torch function; equal to ``sklearn.datasets.load_digits(return_X_y=True)``.

    Shape
    -----
    - ``X``: :math:`(1797, 64)`, float64, the pixels of each image row by row.
    - ``y``: :math:`(1797)`, int64 in {0, ..., 9}.

    Returns
    -------
    Dataset
        ``X``, the pixels of each image row by row (feature ``pixel_r_c`` is row r, column c, both from 0, so
        ``X[i].reshape(8, 8)`` is image i); ``y``, the digit drawn (about 180 of each); ``feature_names``;
        and ``class_names``, ``("0", ..., "9")``.

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that uses it.
    load_iris : a smaller data set, 3 classes.

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


class TextCorpus(NamedTuple):
    """Documents of text: their names and their texts (Python strings), in the same order."""

    names: tuple[str, ...]
    texts: tuple[str, ...]


def load_python_docs() -> TextCorpus:
    r"""English text from Python's documentation: the 79 help topics of CPython 3.11.7, 464,970 characters.

    The topics are what ``help("assert")`` or ``help("FORMATTING")`` shows in the interpreter: sections of the
    Python Language Reference and Library Reference (statements, expressions, data model, built-in types), as
    plain text. Every CPython ships them in ``Lib/pydoc_data/topics.py``, generated by Sphinx from the
    documentation; this is a fixed snapshot of that file's ``topics`` dictionary in CPython 3.11.7, bundled
    with course_lib (``course_lib/data/python_docs_topics.csv.gz``, one row per topic), so the text neither
    needs a download nor changes with the Python version. Python's documentation is licensed under the Python
    Software Foundation License Version 2; source, copyright notice and licence in ``course_lib/data/README.md``
    and ``course_lib/data/PYTHON-LICENSE.md``.

    No torch or scikit-learn function; under CPython 3.11.7 the same texts are
    ``pydoc_data.topics.topics``, a dictionary from topic name to text.

    Shape
    -----
    - ``names``, ``texts``: 79 entries each.

    Returns
    -------
    TextCorpus
        ``names``, the 79 topic names in alphabetical order (``"assert"``, ``"assignment"``, ...), and
        ``texts``, the topics' texts in the same order: str, 464,970 characters in all, 466,117 bytes in
        UTF-8 (all ASCII but 575 characters, mostly curly quotes and dashes), lines ending in ``"\n"``.

    See Also
    --------
    :doc:`08_language_models` : the chapter that uses it.
    ~course_lib.lm_metrics.bits_per_byte : how the chapter scores its models of this text.

    Examples
    --------
    >>> docs = load_python_docs()
    >>> len(docs.texts), docs.names[:3]
    (79, ('assert', 'assignment', 'async'))
    >>> print(docs.texts[0][:45])
    The "assert" statement
    **********************
    """
    raw = resources.files("course_lib").joinpath("data/python_docs_topics.csv.gz").read_bytes()
    # newline="": line breaks inside the quoted texts are kept as they are
    header, *rows = list(csv.reader(io.StringIO(gzip.decompress(raw).decode("utf-8"), newline="")))
    names, texts = zip(*rows, strict=True)
    return TextCorpus(tuple(names), tuple(texts))


def make_blobs(
    n_per_class: int,
    n_classes: int = 3,
    n_features: int = 2,
    spread: float = 1.0,
    separation: float = 5.0,
    seed: int = 0,
) -> Dataset:
    r"""Gaussian blobs: ``n_per_class`` points around each of ``n_classes`` centres, reproducible by seed.

    The centres lie evenly on a circle of radius ``separation`` in the first two features (further features
    are pure noise); each point is its centre plus Gaussian noise of standard deviation ``spread``. A larger
    separation / spread ratio gives easier, more separable classes. Centre :math:`c` of :math:`C` is

    .. math::

        \mu_c = \text{separation} \cdot \left( \cos \frac{2 \pi c}{C}, \sin \frac{2 \pi c}{C}, 0, \dots, 0
        \right).

    No torch function; scikit-learn's ``sklearn.datasets.make_blobs`` draws similar blobs, but places its
    centres at random in a box (``center_box=(-10.0, 10.0)``) and shuffles the samples by default, so its
    numbers differ.

    Parameters
    ----------
    n_per_class : int
        Points per class, :math:`\ge 1`.
    n_classes : int
        :math:`C`, the number of classes. Default: ``3``.
    n_features : int
        :math:`D \ge 2`. Default: ``2``.
    spread : float
        The standard deviation of the noise around each centre. Default: ``1.0``.
    separation : float
        The radius of the circle of centres. Default: ``5.0``.
    seed : int
        Seeds the noise: the same seed gives the same points. Default: ``0``.

    Shape
    -----
    - ``X``: :math:`(n C, D)` with :math:`n` = ``n_per_class``, float64.
    - ``y``: :math:`(n C)`, int64, ordered by class.

    Returns
    -------
    Dataset
        ``X``, ``y``, ``feature_names`` (``"x0"``, ``"x1"``, ...) and ``class_names`` (``"class 0"``, ...).

    Raises
    ------
    ValueError
        If ``n_per_class`` or ``n_classes`` is not an integer :math:`\ge 1`, or ``n_features`` not an integer
        :math:`\ge 2`.

    See Also
    --------
    :doc:`06_pipeline` : the chapter of the classifier they are made for (the chapter itself trains on Iris).
    ~course_lib.classifier.LinearClassifier : the classifier the tests train on them.
    load_iris : real data of 3 classes.

    Examples
    --------
    >>> blobs = make_blobs(2, n_classes=3)
    >>> blobs.X.shape, blobs.y
    ((6, 2), array([0, 0, 1, 1, 2, 2]))
    """
    n_per_class = check_int(n_per_class, "n_per_class")
    n_classes = check_int(n_classes, "n_classes")
    n_features = check_int(n_features, "n_features", minimum=2)
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = np.zeros((n_classes, n_features))
    centres[:, 0], centres[:, 1] = separation * np.cos(angles), separation * np.sin(angles)
    y = np.repeat(np.arange(n_classes), n_per_class)
    X = centres[y] + spread * rng.standard_normal((y.size, n_features))
    names = tuple(f"x{i}" for i in range(n_features))
    return Dataset(X, y, names, tuple(f"class {c}" for c in range(n_classes)))
