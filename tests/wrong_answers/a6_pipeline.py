"""Wrong answers to assignment 6 (the pipeline: logits, loss and gradients, a gradient step, accuracy)."""

from . import WrongAnswer

ASSIGNMENT = "a6_pipeline"

# The forward pass and gradient of the master, stable; the wrong answers below change one thing in it.
_STABLE_PROBS = (
    "    z = X @ W.T + b\n"
    "    z = z - z.max(axis=1, keepdims=True)\n"
    "    e = np.exp(z)\n"
    "    p = e / e.sum(axis=1, keepdims=True)\n"
)
# The log-probabilities of the master's loss_and_grad, stable, and the loss.
_LOG_PROBS = (
    "    n = X.shape[0]\n"
    "    z = X @ W.T + b\n"
    "    shifted = z - z.max(axis=1, keepdims=True)\n"
    "    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
    "    loss = -log_p[np.arange(n), y].mean()\n"
)
_ONE_HOT = "np.eye(W.shape[0], dtype=X.dtype)[y]"


def _loss_and_grad(body: str) -> str:
    return "def loss_and_grad(X, y, W, b):\n" + _LOG_PROBS + body


def _train_step(body: str) -> str:
    return "def train_step(X, y, W, b, lr):\n" + _STABLE_PROBS + body


