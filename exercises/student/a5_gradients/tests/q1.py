from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=1, hidden=False)
def test_softmax_jacobian_values(softmax_jacobian):
    import numpy as np
    from course_lib import grading as g
    z = np.array([2.0, 1.0, 0.1, -1.0])
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    g.check_close(g.call(softmax_jacobian, z, name='softmax_jacobian'), np.diag(p) - np.outer(p, p), 'softmax_jacobian(z)', dtype=np.float64, rtol=1e-09, atol=1e-12)

