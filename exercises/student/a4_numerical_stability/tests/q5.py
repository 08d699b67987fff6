from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=1, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_q5_is_a_number_with_the_stated_properties(q5_answer):
    import warnings
    import numpy as np
    assert isinstance(q5_answer, (int, float, np.integer, np.floating)) and (not isinstance(q5_answer, bool)), 'store your answer in q5_answer as a number (a Python float), in place of the ...'
    assert np.isfinite(q5_answer), 'q5_answer must be a finite number'
    answer = float(q5_answer)
    if abs(answer - np.log(np.finfo(np.float64).max)) < 0.01:
        raise AssertionError('q5_answer is about 709.78: that is the float64 threshold, log of the largest float64. The question asks for float32, whose largest value is np.finfo(np.float32).max, about 3.4e38.')
    if abs(answer - np.log10(np.finfo(np.float32).max)) < 0.01:
        raise AssertionError('q5_answer is 38.53, the base-10 logarithm of the largest float32; np.exp is base e: take np.log.')
    with warnings.catch_warnings(), np.errstate(over='ignore'):
        warnings.simplefilter('ignore')
        here, above = (np.exp(np.float32(answer)), np.exp(np.float32(answer + 0.01)))
    if not np.isfinite(here):
        hint = ' The largest x must give a finite exp: round the threshold down, not up.' * (answer < 88.74)
        raise AssertionError(f'np.exp(np.float32({answer:g})) is inf: q5_answer is above the float32 threshold.{hint}')
    if np.isfinite(above):
        if answer >= 88.0:
            raise AssertionError(f'q5_answer is {answer:g}: that is truncated too far; np.exp(np.float32({answer + 0.01:.2f})) is finite too. Give the threshold to 2 decimals, rounded down.')
        raise AssertionError(f'np.exp(np.float32({answer + 0.01:.2f})) is finite too, so {answer:g} is not the largest such x to 2 decimals: derive it from np.finfo(np.float32).max.')

