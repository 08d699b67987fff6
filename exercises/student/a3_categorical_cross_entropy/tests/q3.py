from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=1, hidden=False)
def test_smoothed_cross_entropy_value(smoothed_cross_entropy):
    import numpy as np
    import course_grading as g
    z, y, eps, C = (np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]]), np.array([0, 2]), 0.1, 3)
    one_hot = np.eye(C)[y]
    log_p = np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
    picked = log_p[[0, 1], y]
    t_c_minus_1 = (1 - eps) * one_hot + eps / (C - 1) * (1 - one_hot)
    p_smoothed = (1 - eps) * np.exp(picked) + eps / C
    swapped = np.mean(-((eps * one_hot + (1 - eps) / C) * log_p).sum(axis=1))
    mistakes = {"the target spreads eps over the C - 1 wrong classes (eps / (C - 1) each, 1 - eps on the true class); label smoothing here (and in PyTorch) mixes the one-hot target with the uniform distribution: t' = (1 - eps) one-hot + eps / C, so the true class gets 1 - eps + eps / C and every other class eps / C.": np.mean(-(t_c_minus_1 * log_p).sum(axis=1)), "the smoothing was applied to the predicted probabilities, -log((1 - eps) p_y + eps / C); it belongs to the target: L = -sum_c t'_c log p_c with t' = (1 - eps) one-hot + eps / C.": -np.mean(np.log(p_smoothed)), 'the target one-hot + eps / C does not sum to 1: scale the one-hot part by (1 - eps).': np.mean(-((one_hot + eps / C) * log_p).sum(axis=1)), 'the weights are swapped: the one-hot part gets 1 - eps and the uniform part eps, not the reverse.': swapped, 'the smoothing term lacks its 1 / C: the uniform part of the target is eps / C on every class, so the term is eps * (1/C) sum_c (-log p_c), the mean over the classes, not their sum.': np.mean(-(1 - eps) * picked - eps * log_p.sum(axis=1)), 'the true class got 1 - eps and only the other classes eps / C, so the target does not sum to 1: the uniform part eps / C goes to every class, the true one included, which gets 1 - eps + eps / C.': np.mean(-(((1 - eps) * one_hot + eps / C * (1 - one_hot)) * log_p).sum(axis=1)), 'this is the sum over the samples; the loss is their mean (divide by N).': -((1 - eps) * picked + eps / C * log_p.sum(axis=1)).sum()}
    t = (1 - eps) * one_hot + eps / C
    expected = np.mean(-(t * log_p).sum(axis=1))
    out = g.call(smoothed_cross_entropy, z, y, eps, name='smoothed_cross_entropy')
    g.check_close(out, expected, 'smoothed_cross_entropy', mistakes=mistakes, dtype=np.float64, rtol=1e-10)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_smoothed_cross_entropy_at_large_logits(smoothed_cross_entropy):
    import numpy as np
    import course_grading as g
    log_zero = 'smoothed_cross_entropy took the log of a probability that underflowed to 0: the smoothing term needs log p_c of every class, also of a class 2000 below the max (about -2000, not -inf). Take them from a log-softmax computed from the logits, (z_c - m) - log(sum_k exp(z_k - m)).'
    z = np.array([[0.0, 1000.0, -1000.0], [998.0, 1000.0, -5.0]])
    y, eps = (np.array([1, 0]), 0.2)
    try:
        out = g.call(smoothed_cross_entropy, z, y, eps, name='smoothed_cross_entropy', warnings_as_errors=True)
    except AssertionError as e:
        if 'overflow encountered' in str(e):
            raise AssertionError('smoothed_cross_entropy overflowed at a logit of 1000: shift each row by its max first.') from None
        if 'divide by zero' in str(e) or 'invalid value' in str(e):
            raise AssertionError(log_zero) from None
        raise
    arr = g.check_array(out, (), np.float64, 'smoothed_cross_entropy')
    if not np.isfinite(arr):
        raise AssertionError(log_zero)
    log_p = np.array([[-1000.0, 0.0, -2000.0], [-2.0, 0.0, -1005.0]]) - np.array([[0.0], [np.log1p(np.exp(-2.0))]])
    expected = np.mean(-(1 - eps) * log_p[[0, 1], y] - eps / 3 * log_p.sum(axis=1))
    g.check_close(arr, expected, 'smoothed_cross_entropy at logits of +-1000 with eps = 0.2', rtol=1e-12)

