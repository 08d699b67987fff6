"""Tests of course_lib.plots.pipeline: each figure draws the values the chapter claims it draws."""

import numpy as np
from figure_checks import assert_legible
from matplotlib.colors import to_rgba
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure

import course_lib as cl
from course_lib import plots
from course_lib.data import make_blobs
from course_lib.plots._style import CYCLE


def trained_blob_model(seed=1):
    data = make_blobs(20, n_classes=3, n_features=2, seed=seed)
    model = cl.LinearClassifier(2, 3, seed=0)
    model.fit(data.X, data.y, lr=0.5, epochs=50)
    return data, model


def test_loss_curves_draws_one_line_per_history_with_its_values():
    histories = {"full batch": [1.0, 0.5, 0.25], "mini-batch": [0.9, 0.3, 0.1, 0.05]}
    fig = plots.loss_curves(histories, title="Two runs")
    assert isinstance(fig, Figure)
    assert_legible(fig)
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
    log_fig = plots.loss_curves(histories, log_y=True)
    assert_legible(log_fig)
    assert log_fig.axes[0].get_yscale() == "log"


def test_loss_curves_that_overlap_differ_by_colour_line_style_and_marker():
    history = list(np.linspace(1.1, 0.2, 100))
    fig = plots.loss_curves({"a": history, "b": history, "c": history})
    assert_legible(fig)
    lines = fig.axes[0].get_lines()
    for attribute in ("get_color", "get_linestyle", "get_marker"):
        assert len({getattr(line, attribute)() for line in lines}) == 3, attribute
    # markers every 10 epochs: visible on a 100-epoch curve without hiding it
    assert all(line.get_markevery() == 10 for line in lines)


def test_decision_regions_draws_each_class_with_its_own_marker():
    data, model = trained_blob_model()
    fig = plots.decision_regions(model, data.X, data.y, ["x0", "x1"], ["a", "b", "c"], resolution=50)
    assert_legible(fig)
    (ax,) = fig.axes
    scatters = ax.collections[-3:]
    for c, sc in enumerate(scatters):
        np.testing.assert_array_equal(sc.get_offsets(), data.X[data.y == c])
        assert np.allclose(sc.get_facecolor()[0], to_rgba(CYCLE[c]))
    # one marker shape per class: the marker paths differ
    paths = [tuple(map(tuple, sc.get_paths()[0].vertices.round(6))) for sc in scatters]
    assert len(set(paths)) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "c"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x0", "x1")
    assert ax.get_title() == "Decision regions of a linear classifier"


def test_decision_regions_fill_each_grid_point_with_the_class_the_model_predicts_there():
    data, model = trained_blob_model()
    resolution, margin = 60, 0.5
    fig = plots.decision_regions(
        model, data.X, data.y, ["x0", "x1"], ["a", "b", "c"], resolution=resolution, margin=margin
    )
    assert_legible(fig)
    (ax,) = fig.axes
    (filled,) = [c for c in ax.collections if isinstance(c, ContourSet) and c.filled]
    regions = filled.get_paths()  # path c: the area filled for class c
    assert len(regions) == 3
    for c in range(3):
        assert np.allclose(filled.get_facecolor()[c][:3], to_rgba(CYCLE[c])[:3])
    # the grid the figure covers, in the axes' orientation: x along a row, y down a column
    x0 = np.linspace(data.X[:, 0].min() - margin, data.X[:, 0].max() + margin, resolution)
    x1 = np.linspace(data.X[:, 1].min() - margin, data.X[:, 1].max() + margin, resolution)
    G0, G1 = np.meshgrid(x0, x1)
    pred = model.predict(np.column_stack([G0.ravel(), G1.ravel()])).reshape(G0.shape)
    assert len(np.unique(pred)) == 3  # every class has a region, so a transposed image would show
    # a point whose 8 neighbours share its class is at least half a cell from any boundary
    inner = np.zeros_like(pred, dtype=bool)
    core = pred[1:-1, 1:-1]
    inner[1:-1, 1:-1] = np.all(
        [pred[1 + i : resolution - 1 + i, 1 + j : resolution - 1 + j] == core for i in (-1, 0, 1) for j in (-1, 0, 1)],
        axis=0,
    )
    points = np.column_stack([G0[inner], G1[inner]])
    assert len(points) > 0.8 * resolution**2
    drawn = np.column_stack([region.contains_points(points) for region in regions])
    np.testing.assert_array_equal(drawn.sum(axis=1), 1)  # each point in exactly one region
    np.testing.assert_array_equal(drawn.argmax(axis=1), pred[inner])
    # the black boundaries lie at the levels between classes
    (lines,) = [c for c in ax.collections if isinstance(c, ContourSet) and not c.filled]
    np.testing.assert_array_equal(lines.levels, [0.5, 1.5])


def test_decision_regions_asks_the_model_about_the_whole_grid():
    data, model = trained_blob_model()
    calls = []

    class Recorder:
        def predict(self, X):
            calls.append(X)
            return model.predict(X)

    fig = plots.decision_regions(Recorder(), data.X, data.y, ["x0", "x1"], ["a", "b", "c"], resolution=40, margin=1.0)
    assert_legible(fig)
    (grid,) = calls
    assert grid.shape == (40 * 40, 2)
    np.testing.assert_allclose(grid[:, 0].min(), data.X[:, 0].min() - 1.0)
    np.testing.assert_allclose(grid[:, 0].max(), data.X[:, 0].max() + 1.0)
    np.testing.assert_allclose(grid[:, 1].min(), data.X[:, 1].min() - 1.0)
    np.testing.assert_allclose(grid[:, 1].max(), data.X[:, 1].max() + 1.0)


def test_decision_regions_applies_the_transform_before_predicting():
    data = make_blobs(10, n_classes=3, n_features=2, seed=2)
    seen = []

    class Recorder:
        def predict(self, X):
            seen.append(X)
            return np.arange(len(X)) % 3  # all three classes, so every level is drawn

    fig = plots.decision_regions(
        Recorder(),
        data.X,
        data.y,
        ["x0", "x1"],
        ["a", "b", "c"],
        resolution=10,
        transform=lambda G: 2.0 * G + 1.0,
    )
    assert_legible(fig)
    x_min, y_max = data.X[:, 0].min() - 0.5, data.X[:, 1].max() + 0.5
    np.testing.assert_allclose(seen[0][:, 0].min(), 2.0 * x_min + 1.0)
    np.testing.assert_allclose(seen[0][:, 1].max(), 2.0 * y_max + 1.0)
    # the axes still show the original units
    assert fig.axes[0].get_xlim()[0] <= x_min + 1e-9


def test_pipeline_figures_are_exported():
    for name in ("loss_curves", "decision_regions"):
        assert name in plots.pipeline.__all__
        assert callable(getattr(plots, name))
