"""The multinomial logistic classifier: x -> Wx + b -> softmax -> cross-entropy -> gradient -> update.

:doc:`06_pipeline` derives it, and :doc:`05_gradients` its gradients.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_class_indices, check_int, check_positive
from .activations import softmax
from .fused import cross_entropy_and_grad


class LinearClassifier:
    r"""Multinomial logistic regression (softmax regression) trained by gradient descent.

    For a batch :math:`X` of shape :math:`(N, D)`, the **logits** :math:`Z` :math:`(N, C)`, the
    **probabilities** :math:`P` and the loss are

    .. math::

        Z = X W^\top + b, \qquad P = \operatorname{softmax}(Z), \qquad
        L = \frac{1}{N} \sum_i -\log P_{i, y_i},

    and with :math:`G = \partial L / \partial Z = (P - Y) / N` (:math:`Y` one-hot), the gradients are

    .. math::

        \mathrm{d}W = G^\top X \quad (C, D), \qquad \mathrm{d}b = \sum_i G_i \quad (C).

    Torch equivalent: ``torch.nn.Linear(D, C)`` trained on ``F.cross_entropy`` of its output with
    ``torch.optim.SGD(model.parameters(), lr)`` (``F = torch.nn.functional``): from the same ``W`` and ``b`` it
    takes the same full-batch steps. In scikit-learn, ``sklearn.linear_model.LogisticRegression`` fits the
    same softmax model, by L-BFGS and with an L2 penalty by default (``C=1.0``).

    Parameters
    ----------
    n_features : int
        :math:`D`, the number of input features.
    n_classes : int
        :math:`C`, the number of mutually exclusive classes.
    seed : int
        Seeds the initial weights (small Gaussian, standard deviation 0.01) and the mini-batch order; the same
        seed gives the same model and the same training history. Default: ``0``.

    Raises
    ------
    ValueError
        If ``n_features`` or ``n_classes`` is not an integer :math:`\ge 1`.

    See Also
    --------
    :doc:`06_pipeline` : the chapter that derives and trains it; its gradients in :doc:`05_gradients`.
    ~course_lib.fused.cross_entropy_and_grad : the loss and gradient it trains on.
    ~course_lib.data.load_iris : the data set the chapter trains it on.
    ~course_lib.data.make_blobs : synthetic classes of adjustable difficulty.

    Examples
    --------
    >>> from course_lib.data import make_blobs
    >>> blobs = make_blobs(50, n_classes=3)
    >>> clf = LinearClassifier(n_features=2, n_classes=3)
    >>> history = clf.fit(blobs.X, blobs.y, lr=0.5, epochs=50)
    >>> round(history[0], 4), round(history[-1], 4), clf.score(blobs.X, blobs.y)
    (1.1009, 0.0036, 1.0)

    Attributes
    ----------
    W
        float64 array (C, D), one row of weights per class.
    b
        float64 array (C,), one bias per class.
    """

    def __init__(self, n_features: int, n_classes: int, seed: int = 0):
        self.n_features = check_int(n_features, "n_features")
        self.n_classes = check_int(n_classes, "n_classes")
        self.seed = seed
        rng = np.random.default_rng(seed)
        self.W = 0.01 * rng.standard_normal((self.n_classes, self.n_features))
        self.b = np.zeros(self.n_classes)

    def _check_X(self, X) -> np.ndarray:
        X = as_float_array(X, "X")
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"X must have shape (N, {self.n_features}) (N samples, D features), got {X.shape}")
        return X

    def _check_y(self, y, X: np.ndarray) -> np.ndarray:
        # every label must lie in [0, C): a classifier has no ignore_index
        return check_class_indices(
            y, X.shape[:1], self.n_classes, ignore_index=None, input_name="X", input_shape=X.shape, name="y"
        )

    def logits(self, X) -> np.ndarray:
        r"""Raw scores :math:`Z = X W^\top + b`. Logits, not probabilities.

        Torch equivalent: calling the ``torch.nn.Linear`` layer, ``model(X)``.

        Parameters
        ----------
        X : array_like
            Inputs, one row per sample.

        Shape
        -----
        - ``X``: :math:`(N, D)`.
        - Output: :math:`(N, C)`.

        Returns
        -------
        ndarray
            The logits.

        See Also
        --------
        :doc:`06_pipeline` : the chapter that derives the pipeline.
        LinearClassifier.predict_proba : the probabilities, their softmax.

        Examples
        --------
        >>> LinearClassifier(n_features=2, n_classes=3).logits([[1.0, 2.0]]).shape
        (1, 3)
        """
        return self._check_X(X) @ self.W.T + self.b

    def predict_proba(self, X) -> np.ndarray:
        r"""Class probabilities :math:`\operatorname{softmax}(X W^\top + b)`; each row sums to 1.

        Torch equivalent: ``torch.softmax(model(X), dim=-1)``.

        Parameters
        ----------
        X : array_like
            Inputs, one row per sample.

        Shape
        -----
        - ``X``: :math:`(N, D)`.
        - Output: :math:`(N, C)`.

        Returns
        -------
        ndarray
            The probabilities.

        See Also
        --------
        :doc:`06_pipeline` : the chapter that derives the pipeline.
        LinearClassifier.logits : the scores it normalises.
        ~course_lib.activations.softmax : the normalisation.

        Examples
        --------
        >>> clf = LinearClassifier(n_features=2, n_classes=3)
        >>> float(clf.predict_proba([[1.0, 2.0]]).sum())
        1.0
        """
        return softmax(self.logits(X))

    def predict(self, X) -> np.ndarray:
        """The most probable class per sample: the argmax of the logits, which is the argmax of the softmax.

        Torch equivalent: ``model(X).argmax(dim=-1)``.

        Parameters
        ----------
        X : array_like
            Inputs, one row per sample.

        Shape
        -----
        - ``X``: :math:`(N, D)`.
        - Output: :math:`(N)`, class indices in :math:`[0, C)`.

        Returns
        -------
        ndarray of int
            The predicted classes.

        See Also
        --------
        :doc:`06_pipeline` : the chapter that derives the pipeline.
        LinearClassifier.predict_proba : the probabilities behind the choice.
        LinearClassifier.score : the fraction of correct predictions.

        Examples
        --------
        >>> clf = LinearClassifier(n_features=2, n_classes=3)
        >>> clf.predict([[1.0, 2.0], [3.0, 4.0]]).shape
        (2,)
        """
        return np.argmax(self.logits(X), axis=-1)

    def score(self, X, y) -> float:
        """Accuracy: the fraction of samples whose predicted class equals the label.

        No torch function; ``sklearn.linear_model.LogisticRegression.score`` is the same accuracy.

        Parameters
        ----------
        X : array_like
            Inputs, one row per sample.
        y : array_like of int
            Labels, class indices in :math:`[0, C)`.

        Shape
        -----
        - ``X``: :math:`(N, D)`.
        - ``y``: :math:`(N)`.

        Returns
        -------
        float
            In [0, 1].

        See Also
        --------
        :doc:`06_pipeline` : the chapter that measures it.
        LinearClassifier.predict : the predictions it counts.

        Examples
        --------
        >>> clf = LinearClassifier(n_features=1, n_classes=2)
        >>> clf.W[:] = [[-1.0], [1.0]]  # class 1 for x > 0
        >>> clf.score([[-2.0], [1.0], [3.0]], [0, 1, 0])
        0.6666666666666666
        """
        X = self._check_X(X)
        return float(np.mean(self.predict(X) == self._check_y(y, X)))

    def loss_and_grad(self, X, y):
        r"""Mean cross-entropy on ``(X, y)`` and its gradients with respect to ``W`` and ``b``.

        With :math:`G = (P - Y) / N`, the gradient with respect to the logits:
        :math:`\mathrm{d}W = G^\top X` and :math:`\mathrm{d}b = \sum_i G_i`.

        Torch equivalent: ``F.cross_entropy(model(X), y).backward()``, which leaves ``dW`` and ``db`` in
        ``model.weight.grad`` and ``model.bias.grad``.

        Parameters
        ----------
        X : array_like
            Inputs, one row per sample.
        y : array_like of int
            Labels, class indices in :math:`[0, C)`.

        Shape
        -----
        - ``X``: :math:`(N, D)`.
        - ``y``: :math:`(N)`.
        - Output ``dW``: :math:`(C, D)`; ``db``: :math:`(C)`.

        Returns
        -------
        (loss, dW, db) : tuple
            ``loss`` a float, ``dW`` and ``db`` float64 arrays.

        See Also
        --------
        :doc:`05_gradients` : the chapter that derives these gradients.
        ~course_lib.fused.cross_entropy_and_grad : computes the loss and :math:`G`.
        LinearClassifier.fit : the descent that uses them.

        Examples
        --------
        >>> clf = LinearClassifier(n_features=2, n_classes=3)
        >>> loss, dW, db = clf.loss_and_grad([[1.0, 2.0]], [0])
        >>> round(loss, 4), dW.shape, db.shape
        (1.103, (3, 2), (3,))
        """
        X = self._check_X(X)
        y = self._check_y(y, X)
        loss, dlogits = cross_entropy_and_grad(X @ self.W.T + self.b, y)  # dlogits = (P - Y) / N
        dW = dlogits.T @ X  # (C, N) @ (N, D): sum over samples of outer(dlogits_i, x_i)
        db = dlogits.sum(axis=0)
        return float(loss), dW, db

    def fit(self, X, y, lr: float = 0.1, epochs: int = 100, batch_size: int | None = None) -> list[float]:
        r"""Gradient descent on the mean cross-entropy; returns the mean loss of each epoch.

        Full batch when ``batch_size`` is None: one step per epoch on all :math:`N` samples. Otherwise the samples
        are shuffled each epoch (by a generator seeded with ``seed``) and one step is taken per mini-batch. Each
        step is :math:`W \leftarrow W - \eta\, \mathrm{d}W`, :math:`b \leftarrow b - \eta\, \mathrm{d}b` with
        :math:`\eta` = ``lr``. An epoch's loss is the mean over its samples of the loss each one had when its step
        was taken (for full batch: the loss before the step).

        Torch equivalent: a loop of ``optimizer.zero_grad()``, ``F.cross_entropy(model(X), y).backward()`` and
        ``optimizer.step()`` with ``optimizer = torch.optim.SGD(model.parameters(), lr)``.

        Parameters
        ----------
        X : array_like
            Inputs, one row per sample.
        y : array_like of int
            Labels, class indices in :math:`[0, C)`.
        lr : float
            The learning rate :math:`\eta > 0`. Default: ``0.1``.
        epochs : int
            The number of passes over the data, :math:`\ge 0`. Default: ``100``.
        batch_size : int or None
            Samples per step. Default: ``None`` (full batch).

        Shape
        -----
        - ``X``: :math:`(N, D)`.
        - ``y``: :math:`(N)`.

        Returns
        -------
        list of float
            The mean loss of each epoch, ``epochs`` values.

        Raises
        ------
        ValueError
            Naming the argument: ``X`` not of shape :math:`(N, D)`, ``y`` not :math:`N` class indices in
            :math:`[0, C)`, ``lr`` not a positive finite number, ``epochs`` or ``batch_size`` not an integer in
            range.

        See Also
        --------
        :doc:`06_pipeline` : the chapter that trains it on Iris.
        LinearClassifier.loss_and_grad : the loss and gradients of each step.

        Examples
        --------
        >>> clf = LinearClassifier(n_features=1, n_classes=2)
        >>> history = clf.fit([[-1.0], [1.0]], [0, 1], lr=1.0, epochs=3)
        >>> [round(loss, 3) for loss in history]
        [0.694, 0.314, 0.195]
        """
        X = self._check_X(X)
        y = self._check_y(y, X)
        lr = check_positive(lr, "lr")
        epochs = check_int(epochs, "epochs", minimum=0)
        if batch_size is not None:
            batch_size = check_int(batch_size, "batch_size")
        n = X.shape[0]
        rng = np.random.default_rng(self.seed)
        history = []
        for _ in range(epochs):
            if batch_size is None:
                batches = [slice(None)]
            else:
                order = rng.permutation(n)
                batches = [order[i : i + batch_size] for i in range(0, n, batch_size)]
            epoch_total = 0.0
            for idx in batches:
                loss, dW, db = self.loss_and_grad(X[idx], y[idx])
                self.W -= lr * dW
                self.b -= lr * db
                epoch_total += loss * len(y[idx])
            history.append(epoch_total / n)
        return history
