from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=1, hidden=False)
def test_smoothed_cross_entropy_value(smoothed_cross_entropy):
    import numpy as np
    from course_lib import grading as g
    z, y, eps = (np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]]), np.array([0, 2]), 0.1)
    t = (1 - eps) * np.eye(3)[y] + eps / 3
    log_p = np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
    expected = np.mean(-(t * log_p).sum(axis=1))
    out = g.call(smoothed_cross_entropy, z, y, eps, name='smoothed_cross_entropy')
    g.check_close(out, expected, 'smoothed_cross_entropy', dtype=np.float64)

