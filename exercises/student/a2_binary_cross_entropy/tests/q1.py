from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=1, hidden=False)
def test_sigmoid_values(sigmoid):
    import numpy as np
    from course_lib import grading as g
    z = np.array([-2.0, 0.0, 3.0])
    g.check_close(g.call(sigmoid, z, name='sigmoid'), 1 / (1 + np.exp(-z)), 'sigmoid(z)', dtype=np.float64)

