"""Wrong answers to assignment 4 (numerical stability)."""

from . import WrongAnswer

ASSIGNMENT = "a4_numerical_stability"

# A max-shifted softmax of a batch of rows, as a learner writes it inside an answer.
_SOFTMAX_ROWS = "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n    p = e / np.sum(e, axis=-1, keepdims=True)\n"
_CE_HEAD = "def stable_cross_entropy(logits, target):\n    z, y = np.asarray(logits), np.asarray(target)\n"
_LSE = (
    "    m = np.max(z, axis=-1, keepdims=True)\n"
    "    lse = (m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))[:, 0]\n"
)
_WHERE = "np.where(x > 0, x + np.log1p(np.exp(-x)), np.log1p(np.exp(x)))"

WRONG_ANSWERS = [
    # q1: logsumexp
    WrongAnswer(
        id="logsumexp_without_shift_overflows",
        question="q1",
        cell="def logsumexp(",
        code="def logsumexp(z):\n    return np.log(np.sum(np.exp(z), axis=-1))\n",
        expect="Factor out the row max m",
        public=True,
    ),
    WrongAnswer(
        id="logsumexp_without_shift_silenced_with_errstate",
        question="q1",
        cell="def logsumexp(",
        code=(
            "def logsumexp(z):\n"
            "    with np.errstate(over='ignore', divide='ignore'):\n"
            "        return np.log(np.sum(np.exp(z), axis=-1))\n"
        ),
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
        public=True,
    ),
    WrongAnswer(
        id="logsumexp_along_axis_0",
        question="q1",
        cell="def logsumexp(",
        code=(
            "def logsumexp(z):\n"
            "    m = np.max(z, axis=0, keepdims=True)\n"
            "    return (m + np.log(np.sum(np.exp(z - m), axis=0, keepdims=True)))[0]\n"
        ),
        expect="logsumexp of each COLUMN",
        public=True,
    ),
    WrongAnswer(
        id="logsumexp_max_without_keepdims",
        question="q1",
        cell="def logsumexp(",
        code=("def logsumexp(z):\n    m = np.max(z, axis=-1)\n    return m + np.log(np.sum(np.exp(z - m), axis=-1))\n"),
        expect="keepdims=True",
        public=True,
    ),
    WrongAnswer(
        id="logsumexp_along_axis_1",
        question="q1",
        cell="def logsumexp(",
        code=(
            "def logsumexp(z):\n"
            "    m = np.max(z, axis=1, keepdims=True)\n"
            "    return np.squeeze(m + np.log(np.sum(np.exp(z - m), axis=1, keepdims=True)), axis=1)\n"
        ),
        expect="it summed along axis 1",
    ),
    WrongAnswer(
        id="logsumexp_shifted_by_the_max_of_the_whole_array",
        question="q1",
        cell="def logsumexp(",
        code="def logsumexp(z):\n    m = np.max(z)\n    return m + np.log(np.sum(np.exp(z - m), axis=-1))\n",
        expect="the max of the whole array",
        public=True,
    ),
    WrongAnswer(
        id="logsumexp_sums_the_whole_array",
        question="q1",
        cell="def logsumexp(",
        code=(
            "def logsumexp(z):\n"
            "    m = np.max(z, axis=-1, keepdims=True)\n"
            "    return np.max(z) + np.log(np.sum(np.exp(z - np.max(z))))\n"
        ),
        expect="summed over the whole array",
    ),
    WrongAnswer(
        id="logsumexp_keeps_the_last_axis",
        question="q1",
        cell="def logsumexp(",
        code=(
            "def logsumexp(z):\n"
            "    m = np.max(z, axis=-1, keepdims=True)\n"
            "    return m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))\n"
        ),
        expect="returned shape (3, 1)",
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
    # q2: softmax
    WrongAnswer(
        id="softmax_without_shift_is_nan",
        question="q2",
        cell="def softmax(",
        code="def softmax(z):\n    e = np.exp(z)\n    return e / np.sum(e, axis=-1, keepdims=True)\n",
        expect="inf / (inf + inf) is nan",
        public=True,
    ),
    WrongAnswer(
        id="softmax_without_shift_silenced_with_errstate",
        question="q2",
        cell="def softmax(",
        code=(
            "def softmax(z):\n"
            "    with np.errstate(over='ignore', invalid='ignore'):\n"
            "        e = np.exp(z)\n"
            "        return e / np.sum(e, axis=-1, keepdims=True)\n"
        ),
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
        public=True,
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
        public=True,
    ),
    WrongAnswer(
        id="softmax_along_axis_1",
        question="q2",
        cell="def softmax(",
        code=(
            "def softmax(z):\n"
            "    e = np.exp(z - np.max(z, axis=1, keepdims=True))\n"
            "    return e / np.sum(e, axis=1, keepdims=True)\n"
        ),
        expect="normalised along axis 1",
    ),
    WrongAnswer(
        id="softmax_shifted_by_the_max_of_the_whole_array",
        question="q2",
        cell="def softmax(",
        code="def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / np.sum(e, axis=-1, keepdims=True)\n",
        expect="the max of the whole array",
        public=True,
    ),
    WrongAnswer(
        id="softmax_shifted_by_the_min",
        question="q2",
        cell="def softmax(",
        code=(
            "def softmax(z):\n"
            "    e = np.exp(z - np.min(z, axis=-1, keepdims=True))\n"
            "    return e / np.sum(e, axis=-1, keepdims=True)\n"
        ),
        expect="inf / (inf + inf) is nan",
    ),
    WrongAnswer(
        id="softmax_not_normalised",
        question="q2",
        cell="def softmax(",
        code="def softmax(z):\n    return np.exp(z - np.max(z, axis=-1, keepdims=True))\n",
        expect="not divided by their sum",
    ),
    WrongAnswer(
        id="softmax_returns_float64_for_float32",
        question="q2",
        cell="def softmax(",
        code=(
            "def softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
            "    return e / np.sum(e, axis=-1, keepdims=True)\n"
        ),
        expect="keep the input's dtype",
    ),
    # q3: cross-entropy from logits
    WrongAnswer(
        id="cross_entropy_log_softmax_plus_eps",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            _CE_HEAD + _SOFTMAX_ROWS + "    eps = 1e-7\n    return -np.mean(np.log(p[np.arange(len(y)), y] + eps))\n"
        ),
        expect="caps the loss at -log(eps)",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_clips_the_probabilities",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            _CE_HEAD
            + _SOFTMAX_ROWS
            + "    p = np.clip(p, 1e-7, 1 - 1e-7)\n    return -np.mean(np.log(p[np.arange(len(y)), y]))\n"
        ),
        expect="caps the loss at -log(eps)",
    ),
    WrongAnswer(
        id="cross_entropy_log_of_softmax",
        question="q3",
        cell="def stable_cross_entropy(",
        code=_CE_HEAD + _SOFTMAX_ROWS + "    return -np.mean(np.log(p[np.arange(len(y)), y]))\n",
        expect="took the log of a probability that rounded to 0",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_sum_instead_of_mean",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            _CE_HEAD
            + "    m = np.max(z, axis=-1)\n"
            + "    lse = m + np.log(np.sum(np.exp(z - m[:, None]), axis=-1))\n"
            + "    return np.sum(lse - z[np.arange(len(y)), y])\n"
        ),
        expect="this is the sum over examples",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_always_class_0",
        question="q3",
        cell="def stable_cross_entropy(",
        code=_CE_HEAD + _LSE + "    return np.mean(lse - z[:, 0])\n",
        expect="the loss of class 0 in every row",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_class_target_minus_1",
        question="q3",
        cell="def stable_cross_entropy(",
        code=_CE_HEAD + _LSE + "    return np.mean(lse - z[np.arange(len(y)), y - 1])\n",
        expect="this picks class target - 1",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_class_target_plus_1",
        question="q3",
        cell="def stable_cross_entropy(",
        code=_CE_HEAD + _LSE + "    return np.mean(lse - z[np.arange(len(y)), y + 1])\n",
        expect="this picks class target + 1",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_indexes_every_row_at_every_target",
        question="q3",
        cell="def stable_cross_entropy(",
        code=_CE_HEAD + _LSE + "    return np.mean(lse - z[:, y])\n",
        expect="is an N x N array",
    ),
    WrongAnswer(
        id="cross_entropy_without_max_shift",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            _CE_HEAD
            + "    lse = np.log(np.sum(np.exp(z), axis=-1))\n"
            + "    return np.mean(lse - z[np.arange(len(y)), y])\n"
        ),
        expect="exp(1000) overflows unless each row is shifted by its max",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_shifted_by_the_max_of_the_whole_array",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            _CE_HEAD
            + "    m = np.max(z)\n"
            + "    lse = m + np.log(np.sum(np.exp(z - m), axis=-1))\n"
            + "    return np.mean(lse - z[np.arange(len(y)), y])\n"
        ),
        expect="the max of the whole array",
    ),
    WrongAnswer(
        id="cross_entropy_sign_flipped",
        question="q3",
        cell="def stable_cross_entropy(",
        code=_CE_HEAD + _LSE + "    return np.mean(z[np.arange(len(y)), y] - lse)\n",
        expect="the sign is wrong",
    ),
    WrongAnswer(
        id="cross_entropy_returns_float64_for_float32",
        question="q3",
        cell="def stable_cross_entropy(",
        code=(
            "def stable_cross_entropy(logits, target):\n"
            "    z, y = np.asarray(logits, dtype=np.float64), np.asarray(target)\n"
            + _LSE
            + "    return np.mean(lse - z[np.arange(len(y)), y])\n"
        ),
        expect="keep the input's dtype",
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
    # q4: softplus
    WrongAnswer(
        id="softplus_naive_overflows",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.log(1 + np.exp(x))\n",
        expect="softplus overflowed at x = 1000",
        public=True,
    ),
    WrongAnswer(
        id="softplus_naive_with_the_overflow_silenced",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    with np.errstate(over='ignore'):\n        return np.log(1 + np.exp(x))\n",
        expect="softplus overflowed at x = 1000",
        public=True,
    ),
    WrongAnswer(
        id="softplus_log1p_of_exp_overflows_too",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.log1p(np.exp(x))\n",
        expect="in log(1 + exp(x)) and in log1p(exp(x)) alike",
        public=True,
    ),
    WrongAnswer(
        id="softplus_max_alone",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.maximum(x, 0)\n",
        expect="max(x, 0) alone drops the second term",
        public=True,
    ),
    WrongAnswer(
        id="softplus_shifted_but_log_instead_of_log1p",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.maximum(x, 0) + np.log(1 + np.exp(-np.abs(x)))\n",
        expect="rounds 1 + 4.2e-18 to 1",
        public=True,
    ),
    WrongAnswer(
        id="softplus_where_computes_both_branches",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    x = np.asarray(x)\n    return " + _WHERE + "\n",
        expect="computes both of its branches",
        public=True,
    ),
    WrongAnswer(
        id="softplus_where_with_the_overflow_silenced",
        question="q4",
        cell="def softplus(",
        code=(
            "def softplus(x):\n    x = np.asarray(x)\n    with np.errstate(over='ignore'):\n        return "
            + _WHERE
            + "\n"
        ),
        expect="np.errstate only hides the warning",
    ),
    WrongAnswer(
        id="softplus_threshold_where_still_overflows",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    x = np.asarray(x)\n    return np.where(x > 30, x, np.log1p(np.exp(x)))\n",
        expect="computes both of its branches",
    ),
    WrongAnswer(
        id="softplus_positive_x_formula_everywhere",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return x + np.log1p(np.exp(-x))\n",
        expect="softplus overflowed at x = -1000",
    ),
    WrongAnswer(
        id="softplus_missing_the_max_term",
        question="q4",
        cell="def softplus(",
        code="def softplus(x):\n    return np.log1p(np.exp(-np.abs(x)))\n",
        expect="the max(x, 0) term is missing",
    ),
    # q5: the float32 threshold of exp
    WrongAnswer(
        id="threshold_of_float64",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log(np.finfo(np.float64).max))\n",
        expect="that is the float64 threshold",
        public=True,
    ),
    WrongAnswer(
        id="threshold_truncated_to_88",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 88.0\n",
        expect="truncated too far",
        public=True,
    ),
    WrongAnswer(
        id="threshold_rounded_up",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = round(float(np.log(np.finfo(np.float32).max)) + 0.005, 2)  # 88.73\n",
        expect="round the threshold down",
        public=True,
    ),
    WrongAnswer(
        id="threshold_not_rounded",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log(np.finfo(np.float32).max))\n",
        expect="round the threshold down",
    ),
    WrongAnswer(
        id="threshold_base_10",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.floor(100 * np.log10(np.finfo(np.float32).max)) / 100)\n",
        expect="the base-10 logarithm",
    ),
    WrongAnswer(
        id="threshold_log_of_2_to_the_127",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.floor(100 * 127 * np.log(2.0)) / 100)\n",
        expect="log(2^127)",
    ),
    WrongAnswer(
        id="threshold_where_exp_minus_x_underflows",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.floor(-100 * np.log(np.finfo(np.float32).tiny)) / 100)\n",
        expect="where exp(-x) underflows",
    ),
]
