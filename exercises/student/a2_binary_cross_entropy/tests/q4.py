from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=0.5, hidden=False)
def test_bce_grad_shape(bce_grad):
    import numpy as np
    import course_grading as g
    z, y = (np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    g.check_array(g.call(bce_grad, z, y, name='bce_grad'), z.shape, np.float64, 'bce_grad')

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_bce_grad_values(bce_grad):
    import numpy as np
    import course_grading as g
    z = np.array([[1.0, -2.0], [0.0, 3.0], [-0.5, 0.5]])
    y = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    p = 1 / (1 + np.exp(-z))
    mistakes = {'this is the gradient of the summed loss; the loss is a mean, so divide by the number of elements.': p - y, 'this is the gradient with respect to the probability y_hat, (y_hat - y) / (y_hat (1 - y_hat)); the question asks for the gradient with respect to the logit z, which is y_hat - y (over N).': (p - y) / (p * (1 - p)) / z.size, 'this is the gradient with respect to y_hat, summed rather than averaged; the question asks for (y_hat - y) / N, the gradient with respect to the logit z.': (p - y) / (p * (1 - p)), 'the sign is wrong: the gradient is y_hat - y (divided by N), not y - y_hat.': (y - p) / z.size, 'this divides by len(z), the number of rows; the loss is the mean over every element of the logits, so divide by z.size.': (p - y) / len(z)}
    g.check_close(g.call(bce_grad, z, y, name='bce_grad'), (p - y) / z.size, 'bce_grad', mistakes=mistakes, rtol=1e-09, atol=1e-12)

