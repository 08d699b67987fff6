from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=0.5, hidden=False)
def test_sigmoid_values_and_dtype(sigmoid):
    import numpy as np
    import course_grading as g
    z = np.array([-2.0, 0.0, 3.0])
    g.check_close(g.call(sigmoid, z, name='sigmoid'), 1 / (1 + np.exp(-z)), 'sigmoid(z)', dtype=np.float64)
    z32 = np.array([-4.0, 0.5, 1.5], dtype=np.float32)
    expected = 1 / (1 + np.exp(-z32.astype(np.float64)))
    g.check_close(g.call(sigmoid, z32, name='sigmoid'), expected, 'sigmoid of float32 logits', dtype=np.float32, rtol=1e-06)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_sigmoid_does_not_overflow(sigmoid):
    import numpy as np
    import course_grading as g

    def overflows_at(z):
        try:
            g.call(sigmoid, np.array([z]), name='sigmoid', strict=True)
        except AssertionError as e:
            return 'floating-point problem' in str(e)
        return False
    z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    try:
        out = g.call(sigmoid, z, name='sigmoid', strict=True)
    except AssertionError as e:
        if 'floating-point problem' not in str(e):
            raise
        if overflows_at(-1000.0) and overflows_at(1000.0):
            raise AssertionError('sigmoid overflows at z = -1000 and at z = +1000: both branches were computed for every element. np.where(z >= 0, a, b) evaluates a and b everywhere before it picks, so exp(-z) overflows where z < 0 and exp(z) where z > 0, in the branch it then drops (silencing the warning does not avoid it). Compute e = exp(-|z|) once, whose exponent is never positive, and write both branches with it.') from None
        try:
            g.call(sigmoid, z, name='sigmoid', warnings_as_errors=True)
        except AssertionError:
            raise e from None
        raise AssertionError('sigmoid overflows at extreme logits and hides it with np.errstate (or a warnings filter). Silencing the warning does not avoid the overflow, and the question asks for a sigmoid that does not overflow: compute e = exp(-|z|), whose exponent is never positive, and write sigma with it for both signs of z.') from None
    arr = g.check_array(out, z.shape, np.float64, 'sigmoid at z = -1000 ... 1000')
    if 0 < arr[0] < 1e-06:
        raise AssertionError(f'sigmoid(-1000) is {arr[0]:.3g}, not 0 (the true value, about 5e-435, is below the smallest float, so it rounds to 0): were the logits clipped, np.clip(z, -500, 500)? Clipping changes the value far out; compute e = exp(-|z|), which never overflows, instead.')
    tiny = np.exp(-40.0)
    mistakes = {'sigmoid(-40) came out as 0, not about 4.2e-18: for z < 0 it was computed as a difference of two numbers close to 1, 1 - 1 / (1 + e^-|z|) or 0.5 (1 + tanh(z / 2)), which cancels. For z < 0 use e / (1 + e) with e = exp(-|z|): no subtraction.': [0.0, 0.0, 0.5, 1.0, 1.0]}
    g.check_close(arr, [0.0, tiny / (1 + tiny), 0.5, 1 / (1 + tiny), 1.0], 'sigmoid at z = -1000 ... 1000', mistakes=mistakes, rtol=1e-12, atol=1e-300)

