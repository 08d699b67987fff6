from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_q5_is_a_number_and_not_a_known_mistake(q5_answer):
    import numpy as np
    assert isinstance(q5_answer, (int, float, np.floating)) and np.isfinite(q5_answer), 'store your answer in q5_answer as a finite number'
    z = np.array([1.0, 2.0, 3.0])
    p0 = float(np.exp(z[0]) / np.exp(z).sum())
    answer = float(q5_answer)
    wrong = {'q5_answer is p_0, the probability of the true class: the gradient is p_0 - y_0, and y_0 = 1 for the true class.': p0, 'q5_answer is -1 / p_0: that is dL/dp_0, the gradient with respect to the probability. With respect to the logit z_0 the chain rule multiplies it by dp_0/dz_0 = p_0 (1 - p_0).': -1 / p0, "q5_answer has the wrong sign: raising the true class's logit lowers the loss, so dL/dz_0 < 0.": 1 - p0, 'q5_answer is p_0 (1 - p_0) = dp_0/dz_0, one entry of the softmax Jacobian; the chain rule multiplies it by dL/dp_0 = -1 / p_0.': p0 * (1 - p0), 'q5_answer is the loss -log p_0 itself, not its derivative.': -np.log(p0)}
    for message, value in wrong.items():
        if np.isclose(answer, value, rtol=0.001):
            raise AssertionError(message)

