from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=1, hidden=False)
def test_logsumexp_values(logsumexp):
    import numpy as np
    from course_lib import grading as g
    z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]])
    m = z.max(axis=-1, keepdims=True)
    mistakes = {'you shifted by the max but did not add the max back: logsumexp(z) = m + log sum exp(z - m).': np.log(np.exp(z - m).sum(axis=-1))}
    out = g.call(logsumexp, z, name='logsumexp')
    g.check_close(out, np.log(np.exp(z).sum(axis=-1)), 'logsumexp(z)', mistakes=mistakes, dtype=np.float64)

