"""The fast path: cross-entropy and its gradient in one fused, cache-blocked pass.

Textbook form (:func:`~course_lib.losses.cross_entropy` and :func:`~course_lib.gradients.cross_entropy_grad`)::

    p = softmax(z)                     # pass 1: max, exp, sum, divide
    loss = mean(-log(p[i, y_i]))       # pass 2
    dlogits = (p - one_hot(y, C)) / N  # pass 3, plus an N x C one-hot matrix

Each pass streams the whole N x C array through memory. Here the rows are processed in blocks small
enough to stay in the CPU cache, and every step of a block works in place in that block of the output
array, so the logits are read from memory once and the gradient written once. Per block of rows::

    m = max_c z[i, c]   # shift by the row max: exponents <= 0
    g = exp(z - m)      # written straight into the output, in place
                        # (m = 0 where exp(z) is safe: one pass fewer)
    s = sum_c g[i, c]   # so p = g / s
    lse = m + log(s)    # logsumexp(z[i]); loss_i = lse - z[i, y_i]
    g *= 1 / (s * D)    # g = p / D  (D = N for an unweighted mean)
    g[i, y_i] -= 1 / D  # g = (p - one_hot) / D

No one-hot matrix is built, no N x C temporary is allocated besides the returned gradient, and per-sample
quantities live only for one block. Weights, ignore_index, label smoothing and probability targets are
folded into the per-row coefficients; ``tests/test_fused.py`` pins every case to the textbook functions.

:doc:`05_gradients` derives the formulas; the benchmark is ``benchmarks/ce_speed.py``, and
:doc:`appendix_benchmarks` shows its results.
"""

from __future__ import annotations

import numpy as np

from ._validation import cross_entropy_args

# Elements per block: 2**17 values are 512 KiB in float32 and 1 MiB in float64. A block of logits and the
# block of output it is written into then stay in the L2 or L3 cache while the block's five passes run over
# them, and each numpy call works on enough elements that its fixed overhead (microseconds) hardly counts.
# Measured with benchmarks/ce_speed.py: 2**15 was 10-30 % slower, 2**18 about the same.
BLOCK_ELEMENTS = 1 << 17


