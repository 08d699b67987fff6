"""Figures of the chapter "The pipeline" (book/06_pipeline.ipynb)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import ListedColormap

from ._style import CYCLE, MARKERS, PALETTE, book_figure, line_style, new_figure

__all__ = ["loss_curves", "decision_regions"]

MARKS_PER_CURVE = 10  # a marker every len(history) / 10 epochs: visible, but not a solid band


@book_figure
def loss_curves(histories: dict, title: str = "Training loss", log_y: bool = False):
    """One line per training run: the mean cross-entropy of each epoch against the epoch number.

    Parameters
    ----------
    histories : {label: sequence of per-epoch losses}, e.g. the lists returned by ``LinearClassifier.fit``
    title : the axes title
    log_y : use a logarithmic y-axis

    Returns
    -------
    matplotlib Figure; line k has x-data 1..len(history) and y-data the k-th history, labelled by its
    key. Lines differ by colour, line style and marker shape, so overlapping curves stay apart.
    """
    fig, ax = new_figure()
    for k, (label, history) in enumerate(histories.items()):
        h = np.asarray(history, dtype=np.float64)
        ax.plot(
            np.arange(1, h.size + 1),
            h,
            **line_style(k),
            markevery=max(1, h.size // MARKS_PER_CURVE),
            markersize=6,
            label=label,
        )
    ax.set(xlabel="epoch", ylabel="mean cross-entropy (training set)", title=title)
    if log_y:
        ax.set_yscale("log")
    ax.legend()
    return fig


@book_figure
def decision_regions(
    model,
    X,
    y,
    feature_names: Sequence[str],
    class_names: Sequence[str],
    resolution: int = 300,
    margin: float = 0.5,
    transform=None,
):
    """The class a 2-feature classifier predicts over a grid, with the data points on top.

    Parameters
    ----------
    model : anything with ``predict(X) -> class indices`` taking 2 features (e.g. a ``LinearClassifier``)
    X : array (N, 2), the points to draw, in the units shown on the axes
    y : int array (N,), their true classes
    feature_names, class_names : axis labels and legend entries
    resolution : grid points per axis
    margin : how far the grid extends beyond the data, in axis units
    transform : optional function mapping axis units to the model's inputs (e.g. standardisation);
        the model then sees ``transform(grid)`` while the axes show the original units

    Returns
    -------
    matplotlib Figure: a filled region per predicted class (light Okabe-Ito colours; filled path c is
    where the model predicts class c), black lines where the prediction changes, and one scatter per
    class, each with its own colour and marker shape, labelled by class name.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    n_classes = len(class_names)
    colors = CYCLE[:n_classes]
    x0 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    x1 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    G0, G1 = np.meshgrid(x0, x1)  # G0[r, k] = x0[k], G1[r, k] = x1[r]: rows run along the y-axis
    grid = np.column_stack([G0.ravel(), G1.ravel()])
    inputs = grid if transform is None else transform(grid)
    pred = np.asarray(model.predict(inputs)).reshape(G0.shape)
    fig, ax = new_figure(width=6.4, height=4.8)
    ax.grid(False)
    levels = np.arange(n_classes + 1) - 0.5  # class c fills the band (c - 0.5, c + 0.5)
    ax.contourf(G0, G1, pred, levels=levels, cmap=ListedColormap(colors), alpha=0.25)
    ax.contour(G0, G1, pred, levels=levels[1:-1], colors=PALETTE["black"], linewidths=0.8)
    for c, name in enumerate(class_names):
        pts = X[y == c]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            color=colors[c],
            marker=MARKERS[c % len(MARKERS)],  # one marker shape per class, as well as its colour
            edgecolor=PALETTE["black"],
            linewidth=0.5,
            s=36,
            label=name,
        )
    ax.set(
        xlabel=feature_names[0],
        ylabel=feature_names[1],
        title="Decision regions of a linear classifier",
    )
    ax.legend(title="true class", loc="lower right")
    return fig
