from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=0.5, hidden=False)
def test_bce_value(bce):
    import numpy as np
    import course_grading as g
    p, y = (np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0]))
    terms = y * np.log(p) + (1 - y) * np.log(1 - p)
    expected = -np.mean(terms)
    mistakes = {'the minus sign only covers the first term: put brackets around both terms, -[y log p + (1 - y) log(1 - p)].': np.mean(-y * np.log(p) + (1 - y) * np.log(1 - p)), 'this is the sum over examples; the loss is their mean (divide by the number of examples).': -terms.sum(), 'the sign is wrong: the loss is minus the log-likelihood, so it is >= 0.': terms.mean()}
    out = g.call(bce, p, y, name='bce')
    v = g.check_array(out, (), None, 'bce')
    if not np.isclose(v, expected, rtol=1e-09, atol=0) and np.isclose(v, expected, rtol=0.0001, atol=0):
        raise AssertionError(f'bce is {float(v):.10g}, slightly off the answer {expected:.10g}: was an epsilon added inside the log, log(p + eps)? It shifts every loss a little: log(p + eps) is not a clamp. Clamp the log itself, max(log p, -100).')
    g.check_close(v, expected, 'bce', mistakes=mistakes, rtol=1e-09)

@test_case(points=0.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_bce_of_a_certain_wrong_prediction(bce):
    import numpy as np
    import course_grading as g
    for p, y in ((0.0, 1.0), (1.0, 0.0)):
        label = f'bce of p = {p:g} with y = {y:g}'
        try:
            out = g.call(bce, np.array([p]), np.array([y]), name='bce', warnings_as_errors=True)
        except AssertionError as e:
            if 'divide by zero' in str(e) or 'invalid value' in str(e):
                raise AssertionError(f"{label}: bce took log(0) and numpy warned. Clamp each log at -100, max(log p, -100), and take the logs inside np.errstate(divide='ignore'), so that log(0) = -inf raises no warning before the clamp turns it into -100.") from None
            raise
        v = float(g.check_array(out, (), None, 'bce'))
        if not np.isfinite(v):
            raise AssertionError(f'{label} is inf or nan: clamp log(0) = -inf at -100, as PyTorch does: max(log p, -100).')
        if 5 < v < 99.9:
            raise AssertionError(f'{label} is {v:.4g}, not 100: log(p + eps) is not a clamp, and neither is clipping p to [eps, 1 - eps]. An epsilon caps a certain, wrong prediction at -log(eps) (and log(p + eps) shifts every loss). Clamp the log itself: max(log p, -100).')
        g.check_close(v, 100.0, label, rtol=1e-09)

