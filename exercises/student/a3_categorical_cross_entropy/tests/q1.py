from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=1, hidden=False)
def test_log_softmax_values_along_the_last_axis(log_softmax):
    import numpy as np
    import course_grading as g
    keepdims = "a row's max or logsumexp was subtracted without keepdims=True, so it was broadcast across the wrong axis; keep the reduced axis (np.max(z, axis=-1, keepdims=True)) so that each row is shifted by its own value."

    def along(z, axis):
        return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))

    def without_keepdims(z):
        s = z - np.max(z, axis=-1)
        return s - np.log(np.sum(np.exp(s), axis=-1))
    for z in (np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]]), np.array([[0.5, -1.0, 2.0], [1.0, 1.5, 0.0], [-0.5, 0.0, 0.25]]), np.array([2.0, 0.0, -1.0, 0.5])):
        try:
            out = g.call(log_softmax, z, name='log_softmax')
        except AssertionError as e:
            if 'AxisError' in str(e):
                raise AssertionError('log_softmax fails for a (C,) vector: it has no axis 1. Use axis=-1, the last axis, which is the class axis for (C,) and (N, C) alike.') from None
            if 'could not be broadcast' in str(e):
                raise AssertionError(keepdims) from None
            raise
        mistakes = {'log_softmax was computed along axis 0 (over the samples, down each column); the classes are on the last axis: normalise each row, axis=-1.': along(z, 0)}
        if z.ndim == 2 and z.shape[0] == z.shape[1]:
            mistakes[keepdims] = without_keepdims(z)
        g.check_close(out, along(z, -1), f'log_softmax of shape {z.shape}', mistakes=mistakes, dtype=np.float64, atol=1e-12)
    z32 = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, 1.0]], dtype=np.float32)
    out = g.call(log_softmax, z32, name='log_softmax')
    expected = along(z32.astype(np.float64), -1)
    g.check_close(out, expected, 'log_softmax of float32 logits', dtype=np.float32, rtol=1e-06, atol=1e-06)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_log_softmax_at_large_logits(log_softmax):
    import numpy as np
    import course_grading as g
    no_shift = "log_softmax overflowed: exp(1000) is inf. Subtract each row's max first: log p_c = (z_c - m) - log(sum_k exp(z_k - m)) with m = max_k z_k, so that no exponent is positive."
    log_of_softmax = 'log_softmax took the log of a probability that underflowed to 0: np.log(softmax(z)) gives -inf for a class far below the max, whose log-probability is a finite number (about -805 for the logits (5, 0, -800)). Compute it from the logits: (z_c - m) - log(sum_k exp(z_k - m)), never as the log of a probability.'
    z = np.array([[1000.0, 999.0, 998.0], [5.0, 0.0, -800.0]])
    try:
        out = g.call(log_softmax, z, name='log_softmax', strict=True)
    except AssertionError as e:
        if 'overflow encountered' in str(e):
            raise AssertionError(no_shift) from None
        if 'divide by zero' in str(e) or 'invalid value' in str(e):
            raise AssertionError(log_of_softmax) from None
        if 'could not be broadcast' in str(e):
            raise AssertionError("a row's max or logsumexp was subtracted without keepdims=True, so it could not be broadcast; keep the reduced axis (np.max(z, axis=-1, keepdims=True)) so that each row is shifted by its own value.") from None
        raise
    arr = g.check_array(out, z.shape, np.float64, 'log_softmax of the rows (1000, 999, 998) and (5, 0, -800)')
    if not np.all(np.isfinite(arr[0])):
        raise AssertionError(no_shift)
    if np.any(np.isneginf(arr)):
        raise AssertionError(log_of_softmax)
    if -100 < arr[1, 2] < -1:
        raise AssertionError(f'log_softmax of (5, 0, -800) gives {arr[1, 2]:.4g} for the last class, not about -805: an epsilon, log(softmax(z) + eps), or a clip of the probabilities caps it at log(eps). Compute it from the logits, (z_c - m) - log(sum_k exp(z_k - m)), never as the log of a probability.')
    row0 = -np.log1p(np.exp(-1.0) + np.exp(-2.0)) - np.array([0.0, 1.0, 2.0])
    row1 = np.array([0.0, -5.0, -805.0]) - np.log1p(np.exp(-5.0))
    g.check_close(arr, [row0, row1], 'log_softmax of the rows (1000, 999, 998) and (5, 0, -800)', rtol=1e-12, atol=1e-12)

