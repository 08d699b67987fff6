r"""Can the probabilities be trusted? A proper score, calibration measured in bins, and temperature scaling.

- :func:`~course_lib.calibration.brier_score` takes **probabilities**: the squared error of the predicted
  distribution against the one-hot truth, a proper scoring rule like the log score (cross-entropy).
- :func:`~course_lib.calibration.reliability_curve` and
  :func:`~course_lib.calibration.expected_calibration_error` take **probabilities**: they compare the top-label
  confidence with the accuracy, in equal-width bins of confidence.
- :func:`~course_lib.calibration.fit_temperature` takes **logits**: the one number :math:`T > 0` that rescales
  them, :math:`\operatorname{softmax}(z / T)`, to minimise the mean cross-entropy (Guo et al. 2017, "On
  Calibration of Modern Neural Networks"). Dividing every logit of a row by the same :math:`T > 0` never
  changes its argmax, so accuracy stays.

Probabilities are rows along the last axis, ``(N, C)`` (or ``(..., C)``, every leading index a sample), that
lie in [0, 1] and sum to 1; class-index targets are integers ``(N,)`` in [0, C).

The chapter :doc:`07_choosing_the_loss` derives them.
"""

from __future__ import annotations

import numpy as np

from ._reduction import reduce_loss
from ._validation import (
    as_float_array,
    check_class_indices,
    check_int,
    check_logits,
    check_probability_rows,
    row_sum_tolerance,
)
from .activations import softmax

# fit_temperature stops once |T dL/dT| <= FIT_TOLERANCE * max(1, max |z| / T), the scale of the rounding error
# of the derivative itself (float64 sums of products of logits and probabilities).
FIT_TOLERANCE = 1e-12


def _probs_and_target(probs, target) -> tuple[np.ndarray, np.ndarray]:
    """Validate probability rows (..., C) and class indices (...); return them as (N, C) and (N,)."""
    arrived = np.asarray(probs).dtype
    p = as_float_array(probs, "probs")
    check_logits(p, "probs")
    n_classes = p.shape[-1]
    t = check_class_indices(target, p.shape[:-1], n_classes, None, "probs")
    check_probability_rows(p, "probs", row_sum_tolerance(arrived if arrived.kind == "f" else p.dtype))
    return p.reshape(-1, n_classes), t.reshape(-1)


def brier_score(probs, target):
    r"""Brier score: the mean over samples of the squared distance between :math:`p` and the one-hot truth.

    Takes **probabilities** (``softmax(logits)``, not logits), for :math:`C` mutually exclusive classes. For
    one sample with probabilities :math:`p` (C) and true class :math:`j`, with :math:`y = \operatorname{onehot}(j)`:

    .. math::

        B = \sum_c (p_c - y_c)^2 = (1 - p_j)^2 + \sum_{c \ne j} p_c^2,

    between 0 (all mass on the truth) and 2 (all mass on one wrong class); the score is its mean over the
    samples. Like the log score :math:`-\log p_j` (cross-entropy), its expectation is minimised only by the
    true distribution: a proper scoring rule. Unlike the log score it is bounded, so one confident mistake
    costs at most 2, not infinity. No logarithm and no exponential: nothing to stabilise.

    No torch function: in torch it is ``((probs - F.one_hot(target, C)) ** 2).sum(-1).mean()``. In
    scikit-learn (1.7 or newer):
    ``sklearn.metrics.brier_score_loss(target, probs, labels=range(C), scale_by_half=False)``; its default,
    ``scale_by_half="auto"``, halves the score of a binary problem (:math:`C = 2`).

    Parameters
    ----------
    probs : array_like
        Probabilities: in :math:`[0, 1]`, rows summing to 1 within
        :math:`\max(10^{-4}, \sqrt{\varepsilon})` of their dtype.
    target : array_like of int
        Class indices in :math:`[0, C)`.

    Shape
    -----
    - ``probs``: :math:`(N, C)`, or :math:`(*, C)`, every leading index a sample.
    - ``target``: :math:`(N)`, or :math:`(*)`, the shape of ``probs`` without its last axis.
    - Output: a scalar.

    Returns
    -------
    scalar
        Of ``probs``' dtype (float32 stays float32; integers become float64); nan for no samples, and nan
        when a row holds nan.

    Raises
    ------
    ValueError
        Naming the argument: ``probs`` outside [0, 1], rows not summing to 1, 0-d or without classes;
        ``target`` of the wrong shape or dtype, or a class index outside [0, C).

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives it.
    expected_calibration_error : how far confidence is from accuracy, in bins.
    reliability_curve : the confidence and accuracy of each bin.
    ~course_lib.losses.cross_entropy : the log score, the other proper scoring rule.

    Examples
    --------
    :math:`(1 - 0.8)^2 + 0.2^2 = 0.08` for the first sample, :math:`0.5^2 + 0.5^2 = 0.5` for the second:

    >>> float(brier_score([[0.8, 0.2], [0.5, 0.5]], [0, 1]))
    0.29
    """
    p, t = _probs_and_target(probs, target)
    y = (t[:, None] == np.arange(p.shape[-1])).astype(p.dtype)  # one-hot rows
    per_sample = ((p - y) ** 2).sum(axis=-1)
    return reduce_loss(per_sample, "mean")  # nan for no samples, as torch's mean


