r"""Cross-entropy of a linear output layer without its logits: large vocabularies, taken block by block.

A language model's last layer maps hidden states :math:`h` :math:`(N, D)`, one row per token, to logits over a
vocabulary of :math:`V` entries, :math:`z = h W^\top + b`, and its loss is the cross-entropy of :math:`z`
against the next tokens. The logits are an :math:`N \times V` array: for 8 sequences of 4,096 tokens and
:math:`V` = 128,256 that is 4.2e9 numbers, 16.8 GB in float32, and their gradient is as large again. Yet the
softmax of one token needs only that token's row of logits.

Textbook form (what ``F.cross_entropy(F.linear(h, W, b), t)`` computes, the logits materialised)::

    z = hidden @ weight.T + bias        # (N, V): the array this module never builds
    loss = cross_entropy(z, target)     # mean over the counted tokens
    dz = (softmax(z) - one_hot(target)) / n_counted
    grad_hidden = dz @ weight           # (N, D)
    grad_weight = dz.T @ hidden         # (V, D)
    grad_bias = dz.sum(axis=0)          # (V,)

Blocked form: the counted tokens are taken :math:`B` at a time (:math:`B` = ``chunk_size``), and only one
block's :math:`B \times V` logits exist at any moment, in one buffer that every block reuses::

    z = hidden[blk] @ weight.T + bias   # (B, V): each token's whole vocabulary
    m = max_c z;  z = exp(z - m)        # shift by the row max: exponents <= 0
    s = sum_c z                         # loss_i = (m_i - z_iy) + log s_i
    z *= 1 / (s * n_counted)            # z is now p / n_counted, in place
    z[i, y_i] -= 1 / n_counted          # ... and now dz, this block's rows of it
    grad_hidden[blk] = dz @ weight      # a token's row is finished in its block
    grad_weight += dz.T @ hidden[blk]   # grad_weight, grad_bias: summed over blocks
    grad_bias += dz.sum(axis=0)

Three matrix products in all, the same three as the materialised computation (no logit is computed twice),
and ignored tokens (padding) are skipped before the first of them: they add nothing to the loss or to any
gradient. ``tests/test_linear_ce.py`` pins every case to torch's materialised computation.

:func:`~course_lib.linear_ce.online_logsumexp` is the same max-shift identity applied across blocks of the
*vocabulary* instead: a running maximum and a rescaled running sum. It is how the logsumexp of a row too
long to hold at once is taken, and how vocabulary-parallel cross-entropy combines the slices of the
vocabulary that different devices hold.

The chapter :doc:`08_language_models` derives it; :doc:`appendix_benchmarks` times it against PyTorch
(``benchmarks/linear_ce.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import (
    as_float_array,
    check_class_indices,
    check_int,
    check_label_smoothing,
    check_matrix,
    check_nonnegative,
    check_per_class,
    check_reduction,
)

# The default block: as many tokens as fill 32 MiB with their logits, B = 32 MiB // (V x itemsize), so
# 65 tokens for V = 128,256 and 262 for V = 32,000 in float32. Every block reads all of weight twice (the
# product that makes its logits and the one that makes its rows of grad_hidden) and adds into all of
# grad_weight once: a larger block shares these passes over memory among more tokens, and its matrix products
# have more rows, which BLAS runs faster. Measured with benchmarks/linear_ce.py (N = 1024, D = 256,
# V = 128,256, float32, one thread): B = 32 took 1.12 times PyTorch's time, 65 took 0.89 and 130 took 0.83, for
# 0.03, 0.065 and 0.13 of the N x V logits' memory.
BLOCK_BYTES = 32 << 20

# numpy's matmul cannot add into its output, so grad_weight += dz.T @ hidden[blk] is taken a slice of
# vocabulary rows at a time, each slice through a small buffer of about this many numbers (1 MiB in float32,
# 1,024 rows for D = 256), which stays in the cache between the product and the addition.
WEIGHT_SLICE_ELEMENTS = 1 << 18


def online_logsumexp(blocks) -> np.ndarray:
    r""":math:`\log \sum \exp` over the concatenation of blocks along the last axis, in one pass over the blocks.

    The blocks :math:`z^{(1)}, z^{(2)}, \dots`, each :math:`(*, V_k)`, are the pieces of a row of logits (for
    example slices of the vocabulary). After each block the running maximum :math:`m` and the running sum
    :math:`s`, taken relative to :math:`m`, are

    .. math::

        m' = \max\big(m, \max_c z^{(k)}_c\big), \qquad
        s' = s \, e^{m - m'} + \sum_c e^{z^{(k)}_c - m'}

    (the old sum, rescaled to :math:`m'`), and at the end :math:`\operatorname{logsumexp} = m + \log s`, the
    value :func:`~course_lib.activations.logsumexp` gives for the concatenation. Every exponent is
    :math:`\le 0`, so nothing overflows, and only one block is ever held: the concatenation is never built.
    Without the rescaling factor :math:`e^{m - m'}` the sum would mix terms taken relative to different
    maxima, and the result would be wrong as soon as the maximum changes.

    A row of all :math:`-\infty` gives :math:`-\infty` (the log of an empty sum); a :math:`+\infty` gives
    :math:`+\infty`; NaN propagates; blocks with no entries (:math:`V_k = 0`) are skipped. As
    ``torch.logsumexp`` does on the concatenation.

    Torch equivalent: ``torch.logsumexp(torch.cat(blocks, dim=-1), dim=-1)``, which builds the concatenation.

    Parameters
    ----------
    blocks : iterable of array_like
        The blocks of logits (a list, a generator), all with the same leading shape; :math:`V_k` may differ
        from block to block. Not one array: split it first, e.g. ``np.array_split(z, k, axis=-1)``.

    Shape
    -----
    - ``blocks``: each block :math:`(*, V_k)`, with the same leading shape :math:`(*)`.
    - Output: :math:`(*)`.

    Returns
    -------
    ndarray
        In the blocks' float dtype (float64 if they mix float32 and float64).

    Raises
    ------
    ValueError
        If ``blocks`` is a single array or holds no block, a block is 0-d or not real-valued, or a block's
        leading shape differs from the first block's; the message names the block.

    See Also
    --------
    :doc:`08_language_models` : the chapter that derives it (the streaming logsumexp); the max-shift in
        :doc:`04_numerical_stability`.
    ~course_lib.activations.logsumexp : the same value, from the whole row at once.
    linear_cross_entropy : the cross-entropy that takes the other axis, the tokens, block by block.

    Examples
    --------
    The pieces of one row, [1000, 1000] and [1000, 1000], give :math:`\log(4 e^{1000}) = 1000 + \log 4`:

    >>> online_logsumexp([np.array([1000.0, 1000.0]), np.array([1000.0, 1000.0])])
    np.float64(1001.3862943611199)

    Equal to logsumexp of the concatenation, however it is split:

    >>> z = np.array([[3.0, -1.0, 0.5, 7.0, 2.0]])
    >>> streamed = online_logsumexp(np.array_split(z, 3, axis=-1))[0]
    >>> bool(np.isclose(streamed, np.log(np.exp(z).sum())))
    True
    """
    if isinstance(blocks, np.ndarray):
        raise ValueError(
            f"blocks must be an iterable of arrays (..., V_k), such as a list or a generator, got one array of "
            f"shape {blocks.shape}; split it first, e.g. np.array_split(z, k, axis=-1)"
        )
    m = s = shift = None
    for k, block in enumerate(blocks):
        z = as_float_array(block, f"blocks[{k}]")
        if z.ndim == 0:
            raise ValueError(f"blocks[{k}] must have at least one axis (the vocabulary axis, last), got a 0-d array")
        if m is None:  # the first block fixes the leading shape; nothing seen yet: the empty sum, s = 0
            leading = z.shape[:-1]
            m = np.full(leading, -np.inf, dtype=z.dtype)
            s = np.zeros(leading, dtype=z.dtype)
            shift = np.zeros(leading, dtype=z.dtype)
        elif z.shape[:-1] != leading:
            raise ValueError(
                f"blocks[{k}] must have the leading shape {leading} of blocks[0] (every axis but the last), "
                f"got shape {z.shape}"
            )
        if z.shape[-1] == 0:
            continue
        m_new = np.maximum(m, z.max(axis=-1))  # NaN propagates
        # shift by the running max: exponents <= 0. A max of +-inf cannot be subtracted (inf - inf = nan);
        # shifting by 0 instead gives the right limit, as torch.logsumexp does.
        shift_new = np.where(np.isfinite(m_new), m_new, 0).astype(m_new.dtype, copy=False)
        # exp can overflow only in a row holding +inf or NaN, whose answer (+inf or NaN) it does not change
        with np.errstate(over="ignore"):
            s = s * np.exp(m - shift_new) + np.exp(z - shift_new[..., None]).sum(axis=-1)
        m, shift = m_new, shift_new
    if m is None:
        raise ValueError("blocks must hold at least one array (..., V_k), got none")
    with np.errstate(divide="ignore"):  # nothing but -inf seen: s = 0, and log(0) = -inf is the answer
        out = np.log(s) + shift
    return out[()] if out.ndim == 0 else out


class LinearCrossEntropyArgs(NamedTuple):
    """Validated arguments of linear_cross_entropy and linear_cross_entropy_and_grad."""

    hidden: np.ndarray  # (N, D), C-contiguous, of the common float dtype
    weight: np.ndarray  # (V, D), likewise
    bias: np.ndarray | None  # (V,) or None
    target: np.ndarray  # (N,) int
    ignore_index: int
    reduction: str
    label_smoothing: float
    z_loss: float
    block_rows: int  # B, tokens per block


def linear_cross_entropy_args(
    hidden, weight, target, bias, ignore_index, reduction, label_smoothing, z_loss, chunk_size
) -> LinearCrossEntropyArgs:
    """Validate the arguments once, at the public boundary; bring the arrays to one contiguous float dtype."""
    h = as_float_array(hidden, "hidden")
    check_matrix(h, "hidden", "(N, D) of hidden states, one row per token")
    w = as_float_array(weight, "weight")
    check_matrix(w, "weight", "(V, D), one row per vocabulary entry")
    n_tokens, width = h.shape
    if w.shape[1] != width:
        raise ValueError(
            f"weight must have shape (V, {width}) to match hidden {h.shape} (D = {width} features), got {w.shape}"
        )
    vocab = w.shape[0]
    if vocab == 0:
        raise ValueError(f"weight must have at least one row (one per vocabulary entry), got shape {w.shape}")
    b = None if bias is None else as_float_array(bias, "bias")
    dtype = np.result_type(h.dtype, w.dtype, *([] if b is None else [b.dtype]))
    if b is not None:
        b = np.ascontiguousarray(check_per_class(b, vocab, dtype, "bias"))
    check_reduction(reduction)
    eps = check_label_smoothing(label_smoothing)
    z_coef = check_nonnegative(z_loss, "z_loss")
    if chunk_size is None:
        rows = max(1, BLOCK_BYTES // (vocab * dtype.itemsize))
    else:
        rows = check_int(chunk_size, "chunk_size")
    t = check_class_indices(
        target, (n_tokens,), vocab, ignore_index, "the logits hidden @ weight.T", input_shape=(n_tokens, vocab)
    )
    return LinearCrossEntropyArgs(
        np.ascontiguousarray(h, dtype=dtype),  # copies only an input that is strided or of another dtype
        np.ascontiguousarray(w, dtype=dtype),
        b,
        t,
        int(ignore_index),
        reduction,
        eps,
        z_coef,
        rows,
    )


def linear_cross_entropy(
    hidden,
    weight,
    target,
    bias=None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    z_loss: float = 0.0,
    chunk_size: int | None = None,
):
    r"""Cross-entropy of the logits ``hidden @ weight.T + bias``, computed block by block without ever holding them.

    Takes **hidden states** and the output layer's parameters, not logits and not probabilities; the logits
    exist only inside, one block at a time. For next-token prediction the target of position :math:`i` is the
    token at position :math:`i + 1` (shift the inputs and targets by one); padded positions carry
    ``ignore_index``.

    Equal to ``cross_entropy(hidden @ weight.T + bias, target, ignore_index=..., reduction=...,
    label_smoothing=...)``, but the :math:`N \times V` logits are never built: the counted tokens are taken
    ``chunk_size`` at a time, and each block's logits are computed, reduced to one loss per token and
    overwritten by the next block's. For token :math:`i` with logits :math:`z_i = W h_i + b` (V) and target
    (next token) :math:`y_i`, in nats:

    .. math::

        \ell_i = \operatorname{logsumexp}(z_i) - z_{i, y_i}
        = (m_i - z_{i, y_i}) + \log \sum_c e^{z_{i, c} - m_i},
        \qquad m_i = \max_c z_{i, c}.

    Shifted by the row max :math:`m_i`, every exponent is :math:`\le 0`: nothing overflows at any logit, and
    :math:`m_i - z_{i, y_i}` is exact when the true logit is the largest. With label smoothing
    :math:`\varepsilon`, the target is mixed with the uniform distribution over the :math:`V` entries, as torch
    does, and with ``z_loss`` :math:`= c > 0` the z-loss of PaLM (Chowdhery et al. 2022),
    :math:`c \operatorname{lse}_i^2`, is added for every counted token and reduced with the loss: it pulls
    logsumexp towards 0 and so keeps the logits from drifting. With
    :math:`\operatorname{lse}_i = \operatorname{logsumexp}(z_i)`:

    .. math::

        \ell_i = (1 - \varepsilon)(\operatorname{lse}_i - z_{i, y_i})
        + \varepsilon \big(\operatorname{lse}_i - \tfrac{1}{V} \textstyle\sum_c z_{i, c}\big)
        + c \operatorname{lse}_i^2.

    Torch equivalent: ``torch.nn.functional.linear_cross_entropy(hidden, weight, target, linear_bias=bias,
    ignore_index=..., reduction=..., label_smoothing=...)`` (torch 2.13), equal to
    ``F.cross_entropy(F.linear(hidden, weight, bias), target, ...)``. By default it builds the logits; with
    ``options=torch.nn.LinearCrossEntropyOptions(batch_chunk_size=B)`` it too takes the tokens in blocks,
    except with label smoothing (then it warns and builds them). torch has no z-loss.

    Parameters
    ----------
    hidden : array_like
        The hidden state of each token (the input of the output layer).
    weight : array_like
        The output layer's weight, one row per vocabulary entry (torch's ``Linear(D, V).weight``).
    target : array_like of int
        Class indices (token ids) in :math:`[0, V)`, or ``ignore_index``.
    bias : array_like or None
        The output layer's bias. Default: ``None`` (no bias).
    ignore_index : int
        The target value of tokens to skip, padding: they add 0 and are left out of the mean.
        Default: ``-100``, as torch.
    reduction : {"mean", "sum", "none"}
        ``"mean"`` averages over the counted tokens. Default: ``"mean"``.
    label_smoothing : float
        :math:`\varepsilon \in [0, 1]`, mixes the target with the uniform distribution over the vocabulary.
        Default: ``0.0``.
    z_loss : float
        :math:`c \ge 0`, the coefficient of the z-loss :math:`c \operatorname{logsumexp}(z_i)^2`.
        Default: ``0.0`` (none).
    chunk_size : int or None
        :math:`B`, the number of tokens per block, :math:`\ge 1`. Default: ``None``, as many as fill 32 MiB
        with their logits, :math:`B = 2^{25} / (V \cdot \text{itemsize})` rounded down (65 tokens for
        :math:`V` = 128,256 in float32).

    Shape
    -----
    - ``hidden``: :math:`(N, D)`.
    - ``weight``: :math:`(V, D)`.
    - ``target``: :math:`(N)`.
    - ``bias``: :math:`(V)`.
    - Output: a scalar for ``"mean"`` and ``"sum"``; :math:`(N)` for ``"none"`` (0 at ignored tokens).

    Returns
    -------
    scalar or ndarray
        In the common float dtype of ``hidden``, ``weight`` and ``bias`` (float32 stays float32).

    Raises
    ------
    ValueError
        Naming the argument: ``hidden`` or ``weight`` not 2-d, ``weight``'s :math:`D` differing from
        ``hidden``'s, ``bias`` not of shape :math:`(V)`, ``target`` not of shape :math:`(N)`, not integer, or
        outside :math:`[0, V)` (unless equal to ``ignore_index``), an unknown reduction, label_smoothing
        outside [0, 1], a negative z_loss, a chunk_size below 1.

    See Also
    --------
    :doc:`08_language_models` : the chapter that derives it; :doc:`appendix_benchmarks` times it.
    linear_cross_entropy_and_grad : the loss and its gradients with respect to hidden, weight and bias.
    ~course_lib.losses.cross_entropy : the same loss from materialised logits.
    online_logsumexp : the same max-shift across blocks of the vocabulary.
    ~course_lib.lm_metrics.perplexity : the number quoted from its mean.

    Notes
    -----
    Memory: besides its inputs and its result, it holds one block of logits, :math:`B \times V` numbers
    (:math:`B` = min(chunk_size, number of counted tokens)), and :math:`B \times D` more when some tokens are
    ignored (their hidden states are gathered), plus vectors of :math:`N` and :math:`B` numbers. Peak extra
    memory, in bytes, with :math:`s` the dtype's size:

    .. math::

        s \, B \, (V + D) + 24 N + 64 B

    (a converted copy of an input that is not C-contiguous or not of the common dtype comes on top). With the
    default chunk_size the first term is at most 32 MiB plus :math:`s B D`, whatever :math:`N`: for
    :math:`N` = 32,768 tokens, :math:`V` = 128,256 and :math:`D` = 4,096 in float32, 34 MB against 16.8 GB for
    the logits. (A batch whose logits fit in one block, :math:`N \le B`, is taken whole: its one block is then
    all of the logits, at most 32 MiB by default.)

    Examples
    --------
    Two tokens, a vocabulary of three, hidden states of width two. The logits are (2, 0, 0) and (0, 2, 0), so
    the losses are :math:`\log(e^2 + 2) - 2` and :math:`\log(e^2 + 2) - 0`, and their mean is
    :math:`\log(e^2 + 2) - 1`:

    >>> hidden = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> weight = np.array([[2.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    >>> float(linear_cross_entropy(hidden, weight, np.array([0, 2])))
    1.2395447662218846
    >>> from course_lib import cross_entropy
    >>> # the same, with the logits materialised
    >>> float(cross_entropy(hidden @ weight.T, np.array([0, 2])))
    1.2395447662218846
    """
    a = linear_cross_entropy_args(
        hidden, weight, target, bias, ignore_index, reduction, label_smoothing, z_loss, chunk_size
    )
    return _blocked(a, with_grad=False)[0]


def linear_cross_entropy_and_grad(
    hidden,
    weight,
    target,
    bias=None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    z_loss: float = 0.0,
    chunk_size: int | None = None,
):
    r"""The loss of :func:`linear_cross_entropy` and its gradients with respect to hidden, weight and bias.

    Takes **hidden states** and the output layer's parameters, as
    :func:`~course_lib.linear_ce.linear_cross_entropy`, with the same arguments and loss. With :math:`dz` the
    gradient of the loss with respect to the logits, which lives one block of tokens at a time:

    .. math::

        dz_i &= \frac{1}{n} \Big[(1 + 2 c \operatorname{lse}_i) \operatorname{softmax}(z_i)
        - (1 - \varepsilon) \operatorname{onehot}(y_i) - \frac{\varepsilon}{V}\Big], \\
        \mathrm{grad\_hidden} &= dz \, W, \qquad \mathrm{grad\_weight} = dz^\top h,
        \qquad \mathrm{grad\_bias} = \textstyle\sum_i dz_i,

    :math:`dz_i` for a counted token and 0 for an ignored one, with :math:`n` the number of counted tokens for
    ``"mean"`` and 1 otherwise, :math:`c` = ``z_loss``, :math:`\varepsilon` = ``label_smoothing``. A token's
    row of grad_hidden is finished within its block; grad_weight and grad_bias add up over the blocks. Ignored
    tokens contribute nothing (their rows of grad_hidden are 0). When every token is ignored, the loss is what
    :func:`~course_lib.losses.cross_entropy` gives (nan for ``"mean"``, 0 for ``"sum"``) and every gradient is
    0.

    Torch equivalent: ``torch.nn.functional.linear_cross_entropy`` (or
    ``F.cross_entropy(F.linear(hidden, weight, bias), target, ...)``) followed by ``.backward()`` (for
    ``reduction="none"``, of the summed per-token losses, as course_lib's other gradients); the gradients are
    then the ``.grad`` of hidden, weight and bias.

    Parameters
    ----------
    hidden : array_like
        The hidden state of each token. This and every other argument as in
        :func:`~course_lib.linear_ce.linear_cross_entropy`.
    weight : array_like
        The output layer's weight, one row per vocabulary entry.
    target : array_like of int
        Class indices (token ids) in :math:`[0, V)`, or ``ignore_index``.
    bias : array_like or None
        The output layer's bias. Default: ``None`` (no bias, and no grad_bias).
    ignore_index : int
        The target value of tokens to skip. Default: ``-100``.
    reduction : {"mean", "sum", "none"}
        Default: ``"mean"``.
    label_smoothing : float
        :math:`\varepsilon \in [0, 1]`. Default: ``0.0``.
    z_loss : float
        :math:`c \ge 0`. Default: ``0.0``.
    chunk_size : int or None
        :math:`B`, the number of tokens per block. Default: ``None`` (as many as fill 32 MiB with their
        logits).

    Shape
    -----
    - ``hidden``: :math:`(N, D)`.
    - ``weight``: :math:`(V, D)`.
    - ``target``: :math:`(N)`.
    - ``bias``: :math:`(V)`.
    - Output: the loss as from ``linear_cross_entropy``; grad_hidden :math:`(N, D)`, grad_weight
      :math:`(V, D)`, grad_bias :math:`(V)`.

    Returns
    -------
    (loss, grad_hidden, grad_weight, grad_bias) : tuple
        The loss as from ``linear_cross_entropy``; the gradients in the loss's dtype; grad_bias is None when
        ``bias`` is None.

    Raises
    ------
    ValueError
        As :func:`~course_lib.linear_ce.linear_cross_entropy`.

    See Also
    --------
    :doc:`08_language_models` : the chapter that derives it; :doc:`appendix_benchmarks` times it.
    linear_cross_entropy : the loss alone.
    ~course_lib.fused.cross_entropy_and_grad : loss and gradient in one pass, from materialised logits.
    ~course_lib.gradients.cross_entropy_grad : the gradient with respect to the logits, in textbook form.

    Notes
    -----
    Memory: besides its inputs and its results (the gradients have the shapes of hidden, weight and bias), it
    holds one block of :math:`B \times V` numbers, which becomes the block's :math:`dz` in place,
    :math:`B \times D` more when some tokens are ignored, a slice of at most :math:`\max(2^{18}, D)` numbers
    through which grad_weight is added to, and vectors of :math:`N`, :math:`B` and :math:`V` numbers. Peak
    extra memory, in bytes, with :math:`s` the dtype's size:

    .. math::

        s \, \big(B \, (V + D) + \max(2^{18}, D) + V\big) + 24 N + 64 B

    (a converted copy of an input that is not C-contiguous or not of the common dtype comes on top). Time: the
    three matrix products of the materialised computation, :math:`6 N V D` floating-point operations,
    dominate.

    Examples
    --------
    >>> hidden = np.array([[1.0, 0.0]])
    >>> weight = np.array([[0.0, 0.0], [0.0, 0.0]])  # two equal logits: p = (1/2, 1/2)
    >>> target = np.array([1])
    >>> loss, dhidden, dW, db = linear_cross_entropy_and_grad(hidden, weight, target)
    >>> # log 2;  dz = p - one_hot = (1/2, -1/2);  dW = dz.T @ hidden
    >>> float(loss), dW, db
    (0.6931471805599453, array([[ 0.5,  0. ],
           [-0.5,  0. ]]), None)
    """
    a = linear_cross_entropy_args(
        hidden, weight, target, bias, ignore_index, reduction, label_smoothing, z_loss, chunk_size
    )
    return _blocked(a, with_grad=True)


def _blocked(a: LinearCrossEntropyArgs, with_grad: bool):
    """The loop over blocks of counted tokens; returns (loss,) or (loss, dH, dW, db)."""
    h, w, b, t = a.hidden, a.weight, a.bias, a.target
    n_tokens, width = h.shape
    vocab = w.shape[0]
    dtype = h.dtype
    counted = t != a.ignore_index
    n_counted = int(np.count_nonzero(counted))
    # the positions of the counted tokens, or None when every token counts (then blocks are plain slices)
    rows = None if n_counted == n_tokens else np.flatnonzero(counted)
    # "mean" divides by the number of counted tokens; with none counted, the gradients are 0 and the loss nan
    scale = 1.0 / n_counted if a.reduction == "mean" and n_counted > 0 else 1.0

    per_token = np.zeros(n_tokens, dtype=dtype) if a.reduction == "none" else None
    total = 0.0  # float64 accumulator of the summed losses
    if with_grad:
        dH = np.zeros_like(h) if rows is not None else np.empty_like(h)  # ignored tokens' rows stay 0
        dW = np.empty_like(w) if n_counted else np.zeros_like(w)  # the first block writes it, the others add
        db = None if b is None else (np.empty_like(b) if n_counted else np.zeros_like(b))
        slice_rows = max(1, WEIGHT_SLICE_ELEMENTS // max(width, 1))
        weight_buffer = np.empty((min(slice_rows, vocab), width), dtype=dtype) if n_counted else None

    block_rows = min(a.block_rows, n_counted)
    logits_buffer = np.empty((block_rows, vocab), dtype=dtype)  # the one B x V array, reused by every block
    hidden_buffer = np.empty((block_rows, width), dtype=dtype) if rows is not None else None
    for lo in range(0, n_counted, max(block_rows, 1)):  # no block at all when no token counts
        hi = min(lo + block_rows, n_counted)
        if rows is None:
            block_h, block_t = h[lo:hi], t[lo:hi]
        else:  # gather the block's counted tokens; mode="clip" (the rows are valid) writes straight into the
            # buffer, where the default mode="raise" would first gather into a temporary of B x D
            block_h = np.take(h, rows[lo:hi], axis=0, out=hidden_buffer[: hi - lo], mode="clip")
            block_t = t[rows[lo:hi]]
        z = logits_buffer[: hi - lo]
        np.matmul(block_h, w.T, out=z)  # the block's logits z = h W^T (+ b), (B, V)
        if b is not None:
            z += b
        loss = _loss_and_dz(z, block_t, a, scale, with_grad)  # z holds dz afterwards (if with_grad)

        if per_token is None:
            total += float(loss.sum())
        elif rows is None:
            per_token[lo:hi] = loss
        else:
            per_token[rows[lo:hi]] = loss
        if not with_grad:
            continue
        dz = z
        _add_weight_grad(dW, dz, block_h, weight_buffer, first=lo == 0)  # dW += dz.T @ h
        if db is not None:
            if lo == 0:
                np.sum(dz, axis=0, out=db)
            else:
                db += dz.sum(axis=0)
        if rows is None:
            np.matmul(dz, w, out=dH[lo:hi])  # dH = dz @ W, this block's rows
        else:  # the gathered hidden states are used up: their buffer takes the block's rows of dH
            dH[rows[lo:hi]] = np.matmul(dz, w, out=hidden_buffer[: hi - lo])

    if per_token is not None:
        loss = per_token
    elif a.reduction == "mean" and n_counted == 0:
        loss = dtype.type(np.nan)  # torch's mean over no counted token: 0 / 0
    else:
        loss = dtype.type(total * scale)
    return (loss, dH, dW, db) if with_grad else (loss,)


# Non-finite logits (from an inf or nan in hidden, weight or bias) are the only source of inf - inf or 0 * inf
# below; the result is then nan in their rows, as in torch, so numpy's warnings are silenced inside a block.
@np.errstate(invalid="ignore")
def _loss_and_dz(z: np.ndarray, target: np.ndarray, a: LinearCrossEntropyArgs, scale: float, with_grad: bool):
    """Per-token losses (float64, (B,)) of a block of logits z (B, V); with_grad: z is overwritten by dz."""
    n_rows, vocab = z.shape
    eps, c = a.label_smoothing, a.z_loss
    # flat positions of the true classes: z.flat[i * V + y_i] is z[i, y_i] (cheaper than 2-d fancy indexing)
    true_class = np.arange(n_rows) * vocab + target
    z_y = z.reshape(-1).take(true_class).astype(np.float64)
    z_mean = z.mean(axis=1, dtype=np.float64) if eps > 0 else None  # the smoothing term needs mean_c z_c
    m = z.max(axis=1)
    np.subtract(z, m[:, None], out=z)  # shift by the row max: exponents <= 0, the largest exactly 0
    np.exp(z, out=z)
    s = z.sum(axis=1)  # in [1, V]: no overflow, and log(s) is never log(0)
    log_s = np.log(s.astype(np.float64))
    m = m.astype(np.float64)
    lse = m + log_s
    # loss_i = (1 - eps)(lse_i - z_iy) + eps (lse_i - mean_c z_ic) + c lse_i^2, each difference taken as
    # (m - z) + log s: exact where z is the max, however large the logits
    loss = (1 - eps) * ((m - z_y) + log_s)
    if eps > 0:
        loss += eps * ((m - z_mean) + log_s)
    if c > 0:
        loss += c * lse**2
    if with_grad:
        # dz_i = scale [(1 + 2 c lse_i) p_i - (1 - eps) one_hot(y_i) - eps / V],  p_i = exp(z_i - m_i) / s_i
        z *= (scale * (1 + 2 * c * lse) / s).astype(z.dtype)[:, None]
        z.reshape(-1)[true_class] -= z.dtype.type(scale * (1 - eps))
        if eps > 0:
            z -= z.dtype.type(scale * eps / vocab)
    return loss


def _add_weight_grad(dW: np.ndarray, dz: np.ndarray, h: np.ndarray, buffer: np.ndarray, first: bool) -> None:
    """dW += dz.T @ h (written, not added, for the first block), a slice of vocabulary rows at a time."""
    if first:
        np.matmul(dz.T, h, out=dW)
        return
    slice_rows = buffer.shape[0]
    for lo in range(0, dW.shape[0], slice_rows):
        hi = min(lo + slice_rows, dW.shape[0])
        dW[lo:hi] += np.matmul(dz[:, lo:hi].T, h, out=buffer[: hi - lo])
