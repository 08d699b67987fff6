from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=0.5, hidden=False)
def test_loss_and_grad_on_a_small_batch(loss_and_grad):
    import numpy as np
    import course_grading as g
    import course_lib as cl
    X = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0], [-2.0, 1.0, 1.0], [0.0, -1.0, 2.0]])
    W = np.array([[0.2, -0.5, 1.0], [1.5, 0.3, -0.4]])
    b = np.array([0.1, -0.7])
    y = np.array([0, 1, 1, 0])
    Z = np.einsum('nd,cd->nc', X, W) + b
    loss, G = cl.cross_entropy_and_grad(Z, y)
    dW, db = (G.T @ X, G.sum(axis=0))
    n, rows = (len(y), np.arange(len(y)))
    P0 = np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)
    G0 = (P0 - np.eye(2)[y]) / n
    summed = 'this is the gradient of the summed loss; the loss is a mean, so G = (P - Y) / N: divide by N.'
    sign = 'the sign is wrong: G = (P - Y) / N, not (Y - P) / N.'
    axis0 = 'the softmax was taken along axis 0, over the samples; take it along axis 1, over the classes (each row of P sums to 1).'
    out = g.call(loss_and_grad, X, y, W, b, name='loss_and_grad')
    if out is None:
        raise AssertionError('loss_and_grad returned None: did you forget the return statement?')
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        raise AssertionError('loss_and_grad must return a tuple of three: (loss, dW, db)')
    my_loss, my_dW, my_db = out
    g.check_close(my_loss, loss, 'the loss', mistakes={axis0: -np.log(P0[rows, y]).mean(), 'this is the sum over the samples; the loss is their mean (divide by N).': loss * n, 'the sign is wrong: the loss is minus the mean log-probability of the true class, so it is >= 0.': -loss}, rtol=1e-09)
    if np.shape(my_dW) == (3, 2):
        raise AssertionError("dW has shape (D, C) = (3, 2), the transpose of W's shape (C, D) = (2, 3): a gradient has the shape of its parameter, dW = G.T @ X, not X.T @ G.")
    g.check_close(my_dW, dW, 'dW', mistakes={summed: dW * n, sign: -dW, axis0: G0.T @ X}, dtype=np.float64, rtol=1e-09, atol=1e-12)
    if np.shape(my_db) == (4,):
        raise AssertionError('db has shape (N,) = (4,), one entry per sample: G was summed over the classes (axis 1). db = G.sum(axis=0) sums over the samples, one entry per class, of shape (C,) = (2,) like b.')
    zeros = 'db is all zeros: b gets a gradient too, db = G.sum(axis=0), the sum of G over the samples.'
    g.check_close(my_db, db, 'db', mistakes={zeros: np.zeros(2), summed: db * n, sign: -db, axis0: G0.sum(axis=0)}, dtype=np.float64, rtol=1e-09, atol=1e-12)

@test_case(points=0.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_loss_and_grad_stay_exact_at_logits_in_the_thousands(loss_and_grad):
    import numpy as np
    import course_grading as g
    import course_lib as cl
    X = np.array([[1.2, -0.7], [-0.4, 1.5], [0.9, 0.3], [-1.1, -0.6]])
    W = 1000 * np.array([[1.0, -0.5], [-0.8, 1.2], [0.3, 0.9]])
    b = np.array([0.2, -0.1, 0.4])
    y = np.array([0, 2, 0, 1])
    Z = np.einsum('nd,cd->nc', X, W) + b
    loss, G = cl.cross_entropy_and_grad(Z, y)
    out = g.call(loss_and_grad, X, y, W, b, name='loss_and_grad', warnings_as_errors=True, strict=True)
    if out is None:
        raise AssertionError('loss_and_grad returned None: did you forget the return statement?')
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        raise AssertionError('loss_and_grad must return a tuple of three: (loss, dW, db)')
    my_loss, my_dW, my_db = out
    v = float(np.asarray(my_loss)) if np.size(my_loss) == 1 else np.nan
    if np.isfinite(v) and 0 < v < 0.5 * loss:
        raise AssertionError(f'the loss is {v:.5g} where it is {loss:.5g}: a confidently wrong prediction costs far too little. log(p + eps) or a clipped p caps it; compute log P from the logits (log-softmax), which is exact.')
    g.check_close(my_loss, loss, 'the loss at logits in the thousands', rtol=1e-09)
    g.check_close(my_dW, G.T @ X, 'dW at logits in the thousands', rtol=1e-09, atol=1e-12)
    g.check_close(my_db, G.sum(axis=0), 'db at logits in the thousands', rtol=1e-09, atol=1e-12)

