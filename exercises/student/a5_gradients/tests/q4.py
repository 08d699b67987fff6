from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=1, hidden=False)
def test_smoothed_ce_grad_shape(smoothed_ce_grad):
    import numpy as np
    from course_lib import grading as g
    z, t = (np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]]), np.array([0, 2]))
    g.check_array(g.call(smoothed_ce_grad, z, t, 0.1, name='smoothed_ce_grad'), z.shape, np.float64, 'smoothed_ce_grad')

