"""Wrong answers to assignment 3 (categorical cross-entropy)."""

from . import WrongAnswer

ASSIGNMENT = "a3_categorical_cross_entropy"

WRONG_ANSWERS = [
    WrongAnswer(
        id="log_softmax_without_max_shift",
        question="q1",
        cell="def log_softmax(",
        code="def log_softmax(z):\n    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))\n",
        expect="Subtract each row's max first",
        public=True,
    ),
    WrongAnswer(
        id="log_of_softmax",
        question="q1",
        cell="def log_softmax(",
        code=(
            "def log_softmax(z):\n"
            "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
            "    return np.log(e / np.sum(e, axis=-1, keepdims=True))\n"
        ),
        expect="took the log of a probability that underflowed to 0",
        public=True,
    ),
    WrongAnswer(
        id="log_softmax_along_axis_0",
        question="q1",
        cell="def log_softmax(",
        code=(
            "def log_softmax(z):\n"
            "    shifted = z - np.max(z, axis=0, keepdims=True)\n"
            "    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))\n"
        ),
        expect="computed along axis 0",
        public=True,
    ),
    WrongAnswer(
        id="log_softmax_without_keepdims",
        question="q1",
        cell="def log_softmax(",
        code=(
            "def log_softmax(z):\n"
            "    shifted = z - np.max(z, axis=-1)\n"
            "    return shifted - np.log(np.sum(np.exp(shifted), axis=-1))\n"
        ),
        expect="without keepdims=True",
        public=True,
    ),
    WrongAnswer(
        id="log_softmax_upcasts_float32",
        question="q1",
        cell="def log_softmax(",
        code=(
            "def log_softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    shifted = z - np.max(z, axis=-1, keepdims=True)\n"
            "    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
        ),
        expect="keep the input's dtype",
        public=True,
    ),
    WrongAnswer(
        id="log_softmax_along_axis_1",
        question="q1",
        cell="def log_softmax(",
        code=(
            "def log_softmax(z):\n"
            "    shifted = z - np.max(z, axis=1, keepdims=True)\n"
            "    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n"
        ),
        expect="it has no axis 1",
        public=True,
    ),
    WrongAnswer(
        id="log_softmax_without_max_shift_silenced",
        question="q1",
        cell="def log_softmax(",
        code=(
            "def log_softmax(z):\n"
            "    with np.errstate(over='ignore', invalid='ignore'):\n"
            "        return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))\n"
        ),
        expect="Subtract each row's max first",
        public=True,
    ),
    WrongAnswer(
        id="log_of_softmax_plus_eps",
        question="q1",
        cell="def log_softmax(",
        code=(
            "def log_softmax(z):\n"
            "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
            "    return np.log(e / np.sum(e, axis=-1, keepdims=True) + 1e-12)\n"
        ),
        expect="caps it at log(eps)",
        public=True,
    ),
    WrongAnswer(
        id="delegates_through_importlib",
        question="q1",
        cell="def log_softmax(",
        code=(
            "import importlib\n\n\n"
            "def log_softmax(z):\n"
            "    return importlib.import_module('course_lib').log_softmax(z)\n"
        ),
        expect="no credit is given for it",
    ),
    WrongAnswer(
        id="one_hot_times_log_softmax",  # L_i * log S_i, computed literally
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))\n"
            "    probs = e / np.sum(e, axis=-1, keepdims=True)\n"
            "    one_hot = np.eye(logits.shape[-1])[target]\n"
            "    return -np.mean(np.sum(one_hot * np.log(probs), axis=-1))\n"
        ),
        expect="0 * log 0 = nan",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_missing_minus_sign",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    return np.mean(log_probs[np.arange(len(target)), target])\n"
        ),
        expect="the sign is wrong",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_sum_instead_of_mean",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    return -np.sum(log_probs[np.arange(len(target)), target])\n"
        ),
        expect="this is the sum over the samples",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_picks_an_n_by_n_block",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    return -np.mean(log_probs[:, target])\n"
        ),
        expect="picks an N x N block",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_without_max_shift",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    log_probs = logits - np.log(np.sum(np.exp(logits), axis=-1, keepdims=True))\n"
            "    return -np.mean(log_probs[np.arange(len(target)), target])\n"
        ),
        expect="cross_entropy overflowed at a logit of 1000",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_picks_from_the_log_of_softmax",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))\n"
            "    probs = e / np.sum(e, axis=-1, keepdims=True)\n"
            "    return -np.mean(np.log(probs[np.arange(len(target)), target]))\n"
        ),
        expect="a probability underflowed to 0 and its log was taken",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_mean_over_all_entries",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    return -np.mean(np.eye(logits.shape[-1])[target] * log_probs)\n"
        ),
        expect="C times too small",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_classes_counted_from_1",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    return -np.mean(log_probs[np.arange(len(target)), target - 1])\n"
        ),
        expect="classes are counted from 0",
        public=True,
    ),
    WrongAnswer(
        id="cross_entropy_log_p_plus_eps",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))\n"
            "    probs = e / np.sum(e, axis=-1, keepdims=True)\n"
            "    return -np.mean(np.log(probs[np.arange(len(target)), target] + 1e-12))\n"
        ),
        expect="came out capped",
    ),
    WrongAnswer(
        id="cross_entropy_upcasts_float32",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "def cross_entropy(logits, target):\n"
            "    z = np.asarray(logits, dtype=float)\n"
            "    shifted = z - np.max(z, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    return -np.mean(log_probs[np.arange(len(target)), target])\n"
        ),
        expect="keep the input's dtype",
    ),
    WrongAnswer(
        id="delegates_to_course_lib",
        question="q2",
        cell="def cross_entropy(",
        code=(
            "import course_lib as cl\n\n\n"
            "def cross_entropy(logits, target):\n"
            "    return cl.cross_entropy(logits, target)\n"
        ),
        expect="no credit is given for it",
    ),
    WrongAnswer(
        id="smoothing_over_the_other_c_minus_1_classes",
        question="q3",
        cell="def smoothed_cross_entropy(",
        code=(
            "def smoothed_cross_entropy(logits, target, eps):\n"
            "    n, C = logits.shape\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    t = np.full((n, C), eps / (C - 1))\n"
            "    t[np.arange(n), target] = 1 - eps\n"
            "    return -np.mean(np.sum(t * log_probs, axis=-1))\n"
        ),
        expect="eps / (C - 1)",
        public=True,
    ),
    WrongAnswer(
        id="smoothing_the_predicted_probabilities",
        question="q3",
        cell="def smoothed_cross_entropy(",
        code=(
            "def smoothed_cross_entropy(logits, target, eps):\n"
            "    C = logits.shape[-1]\n"
            "    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))\n"
            "    probs = (1 - eps) * e / np.sum(e, axis=-1, keepdims=True) + eps / C\n"
            "    return -np.mean(np.log(probs[np.arange(len(target)), target]))\n"
        ),
        expect="applied to the predicted probabilities",
        public=True,
    ),
    WrongAnswer(
        id="smoothed_target_does_not_sum_to_1",
        question="q3",
        cell="def smoothed_cross_entropy(",
        code=(
            "def smoothed_cross_entropy(logits, target, eps):\n"
            "    C = logits.shape[-1]\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    t = np.eye(C)[target] + eps / C\n"
            "    return -np.mean(np.sum(t * log_probs, axis=-1))\n"
        ),
        expect="does not sum to 1",
        public=True,
    ),
    WrongAnswer(
        id="smoothing_weights_swapped",
        question="q3",
        cell="def smoothed_cross_entropy(",
        code=(
            "def smoothed_cross_entropy(logits, target, eps):\n"
            "    n, C = logits.shape\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    t = eps * np.eye(C)[target] + (1 - eps) / C\n"
            "    return -np.mean(np.sum(t * log_probs, axis=-1))\n"
        ),
        expect="the weights are swapped",
        public=True,
    ),
    WrongAnswer(
        id="smoothing_term_without_1_over_c",
        question="q3",
        cell="def smoothed_cross_entropy(",
        code=(
            "def smoothed_cross_entropy(logits, target, eps):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    nll = -log_probs[np.arange(len(target)), target]\n"
            "    return np.mean((1 - eps) * nll - eps * np.sum(log_probs, axis=-1))\n"
        ),
        expect="the smoothing term lacks its 1 / C",
        public=True,
    ),
    WrongAnswer(
        id="smoothing_leaves_out_the_true_class",
        question="q3",
        cell="def smoothed_cross_entropy(",
        code=(
            "def smoothed_cross_entropy(logits, target, eps):\n"
            "    n, C = logits.shape\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    t = np.full((n, C), eps / C)\n"
            "    t[np.arange(n), target] = 1 - eps\n"
            "    return -np.mean(np.sum(t * log_probs, axis=-1))\n"
        ),
        expect="the true class got 1 - eps and only the other classes eps / C",
        public=True,
    ),
    WrongAnswer(
        id="smoothing_from_the_log_of_softmax",
        question="q3",
        cell="def smoothed_cross_entropy(",
        code=(
            "def smoothed_cross_entropy(logits, target, eps):\n"
            "    C = logits.shape[-1]\n"
            "    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))\n"
            "    log_probs = np.log(e / np.sum(e, axis=-1, keepdims=True))\n"
            "    nll = -log_probs[np.arange(len(target)), target]\n"
            "    return np.mean((1 - eps) * nll - eps / C * np.sum(log_probs, axis=-1))\n"
        ),
        expect="took the log of a probability that underflowed to 0",
        public=True,
    ),
    WrongAnswer(
        id="smoothed_sum_over_the_samples",
        question="q3",
        cell="def smoothed_cross_entropy(",
        code=(
            "def smoothed_cross_entropy(logits, target, eps):\n"
            "    C = logits.shape[-1]\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    nll = -log_probs[np.arange(len(target)), target]\n"
            "    return np.sum((1 - eps) * nll - eps / C * np.sum(log_probs, axis=-1))\n"
        ),
        expect="this is the sum over the samples",
    ),
    WrongAnswer(
        id="weighted_mean_divides_by_n",
        question="q4",
        cell="def weighted_cross_entropy(",
        code=(
            "def weighted_cross_entropy(logits, target, weight, ignore_index=-100):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    keep = target != ignore_index\n"
            "    y = target[keep]\n"
            "    return np.sum(weight[y] * -log_probs[keep][np.arange(len(y)), y]) / len(target)\n"
        ),
        expect="divided by N",
        public=True,
    ),
    WrongAnswer(
        id="weighted_mean_divides_by_the_count",
        question="q4",
        cell="def weighted_cross_entropy(",
        code=(
            "def weighted_cross_entropy(logits, target, weight, ignore_index=-100):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    keep = target != ignore_index\n"
            "    y = target[keep]\n"
            "    return np.mean(weight[y] * -log_probs[keep][np.arange(len(y)), y])\n"
        ),
        expect="divided by the number of counted samples",
        public=True,
    ),
    WrongAnswer(
        id="ignored_samples_in_the_denominator",
        question="q4",
        cell="def weighted_cross_entropy(",
        code=(
            "def weighted_cross_entropy(logits, target, weight, ignore_index=-100):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    keep = target != ignore_index\n"
            "    safe = np.where(keep, target, 0)\n"
            "    nll = -log_probs[np.arange(len(target)), safe]\n"
            "    return np.sum(weight[safe] * nll * keep) / np.sum(weight[safe])\n"
        ),
        expect="the denominator includes ignored samples",
        public=True,
    ),
    WrongAnswer(
        id="ignore_index_as_an_index",
        question="q4",
        cell="def weighted_cross_entropy(",
        code=(
            "def weighted_cross_entropy(logits, target, weight, ignore_index=-100):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    keep = target != ignore_index\n"
            "    w_y = weight[target] * keep\n"
            "    return np.sum(w_y * -log_probs[np.arange(len(target)), target]) / np.sum(w_y)\n"
        ),
        expect="was used as an index",
        public=True,
    ),
    WrongAnswer(
        id="ignore_index_hardcoded",
        question="q4",
        cell="def weighted_cross_entropy(",
        code=(
            "def weighted_cross_entropy(logits, target, weight, ignore_index=-100):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    rows = np.flatnonzero(target != -100)\n"
            "    w_y = weight[target[rows]]\n"
            "    return np.sum(w_y * -log_probs[rows, target[rows]]) / np.sum(w_y)\n"
        ),
        expect="not with the constant -100",
    ),
    WrongAnswer(
        id="ignored_samples_counted_as_class_0",
        question="q4",
        cell="def weighted_cross_entropy(",
        code=(
            "def weighted_cross_entropy(logits, target, weight, ignore_index=-100):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    y = np.where(target == ignore_index, 0, target)\n"
            "    w_y = weight[y]\n"
            "    return np.sum(w_y * -log_probs[np.arange(len(y)), y]) / np.sum(w_y)\n"
        ),
        expect="as if their class were 0",
        public=True,
    ),
    WrongAnswer(
        id="class_weights_left_out",
        question="q4",
        cell="def weighted_cross_entropy(",
        code=(
            "def weighted_cross_entropy(logits, target, weight, ignore_index=-100):\n"
            "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
            "    rows = np.flatnonzero(target != ignore_index)\n"
            "    return -np.mean(log_probs[rows, target[rows]])\n"
        ),
        expect="the class weights were left out",
        public=True,
    ),
    WrongAnswer(
        id="delegates_through_functools_partial",
        question="q4",
        cell="def weighted_cross_entropy(",
        code=(
            "import functools\n\n"
            "import course_lib as cl\n\n"
            "weighted_cross_entropy = functools.partial(cl.cross_entropy, reduction='mean')\n"
        ),
        expect="no credit is given for it",
    ),
    WrongAnswer(
        id="loss_of_class_1",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 0.1532\n",
        expect="if the true class were class 1",
        public=True,
    ),
    WrongAnswer(
        id="log_c",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log(3))\n",
        expect="the loss of a uniform prediction",
        public=True,
    ),
    WrongAnswer(
        id="probability_instead_of_loss",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 0.02591\n",
        expect="the loss is -log p_2",
        public=True,
    ),
    WrongAnswer(
        id="q5_wrong_sign",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = -3.6532\n",
        expect="the sign is wrong",
        public=True,
    ),
    WrongAnswer(
        id="q5_in_bits",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 5.2704\n",
        expect="that is in bits",
    ),
    WrongAnswer(
        id="q5_logsumexp_alone",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 4.1532\n",
        expect="that is logsumexp(z) alone",
    ),
]
