"""course_lib.classifier.LinearClassifier: gradients against finite differences and torch, training against a
torch replica, separation of blobs and Iris, determinism by seed, and the meaning of the training history."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import course_lib as cl
from course_lib.data import load_iris, make_blobs


def model_with(W: np.ndarray, b: np.ndarray) -> cl.LinearClassifier:
    clf = cl.LinearClassifier(n_features=W.shape[1], n_classes=W.shape[0])
    clf.W, clf.b = W.copy(), b.copy()
    return clf


@pytest.fixture
def problem(rng):
    """A small random problem: X (9, 4), y (9,) over C = 3 classes, and non-trivial W (3, 4), b (3,)."""
    X = rng.standard_normal((9, 4))
    y = rng.integers(0, 3, 9)
    return X, y, rng.standard_normal((3, 4)), rng.standard_normal(3)


# --- gradients -------------------------------------------------------------------------------------------


def test_loss_and_grad_matches_finite_differences(problem):
    X, y, W, b = problem
    loss, dW, db = model_with(W, b).loss_and_grad(X, y)
    assert dW.shape == (3, 4) and db.shape == (3,)
    numeric_dW = cl.numerical_gradient(lambda v: model_with(v, b).loss_and_grad(X, y)[0], W)
    numeric_db = cl.numerical_gradient(lambda v: model_with(W, v).loss_and_grad(X, y)[0], b)
    np.testing.assert_allclose(dW, numeric_dW, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, numeric_db, rtol=1e-6, atol=1e-9)


def test_loss_and_grad_matches_torch(problem, torch_ref):
    X, y, W, b = problem
    loss, dW, db = model_with(W, b).loss_and_grad(X, y)
    # F.cross_entropy(F.linear(X, W, b), y): the mean loss and its gradients with respect to W and b
    expected_loss, _, expected_dW, expected_db, _ = torch_ref.linear_cross_entropy(X, W, y, bias=b)
    assert isinstance(loss, float)
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-12)
    np.testing.assert_allclose(dW, expected_dW, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(db, expected_db, rtol=1e-10, atol=1e-14)


def test_logits_probabilities_and_predictions_by_hand():
    # W picks feature c as the logit of class c: the prediction is the index of the larger feature
    clf = model_with(np.eye(2), np.array([0.0, 0.5]))
    X = np.array([[2.0, 1.0], [0.0, 3.0], [5.0, 0.0], [1.0, 1.0]])
    assert np.array_equal(clf.logits(X), [[2.0, 1.5], [0.0, 3.5], [5.0, 0.5], [1.0, 1.5]])
    assert np.array_equal(clf.predict(X), [0, 1, 0, 1])
    # p_1 = sigma(z_1 - z_0): for the first row sigma(-0.5) = 1 / (1 + e^0.5)
    np.testing.assert_allclose(clf.predict_proba(X)[0], [1 - 1 / (1 + math.exp(0.5)), 1 / (1 + math.exp(0.5))])
    np.testing.assert_allclose(clf.predict_proba(X).sum(axis=1), 1.0, rtol=1e-15)
    assert clf.score(X, np.array([0, 1, 1, 1])) == 0.75


def test_a_new_model_starts_near_the_uniform_loss_log_C():
    # weights of standard deviation 0.01 and zero biases: logits near 0, every class near 1/C
    X, y, _, _ = make_blobs(20, n_classes=4, separation=1.0, seed=3)
    clf = cl.LinearClassifier(n_features=2, n_classes=4, seed=0)
    assert np.array_equal(clf.b, np.zeros(4))
    assert 0.001 < clf.W.std() < 0.1
    assert abs(clf.loss_and_grad(X, y)[0] - math.log(4)) < 0.05


# --- training --------------------------------------------------------------------------------------------


def test_full_batch_fit_takes_the_same_steps_as_gradient_descent_in_torch():
    X, y, _, _ = make_blobs(15, n_classes=3, seed=4)
    clf = cl.LinearClassifier(n_features=2, n_classes=3, seed=5)
    Wt = torch.tensor(clf.W.copy(), requires_grad=True)
    bt = torch.tensor(clf.b.copy(), requires_grad=True)
    expected_history = []
    for _ in range(25):
        loss = F.cross_entropy(torch.tensor(X) @ Wt.T + bt, torch.tensor(y))
        expected_history.append(loss.item())  # the loss before the step
        loss.backward()
        with torch.no_grad():
            Wt -= 0.3 * Wt.grad
            bt -= 0.3 * bt.grad
        Wt.grad, bt.grad = None, None
    history = clf.fit(X, y, lr=0.3, epochs=25)
    np.testing.assert_allclose(history, expected_history, rtol=1e-10)
    np.testing.assert_allclose(clf.W, Wt.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(clf.b, bt.detach().numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("batch_size", [None, 16], ids=["full_batch", "mini_batch_16"])
def test_fit_separates_well_separated_blobs(batch_size):
    train = make_blobs(50, n_classes=3, spread=1.0, separation=5.0, seed=0)
    test = make_blobs(50, n_classes=3, spread=1.0, separation=5.0, seed=1)  # same centres, fresh noise
    clf = cl.LinearClassifier(n_features=2, n_classes=3, seed=0)
    history = clf.fit(train.X, train.y, lr=0.1, epochs=100, batch_size=batch_size)
    assert len(history) == 100
    assert clf.score(train.X, train.y) >= 0.95
    assert clf.score(test.X, test.y) >= 0.95
    assert history[-1] < 0.1 * history[0]


def test_full_batch_loss_decreases_every_epoch_with_a_small_step():
    X, y, _, _ = make_blobs(30, n_classes=3, spread=2.0, separation=3.0, seed=2)
    history = cl.LinearClassifier(n_features=2, n_classes=3).fit(X, y, lr=0.05, epochs=50)
    assert np.all(np.diff(history) < 0)


def test_standardised_iris_is_learned_to_at_least_90_percent_accuracy():
    iris = load_iris()
    X = (iris.X - iris.X.mean(axis=0)) / iris.X.std(axis=0)
    clf = cl.LinearClassifier(n_features=4, n_classes=3, seed=0)
    history = clf.fit(X, iris.y, lr=0.5, epochs=300)
    assert clf.score(X, iris.y) >= 0.9
    assert history[0] == pytest.approx(math.log(3), abs=0.05)  # starts near the uniform loss
    assert history[-1] < 0.2


@pytest.mark.parametrize("batch_size", [None, 7], ids=["full_batch", "mini_batch_7"])
def test_same_seed_gives_identical_weights_and_history(batch_size):
    X, y, _, _ = make_blobs(20, n_classes=3, seed=6)
    runs = []
    for _ in range(2):
        clf = cl.LinearClassifier(n_features=2, n_classes=3, seed=42)
        runs.append((clf.fit(X, y, lr=0.2, epochs=10, batch_size=batch_size), clf.W, clf.b))
    (h1, W1, b1), (h2, W2, b2) = runs
    assert h1 == h2
    assert np.array_equal(W1, W2) and np.array_equal(b1, b2)


def test_different_seeds_give_different_initial_weights_batch_orders_and_histories():
    X, y, _, _ = make_blobs(20, n_classes=3, seed=6)
    a, b = (cl.LinearClassifier(n_features=2, n_classes=3, seed=s) for s in (1, 2))
    assert not np.array_equal(a.W, b.W)
    ha, hb = a.fit(X, y, lr=0.2, epochs=5, batch_size=7), b.fit(X, y, lr=0.2, epochs=5, batch_size=7)
    assert ha != hb
    assert not np.array_equal(a.W, b.W)


def test_mini_batch_epoch_loss_is_the_mean_over_samples_not_over_batches():
    # with a negligible step nothing moves, so every epoch's loss is the full-batch loss at the start; batches of
    # 7 from 60 samples leave a last batch of 4, so a plain mean of batch means would differ
    X, y, _, _ = make_blobs(20, n_classes=3, spread=3.0, seed=7)
    clf = cl.LinearClassifier(n_features=2, n_classes=3, seed=8)
    clf.W = np.random.default_rng(9).standard_normal((3, 2))
    initial_loss = clf.loss_and_grad(X, y)[0]
    history = clf.fit(X, y, lr=1e-300, epochs=3, batch_size=7)
    np.testing.assert_allclose(history, [initial_loss] * 3, rtol=1e-12)


def test_one_mini_batch_of_all_samples_takes_the_full_batch_step():
    X, y, _, _ = make_blobs(10, n_classes=3, seed=10)
    full, whole = (cl.LinearClassifier(n_features=2, n_classes=3, seed=11) for _ in range(2))
    h_full = full.fit(X, y, lr=0.3, epochs=5)
    h_whole = whole.fit(X, y, lr=0.3, epochs=5, batch_size=len(y))  # shuffled, but the mean is order-free
    np.testing.assert_allclose(h_whole, h_full, rtol=1e-12)
    np.testing.assert_allclose(whole.W, full.W, rtol=1e-12)


def test_fit_for_zero_epochs_changes_nothing():
    X, y, _, _ = make_blobs(5, n_classes=3, seed=12)
    clf = cl.LinearClassifier(n_features=2, n_classes=3, seed=13)
    W, b = clf.W.copy(), clf.b.copy()
    assert clf.fit(X, y, epochs=0) == []
    assert np.array_equal(clf.W, W) and np.array_equal(clf.b, b)
