from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=1, hidden=False)
def test_accuracy_value(accuracy):
    import numpy as np
    from course_lib import grading as g
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
    mistakes = {'this is the number of correct predictions, not the fraction: divide by N (or take the mean).': 4, 'this is a percentage; accuracy here is a fraction between 0 and 1.': 80}
    g.check_close(out, 0.8, 'accuracy', mistakes=mistakes, rtol=1e-12)

