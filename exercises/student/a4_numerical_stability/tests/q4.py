from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=1, hidden=False)
def test_softplus_values(softplus):
    import numpy as np
    from course_lib import grading as g
    x = np.array([-2.0, 0.0, 3.0])
    mistakes = {'max(x, 0) alone drops the second term: softplus(x) = max(x, 0) + log(1 + exp(-|x|)), which is log 2 at x = 0, not 0.': np.maximum(x, 0)}
    out = g.call(softplus, x, name='softplus')
    g.check_close(out, np.log(1 + np.exp(x)), 'softplus(x)', mistakes=mistakes, dtype=np.float64, rtol=1e-09)