WRONG_ANSWERS = [
    # ---------------------------------------------------------------- q1: the logits
    WrongAnswer(
        id="logits_x_at_w",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return X @ W + b\n",
        expect="W is (C, D), one row per class",
        public=True,
    ),
    WrongAnswer(
        id="logits_forget_the_bias",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return X @ W.T\n",
        expect="the bias b is missing",
        public=True,
    ),
    WrongAnswer(
        id="logits_bias_along_the_wrong_axis",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return X @ W.T + b[:, None]\n",
        expect="along the wrong axis",
        public=True,
    ),
    WrongAnswer(
        id="logits_transposed",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return W @ X.T + b[:, None]\n",
        expect="the transpose",
        public=True,
    ),
    WrongAnswer(
        id="logits_x_at_w_without_the_bias",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return np.dot(X, W)\n",
        expect="W is (C, D), one row per class",
    ),
    WrongAnswer(
        id="logits_subtract_the_bias",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return X @ W.T - b\n",
        expect="the bias was subtracted",
    ),
    WrongAnswer(
        id="logits_in_float64",
        question="q1",
        cell="def logits(",
        code="def logits(X, W, b):\n    return X.astype(np.float64) @ W.T.astype(np.float64) + b\n",
        expect="keep the input's dtype",
    ),
    WrongAnswer(
        id="logits_delegate_through_functools_partial",
        question="q1",
        cell="def logits(",
        code=(
            "import functools\n\n"
            "import course_lib as cl\n\n\n"
            "def _logits(model_class, X, W, b):\n"
            "    model = model_class(n_features=W.shape[1], n_classes=W.shape[0])\n"
            "    model.W, model.b = W, b\n"
            "    return model.logits(X)\n\n\n"
            "logits = functools.partial(_logits, cl.LinearClassifier)\n"
        ),
        expect="no credit is given for it",
    ),
    # ---------------------------------------------------------------- q2: the loss and its gradients
    WrongAnswer(
        id="dW_transposed",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(f"    G = (np.exp(log_p) - {_ONE_HOT}) / n\n    return loss, X.T @ G, G.sum(axis=0)\n"),
        expect="the transpose of W's shape",
        public=True,
    ),
    WrongAnswer(
        id="gradient_without_1_over_n",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(f"    G = np.exp(log_p) - {_ONE_HOT}\n    return loss, G.T @ X, G.sum(axis=0)\n"),
        expect="gradient of the summed loss",
        public=True,
    ),
    WrongAnswer(
        id="db_without_1_over_n",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(f"    G = np.exp(log_p) - {_ONE_HOT}\n    return loss, G.T @ X / n, G.sum(axis=0)\n"),
        expect="gradient of the summed loss",
        public=True,
    ),
    WrongAnswer(
        id="db_summed_over_the_classes",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(f"    G = (np.exp(log_p) - {_ONE_HOT}) / n\n    return loss, G.T @ X, G.sum(axis=1)\n"),
        expect="summed over the classes",
        public=True,
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
            f"    G = (p - {_ONE_HOT}) / n\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="floating-point problem at extreme inputs",
        public=True,
    ),
    WrongAnswer(
        id="naive_softmax_with_the_warnings_silenced",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "def loss_and_grad(X, y, W, b):\n"
            "    n = X.shape[0]\n"
            "    with np.errstate(all='ignore'):\n"
            "        e = np.exp(X @ W.T + b)\n"
            "        p = e / e.sum(axis=1, keepdims=True)\n"
            "        loss = -np.log(p[np.arange(n), y]).mean()\n"
            f"    G = (p - {_ONE_HOT}) / n\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="Silencing the warning (np.errstate) does not count here",
        public=True,
    ),
    WrongAnswer(
        id="log_of_p_plus_eps",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "def loss_and_grad(X, y, W, b):\n" + _STABLE_PROBS + "    n = X.shape[0]\n"
            "    loss = -np.log(p[np.arange(n), y] + 1e-12).mean()\n"
            f"    G = (p - {_ONE_HOT}) / n\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="log(p + eps) or a clipped p caps it",
        public=True,
    ),
    WrongAnswer(
        id="gradient_sign_flipped",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(f"    G = ({_ONE_HOT} - np.exp(log_p)) / n\n    return loss, G.T @ X, G.sum(axis=0)\n"),
        expect="the sign is wrong",
        public=True,
    ),
    WrongAnswer(
        id="loss_summed_over_the_samples",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(f"    G = (np.exp(log_p) - {_ONE_HOT}) / n\n    return loss * n, G.T @ X, G.sum(axis=0)\n"),
        expect="the loss is their mean",
        public=True,
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
            f"    G = (p - {_ONE_HOT}) / n\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="softmax was taken along axis 0",
        public=True,
    ),
    WrongAnswer(
        id="no_gradient_for_b",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(f"    G = (np.exp(log_p) - {_ONE_HOT}) / n\n    return loss, G.T @ X, np.zeros_like(b)\n"),
        expect="db is all zeros",
        public=True,
    ),
    WrongAnswer(
        id="dW_transposed_and_undone_by_a_reshape",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(
            f"    G = (np.exp(log_p) - {_ONE_HOT}) / n\n    return loss, (X.T @ G).reshape(W.shape), G.sum(axis=0)\n"
        ),
        expect="dW is transposed",
    ),
    WrongAnswer(
        id="one_hot_in_float64",
        question="q2",
        cell="def loss_and_grad(",
        code=_loss_and_grad(
            "    G = (np.exp(log_p) - np.eye(W.shape[0])[y]) / n\n    return loss, G.T @ X, G.sum(axis=0)\n"
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
        id="delegates_through_a_dict",
        question="q2",
        cell="def loss_and_grad(",
        code=(
            "import course_lib as cl\n\n"
            "_TOOLS = {'fused': cl.cross_entropy_and_grad}\n"
            "del cl\n\n\n"
            "def loss_and_grad(X, y, W, b):\n"
            "    loss, G = _TOOLS['fused'](X @ W.T + b, y)\n"
            "    return loss, G.T @ X, G.sum(axis=0)\n"
        ),
        expect="no credit is given for it",
    ),
    # ---------------------------------------------------------------- q3: one step of gradient descent
    WrongAnswer(
        id="gradient_ascent",
        question="q3",
        cell="def train_step(",
        code=_train_step(
            "    p[np.arange(X.shape[0]), y] -= 1\n"
            "    G = p / X.shape[0]\n"
            "    return W + lr * (G.T @ X), b + lr * G.sum(axis=0)\n"
        ),
        expect="this is gradient ascent",
        public=True,
    ),
    WrongAnswer(
        id="updates_W_in_place",
        question="q3",
        cell="def train_step(",
        code=_train_step(
            "    p[np.arange(X.shape[0]), y] -= 1\n"
            "    G = p / X.shape[0]\n"
            "    W -= lr * (G.T @ X)\n"
            "    b -= lr * G.sum(axis=0)\n"
            "    return W, b\n"
        ),
        expect="changed its argument W in place",
        public=True,
    ),
    WrongAnswer(
        id="updates_b_in_place",
        question="q3",
        cell="def train_step(",
        code=_train_step(
            "    p[np.arange(X.shape[0]), y] -= 1\n"
            "    G = p / X.shape[0]\n"
            "    b_new = b\n"
            "    b_new -= lr * G.sum(axis=0)\n"
            "    return W - lr * (G.T @ X), b_new\n"
        ),
        expect="changed its argument b in place",
        public=True,
    ),
    WrongAnswer(
        id="step_overflows_without_the_max_shift",
        question="q3",
        cell="def train_step(",
        code=(
            "def train_step(X, y, W, b, lr):\n"
            "    e = np.exp(X @ W.T + b)\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    p[np.arange(X.shape[0]), y] -= 1\n"
            "    G = p / X.shape[0]\n"
            "    return W - lr * (G.T @ X), b - lr * G.sum(axis=0)\n"
        ),
        expect="floating-point problem at extreme inputs",
        public=True,
    ),
    WrongAnswer(
        id="step_without_1_over_n",
        question="q3",
        cell="def train_step(",
        code=_train_step(
            "    p[np.arange(X.shape[0]), y] -= 1\n    return W - lr * (p.T @ X), b - lr * p.sum(axis=0)\n"
        ),
        expect="the gradient of the summed loss",
        public=True,
    ),
    WrongAnswer(
        id="steps_with_the_loss",
        question="q3",
        cell="def train_step(",
        code=_train_step(
            "    loss = -np.log(p[np.arange(X.shape[0]), y]).mean()\n    return W - lr * loss, b - lr * loss\n"
        ),
        expect="the loss instead of the gradient",
        public=True,
    ),
    WrongAnswer(
        id="step_with_dW_transposed",
        question="q3",
        cell="def train_step(",
        code=_train_step(
            "    p[np.arange(X.shape[0]), y] -= 1\n"
            "    G = p / X.shape[0]\n"
            "    return W - lr * (X.T @ G), b - lr * G.sum(axis=0)\n"
        ),
        expect="A gradient has the shape of its parameter",
    ),
    WrongAnswer(
        id="step_leaves_b_unchanged",
        question="q3",
        cell="def train_step(",
        code=_train_step(
            "    p[np.arange(X.shape[0]), y] -= 1\n    G = p / X.shape[0]\n    return W - lr * (G.T @ X), b.copy()\n"
        ),
        expect="the weights came back unchanged",
    ),
    WrongAnswer(
        id="step_in_float64",
        question="q3",
        cell="def train_step(",
        code=_train_step(
            "    G = (p - np.eye(W.shape[0])[y]) / X.shape[0]\n    return W - lr * (G.T @ X), b - lr * G.sum(axis=0)\n"
        ),
        expect="keep the input's dtype",
    ),
    WrongAnswer(
        id="train_step_delegates_through_a_closure",
        question="q3",
        cell="def train_step(",
        code=(
            "import course_lib as cl\n\n\n"
            "def _make_train_step(lib):\n"
            "    def train_step(X, y, W, b, lr):\n"
            "        _, G = lib.cross_entropy_and_grad(X @ W.T + b, y)\n"
            "        return W - lr * (G.T @ X), b - lr * G.sum(axis=0)\n\n"
            "    return train_step\n\n\n"
            "train_step = _make_train_step(cl)\n"
        ),
        expect="no credit is given for it",
    ),
    # ---------------------------------------------------------------- q4: accuracy
    WrongAnswer(
        id="argmax_along_axis_0",
        question="q4",
        cell="def accuracy(",
        code="def accuracy(X, y, W, b):\n    return float(np.mean(np.argmax(X @ W.T + b, axis=0) == y))\n",
        expect="along axis 0, over the samples",
        public=True,
    ),
    WrongAnswer(
        id="count_instead_of_fraction",
        question="q4",
        cell="def accuracy(",
        code="def accuracy(X, y, W, b):\n    return int(np.sum(np.argmax(X @ W.T + b, axis=1) == y))\n",
        expect="number of correct predictions, not the fraction",
        public=True,
    ),
    WrongAnswer(
        id="accuracy_as_a_percentage",
        question="q4",
        cell="def accuracy(",
        code="def accuracy(X, y, W, b):\n    return 100 * float(np.mean(np.argmax(X @ W.T + b, axis=1) == y))\n",
        expect="this is a percentage",
        public=True,
    ),
    WrongAnswer(
        id="error_rate_instead_of_accuracy",
        question="q4",
        cell="def accuracy(",
        code="def accuracy(X, y, W, b):\n    return float(np.mean(np.argmax(X @ W.T + b, axis=1) != y))\n",
        expect="this is the error rate",
        public=True,
    ),
    WrongAnswer(
        id="argmax_of_a_naive_softmax",
        question="q4",
        cell="def accuracy(",
        code=(
            "def accuracy(X, y, W, b):\n"
            "    e = np.exp(X @ W.T + b)\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    return float(np.mean(np.argmax(p, axis=1) == y))\n"
        ),
        expect="floating-point problem at extreme inputs",
    ),
    WrongAnswer(
        id="accuracy_delegates_through_a_default_argument",
        question="q4",
        cell="def accuracy(",
        code=(
            "import course_lib as cl\n\n\n"
            "def accuracy(X, y, W, b, _model_class=cl.LinearClassifier):\n"
            "    model = _model_class(n_features=W.shape[1], n_classes=W.shape[0])\n"
            "    model.W, model.b = W, b\n"
            "    return model.score(X, y)\n"
        ),
        expect="no credit is given for it",
    ),
    # ---------------------------------------------------------------- q5: the loss before training
    WrongAnswer(
        id="initial_loss_log_one_third",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log(1 / 3))\nq5_answer_10 = float(np.log(1 / 10))\n",
        expect="which is negative",
        public=True,
    ),
    WrongAnswer(
        id="initial_loss_in_bits",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log2(3))\nq5_answer_10 = float(np.log2(10))\n",
        expect="in base 2 (bits)",
        public=True,
    ),
    WrongAnswer(
        id="initial_loss_is_the_probability",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 1 / 3\nq5_answer_10 = 1 / 10\n",
        expect="is the probability 1/3 of each class",
        public=True,
    ),
    WrongAnswer(
        id="initial_loss_summed_over_the_classes",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 3 * float(np.log(3))\nq5_answer_10 = 10 * float(np.log(10))\n",
        expect="summed over all 3 classes",
        public=True,
    ),
    WrongAnswer(
        id="initial_loss_of_three_classes_for_ten",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log(3))\nq5_answer_10 = float(np.log(3))\n",
        expect="that is for 3 classes; here there are 10",
        public=True,
    ),
    WrongAnswer(
        id="initial_loss_in_base_10",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log10(3))\nq5_answer_10 = float(np.log10(10))\n",
        expect="in base 10",
    ),
    WrongAnswer(
        id="initial_loss_of_a_perfect_prediction",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 0.0\nq5_answer_10 = 0.0\n",
        expect="the loss of a perfect prediction",
    ),
    # ---------------------------------------------------------------- q6: counting parameters
    WrongAnswer(
        id="parameters_without_biases",
        question="q6",
        cell="q6_answer =",
        code="q6_answer = 3 * 4\nq6_answer_images = 10 * 28 * 28\n",
        expect="you forgot the biases",
        public=True,
    ),
    WrongAnswer(
        id="parameters_with_a_bias_per_feature",
        question="q6",
        cell="q6_answer =",
        code="q6_answer = 3 * 4 + 4\nq6_answer_images = 10 * 28 * 28 + 28 * 28\n",
        expect="gives b one entry per feature",
        public=True,
    ),
    WrongAnswer(
        id="parameters_c_plus_d",
        question="q6",
        cell="q6_answer =",
        code="q6_answer = 3 + 4\nq6_answer_images = 10 + 28 * 28\n",
        expect="adds C and D",
        public=True,
    ),
    WrongAnswer(
        id="parameters_of_images_with_d_28",
        question="q6",
        cell="q6_answer =",
        code="q6_answer = 3 * (4 + 1)\nq6_answer_images = 10 * (28 + 1)\n",
        expect="D = 784, not 28",
        public=True,
    ),
    WrongAnswer(
        id="parameters_with_a_bias_row_and_column",
        question="q6",
        cell="q6_answer =",
        code="q6_answer = (3 + 1) * (4 + 1)\nq6_answer_images = (10 + 1) * (28 * 28 + 1)\n",
        expect="counts a bias for every feature as well",
    ),
    WrongAnswer(
        id="parameters_with_one_class_fixed",
        question="q6",
        cell="q6_answer =",
        code="q6_answer = (3 - 1) * (4 + 1)\nq6_answer_images = 10 * (28 * 28 + 1)\n",
        expect="could be fixed",
    ),
]
