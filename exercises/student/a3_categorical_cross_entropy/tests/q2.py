from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=1, hidden=False)
def test_cross_entropy_value(cross_entropy):
    import numpy as np
    from course_lib import grading as g
    z, y = (np.array([[1.0, 2.0, 0.5, 0.0], [0.0, -1.0, 3.0, 1.0], [2.0, 2.0, 0.0, -1.0]]), np.array([0, 3, 1]))
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(p[[0, 1, 2], y]))
    g.check_close(g.call(cross_entropy, z, y, name='cross_entropy'), expected, 'cross_entropy', dtype=np.float64)

