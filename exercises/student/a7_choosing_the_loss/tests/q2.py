from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=1.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_ece_of_eight_samples(expected_calibration_error):
    import numpy as np
    import course_grading as g
    p = np.array([[0.75, 0.125, 0.125], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6], [0.225, 0.55, 0.225], [0.6, 0.2, 0.2], [0.275, 0.275, 0.45], [0.3, 0.3, 0.4], [0.85, 0.075, 0.075]])
    y = np.array([0, 1, 2, 2, 0, 0, 2, 2])
    count = np.array([3, 4, 1])
    confidence = np.array([0.45, 0.625, 0.85])
    accuracy = np.array([1 / 3, 0.75, 0.0])
    gap = np.abs(accuracy - confidence)
    expected = np.sum(count / 8 * gap)
    signed = np.sum(count / 8 * (accuracy - confidence))
    mistakes = {'the bins are weighted equally: this is the plain mean of |accuracy_k - confidence_k| over the non-empty bins. Weight each bin by its share of the samples, count_k / N, so that a bin of few samples counts little.': gap.mean(), 'this is the sum of the gaps divided by the number of bins, the plain mean over all n_bins bins with the empty ones counted as 0. Weight each bin by count_k / N instead (an empty bin then adds nothing).': gap.sum() / 4, 'the ECE is nan: the nan accuracy and confidence of an empty bin got into the sum (and 0 * nan is nan). Sum over the non-empty bins only.': np.nan, 'the gaps were summed with their signs and the absolute value taken last (or not at all): sum_k (count_k / N)(accuracy_k - confidence_k) is only the overall accuracy minus the mean confidence, where over- and under-confident bins cancel. Take |accuracy_k - confidence_k| in each bin first.': [abs(signed), signed], 'the binned confidence is the probability of the true class, p[i, target[i]]; the top-label confidence is the largest probability of the row, max_c p_ic, the confidence of the prediction, right or wrong.': 0.240625, 'the edges are on the wrong side: bin k holds k/n < c <= (k+1)/n, so a confidence exactly on an edge goes to the bin below it (c = 0.5 with 4 bins is in bin 1, (0.25, 0.5]): k = ceil(c n) - 1, not floor(c n).': 0.125, "the bins span the range of the data, from min c to max c (np.histogram's default range): the bins have equal width on [0, 1], whatever the data, with edges k / n_bins.": 0.15, 'the gaps were weighted by count_k, not by count_k / N: divide by the number of samples.': np.sum(count * gap)}
    out = g.call(expected_calibration_error, p, y, 4, name='expected_calibration_error')
    value = g.check_array(out, (), None, 'ECE (4 bins)')
    if not np.isclose(value, expected, rtol=1e-09, atol=0):
        for message, wrong in mistakes.items():
            if np.any(np.isclose(value, wrong, rtol=1e-09, atol=0, equal_nan=True)):
                raise AssertionError(f'ECE (4 bins): {message}')
    g.check_close(value, expected, 'ECE (4 bins)', rtol=1e-09)

