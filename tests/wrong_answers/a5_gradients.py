"""Wrong answers to assignment 5 (gradients)."""

from . import WrongAnswer

ASSIGNMENT = "a5_gradients"

# The stable softmax of one sample or of a batch of rows, as a learner writes it inside an answer.
_SOFTMAX_1D = "    e = np.exp(z - np.max(z))\n    p = e / np.sum(e)\n"
_SOFTMAX_ROWS = "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n    p = e / np.sum(e, axis=-1, keepdims=True)\n"
_CE_HEAD = "def ce_grad(logits, target):\n    z, t = np.asarray(logits), np.asarray(target)\n    n, c = z.shape\n"
_ONE_HOT = "    y = (t[:, None] == np.arange(c)).astype(z.dtype)\n"
_SMOOTH_HEAD = (
    "def smoothed_ce_grad(logits, target, eps):\n    z, t = np.asarray(logits), np.asarray(target)\n"
    "    n, c = z.shape\n"
)

WRONG_ANSWERS = [
    WrongAnswer(
        id="jacobian_missing_the_diagonal_term",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return -np.outer(p, p)\n",
        expect="the diagonal term diag(p) is missing",
    ),
    WrongAnswer(
        id="jacobian_diag_only",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.diag(p)\n",
        expect="the term -p p^T is missing",
    ),
    WrongAnswer(
        id="jacobian_unshifted_exp_overflows",
        question="q1",
        cell="def softmax_jacobian(",
        code=(
            "def softmax_jacobian(z):\n    p = np.exp(z) / np.sum(np.exp(z))\n    return np.diag(p) - np.outer(p, p)\n"
        ),
        expect="floating-point problem at extreme inputs",
    ),
    WrongAnswer(
        id="ce_grad_without_1_over_n",
        question="q2",
        cell="def ce_grad(",
        code=_CE_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return p - y\n",
        expect="gradient of the summed loss",
    ),
    WrongAnswer(
        id="ce_grad_with_respect_to_the_probabilities",
        question="q2",
        cell="def ce_grad(",
        code=_CE_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return -y / p / n\n",
        expect="gradient with respect to the probabilities",
    ),
    WrongAnswer(
        id="ce_grad_sign_flipped",
        question="q2",
        cell="def ce_grad(",
        code=_CE_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return (y - p) / n\n",
        expect="the sign is wrong",
    ),
    WrongAnswer(
        id="ce_grad_softmax_over_the_samples",
        question="q2",
        cell="def ce_grad(",
        code=(
            _CE_HEAD
            + "    e = np.exp(z - np.max(z, axis=0))\n    p = e / np.sum(e, axis=0)\n"
            + _ONE_HOT
            + "    return (p - y) / n\n"
        ),
        expect="softmax was taken along the wrong axis",
    ),
    WrongAnswer(
        id="ce_grad_no_max_shift_overflows",
        question="q2",
        cell="def ce_grad(",
        code=(
            _CE_HEAD
            + "    e = np.exp(z)\n    p = e / np.sum(e, axis=1, keepdims=True)\n"
            + _ONE_HOT
            + "    return (p - y) / n\n"
        ),
        expect="floating-point problem at extreme inputs",
    ),
    WrongAnswer(
        id="ce_grad_float64_one_hot_promotes_float32",
        question="q2",
        cell="def ce_grad(",
        code=_CE_HEAD + _SOFTMAX_ROWS + "    y = np.eye(c)[t]\n    return (p - y) / n\n",
        expect="keep the input's dtype",
    ),
    WrongAnswer(
        id="ce_grad_delegates_to_course_lib",
        question="q2",
        cell="def ce_grad(",
        code=(
            "import course_lib as cl\n\n\n"
            "def ce_grad(logits, target):\n"
            "    return cl.cross_entropy_grad(logits, target)\n"
        ),
        expect="no credit is given for it",
    ),
    WrongAnswer(
        id="forward_differences",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    x0 = np.array(x, dtype=float)\n"
            "    grad = np.zeros(x0.shape)\n"
            "    f0 = f(x0)\n"
            "    for k in range(x0.size):\n"
            "        step = np.zeros(x0.size)\n"
            "        step[k] = eps\n"
            "        grad.flat[k] = (f(x0 + step.reshape(x0.shape)) - f0) / eps\n"
            "    return grad\n"
        ),
        expect="these are forward differences",
    ),
    WrongAnswer(
        id="mutates_x_and_leaves_it_perturbed",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    grad = np.zeros(x.shape)\n"
            "    flat = x.reshape(-1)\n"
            "    for k in range(flat.size):\n"
            "        flat[k] += eps\n"
            "        f_plus = f(x)\n"
            "        flat[k] -= 2 * eps\n"
            "        f_minus = f(x)\n"
            "        grad.flat[k] = (f_plus - f_minus) / (2 * eps)\n"
            "    return grad\n"
        ),
        expect="changed its argument",
    ),
    WrongAnswer(
        id="divides_by_eps_instead_of_2_eps",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    x0 = np.array(x, dtype=float)\n"
            "    grad = np.zeros(x0.shape)\n"
            "    for k in range(x0.size):\n"
            "        step = np.zeros(x0.size)\n"
            "        step[k] = eps\n"
            "        step = step.reshape(x0.shape)\n"
            "        grad.flat[k] = (f(x0 + step) - f(x0 - step)) / eps\n"
            "    return grad\n"
        ),
        expect="this is twice the gradient",
    ),
    WrongAnswer(
        id="copy_keeps_the_integer_dtype",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    x_work = np.array(x, copy=True)\n"
            "    grad = np.zeros(x_work.shape)\n"
            "    flat = x_work.reshape(-1)\n"
            "    for k in range(flat.size):\n"
            "        original = flat[k]\n"
            "        flat[k] = original + eps\n"
            "        f_plus = f(x_work)\n"
            "        flat[k] = original - eps\n"
            "        f_minus = f(x_work)\n"
            "        flat[k] = original\n"
            "        grad.flat[k] = (f_plus - f_minus) / (2 * eps)\n"
            "    return grad\n"
        ),
        expect="your copy of it kept that dtype",
    ),
    WrongAnswer(
        id="numerical_gradient_delegates_to_course_lib",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            "import course_lib as cl\n\n\n"
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    return cl.numerical_gradient(f, x, eps)\n"
        ),
        expect="no credit is given for it",
    ),
    WrongAnswer(
        id="smoothing_over_the_c_minus_1_other_classes",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=(
            _SMOOTH_HEAD
            + _SOFTMAX_ROWS
            + _ONE_HOT
            + "    t_smooth = (1 - eps) * y + eps / (c - 1) * (1 - y)\n    return (p - t_smooth) / n\n"
        ),
        expect="spread over the C - 1 other classes",
    ),
    WrongAnswer(
        id="smoothing_ignored",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=_SMOOTH_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return (p - y) / n\n",
        expect="the smoothing was ignored",
    ),
    WrongAnswer(
        id="smoothing_applied_to_the_predictions",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=_SMOOTH_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return ((1 - eps) * p + eps / c - y) / n\n",
        expect="applied to the predictions instead of the target",
    ),
    WrongAnswer(
        id="q5_p0_without_the_minus_1",
        question="q5",
        cell="q5_answer =",
        code="z5 = np.array([1.0, 2.0, 3.0])\nq5_answer = float(np.exp(z5[0]) / np.exp(z5).sum())\n",
        expect="the probability of the true class",
    ),
    WrongAnswer(
        id="q5_derivative_with_respect_to_p0",
        question="q5",
        cell="q5_answer =",
        code="z5 = np.array([1.0, 2.0, 3.0])\nq5_answer = float(-1 / (np.exp(z5[0]) / np.exp(z5).sum()))\n",
        expect="that is dL/dp_0",
    ),
]
