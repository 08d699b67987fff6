from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=0.75, hidden=False)
def test_masked_cross_entropy_of_six_positions(masked_cross_entropy):
    import numpy as np
    import course_grading as g
    z = np.array([[2.0, 1.0, 0.1, -1.0, 0.5], [0.3, 2.2, -0.4, 1.0, 0.0], [1.5, 1.5, 0.2, 0.1, -2.0], [0.0, -1.0, 3.0, 0.5, 0.5], [2.5, 0.4, 0.4, -0.3, 1.1], [-0.7, 0.9, 0.2, 2.0, 0.3]])
    y = np.array([0, 3, -100, 2, -100, 1])
    counted = y != -100
    lse = np.log(np.exp(z).sum(axis=1))
    loss = lse - z[np.arange(6), np.where(counted, y, 0)]
    expected = loss[counted].mean()
    mistakes = {"padding was averaged in: the summed loss of the counted positions was divided by N = 6, every position; the mean runs over the 4 counted positions only, n = (target != ignore_index).sum(), as torch's F.cross_entropy does. Divided by N, every padded position pulls the loss towards 0.": loss[counted].sum() / 6, 'the ignored positions were counted, with class 0 as their target (np.where or np.clip): skip them, and divide by the number of counted positions.': loss.mean(), 'this is the sum over the counted positions; the loss is their mean.': loss[counted].sum()}
    try:
        out = g.call(masked_cross_entropy, z, y, name='masked_cross_entropy')
    except AssertionError as e:
        if 'IndexError' in str(e) and '-100' in str(e):
            raise AssertionError(f"{e}. The ignored positions' target, -100, was used as a class index: numpy reads it as the 100th class from the end, here out of range (and with V >= 100 a wrong class, silently). Skip the positions whose target is ignore_index before indexing the logits with the targets.") from None
        raise
    g.check_close(out, expected, 'masked_cross_entropy (6 positions, 2 of them ignored)', mistakes=mistakes, rtol=1e-09, dtype=np.float64)

@test_case(points=0.75, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_masked_cross_entropy_at_logits_of_1000(masked_cross_entropy):
    import numpy as np
    import course_grading as g
    z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0], [0.0, 0.0, 0.0], [1000.0, -1000.0, 0.0]])
    y = np.array([0, 2, -100, 1])
    try:
        out = g.call(masked_cross_entropy, z, y, name='masked_cross_entropy', strict=True)
    except AssertionError as e:
        if 'IndexError' in str(e) and '-100' in str(e):
            raise AssertionError(f"{e}. The ignored position's target, -100, was used as a class index: skip the positions whose target is ignore_index before indexing the logits with the targets.") from None
        raise
    value = g.check_array(out, (), np.float64, 'masked_cross_entropy at logits of +-1000')
    if np.isfinite(value) and 1 < value < 100:
        raise AssertionError(f'masked_cross_entropy at logits of +-1000 is {float(value):.4g}, not 1000: the log was capped, by log(p + eps) or a clip of p, so a token whose true class gets probability e^-2000 costs -log(eps) instead of 2000. Compute the log-probability from the logits, z_{{i, y_i}} - logsumexp(z_i), with the maximum subtracted inside the log-sum-exp.')
    mistakes = {'padding was averaged in: this divides by N = 4, every position; the mean runs over the 3 counted positions only.': 750.0, 'the ignored position was counted, with class 0 as its target: skip it, and divide by the number of counted positions.': (3000.0 + np.log(3.0)) / 4, 'this is the sum over the counted positions; the loss is their mean.': 3000.0}
    g.check_close(value, 1000.0, 'masked_cross_entropy at logits of +-1000', mistakes=mistakes, rtol=1e-12)

