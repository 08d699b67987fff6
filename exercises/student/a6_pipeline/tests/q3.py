from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=0.5, hidden=False)
def test_train_step_on_a_small_batch(train_step):
    import numpy as np
    import course_grading as g
    import course_lib as cl
    X = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0], [-2.0, 1.0, 1.0], [0.0, -1.0, 2.0]])
    W = np.array([[0.2, -0.5, 1.0], [1.5, 0.3, -0.4]])
    b = np.array([0.1, -0.7])
    y = np.array([0, 1, 1, 0])
    lr = 0.1
    loss, G = cl.cross_entropy_and_grad(np.einsum('nd,cd->nc', X, W) + b, y)
    dW, db = (G.T @ X, G.sum(axis=0))
    ascent = 'this is gradient ascent, W + lr * dW: descent steps against the gradient, W - lr * dW.'
    with_loss = 'the step used the loss instead of the gradient: W - lr * dW, with dW = G.T @ X (and db likewise).'
    unchanged = 'the weights came back unchanged: one step of gradient descent returns W - lr * dW.'
    summed = 'the step used the gradient of the summed loss; the loss is a mean, so G = (P - Y) / N: divide by N.'
    try:
        out = g.call(train_step, X, y, W, b, lr, name='train_step')
    except AssertionError as e:
        if 'could not be broadcast' in str(e):
            raise AssertionError(f"{str(e).rstrip(' .')}. A gradient has the shape of its parameter: dW = G.T @ X is (C, D) like W, and db = G.sum(axis=0) is (C,) like b.") from None
        raise
    if out is None:
        raise AssertionError('train_step returned None: did you forget the return statement?')
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise AssertionError('train_step must return a tuple of two: (W_new, b_new)')
    W_new, b_new = out
    g.check_close(W_new, W - lr * dW, 'W_new', mistakes={ascent: W + lr * dW, with_loss: W - lr * loss, unchanged: W, summed: W - lr * len(y) * dW}, dtype=np.float64, rtol=1e-09, atol=1e-12)
    g.check_close(b_new, b - lr * db, 'b_new', mistakes={ascent: b + lr * db, with_loss: b - lr * loss, unchanged: b, summed: b - lr * len(y) * db}, dtype=np.float64, rtol=1e-09, atol=1e-12)

@test_case(points=0.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_train_step_at_logits_in_the_thousands(train_step):
    import numpy as np
    import course_grading as g
    import course_lib as cl
    X = np.array([[0.8, -1.1], [-1.3, 0.4], [0.2, 1.6], [1.0, 0.9], [-0.5, -1.2]])
    W = 1000 * np.array([[1.1, 0.2], [-0.6, 0.9], [0.4, -1.3]])
    b = np.array([-0.3, 0.5, 0.1])
    y = np.array([2, 0, 1, 1, 0])
    _, G = cl.cross_entropy_and_grad(np.einsum('nd,cd->nc', X, W) + b, y)
    try:
        out = g.call(train_step, X, y, W, b, 0.1, name='train_step', warnings_as_errors=True, strict=True)
    except AssertionError as e:
        if 'could not be broadcast' in str(e):
            raise AssertionError(f"{str(e).rstrip(' .')}. A gradient has the shape of its parameter: dW = G.T @ X is (C, D) like W, and db = G.sum(axis=0) is (C,) like b.") from None
        raise
    if out is None:
        raise AssertionError('train_step returned None: did you forget the return statement?')
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise AssertionError('train_step must return a tuple of two: (W_new, b_new)')
    W_new, b_new = out
    g.check_close(W_new, W - 0.1 * (G.T @ X), 'W_new at logits in the thousands', rtol=1e-09, atol=1e-12)
    g.check_close(b_new, b - 0.1 * G.sum(axis=0), 'b_new at logits in the thousands', rtol=1e-09, atol=1e-12)

