from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=1, hidden=False)
def test_q5_answers_are_numbers(q5_answer, q5_answer_10):
    import numpy as np
    for name, value in (('q5_answer', q5_answer), ('q5_answer_10', q5_answer_10)):
        assert isinstance(value, (int, float, np.integer, np.floating)) and np.isfinite(value), f'store your answer in {name} as a finite number'

