from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=1, hidden=False)
def test_numerical_gradient_of_a_square(numerical_gradient):
    import numpy as np
    from course_lib import grading as g
    x = np.array([1.0, -2.0, 0.5])
    out = g.call(numerical_gradient, lambda v: np.sum(v ** 2), x, name='numerical_gradient', own_work=True)
    g.check_close(out, 2 * x, 'numerical_gradient of sum(x**2)', dtype=np.float64, rtol=1e-07, atol=1e-07)

