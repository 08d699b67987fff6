"""course_lib.data: the bundled Iris and digits data against published values, the bundled text of Python's
documentation against its source, and seeded Gaussian blobs."""

from __future__ import annotations

import hashlib
import sys

import numpy as np
import pytest

from course_lib.data import load_digits, load_iris, load_python_docs, make_blobs

# --- load_iris -------------------------------------------------------------------------------------------


def test_iris_has_150_flowers_4_measurements_and_50_of_each_species():
    iris = load_iris()
    assert iris.X.shape == (150, 4) and iris.X.dtype == np.float64
    assert iris.y.shape == (150,) and iris.y.dtype == np.int64
    assert np.array_equal(np.bincount(iris.y), [50, 50, 50])
    assert np.array_equal(iris.y, np.repeat([0, 1, 2], 50))  # ordered by species, as in Fisher's table
    assert iris.class_names == ("setosa", "versicolor", "virginica")
    assert len(iris.feature_names) == 4
    assert [name.split("_")[:2] for name in iris.feature_names] == [
        ["sepal", "length"],
        ["sepal", "width"],
        ["petal", "length"],
        ["petal", "width"],
    ]


@pytest.mark.parametrize(
    ("index", "row", "species"),
    [
        (0, [5.1, 3.5, 1.4, 0.2], 0),  # the first flower of Fisher's table
        (34, [4.9, 3.1, 1.5, 0.2], 0),  # sample 35: Fisher's 0.2 (the UCI copy has a petal width of 0.1)
        (37, [4.9, 3.6, 1.4, 0.1], 0),  # sample 38: Fisher's values (the UCI copy has 4.9, 3.1, 1.5, 0.1)
        (50, [7.0, 3.2, 4.7, 1.4], 1),  # the first versicolor
        (100, [6.3, 3.3, 6.0, 2.5], 2),  # the first virginica
        (149, [5.9, 3.0, 5.1, 1.8], 2),  # the last flower
    ],
)
def test_iris_rows_match_fishers_table(index, row, species):
    # values from Fisher (1936), Table I; samples 35 and 38 as corrected by Bezdek et al. (1999)
    iris = load_iris()
    assert np.array_equal(iris.X[index], row)
    assert iris.y[index] == species


def test_iris_column_ranges_and_means_match_the_published_summary():
    # UCI iris.names "Summary Statistics": min, max and mean (2 decimals) per column; the sepal width mean is left
    # out because the two corrected samples move it from 3.054 (UCI's copy) to 3.057 (Fisher's)
    X = load_iris().X
    assert np.array_equal(X.min(axis=0), [4.3, 2.0, 1.0, 0.1])
    assert np.array_equal(X.max(axis=0), [7.9, 4.4, 6.9, 2.5])
    np.testing.assert_allclose(X.mean(axis=0)[[0, 2, 3]], [5.84, 3.76, 1.20], atol=0.005)


def test_load_iris_returns_fresh_arrays_on_every_call():
    first = load_iris()
    first.X[0, 0] = -1.0
    assert load_iris().X[0, 0] == 5.1


# --- make_blobs ------------------------------------------------------------------------------------------


def test_make_blobs_is_reproducible_by_seed():
    a, b = make_blobs(10, n_classes=4, n_features=3, seed=5), make_blobs(10, n_classes=4, n_features=3, seed=5)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    c = make_blobs(10, n_classes=4, n_features=3, seed=6)
    assert not np.array_equal(a.X, c.X)
    assert np.array_equal(a.y, c.y)  # the labels depend only on the sizes


def test_make_blobs_shapes_labels_and_names():
    d = make_blobs(7, n_classes=4, n_features=3)
    assert d.X.shape == (28, 3) and d.X.dtype == np.float64
    assert d.y.dtype == np.int64
    assert np.array_equal(d.y, np.repeat(np.arange(4), 7))  # ordered by class
    assert d.feature_names == ("x0", "x1", "x2")
    assert d.class_names == ("class 0", "class 1", "class 2", "class 3")


def test_make_blobs_centres_lie_on_a_circle_of_radius_separation_with_noise_of_std_spread():
    n, n_classes, separation, spread = 4000, 3, 4.0, 0.5
    d = make_blobs(n, n_classes=n_classes, n_features=3, spread=spread, separation=separation, seed=0)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    expected_centres = np.stack([separation * np.cos(angles), separation * np.sin(angles), np.zeros(3)], axis=1)
    centres = np.stack([d.X[d.y == c].mean(axis=0) for c in range(n_classes)])
    # the mean of 4000 draws of std 0.5 has a standard error of 0.008: 0.04 is five of them
    np.testing.assert_allclose(centres, expected_centres, atol=0.04)
    residuals = d.X - expected_centres[d.y]
    np.testing.assert_allclose(residuals.std(axis=0), spread, rtol=0.03)


