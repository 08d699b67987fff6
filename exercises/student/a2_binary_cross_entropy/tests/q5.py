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
    y_hat = np.exp(-3.0) / (1 + np.exp(-3.0))
    slips = [(y_hat - 1, 'q5_answer is y_hat - y: that is the gradient with respect to the logit z, dl/dz. The question asks for dl/dy_hat, the derivative with respect to the probability: differentiate -log(y_hat).'), (-1 / (1 - y_hat), 'q5_answer is -1 / (1 - y_hat), which is -1 / sigma(3): either y_hat was taken as sigma(3) = 1 / (1 + e^-3), about 0.953, instead of sigma(-3) = 1 / (1 + e^3), about 0.0474, or the derivative of the y = 0 term was used; with y = 1, only -log(y_hat) is left.'), (-np.log(y_hat), 'q5_answer is the loss -log(y_hat) itself; the question asks for its derivative with respect to y_hat.'), (y_hat, 'q5_answer is y_hat = sigma(-3) itself; the question asks for dl/dy_hat.')]
    for value, message in slips:
        if np.isclose(answer, value, rtol=0.001):
            raise AssertionError(message)
    if answer > 0:
        raise AssertionError('q5_answer has the wrong sign: it is positive, but dl/dy_hat is negative here (raising y_hat, the predicted probability of the true class, lowers the loss).')

