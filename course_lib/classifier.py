"""The multinomial logistic classifier: x -> Wx + b -> softmax -> cross-entropy -> gradient -> update.

Derived in: book chapter "The pipeline"; its gradients in "Gradients".
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_class_indices, check_int, check_positive
from .activations import softmax
from .fused import cross_entropy_and_grad


class LinearClassifier:
    """Multinomial logistic regression (softmax regression) trained by gradient descent.

    For a batch X (N, D):  logits Z = X W^T + b  (N, C),  probabilities P = softmax(Z),
    loss = mean_i -log P[i, y_i], and with G = dL/dZ = (P - Y) / N (Y one-hot):
    dW = G^T X  (C, D),  db = sum_i G[i]  (C,).

    Parameters
    ----------
    n_features : D, the number of input features
    n_classes : C, the number of mutually exclusive classes
    seed : seeds the initial weights (small Gaussian, standard deviation 0.01) and the mini-batch order;
        the same seed gives the same model and the same training history

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
        """Raw scores Z = X W^T + b, shape (N, C). Logits, not probabilities."""
        return self._check_X(X) @ self.W.T + self.b

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities softmax(X W^T + b), shape (N, C); each row sums to 1."""
        return softmax(self.logits(X))

    def predict(self, X) -> np.ndarray:
        """The most probable class per sample, shape (N,). argmax of the logits = argmax of softmax."""
        return np.argmax(self.logits(X), axis=-1)

    def score(self, X, y) -> float:
        """Accuracy: the fraction of samples whose predicted class equals the label."""
        X = self._check_X(X)
        return float(np.mean(self.predict(X) == self._check_y(y, X)))

    def loss_and_grad(self, X, y):
        """Mean cross-entropy on (X, y) and its gradients: returns (loss, dW, db)."""
        X = self._check_X(X)
        y = self._check_y(y, X)
        loss, dlogits = cross_entropy_and_grad(X @ self.W.T + self.b, y)  # dlogits = (P - Y) / N
        dW = dlogits.T @ X  # (C, N) @ (N, D): sum over samples of outer(dlogits_i, x_i)
        db = dlogits.sum(axis=0)
        return float(loss), dW, db

    def fit(self, X, y, lr: float = 0.1, epochs: int = 100, batch_size: int | None = None) -> list[float]:
        """Gradient descent on the mean cross-entropy; returns the mean loss of each epoch.

        Full batch when ``batch_size`` is None: one step per epoch on all N samples. Otherwise the samples
        are shuffled each epoch (by a generator seeded with ``seed``) and one step is taken per mini-batch.
        An epoch's loss is the mean over its samples of the loss each one had when its step was taken
        (for full batch: the loss before the step).
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
