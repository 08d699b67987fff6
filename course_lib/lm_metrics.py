"""The numbers quoted for language models, from cross-entropy in nats: perplexity and bits per byte.

A language model's loss is the mean cross-entropy of its next-token predictions, in nats per token (natural
logarithms, as :func:`~course_lib.losses.cross_entropy` and
:func:`~course_lib.linear_ce.linear_cross_entropy` compute it). Two other units are quoted:

- perplexity, exp(mean nats per token): the number of equally likely tokens the model is as unsure as. A
  model that spreads its probability uniformly over V tokens has loss log V and perplexity V.
- bits per byte, total nats / (number of bytes of the text x ln 2): the code length per byte of text. It does
  not depend on the tokenizer (a tokenizer with longer tokens has fewer, harder tokens), so models with
  different tokenizers can be compared with it; perplexities can only be compared for one tokenizer.

Derived in: book chapter "Cross-entropy in language models".
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_int, check_nonnegative_values


def perplexity(mean_nll):
    """Perplexity from the mean cross-entropy (negative log-likelihood) per token in nats: exp(mean_nll).

    PPL = exp(-(1/n) sum_i log p(y_i | context_i)), the exponential of the **mean** over the n counted tokens;
    the exponential of the summed loss would grow with the length of the text. A uniform guess over V tokens
    has mean_nll = log V and perplexity V; a perfect model has 0 and 1. In bits per token the same number is
    mean_nll / ln 2 = log2(PPL). In torch: ``torch.exp(F.cross_entropy(logits, target))``.

    Takes a mean loss in **nats** (natural logarithms), as ``cross_entropy(..., reduction="mean")`` returns it,
    not a probability and not a loss in bits. Above log of the largest float (88.7 nats in float32, 709.8 in
    float64) the perplexity is inf.

    Parameters
    ----------
    mean_nll : float or array of mean negative log-likelihoods, >= 0 (NaN propagates)

    Returns
    -------
    float or array of the same shape: the perplexity, >= 1.

    Raises
    ------
    ValueError
        If ``mean_nll`` is negative (a log-likelihood passed without its minus sign?) or not real-valued.

    Examples
    --------
    A uniform guess over 50,257 tokens (GPT-2's vocabulary) has perplexity 50,257:

    >>> round(float(perplexity(np.log(50257))), 6)
    50257.0

    Derived in: book chapter "Cross-entropy in language models".
    """
    nll = as_float_array(mean_nll, "mean_nll")
    check_nonnegative_values(nll, "mean_nll", "a mean negative log-likelihood in nats")
    with np.errstate(over="ignore"):  # more nats than the format's largest exponent: perplexity inf
        out = np.exp(nll)
    return out[()] if out.ndim == 0 else out


def bits_per_byte(total_nll, n_bytes: int):
    """Bits per byte from the summed cross-entropy in nats of a text of n_bytes bytes: total_nll / (n_bytes ln 2).

    BPB = -(1 / n_bytes) sum_i log2 p(y_i | context_i): the number of bits per byte of text an ideal coder
    driven by the model would need. The sum runs over the tokens of the text and the division over its bytes
    (in UTF-8), so the number does not depend on how the text was tokenized: compare models with different
    tokenizers by it, not by perplexity. 8 bits per byte is a uniform guess over all 256 byte values.
    In torch: ``F.cross_entropy(logits, target, reduction="sum") / (n_bytes * math.log(2))``.

    Takes the **summed** loss in **nats**, as ``cross_entropy(..., reduction="sum")`` returns it (or the mean
    times the number of counted tokens), and the length of the text in **bytes**, e.g.
    ``len(text.encode("utf-8"))``, not in characters or in tokens.

    Parameters
    ----------
    total_nll : float or array, the summed negative log-likelihood in nats, >= 0 (NaN propagates)
    n_bytes : int >= 1, the number of bytes of the text the tokens encode

    Returns
    -------
    float or array of the shape of ``total_nll``.

    Raises
    ------
    ValueError
        If ``total_nll`` is negative or not real-valued, or ``n_bytes`` is not an integer >= 1.

    Examples
    --------
    A text of 1,000 bytes coded at 1,000 ln 2 nats, one bit per byte:

    >>> float(bits_per_byte(1000 * np.log(2), 1000))
    1.0

    Derived in: book chapter "Cross-entropy in language models".
    """
    nll = as_float_array(total_nll, "total_nll")
    check_nonnegative_values(nll, "total_nll", "a summed negative log-likelihood in nats")
    n = check_int(n_bytes, "n_bytes")
    out = nll / nll.dtype.type(n * np.log(2))
    return out[()] if out.ndim == 0 else out
