"""Wrong answers to assignment 1 (binary cross-entropy)."""

from . import WrongAnswer

ASSIGNMENT = "a2_binary_cross_entropy"

WRONG_ANSWERS = [
    WrongAnswer(
        id="naive_sigmoid_overflows",
        question="q1",
        cell="def sigmoid(",
        code="def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
        expect="an exp overflowed",
    ),
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
    ),
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
    ),
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
    ),
    WrongAnswer(
        id="tidy_gradient_for_y_hat",
        question="q5",
        cell="q5_answer =",
        code="y_hat = 1 / (1 + np.exp(3.0))\nq5_answer = float(y_hat - 1)\n",
        expect="that is the gradient with respect to the logit z",
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
]
