"""Tests of course_lib.plots.pipeline: each figure draws the values the chapter claims it draws."""

import numpy as np
from matplotlib.figure import Figure

import course_lib as cl
from course_lib import plots
from course_lib.data import make_blobs


def test_loss_curves_draws_one_line_per_history_with_its_values():
    histories = {"full batch": [1.0, 0.5, 0.25], "mini-batch": [0.9, 0.3, 0.1, 0.05]}
    fig = plots.loss_curves(histories, title="Two runs")
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert len(lines) == 2
    for line, history in zip(lines, histories.values(), strict=True):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(1, len(history) + 1))
        np.testing.assert_array_equal(line.get_ydata(), history)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["full batch", "mini-batch"]
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "mean cross-entropy (training set)"
    assert ax.get_title() == "Two runs"
    assert ax.get_yscale() == "linear"
    assert plots.loss_curves(histories, log_y=True).axes[0].get_yscale() == "log"


def test_decision_regions_draws_each_class_with_its_own_marker_and_the_predicted_regions():
    data = make_blobs(20, n_classes=3, n_features=2, seed=1)
    model = cl.LinearClassifier(2, 3, seed=0)
    model.fit(data.X, data.y, lr=0.5, epochs=50)
    fig = plots.decision_regions(model, data.X, data.y, ["x0", "x1"], ["a", "b", "c"], resolution=50)
    (ax,) = fig.axes
    scatters = ax.collections[-3:]
    for c, sc in enumerate(scatters):
        np.testing.assert_array_equal(sc.get_offsets(), data.X[data.y == c])
    # one marker shape per class: the marker paths differ
    paths = [tuple(map(tuple, sc.get_paths()[0].vertices.round(6))) for sc in scatters]
    assert len(set(paths)) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "c"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x0", "x1")
    assert ax.get_title() == "Decision regions of a linear classifier"


def test_decision_regions_grid_holds_the_models_predictions():
    data = make_blobs(20, n_classes=3, n_features=2, seed=1)
    model = cl.LinearClassifier(2, 3, seed=0)
    model.fit(data.X, data.y, lr=0.5, epochs=50)
    calls = []

    class Recorder:
        def predict(self, X):
            calls.append(X)
            return model.predict(X)

    plots.decision_regions(Recorder(), data.X, data.y, ["x0", "x1"], ["a", "b", "c"], resolution=40, margin=1.0)
    (grid,) = calls
    assert grid.shape == (40 * 40, 2)
    np.testing.assert_allclose(grid[:, 0].min(), data.X[:, 0].min() - 1.0)
    np.testing.assert_allclose(grid[:, 1].max(), data.X[:, 1].max() + 1.0)
    # every class the model predicts somewhere on the grid is one of the three classes
    assert set(np.unique(model.predict(grid))) <= {0, 1, 2}


def test_decision_regions_applies_the_transform_before_predicting():
    data = make_blobs(10, n_classes=3, n_features=2, seed=2)
    seen = []

    class Recorder:
        def predict(self, X):
            seen.append(X)
            return np.zeros(len(X), dtype=int)

    plots.decision_regions(
        Recorder(), data.X, data.y, ["x0", "x1"], ["a", "b", "c"], resolution=10, transform=lambda G: 2.0 * G + 1.0
    )
    x_min = data.X[:, 0].min() - 0.5
    np.testing.assert_allclose(seen[0][:, 0].min(), 2.0 * x_min + 1.0)


def test_pipeline_figures_are_exported():
    for name in ("loss_curves", "decision_regions"):
        assert name in plots.pipeline.__all__
        assert callable(getattr(plots, name))