# --- load_digits ------------------------------------------------------------------------------------------


def test_digits_have_1797_images_of_64_pixels_with_values_0_to_16_and_labels_0_to_9():
    digits = load_digits()
    assert digits.X.shape == (1797, 64) and digits.X.dtype == np.float64
    assert digits.y.shape == (1797,) and digits.y.dtype == np.int64
    assert digits.X.min() == 0 and digits.X.max() == 16
    assert np.array_equal(digits.X, np.round(digits.X))  # counts of pixels: whole numbers
    assert set(np.unique(digits.y)) == set(range(10))
    # the class counts of UCI's optdigits.tes, the test part of the data set
    assert np.array_equal(np.bincount(digits.y), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    assert digits.class_names == tuple(str(d) for d in range(10))
    assert len(digits.feature_names) == 64
    assert digits.feature_names[:2] == ("pixel_0_0", "pixel_0_1") and digits.feature_names[-1] == "pixel_7_7"


def test_digits_first_image_is_the_zero_of_the_uci_file():
    # the first line of optdigits.tes: a 0, its 8 x 8 pixel counts row by row
    digits = load_digits()
    first = [
        [0, 0, 5, 13, 9, 1, 0, 0],
        [0, 0, 13, 15, 10, 15, 5, 0],
        [0, 3, 15, 2, 0, 11, 8, 0],
        [0, 4, 12, 0, 0, 8, 8, 0],
        [0, 5, 8, 0, 0, 9, 8, 0],
        [0, 4, 11, 0, 1, 12, 7, 0],
        [0, 2, 14, 5, 10, 12, 0, 0],
        [0, 0, 6, 13, 10, 0, 0, 0],
    ]
    assert np.array_equal(digits.X[0].reshape(8, 8), first)
    assert digits.y[0] == 0


def test_digits_equal_scikit_learns_copy():
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = datasets.load_digits(return_X_y=True)
    digits = load_digits()
    assert np.array_equal(digits.X, X)
    assert np.array_equal(digits.y, y)
    names = datasets.load_digits().feature_names
    assert list(digits.feature_names) == list(names)


def test_load_digits_returns_fresh_arrays_on_every_call():
    first = load_digits()
    first.X[0, 0] = -1.0
    first.y[0] = 9
    again = load_digits()
    assert again.X[0, 0] == 0.0 and again.y[0] == 0


# --- load_python_docs -------------------------------------------------------------------------------------

# SHA-256 of the 79 texts joined in the order of their names, UTF-8: computed from the `topics` dictionary of
# CPython 3.11.7's Lib/pydoc_data/topics.py when the snapshot was made
PYTHON_DOCS_SHA256 = "37d06970fc926e60c16dff401e441b84752446a36b6b64516c229fdec77e992c"


def test_python_docs_are_the_79_help_topics_of_python_3_11_7_in_alphabetical_order():
    docs = load_python_docs()
    assert len(docs.names) == len(docs.texts) == 79
    assert list(docs.names) == sorted(docs.names) and len(set(docs.names)) == 79
    assert docs.names[:3] == ("assert", "assignment", "async") and docs.names[-1] == "yield"
    text = "".join(docs.texts)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == PYTHON_DOCS_SHA256


def test_python_docs_are_english_text_of_the_stated_size():
    docs = load_python_docs()
    assert all(isinstance(t, str) and t for t in docs.texts)
    text = "".join(docs.texts)
    assert len(text) == 464_970 and len(text.encode("utf-8")) == 466_117
    assert sum(ord(c) > 127 for c in text) == 575  # curly quotes, dashes, an ellipsis, a degree sign, a sharp s
    assert "\r" not in text and all(c.isprintable() or c == "\n" for c in text)
    words = text.split()
    assert len(words) > 60_000
    # English prose: "the" is the most common word, as in any sizeable English text
    counts = {}
    for w in words:
        counts[w.lower()] = counts.get(w.lower(), 0) + 1
    assert max(counts, key=counts.get) == "the"
    assert docs.texts[docs.names.index("assert")].startswith('The "assert" statement\n**********************\n')


@pytest.mark.skipif(sys.version_info[:3] != (3, 11, 7), reason="the snapshot is of CPython 3.11.7's topics")
def test_python_docs_equal_the_topics_this_python_ships():
    from pydoc_data.topics import topics

    docs = load_python_docs()
    assert dict(zip(docs.names, docs.texts, strict=True)) == topics


def test_load_python_docs_returns_the_same_texts_on_every_call():
    assert load_python_docs() == load_python_docs()
