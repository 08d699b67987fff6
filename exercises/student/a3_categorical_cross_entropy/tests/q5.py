from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_q5_is_a_number_and_not_a_common_slip(q5_answer):
    import numpy as np
    assert isinstance(q5_answer, (int, float, np.floating)) and np.isfinite(q5_answer), 'store your answer in q5_answer as a finite number'
    answer = float(q5_answer)
    slips = [(0.1531782, 'that is the loss if the true class were class 1 (logit 4); classes are counted from 0, so the true class 2 is the third one, with logit 0.5.'), (1.0986123, 'that is log C = log 3, the loss of a uniform prediction; these logits are not all equal.'), (0.0259087, 'that is the probability p_2 of the true class; the loss is -log p_2.')]
    for value, message in slips:
        if np.isclose(answer, value, rtol=0.0005):
            raise AssertionError(f'q5_answer = {answer:.6g}: {message}')
    if answer < 0:
        raise AssertionError(f'q5_answer = {answer:.6g}: the sign is wrong: the loss is -log p_2, and p_2 < 1, so it is positive.')

