from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=1.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_reliability_bins_of_six_samples(reliability_bins):
    import numpy as np
    import course_grading as g
    p = np.array([[0.75, 0.125, 0.125], [0.5, 0.25, 0.25], [0.2, 0.7, 0.1], [0.9, 0.05, 0.05], [1.0, 0.0, 0.0], [0.4, 0.35, 0.25]])
    y = np.array([0, 1, 1, 2, 0, 0])
    edge = 'the edges are on the wrong side: bin k holds k/n < c <= (k+1)/n, so a confidence exactly on an edge goes to the bin below it (c = 0.5 with 4 bins is in bin 1, (0.25, 0.5]) and c = 1 to the last bin: k = ceil(c n) - 1, not floor(c n) (np.floor, np.digitize and np.histogram put an edge in the bin above).'
    top = 'c = 1 got a bin of its own, bin n_bins (floor(1 * n) = n): bin k holds k/n < c <= (k+1)/n, so c = 1 belongs to the last bin, n - 1, and every confidence exactly on an edge to the bin below it: k = ceil(c n) - 1.'
    try:
        out = g.call(reliability_bins, p, y, 4, name='reliability_bins')
    except AssertionError as e:
        if 'IndexError' in str(e) and 'index 4 ' in str(e):
            raise AssertionError(f'{e}. Here {top}') from None
        raise
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        got = 'None' if out is None else f'a {type(out).__name__}'
        raise AssertionError(f'reliability_bins returned {got}; return a tuple of three arrays (confidence, accuracy, count), each of length n_bins.')
    confidence, accuracy, count = out
    if any((np.shape(a) == (5,) for a in out)):
        raise AssertionError(f'reliability_bins with 4 bins returned arrays of length 5: {top}')
    count_mistakes = {edge: [0, 1, 2, 3], edge + ' Here c = 1 even fell outside every bin.': [0, 1, 2, 2], "the bins span the range of the data, from min c to max c (np.histogram's default range): the bins have equal width on [0, 1], whatever the data, with edges k / n_bins.": [2, 0, 2, 2], 'the binned confidence is the probability of the true class, p[i, target[i]]; the top-label confidence is the largest probability of the row, max_c p_ic, the confidence of the prediction, right or wrong.': [2, 1, 2, 1], 'count is the fraction of the samples in each bin; return the number of samples in each bin.': np.array([0, 2, 2, 2]) / 6}
    g.check_close(count, [0, 2, 2, 2], 'count (4 bins)', mistakes=count_mistakes, rtol=0, atol=1e-09)
    nan = np.nan
    for value, label in ((confidence, 'confidence'), (accuracy, 'accuracy')):
        if np.shape(value) == (4,) and np.isnan(np.asarray(value, dtype=float)[1:]).any():
            raise AssertionError(f"{label} (4 bins) is nan in a bin that holds samples (the counts are right): compute each bin's mean over the samples in it, and give nan to the empty bins only.")
    g.check_close(confidence, [nan, 0.45, 0.725, 0.95], 'confidence (4 bins)', mistakes={'an empty bin has confidence nan, not 0: it has no samples, so it has no mean (0 would mean a bin of predictions made with confidence 0). Return np.nan there.': [0, 0.45, 0.725, 0.95], 'the summed confidence of a bin was divided by N, the number of all samples; the mean confidence of a bin divides by the number of samples in that bin, count_k.': [0, 0.15, 0.24166666666666667, 0.31666666666666665]}, rtol=1e-09)
    g.check_close(accuracy, [nan, 0.5, 1.0, 0.5], 'accuracy (4 bins)', mistakes={'an empty bin has accuracy nan, not 0: it has no samples. Return np.nan there.': [0, 0.5, 1.0, 0.5], 'the number right in a bin was divided by N, the number of all samples; the accuracy of a bin divides by the number of samples in that bin, count_k.': [0, 1 / 6, 1 / 3, 1 / 6]}, rtol=1e-09)