def cross_entropy_and_grad(
    logits,
    target,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
):
    r"""Cross-entropy and its gradient with respect to the logits, computed in one fused pass.

    Takes **logits**. Returns exactly what ``(cross_entropy(...), cross_entropy_grad(...))`` return, with the
    same keywords and semantics, but reads the logits once, writes the gradient once and allocates no other
    array as large as the logits. Use it in training loops; read
    :func:`~course_lib.gradients.cross_entropy_grad` to see the formulas. Without weights and smoothing, for
    sample :math:`i` of :math:`N` (``"mean"``):

    .. math::

        \ell_i = \operatorname{logsumexp}(z_i) - z_{i, y_i}, \qquad
        \frac{\partial L}{\partial z_i} = \frac{\operatorname{softmax}(z_i) - \operatorname{onehot}(y_i)}{N}.

    Torch equivalent: no single function; torch computes the pair as ``loss = F.cross_entropy(z, y)`` then
    ``loss.backward()``, which leaves the gradient in ``z.grad`` (``F = torch.nn.functional``, the class axis
    at dim 1 as for :func:`~course_lib.losses.cross_entropy`).

    Parameters
    ----------
    logits : array_like
        Raw class scores :math:`z`.
    target : array_like
        Class indices in :math:`[0, C)` (int), or class probabilities (float, the shape of ``logits``).
    weight : array_like or None
        One weight per class. Default: ``None`` (every class weighs 1).
    ignore_index : int
        A class-index target to skip. Default: ``-100``.
    reduction : {"mean", "sum", "none"}
        As in :func:`~course_lib.losses.cross_entropy`. Default: ``"mean"``.
    label_smoothing : float
        In [0, 1], as in :func:`~course_lib.losses.cross_entropy`. Default: ``0.0``.

    Shape
    -----
    - ``logits``: :math:`(C)`, :math:`(N, C)` or :math:`(N, d_1, \dots, d_K, C)`, classes last.
    - ``target``: :math:`()`, :math:`(N)` or :math:`(N, d_1, \dots, d_K)` class indices, or the shape of
      ``logits`` (probabilities).
    - ``weight``: :math:`(C)`.
    - Output ``loss``: a scalar for ``"mean"`` and ``"sum"``; ``logits.shape[:-1]`` for ``"none"``.
    - Output ``dlogits``: the shape of ``logits``.

    Returns
    -------
    (loss, dlogits) : tuple
        ``loss`` is a scalar for ``"mean"`` / ``"sum"`` and an array :math:`(\dots)` for ``"none"``;
        ``dlogits`` has the shape and dtype of ``logits`` (for ``"none"``, the gradient of the summed losses).

    Raises
    ------
    ValueError
        As :func:`~course_lib.losses.cross_entropy`, naming the argument.

    See Also
    --------
    :doc:`05_gradients` : the chapter that derives it; the timings in :doc:`appendix_benchmarks`.
    ~course_lib.losses.cross_entropy : the loss alone.
    ~course_lib.gradients.cross_entropy_grad : the gradient alone, in readable textbook form.
    ~course_lib.linear_ce.linear_cross_entropy_and_grad : the same for a linear layer's logits, never held.
    ~course_lib.classifier.LinearClassifier : trains with it.

    Examples
    --------
    >>> loss, dlogits = cross_entropy_and_grad([[0.0, 0.0]], [1])
    >>> float(loss), dlogits
    (0.6931471805599453, array([[ 0.5, -0.5]]))
    """
    a = cross_entropy_args(logits, target, weight, ignore_index, reduction, label_smoothing)
    z = np.ascontiguousarray(a.logits)
    batch_shape, n_classes = z.shape[:-1], z.shape[-1]
    z2 = z.reshape(-1, n_classes)  # (N, C): every leading axis is a sample axis
    n_samples = z2.shape[0]
    dtype = z.dtype
    targets = np.ascontiguousarray(a.target).reshape(n_samples, n_classes) if a.soft else a.target.reshape(-1)

    denominator = _denominator(a, targets, n_samples) if reduction == "mean" else 1.0
    # Nothing to divide by (every target ignored, or all their weights 0): torch's mean is then nan, and so
    # is the gradient of every counted row, while ignored rows get 0. Compute as "sum" and patch below.
    no_weight = not a.soft and reduction == "mean" and denominator == 0
    if no_weight:
        denominator = 1.0
    dlogits = np.empty_like(z2)
    per_sample = np.empty(n_samples, dtype=dtype) if reduction == "none" else None
    total = 0.0  # float64 accumulator of the summed losses
    rows_per_block = max(1, BLOCK_ELEMENTS // n_classes)
    block = _soft_block if a.soft else _index_block
    for lo in range(0, n_samples, rows_per_block):
        hi = min(lo + rows_per_block, n_samples)
        loss_rows = block(z2[lo:hi], targets[lo:hi], dlogits[lo:hi], a, denominator)
        if per_sample is not None:
            per_sample[lo:hi] = loss_rows
        else:
            total += float(loss_rows.sum(dtype=np.float64))

    if no_weight:
        counted = targets != a.ignore_index
        dlogits[counted] = np.nan
        dlogits[~counted] = 0
        return dtype.type(np.nan), dlogits.reshape(z.shape)
    dlogits = dlogits.reshape(z.shape)
    if per_sample is not None:
        return per_sample.reshape(batch_shape), dlogits
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):  # no samples at all: 0 / 0 = nan, as torch
            return dtype.type(np.float64(total) / np.float64(denominator)), dlogits
    return dtype.type(total), dlogits


def _denominator(a, targets: np.ndarray, n_samples: int) -> float:
    """What "mean" divides by: N for probability targets, else sum_i w[y_i] over counted targets."""
    if a.soft:
        return float(n_samples)
    total = 0.0
    for lo in range(0, n_samples, BLOCK_ELEMENTS):  # in blocks: no temporary of N entries
        t = targets[lo : lo + BLOCK_ELEMENTS]
        counted = t[t != a.ignore_index]
        total += counted.size if a.weight is None else float(a.weight[counted].sum(dtype=np.float64))
    return total


# Below this many classes a per-row max over a short row costs more in loop overhead than in arithmetic;
# C elementwise maxima over column views do better.
FEW_CLASSES = 32


def _row_max(z: np.ndarray) -> np.ndarray:
    """max_c z[i, c] for each row; NaN propagates."""
    if z.shape[1] > FEW_CLASSES:
        return z.max(axis=1)
    m = z[:, 0].copy()
    for j in range(1, z.shape[1]):  # C - 1 elementwise maxima over strided column views
        np.maximum(m, z[:, j], out=m)
    return m


# Up to this many classes the row sums come from a BLAS matrix-vector product (several times faster than
# numpy's per-row pairwise sum); longer rows keep the pairwise sum, whose rounding error grows more slowly.
SUM_BY_MATVEC = 1024


def _row_sum(g: np.ndarray) -> np.ndarray:
    """sum_c g[i, c] for each row."""
    if g.shape[1] > SUM_BY_MATVEC:
        return g.sum(axis=1)  # pairwise summation: accurate for long rows
    return g @ np.ones(g.shape[1], dtype=g.dtype)


