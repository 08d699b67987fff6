from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=1, hidden=False)
def test_softmax_values(softmax):
    import numpy as np
    from course_lib import grading as g
    z = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    e = np.exp(z)
    mistakes = {'the probabilities were normalised along axis 0 (over the examples); the classes are on the last axis, so each ROW must sum to 1: use axis=-1.': e / e.sum(axis=0, keepdims=True)}
    out = g.call(softmax, z, name='softmax')
    g.check_close(out, e / e.sum(axis=-1, keepdims=True), 'softmax(z)', mistakes=mistakes, dtype=np.float64)

