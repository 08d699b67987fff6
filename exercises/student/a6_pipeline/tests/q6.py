from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_q6_answers_are_whole_numbers(q6_answer, q6_answer_images):
    import numpy as np
    for name, value in (('q6_answer', q6_answer), ('q6_answer_images', q6_answer_images)):
        assert isinstance(value, (int, float, np.integer, np.floating)) and float(value).is_integer(), f'store your answer in {name} as a whole number'
    for name, value, D, C in (('q6_answer', q6_answer, 4, 3), ('q6_answer_images', q6_answer_images, 28 * 28, 10)):
        messages = {C * D: f'{name} counts only W (C x D = {C * D} entries): you forgot the biases, one per class.', C * D + D: f'{name} gives b one entry per feature (D = {D}); b has one entry per class (C = {C}).', C + D: f'{name} adds C and D; W is a C x D matrix, so it has C times D entries, plus the C biases.'}
        if D == 28 * 28:
            for wrong in (10 * 28, 10 * 28 + 10, 10 * 28 + 28, 10 + 28):
                messages[wrong] = f'{name} takes D = 28: each of the 28 x 28 pixels is a feature, so D = 784, not 28.'
        for wrong, message in messages.items():
            if float(value) == wrong:
                raise AssertionError(message)

