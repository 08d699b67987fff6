from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_numerical_gradient_values(numerical_gradient):
    import numpy as np
    import course_grading as g
    piled_up = 'x[k] is not restored after its perturbation: the perturbations pile up (x + eps e_0 + ... + eps e_k on one array, x - eps e_0 - ... - eps e_k on the other), so entry k is the sum of the first k + 1 partial derivatives. Put x[k] back to its original value after its two evaluations of f.'
    forward = 'these are forward differences, (f(x + eps) - f(x)) / eps: their error is O(eps). Use the central difference (f(x + eps) - f(x - eps)) / (2 eps), whose error is O(eps^2).'
    backward = 'these are backward differences, (f(x) - f(x - eps)) / eps: their error is O(eps). Use the central difference (f(x + eps) - f(x - eps)) / (2 eps), whose error is O(eps^2).'
    twice = 'this is twice the gradient: the central difference divides by 2 eps, the distance between x - eps and x + eps, not by eps.'
    zero = 'every entry is 0: f never saw the perturbation. Perturb the array you pass to f: a flat VIEW of your copy (copy.reshape(-1)), not a flattened copy of it (flatten() copies), nor a new array each time.'
    x = np.array([1.0, -2.0, 0.5])
    out = g.call(numerical_gradient, lambda v: np.sum(v ** 2), x, name='numerical_gradient', own_work=True)
    mistakes = {forward: 2 * x + 1e-06, backward: 2 * x - 1e-06, twice: 4 * x, piled_up: np.cumsum(2 * x), zero: np.zeros(3)}
    label = 'numerical_gradient of sum(x**2)'
    g.check_close(out, 2 * x, label, mistakes=mistakes, dtype=np.float64, rtol=1e-08, atol=1e-08)
    a = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0], [0.5, -2.0, 1.0]])

    def f(v):
        return np.sum(np.outer(v, v) * a)
    hess = a + a.T
    x, eps = (np.array([0.5, -1.0, 2.0]), 0.01)
    grad = hess @ x
    earlier = np.tril(hess, -1).sum(axis=1)
    left_behind = 'x[k] is not restored after its perturbation: after coordinate k, x[k] stays at x[k] {} eps, so every later coordinate is differenced at a shifted point. A separable f such as sum(x**2) cannot show it; this f(v) = v^T A v couples the coordinates, and it does. Put x[k] back to its original value after its two evaluations of f.'
    out = g.call(numerical_gradient, f, x, eps, name='numerical_gradient', own_work=True)
    mistakes = {left_behind.format('-'): grad - eps * earlier, left_behind.format('+'): grad + eps * earlier, piled_up: np.cumsum(grad), forward: grad + eps * np.diag(a), backward: grad - eps * np.diag(a), twice: 2 * grad, zero: np.zeros(3)}
    label = 'numerical_gradient of f(v) = sum(outer(v, v) * A) with eps = 1e-2'
    g.check_close(out, grad, label, mistakes=mistakes, dtype=np.float64, rtol=1e-08, atol=1e-08)

