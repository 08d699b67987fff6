"""Wrong answers to assignment 2 (binary cross-entropy)."""

from . import WrongAnswer

ASSIGNMENT = "a2_binary_cross_entropy"

_STABLE_SIGMOID = (
    "    e = np.exp(-np.abs(z))\n"  # a correct sigmoid, for the answers whose mistake is elsewhere
    "    p = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
)

WRONG_ANSWERS = [
    # q1: sigmoid
    WrongAnswer(
        id="naive_sigmoid_overflows",
        question="q1",
        cell="def sigmoid(",
        code="def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
        expect="an exp overflowed",
        public=True,
    ),
    WrongAnswer(
        id="naive_sigmoid_silenced_with_errstate",
        question="q1",
        cell="def sigmoid(",
        code=("def sigmoid(z):\n    with np.errstate(over='ignore'):\n        return 1 / (1 + np.exp(-z))\n"),
        expect="Silencing the warning does not avoid the overflow",
        public=True,
    ),
    WrongAnswer(
        id="naive_sigmoid_silenced_with_seterr_in_the_function",
        question="q1",
        cell="def sigmoid(",
        code=("def sigmoid(z):\n    np.seterr(over='ignore')\n    return 1 / (1 + np.exp(-z))\n"),
        expect="Silencing the warning does not avoid the overflow",
    ),
    WrongAnswer(
        id="sigmoid_where_computes_both_branches",
        question="q1",
        cell="def sigmoid(",
        code=(
            "def sigmoid(z):\n"
            "    z = np.asarray(z)\n"
            "    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))\n"
        ),
        expect="both branches were computed for every element",
        public=True,
    ),
    WrongAnswer(
        id="sigmoid_upcasts_float32",
        question="q1",
        cell="def sigmoid(",
        code=(
            "def sigmoid(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(-np.abs(z))\n"
            "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
        ),
        expect="keep the input's dtype",
        public=True,
    ),
    WrongAnswer(
        id="sigmoid_one_minus_for_negative_logits",
        question="q1",
        cell="def sigmoid(",
        code=(
            "def sigmoid(z):\n"
            "    z = np.asarray(z)\n"
            "    e = np.exp(-np.abs(z))\n"
            "    return np.where(z >= 0, 1 / (1 + e), 1 - 1 / (1 + e))\n"
        ),
        expect="which cancels",
    ),
    WrongAnswer(
        id="sigmoid_through_tanh",
        question="q1",
        cell="def sigmoid(",
        code="def sigmoid(z):\n    return 0.5 * (1 + np.tanh(np.asarray(z) / 2))\n",
        expect="which cancels",
    ),
    WrongAnswer(
        id="sigmoid_clips_the_logits",
        question="q1",
        cell="def sigmoid(",
        code="def sigmoid(z):\n    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))\n",
        expect="were the logits clipped",
    ),
    WrongAnswer(
        id="delegates_through_a_default_argument",
        question="q1",
        cell="def sigmoid(",
        code=("import course_lib\n\n\ndef sigmoid(z, _ref=course_lib.sigmoid):\n    return _ref(z)\n"),
        expect="no credit is given for it",
    ),
    # q2: BCE from probabilities
    WrongAnswer(
        id="bce_missing_brackets",
        question="q2",
        cell="def bce(",
        code=(
            "def bce(probs, target):\n"
            "    p, y = np.asarray(probs), np.asarray(target)\n"
            "    with np.errstate(divide='ignore'):\n"
            "        return np.mean(-y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log(1 - p), -100))\n"
        ),
        expect="the minus sign only covers the first term",
        public=True,
    ),
    WrongAnswer(
        id="bce_sum_instead_of_mean",
        question="q2",
        cell="def bce(",
        code=(
            "def bce(probs, target):\n"
            "    p, y = np.asarray(probs), np.asarray(target)\n"
            "    with np.errstate(divide='ignore'):\n"
            "        return -np.sum(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log(1 - p), -100))\n"
        ),
        expect="this is the sum over examples",
        public=True,
    ),
    WrongAnswer(
        id="bce_log_p_plus_eps",
        question="q2",
        cell="def bce(",
        code=(
            "def bce(probs, target):\n"
            "    p, y = np.asarray(probs), np.asarray(target)\n"
            "    eps = 1e-7\n"
            "    return -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))\n"
        ),
        expect="log(p + eps) is not a clamp",
        public=True,
    ),
    WrongAnswer(
        id="bce_clips_the_probabilities",
        question="q2",
        cell="def bce(",
        code=(
            "def bce(probs, target):\n"
            "    p, y = np.clip(probs, 1e-7, 1 - 1e-7), np.asarray(target)\n"
            "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n"
        ),
        expect="neither is clipping p",
        public=True,
    ),
    WrongAnswer(
        id="bce_wrong_sign",
        question="q2",
        cell="def bce(",
        code=(
            "def bce(probs, target):\n"
            "    p, y = np.asarray(probs), np.asarray(target)\n"
            "    with np.errstate(divide='ignore'):\n"
            "        return np.mean(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log(1 - p), -100))\n"
        ),
        expect="the sign is wrong",
        public=True,
    ),
    WrongAnswer(
        id="bce_without_a_clamp",
        question="q2",
        cell="def bce(",
        code=(
            "def bce(probs, target):\n"
            "    p, y = np.asarray(probs), np.asarray(target)\n"
            "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n"
        ),
        expect="bce took log(0) and numpy warned",
        public=True,
    ),
    WrongAnswer(
        id="bce_clamps_outside_errstate",
        question="q2",
        cell="def bce(",
        code=(
            "def bce(probs, target):\n"
            "    p, y = np.asarray(probs), np.asarray(target)\n"
            "    return -np.mean(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log(1 - p), -100))\n"
        ),
        expect="inside np.errstate(divide='ignore')",
    ),
    WrongAnswer(
        id="bce_upcasts_float32",
        question="q2",
        cell="def bce(",
        code=(
            "def bce(probs, target):\n"
            "    p, y = np.asarray(probs, dtype=float), np.asarray(target, dtype=float)\n"
            "    with np.errstate(divide='ignore'):\n"
            "        return -np.mean(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))\n"
        ),
        expect="keep the input's dtype",
    ),
    # q3: BCE from logits
    WrongAnswer(
        id="bce_with_logits_through_the_sigmoid",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    p = 1 / (1 + np.exp(-z))\n"
            "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n"
        ),
        expect="floating-point problem at extreme inputs",
        public=True,
    ),
    WrongAnswer(
        id="bce_with_logits_through_a_stable_sigmoid_and_a_clamp",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            + _STABLE_SIGMOID
            + "    with np.errstate(divide='ignore'):\n"
            "        return -np.mean(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))\n"
        ),
        expect="the loss was computed from sigmoid(z)",
        public=True,
    ),
    WrongAnswer(
        id="naive_softplus_overflows",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    return np.mean((1 - y) * z + np.log(1 + np.exp(-z)))\n"
        ),
        expect="an exp overflowed",
        public=True,
    ),
    WrongAnswer(
        id="naive_softplus_silenced_with_errstate",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    with np.errstate(over='ignore'):\n"
            "        return np.mean((1 - y) * z + np.log(1 + np.exp(-z)))\n"
        ),
        expect="Silencing the warning does not avoid the overflow",
        public=True,
    ),
    WrongAnswer(
        id="log_instead_of_log1p",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    return np.mean((1 - y) * z + np.maximum(-z, 0) + np.log(1 + np.exp(-np.abs(z))))\n"
        ),
        expect="use log1p: log(1 + x) rounds to 0 when x < 1e-16",
        public=True,
    ),
    WrongAnswer(
        id="bce_with_logits_sum_instead_of_mean",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    return np.sum((1 - y) * z + np.maximum(-z, 0) + np.log1p(np.exp(-np.abs(z))))\n"
        ),
        expect="this is the sum over",
        public=True,
    ),
    WrongAnswer(
        id="bce_with_logits_y_z_instead_of_1_minus_y_z",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    return np.mean(y * z + np.maximum(-z, 0) + np.log1p(np.exp(-np.abs(z))))\n"
        ),
        expect="the linear term has the wrong factor",
        public=True,
    ),
    WrongAnswer(
        id="bce_with_logits_softplus_of_z",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    return np.mean((1 - y) * z + np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))))\n"
        ),
        expect="softplus has the wrong sign of its argument",
    ),
    WrongAnswer(
        id="bce_with_logits_upcasts_float32",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "def bce_with_logits(logits, target):\n"
            "    z, y = np.asarray(logits, dtype=float), np.asarray(target, dtype=float)\n"
            "    return np.mean((1 - y) * z + np.maximum(-z, 0) + np.log1p(np.exp(-np.abs(z))))\n"
        ),
        expect="keep the input's dtype",
    ),
    WrongAnswer(
        id="delegates_to_course_lib",
        question="q3",
        cell="def bce_with_logits(",
        code=(
            "import course_lib as cl\n\n\n"
            "def bce_with_logits(logits, target):\n"
            "    return cl.binary_cross_entropy_with_logits(logits, target)\n"
        ),
        expect="no credit is given for it",
    ),
    # q4: the gradient
    WrongAnswer(
        id="gradient_with_respect_to_the_probability",
        question="q4",
        cell="def bce_grad(",
        code=(
            "def bce_grad(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    p = 1 / (1 + np.exp(-z))\n"
            "    return (p - y) / (p * (1 - p)) / z.size\n"
        ),
        expect="gradient with respect to the probability",
        public=True,
    ),
    WrongAnswer(
        id="gradient_without_1_over_n",
        question="q4",
        cell="def bce_grad(",
        code=(
            "def bce_grad(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    e = np.exp(-np.abs(z))\n"
            "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)) - y\n"
        ),
        expect="gradient of the summed loss",
        public=True,
    ),
    WrongAnswer(
        id="gradient_with_the_wrong_sign",
        question="q4",
        cell="def bce_grad(",
        code=(
            "def bce_grad(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n" + _STABLE_SIGMOID + "    return (y - p) / z.size\n"
        ),
        expect="the sign is wrong",
        public=True,
    ),
    WrongAnswer(
        id="gradient_divided_by_the_number_of_rows",
        question="q4",
        cell="def bce_grad(",
        code=(
            "def bce_grad(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n" + _STABLE_SIGMOID + "    return (p - y) / len(z)\n"
        ),
        expect="this divides by len(z)",
        public=True,
    ),
    WrongAnswer(
        id="gradient_through_a_naive_sigmoid",
        question="q4",
        cell="def bce_grad(",
        code=(
            "def bce_grad(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    return (1 / (1 + np.exp(-z)) - y) / z.size\n"
        ),
        expect="floating-point problem at extreme inputs",
    ),
    WrongAnswer(
        id="delegates_through_a_closure",
        question="q4",
        cell="def bce_grad(",
        code=(
            "def _make_bce_grad():\n"
            "    import course_lib\n\n"
            "    reference = course_lib.binary_cross_entropy_with_logits_grad\n\n"
            "    def bce_grad(logits, target):\n"
            "        return reference(logits, target)\n\n"
            "    return bce_grad\n\n\n"
            "bce_grad = _make_bce_grad()\n"
        ),
        expect="no credit is given for it",
    ),
    # q5: the derivative with respect to y_hat, a number
    WrongAnswer(
        id="tidy_gradient_for_y_hat",
        question="q5",
        cell="q5_answer =",
        code="y_hat = 1 / (1 + np.exp(3.0))\nq5_answer = float(y_hat - 1)\n",
        expect="that is the gradient with respect to the logit z",
        public=True,
    ),
    WrongAnswer(
        id="q5_wrong_sign",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 21.0855\n",
        expect="q5_answer has the wrong sign",
        public=True,
    ),
    WrongAnswer(
        id="q5_sigma_of_plus_3",
        question="q5",
        cell="q5_answer =",
        code="y_hat = 1 / (1 + np.exp(-3.0))\nq5_answer = float(-1 / y_hat)\n",
        expect="-1 / sigma(3)",
        public=True,
    ),
    WrongAnswer(
        id="q5_the_loss_itself",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 3.0486\n",
        expect="the loss -log(y_hat)",
        public=True,
    ),
]
