"""Wrong answers to assignment 8 (cross-entropy in language models: next-token targets, padding, the online
logsumexp, the chunked output-layer loss and its gradient, perplexity and bits per byte)."""

from . import WrongAnswer

ASSIGNMENT = "a8_language_models"

# q1: the arrays every answer starts from, and the position t of each (input, target) pair.
_PAIRS = (
    "def next_token_pairs(tokens, lengths, ignore_index=-100):\n"
    "    tokens, lengths = np.asarray(tokens), np.asarray(lengths)\n"
    "    t = np.arange(tokens.shape[1] - 1)\n"
)
# q2: a stable per-position loss, with the ignored targets replaced by class 0 so that they can index.
_PER_POSITION = (
    "    z, y = np.asarray(logits), np.asarray(target)\n"
    "    counted = y != ignore_index\n"
    "    safe = np.where(counted, y, 0)\n"
    "    m = z.max(axis=1)\n"
    "    lse = m + np.log(np.exp(z - m[:, None]).sum(axis=1))\n"
    "    losses = lse - z[np.arange(len(y)), safe]\n"
)
# q3: the start of a one-pass answer, the running maximum and sum set up from the first block.
_FIRST = (
    "    m = s = None\n"
    "    for block in blocks:\n"
    "        z = np.asarray(block, dtype=float)\n"
    "        if m is None:\n"
    "            m = np.full(z.shape[0], -np.inf)\n"
    "            s = np.zeros(z.shape[0])\n"
)
_RESCALED = (
    "        m_new = np.maximum(m, z.max(axis=1))\n"
    "        s = s * np.exp(m - m_new) + np.exp(z - m_new[:, None]).sum(axis=1)\n"
    "        m = m_new\n"
)
# q4: the first pass (running max and rescaled sum over vocabulary chunks), and a correct second pass.
_Q4_TOP = (
    "def chunked_linear_cross_entropy(hidden, weight, target, chunk_size):\n"
    "    h, w, y = np.asarray(hidden), np.asarray(weight), np.asarray(target)\n"
    "    n, vocab = h.shape[0], w.shape[0]\n"
    "    dtype = np.result_type(h, w)\n"
)
_PASS_1 = (
    "    m = np.full(n, -np.inf, dtype=dtype)\n"
    "    s = np.zeros(n, dtype=dtype)\n"
    "    for c in range(0, vocab, chunk_size):\n"
    "        z = h @ w[c : c + chunk_size].T\n"
    "        m_new = np.maximum(m, z.max(axis=1))\n"
    "        s = s * np.exp(m - m_new) + np.exp(z - m_new[:, None]).sum(axis=1)\n"
    "        m = m_new\n"
    "    lse = m + np.log(s)\n"
    "    w_true = w[y]\n"
    "    true = (h * w_true).sum(axis=1)\n"
)
_PASS_2 = (
    "    pw = np.zeros(h.shape, dtype=dtype)\n"
    "    for c in range(0, vocab, chunk_size):\n"
    "        w_chunk = w[c : c + chunk_size]\n"
    "        pw += np.exp(h @ w_chunk.T - lse[:, None]) @ w_chunk\n"
)
# q5: the mean and the total of the tokens' losses.
_SCORES = (
    "def lm_scores(token_nll, n_bytes):\n"
    "    nll = np.asarray(token_nll, dtype=float)\n"
    "    mean, total = nll.mean(), nll.sum()\n"
)

