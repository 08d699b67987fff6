from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=0.5, hidden=False)
def test_distillation_loss_values(distillation_loss):
    import numpy as np
    import course_grading as g
    s = np.array([[1.0, -0.5, 0.2], [0.3, 0.3, 2.0]])
    t = np.array([[2.5, 0.0, -1.0], [0.0, 1.0, 1.5]])

    def softmax(v):
        e = np.exp(v - v.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def kl(a, b):
        return np.sum(a * (np.log(a) - np.log(b)))
    p, q = (softmax(s / 2), softmax(t / 2))
    mistakes = {"the T^2 factor is missing: the loss is T^2 KL(q || p). The gradient of KL(q || p) with respect to the student's logits is (p - q) / T, so without T^2 the soft targets' gradients shrink as 1 / T^2 when T grows.": kl(q, p) / 2, "the KL divergence is in the wrong direction: this is KL(p || q), with the student's p as the target. The teacher's q is the target: sum_c q_c (log q_c - log p_c).": 4 * kl(p, q) / 2, "T was applied to the teacher's logits only: divide the student's logits by T too, p = softmax(s / T).": 4 * kl(q, softmax(s)) / 2, "this divides by every element, N C (torch's reduction='mean'); the loss is the mean over the samples, N (reduction='batchmean'): sum over the classes, average over the samples.": 4 * kl(q, p) / 6, "this is the soft-target cross-entropy -sum_c q_c log p_c, which is the KL divergence plus the teacher's entropy: subtract sum_c q_c log q_c (the same gradient, not the same loss).": 4 * np.sum(-q * np.log(p)) / 2, 'the loss is multiplied by T, not by T^2.': 2 * kl(q, p) / 2, "T was applied to the student's logits only: divide the teacher's logits by T too, q = softmax(t / T).": 4 * kl(softmax(t), p) / 2, 'this is the sum over the samples; the loss is their mean (batchmean: divide by N).': 4 * kl(q, p)}
    out = g.call(distillation_loss, s, t, 2.0, name='distillation_loss')
    g.check_close(out, 4 * kl(q, p) / 2, 'distillation_loss at T = 2', mistakes=mistakes, rtol=1e-09, dtype=np.float64)

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_distillation_loss_at_logits_of_1000(distillation_loss):
    import numpy as np
    import course_grading as g
    s = np.array([[-1000.0, 0.0, 1000.0], [0.0, 0.0, 0.0]])
    t = np.array([[1000.0, 0.0, -1000.0], [3.0, 2.0, 1.0]])

    def log_softmax(v):
        m = v.max(axis=1, keepdims=True)
        return v - m - np.log(np.exp(v - m).sum(axis=1, keepdims=True))
    log_p, log_q = (log_softmax(s / 2), log_softmax(t / 2))
    with np.errstate(under='ignore'):
        expected = 4 * np.sum(np.exp(log_q) * (log_q - log_p)) / 2
        reversed_kl = 4 * np.sum(np.exp(log_p) * (log_p - log_q)) / 2
    out = g.call(distillation_loss, s, t, 2.0, name='distillation_loss', strict=True)
    value = g.check_array(out, (), np.float64, 'distillation_loss at logits of +-1000, T = 2')
    if np.isnan(value):
        raise AssertionError('distillation_loss at logits of +-1000 is nan: a teacher probability underflowed to 0 and its term became 0 * log 0 = 0 * -inf = nan. Take log q and log p from a stable log-softmax, z - max z - log(sum exp(z - max z)), and weight by q = exp(log q): a q of 0 then adds exactly 0.')
    if np.isfinite(value) and 1 < value < 100:
        raise AssertionError(f'distillation_loss at logits of +-1000 is {float(value):.4g}, not about 2000: the logs were capped, by log(p + eps) or a clip of the probabilities. Take log p and log q from a stable log-softmax.')
    mistakes = {'the T^2 factor is missing: the loss is T^2 KL(q || p).': expected / 4, 'the loss is multiplied by T, not by T^2.': expected / 2, 'this divides by every element, N C; the loss is the mean over the samples, N.': expected / 3, 'this is the sum over the samples; the loss is their mean (batchmean: divide by N).': expected * 2, "the KL divergence is in the wrong direction: the teacher's q is the target, KL(q || p).": reversed_kl}
    g.check_close(value, expected, 'distillation_loss at logits of +-1000, T = 2', mistakes=mistakes, rtol=1e-12)

