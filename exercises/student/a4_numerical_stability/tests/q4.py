from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=1, hidden=False)
def test_softplus_values(softplus):
    import numpy as np
    import course_grading as g
    x = np.array([-2.0, 0.0, 0.5, 3.0])
    mistakes = {'max(x, 0) alone drops the second term: softplus(x) = max(x, 0) + log(1 + exp(-|x|)), which is log 2 at x = 0, not 0.': np.maximum(x, 0), 'the max(x, 0) term is missing: log(1 + exp(-|x|)) alone is softplus(-|x|), not softplus(x); softplus(x) = max(x, 0) + log(1 + exp(-|x|)).': np.log1p(np.exp(-np.abs(x))), 'this is softplus(-x) = log(1 + exp(-x)): the sign of x is flipped.': np.log1p(np.exp(-x))}
    out = g.call(softplus, x, name='softplus')
    g.check_close(out, np.log1p(np.exp(x)), 'softplus(x)', mistakes=mistakes, dtype=np.float64, rtol=1e-09)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_softplus_at_1000(softplus):
    import numpy as np
    import course_grading as g
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    out = g.call(softplus, x, name='softplus')
    arr = g.check_array(out, x.shape, np.float64, 'softplus at x = -1000, -40, 0, 40, 1000')
    if not np.isfinite(arr[4]):
        raise AssertionError('softplus overflowed at x = 1000: exp(1000) is inf, in log(1 + exp(x)) and in log1p(exp(x)) alike, since log1p only helps when exp(x) is tiny. Rewrite it so that the exponent is never positive: softplus(x) = max(x, 0) + log1p(exp(-|x|)).')
    if not np.isfinite(arr[0]):
        raise AssertionError('softplus overflowed at x = -1000: x + log(1 + exp(-x)) is exact for every x, but its exponent -x is 1000 there, and exp(1000) is inf. Use an exponent that is never positive: softplus(x) = max(x, 0) + log1p(exp(-|x|)).')
    tiny = np.exp(-40.0) * (1 - np.exp(-40.0) / 2)
    expected = np.array([0.0, tiny, np.log(2.0), 40.0 + tiny, 1000.0])
    if arr[1] == 0:
        raise AssertionError('softplus(x) for x = -40 is about exp(-40) = 4.2e-18, tiny but not 0, and your answer is 0: log(1 + exp(x)) rounds 1 + 4.2e-18 to 1 before the log (use np.log1p(u), which computes log(1 + u) exactly for tiny u), or the log1p(exp(-|x|)) term is missing.')
    g.check_close(arr, expected, 'softplus at x = -1000, -40, 0, 40, 1000', rtol=1e-12, atol=1e-300)
    try:
        g.call(softplus, x, name='softplus', strict=True)
    except AssertionError as e:
        if 'floating-point problem' not in str(e):
            raise
        raise AssertionError('softplus gives the right values at x = -1000 ... 1000, but exp overflowed on the way and numpy warned: np.where(condition, a, b) computes both of its branches at every x, so an exp(x) meant only for x <= 0 still runs at x = 1000; and np.errstate only hides the warning, which does not count here. Write one formula whose exponent is never positive: max(x, 0) + log1p(exp(-|x|)).') from None

