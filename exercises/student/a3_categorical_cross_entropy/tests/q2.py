from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=1, hidden=False)
def test_cross_entropy_value(cross_entropy):
    import numpy as np
    import course_grading as g
    z, y = (np.array([[1.0, 2.0, 0.5, 0.0], [0.0, -1.0, 3.0, 1.0], [2.0, 2.0, 0.0, -1.0]]), np.array([0, 3, 1]))
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    picked = log_p[[0, 1, 2], y]
    axis_0 = z - np.log(np.exp(z).sum(axis=0, keepdims=True))
    mistakes = {'the sign is wrong: the loss is minus the log-probability of the true class, so it is >= 0.': picked.mean(), 'this is the sum over the samples; the loss is their mean (divide by N).': -picked.sum(), "log_probs[:, target] picks an N x N block (every sample's log-probability of every sample's class); pick one entry per row with log_probs[np.arange(N), target].": -log_p[:, y].mean(), 'this is the mean over all N x C entries of one_hot * log p, which is C times too small; the mean is over the N samples: sum over the classes, then average over the samples.': -(np.eye(4)[y] * log_p).mean(), 'this is the log-softmax taken along axis 0 (over the samples); the classes are on the last axis.': -axis_0[[0, 1, 2], y].mean(), 'this picks the class before the true one (target - 1): classes are counted from 0, so class c is column c of the log-probabilities, log_probs[np.arange(N), target].': -log_p[[0, 1, 2], y - 1].mean()}
    out = g.call(cross_entropy, z, y, name='cross_entropy')
    g.check_close(out, -picked.mean(), 'cross_entropy', mistakes=mistakes, dtype=np.float64, rtol=1e-10)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_cross_entropy_at_large_logits(cross_entropy):
    import numpy as np
    import course_grading as g
    log_zero = "a probability underflowed to 0 and its log was taken: log 0 = -inf, and 0 * log 0 = nan, not 0 (multiplying by the one-hot label does not avoid log 0: the log is taken before the multiplication). Do not multiply a one-hot vector by log(softmax), nor take the log of softmax: pick the true class's entry of a log-softmax computed from the logits, log p_y = (z_y - m) - log(sum_k exp(z_k - m))."
    z = np.array([[1000.0, 999.0, 0.0], [2.0, 0.0, -900.0], [1.0, -850.0, 0.0]])
    y = np.array([1, 0, 1])
    try:
        out = g.call(cross_entropy, z, y, name='cross_entropy', warnings_as_errors=True)
    except AssertionError as e:
        if 'overflow encountered' in str(e):
            raise AssertionError('cross_entropy overflowed at a logit of 1000: shift each row by its max before exponentiating.') from None
        if 'divide by zero' in str(e) or 'invalid value' in str(e):
            raise AssertionError(log_zero) from None
        raise
    v = float(g.check_array(out, (), np.float64, 'cross_entropy'))
    expected = np.mean([1 + np.log1p(np.exp(-1.0)), np.log1p(np.exp(-2.0)), 851 + np.log1p(np.exp(-1.0))])
    if not np.isfinite(v):
        raise AssertionError('cross_entropy is inf or nan at large logits: an exp overflowed (shift each row by its max first), or a probability underflowed to 0 and its log was taken. ' + log_zero)
    if 0 < v < expected / 2:
        raise AssertionError(f"cross_entropy at large logits is {v:.4g}, not about {expected:.4g}: the true class of the third row has a probability that underflows to 0, and its loss, about 851, came out capped. Was an epsilon added, log(p + eps), or were the probabilities clipped? Pick the true class's entry of a log-softmax computed from the logits instead.")
    g.check_close(v, expected, 'cross_entropy at large logits', rtol=1e-12)

