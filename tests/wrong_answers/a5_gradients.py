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
# The head of a gradient checker that works on a float64 copy, and its central difference.
_NG_HEAD = (
    "def numerical_gradient(f, x, eps=1e-6):\n"
    "    x_work = np.array(x, dtype=np.float64)\n"
    "    grad = np.zeros(x_work.shape)\n"
    "    flat = x_work.reshape(-1)\n"
    "    for k in range(flat.size):\n"
    "        original = flat[k]\n"
)
_NG_TAIL = "        grad.flat[k] = (f_plus - f_minus) / (2 * eps)\n    return grad\n"

WRONG_ANSWERS = [
    # q1: the softmax Jacobian
    WrongAnswer(
        id="jacobian_missing_the_diagonal_term",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return -np.outer(p, p)\n",
        expect="the diagonal term diag(p) is missing",
        public=True,
    ),
    WrongAnswer(
        id="jacobian_diag_only",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.diag(p)\n",
        expect="the term -p p^T is missing",
        public=True,
    ),
    WrongAnswer(
        id="jacobian_unshifted_exp_overflows",
        question="q1",
        cell="def softmax_jacobian(",
        code=(
            "def softmax_jacobian(z):\n    p = np.exp(z) / np.sum(np.exp(z))\n    return np.diag(p) - np.outer(p, p)\n"
        ),
        expect="subtract max(z) before exp",
        public=True,
    ),
    WrongAnswer(
        id="jacobian_unshifted_exp_silenced_with_errstate",
        question="q1",
        cell="def softmax_jacobian(",
        code=(
            "def softmax_jacobian(z):\n"
            "    with np.errstate(over='ignore', invalid='ignore'):\n"
            "        p = np.exp(z) / np.sum(np.exp(z))\n"
            "    return np.diag(p) - np.outer(p, p)\n"
        ),
        expect="subtract max(z) before exp",
    ),
    WrongAnswer(
        id="jacobian_sign_flipped",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.outer(p, p) - np.diag(p)\n",
        expect="the sign is wrong",
        public=True,
    ),
    WrongAnswer(
        id="jacobian_dot_product_instead_of_outer",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.diag(p) - p @ p.T\n",
        expect="p @ p.T is a number for a 1-D p",
    ),
    WrongAnswer(
        id="jacobian_elementwise_square_instead_of_outer",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.diag(p) - p * p\n",
        expect="p * p is a vector",
    ),
    WrongAnswer(
        id="jacobian_delta_dropped",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.outer(p, 1 - p)\n",
        expect="the Kronecker delta was dropped",
    ),
    WrongAnswer(
        id="jacobian_delta_dropped_transposed",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.outer(1 - p, p)\n",
        expect="this is p_k (1 - p_i)",
    ),
    WrongAnswer(
        id="jacobian_diagonal_p_1_minus_p_only",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.diag(p * (1 - p))\n",
        expect="the off-diagonal entries -p_i p_k are missing",
    ),
    WrongAnswer(
        id="jacobian_float64_identity_promotes_float32",
        question="q1",
        cell="def softmax_jacobian(",
        code="def softmax_jacobian(z):\n" + _SOFTMAX_1D + "    return np.eye(len(p)) * p - np.outer(p, p)\n",
        expect="keep the input's dtype",
    ),
    # q2: the gradient of the mean cross-entropy
    WrongAnswer(
        id="ce_grad_without_1_over_n",
        question="q2",
        cell="def ce_grad(",
        code=_CE_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return p - y\n",
        expect="gradient of the summed loss",
        public=True,
    ),
    WrongAnswer(
        id="ce_grad_with_respect_to_the_probabilities",
        question="q2",
        cell="def ce_grad(",
        code=_CE_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return -y / p / n\n",
        expect="gradient with respect to the probabilities",
        public=True,
    ),
    WrongAnswer(
        id="ce_grad_sign_flipped",
        question="q2",
        cell="def ce_grad(",
        code=_CE_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return (y - p) / n\n",
        expect="the sign is wrong",
        public=True,
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
        public=True,
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
        expect="ce_grad is nan where the logit is 1000",
        public=True,
    ),
    WrongAnswer(
        id="ce_grad_shifted_by_the_max_of_the_whole_array",
        question="q2",
        cell="def ce_grad(",
        code=(
            _CE_HEAD
            + "    e = np.exp(z - np.max(z))\n    p = e / np.sum(e, axis=1, keepdims=True)\n"
            + _ONE_HOT
            + "    return (p - y) / n\n"
        ),
        expect="the max of the whole array",
    ),
    WrongAnswer(
        id="ce_grad_divides_by_n_times_c",
        question="q2",
        cell="def ce_grad(",
        code=_CE_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return (p - y) / z.size\n",
        expect="this divides by N C",
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
    # q3: the gradient checker
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
        public=True,
    ),
    WrongAnswer(
        id="x_k_left_at_minus_eps",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            _NG_HEAD
            + "        flat[k] = original + eps\n        f_plus = f(x_work)\n"
            + "        flat[k] = original - eps\n        f_minus = f(x_work)\n"
            + _NG_TAIL
        ),
        expect="x[k] is not restored after its perturbation",
        public=True,
    ),
    WrongAnswer(
        id="x_k_left_at_plus_eps",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            _NG_HEAD
            + "        flat[k] = original - eps\n        f_minus = f(x_work)\n"
            + "        flat[k] = original + eps\n        f_plus = f(x_work)\n"
            + _NG_TAIL
        ),
        expect="x[k] is not restored after its perturbation",
        public=True,
    ),
    WrongAnswer(
        id="x_k_shifted_in_place_and_not_shifted_back",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            _NG_HEAD
            + "        flat[k] += eps\n        f_plus = f(x_work)\n"
            + "        flat[k] -= 2 * eps\n        f_minus = f(x_work)\n"
            + _NG_TAIL
        ),
        expect="x[k] is not restored after its perturbation",
    ),
    WrongAnswer(
        id="perturbations_pile_up_on_two_copies",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    x_plus = np.array(x, dtype=np.float64)\n"
            "    x_minus = np.array(x, dtype=np.float64)\n"
            "    grad = np.zeros(x_plus.shape)\n"
            "    for k in range(x_plus.size):\n"
            "        x_plus.flat[k] += eps\n"
            "        x_minus.flat[k] -= eps\n"
            "        grad.flat[k] = (f(x_plus) - f(x_minus)) / (2 * eps)\n"
            "    return grad\n"
        ),
        expect="x[k] is not restored after its perturbation: the perturbations pile up",
        public=True,
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
        public=True,
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
        public=True,
    ),
    WrongAnswer(
        id="perturbs_a_flattened_copy",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    x_work = np.array(x, dtype=np.float64)\n"
            "    grad = np.zeros(x_work.shape)\n"
            "    flat = x_work.flatten()\n"
            "    for k in range(flat.size):\n"
            "        original = flat[k]\n"
            "        flat[k] = original + eps\n"
            "        f_plus = f(x_work)\n"
            "        flat[k] = original - eps\n"
            "        f_minus = f(x_work)\n"
            "        flat[k] = original\n" + _NG_TAIL
        ),
        expect="f never saw the perturbation",
    ),
    WrongAnswer(
        id="ignores_the_step_it_is_given",
        question="q3",
        cell="def numerical_gradient(",
        code=(
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    h = 1e-6\n"
            "    x0 = np.array(x, dtype=float)\n"
            "    grad = np.zeros(x0.shape)\n"
            "    for k in range(x0.size):\n"
            "        step = np.zeros(x0.size)\n"
            "        step[k] = h\n"
            "        step = step.reshape(x0.shape)\n"
            "        grad.flat[k] = (f(x0 + step) - f(x0 - step)) / (2 * h)\n"
            "    return grad\n"
        ),
        expect="was not used",
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
    # q4: label smoothing
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
        public=True,
    ),
    WrongAnswer(
        id="smoothing_forgets_the_true_class",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=(
            _SMOOTH_HEAD
            + _SOFTMAX_ROWS
            + _ONE_HOT
            + "    t_smooth = (1 - eps) * y + eps / c * (1 - y)\n    return (p - t_smooth) / n\n"
        ),
        expect="the true class did not get its share eps / C",
        public=True,
    ),
    WrongAnswer(
        id="smoothing_ignored",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=_SMOOTH_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return (p - y) / n\n",
        expect="the smoothing was ignored",
        public=True,
    ),
    WrongAnswer(
        id="smoothing_applied_to_the_predictions",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=_SMOOTH_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return ((1 - eps) * p + eps / c - y) / n\n",
        expect="applied to the predictions instead of the target",
    ),
    WrongAnswer(
        id="smoothing_eps_not_divided_by_c",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=_SMOOTH_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return (p - ((1 - eps) * y + eps)) / n\n",
        expect="without dividing it by C",
    ),
    WrongAnswer(
        id="smoothing_one_hot_not_scaled",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=_SMOOTH_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return (p - (y + eps / c)) / n\n",
        expect="the one-hot part was not scaled by (1 - eps)",
    ),
    WrongAnswer(
        id="smoothing_without_1_over_n",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=_SMOOTH_HEAD + _SOFTMAX_ROWS + _ONE_HOT + "    return p - ((1 - eps) * y + eps / c)\n",
        expect="gradient of the summed loss",
    ),
    WrongAnswer(
        id="smoothing_no_max_shift_overflows",
        question="q4",
        cell="def smoothed_ce_grad(",
        code=(
            _SMOOTH_HEAD
            + "    e = np.exp(z)\n    p = e / np.sum(e, axis=-1, keepdims=True)\n"
            + _ONE_HOT
            + "    return (p - ((1 - eps) * y + eps / c)) / n\n"
        ),
        expect="floating-point problem at extreme inputs",
    ),
    # q5: dL/dz_0 for z = (1, 2, 3) and the true class 0
    WrongAnswer(
        id="q5_p0_without_the_minus_1",
        question="q5",
        cell="q5_answer =",
        code="z5 = np.array([1.0, 2.0, 3.0])\nq5_answer = float(np.exp(z5[0]) / np.exp(z5).sum())\n",
        expect="the probability of the true class",
        public=True,
    ),
    WrongAnswer(
        id="q5_derivative_with_respect_to_p0",
        question="q5",
        cell="q5_answer =",
        code="z5 = np.array([1.0, 2.0, 3.0])\nq5_answer = float(-1 / (np.exp(z5[0]) / np.exp(z5).sum()))\n",
        expect="that is dL/dp_0",
        public=True,
    ),
    WrongAnswer(
        id="q5_sign_flipped",
        question="q5",
        cell="q5_answer =",
        code="z5 = np.array([1.0, 2.0, 3.0])\nq5_answer = float(1 - np.exp(z5[0]) / np.exp(z5).sum())\n",
        expect="the wrong sign",
        public=True,
    ),
    WrongAnswer(
        id="q5_jacobian_entry",
        question="q5",
        cell="q5_answer =",
        code=(
            "z5 = np.array([1.0, 2.0, 3.0])\np0 = float(np.exp(z5[0]) / np.exp(z5).sum())\nq5_answer = p0 * (1 - p0)\n"
        ),
        expect="one entry of the softmax Jacobian",
    ),
    WrongAnswer(
        id="q5_the_loss_itself",
        question="q5",
        cell="q5_answer =",
        code="z5 = np.array([1.0, 2.0, 3.0])\nq5_answer = float(-np.log(np.exp(z5[0]) / np.exp(z5).sum()))\n",
        expect="not its derivative",
    ),
    WrongAnswer(
        id="q5_last_class_taken_as_the_true_one",
        question="q5",
        cell="q5_answer =",
        code="z5 = np.array([1.0, 2.0, 3.0])\nq5_answer = float(np.exp(z5[2]) / np.exp(z5).sum() - 1)\n",
        expect="q5_answer is not dL/dz_0",
    ),
]
