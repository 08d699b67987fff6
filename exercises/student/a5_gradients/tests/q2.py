from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=1, hidden=False)
def test_ce_grad_shape(ce_grad):
    import numpy as np
    from course_lib import grading as g
    z = np.array([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, 0.0, -0.5], [0.0, 3.0, -2.0, 1.0]])
    t = np.array([0, 3, 1])
    g.check_array(g.call(ce_grad, z, t, name='ce_grad'), z.shape, np.float64, 'ce_grad')

