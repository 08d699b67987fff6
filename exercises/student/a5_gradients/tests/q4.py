from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_smoothed_ce_grad_values(smoothed_ce_grad):
    import numpy as np
    import course_grading as g
    z = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5], [2.0, 2.0, -1.0]])
    t, eps = (np.array([0, 2, 1]), 0.2)
    n, c = z.shape
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    y = np.zeros((n, c))
    y[np.arange(n), t] = 1.0
    smooth = (1 - eps) * y + eps / c
    mistakes = {"eps was spread over the C - 1 other classes (eps / (C - 1) each); label smoothing gives every class, the true one included, eps / C: t' = (1 - eps) y + eps / C.": (p - ((1 - eps) * y + eps / (c - 1) * (1 - y))) / n, "the true class did not get its share eps / C: label smoothing gives every class, the true one included, eps / C, so the true class's target is 1 - eps + eps / C: t' = (1 - eps) y + eps / C.": (p - ((1 - eps) * y + eps / c * (1 - y))) / n, "the smoothing was ignored: this is the plain gradient (p - y) / N; with smoothing the target is t' = (1 - eps) y + eps / C.": (p - y) / n, "eps / (C - 1) was added to every class; label smoothing adds eps / C to every class, the true one included, and scales the one-hot part by (1 - eps): t' = (1 - eps) y + eps / C.": (p - ((1 - eps) * y + eps / (c - 1))) / n, "eps was added to every class without dividing it by C, so the target no longer sums to 1: t' = (1 - eps) y + eps / C.": (p - ((1 - eps) * y + eps)) / n, "the one-hot part was not scaled by (1 - eps): y + eps / C sums to 1 + eps; t' = (1 - eps) y + eps / C sums to 1.": (p - (y + eps / c)) / n, "the smoothing was applied to the predictions instead of the target: p stays the softmax, and it is the target that becomes t' = (1 - eps) y + eps / C.": ((1 - eps) * p + eps / c - y) / n, 'this is the gradient of the summed loss; the loss is the mean over the N samples, so divide by N.': p - smooth, "the sign is wrong: the gradient is p - t' (divided by N), not t' - p.": (smooth - p) / n}
    out = g.call(smoothed_ce_grad, z, t, eps, name='smoothed_ce_grad')
    label = 'smoothed_ce_grad with eps = 0.2'
    g.check_close(out, (p - smooth) / n, label, mistakes=mistakes, dtype=np.float64, rtol=1e-09, atol=1e-12)

