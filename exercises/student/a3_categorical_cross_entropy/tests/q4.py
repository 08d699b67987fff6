from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=1, hidden=False)
def test_weighted_cross_entropy_value(weighted_cross_entropy):
    import numpy as np
    from course_lib import grading as g
    z = np.array([[2.0, 0.5, 0.1], [1.5, 1.0, -0.5], [0.2, 0.3, 0.1], [1.0, 0.0, 0.5]])
    y, w = (np.array([0, 0, 0, 2]), np.array([1.0, 1.0, 5.0]))
    log_p = np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
    nll = -log_p[np.arange(4), y]
    expected = np.sum(w[y] * nll) / np.sum(w[y])
    out = g.call(weighted_cross_entropy, z, y, w, name='weighted_cross_entropy')
    g.check_close(out, expected, 'weighted_cross_entropy', dtype=np.float64)

