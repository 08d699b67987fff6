from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=1, hidden=False)
def test_ce_grad_values(ce_grad):
    import numpy as np
    import course_grading as g
    z = np.array([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, 0.0, -0.5], [0.0, 3.0, -2.0, 1.0]])
    t = np.array([2, 0, 3])
    n, c = z.shape
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    y = np.zeros((n, c))
    y[np.arange(n), t] = 1.0
    mistakes = {'this is the gradient of the summed loss; the loss is the mean over the N samples, so divide by N.': p - y, 'this is the gradient with respect to the probabilities, -y / p (over N); the question asks for the gradient with respect to the logits, (p - y) / N.': -y / p / n, 'this is the gradient with respect to the probabilities, -y / p, summed rather than averaged; the question asks for the gradient with respect to the logits, (p - y) / N.': -y / p, 'the sign is wrong: the gradient is p - y (divided by N), not y - p.': (y - p) / n, "the softmax was taken along the wrong axis (over the samples); each row holds one sample's classes, so take it along the last axis, axis=-1.": (np.exp(z) / np.exp(z).sum(axis=0, keepdims=True) - y) / n, "this divides by N C, the number of entries; the loss is a mean over the N samples only (each sample's loss already sums over its C classes), so divide by N.": (p - y) / (n * c), 'the one-hot target is missing: this is p / N; the gradient is (p - y) / N.': p / n}
    g.check_close(g.call(ce_grad, z, t, name='ce_grad'), (p - y) / n, 'ce_grad', mistakes=mistakes, dtype=np.float64, rtol=1e-09, atol=1e-12)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_ce_grad_at_extreme_logits(ce_grad):
    import numpy as np
    import course_grading as g
    z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]])
    t = np.array([2, 0])
    out = g.call(ce_grad, z, t, name='ce_grad')
    arr = g.check_array(out, z.shape, np.float64, 'ce_grad at logits of +-1000')
    s = 1 + 2 * np.exp(-1.0)
    p = np.array([[1.0, 0.0, 0.0], [np.exp(-1.0) / s, np.exp(-1.0) / s, 1 / s]])
    y = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    expected = (p - y) / 2
    if np.isnan(arr[0, 0]):
        raise AssertionError("ce_grad is nan where the logit is 1000: exp(1000) is inf, and inf / inf is nan. Subtract each row's max before exp (softmax(z) = softmax(z - max z)), so that every exponent is <= 0.")
    if np.isneginf(arr[0, 2]):
        raise AssertionError('ce_grad is -inf for the true class of the row [1000, 0, -1000], whose probability rounds to 0: something divides by p there, as -y / p does, the gradient with respect to the probabilities. The gradient with respect to the logits, (p - y) / N, never divides by p.')
    with np.errstate(all='ignore'):
        first_right = np.allclose(arr[0], expected[0], rtol=1e-09, atol=1e-15)
    if first_right and np.all(np.isnan(arr[1])):
        raise AssertionError("ce_grad is right for the row that reaches 1000 but nan for the row near -1000: you subtracted the max of the whole array (1000), so exp(-1999) rounds to 0 and 0 / 0 is nan. Subtract each row's own max: np.max(z, axis=-1, keepdims=True).")
    g.check_close(arr, expected, 'ce_grad at logits of +-1000', rtol=1e-09, atol=1e-15)
    try:
        g.call(ce_grad, z, t, name='ce_grad', strict=True)
    except AssertionError as e:
        if 'floating-point problem' not in str(e):
            raise
        raise AssertionError("ce_grad is right at logits of +-1000, but an exp overflowed or a division by 0 happened on the way, and numpy warned. Silencing the warning (np.errstate, warnings filters) does not count: subtract each row's max before exp.") from None

