from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=0.5, hidden=False)
def test_chunked_linear_cross_entropy_of_four_tokens(chunked_linear_cross_entropy):
    import numpy as np
    import course_grading as g
    hidden = np.array([[1.0, -0.5, 2.0], [0.3, 1.2, -1.0], [-1.5, 0.4, 0.6], [0.8, 0.8, 0.1]])
    weight = np.array([[0.5, 1.0, -0.3], [1.5, -0.2, 0.4], [-0.7, 0.3, 1.1], [0.2, 2.0, -0.5], [1.0, 1.0, 1.0], [-1.2, 0.6, 0.9], [0.4, -1.5, 2.2]])
    target = np.array([0, 5, 2, 4])
    rows = np.arange(4)
    z = hidden @ weight.T

    def lse(a):
        m = a.max(axis=1)
        return m + np.log(np.exp(a - m[:, None]).sum(axis=1))

    def softmax(a):
        return np.exp(a - lse(a)[:, None])
    onehot = np.eye(7)[target]
    true = z[rows, target]
    loss = np.mean(lse(z) - true)
    grad = (softmax(z) - onehot) @ weight / 4
    chunks = [(0, 3), (3, 6), (6, 7)]
    maxima = np.maximum.accumulate(np.array([z[:, a:b].max(axis=1) for a, b in chunks]), axis=0)
    unscaled = maxima[-1] + np.log(sum((np.exp(z[:, a:b] - mk[:, None]).sum(axis=1) for (a, b), mk in zip(chunks, maxima, strict=True))))
    in_chunk = np.hstack([softmax(z[:, a:b]) for a, b in chunks])
    loss_mistakes = {'the loss is the sum over the tokens; it is their mean (divide by N).': 4 * loss, "the running sum was not rescaled when the running maximum grew from one chunk to the next: s' = s exp(m - m') + sum_c exp(z_c - m').": np.mean(unscaled - true), 'the running maximum was not added back: logsumexp = m + log s, not log s.': np.mean(lse(z) - maxima[-1] - true), 'the last chunk was skipped: with V = 7 and chunk_size = 3 the chunks are rows 0-2, 3-5 and 6 of weight, the last one shorter. Loop over range(0, V, chunk_size), which reaches the end (V // chunk_size chunks miss the remainder).': np.mean(lse(z[:, :6]) - true)}
    grad_mistakes = {'grad_hidden is the gradient of the summed loss: the loss is a mean over N tokens, so its gradient is (P - Y) W / N.': 4 * grad, "grad_hidden has the wrong sign: it is (P - Y) W / N (raising the true token's logit lowers the loss).": -grad, "each chunk's probabilities were normalised within the chunk: P is the softmax over the whole vocabulary, exp(z_c - lse) with the logsumexp of the whole row (from the first pass), not of the chunk.": (in_chunk - onehot) @ weight / 4, 'the -Y W term is missing: dL/dH = (P - Y) W / N = (P W - weight[target]) / N.': softmax(z) @ weight / 4, 'the last chunk was skipped: P must cover every token of the vocabulary, rows 0 to V - 1 of weight.': (softmax(z[:, :6]) - onehot[:, :6]) @ weight[:6] / 4}
    try:
        out = g.call(chunked_linear_cross_entropy, hidden, weight, target, 3, name='chunked_linear_cross_entropy')
    except AssertionError as e:
        if 'matmul' in str(e) or 'not aligned' in str(e):
            raise AssertionError(f'{e}. weight has shape (V, D), one row per vocabulary entry (here (7, 3)): the logits of a chunk are hidden @ weight[c : c + chunk_size].T, of shape (N, chunk_size).') from None
        raise
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        got = 'None' if out is None else f'a {type(out).__name__}'
        raise AssertionError(f'chunked_linear_cross_entropy returned {got}; return a tuple (loss, grad_hidden).')
    label = '(N = 4, V = 7, chunks of 3)'
    g.check_close(out[0], loss, f'loss {label}', mistakes=loss_mistakes, rtol=1e-09, dtype=np.float64)
    if np.shape(out[1]) == (4, 7):
        raise AssertionError('grad_hidden has shape (N, V) = (4, 7): that is the gradient with respect to the logits, (P - Y) / N (and an (N, V) array). Multiply by W, a chunk at a time: dL/dH = (P - Y) W / N, of shape (N, D).')
    if np.shape(out[1]) == (7, 3):
        raise AssertionError('grad_hidden has shape (V, D) = (7, 3), the shape of weight: that is the gradient with respect to weight, (P - Y)^T H / N. The question asks for the gradient with respect to hidden, (P - Y) W / N, of shape (N, D).')
    g.check_close(out[1], grad, f'grad_hidden {label}', mistakes=grad_mistakes, rtol=1e-09, atol=1e-12, dtype=np.float64)

