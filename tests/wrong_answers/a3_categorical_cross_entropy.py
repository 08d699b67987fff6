"""Wrong answers to assignment 2 (categorical cross-entropy)."""

from . import WrongAnswer

ASSIGNMENT = "a3_categorical_cross_entropy"

WRONG_ANSWERS = [
    WrongAnswer(
        id="log_softmax_without_max_shift",
        question="q1",
        cell="def log_softmax(",
        code="def log_softmax(z):\n    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))\n",
        expect="Subtract each row's max first",
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
        id="loss_of_class_1",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 0.1532\n",
        expect="if the true class were class 1",
    ),
    WrongAnswer(
        id="log_c",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = float(np.log(3))\n",
        expect="the loss of a uniform prediction",
    ),
    WrongAnswer(
        id="probability_instead_of_loss",
        question="q5",
        cell="q5_answer =",
        code="q5_answer = 0.02591\n",
        expect="the loss is -log p_2",
    ),
]
