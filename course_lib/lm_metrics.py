r"""The numbers quoted for language models, from cross-entropy in nats: perplexity and bits per byte.

A language model's loss is the mean cross-entropy of its next-token predictions, in nats per token (natural
logarithms, as :func:`~course_lib.losses.cross_entropy` and
:func:`~course_lib.linear_ce.linear_cross_entropy` compute it). Two other units are quoted:

- perplexity, :math:`\exp(\text{mean nats per token})`: the number of equally likely tokens the model is as
  unsure as. A model that spreads its probability uniformly over :math:`V` tokens has loss :math:`\log V` and
  perplexity :math:`V`.
- bits per byte, total nats / (number of bytes of the text :math:`\times \ln 2`): the code length per byte of
  text. It does not depend on the tokenizer (a tokenizer with longer tokens has fewer, harder tokens), so
  models with different tokenizers can be compared with it; perplexities can only be compared for one
  tokenizer.

The chapter :doc:`08_language_models` derives both.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_int, check_nonnegative_values


def perplexity(mean_nll):
    r"""Perplexity from the mean cross-entropy (negative log-likelihood) per token in nats: ``exp(mean_nll)``.

    Takes a mean loss in **nats** (natural logarithms), as ``cross_entropy(..., reduction="mean")`` returns it,
    not a probability and not a loss in bits. With :math:`\bar\ell` = ``mean_nll``, the mean over the :math:`n`
    counted tokens:

    .. math::

        \mathrm{PPL} = \exp(\bar\ell)
        = \exp\Big(-\frac{1}{n} \sum_{i=1}^{n} \log p(y_i \mid \text{context}_i)\Big),

    the exponential of the **mean**; the exponential of the summed loss would grow with the length of the text.
    A uniform guess over :math:`V` tokens has :math:`\bar\ell = \log V` and perplexity :math:`V`; a perfect
    model has 0 and 1. In bits per token the same number is :math:`\bar\ell / \ln 2 = \log_2 \mathrm{PPL}`.
    Above the log of the largest float (88.7 nats in float32, 709.8 in float64) the perplexity is inf.

    No torch function: in torch it is ``torch.exp(F.cross_entropy(logits, target))``.

    Parameters
    ----------
    mean_nll : float or array_like
        Mean negative log-likelihoods in nats, :math:`\ge 0` (NaN propagates).

    Shape
    -----
    - ``mean_nll``: :math:`(*)`, any shape; usually a scalar :math:`()`.
    - Output: :math:`(*)`, the shape of ``mean_nll``.

    Returns
    -------
    float or ndarray
        The perplexity, :math:`\ge 1`.

    Raises
    ------
    ValueError
        If ``mean_nll`` is negative (a log-likelihood passed without its minus sign?) or not real-valued.

    See Also
    --------
    :doc:`08_language_models` : the chapter that derives it.
    bits_per_byte : the unit that does not depend on the tokenizer.
    ~course_lib.losses.cross_entropy : the mean loss in nats that it takes.
    ~course_lib.linear_ce.linear_cross_entropy : the same loss for a large vocabulary, without the logits.

    Examples
    --------
    A uniform guess over 50,257 tokens (GPT-2's vocabulary) has perplexity 50,257:

    >>> round(float(perplexity(np.log(50257))), 6)
    50257.0
    """
    nll = as_float_array(mean_nll, "mean_nll")
    check_nonnegative_values(nll, "mean_nll", "a mean negative log-likelihood in nats")
    with np.errstate(over="ignore"):  # more nats than the format's largest exponent: perplexity inf
        out = np.exp(nll)
    return out[()] if out.ndim == 0 else out


def bits_per_byte(total_nll, n_bytes: int):
    r"""Bits per byte from the summed cross-entropy in nats of a text: ``total_nll / (n_bytes ln 2)``.

    Takes the **summed** loss in **nats**, as ``cross_entropy(..., reduction="sum")`` returns it (or the mean
    times the number of counted tokens), and the length of the text in **bytes**, e.g.
    ``len(text.encode("utf-8"))``, not in characters or in tokens:

    .. math::

        \mathrm{BPB} = \frac{\texttt{total\_nll}}{n_\text{bytes} \ln 2}
        = -\frac{1}{n_\text{bytes}} \sum_i \log_2 p(y_i \mid \text{context}_i),

    the number of bits per byte of text an ideal coder driven by the model would need. The sum runs over the
    tokens of the text and the division over its bytes (in UTF-8), so the number does not depend on how the
    text was tokenized: compare models with different tokenizers by it, not by perplexity. 8 bits per byte is
    a uniform guess over all 256 byte values.

    No torch function: in torch it is
    ``F.cross_entropy(logits, target, reduction="sum") / (n_bytes * math.log(2))``.

    Parameters
    ----------
    total_nll : float or array_like
        The summed negative log-likelihood in nats, :math:`\ge 0` (NaN propagates).
    n_bytes : int
        The number of bytes of the text the tokens encode, :math:`\ge 1`.

    Shape
    -----
    - ``total_nll``: :math:`(*)`, any shape; usually a scalar :math:`()`.
    - Output: :math:`(*)`, the shape of ``total_nll``.

    Returns
    -------
    float or ndarray
        Bits per byte, :math:`\ge 0`.

    Raises
    ------
    ValueError
        If ``total_nll`` is negative or not real-valued, or ``n_bytes`` is not an integer :math:`\ge 1`.

    See Also
    --------
    :doc:`08_language_models` : the chapter that derives it.
    perplexity : the unit quoted per token, for models that share a tokenizer.
    ~course_lib.losses.cross_entropy : with ``reduction="sum"``, the summed loss in nats that it takes.
    ~course_lib.linear_ce.linear_cross_entropy : the same loss for a large vocabulary, without the logits.

    Examples
    --------
    A text of 1,000 bytes coded at 1,000 ln 2 nats, one bit per byte:

    >>> float(bits_per_byte(1000 * np.log(2), 1000))
    1.0
    """
    nll = as_float_array(total_nll, "total_nll")
    check_nonnegative_values(nll, "total_nll", "a summed negative log-likelihood in nats")
    n = check_int(n_bytes, "n_bytes")
    out = nll / nll.dtype.type(n * np.log(2))
    return out[()] if out.ndim == 0 else out
