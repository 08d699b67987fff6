from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=1, hidden=False)
def test_logits_shape_and_values(logits):
    import numpy as np
    from course_lib import grading as g
    X = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0], [-2.0, 1.0, 1.0], [0.0, -1.0, 2.0]])
    W = np.array([[0.2, -0.5, 1.0], [1.5, 0.3, -0.4]])
    b = np.array([0.1, -0.7])
    try:
        out = g.call(logits, X, W, b, name='logits')
    except AssertionError as e:
        if 'raised ValueError' in str(e):
            raise AssertionError(f"{str(e).rstrip(' .')}. Check the shapes: X is (N, D) and W is (C, D), one row per class, so the logits are X @ W.T + b, of shape (N, C).") from None
        raise
    if np.shape(out) == (2, 4):
        raise AssertionError('logits returned shape (C, N) = (2, 4), the transpose: one row per sample, (N, C).')
    expected = np.einsum('nd,cd->nc', X, W) + b
    bias = 'the bias b is missing: the logits are X @ W.T + b, and b adds b_c to every score of class c.'
    mistakes = {bias: expected - b}
    g.check_close(out, expected, 'logits(X, W, b)', mistakes=mistakes, dtype=np.float64, rtol=1e-12)