def _bin_statistics(p: np.ndarray, t: np.ndarray, n_bins: int):
    """Per bin, in float64: the summed confidence, the number correct, the count; and whether a NaN was seen."""
    confidence = p.max(axis=-1).astype(np.float64)  # top-label confidence c_i = max_c p_ic
    correct = p.argmax(axis=-1) == t  # top-label prediction right? (ties: the lowest class index)
    has_nan = bool(np.isnan(confidence).any())
    keep = ~np.isnan(confidence)
    confidence, correct = confidence[keep], correct[keep]
    # bin k holds k/n < c <= (k+1)/n (and bin 0 also c = 0): the first k whose upper edge (k+1)/n is >= c.
    # The edges are k/n rounded once to float64, and confidences are compared with them exactly.
    upper_edges = np.arange(1, n_bins + 1, dtype=np.float64) / n_bins
    k = np.searchsorted(upper_edges, confidence, side="left")
    count = np.bincount(k, minlength=n_bins)
    conf_sum = np.bincount(k, weights=confidence, minlength=n_bins)
    n_correct = np.bincount(k, weights=correct.astype(np.float64), minlength=n_bins)
    return conf_sum, n_correct, count, has_nan


def reliability_curve(probs, target, n_bins: int = 15):
    r"""Top-label reliability curve: mean confidence and accuracy in equal-width bins of confidence.

    Takes **probabilities** (``softmax(logits)``, not logits). For sample :math:`i` the top-label confidence
    is :math:`c_i = \max_c p_{ic}` and the prediction is right when :math:`\operatorname{argmax}_c p_{ic} = y_i`
    (ties go to the lowest class index, as ``np.argmax``). Bin :math:`k` (0-based) of :math:`n` holds the
    samples with :math:`k/n < c_i \le (k+1)/n`; bin 0 also takes :math:`c_i = 0`. Per bin:

    .. math::

        \mathrm{count}_k &= |B_k|, \\
        \mathrm{confidence}_k &= \frac{1}{\mathrm{count}_k} \sum_{i \in B_k} c_i, \\
        \mathrm{accuracy}_k &= \frac{1}{\mathrm{count}_k} \sum_{i \in B_k}
        \mathbf{1}[\operatorname{argmax} p_i = y_i].

    A calibrated model has :math:`\mathrm{accuracy}_k = \mathrm{confidence}_k` in every bin (the diagonal of a
    reliability diagram); an over-confident one has accuracy below confidence. The edges :math:`k/n` are
    rounded once to float64 and compared exactly (a float32 confidence of 0.6 is 0.60000002 > 3/5, so it lands
    above the edge 0.6). No logarithm and no exponential: nothing to stabilise.

    No torch function (torchmetrics' ``MulticlassCalibrationError`` bins the same top-label confidence, but may
    put a confidence that lies exactly on an edge in the other bin). scikit-learn's
    ``sklearn.calibration.calibration_curve`` is the binary counterpart: it bins the probability of the
    positive class, not the top-label confidence, and returns only the non-empty bins.

    Parameters
    ----------
    probs : array_like
        Probabilities: in :math:`[0, 1]`, rows summing to 1 within
        :math:`\max(10^{-4}, \sqrt{\varepsilon})` of their dtype.
    target : array_like of int
        Class indices in :math:`[0, C)`.
    n_bins : int
        The number of equal-width bins :math:`n \ge 1` on :math:`[0, 1]`. Default: ``15``, as Guo et al. 2017.

    Shape
    -----
    - ``probs``: :math:`(N, C)`, or :math:`(*, C)`, every leading index a sample.
    - ``target``: :math:`(N)`, or :math:`(*)`, the shape of ``probs`` without its last axis.
    - Output: three arrays of shape :math:`(n)`, :math:`n` = ``n_bins``.

    Returns
    -------
    (confidence, accuracy, count) : tuple of ndarray
        ``confidence`` and ``accuracy`` of ``probs``' dtype, nan where a bin is empty; ``count`` int64, summing
        to :math:`N`. A row holding nan belongs to no known bin: it is left out of ``count``, and
        ``confidence`` and ``accuracy`` are nan in every bin.

    Raises
    ------
    ValueError
        Naming the argument: ``n_bins`` not an integer :math:`\ge 1`, and the errors of
        :func:`~course_lib.calibration.brier_score`.

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives it.
    expected_calibration_error : the curve's gaps in one number.
    fit_temperature : the one-number fix for an over- or under-confident model.

    Examples
    --------
    Confidences 0.9, 0.6 and 0.7 in 2 bins: bin 0 (0, 0.5] is empty, bin 1 (0.5, 1] holds all three, two
    right:

    >>> probs = [[0.9, 0.1], [0.4, 0.6], [0.7, 0.3]]
    >>> conf, acc, count = reliability_curve(probs, [0, 0, 0], n_bins=2)
    >>> conf.round(4), acc.round(4), count
    (array([   nan, 0.7333]), array([   nan, 0.6667]), array([0, 3]))
    """
    n_bins = check_int(n_bins, "n_bins")
    p, t = _probs_and_target(probs, target)
    conf_sum, n_correct, count, has_nan = _bin_statistics(p, t, n_bins)
    confidence = np.full(n_bins, np.nan)
    accuracy = np.full(n_bins, np.nan)
    if not has_nan:
        filled = count > 0
        confidence[filled] = conf_sum[filled] / count[filled]
        accuracy[filled] = n_correct[filled] / count[filled]
    return confidence.astype(p.dtype), accuracy.astype(p.dtype), count.astype(np.int64)