WRONG_ANSWERS = [
    # q1: next_token_pairs
    WrongAnswer(
        id="targets_are_the_inputs",
        question="q1",
        cell="def next_token_pairs(",
        code=_PAIRS + "    return tokens[:, :-1], np.where(t + 1 < lengths[:, None], tokens[:, :-1], ignore_index)\n",
        expect="the targets are the inputs",
        public=True,
    ),
    WrongAnswer(
        id="shift_in_the_wrong_direction",
        question="q1",
        cell="def next_token_pairs(",
        code=_PAIRS + "    return tokens[:, 1:], np.where(t + 1 < lengths[:, None], tokens[:, :-1], ignore_index)\n",
        expect="the shift is in the wrong direction",
        public=True,
    ),
    WrongAnswer(
        id="padding_left_in_the_targets",
        question="q1",
        cell="def next_token_pairs(",
        code=_PAIRS + "    return tokens[:, :-1], tokens[:, 1:].copy()\n",
        expect="were not set to ignore_index",
        public=True,
    ),
    WrongAnswer(
        id="mask_off_by_one_keeps_a_padding_target",
        question="q1",
        cell="def next_token_pairs(",
        code=_PAIRS + "    return tokens[:, :-1], np.where(t < lengths[:, None], tokens[:, 1:], ignore_index)\n",
        expect="one padding target per row is kept",
        public=True,
    ),
    WrongAnswer(
        id="mask_written_into_a_view_of_tokens",
        question="q1",
        cell="def next_token_pairs(",
        code=(
            _PAIRS + "    inputs = tokens[:, :-1]\n"
            "    targets = tokens[:, 1:]\n"
            "    targets[t + 1 >= lengths[:, None]] = ignore_index\n"
            "    return inputs, targets\n"
        ),
        expect="changed its argument tokens in place",
        public=True,
    ),
    WrongAnswer(
        id="np_roll_keeps_t_columns",
        question="q1",
        cell="def next_token_pairs(",
        code=(
            _PAIRS + "    targets = np.roll(tokens, -1, axis=1)\n"
            "    targets[np.arange(tokens.shape[1]) + 1 >= lengths[:, None]] = ignore_index\n"
            "    return tokens.copy(), targets\n"
        ),
        expect="the last token has no next token to predict",
        public=True,
    ),
    WrongAnswer(
        id="ignore_index_hard_coded_as_minus_100",
        question="q1",
        cell="def next_token_pairs(",
        code=_PAIRS + "    return tokens[:, :-1], np.where(t + 1 < lengths[:, None], tokens[:, 1:], -100)\n",
        expect="not the ignore_index argument",
        public=True,
    ),
    WrongAnswer(
        id="padding_found_by_its_token_id",
        question="q1",
        cell="def next_token_pairs(",
        code=(
            "def next_token_pairs(tokens, lengths, ignore_index=-100):\n"
            "    tokens = np.asarray(tokens)\n"
            "    targets = tokens[:, 1:].copy()\n"
            "    targets[targets == 0] = ignore_index\n"
            "    return tokens[:, :-1], targets\n"
        ),
        expect="padding was found by its token id",
        public=True,
    ),
    WrongAnswer(
        id="last_real_target_ignored",
        question="q1",
        cell="def next_token_pairs(",
        code=_PAIRS + "    return tokens[:, :-1], np.where(t + 2 < lengths[:, None], tokens[:, 1:], ignore_index)\n",
        expect="the last real target of each row was ignored",
    ),
    WrongAnswer(
        id="inputs_masked_too",
        question="q1",
        cell="def next_token_pairs(",
        code=(
            _PAIRS + "    real = t + 1 < lengths[:, None]\n"
            "    return np.where(real, tokens[:, :-1], ignore_index), np.where(real, tokens[:, 1:], ignore_index)\n"
        ),
        expect="the inputs were masked too",
    ),
    # q2: masked_cross_entropy
    WrongAnswer(
        id="padding_averaged_in_divided_by_n",
        question="q2",
        cell="def masked_cross_entropy(",
        code=(
            "def masked_cross_entropy(logits, target, ignore_index=-100):\n"
            + _PER_POSITION
            + "    return (losses * counted).sum() / len(y)\n"
        ),
        expect="padding was averaged in",
        public=True,
    ),
    WrongAnswer(
        id="ignored_target_used_as_a_class_index",
        question="q2",
        cell="def masked_cross_entropy(",
        code=(
            "def masked_cross_entropy(logits, target, ignore_index=-100):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    m = z.max(axis=1)\n"
            "    losses = m + np.log(np.exp(z - m[:, None]).sum(axis=1)) - z[np.arange(len(y)), y]\n"
            "    return losses[y != ignore_index].mean()\n"
        ),
        expect="was used as a class index",
        public=True,
    ),
    WrongAnswer(
        id="ignored_positions_counted_as_class_0",
        question="q2",
        cell="def masked_cross_entropy(",
        code="def masked_cross_entropy(logits, target, ignore_index=-100):\n"
        + _PER_POSITION
        + "    return losses.mean()\n",
        expect="with class 0 as",
        public=True,
    ),
    WrongAnswer(
        id="masked_sum_not_mean",
        question="q2",
        cell="def masked_cross_entropy(",
        code=(
            "def masked_cross_entropy(logits, target, ignore_index=-100):\n"
            + _PER_POSITION
            + "    return losses[counted].sum()\n"
        ),
        expect="this is the sum over the counted positions",
        public=True,
    ),
    WrongAnswer(
        id="masked_naive_softmax_overflows",
        question="q2",
        cell="def masked_cross_entropy(",
        code=(
            "def masked_cross_entropy(logits, target, ignore_index=-100):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    keep = y != ignore_index\n"
            "    e = np.exp(z[keep])\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    return -np.log(p[np.arange(keep.sum()), y[keep]]).mean()\n"
        ),
        expect="floating-point problem at extreme inputs",
        public=True,
    ),
    WrongAnswer(
        id="masked_log_p_plus_eps",
        question="q2",
        cell="def masked_cross_entropy(",
        code=(
            "def masked_cross_entropy(logits, target, ignore_index=-100):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    keep = y != ignore_index\n"
            "    z, y = z[keep], y[keep]\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    return -np.log(p[np.arange(len(y)), y] + 1e-12).mean()\n"
        ),
        expect="the log was capped",
        public=True,
    ),
    WrongAnswer(
        id="ignore_index_argument_not_used",
        question="q2",
        cell="def masked_cross_entropy(",
        code=(
            "def masked_cross_entropy(logits, target, ignore_index=-100):\n"
            "    z, y = np.asarray(logits), np.asarray(target)\n"
            "    keep = y != -100\n"
            "    z, y = z[keep], y[keep]\n"
            "    m = z.max(axis=1)\n"
            "    return np.mean(m + np.log(np.exp(z - m[:, None]).sum(axis=1)) - z[np.arange(len(y)), y])\n"
        ),
        expect="numpy read -1 as the last class",
    ),
    WrongAnswer(
        id="masked_float32_turned_into_float64",
        question="q2",
        cell="def masked_cross_entropy(",
        code=(
            "def masked_cross_entropy(logits, target, ignore_index=-100):\n"
            "    z, y = np.asarray(logits, dtype=np.float64), np.asarray(target)\n"
            "    keep = y != ignore_index\n"
            "    z, y = z[keep], y[keep]\n"
            "    m = z.max(axis=1)\n"
            "    return np.mean(m + np.log(np.exp(z - m[:, None]).sum(axis=1)) - z[np.arange(len(y)), y])\n"
        ),
        expect="returned dtype float64 for float32 input",
    ),
    WrongAnswer(
        id="masked_delegates_through_a_closure",
        question="q2",
        cell="def masked_cross_entropy(",
        code=(
            "def _make_loss():\n"
            "    import course_lib\n\n"
            "    reference = course_lib.cross_entropy\n\n"
            "    def masked_cross_entropy(logits, target, ignore_index=-100):\n"
            "        return reference(logits, target, ignore_index=ignore_index)\n\n"
            "    return masked_cross_entropy\n\n\n"
            "masked_cross_entropy = _make_loss()\n"
        ),
        expect="no credit is given for it",
    ),
    # q3: online_logsumexp
    WrongAnswer(
        id="running_sum_not_rescaled",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n" + _FIRST + "        m = np.maximum(m, z.max(axis=1))\n"
            "        s = s + np.exp(z - m[:, None]).sum(axis=1)\n"
            "    return m + np.log(s)\n"
        ),
        expect="the running sum was not rescaled",
        public=True,
    ),
    WrongAnswer(
        id="running_max_starts_at_0",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n"
            "    m = s = None\n"
            "    for block in blocks:\n"
            "        z = np.asarray(block, dtype=float)\n"
            "        if m is None:\n"
            "            m = np.zeros(z.shape[0])\n"
            "            s = np.zeros(z.shape[0])\n" + _RESCALED + "    return m + np.log(s)\n"
        ),
        expect="the running maximum started at 0",
        public=True,
    ),
    WrongAnswer(
        id="running_max_not_added_back",
        question="q3",
        cell="def online_logsumexp(",
        code="def online_logsumexp(blocks):\n" + _FIRST + _RESCALED + "    return np.log(s)\n",
        expect="the running maximum was not added back",
        public=True,
    ),
    WrongAnswer(
        id="blocks_collected_and_concatenated",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n"
            "    z = np.concatenate(list(blocks), axis=1)\n"
            "    m = z.max(axis=1)\n"
            "    return m + np.log(np.exp(z - m[:, None]).sum(axis=1))\n"
        ),
        expect="held the blocks together",
        public=True,
    ),
    WrongAnswer(
        id="concatenate_given_the_generator",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n"
            "    z = np.concatenate(blocks, axis=1)\n"
            "    m = z.max(axis=1)\n"
            "    return m + np.log(np.exp(z - m[:, None]).sum(axis=1))\n"
        ),
        expect="was given the generator of blocks",
        public=True,
    ),
    WrongAnswer(
        id="two_passes_over_the_generator",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n"
            "    m = None\n"
            "    for block in blocks:\n"
            "        top = np.asarray(block).max(axis=1)\n"
            "        m = top if m is None else np.maximum(m, top)\n"
            "    s = 0.0\n"
            "    for block in blocks:\n"
            "        s = s + np.exp(np.asarray(block) - m[:, None]).sum(axis=1)\n"
            "    return m + np.log(s)\n"
        ),
        expect="read twice",
        public=True,
    ),
    WrongAnswer(
        id="blocks_logsumexps_added",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n"
            "    total = 0.0\n"
            "    for block in blocks:\n"
            "        z = np.asarray(block, dtype=float)\n"
            "        m = z.max(axis=1)\n"
            "        total = total + m + np.log(np.exp(z - m[:, None]).sum(axis=1))\n"
            "    return total\n"
        ),
        expect="the sum of the blocks' logsumexps",
        public=True,
    ),
    WrongAnswer(
        id="no_maximum_exp_overflows",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n"
            "    s = 0.0\n"
            "    for block in blocks:\n"
            "        s = s + np.exp(np.asarray(block, dtype=float)).sum(axis=1)\n"
            "    return np.log(s)\n"
        ),
        expect="exp(1000) overflowed",
        public=True,
    ),
    WrongAnswer(
        id="largest_block_logsumexp",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n"
            "    best = None\n"
            "    for block in blocks:\n"
            "        z = np.asarray(block, dtype=float)\n"
            "        m = z.max(axis=1)\n"
            "        lse = m + np.log(np.exp(z - m[:, None]).sum(axis=1))\n"
            "        best = lse if best is None else np.maximum(best, lse)\n"
            "    return best\n"
        ),
        expect="the largest of the blocks' logsumexps",
    ),
    WrongAnswer(
        id="next_called_on_a_list",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "def online_logsumexp(blocks):\n"
            "    z = np.asarray(next(blocks), dtype=float)\n"
            "    m = z.max(axis=1)\n"
            "    s = np.exp(z - m[:, None]).sum(axis=1)\n"
            "    for block in blocks:\n"
            "        z = np.asarray(block, dtype=float)\n" + _RESCALED + "    return m + np.log(s)\n"
        ),
        expect="next() works on an iterator only",
    ),
    WrongAnswer(
        id="online_delegates_through_functools_partial",
        question="q3",
        cell="def online_logsumexp(",
        code=(
            "import functools\n\nimport course_lib as cl\n\nonline_logsumexp = functools.partial(cl.online_logsumexp)\n"
        ),
        expect="no credit is given for it",
    ),
    # q4: chunked_linear_cross_entropy
    WrongAnswer(
        id="logits_built_for_the_whole_vocabulary",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            "def chunked_linear_cross_entropy(hidden, weight, target, chunk_size):\n"
            "    h, w, y = np.asarray(hidden), np.asarray(weight), np.asarray(target)\n"
            "    rows = np.arange(len(y))\n"
            "    z = h @ w.T\n"
            "    m = z.max(axis=1, keepdims=True)\n"
            "    e = np.exp(z - m)\n"
            "    lse = m[:, 0] + np.log(e.sum(axis=1))\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    p[rows, y] -= 1\n"
            "    return np.mean(lse - z[rows, y]), p @ w / len(y)\n"
        ),
        expect="held an (N, V) array",
        public=True,
    ),
    WrongAnswer(
        id="one_hot_targets_for_the_whole_vocabulary",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            _Q4_TOP + _PASS_1 + _PASS_2 + "    onehot = np.zeros((n, vocab), dtype=dtype)\n"
            "    onehot[np.arange(n), y] = 1\n"
            "    return np.mean(lse - true), (pw - onehot @ w) / n\n"
        ),
        expect="held an (N, V) array",
        public=True,
    ),
    WrongAnswer(
        id="weight_read_as_d_by_v",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            "def chunked_linear_cross_entropy(hidden, weight, target, chunk_size):\n"
            "    h, w, y = np.asarray(hidden), np.asarray(weight), np.asarray(target)\n"
            "    n, vocab = h.shape[0], w.shape[1]\n"
            "    m = np.full(n, -np.inf)\n"
            "    s = np.zeros(n)\n"
            "    for c in range(0, vocab, chunk_size):\n"
            "        z = h @ w[:, c : c + chunk_size]\n"
            "        m_new = np.maximum(m, z.max(axis=1))\n"
            "        s = s * np.exp(m - m_new) + np.exp(z - m_new[:, None]).sum(axis=1)\n"
            "        m = m_new\n"
            "    lse = m + np.log(s)\n"
            "    w_true = w[:, y].T\n"
            "    pw = np.zeros(h.shape)\n"
            "    for c in range(0, vocab, chunk_size):\n"
            "        w_chunk = w[:, c : c + chunk_size]\n"
            "        pw += np.exp(h @ w_chunk - lse[:, None]) @ w_chunk.T\n"
            "    return np.mean(lse - (h * w_true).sum(axis=1)), (pw - w_true) / n\n"
        ),
        expect="weight has shape (V, D)",
        public=True,
    ),
    WrongAnswer(
        id="chunked_loss_summed",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=_Q4_TOP + _PASS_1 + _PASS_2 + "    return np.sum(lse - true), (pw - w_true) / n\n",
        expect="the loss is the sum over the tokens",
        public=True,
    ),
    WrongAnswer(
        id="chunked_grad_without_1_over_n",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=_Q4_TOP + _PASS_1 + _PASS_2 + "    return np.mean(lse - true), pw - w_true\n",
        expect="the gradient of the summed loss",
        public=True,
    ),
    WrongAnswer(
        id="chunked_grad_sign_flipped",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=_Q4_TOP + _PASS_1 + _PASS_2 + "    return np.mean(lse - true), (w_true - pw) / n\n",
        expect="grad_hidden has the wrong sign",
        public=True,
    ),
    WrongAnswer(
        id="chunked_running_sum_not_rescaled",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            _Q4_TOP + "    m = np.full(n, -np.inf, dtype=dtype)\n"
            "    s = np.zeros(n, dtype=dtype)\n"
            "    for c in range(0, vocab, chunk_size):\n"
            "        z = h @ w[c : c + chunk_size].T\n"
            "        m = np.maximum(m, z.max(axis=1))\n"
            "        s = s + np.exp(z - m[:, None]).sum(axis=1)\n"
            "    lse = m + np.log(s)\n"
            "    w_true = w[y]\n"
            "    true = (h * w_true).sum(axis=1)\n" + _PASS_2 + "    return np.mean(lse - true), (pw - w_true) / n\n"
        ),
        expect="the running sum was not rescaled",
        public=True,
    ),
    WrongAnswer(
        id="last_shorter_chunk_skipped",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            _Q4_TOP + "    m = np.full(n, -np.inf, dtype=dtype)\n"
            "    s = np.zeros(n, dtype=dtype)\n"
            "    starts = [k * chunk_size for k in range(vocab // chunk_size)]\n"
            "    for c in starts:\n"
            "        z = h @ w[c : c + chunk_size].T\n"
            "        m_new = np.maximum(m, z.max(axis=1))\n"
            "        s = s * np.exp(m - m_new) + np.exp(z - m_new[:, None]).sum(axis=1)\n"
            "        m = m_new\n"
            "    lse = m + np.log(s)\n"
            "    w_true = w[y]\n"
            "    pw = np.zeros(h.shape, dtype=dtype)\n"
            "    for c in starts:\n"
            "        w_chunk = w[c : c + chunk_size]\n"
            "        pw += np.exp(h @ w_chunk.T - lse[:, None]) @ w_chunk\n"
            "    return np.mean(lse - (h * w_true).sum(axis=1)), (pw - w_true) / n\n"
        ),
        expect="the last chunk was skipped",
        public=True,
    ),
    WrongAnswer(
        id="softmax_normalised_within_each_chunk",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            _Q4_TOP + _PASS_1 + "    pw = np.zeros(h.shape, dtype=dtype)\n"
            "    for c in range(0, vocab, chunk_size):\n"
            "        w_chunk = w[c : c + chunk_size]\n"
            "        z = h @ w_chunk.T\n"
            "        e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "        pw += (e / e.sum(axis=1, keepdims=True)) @ w_chunk\n"
            "    return np.mean(lse - true), (pw - w_true) / n\n"
        ),
        expect="normalised within the chunk",
        public=True,
    ),
    WrongAnswer(
        id="chunked_no_maximum_exp_overflows",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            _Q4_TOP + "    s = np.zeros(n, dtype=dtype)\n"
            "    for c in range(0, vocab, chunk_size):\n"
            "        s = s + np.exp(h @ w[c : c + chunk_size].T).sum(axis=1)\n"
            "    lse = np.log(s)\n"
            "    w_true = w[y]\n"
            "    true = (h * w_true).sum(axis=1)\n" + _PASS_2 + "    return np.mean(lse - true), (pw - w_true) / n\n"
        ),
        expect="floating-point problem at extreme inputs",
        public=True,
    ),
    WrongAnswer(
        id="minus_y_w_term_missing",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=_Q4_TOP + _PASS_1 + _PASS_2 + "    return np.mean(lse - true), pw / n\n",
        expect="the -Y W term is missing",
    ),
    WrongAnswer(
        id="chunked_float32_turned_into_float64",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            "def chunked_linear_cross_entropy(hidden, weight, target, chunk_size):\n"
            "    h, w, y = np.asarray(hidden), np.asarray(weight), np.asarray(target)\n"
            "    n, vocab = h.shape[0], w.shape[0]\n"
            "    dtype = np.float64\n" + _PASS_1 + _PASS_2 + "    return np.mean(lse - true), (pw - w_true) / n\n"
        ),
        expect="returned dtype float64 for float32 input",
    ),
    WrongAnswer(
        id="chunked_delegates_through_a_closure",
        question="q4",
        cell="def chunked_linear_cross_entropy(",
        code=(
            "def _make_chunked():\n"
            "    import course_lib\n\n"
            "    reference = course_lib.linear_cross_entropy_and_grad\n\n"
            "    def chunked_linear_cross_entropy(hidden, weight, target, chunk_size):\n"
            "        loss, grad_hidden, _, _ = reference(hidden, weight, target, chunk_size=chunk_size)\n"
            "        return loss, grad_hidden\n\n"
            "    return chunked_linear_cross_entropy\n\n\n"
            "chunked_linear_cross_entropy = _make_chunked()\n"
        ),
        expect="no credit is given for it",
    ),
    # q5: lm_scores
    WrongAnswer(
        id="perplexity_exp_of_the_summed_loss",
        question="q5",
        cell="def lm_scores(",
        code=_SCORES + "    return np.exp(total), mean / np.log(2), total / (n_bytes * np.log(2))\n",
        expect="exp of the summed loss",
        public=True,
    ),
    WrongAnswer(
        id="perplexity_two_to_the_nats",
        question="q5",
        cell="def lm_scores(",
        code=_SCORES + "    return 2**mean, mean / np.log(2), total / (n_bytes * np.log(2))\n",
        expect="the perplexity mixes bits and nats",
        public=True,
    ),
    WrongAnswer(
        id="bits_per_byte_divided_by_tokens",
        question="q5",
        cell="def lm_scores(",
        code=_SCORES + "    return np.exp(mean), mean / np.log(2), total / (len(nll) * np.log(2))\n",
        expect="bits_per_byte was divided by the number of tokens",
        public=True,
    ),
    WrongAnswer(
        id="bits_per_byte_in_nats",
        question="q5",
        cell="def lm_scores(",
        code=_SCORES + "    return np.exp(mean), mean / np.log(2), total / n_bytes\n",
        expect="bits_per_byte is in nats",
        public=True,
    ),
    WrongAnswer(
        id="bits_per_token_in_nats",
        question="q5",
        cell="def lm_scores(",
        code=_SCORES + "    return np.exp(mean), mean, total / (n_bytes * np.log(2))\n",
        expect="bits_per_token is in nats",
        public=True,
    ),
    WrongAnswer(
        id="perplexity_math_exp_of_the_sum_overflows",
        question="q5",
        cell="def lm_scores(",
        code=(
            "import math\n\n\n"
            + _SCORES
            + "    return math.exp(total), mean / math.log(2), total / (n_bytes * math.log(2))\n"
        ),
        expect="exp of the summed loss",
    ),
    WrongAnswer(
        id="bits_per_byte_of_the_mean",
        question="q5",
        cell="def lm_scores(",
        code=_SCORES + "    return np.exp(mean), mean / np.log(2), mean / (n_bytes * np.log(2))\n",
        expect="divides the MEAN loss per token by the bytes",
    ),
    WrongAnswer(
        id="scores_delegate_through_a_closure",
        question="q5",
        cell="def lm_scores(",
        code=(
            "def _make_scores():\n"
            "    import course_lib\n\n"
            "    ppl, bpb = course_lib.perplexity, course_lib.bits_per_byte\n\n"
            "    def lm_scores(token_nll, n_bytes):\n"
            "        nll = np.asarray(token_nll, dtype=float)\n"
            "        return ppl(nll.mean()), nll.mean() / np.log(2), bpb(nll.sum(), n_bytes)\n\n"
            "    return lm_scores\n\n\n"
            "lm_scores = _make_scores()\n"
        ),
        expect="no credit is given for it",
    ),
]
