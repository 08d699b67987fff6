"""course_lib.lm_metrics: perplexity and bits per byte, by hand, against torch, and on their edges."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

import course_lib as cl


@pytest.mark.parametrize("vocab", [1, 2, 256, 50257, 128256])
def test_perplexity_of_a_uniform_guess_over_v_tokens_is_v(vocab):
    # by hand: the uniform distribution gives every token log V nats, and exp(log V) = V
    np.testing.assert_allclose(cl.perplexity(np.log(vocab)), vocab, rtol=1e-13)


def test_perplexity_of_a_perfect_model_is_1_and_of_one_bit_per_token_is_2():
    assert cl.perplexity(0.0) == 1.0
    np.testing.assert_allclose(cl.perplexity(np.log(2)), 2.0, rtol=1e-15)  # one bit per token


def test_perplexity_is_exp_of_the_mean_cross_entropy_as_in_torch():
    rng = np.random.default_rng(0)
    logits, target = rng.standard_normal((40, 30)), rng.integers(0, 30, 40)
    target[::5] = -100  # padding: left out of the mean, so out of the perplexity
    expected = torch.exp(F.cross_entropy(torch.tensor(logits), torch.tensor(target))).item()
    np.testing.assert_allclose(cl.perplexity(cl.cross_entropy(logits, target)), expected, rtol=1e-13)


def test_perplexity_keeps_the_shape_and_the_float32_dtype():
    nll = np.array([[0.0, 1.0], [2.0, 3.0]], dtype=np.float32)
    out = cl.perplexity(nll)
    assert out.shape == (2, 2) and out.dtype == np.float32
    np.testing.assert_allclose(out, np.exp(nll.astype(np.float64)), rtol=1e-6)


def test_perplexity_beyond_the_largest_float_is_inf_without_warning_and_nan_propagates():
    # exp overflows above log(float max): 88.72 in float32, 709.78 in float64
    assert cl.perplexity(np.float32(89.0)) == np.inf
    assert cl.perplexity(710.0) == np.inf
    assert np.isnan(cl.perplexity(np.nan))


@given(st.floats(0, 700), st.floats(0, 700))
def test_perplexity_grows_with_the_loss(a, b):
    low, high = sorted((a, b))
    assert 1.0 <= cl.perplexity(low) <= cl.perplexity(high)


def test_bits_per_byte_of_a_uniform_guess_over_bytes_is_8():
    # by hand: 256 equally likely byte values cost log 256 nats = 8 bits each
    n_bytes = 1000
    np.testing.assert_allclose(cl.bits_per_byte(n_bytes * np.log(256), n_bytes), 8.0, rtol=1e-15)


def test_bits_per_byte_does_not_depend_on_the_tokenizer_but_perplexity_does():
    # one text of 12 bytes given the same probability by two models: a byte-level one, 12 tokens of
    # probability 1/3 each, and one with 4-byte tokens, 3 tokens of probability (1/3)^4 each
    byte_level = np.full(12, np.log(3))  # nats per token
    four_byte_tokens = np.full(3, 4 * np.log(3))
    assert np.isclose(byte_level.sum(), four_byte_tokens.sum())
    np.testing.assert_allclose(
        cl.bits_per_byte(byte_level.sum(), 12), cl.bits_per_byte(four_byte_tokens.sum(), 12), rtol=1e-15
    )
    np.testing.assert_allclose(cl.bits_per_byte(byte_level.sum(), 12), np.log2(3), rtol=1e-15)
    np.testing.assert_allclose(cl.perplexity(byte_level.mean()), 3, rtol=1e-14)  # per token: 3 against 81
    np.testing.assert_allclose(cl.perplexity(four_byte_tokens.mean()), 81, rtol=1e-14)


def test_bits_per_byte_is_the_summed_cross_entropy_in_bits_over_the_bytes_as_in_torch():
    rng = np.random.default_rng(1)
    text = "Cross-entropy, in bits per byte: café, naïve, 日本語."  # multi-byte UTF-8 characters count as bytes
    n_bytes = len(text.encode("utf-8"))
    logits, target = rng.standard_normal((len(text), 50)), rng.integers(0, 50, len(text))
    total = F.cross_entropy(torch.tensor(logits), torch.tensor(target), reduction="sum").item()
    np.testing.assert_allclose(
        cl.bits_per_byte(cl.cross_entropy(logits, target, reduction="sum"), n_bytes),
        total / (n_bytes * np.log(2)),
        rtol=1e-13,
    )
    assert n_bytes > len(text)


def test_bits_per_byte_keeps_float32_and_numpy_integer_byte_counts_work():
    out = cl.bits_per_byte(np.float32(100.0), np.int64(50))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, 2 / np.log(2), rtol=1e-6)
    assert np.isnan(cl.bits_per_byte(np.nan, 3))


@pytest.mark.parametrize(
    "fn", [cl.perplexity, lambda nll: cl.bits_per_byte(nll, 7)], ids=["perplexity", "bits_per_byte"]
)
@pytest.mark.parametrize(
    ("value", "dtype"), [(1.5, np.float64), (np.float32(1.5), np.float32), (np.array(1.5), np.float64)]
)
def test_a_scalar_gives_a_numpy_scalar_not_a_0_d_array(fn, value, dtype):
    # "float or array of the same shape": a number in, a number out (np.float64 is a Python float)
    out = fn(value)
    assert type(out) is dtype and not isinstance(out, np.ndarray)
    out = fn(np.array([value]))
    assert isinstance(out, np.ndarray) and out.shape == (1,) and out.dtype == dtype
