from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=1, hidden=False)
def test_log_softmax_values(log_softmax):
    import numpy as np
    from course_lib import grading as g
    z = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    expected = np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
    g.check_close(g.call(log_softmax, z, name='log_softmax'), expected, 'log_softmax(z)', dtype=np.float64)

