from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=0.5, hidden=False)
def test_logits_shape_and_values(logits):
    import numpy as np
    import course_grading as g
    X = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0], [-2.0, 1.0, 1.0], [0.0, -1.0, 2.0]])
    W = np.array([[0.2, -0.5, 1.0], [1.5, 0.3, -0.4]])
    b = np.array([0.1, -0.7])
    try:
        out = g.call(logits, X, W, b, name='logits')
    except AssertionError as e:
        if 'could not be broadcast' in str(e):
            raise AssertionError(f"{str(e).rstrip(' .')}. The shapes do not fit: X @ W.T is (N, C) and b, of shape (C,), one bias per class, adds to each of its rows as it is; b as a column, b[:, None], would add it along the wrong axis.") from None
        if 'raised ValueError' in str(e):
            raise AssertionError(f"{str(e).rstrip(' .')}. Check the shapes: X is (N, D) and W is (C, D), one row per class, so the logits are X @ W.T + b, of shape (N, C).") from None
        raise
    if np.shape(out) == (2, 4):
        raise AssertionError('logits returned shape (C, N) = (2, 4), the transpose: one row per sample, (N, C).')
    expected = np.einsum('nd,cd->nc', X, W) + b
    bias = 'the bias b is missing: the logits are X @ W.T + b, and b adds b_c to every score of class c.'
    mistakes = {bias: expected - b}
    g.check_close(out, expected, 'logits(X, W, b)', mistakes=mistakes, dtype=np.float64, rtol=1e-12)

@test_case(points=0.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_logits_when_n_d_and_c_are_all_three(logits):
    import numpy as np
    import course_grading as g
    X = np.array([[1.5, -0.5, 2.0], [0.0, 1.0, -1.0], [-2.0, 0.5, 1.0]])
    W = np.array([[0.5, 1.0, -1.5], [2.0, -0.5, 0.0], [-1.0, 0.25, 1.0]])
    b = np.array([0.3, -1.2, 2.1])
    xwt = np.einsum('nd,cd->nc', X, W)
    xw = np.einsum('nd,dc->nc', X, W)
    axis = 'the bias was added along the wrong axis: b_c is the bias of class c, so it adds to column c of X @ W.T (the scores of class c), which X @ W.T + b does with b of shape (C,); b[:, None] adds b_i to row i.'
    mistakes = {'X @ W treats W as if it were (D, C); W is (C, D), one row per class, so the logits are X @ W.T + b.': xw + b, 'the bias b is missing: the logits are X @ W.T + b, and b adds b_c to every score of class c.': xwt, 'X @ W with no bias: W is (C, D), one row per class, and the logits are X @ W.T + b.': xw, axis: xwt + b[:, None], 'X @ W, with the bias along the wrong axis: W is (C, D), one row per class, and the logits are X @ W.T + b, with b of shape (C,).': xw + b[:, None], 'logits returned the transpose, one row per class; the logits have one row per sample, (N, C).': (xwt + b).T, 'logits returned the transpose, one row per class, with the bias along the wrong axis; the logits are X @ W.T + b, one row per sample.': xwt.T + b}
    out = g.call(logits, X, W, b, name='logits')
    g.check_close(out, xwt + b, 'logits', mistakes=mistakes, dtype=np.float64, rtol=1e-12)

