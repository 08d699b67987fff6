from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=0.5, hidden=False)
def test_bce_with_logits_value(bce_with_logits):
    import numpy as np
    import course_grading as g
    z, y = (np.array([2.0, -1.0, 0.5]), np.array([1.0, 0.0, 0.0]))
    p = 1 / (1 + np.exp(-z))
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    softplus_neg = np.log1p(np.exp(-z))
    mistakes = {'this is the sum over examples; the loss is their mean (divide by the number of examples).': losses.sum(), 'the linear term has the wrong factor: the loss is (1 - y) z + softplus(-z), not y z + softplus(-z).': np.mean(y * z + softplus_neg), 'softplus has the wrong sign of its argument: the loss is (1 - y) z + softplus(-z), with softplus(-z) = log(1 + e^-z).': np.mean((1 - y) * z + np.log1p(np.exp(z)))}
    g.check_close(g.call(bce_with_logits, z, y, name='bce_with_logits'), np.mean(losses), 'bce_with_logits', mistakes=mistakes, rtol=1e-09)

@test_case(points=0.5, hidden=False)
def test_bce_with_logits_does_not_overflow(bce_with_logits):
    import numpy as np
    import course_grading as g
    z = np.array([-1000.0, 1000.0, 1000.0, -1000.0])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    try:
        out = g.call(bce_with_logits, z, y, name='bce_with_logits', strict=True)
    except AssertionError as e:
        if 'floating-point problem' not in str(e):
            raise
        try:
            silenced = float(np.asarray(g.call(bce_with_logits, z, y, name='bce_with_logits', warnings_as_errors=True)))
        except (AssertionError, TypeError, ValueError):
            raise e from None
        if 5 < silenced < 250:
            raise AssertionError(f'bce_with_logits of z = +-1000 gives {silenced:.4g}, not 500: the loss was computed from sigmoid(z), which rounds to 0 or 1, with a clamp or an eps (and np.errstate hid the log(0)). Use the softplus form, which is exact: a logit of -1000 with y = 1 costs exactly 1000.') from None
        raise AssertionError('bce_with_logits overflows or takes log(0) at logits of +-1000 and hides it with np.errstate (or a warnings filter). Silencing the warning does not avoid the overflow, and the question asks for a form that has none: compute softplus(-z) as max(-z, 0) + log1p(exp(-|z|)), whose exponent is never positive.') from None
    v = float(g.check_array(out, (), None, 'bce_with_logits'))
    if 5 < v < 250:
        raise AssertionError(f'bce_with_logits of z = +-1000 gives {v:.4g}, not 500: the loss was computed from sigmoid(z), which rounds to 0 or 1, with a clamp or an eps. Use the softplus form, which is exact: a logit of -1000 with y = 1 costs exactly 1000.')
    g.check_close(v, 500.0, 'bce_with_logits at z = +-1000 (losses 1000, 1000, 0, 0)', rtol=1e-12)

@test_case(points=0.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_bce_with_logits_is_exact_for_tiny_losses(bce_with_logits):
    import numpy as np
    import course_grading as g

    def loss(z, y):
        return g.call(bce_with_logits, np.array([z]), np.array([y]), name='bce_with_logits')
    try:
        far = float(np.asarray(loss(40.0, 0.0)))
    except (AssertionError, TypeError, ValueError):
        far = np.nan
    if np.isclose(far, 40.0, rtol=1e-12, atol=0):
        zero = 'the loss came out as 0, not log(1 + e^-z): use log1p: log(1 + x) rounds to 0 when x < 1e-16, since 1 + x is exactly 1 in float64, while np.log1p(x) keeps every digit of a small x. softplus(-z) = max(-z, 0) + np.log1p(np.exp(-np.abs(z))).'
    else:
        zero = 'the loss came out as 0: it was computed from sigmoid(z), which rounds to exactly 1 at z = 40 (and log(1 - sigmoid(40)) is log 0). Compute it from the logits, (1 - y) z + softplus(-z).'
    for z in (40.0, 100.0):
        g.check_close(loss(z, 1.0), np.log1p(np.exp(-z)), f'bce_with_logits of z = {z:g}, y = 1 (one example)', mistakes={zero: 0.0}, rtol=1e-12, atol=1e-300)