def expected_calibration_error(probs, target, n_bins: int = 15):
    r"""Expected calibration error (ECE): the count-weighted mean gap between accuracy and confidence.

    Takes **probabilities** (``softmax(logits)``, not logits). With the bins of
    :func:`~course_lib.calibration.reliability_curve` and :math:`N` samples:

    .. math::

        \mathrm{ECE} = \sum_k \frac{\mathrm{count}_k}{N}
        \,\big|\mathrm{accuracy}_k - \mathrm{confidence}_k\big|,
        \quad \text{over the non-empty bins,}

    between 0 and 1. Each bin weighs by its share of the samples (not 1 / ``n_bins``): a bin with few samples
    moves the ECE little. Its value depends on the binning: the same predictions give another ECE with
    another ``n_bins``. Computed in float64 and returned in ``probs``' dtype.

    No torch function; ``torchmetrics.functional.classification.multiclass_calibration_error`` with
    ``norm="l1"`` estimates the same quantity (up to the side of an edge a confidence on it falls).

    Parameters
    ----------
    probs : array_like
        Probabilities: in :math:`[0, 1]`, rows summing to 1 within
        :math:`\max(10^{-4}, \sqrt{\varepsilon})` of their dtype.
    target : array_like of int
        Class indices in :math:`[0, C)`.
    n_bins : int
        The number of equal-width bins :math:`n \ge 1` on :math:`[0, 1]`. Default: ``15``.

    Shape
    -----
    - ``probs``: :math:`(N, C)`, or :math:`(*, C)`, every leading index a sample.
    - ``target``: :math:`(N)`, or :math:`(*)`, the shape of ``probs`` without its last axis.
    - Output: a scalar.

    Returns
    -------
    scalar
        Of ``probs``' dtype; nan for no samples, and nan when a row holds nan.

    Raises
    ------
    ValueError
        As :func:`~course_lib.calibration.reliability_curve`.

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives it.
    reliability_curve : the bins it sums over.
    fit_temperature : the one-number fix that lowers it.
    brier_score : a proper score, which needs no bins.

    Examples
    --------
    One bin, (0.5, 1]: mean confidence 0.75, accuracy 1/2, so ECE = 0.25:

    >>> float(expected_calibration_error([[0.9, 0.1], [0.4, 0.6]], [0, 0], n_bins=2))
    0.25
    """
    n_bins = check_int(n_bins, "n_bins")
    p, t = _probs_and_target(probs, target)
    conf_sum, n_correct, count, has_nan = _bin_statistics(p, t, n_bins)
    n_samples = p.shape[0]
    if has_nan or n_samples == 0:
        return p.dtype.type(np.nan)
    # (count_k / N) |acc_k - conf_k| = |correct_k - conf_sum_k| / N; empty bins add exactly 0
    return p.dtype.type(np.abs(n_correct - conf_sum).sum() / n_samples)


