from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=1, hidden=False)
def test_bce_grad_shape(bce_grad):
    import numpy as np
    from course_lib import grading as g
    z, y = (np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    g.check_array(g.call(bce_grad, z, y, name='bce_grad'), z.shape, np.float64, 'bce_grad')

