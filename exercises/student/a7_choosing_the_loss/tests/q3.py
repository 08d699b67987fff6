from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=0.5, hidden=False)
def test_scaled_nll_values(scaled_nll):
    import numpy as np
    import course_grading as g
    z = np.array([[2.0, 0.5, -1.0], [0.0, 1.5, 0.3], [1.0, 1.0, 3.0]])
    y = np.array([0, 2, 1])
    rows = np.arange(3)

    def nll_terms(s):
        return np.log(np.exp(s).sum(axis=1)) - s[rows, y]
    mistakes = {'the logits were multiplied by T; temperature scaling divides them: softmax(z / T).': nll_terms(z * 2).mean(), 'this is the sum over the samples; the loss is their mean (divide by N).': nll_terms(z / 2).sum(), 'T was applied only inside the log-sum-exp: the true logit must be divided by T too, logsumexp(z_i / T) - z_{i, y_i} / T.': (np.log(np.exp(z / 2).sum(axis=1)) - z[rows, y]).mean(), 'the loss was divided by T; T divides the logits, before the softmax: cross_entropy(z / T).': nll_terms(z).mean() / 2, 'the logits were divided by T squared; divide them by T.': nll_terms(z / 4).mean(), 'T was not applied: this is the cross-entropy of the logits themselves. Divide them by T first.': nll_terms(z).mean()}
    out = g.call(scaled_nll, z, y, 2.0, name='scaled_nll')
    g.check_close(out, nll_terms(z / 2).mean(), 'scaled_nll at T = 2', mistakes=mistakes, rtol=1e-09, dtype=np.float64)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_scaled_nll_at_logits_of_1000(scaled_nll):
    import numpy as np
    import course_grading as g
    z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]])
    y = np.array([0, 2])
    out = g.call(scaled_nll, z, y, 0.5, name='scaled_nll', strict=True)
    value = g.check_array(out, (), np.float64, 'scaled_nll at logits of +-1000, T = 0.5')
    if np.isfinite(value) and 1 < value < 50:
        raise AssertionError(f'scaled_nll at logits of +-1000, T = 0.5 is {float(value):.4g}, not 1000: the log was capped, by log(p + eps) or a clip of p, so a sample whose true class gets probability e^-2000 costs -log(eps) instead of 2000. Compute the log-probability from the logits: z_{{i, y_i}} / T - logsumexp(z_i / T), with the maximum subtracted inside the log-sum-exp.')
    mistakes = {'the logits were multiplied by T; temperature scaling divides them: softmax(z / T).': 250.0, 'this is the sum over the samples; the loss is their mean (divide by N).': 2000.0, 'T was applied only inside the log-sum-exp: the true logit must be divided by T too.': 1500.0}
    g.check_close(value, 1000.0, 'scaled_nll at logits of +-1000, T = 0.5', mistakes=mistakes, rtol=1e-12)

