from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=1.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_fit_temperature_of_an_over_confident_model(fit_temperature):
    import numpy as np
    import course_grading as g
    import course_lib as cl

    def split(seed, n, c, temperature, scale=3.0):
        rng = np.random.default_rng(seed)
        z = scale * rng.standard_normal((n, c))
        s = z / temperature
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return (z, np.array([rng.choice(c, p=row) for row in p]))

    def check(zv, yv, zt, yt, label):
        out = g.call(fit_temperature, zv, yv, zt, yt, name='fit_temperature')
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            got = 'None' if out is None else f'a {type(out).__name__}'
            raise AssertionError(f'fit_temperature returned {got}; return a tuple (T, test_nll) of two numbers.')
        temperature, test_nll = out
        value = g.check_array(temperature, (), None, f'T ({label})')
        if not (np.isfinite(value) and value > 0):
            raise AssertionError(f'T ({label}) is {value}; it must be a positive number.')
        t_fit = float(value)
        best = cl.fit_temperature(zv, yv)
        on_test = cl.fit_temperature(zt, yt)
        on_both = cl.fit_temperature(np.vstack([zv, zt]), np.concatenate([yv, yt]))
        error = abs(t_fit / best - 1)
        if error > 0.0001:
            if abs(t_fit / on_test - 1) < 0.001:
                raise AssertionError(f'T ({label}) = {t_fit:.6g} minimises the NLL of the test split, not of the validation split (whose best T is {best:.6g}). Fit T on the validation split only: fitted on the test split, the reported test NLL is tuned to the very samples it reports on, and looks better than it will on new data. The test split is passed only to report on.')
            if abs(t_fit / on_both - 1) < 0.001:
                raise AssertionError(f'T ({label}) = {t_fit:.6g} minimises the NLL of the validation and test splits together. Fit T on the validation split only: the test split is for reporting, and must not influence T.')
            if abs(t_fit * best - 1) < 0.001:
                raise AssertionError(f'T ({label}) = {t_fit:.6g} is the inverse of the best temperature, {best:.6g}: this is beta = 1/T, the variable in which the NLL is convex. Return T = 1 / beta.')
            if error < 0.05:
                raise AssertionError(f'T ({label}) = {t_fit:.6g} is within {error:.2g} of the minimiser of the validation NLL, {best:.6g}, but not within 1e-4 (relative). If T comes from a grid, a grid of T values is not precise enough: refine it (bisect the derivative dL/dbeta, which increases with beta = 1 / T, or take Newton steps in beta). If it minimises something else (the ECE, the accuracy), minimise the validation NLL.')

            def nll(temperature):
                return float(cl.cross_entropy(zv / temperature, yv))
            raise AssertionError(f'T ({label}) = {t_fit:.6g} does not minimise the mean NLL on the validation split: the NLL is {nll(t_fit):.6g} at your T and {nll(best):.6g} at the best T, {best:.6g}. Choose T by the validation NLL, not by accuracy (dividing the logits by any T > 0 keeps every argmax, so the accuracy is the same for every T, and a search that maximises it returns the first T it tries) nor by the ECE.')
        mistakes = {'test_nll is the NLL of the test split before scaling, at T = 1: report it at the fitted T, cross-entropy of softmax(test_logits / T).': cl.cross_entropy(zt, yt), 'test_nll is the NLL of the validation split at T; report the NLL of the test split.': cl.cross_entropy(zv / t_fit, yv), 'test_nll multiplies the test logits by T; divide them by T.': cl.cross_entropy(zt * t_fit, yt), 'test_nll is the sum over the test samples; report their mean.': cl.cross_entropy(zt / t_fit, yt, reduction='sum')}
        g.check_close(test_nll, cl.cross_entropy(zt / t_fit, yt), f'test_nll ({label})', mistakes=mistakes, rtol=1e-08)
    zv, yv = split(11, 60, 4, 1.6)
    zt, yt = split(12, 60, 4, 2.4)
    check(zv, yv, zt, yt, '60 validation samples, 4 classes')

