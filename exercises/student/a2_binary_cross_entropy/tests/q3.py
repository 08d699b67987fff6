from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=1, hidden=False)
def test_bce_with_logits_value(bce_with_logits):
    import numpy as np
    from course_lib import grading as g
    z, y = (np.array([2.0, -1.0, 0.5]), np.array([1.0, 0.0, 0.0]))
    p = 1 / (1 + np.exp(-z))
    g.check_close(g.call(bce_with_logits, z, y, name='bce_with_logits'), -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), 'bce_with_logits', rtol=1e-09)

