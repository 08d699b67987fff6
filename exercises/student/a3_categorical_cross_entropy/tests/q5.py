from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=1, hidden=False)
def test_q5_is_a_number(q5_answer):
    import numpy as np
    assert isinstance(q5_answer, (int, float, np.floating)) and np.isfinite(q5_answer), 'store your answer in q5_answer as a finite number'

