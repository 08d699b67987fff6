from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=1, hidden=False)
def test_softmax_jacobian_values(softmax_jacobian):
    import numpy as np
    import course_grading as g
    z = np.array([2.0, 1.0, 0.1, -1.0])
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    mistakes = {'only -p p^T is there, the diagonal term diag(p) is missing: differentiating p_i = exp(z_i) / S with respect to its own logit z_i also gives exp(z_i) / S = p_i. J = diag(p) - p p^T.': -np.outer(p, p), 'only diag(p) is there, the term -p p^T is missing: it comes from differentiating the sum S in the denominator, which every logit changes. J = diag(p) - p p^T.': np.diag(p), 'the sign is wrong: J = diag(p) - p p^T, not p p^T - diag(p); raising a logit raises its own probability, so the diagonal is positive.': np.outer(p, p) - np.diag(p), 'only the diagonal p_i (1 - p_i) is there: the off-diagonal entries -p_i p_k are missing (raising one logit lowers every other probability).': np.diag(p * (1 - p)), 'p @ p.T is a number for a 1-D p (.T does nothing to a 1-D array): the dot product sum_k p_k^2 was subtracted from every entry. The second term is the outer product p p^T, np.outer(p, p).': np.diag(p) - p @ p, 'p * p is a vector, so numpy subtracted p_k^2 along every row (J_ik = delta_ik p_i - p_k^2): the second term is the outer product p p^T, np.outer(p, p).': np.diag(p) - p * p, 'the Kronecker delta was dropped: this is p_i (1 - p_k) for every i and k. In J_ik = p_i (delta_ik - p_k) the 1 belongs to the diagonal only: J = diag(p) - p p^T.': np.outer(p, 1 - p), 'the Kronecker delta was dropped: this is p_k (1 - p_i) for every i and k. In J_ik = p_i (delta_ik - p_k) the 1 belongs to the diagonal only: J = diag(p) - p p^T.': np.outer(1 - p, p)}
    g.check_close(g.call(softmax_jacobian, z, name='softmax_jacobian'), np.diag(p) - np.outer(p, p), 'softmax_jacobian(z)', mistakes=mistakes, dtype=np.float64, rtol=1e-09, atol=1e-12)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_softmax_jacobian_at_extreme_logits(softmax_jacobian):
    import numpy as np
    import course_grading as g
    for z in ([999.0, 1000.0], [-1000.0, -1000.0, -1001.0]):
        z = np.array(z)
        label = f'softmax_jacobian at z = {z.tolist()}'
        out = g.call(softmax_jacobian, z, name='softmax_jacobian')
        arr = g.check_array(out, (z.size, z.size), np.float64, label)
        if not np.all(np.isfinite(arr)):
            raise AssertionError(f'{label} is nan: without a shift, exp(1000) is inf and inf / inf is nan, and exp(-1000) rounds to 0 and 0 / 0 is nan. Compute the softmax stably: subtract max(z) before exp, so that every exponent is <= 0 and the largest is 0.')
        p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        g.check_close(arr, np.diag(p) - np.outer(p, p), label, rtol=1e-09, atol=1e-15)
        try:
            g.call(softmax_jacobian, z, name='softmax_jacobian', strict=True)
        except AssertionError as e:
            if 'floating-point problem' not in str(e):
                raise
            raise AssertionError(f'{label} is right, but an exp overflowed or a division by 0 happened on the way, and numpy warned. Silencing the warning (np.errstate, warnings filters) does not count: subtract max(z) before exp.') from None