@test_case(points=0.5, hidden=False)
def test_chunked_linear_cross_entropy_at_logits_of_1000(chunked_linear_cross_entropy):
    import numpy as np
    import course_grading as g
    hidden = 100.0 * np.array([[1.0, -1.0, 0.5, 0.0], [0.0, 1.0, 1.0, 0.2], [-1.0, 0.0, 2.0, 1.0]])
    weight = 10.0 * np.array([[1.0, 0.0, 0.0, 0.0], [0.5, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0], [1.0, 1.0, -1.0, 0.0]])
    target = np.array([1, 3, 0])
    rows = np.arange(3)
    onehot = np.eye(4)[target]

    def lse(a):
        m = a.max(axis=1)
        return m + np.log(np.exp(a - m[:, None]).sum(axis=1))

    def loss_and_grad(z, w):
        p = np.exp(z - lse(z)[:, None])
        return (np.mean(lse(z) - z[rows, target]), (p - onehot) @ w / 3)
    loss, grad = loss_and_grad(hidden @ weight.T, weight)
    loss_t, grad_t = loss_and_grad(hidden @ weight, weight.T)
    transposed = "weight was read as (D, V), hidden @ weight: weight has shape (V, D), one row per vocabulary entry (torch's Linear(D, V).weight), so the logits of a chunk are hidden @ weight[c : c + chunk_size].T and Y W is weight[target]. With V = D the shapes do not tell."
    out = g.call(chunked_linear_cross_entropy, hidden, weight, target, 3, name='chunked_linear_cross_entropy', strict=True)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        got = 'None' if out is None else f'a {type(out).__name__}'
        raise AssertionError(f'chunked_linear_cross_entropy returned {got}; return a tuple (loss, grad_hidden).')
    label = 'at logits of +-1000 (V = D = 4, chunks of 3)'
    mistakes = {transposed: loss_t, 'the loss is the sum over the tokens; it is their mean (divide by N).': 3 * loss}
    g.check_close(out[0], loss, f'loss {label}', mistakes=mistakes, rtol=1e-09, dtype=np.float64)
    mistakes = {transposed: grad_t, 'grad_hidden is the gradient of the summed loss: divide by N, (P - Y) W / N.': 3 * grad, 'grad_hidden has the wrong sign: it is (P - Y) W / N.': -grad}
    g.check_close(out[1], grad, f'grad_hidden {label}', mistakes=mistakes, rtol=1e-09, atol=1e-09, dtype=np.float64)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_chunked_linear_cross_entropy_never_holds_the_logits(chunked_linear_cross_entropy):
    import numpy as np
    import course_grading as g
    rng = np.random.default_rng(4)
    n, d, v, chunk = (128, 8, 16000, 500)
    hidden = rng.standard_normal((n, d))
    weight = rng.standard_normal((v, d)) / np.sqrt(d)
    target = rng.integers(0, v, n)

    def measured(hidden, weight, target, chunk_size):
        import tracemalloc
        tracemalloc.start()
        try:
            out = chunked_linear_cross_entropy(hidden, weight, target, chunk_size)
            return (out, tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    try:
        out, peak = g.call(measured, hidden, weight, target, chunk, name='chunked_linear_cross_entropy')
    except AssertionError as e:
        if 'matmul' in str(e) or 'not aligned' in str(e):
            raise AssertionError(f'{e}. weight has shape (V, D), one row per vocabulary entry: the logits of a chunk are hidden @ weight[c : c + chunk_size].T.') from None
        raise
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        got = 'None' if out is None else f'a {type(out).__name__}'
        raise AssertionError(f'chunked_linear_cross_entropy returned {got}; return a tuple (loss, grad_hidden).')
    z = hidden @ weight.T
    m = z.max(axis=1)
    lse = m + np.log(np.exp(z - m[:, None]).sum(axis=1))
    p = np.exp(z - lse[:, None])
    p[np.arange(n), target] -= 1
    label = f'(N = {n}, V = {v}, chunks of {chunk})'
    g.check_close(out[0], np.mean(lse - z[np.arange(n), target]), f'loss {label}', rtol=1e-09, dtype=np.float64)
    g.check_close(out[1], p @ weight / n, f'grad_hidden {label}', rtol=1e-08, atol=1e-12, dtype=np.float64)
    logits = n * v * 8
    if peak >= logits / 2:
        raise AssertionError(f"chunked_linear_cross_entropy held an (N, V) array: it allocated up to {peak / 1000000.0:.1f} MB at once, while the N x V logits take {logits / 1000000.0:.1f} MB and a chunk's logits {n * chunk * 8 / 1000000.0:.1f} MB (N = {n}, V = {v}, chunk_size = {chunk}; measured with tracemalloc). Build neither the logits, nor P, nor the one-hot Y for the whole vocabulary: compute each chunk's logits, hidden @ weight[c : c + chunk_size].T, use them and let them go. The true logits are (hidden * weight[target]).sum(axis=1), and Y W is weight[target].")

