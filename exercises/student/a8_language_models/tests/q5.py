from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=0.75, hidden=False)
def test_lm_scores_of_four_tokens(lm_scores):
    import numpy as np
    import course_grading as g
    nats = np.array([2.0, 0.5, 3.1, 1.4])
    mean, total, ln2, n_bytes = (1.75, 7.0, np.log(2.0), 13)
    out = g.call(lm_scores, nats, n_bytes, name='lm_scores')
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        got = 'None' if out is None else f'a {type(out).__name__}'
        raise AssertionError(f'lm_scores returned {got}; return a tuple of three numbers (perplexity, bits_per_token, bits_per_byte).')
    label = '(4 tokens, 13 bytes)'
    g.check_close(out[0], np.exp(mean), f'perplexity {label}', mistakes={'the perplexity is exp of the summed loss: it is exp of the MEAN loss per token, exp(mean nats). exp of the sum grows with the length of the text (and soon overflows).': np.exp(total), 'the perplexity mixes bits and nats: this is 2 ** (mean nats). The losses are in nats, so the perplexity is exp(mean nats), which equals 2 ** (mean bits).': 2 ** mean, 'the perplexity is exp of the bits per token: exp goes with nats, exp(mean nats), and 2 ** with bits.': np.exp(mean / ln2), 'the perplexity is exp(-mean nats): the cross-entropy is already -log p, so the perplexity is exp(+mean nats), at least 1.': np.exp(-mean)}, rtol=1e-09)
    g.check_close(out[1], mean / ln2, f'bits_per_token {label}', mistakes={'bits_per_token is in nats: divide the mean loss in nats by ln 2 (log2 x = ln x / ln 2).': mean, 'bits_per_token multiplies the nats by ln 2; divide by it: bits = nats / ln 2.': mean * ln2, 'bits_per_token is the total over the tokens, in bits; it is the mean per token.': total / ln2}, rtol=1e-09)
    g.check_close(out[2], total / (n_bytes * ln2), f'bits_per_byte {label}', mistakes={'bits_per_byte was divided by the number of tokens (4): that is the bits per token. Divide the total loss by the number of bytes of the text (13), which does not depend on the tokenizer.': total / (4 * ln2), 'bits_per_byte is in nats: divide the total loss in nats by n_bytes * ln 2.': total / n_bytes, 'bits_per_byte divides the MEAN loss per token by the bytes: divide the total loss of the text (the sum over its tokens) by its bytes.': mean / (n_bytes * ln2), 'bits_per_byte was divided by 8 n_bytes, the number of bits of the text: divide by n_bytes ln 2.': total / (8 * n_bytes * ln2), 'bits_per_byte multiplies by ln 2; divide by it: total / (n_bytes ln 2).': total * ln2 / n_bytes}, rtol=1e-09)

@test_case(points=0.75, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_lm_scores_of_a_uniform_guess_over_a_long_text(lm_scores):
    import numpy as np
    import course_grading as g
    v, n_tokens, n_bytes = (50257, 500, 2000)
    nats = np.full(n_tokens, np.log(v))
    summed = f'the perplexity is exp of the summed loss, exp({n_tokens * np.log(v):.0f}), which overflows: it is exp of the MEAN loss per token, exp(mean nats), here 50257.'
    try:
        out = g.call(lm_scores, nats, n_bytes, name='lm_scores')
    except AssertionError as e:
        if 'OverflowError' in str(e):
            raise AssertionError(f'{e}: {summed}') from None
        raise
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        got = 'None' if out is None else f'a {type(out).__name__}'
        raise AssertionError(f'lm_scores returned {got}; return a tuple of three numbers (perplexity, bits_per_token, bits_per_byte).')
    g.check_close(out[0], float(v), 'perplexity of a uniform guess over 50,257 tokens', mistakes={summed: np.inf, 'the perplexity mixes bits and nats: this is 2 ** (mean nats); it is exp(mean nats).': 2 ** np.log(v)}, rtol=1e-09)
    g.check_close(out[1], np.log2(v), 'bits_per_token of a uniform guess over 50,257 tokens', mistakes={'bits_per_token is in nats: divide the mean loss in nats by ln 2.': np.log(v)}, rtol=1e-09)
    g.check_close(out[2], n_tokens * np.log2(v) / n_bytes, 'bits_per_byte of 500 tokens of 4 bytes', mistakes={'bits_per_byte was divided by the number of tokens (500): that is the bits per token. Divide the total loss by the number of bytes (2000).': np.log2(v), 'bits_per_byte is in nats: divide the total loss in nats by n_bytes * ln 2.': n_tokens * np.log(v) / n_bytes}, rtol=1e-09)

