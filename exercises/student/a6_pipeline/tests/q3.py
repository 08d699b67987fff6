from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=1, hidden=False)
def test_train_step_returns_new_weights_of_the_right_shapes(train_step):
    import numpy as np
    from course_lib import grading as g
    X = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0], [-2.0, 1.0, 1.0], [0.0, -1.0, 2.0]])
    W = np.array([[0.2, -0.5, 1.0], [1.5, 0.3, -0.4]])
    b = np.array([0.1, -0.7])
    y = np.array([0, 1, 1, 0])
    out = g.call(train_step, X, y, W, b, 0.1, name='train_step')
    if out is None:
        raise AssertionError('train_step returned None: did you forget the return statement?')
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise AssertionError('train_step must return a tuple of two: (W_new, b_new)')
    g.check_array(out[0], (2, 3), np.float64, 'W_new')
    g.check_array(out[1], (2,), np.float64, 'b_new')