def _nll_derivatives(z: np.ndarray, z_true: np.ndarray, beta: float) -> tuple[float, float]:
    """g'(beta) and g''(beta) of g(beta) = mean_i [logsumexp(beta z_i) - beta z_{i,y_i}], the mean NLL at T = 1/beta.

    With p_i = softmax(beta z_i):  g' = mean_i (E_{p_i}[z_i] - z_{i,y_i}),  g'' = mean_i Var_{p_i}[z_i] >= 0.
    """
    p = softmax(beta * z)
    mean_z = (p * z).sum(axis=-1)
    d1 = float(np.mean(mean_z - z_true))
    d2 = float(np.mean((p * (z - mean_z[:, None]) ** 2).sum(axis=-1)))
    return d1, d2


def fit_temperature(logits, target) -> float:
    r"""The temperature :math:`T > 0` that minimises the mean cross-entropy of :math:`\operatorname{softmax}(z / T)`.

    Temperature scaling. Takes **logits**:

    .. math::

        L(T) = \frac{1}{N} \sum_i \Big[\operatorname{logsumexp}(z_i / T) - z_{i, y_i} / T\Big],

    i.e. ``cross_entropy(logits / T, target)``. In :math:`\beta = 1 / T` this is a log-sum-exp of linear
    functions, so it is convex in :math:`\beta` (and hence unimodal, though not convex, in :math:`T` and in
    :math:`\log T`); its derivative is the mean expected logit minus the true logit,

    .. math::

        \frac{dL}{d\beta} = \frac{1}{N} \sum_i
        \Big(\mathbb{E}_{\operatorname{softmax}(\beta z_i)}[z_i] - z_{i, y_i}\Big),
        \qquad \frac{dL}{dT} = -\frac{1}{T^2} \frac{dL}{d\beta}.

    The minimiser is found by Newton's method on :math:`dL/d\beta` inside a bracket that always holds it
    (bisection whenever a Newton step would leave it), in float64 whatever the dtype of ``logits``, with the
    stable softmax (max-shift) at every :math:`\beta`.

    Tolerance: the returned :math:`T` satisfies
    :math:`|T \, dL/dT| \le 10^{-12} \max(1, \max_{ic} |z_{ic}| / T)`, the rounding error of the derivative
    itself, unless the bracket has shrunk to a few float64 ulps first.

    Fit :math:`T` on a validation split, never on the test split you report. A minimiser exists only if the
    mean true logit is above the mean logit (:math:`dL/d\beta < 0` at :math:`T = \infty`) and some true class
    is not a top class of its row (:math:`dL/d\beta > 0` as :math:`T \to 0`); otherwise a ValueError says
    which way the loss keeps falling.

    No torch function; the reference implementation (gpleiss/temperature_scaling) runs L-BFGS on :math:`T`.
    In scikit-learn (1.8 or newer), ``sklearn.calibration.CalibratedClassifierCV(method="temperature")`` fits
    the same :math:`T` to a classifier's ``decision_function`` (its calibrator's ``beta_`` is :math:`1 / T`),
    by a bounded scalar search on :math:`\log \beta` instead of Newton's method.

    Parameters
    ----------
    logits : array_like
        Finite logits, typically of a validation split.
    target : array_like of int
        Class indices in :math:`[0, C)`.

    Shape
    -----
    - ``logits``: :math:`(N, C)`, or :math:`(*, C)`, every leading index a sample.
    - ``target``: :math:`(N)`, or :math:`(*)`, the shape of ``logits`` without its last axis.
    - Output: a Python float.

    Returns
    -------
    float
        :math:`T > 0`; nan if ``logits`` hold nan. 1.0 when every row of logits is constant (then every
        :math:`T` gives the loss :math:`\log C`).

    Raises
    ------
    ValueError
        Naming the argument: ``target`` of the wrong shape or dtype, a class index outside [0, C), infinite
        ``logits``, and data that have no finite minimiser (see above).

    See Also
    --------
    :doc:`07_choosing_the_loss` : the chapter that derives it.
    expected_calibration_error : what it is meant to lower.
    reliability_curve : calibration bin by bin, before and after.
    ~course_lib.losses.cross_entropy : the loss it minimises, of ``logits / T``.
    ~course_lib.distillation.distillation_loss : the other use of a temperature: softened targets.

    Examples
    --------
    Three of four samples right, all with a margin of 4: too confident, so the best :math:`T` is above 1.

    >>> z = [[4.0, 0.0], [0.0, 4.0], [4.0, 0.0], [4.0, 0.0]]
    >>> round(fit_temperature(z, [0, 1, 0, 1]), 6)
    3.640957
    """
    z = as_float_array(logits, "logits")
    check_logits(z, "logits")
    n_classes = z.shape[-1]
    t = check_class_indices(target, z.shape[:-1], n_classes, None, "logits").reshape(-1)
    z = z.astype(np.float64).reshape(-1, n_classes)
    if np.isnan(z).any():
        return float("nan")
    if np.isinf(z).any():
        raise ValueError(f"logits must be finite to fit a temperature, got an infinite value (shape {z.shape})")
    if z.shape[0] == 0:
        raise ValueError("logits must hold at least one sample to fit a temperature, got shape (0, C)")

    z_true = z[np.arange(z.shape[0]), t]
    slope_at_infinite_t = float(np.mean(z.mean(axis=-1) - z_true))  # dL/dbeta at beta = 0: uniform softmax
    slope_at_zero_t = float(np.mean(z.max(axis=-1) - z_true))  # dL/dbeta as beta -> inf: all mass on the max
    if slope_at_zero_t <= 0:  # every true class is a top class of its row
        if np.all(z == z[:, :1]):
            return 1.0  # constant rows: L(T) = log C for every T
        raise ValueError(
            "logits have no finite best temperature: every target is a top class of its row, so the loss "
            "keeps falling as T -> 0 (fit T on held-out data the model gets wrong sometimes)"
        )
    if slope_at_infinite_t >= 0:
        raise ValueError(
            "logits have no finite best temperature: the mean true logit is not above the mean logit, so the "
            "loss keeps falling as T -> infinity (towards log C, the uniform prediction)"
        )

    # Bracket the root of dL/dbeta: negative at lo, >= 0 at hi. It is negative at beta = 0.
    lo, hi = 0.0, 1.0
    d1, d2 = _nll_derivatives(z, z_true, hi)
    beta_max = 1e300 / max(float(np.abs(z).max()), 1.0)  # beta z must stay finite
    while d1 < 0:
        if hi > beta_max:  # unreachable once slope_at_zero_t > 0, short of overflow
            raise ValueError("logits have no finite best temperature within float64 range")
        lo, hi = hi, 2 * hi
        d1, d2 = _nll_derivatives(z, z_true, hi)
    beta = hi
    scale_z = float(np.abs(z).max())
    for _ in range(200):
        if abs(beta * d1) <= FIT_TOLERANCE * max(1.0, scale_z * beta):
            break
        if d1 < 0:
            lo = beta
        else:
            hi = beta
        newton = beta - d1 / d2 if d2 > 0 else np.nan
        beta = newton if lo < newton < hi else 0.5 * (lo + hi)
        if hi - lo <= 4 * np.spacing(hi):
            break
        d1, d2 = _nll_derivatives(z, z_true, beta)
    return 1.0 / beta
