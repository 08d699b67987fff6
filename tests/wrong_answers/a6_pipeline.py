"""Wrong answers to assignment 3 (the pipeline: logits, loss and gradients, a gradient step, accuracy)."""

from . import WrongAnswer

ASSIGNMENT = "a6_pipeline"

# The forward pass and gradient of the master, stable; the wrong answers below change one thing in it.
_STABLE_PROBS = (
    "    z = X @ W.T + b\n"
    "    z = z - z.max(axis=1, keepdims=True)\n"
    "    e = np.exp(z)\n"
    "    p = e / e.sum(axis=1, keepdims=True)\n"
)

WRONG_ANSWERS = [
    WrongAnswer(
        id="logits_x_at_w",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return X @ W + b\n",
        expect="W is (C, D), one row per class",
    ),
    WrongAnswer(
        id="logits_forget_the_bias",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return X @ W.T\n",
        expect="the bias b is missing",
    ),
    WrongAnswer(
        id="gradient_without_1_over_n",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "def loss_and_grad(X, y, W, b):\n"
            "    n = X.shape[0]\n"
            "    z = X @ W.T + b\n"
            "    shifted = z - z.max(axis=1, keepdims=True)\n"
            "    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
            "    loss = -log_p[np.arange(n), y].mean()\n"
            "    G = np.exp(log_p) - np.eye(W.shape[0], dtype=X.dtype)[y]\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="gradient of the summed loss",
    ),
    WrongAnswer(
        id="dW_transposed",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "def loss_and_grad(X, y, W, b):\n"
            "    n = X.shape[0]\n"
            "    z = X @ W.T + b\n"
            "    shifted = z - z.max(axis=1, keepdims=True)\n"
            "    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
            "    loss = -log_p[np.arange(n), y].mean()\n"
            "    G = (np.exp(log_p) - np.eye(W.shape[0], dtype=X.dtype)[y]) / n\n"
            "    return loss, X.T @ G, G.sum(axis=0)\n"
        ),
        expect="the transpose of W's shape",
    ),
    WrongAnswer(
        id="softmax_along_axis_0",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "def loss_and_grad(X, y, W, b):\n"
            "    n = X.shape[0]\n"
            "    z = X @ W.T + b\n"
            "    z = z - z.max(axis=0, keepdims=True)\n"
            "    e = np.exp(z)\n"
            "    p = e / e.sum(axis=0, keepdims=True)\n"
            "    with np.errstate(divide='ignore'):\n"
            "        loss = -np.log(p[np.arange(n), y]).mean()\n"
            "    G = (p - np.eye(W.shape[0], dtype=X.dtype)[y]) / n\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="softmax was taken along axis 0",
    ),
    WrongAnswer(
        id="no_gradient_for_b",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "def loss_and_grad(X, y, W, b):\n"
            "    n = X.shape[0]\n"
            "    z = X @ W.T + b\n"
            "    shifted = z - z.max(axis=1, keepdims=True)\n"
            "    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
            "    loss = -log_p[np.arange(n), y].mean()\n"
            "    G = (np.exp(log_p) - np.eye(W.shape[0], dtype=X.dtype)[y]) / n\n"
            "    return loss, G.T @ X, np.zeros_like(b)\n"
        ),
        expect="db is all zeros",
    ),
    WrongAnswer(
        id="naive_softmax_overflows",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "def loss_and_grad(X, y, W, b):\n"
            "    n = X.shape[0]\n"
            "    e = np.exp(X @ W.T + b)\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    loss = -np.log(p[np.arange(n), y]).mean()\n"
            "    G = (p - np.eye(W.shape[0], dtype=X.dtype)[y]) / n\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="floating-point problem at extreme inputs",
    ),
    WrongAnswer(
        id="one_hot_in_float64",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "def loss_and_grad(X, y, W, b):\n"
            "    n = X.shape[0]\n"
            "    z = X @ W.T + b\n"
            "    shifted = z - z.max(axis=1, keepdims=True)\n"
            "    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
            "    loss = -log_p[np.arange(n), y].mean()\n"
            "    G = (np.exp(log_p) - np.eye(W.shape[0])[y]) / n\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="keep the input's dtype",
    ),
    WrongAnswer(
        id="delegates_to_course_lib",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "import course_lib as cl\n\n\n"
            "def loss_and_grad(X, y, W, b):\n"
            "    model = cl.LinearClassifier(n_features=W.shape[1], n_classes=W.shape[0])\n"
            "    model.W, model.b = W, b\n"
            "    return model.loss_and_grad(X, y)\n"
        ),
        expect="no credit is given for it",
    ),
    WrongAnswer(
        id="gradient_ascent",
        question="q3",
        cell="def train_step(",
        code=(
            "def train_step(X, y, W, b, lr):\n" + _STABLE_PROBS + "    p[np.arange(X.shape[0]), y] -= 1\n"
            "    G = p / X.shape[0]\n"
            "    return W + lr * (G.T @ X), b + lr * G.sum(axis=0)\n"
        ),
        expect="this is gradient ascent",
    ),
    WrongAnswer(
        id="updates_W_in_place",
        question="q3",
        cell="def train_step(",
        code=(
            "def train_step(X, y, W, b, lr):\n" + _STABLE_PROBS + "    p[np.arange(X.shape[0]), y] -= 1\n"
            "    G = p / X.shape[0]\n"
            "    W -= lr * (G.T @ X)\n"
            "    b -= lr * G.sum(axis=0)\n"
            "    return W, b\n"
        ),
        expect="changed its argument W in place",
    ),
    WrongAnswer(
        id="steps_with_the_loss",
        question="q3",
        cell="def train_step(",
        code=(
            "def train_step(X, y, W, b, lr):\n"
            + _STABLE_PROBS
            + "    loss = -np.log(p[np.arange(X.shape[0]), y]).mean()\n"
            "    return W - lr * loss, b - lr * loss\n"
        ),
        expect="the loss instead of the gradient",
    ),
    WrongAnswer(
        id="argmax_along_axis_0",
        question="q4",
        cell="def accuracy(",
        code="def accuracy(X, y, W, b):\n    return float(np.mean(np.argmax(X @ W.T + b, axis=0) == y))\n",
        expect="argmax was taken along axis 0",
    ),
    WrongAnswer(
        id="count_instead_of_fraction",
        question="q4",
        cell="def accuracy(",
        code="def accuracy(X, y, W, b):\n    return int(np.sum(np.argmax(X @ W.T + b, axis=1) == y))\n",
        expect="number of correct predictions, not the fraction",
    ),
    WrongAnswer(
        id="initial_loss_log_one_third",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log(1 / 3))\nq5_answer_10 = float(np.log(1 / 10))\n",
        expect="which is negative",
    ),
    WrongAnswer(
        id="parameters_without_biases",
        question="q6",
        cell="q6_answer =",
        code="q6_answer = 3 * 4\nq6_answer_images = 10 * 28 * 28\n",
        expect="you forgot the biases",
    ),
]
