from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=1, hidden=False)
def test_softmax_values(softmax):
    import numpy as np
    import course_grading as g
    z = np.array([[1.0, 2.0, -0.5], [2.0, 2.0, 0.0], [0.5, -2.0, 2.0]])
    e = np.exp(z)
    mistakes = {'the probabilities were normalised along axis 0 (over the examples); the classes are on the last axis, so each ROW must sum to 1: use axis=-1.': e / e.sum(axis=0, keepdims=True), 'the row sums lost their axis (keepdims=False), so numpy broadcast them along the wrong axis and divided column j by the sum of row j: sum with keepdims=True.': e / e.sum(axis=-1), 'the exps were not divided by their sum: softmax(z) = exp(z) / sum exp(z), each row summing to 1.': e / np.exp(2.0)}
    out = g.call(softmax, z, name='softmax')
    g.check_close(out, e / e.sum(axis=-1, keepdims=True), 'softmax(z)', mistakes=mistakes, dtype=np.float64)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_softmax_at_logits_of_1000(softmax):
    import numpy as np
    import course_grading as g
    z = np.array([[1000.0, 999.0], [-1000.0, -1000.0], [0.0, 1000.0]])
    try:
        out = g.call(softmax, z, name='softmax')
    except AssertionError as e:
        if 'could not be broadcast' not in str(e):
            raise
        raise AssertionError(f'{e}. A max or a sum along axis=-1 drops that axis; keep it with keepdims=True so that it broadcasts against z row by row.') from None
    arr = g.check_array(out, z.shape, np.float64, 'softmax at logits of +-1000')
    s = 1 / (1 + np.exp(-1.0))
    expected = np.array([[s, 1 - s], [0.5, 0.5], [0.0, 1.0]])
    bad_rows = ~np.all(np.isfinite(arr), axis=-1)
    if bad_rows[0] or bad_rows[2]:
        raise AssertionError("softmax is nan for a row that reaches 1000 ([1000, 999] or [0, 1000]): exp(1000) is inf, and inf / (inf + inf) is nan. Subtract each row's max before exp: softmax(z) = softmax(z - max z), every exponent is then <= 0.")
    if bad_rows[1]:
        raise AssertionError("softmax is right for the rows that reach 1000 but nan for the row [-1000, -1000]: you subtracted the max of the whole array (1000), so exp(-2000) rounds to 0 and 0 / 0 is nan. Subtract each row's own max: np.max(z, axis=-1, keepdims=True).")
    g.check_close(arr, expected, 'softmax at logits of +-1000', rtol=1e-12, atol=1e-300)
    try:
        g.call(softmax, z, name='softmax', strict=True)
    except AssertionError as e:
        if 'floating-point problem' not in str(e):
            raise
        raise AssertionError("softmax gives the right values at logits of +-1000, but an exp overflowed or a division by 0 happened on the way, and numpy warned. Silencing the warning (np.errstate, warnings filters) does not count: subtract each row's max before exp, so that no exponent is positive.") from None

