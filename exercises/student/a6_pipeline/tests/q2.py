from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=1, hidden=False)
def test_loss_and_grad_returns_the_loss_and_shapes(loss_and_grad):
    import numpy as np
    from course_lib import grading as g
    X = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0], [-2.0, 1.0, 1.0], [0.0, -1.0, 2.0]])
    W = np.array([[0.2, -0.5, 1.0], [1.5, 0.3, -0.4]])
    b = np.array([0.1, -0.7])
    y = np.array([0, 1, 1, 0])
    out = g.call(loss_and_grad, X, y, W, b, name='loss_and_grad')
    if out is None:
        raise AssertionError('loss_and_grad returned None: did you forget the return statement?')
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        raise AssertionError('loss_and_grad must return a tuple of three: (loss, dW, db)')
    loss, dW, db = out
    Z = np.einsum('nd,cd->nc', X, W) + b
    expected = np.mean(np.log(np.exp(Z).sum(axis=1)) - Z[np.arange(4), y])
    g.check_close(loss, expected, 'the loss', rtol=1e-09)
    if np.shape(dW) == (3, 2):
        raise AssertionError("dW has shape (D, C) = (3, 2), the transpose of W's shape (C, D) = (2, 3): a gradient has the shape of its parameter, dW = G.T @ X, not X.T @ G.")
    g.check_array(dW, (2, 3), np.float64, 'dW')
    g.check_array(db, (2,), np.float64, 'db')

