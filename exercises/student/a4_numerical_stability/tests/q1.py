from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=1, hidden=False)
def test_logsumexp_values(logsumexp):
    import numpy as np
    import course_grading as g
    z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0], [-2.0, 4.0, 1.5]])
    m = z.max(axis=-1, keepdims=True)
    out = g.call(logsumexp, z, name='logsumexp')
    if out is not None and np.ndim(out) == 0:
        raise AssertionError('logsumexp returned one number for 3 rows of logits: it summed over the whole array. Sum along the last axis, axis=-1, to get one value per row.')
    m_flat = m[:, 0]
    mistakes = {'you shifted by the max but did not add the max back: logsumexp(z) = m + log sum exp(z - m).': np.log(np.exp(z - m).sum(axis=-1)), 'this is the logsumexp of each COLUMN (axis 0, over the examples); the classes are on the last axis: use axis=-1.': np.log(np.exp(z).sum(axis=0)), "the row max lost its axis (np.max without keepdims=True), so z - m subtracted the max of row j from column j instead of row i's max from row i: take the max with keepdims=True.": m_flat + np.log(np.exp(z - m_flat).sum(axis=-1))}
    g.check_close(out, np.log(np.exp(z).sum(axis=-1)), 'logsumexp(z)', mistakes=mistakes, dtype=np.float64)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_logsumexp_at_logits_of_1000(logsumexp):
    import numpy as np
    import course_grading as g
    z = np.array([[1000.0, 1000.0, 999.0], [-1000.0, -1000.0, -1001.0]])
    try:
        out = g.call(logsumexp, z, name='logsumexp')
    except AssertionError as e:
        if 'could not be broadcast' not in str(e):
            raise
        raise AssertionError(f"{e}. A max or a sum along axis=-1 drops that axis; keep it with keepdims=True so that z - m subtracts each row's own max.") from None
    arr = g.check_array(out, (2,), np.float64, 'logsumexp at logits of +-1000')
    gaps = np.log(2.0 + np.exp(-1.0))
    expected = np.array([1000.0 + gaps, -1000.0 + gaps])
    with np.errstate(all='ignore'):
        first_right = bool(np.isclose(arr[0], expected[0], rtol=1e-12))
    if first_right and np.isneginf(arr[1]):
        raise AssertionError('logsumexp is right for the row near +1000 but -inf for the row near -1000: you shifted every row by the max of the whole array (1000), so exp(-1000 - 1000) rounds to 0 and log(0) = -inf. Shift each row by its own max: np.max(z, axis=-1, keepdims=True).')
    if not np.all(np.isfinite(arr)):
        raise AssertionError(f'logsumexp gives {arr.tolist()} at logits of +-1000: without a shift, exp(1000) is inf and exp(-1000) rounds to 0, so the log is inf or -inf. Factor out the row max m: logsumexp(z) = m + log sum exp(z - m), where every exponent is <= 0 and the sum is at least 1.')
    mistakes = {'you shifted by the max but did not add the max back: logsumexp(z) = m + log sum exp(z - m).': [gaps, gaps]}
    g.check_close(arr, expected, 'logsumexp at logits of +-1000', mistakes=mistakes, rtol=1e-12)
    try:
        g.call(logsumexp, z, name='logsumexp', strict=True)
    except AssertionError as e:
        if 'floating-point problem' not in str(e):
            raise
        raise AssertionError('logsumexp gives the right values at logits of +-1000, but an exp overflowed or a log of 0 was taken on the way, and numpy warned. Silencing the warning (np.errstate, warnings filters) does not count: shift each row by its max so that no exponent is positive.') from None

