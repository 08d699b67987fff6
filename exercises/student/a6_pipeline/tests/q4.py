from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_accuracy_value(accuracy):
    import numpy as np
    import course_grading as g

    def mistakes(acc, n, acc_axis0=None):
        known = {'this is the number of correct predictions, not the fraction: divide by N (or take the mean).': acc * n, 'this is a percentage; accuracy here is a fraction between 0 and 1.': 100 * acc, 'this is the error rate, the fraction of wrong predictions; accuracy is the fraction of correct ones.': 1 - acc}
        if acc_axis0 is not None:
            known['the argmax was taken along axis 0, over the samples; take it along axis 1, over the classes (one prediction per sample).'] = acc_axis0
        return known
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [1.0, 1.0], [2.0, -1.0]])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    b = np.zeros(3)
    y = np.array([0, 1, 2, 2, 0])
    try:
        out = g.call(accuracy, X, y, W, b, name='accuracy')
    except AssertionError as e:
        if 'could not be broadcast' in str(e):
            raise AssertionError(f"{str(e).rstrip(' .')}. The predictions do not have the labels' shape (N,): was the argmax taken along axis 0, over the samples, instead of axis 1, over the classes?") from None
        raise
    g.check_close(out, 0.8, 'accuracy', mistakes=mistakes(0.8, 5), rtol=1e-12)
    X = np.array([[2.0, -2.0], [-1.0, -2.0], [-2.0, 1.0], [-2.0, -1.0]])
    W = np.array([[2.0, -1.0], [1.0, 2.0], [0.0, 1.0], [0.0, 2.0]])
    b = np.array([0.1, 0.2, -0.3, 0.0])
    y = np.array([0, 1, 3, 2])
    out = g.call(accuracy, X, y, W, b, name='accuracy')
    g.check_close(out, 0.75, 'accuracy with N = C = 4', mistakes=mistakes(0.75, 4, acc_axis0=0.5), rtol=1e-12)

