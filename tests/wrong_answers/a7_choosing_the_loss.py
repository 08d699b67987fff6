"""Wrong answers to assignment 7 (choosing and trusting the loss: calibration, temperature scaling, distillation)."""

from . import WrongAnswer

ASSIGNMENT = "a7_choosing_the_loss"

# Per-bin statistics by the right convention, k/n < c <= (k+1)/n, for the answers whose mistake is elsewhere.
_TOP = "    p = np.asarray(probs)\n    c = p.max(axis=1)\n"
_STATISTICS = (
    "    right = (p.argmax(axis=1) == target).astype(float)\n"
    "    k = np.maximum(np.ceil(c * n_bins).astype(int) - 1, 0)\n"
    "    count = np.bincount(k, minlength=n_bins)\n"
    "    with np.errstate(invalid='ignore'):\n"
    "        conf = np.bincount(k, weights=c, minlength=n_bins) / count\n"
    "        acc = np.bincount(k, weights=right, minlength=n_bins) / count\n"
)
_BINS = _TOP + _STATISTICS
# The per-bin loop of question 1, given the bin index k of each sample and c.
_LOOP = (
    "    right = p.argmax(axis=1) == target\n"
    "    count = np.zeros(n_bins, dtype=int)\n"
    "    conf = np.full(n_bins, np.nan)\n"
    "    acc = np.full(n_bins, np.nan)\n"
    "    for b in range(n_bins):\n"
    "        inside = k == b\n"
    "        count[b] = inside.sum()\n"
    "        if count[b] > 0:\n"
    "            conf[b] = c[inside].mean()\n"
    "            acc[b] = right[inside].mean()\n"
    "    return conf, acc, count\n"
)
# A stable mean NLL of softmax(z / T), for the answers of question 4 whose mistake is elsewhere.
_NLL = (
    "def _nll(z, y, T):\n"
    "    s = z / T\n"
    "    m = s.max(axis=1)\n"
    "    return np.mean(m + np.log(np.exp(s - m[:, None]).sum(axis=1)) - s[np.arange(len(y)), y])\n\n\n"
)
# Bisection for the zero of dL/dbeta on given logits z and targets y (beta = lo..hi at the end).
_BISECT = (
    "    def slope(beta):\n"
    "        s = beta * z\n"
    "        e = np.exp(s - s.max(axis=1, keepdims=True))\n"
    "        q = e / e.sum(axis=1, keepdims=True)\n"
    "        return np.mean((q * z).sum(axis=1) - z[np.arange(len(y)), y])\n\n"
    "    lo, hi = 0.0, 1.0\n"
    "    while slope(hi) < 0:\n"
    "        lo, hi = hi, 2 * hi\n"
    "    for _ in range(100):\n"
    "        mid = (lo + hi) / 2\n"
    "        lo, hi = (mid, hi) if slope(mid) < 0 else (lo, mid)\n"
    "    beta = (lo + hi) / 2\n"
)
_LOG_SOFTMAX = (
    "def _log_softmax(v):\n"
    "    m = v.max(axis=1, keepdims=True)\n"
    "    return v - m - np.log(np.exp(v - m).sum(axis=1, keepdims=True))\n\n\n"
)