def _exp_shifted_into(z: np.ndarray, out: np.ndarray, scale: float = 1.0):
    """out = exp(z - c) for a per-row shift c; returns (c, s), the shift and the row sums of out.

    The shift is the row max m, so that no exponent is positive; but when every row max of the block lies
    in [-10, log(float max) - 9 - log C - log(scale)], exp(z) itself can neither overflow nor make the row
    sum s, or s * scale (the caller divides by s times the mean's denominator), overflow or vanish, and the
    block skips the subtraction (c = 0): one pass fewer over the block. Only probabilities below about 1e-34
    (float32) can then lose digits, where exp(z) is subnormal.
    """
    m = _row_max(z)  # a row holding +inf, or only -inf, gets inf - inf = nan below: nan, as in torch
    top = np.log(np.finfo(z.dtype).max) - 9 - np.log(z.shape[1]) - np.log(max(scale, 1.0))
    if m.size and -10 <= m.min() and m.max() <= top:  # False for nan and +-inf
        np.exp(z, out=out)
        return np.zeros_like(m), _row_sum(out)
    np.subtract(z, m[:, None], out=out)  # shift by the row max: exponents <= 0, the largest exactly 0
    np.exp(out, out=out)
    return m, _row_sum(out)


# Non-finite logits are the only source of inf - inf, 0 * inf or log(0) below; the result is then nan or
# inf exactly where torch gives it, so numpy's warnings for them are silenced inside a block.
@np.errstate(divide="ignore", invalid="ignore")
def _index_block(z, t, g, a, denominator):
    """One block of rows with class-index targets: fills g with dlogits, returns the per-row losses."""
    n_rows, n_classes = z.shape
    eps = a.label_smoothing
    m, s = _exp_shifted_into(z, g, denominator)
    lse = m + np.log(s)  # logsumexp of each row

    counted = t != a.ignore_index
    all_counted = bool(counted.all())
    safe = t if all_counted else np.where(counted, t, 0)
    # flat positions of the true classes: z.flat[i * C + y_i] is z[i, y_i] (cheaper than 2-d fancy indexing)
    true_class = np.arange(n_rows) * n_classes + safe
    z_y = z.reshape(-1).take(true_class)

    if a.weight is None and all_counted and eps == 0:
        # the common case: dL_i/dz = (p - onehot) / D, loss_i = lse - z_y
        g *= (1 / (s * denominator)).astype(z.dtype)[:, None]  # g = p / D
        g.reshape(-1)[true_class] -= z.dtype.type(1 / denominator)
        return lse - z_y

    w_y = counted.astype(z.dtype) if a.weight is None else a.weight[safe] * counted
    total_w = n_classes if a.weight is None else a.weight.sum()
    # loss_i = (1 - eps) w_y (lse - z_y) + (eps / C) sum_c w_c (lse - z_c)
    loss = (1 - eps) * w_y * (lse - z_y)
    # dL_i/dz = (1 - eps) w_y (p - onehot) + (eps / C) (W p - w)
    #         = [(1 - eps) w_y + (eps / C) W] p - (1 - eps) w_y onehot - (eps / C) w
    p_coef = (1 - eps) * w_y
    if eps > 0:
        z_w = z.sum(axis=1) if a.weight is None else z @ a.weight
        loss = loss + (eps / n_classes) * (total_w * lse - z_w)
        p_coef = p_coef + (eps / n_classes) * total_w * counted
    if not all_counted:
        loss = np.where(counted, loss, 0)
    g *= (p_coef / (s * denominator)).astype(z.dtype)[:, None]  # g = p * coef / D
    g.reshape(-1)[true_class] -= ((1 - eps) * w_y / denominator).astype(z.dtype)
    if eps > 0:
        w = np.ones(n_classes) if a.weight is None else a.weight
        g -= ((eps / n_classes / denominator) * w).astype(z.dtype)
        if not all_counted:
            g[~counted] = 0
    return loss


@np.errstate(divide="ignore", invalid="ignore")
def _soft_block(z, t, g, a, denominator):
    """One block of rows with probability targets: fills g with dlogits, returns the per-row losses."""
    n_classes = z.shape[1]
    eps = a.label_smoothing
    m, s = _exp_shifted_into(z, g, denominator)
    lse = m + np.log(s)
    if eps > 0:
        t = t * (1 - eps) + eps / n_classes  # smoothed targets t'
    tw = t if a.weight is None else t * a.weight  # w_c t'_c
    tw_sum = tw.sum(axis=1)
    # loss_i = -sum_c w_c t'_c (z_c - lse) = lse * sum_c w_c t'_c - sum_c w_c t'_c z_c
    loss = tw_sum * lse - np.einsum("ij,ij->i", tw, z)
    # dL_i/dz = (sum_c w_c t'_c) p - w * t'
    g *= (tw_sum / (s * denominator)).astype(z.dtype)[:, None]
    g -= tw / z.dtype.type(denominator)
    return loss
