from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=1, hidden=False)
def test_stable_cross_entropy_value(stable_cross_entropy):
    import numpy as np
    from course_lib import grading as g
    z = np.array([[1.0, 2.0, 0.5, -1.0], [0.0, 0.0, 0.0, 0.0], [3.0, -2.0, 1.0, 0.5]])
    y = np.array([0, 3, 1])
    p = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
    per_example = -np.log(p[np.arange(3), y])
    mistakes = {'this is the sum over examples; the loss is their mean (divide by N).': per_example.sum(), 'the sign is wrong: the loss is MINUS the log-probability of the true class.': -per_example.mean()}
    out = g.call(stable_cross_entropy, z, y, name='stable_cross_entropy')
    v = float(g.check_array(out, (), None, 'stable_cross_entropy'))
    if 1e-09 < per_example.mean() - v < 0.001:
        raise AssertionError(f'stable_cross_entropy gives {v:.9g}, slightly below the exact {per_example.mean():.9g}: -log(p + eps) lowers every loss a little (and caps it at -log(eps)). Compute logsumexp(z) - z_y from the logits.')
    g.check_close(out, per_example.mean(), 'stable_cross_entropy', mistakes=mistakes, rtol=1e-09)

