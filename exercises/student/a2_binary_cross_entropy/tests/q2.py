from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=1, hidden=False)
def test_bce_value(bce):
    import numpy as np
    from course_lib import grading as g
    p, y = (np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0]))
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    g.check_close(g.call(bce, p, y, name='bce'), expected, 'bce', rtol=1e-09)

