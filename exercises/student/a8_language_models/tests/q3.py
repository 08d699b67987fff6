from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=0.5, hidden=False)
def test_online_logsumexp_of_three_blocks(online_logsumexp):
    import numpy as np
    import course_grading as g
    z = np.array([[0.5, -1.0, 1.0, 2.0, 0.0, 1.5, -0.5, 4.0, 3.0, 0.2], [5.0, 1.0, -2.0, 0.0, 0.3, 1.0, 2.0, -1.0, 0.7, 1.1], [-1.0, 0.0, 0.5, 1.0, 6.0, 2.0, 0.0, 1.0, -3.0, 2.5], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]])
    edges = [(0, 3), (3, 7), (7, 10)]

    def blocks():
        for lo, hi in edges:
            yield z[:, lo:hi].copy()

    def lse(a):
        m = a.max(axis=1)
        return m + np.log(np.exp(a - m[:, None]).sum(axis=1))
    parts = [z[:, lo:hi] for lo, hi in edges]
    maxima = np.maximum.accumulate(np.array([p.max(axis=1) for p in parts]), axis=0)
    unscaled = sum((np.exp(p - mk[:, None]).sum(axis=1) for p, mk in zip(parts, maxima, strict=True)))
    own = sum((np.exp(p - p.max(axis=1)[:, None]).sum(axis=1) for p in parts))
    expected = lse(z)
    mistakes = {"the running sum was not rescaled when the maximum grew: s' = s exp(m - m') + sum_c exp(z_c - m'). The old s holds terms exp(z - m) taken relative to the old maximum m; without the factor exp(m - m') they are too large by exp(m' - m) once the maximum grows.": maxima[-1] + np.log(unscaled), "each block's sum was taken relative to the block's own maximum, and the sums added as they are: terms relative to different maxima cannot be added. The running sum was not rescaled: s' = s exp(m - m') + sum_c exp(z_c - m').": maxima[-1] + np.log(own), 'the running maximum was not added back at the end: s holds sum_c exp(z_c - m), so logsumexp = m + log s, not log s.': expected - maxima[-1], "this is the sum of the blocks' logsumexps, the log of a product of their sums; the logsumexp of the concatenation is log(sum_k exp(lse_k)), which the running maximum and sum compute.": sum((lse(p) for p in parts)), "this is the largest of the blocks' logsumexps: every block adds to the sum, not only the largest.": np.max([lse(p) for p in parts], axis=0), 'every row is -inf: the running sum stayed 0. Was the generator of blocks read twice, a first loop for the maximum and a second for the sum? A generator can be read once: the second loop sees no block. Update the maximum and the sum in the same pass.': np.full(4, -np.inf)}
    try:
        out = g.call(online_logsumexp, blocks(), name='online_logsumexp')
    except AssertionError as e:
        if 'TypeError' in str(e) and 'sequence' in str(e):
            raise AssertionError(f'{e}. np.concatenate (or np.hstack) was given the generator of blocks, which numpy cannot take; the question asks for one pass without concatenating anyway. Keep a running maximum and a running sum, and update them block by block.') from None
        raise
    g.check_close(out, expected, 'online_logsumexp of blocks of 3, 4 and 3 columns', mistakes=mistakes, rtol=1e-09)

@test_case(points=0.5, hidden=False)
def test_online_logsumexp_at_logits_of_1000(online_logsumexp):
    import numpy as np
    import course_grading as g
    z = np.array([[1000.0, 999.0, 1001.0, 0.0, -1000.0], [-1000.0, -1001.0, -999.0, -1002.0, -1000.5], [0.0, -1000.0, 1000.0, 2.0, 3.0]])
    edges = [(0, 2), (2, 4), (4, 5)]

    def blocks():
        for lo, hi in edges:
            yield z[:, lo:hi].copy()
    m = z.max(axis=1)
    expected = m + np.log(np.exp(z - m[:, None]).sum(axis=1))
    parts = [z[:, lo:hi] for lo, hi in edges]
    maxima = np.maximum.accumulate(np.array([p.max(axis=1) for p in parts]), axis=0)
    with np.errstate(over='ignore', divide='ignore'):
        unscaled = maxima[-1] + np.log(sum((np.exp(p - mk[:, None]).sum(axis=1) for p, mk in zip(parts, maxima, strict=True))))
        naive = np.log(np.exp(z).sum(axis=1))
    mistakes = {"the running maximum started at 0, not at -inf: in row 1, whose logits are all near -1000, the maximum stays 0 and every term exp(z - 0) underflows to 0, so the result is log(0) = -inf. Start from m = -inf (the maximum of nothing), or from the first block's maximum.": np.array([expected[0], -np.inf, expected[2]]), "exp(1000) overflowed (and exp(-1000) underflowed to 0): no maximum was subtracted. Take every exponent relative to the running maximum, exp(z - m'), and rescale the running sum when m grows.": naive, "the running sum was not rescaled when the maximum grew: s' = s exp(m - m') + sum_c exp(z_c - m').": unscaled, 'the running maximum was not added back at the end: logsumexp = m + log s, not log s.': expected - m}
    out = g.call(online_logsumexp, blocks(), name='online_logsumexp')
    g.check_close(out, expected, 'online_logsumexp at logits of +-1000', mistakes=mistakes, rtol=1e-12)
    out = g.call(online_logsumexp, blocks(), name='online_logsumexp', strict=True)
    g.check_close(out, expected, 'online_logsumexp at logits of +-1000', rtol=1e-12)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_online_logsumexp_holds_one_block_at_a_time(online_logsumexp):
    import numpy as np
    import course_grading as g
    n_blocks, rows, width = (40, 8, 2500)

    def blocks():
        rng = np.random.default_rng(80)
        for _ in range(n_blocks):
            yield (4.0 * rng.standard_normal((rows, width)))

    def measured():
        import tracemalloc
        tracemalloc.start()
        try:
            value = online_logsumexp(blocks())
            return (value, tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    z = np.concatenate(list(blocks()), axis=1)
    m = z.max(axis=1)
    expected = m + np.log(np.exp(z - m[:, None]).sum(axis=1))
    try:
        value, peak = g.call(measured, name='online_logsumexp')
    except AssertionError as e:
        if 'TypeError' in str(e) and 'sequence' in str(e):
            raise AssertionError(f'{e}. np.concatenate (or np.hstack) was given the generator of blocks, which numpy cannot take; the question asks for one pass without concatenating anyway.') from None
        raise
    mistakes = {'every row is -inf: the running sum stayed 0. Was the generator of blocks read twice? A generator can be read once: update the maximum and the sum in the same pass.': np.full(rows, -np.inf)}
    g.check_close(value, expected, f'online_logsumexp of {n_blocks} blocks', mistakes=mistakes, rtol=1e-09)
    total = n_blocks * rows * width * 8
    if peak > total / 2:
        raise AssertionError(f'online_logsumexp held the blocks together: it allocated up to {peak / 1000000.0:.1f} MB at once, while all {n_blocks} blocks take {total / 1000000.0:.1f} MB and one block {total / n_blocks / 1000000.0:.2f} MB (measured with tracemalloc). A list of the blocks, np.concatenate or np.hstack of them, or a copy kept for a second pass hold every block at once. Keep one block at a time: update the running maximum and sum with each block, then let it go.')

