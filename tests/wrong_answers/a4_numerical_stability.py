"""Wrong answers to assignment 4 (numerical stability)."""

from . import WrongAnswer

ASSIGNMENT = "a4_numerical_stability"

WRONG_ANSWERS = [
    WrongAnswer(
        id="logsumexp_without_shift_overflows",
        question="q1",
        cell="def logsumexp(",
        code="def logsumexp(z):\n    return np.log(np.sum(np.exp(z), axis=-1))\n",
        expect="Factor out the row max m",
    ),
    WrongAnswer(
        id="logsumexp_forgets_to_add_the_max_back",
        question="q1",
        cell="def logsumexp(",
        code=(
            "def logsumexp(z):\n"
            "    m = np.max(z, axis=-1, keepdims=True)\n"
            "    return np.log(np.sum(np.exp(z - m), axis=-1))\n"
        ),
        expect="did not add the max back",
    ),
    WrongAnswer(
        id="logsumexp_shifts_by_the_min",
        question="q1",
        cell="def logsumexp(",
        code=(
            "def logsumexp(z):\n"
            "    m = np.min(z, axis=-1, keepdims=True)\n"
            "    return (m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))[..., 0]\n"
        ),
        expect="shifting by the min",
    ),
    WrongAnswer(
        id="logsumexp_returns_float64_for_float32",
        question="q1",
        cell="def logsumexp(",
        code=(
            "def logsumexp(z):\n"
            "    z = np.asarray(z, dtype=np.float64)  # more precision, but float32 in now gives float64 out\n"
            "    m = np.max(z, axis=-1, keepdims=True)\n"
            "    return (m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))[..., 0]\n"
        ),
        expect="keep the input's dtype",
    ),
    WrongAnswer(
        id="logsumexp_delegates_to_course_lib",
        question="q1",
        cell="def logsumexp(",
        code="import course_lib as cl\n\n\ndef logsumexp(z):\n    return cl.logsumexp(z, axis=-1)\n",
        expect="no credit is given for it",
    ),
    WrongAnswer(
        id="softmax_without_shift_is_nan",
        question="q2",
        cell="def softmax(",
        code="def softmax(z):\n    e = np.exp(z)\n    return e / np.sum(e, axis=-1, keepdims=True)\n",
        expect="inf / (inf + inf) is nan",
    ),
    WrongAnswer(
        id="softmax_along_axis_0",
        question="q2",
        cell="def softmax(",
        code=(
            "def softmax(z):\n"
            "    e = np.exp(z - np.max(z, axis=0, keepdims=True))\n"
            "    return e / np.sum(e, axis=0, keepdims=True)\n"
        ),
        expect="normalised along axis 0",
    ),
    WrongAnswer(
        id="softmax_sum_without_keepdims",
        question="q2",
        cell="def softmax(",
        code=(
            "def softmax(z):\n"
            "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
            "    return e / np.sum(e, axis=-1)\n"
        ),
        expect="keepdims=True",
    ),
    WrongAnswer(
        id="cross_entropy_log_softmax_plus_eps",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            "def stable_cross_entropy(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
            "    p = e / np.sum(e, axis=-1, keepdims=True)\n"
            "    eps = 1e-7\n"
            "    return -np.mean(np.log(p[np.arange(len(y)), y] + eps))\n"
        ),
        expect="caps the loss at -log(eps)",
    ),
    WrongAnswer(
        id="cross_entropy_log_of_softmax",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            "def stable_cross_entropy(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
            "    p = e / np.sum(e, axis=-1, keepdims=True)\n"
            "    return -np.mean(np.log(p[np.arange(len(y)), y]))\n"
        ),
        expect="took the log of a probability that rounded to 0",
    ),
    WrongAnswer(
        id="cross_entropy_sum_instead_of_mean",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            "def stable_cross_entropy(logits, target):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    m = np.max(z, axis=-1)\n"
            "    lse = m + np.log(np.sum(np.exp(z - m[:, None]), axis=-1))\n"
            "    return np.sum(lse - z[np.arange(len(y)), y])\n"
        ),
        expect="this is the sum over examples",
    ),
    WrongAnswer(
        id="cross_entropy_delegates_to_course_lib",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            "import course_lib\n\n\n"
            "def stable_cross_entropy(logits, target):\n"
            "    return course_lib.cross_entropy(logits, target)\n"
        ),
        expect="no credit is given for it",
    ),
    WrongAnswer(
        id="softplus_naive_overflows",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.log(1 + np.exp(x))\n",
        expect="softplus overflowed at x = 1000",
    ),
    WrongAnswer(
        id="softplus_log1p_of_exp_overflows_too",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.log1p(np.exp(x))\n",
        expect="in log(1 + exp(x)) and in log1p(exp(x)) alike",
    ),
    WrongAnswer(
        id="softplus_max_alone",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.maximum(x, 0)\n",
        expect="max(x, 0) alone drops the second term",
    ),
    WrongAnswer(
        id="softplus_shifted_but_log_instead_of_log1p",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.maximum(x, 0) + np.log(1 + np.exp(-np.abs(x)))\n",
        expect="rounds 1 + 4.2e-18 to 1",
    ),
    WrongAnswer(
        id="threshold_of_float64",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log(np.finfo(np.float64).max))\n",
        expect="that is the float64 threshold",
    ),
    WrongAnswer(
        id="threshold_truncated_to_88",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 88.0\n",
        expect="truncated too far",
    ),
    WrongAnswer(
        id="threshold_rounded_up",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = round(float(np.log(np.finfo(np.float32).max)) + 0.005, 2)  # 88.73\n",
        expect="round the threshold down",
    ),
]
