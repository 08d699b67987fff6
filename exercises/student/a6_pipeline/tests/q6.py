from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=1, hidden=False)
def test_q6_answers_are_whole_numbers(q6_answer, q6_answer_images):
    import numpy as np
    for name, value in (('q6_answer', q6_answer), ('q6_answer_images', q6_answer_images)):
        assert isinstance(value, (int, float, np.integer, np.floating)) and float(value).is_integer(), f'store your answer in {name} as a whole number'

