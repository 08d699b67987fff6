from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_weighted_cross_entropy_value(weighted_cross_entropy):
    import numpy as np
    import course_grading as g
    z = np.array([[2.0, 0.5, 0.1], [1.5, 1.0, -0.5], [0.2, 0.3, 0.1], [1.0, 0.0, 0.5]])
    y, w = (np.array([0, -100, 2, 0]), np.array([1.0, 3.0, 0.5]))
    counted = y != -100
    safe = np.where(counted, y, 0)
    log_p = np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
    nll = -log_p[np.arange(4), safe]
    total = np.sum(w[safe] * nll * counted)
    mistakes = {'the weighted sum was divided by N, the number of samples; the weighted mean divides by the summed weights of the counted targets, sum_i w[y_i] (ignored samples left out).': total / len(y), 'the weighted sum was divided by the number of counted samples; divide by their summed weights, sum_i w[y_i], so that rescaling every weight changes nothing.': total / counted.sum(), 'the denominator includes ignored samples (with the weight of class 0); sum w[y_i] over the counted targets only.': total / np.sum(w[safe]), 'ignored samples were counted, as if their class were 0; a sample whose target equals ignore_index adds nothing to the sum and nothing to the denominator.': np.sum(w[safe] * nll) / np.sum(w[safe]), "the class weights are missing from the sum: each sample's loss is multiplied by w[y_i].": np.sum(nll * counted) / np.sum(w[safe] * counted), "the class weights were left out: this is the plain mean of the counted samples' losses; multiply each by w[y_i] and divide by the summed weights.": np.sum(nll * counted) / counted.sum()}
    try:
        out = g.call(weighted_cross_entropy, z, y, w, name='weighted_cross_entropy')
    except AssertionError as e:
        if 'IndexError' in str(e):
            raise AssertionError('an ignored target (-100) was used as an index, into weight or into the log-probabilities; select the counted samples, target != ignore_index, before indexing with their targets.') from None
        raise
    g.check_close(out, total / np.sum(w[safe] * counted), 'weighted_cross_entropy with an ignored sample', mistakes=mistakes, dtype=np.float64, rtol=1e-10)

