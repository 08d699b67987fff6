from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_q5_answers_are_numbers(q5_answer, q5_answer_10):
    import numpy as np
    for name, value in (('q5_answer', q5_answer), ('q5_answer_10', q5_answer_10)):
        assert isinstance(value, (int, float, np.integer, np.floating)) and np.isfinite(value), f'store your answer in {name} as a finite number'
    for name, value, C, other in (('q5_answer', q5_answer, 3, 10), ('q5_answer_10', q5_answer_10, 10, 3)):
        messages = {-np.log(C): f'{name} is log(1/{C}), which is negative: a cross-entropy is minus a log-probability, so it is never negative.', 1 / C: f"{name} is the probability 1/{C} of each class; the loss is -log of the true class's probability.", np.log2(C): f'{name} is log {C} in base 2 (bits); the cross-entropy uses the natural logarithm.', C * np.log(C): f"{name} is {C} log {C}, -log(1/{C}) summed over all {C} classes; a sample's loss is -log of the probability of its true class only.", np.log(other): f'{name} is log {other}: that is for {other} classes; here there are {C}.'}
        for wrong, message in messages.items():
            if np.isclose(float(value), wrong, rtol=0.001, atol=1e-09):
                raise AssertionError(message)

