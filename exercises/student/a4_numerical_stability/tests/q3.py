from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=1, hidden=False)
def test_stable_cross_entropy_value(stable_cross_entropy):
    import numpy as np
    import course_grading as g
    z = np.array([[1.0, 2.0, 0.5, -1.0], [0.3, -0.5, 1.2, 0.0], [3.0, -2.0, 1.0, 0.5]])
    y = np.array([2, 0, 1])
    n, c = z.shape
    rows = np.arange(n)
    lse = np.log(np.exp(z).sum(axis=-1))
    per_example = lse - z[rows, y]
    expected = per_example.mean()
    out = g.call(stable_cross_entropy, z, y, name='stable_cross_entropy')
    v = float(g.check_array(out, (), None, 'stable_cross_entropy'))
    p_true = np.exp(z[rows, y] - lse)
    for eps in (1e-05, 1e-06, 1e-07, float(np.finfo(np.float32).eps), 1e-08, 1e-09, 1e-10):
        if not np.isclose(v, expected, rtol=1e-09) and np.isclose(v, -np.mean(np.log(p_true + eps)), rtol=1e-11):
            raise AssertionError(f'stable_cross_entropy gives {v:.9g}, slightly below the exact {expected:.9g}: that is -log(p + eps) with eps = {eps:g}. The eps lowers every loss a little and caps the loss at -log(eps), so a confidently wrong prediction costs almost nothing. Compute logsumexp(z) - z_y from the logits: it is exact.')
    mistakes = {'this is the sum over examples; the loss is their mean (divide by N).': per_example.sum(), 'the sign is wrong: the loss is MINUS the log-probability of the true class, logsumexp(z) - z_y.': -expected, "this is the loss of class 0 in every row: pick each row's own true class, z[np.arange(N), target].": np.mean(lse - z[:, 0]), 'this picks class target - 1 in every row: the class indices already start at 0, so the true class of row i is column target[i] itself.': np.mean(lse - z[rows, y - 1]), 'this picks class target + 1 in every row: the class indices already start at 0, so the true class of row i is column target[i] itself.': np.mean(lse - z[rows, (y + 1) % c]), "z[:, target] is an N x N array (every row, at every example's class), not one logit per row: pick z[np.arange(N), target].": lse.mean() - z[:, y].mean(), "this divides by N C, the number of entries; the loss is a mean over the N examples only (each example's loss already sums over its C classes), so divide by N.": per_example.sum() / (n * c), 'the logsumexp term is missing: -log p_y = logsumexp(z) - z_y, not -z_y.': -z[rows, y].mean()}
    g.check_close(out, expected, 'stable_cross_entropy', mistakes=mistakes, rtol=1e-09)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_stable_cross_entropy_at_extreme_logits(stable_cross_entropy):
    import numpy as np
    import course_grading as g

    def capped(v, z, y, expected):
        """-log(p + eps), or p clipped to [eps, 1 - eps], for the usual eps: named only when v is exactly that."""
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        p_true = (e / e.sum(axis=-1, keepdims=True))[np.arange(len(y)), y]
        for eps in (1e-05, 1e-06, 1e-07, float(np.finfo(np.float32).eps), 1e-08, 1e-09, 1e-10, 1e-12, 1e-15):
            for how, value in (('-log(p + eps)', -np.mean(np.log(p_true + eps))), ('-log(clip(p, eps, 1 - eps))', -np.mean(np.log(np.clip(p_true, eps, 1 - eps))))):
                if np.isclose(v, value, rtol=1e-09):
                    raise AssertionError(f'stable_cross_entropy gives {v:.6g} where the loss is {expected:.6g}: that is {how} with eps = {eps:g}, which caps the loss at -log(eps), so a confidently wrong prediction costs almost nothing. Compute logsumexp(z) - z_y from the logits instead: it is exact.')

    def without_warnings(z, y, label):
        try:
            g.call(stable_cross_entropy, z, y, name='stable_cross_entropy', strict=True)
        except AssertionError as e:
            if 'floating-point problem' not in str(e):
                raise
            raise AssertionError(f'stable_cross_entropy gives the right value {label}, but an exp overflowed or a log of 0 was taken on the way, and numpy warned. Silencing the warning (np.errstate, warnings filters) does not count: compute -log p_y = logsumexp(z) - z_y with a max-shifted logsumexp.') from None
    z, y = (np.array([[0.0, -800.0], [0.0, 0.0]]), np.array([1, 0]))
    expected = (800.0 + np.log(2.0)) / 2
    out = g.call(stable_cross_entropy, z, y, name='stable_cross_entropy')
    v = float(g.check_array(out, (), None, 'stable_cross_entropy'))
    if np.isposinf(v) or np.isnan(v):
        raise AssertionError('stable_cross_entropy took the log of a probability that rounded to 0: for the logits [0, -800] the softmax of class 1 is exp(-800), which is 0 in float64, and -log(0) = inf. The loss is simply 800: compute -log p_y as logsumexp(z) - z_y, never as -log(softmax(z)[y]).')
    capped(v, z, y, expected)
    mistakes = {'this is the sum over examples; the loss is their mean (divide by N).': 2 * expected}
    label = 'stable_cross_entropy of the logits [0, -800] with true class 1'
    g.check_close(out, expected, label, mistakes=mistakes, rtol=1e-12)
    without_warnings(z, y, 'at the logits [0, -800]')
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0], [-1000.0, -999.0, -1000.0]])
    y = np.array([1, 2, 0])
    expected = (2000.0 + 1.0 + np.log1p(np.exp(-1.0)) + 1.0 + np.log1p(2 * np.exp(-1.0))) / 3
    out = g.call(stable_cross_entropy, z, y, name='stable_cross_entropy')
    v = float(g.check_array(out, (), None, 'stable_cross_entropy'))
    if np.isneginf(v):
        raise AssertionError('stable_cross_entropy is -inf: the row [-1000, -999, -1000] gave log(0) = -inf, which happens when it is shifted by the max of the whole array (1000) instead of its own max (-999): every exp(z - 1000) there rounds to 0. Shift each row by its own max: np.max(z, axis=-1, keepdims=True).')
    if np.isposinf(v) or np.isnan(v):
        raise AssertionError('stable_cross_entropy is inf or nan at the logits [1000, -1000, 0]: exp(1000) overflows unless each row is shifted by its max. Compute -log p_y = logsumexp(z) - z_y, with logsumexp(z) = m + log sum exp(z - m) and m the row max.')
    capped(v, z, y, expected)
    mistakes = {'this is the sum over examples; the loss is their mean (divide by N).': 3 * expected}
    g.check_close(out, expected, 'stable_cross_entropy at logits of +-1000', mistakes=mistakes, rtol=1e-12)
    without_warnings(z, y, 'at logits of +-1000')