WRONG_ANSWERS = [
    # q1: reliability_bins
    WrongAnswer(
        id="bins_by_floor_edges_on_the_wrong_side",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n"
            + _TOP
            + "    k = np.minimum(np.floor(c * n_bins).astype(int), n_bins - 1)\n"
            + _LOOP
        ),
        expect="the edges are on the wrong side",
        public=True,
    ),
    WrongAnswer(
        id="bins_by_comparison_left_closed_drops_c_equal_1",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n"
            "    p = np.asarray(probs)\n"
            "    c = p.max(axis=1)\n"
            "    right = p.argmax(axis=1) == target\n"
            "    conf, acc, count = [], [], []\n"
            "    for b in range(n_bins):\n"
            "        inside = (c >= b / n_bins) & (c < (b + 1) / n_bins)\n"
            "        count.append(inside.sum())\n"
            "        conf.append(c[inside].mean() if inside.any() else np.nan)\n"
            "        acc.append(right[inside].mean() if inside.any() else np.nan)\n"
            "    return np.array(conf), np.array(acc), np.array(count)\n"
        ),
        expect="c = 1 even fell outside every bin",
        public=True,
    ),
    WrongAnswer(
        id="bins_by_floor_give_c_equal_1_a_bin_of_its_own",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n"
            + _TOP
            + "    right = (p.argmax(axis=1) == target).astype(float)\n"
            "    k = np.floor(c * n_bins).astype(int)\n"
            "    count = np.bincount(k, minlength=n_bins)\n"
            "    with np.errstate(invalid='ignore'):\n"
            "        conf = np.bincount(k, weights=c, minlength=n_bins) / count\n"
            "        acc = np.bincount(k, weights=right, minlength=n_bins) / count\n"
            "    return conf, acc, count\n"
        ),
        expect="c = 1 got a bin of its own",
        public=True,
    ),
    WrongAnswer(
        id="bins_by_floor_index_out_of_bounds",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n"
            + _TOP
            + "    right = (p.argmax(axis=1) == target).astype(float)\n"
            "    k = (c * n_bins).astype(int)\n"
            "    count = np.zeros(n_bins, dtype=int)\n"
            "    total = np.zeros(n_bins)\n"
            "    n_right = np.zeros(n_bins)\n"
            "    np.add.at(count, k, 1)\n"
            "    np.add.at(total, k, c)\n"
            "    np.add.at(n_right, k, right)\n"
            "    with np.errstate(invalid='ignore'):\n"
            "        return total / count, n_right / count, count\n"
        ),
        expect="c = 1 got a bin of its own",
    ),
    WrongAnswer(
        id="np_histogram_over_the_range_of_the_data",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n"
            + _TOP
            + "    count, edges = np.histogram(c, bins=n_bins)\n"
            "    k = np.clip(np.searchsorted(edges, c, side='right') - 1, 0, n_bins - 1)\n"
            "    right = p.argmax(axis=1) == target\n"
            "    conf = np.array([c[k == b].mean() if count[b] else np.nan for b in range(n_bins)])\n"
            "    acc = np.array([right[k == b].mean() if count[b] else np.nan for b in range(n_bins)])\n"
            "    return conf, acc, count\n"
        ),
        expect="the bins span the range of the data",
        public=True,
    ),
    WrongAnswer(
        id="np_histogram_on_0_1_edges_on_the_wrong_side",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n"
            + _TOP
            + "    count, edges = np.histogram(c, bins=n_bins, range=(0, 1))\n"
            "    k = np.clip(np.digitize(c, edges) - 1, 0, n_bins - 1)\n"
            "    right = p.argmax(axis=1) == target\n"
            "    conf = np.array([c[k == b].mean() if count[b] else np.nan for b in range(n_bins)])\n"
            "    acc = np.array([right[k == b].mean() if count[b] else np.nan for b in range(n_bins)])\n"
            "    return conf, acc, count\n"
        ),
        expect="the edges are on the wrong side",
    ),
    WrongAnswer(
        id="true_class_probability_instead_of_top_label_confidence",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n"
            "    p = np.asarray(probs)\n"
            "    c = p[np.arange(len(target)), target]\n"
            "    k = np.maximum(np.ceil(c * n_bins).astype(int) - 1, 0)\n" + _LOOP
        ),
        expect="the probability of the true class",
        public=True,
    ),
    WrongAnswer(
        id="empty_bins_as_zero",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n"
            + _BINS
            + "    return np.nan_to_num(conf), np.nan_to_num(acc), count\n"
        ),
        expect="an empty bin has confidence nan",
        public=True,
    ),
    WrongAnswer(
        id="count_as_a_fraction",
        question="q1",
        cell="def reliability_bins(",
        code=("def reliability_bins(probs, target, n_bins):\n" + _BINS + "    return conf, acc, count / len(c)\n"),
        expect="fraction of the samples",
    ),
    WrongAnswer(
        id="bin_means_divided_by_n",
        question="q1",
        cell="def reliability_bins(",
        code=(
            "def reliability_bins(probs, target, n_bins):\n" + _BINS + "    n = len(c)\n"
            "    return np.nan_to_num(conf) * count / n, np.nan_to_num(acc) * count / n, count\n"
        ),
        expect="divided by N",
    ),
    # q2: expected_calibration_error
    WrongAnswer(
        id="bins_weighted_equally",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n"
            + _BINS
            + "    return np.nanmean(np.abs(acc - conf))\n"
        ),
        expect="the bins are weighted equally",
        public=True,
    ),
    WrongAnswer(
        id="gaps_divided_by_the_number_of_bins",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n"
            + _BINS
            + "    return np.nansum(np.abs(acc - conf)) / n_bins\n"
        ),
        expect="divided by the number of bins",
        public=True,
    ),
    WrongAnswer(
        id="empty_bins_counted_as_zero_in_a_plain_mean",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n"
            + _BINS
            + "    return np.mean(np.where(count > 0, np.abs(acc - conf), 0.0))\n"
        ),
        expect="divided by the number of bins",
    ),
    WrongAnswer(
        id="nan_of_the_empty_bins_in_the_sum",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n"
            + _BINS
            + "    return np.sum(count / len(c) * np.abs(acc - conf))\n"
        ),
        expect="the ECE is nan",
        public=True,
    ),
    WrongAnswer(
        id="signed_gaps",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n" + _BINS + "    full = count > 0\n"
            "    return abs(np.sum(count[full] / len(c) * (acc[full] - conf[full])))\n"
        ),
        expect="summed with their signs",
        public=True,
    ),
    WrongAnswer(
        id="true_class_probability_in_the_ece",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n"
            "    p = np.asarray(probs)\n"
            "    c = p[np.arange(len(target)), target]\n" + _STATISTICS + "    full = count > 0\n"
            "    return np.sum(count[full] / len(c) * np.abs(acc[full] - conf[full]))\n"
        ),
        expect="the probability of the true class",
        public=True,
    ),
    WrongAnswer(
        id="squared_gaps",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n" + _BINS + "    full = count > 0\n"
            "    return np.sum(count[full] / len(c) * (acc[full] - conf[full]) ** 2)\n"
        ),
        expect="the gaps were squared",
    ),
    WrongAnswer(
        id="weights_without_the_1_over_n",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n" + _BINS + "    full = count > 0\n"
            "    return np.sum(count[full] * np.abs(acc[full] - conf[full]))\n"
        ),
        expect="not by count_k / N",
    ),
    WrongAnswer(
        id="ece_bins_by_floor_edges_on_the_wrong_side",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def expected_calibration_error(probs, target, n_bins):\n"
            + _TOP
            + "    right = (p.argmax(axis=1) == target).astype(float)\n"
            "    k = np.minimum(np.floor(c * n_bins).astype(int), n_bins - 1)\n"
            "    gaps = np.bincount(k, weights=right - c, minlength=n_bins)\n"
            "    return np.abs(gaps).sum() / len(c)\n"
        ),
        expect="the edges are on the wrong side",
    ),
    WrongAnswer(
        id="ece_delegates_through_a_closure",
        question="q2",
        cell="def expected_calibration_error(",
        code=(
            "def _make_ece():\n"
            "    import course_lib\n\n"
            "    reference = course_lib.expected_calibration_error\n\n"
            "    def expected_calibration_error(probs, target, n_bins):\n"
            "        return reference(probs, target, n_bins)\n\n"
            "    return expected_calibration_error\n\n\n"
            "expected_calibration_error = _make_ece()\n"
        ),
        expect="no credit is given for it",
    ),
    # q3: scaled_nll
    WrongAnswer(
        id="logits_multiplied_by_t",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    z = np.asarray(logits) * T\n"
            "    m = z.max(axis=1)\n"
            "    return np.mean(m + np.log(np.exp(z - m[:, None]).sum(axis=1)) - z[np.arange(len(target)), target])\n"
        ),
        expect="the logits were multiplied by T",
        public=True,
    ),
    WrongAnswer(
        id="sum_over_the_samples",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    z = np.asarray(logits) / T\n"
            "    m = z.max(axis=1)\n"
            "    return np.sum(m + np.log(np.exp(z - m[:, None]).sum(axis=1)) - z[np.arange(len(target)), target])\n"
        ),
        expect="this is the sum over the samples",
        public=True,
    ),
    WrongAnswer(
        id="naive_softmax_overflows",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    e = np.exp(np.asarray(logits) / T)\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    return -np.mean(np.log(p[np.arange(len(target)), target]))\n"
        ),
        expect="floating-point problem at extreme inputs",
        public=True,
    ),
    WrongAnswer(
        id="t_only_inside_the_log_sum_exp",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    z = np.asarray(logits)\n"
            "    s = z / T\n"
            "    m = s.max(axis=1)\n"
            "    return np.mean(m + np.log(np.exp(s - m[:, None]).sum(axis=1)) - z[np.arange(len(target)), target])\n"
        ),
        expect="T was applied only inside the log-sum-exp",
        public=True,
    ),
    WrongAnswer(
        id="log_of_softmax_plus_epsilon",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    s = np.asarray(logits) / T\n"
            "    e = np.exp(s - s.max(axis=1, keepdims=True))\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    return -np.mean(np.log(p[np.arange(len(target)), target] + 1e-12))\n"
        ),
        expect="the log was capped",
        public=True,
    ),
    WrongAnswer(
        id="log_of_a_shifted_softmax_takes_log_0",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    s = np.asarray(logits) / T\n"
            "    e = np.exp(s - s.max(axis=1, keepdims=True))\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    return -np.mean(np.log(p[np.arange(len(target)), target]))\n"
        ),
        expect="a log of 0 was taken",
    ),
    WrongAnswer(
        id="naive_softmax_silenced_with_errstate",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    with np.errstate(all='ignore'):\n"
            "        e = np.exp(np.asarray(logits) / T)\n"
            "        p = e / e.sum(axis=1, keepdims=True)\n"
            "        return -np.mean(np.log(p[np.arange(len(target)), target]))\n"
        ),
        expect="Silencing the warning (np.errstate) does not count here",
    ),
    WrongAnswer(
        id="loss_divided_by_t",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    z = np.asarray(logits)\n"
            "    m = z.max(axis=1)\n"
            "    nll = m + np.log(np.exp(z - m[:, None]).sum(axis=1)) - z[np.arange(len(target)), target]\n"
            "    return np.mean(nll) / T\n"
        ),
        expect="the loss was divided by T",
    ),
    WrongAnswer(
        id="scaled_nll_upcasts_float32",
        question="q3",
        cell="def scaled_nll(",
        code=(
            "def scaled_nll(logits, target, T):\n"
            "    z = np.asarray(logits, dtype=float) / T\n"
            "    m = z.max(axis=1)\n"
            "    return np.mean(m + np.log(np.exp(z - m[:, None]).sum(axis=1)) - z[np.arange(len(target)), target])\n"
        ),
        expect="keep the input's dtype",
    ),
    # q4: fit_temperature
    WrongAnswer(
        id="temperature_fitted_on_the_test_split",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    z, y = np.asarray(test_logits), np.asarray(test_target)\n" + _BISECT + "    T = 1 / beta\n"
            "    return T, _nll(z, y, T)\n"
        ),
        expect="minimises the NLL of the test split",
        public=True,
    ),
    WrongAnswer(
        id="returns_beta_instead_of_t",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    z, y = np.asarray(val_logits), np.asarray(val_target)\n"
            + _BISECT
            + "    return beta, _nll(np.asarray(test_logits), np.asarray(test_target), 1 / beta)\n"
        ),
        expect="this is beta = 1/T",
        public=True,
    ),
    WrongAnswer(
        id="coarse_grid_of_t",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    Ts = np.linspace(0.05, 5.0, 100)\n"
            "    losses = [_nll(val_logits, val_target, T) for T in Ts]\n"
            "    T = float(Ts[np.argmin(losses)])\n"
            "    return T, _nll(test_logits, test_target, T)\n"
        ),
        expect="a grid of T values is not precise enough",
        public=True,
    ),
    WrongAnswer(
        id="temperature_chosen_by_accuracy",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    Ts = np.linspace(0.5, 5.0, 451)\n"
            "    accuracy = [np.mean(np.argmax(val_logits / T, axis=1) == val_target) for T in Ts]\n"
            "    T = float(Ts[np.argmax(accuracy)])\n"
            "    return T, _nll(test_logits, test_target, T)\n"
        ),
        expect="does not minimise the mean NLL on the validation split",
        public=True,
    ),
    WrongAnswer(
        id="temperature_fitted_on_both_splits",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    z = np.vstack([val_logits, test_logits])\n"
            "    y = np.concatenate([val_target, test_target])\n" + _BISECT + "    T = 1 / beta\n"
            "    return T, _nll(np.asarray(test_logits), np.asarray(test_target), T)\n"
        ),
        expect="validation and test splits together",
    ),
    WrongAnswer(
        id="temperature_chosen_by_the_ece",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def _ece(z, y, n_bins=10):\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    c = p.max(axis=1)\n"
            "    right = (p.argmax(axis=1) == y).astype(float)\n"
            "    k = np.maximum(np.ceil(c * n_bins).astype(int) - 1, 0)\n"
            "    return np.abs(np.bincount(k, weights=right - c, minlength=n_bins)).sum() / len(y)\n\n\n"
            "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    Ts = np.linspace(0.2, 6.0, 581)\n"
            "    T = float(Ts[np.argmin([_ece(val_logits / T, val_target) for T in Ts])])\n"
            "    return T, _nll(test_logits, test_target, T)\n"
        ),
        expect="does not minimise the mean NLL on the validation split",
    ),
    WrongAnswer(
        id="temperature_searched_only_above_1",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    z, y = np.asarray(val_logits), np.asarray(val_target)\n"
            + _BISECT
            + "    T = max(1 / beta, 1.0)  # a softer model only\n"
            "    return T, _nll(np.asarray(test_logits), np.asarray(test_target), T)\n"
        ),
        expect="does not minimise the mean NLL on the validation split",
    ),
    WrongAnswer(
        id="test_nll_before_scaling",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    z, y = np.asarray(val_logits), np.asarray(val_target)\n" + _BISECT + "    T = 1 / beta\n"
            "    return T, _nll(np.asarray(test_logits), np.asarray(test_target), 1.0)\n"
        ),
        expect="before scaling",
    ),
    WrongAnswer(
        id="test_nll_of_the_validation_split",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "    z, y = np.asarray(val_logits), np.asarray(val_target)\n" + _BISECT + "    T = 1 / beta\n"
            "    return T, _nll(z, y, T)\n"
        ),
        expect="the NLL of the validation split at T",
    ),
    WrongAnswer(
        id="fit_delegates_through_a_closure",
        question="q4",
        cell="def fit_temperature(",
        code=(
            _NLL + "def _make_fit():\n"
            "    import course_lib\n\n"
            "    reference = course_lib.fit_temperature\n\n"
            "    def fit_temperature(val_logits, val_target, test_logits, test_target):\n"
            "        T = reference(val_logits, val_target)\n"
            "        return T, _nll(np.asarray(test_logits), np.asarray(test_target), T)\n\n"
            "    return fit_temperature\n\n\n"
            "fit_temperature = _make_fit()\n"
        ),
        expect="no credit is given for it",
    ),
    # q5: distillation_loss
    WrongAnswer(
        id="no_t_squared",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits) / T)\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits) / T)\n"
            "    return (np.exp(log_q) * (log_q - log_p)).sum() / len(log_p)\n"
        ),
        expect="the T^2 factor is missing",
        public=True,
    ),
    WrongAnswer(
        id="kl_in_the_wrong_direction",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits) / T)\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits) / T)\n"
            "    return T**2 * (np.exp(log_p) * (log_p - log_q)).sum() / len(log_p)\n"
        ),
        expect="the KL divergence is in the wrong direction",
        public=True,
    ),
    WrongAnswer(
        id="t_on_the_teacher_only",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits))\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits) / T)\n"
            "    return T**2 * (np.exp(log_q) * (log_q - log_p)).sum() / len(log_p)\n"
        ),
        expect="T was applied to the teacher's logits only",
        public=True,
    ),
    WrongAnswer(
        id="mean_over_every_element",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits) / T)\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits) / T)\n"
            "    return T**2 * np.mean(np.exp(log_q) * (log_q - log_p))\n"
        ),
        expect="this divides by every element",
        public=True,
    ),
    WrongAnswer(
        id="log_of_softmax_takes_log_0",
        question="q5",
        cell="def distillation_loss(",
        code=(
            "def _softmax(v):\n"
            "    e = np.exp(v - v.max(axis=1, keepdims=True))\n"
            "    return e / e.sum(axis=1, keepdims=True)\n\n\n"
            "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    p = _softmax(np.asarray(student_logits) / T)\n"
            "    q = _softmax(np.asarray(teacher_logits) / T)\n"
            "    return T**2 * np.sum(q * (np.log(q) - np.log(p))) / len(p)\n"
        ),
        expect="floating-point problem at extreme inputs",
        public=True,
    ),
    WrongAnswer(
        id="soft_target_cross_entropy",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits) / T)\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits) / T)\n"
            "    return T**2 * -(np.exp(log_q) * log_p).sum() / len(log_p)\n"
        ),
        expect="soft-target cross-entropy",
    ),
    WrongAnswer(
        id="t_instead_of_t_squared",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits) / T)\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits) / T)\n"
            "    return T * (np.exp(log_q) * (log_q - log_p)).sum() / len(log_p)\n"
        ),
        expect="multiplied by T, not by T^2",
    ),
    WrongAnswer(
        id="t_on_the_student_only",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits) / T)\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits))\n"
            "    return T**2 * (np.exp(log_q) * (log_q - log_p)).sum() / len(log_p)\n"
        ),
        expect="T was applied to the student's logits only",
    ),
    WrongAnswer(
        id="sum_over_the_samples_not_batchmean",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits) / T)\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits) / T)\n"
            "    return T**2 * (np.exp(log_q) * (log_q - log_p)).sum()\n"
        ),
        expect="this is the sum over the samples",
    ),
    WrongAnswer(
        id="distillation_upcasts_float32",
        question="q5",
        cell="def distillation_loss(",
        code=(
            _LOG_SOFTMAX + "def distillation_loss(student_logits, teacher_logits, T):\n"
            "    log_p = _log_softmax(np.asarray(student_logits, dtype=float) / T)\n"
            "    log_q = _log_softmax(np.asarray(teacher_logits, dtype=float) / T)\n"
            "    return T**2 * (np.exp(log_q) * (log_q - log_p)).sum() / len(log_p)\n"
        ),
        expect="keep the input's dtype",
    ),
    WrongAnswer(
        id="distillation_delegates_through_functools_partial",
        question="q5",
        cell="def distillation_loss(",
        code=(
            "import functools\n\n"
            "import course_lib as cl\n\n"
            "distillation_loss = functools.partial(cl.distillation_loss, reduction='batchmean')\n"
        ),
        expect="no credit is given for it",
    ),
]
