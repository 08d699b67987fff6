from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=1, hidden=False)
def test_next_token_pairs_of_three_padded_sequences(next_token_pairs):
    import numpy as np
    import course_grading as g
    tokens = np.array([[5, 0, 7, 1, 3, 4], [6, 6, 2, 0, 0, 0], [3, 9, 0, 0, 0, 0]])
    lengths = np.array([6, 3, 2])
    out = g.call(next_token_pairs, tokens, lengths, name='next_token_pairs')
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        got = 'None' if out is None else f'a {type(out).__name__}'
        raise AssertionError(f'next_token_pairs returned {got}; return a tuple of two arrays (inputs, targets).')
    inputs, targets = (g.check_array(a, np.shape(a), None, label) for a, label in zip(out, ('inputs', 'targets'), strict=True))
    if (3, 6) in (inputs.shape, targets.shape):
        raise AssertionError('next_token_pairs returned arrays of T = 6 columns: a row of T tokens gives T - 1 = 5 (input, target) pairs, since the last token has no next token to predict (np.roll wraps the first token around to be the last target). inputs = tokens[:, :-1], targets = tokens[:, 1:].')
    for label, a in (('inputs', inputs), ('targets', targets)):
        g.check_array(a, (3, 5), None, label)
        if a.dtype.kind not in 'iu':
            raise AssertionError(f'{label} has dtype {a.dtype}: token ids and ignore_index are integers; keep an integer dtype.')
    t = np.arange(5)
    real = t + 1 < lengths[:, None]
    if np.array_equal(inputs, tokens[:, 1:]):
        raise AssertionError('the shift is in the wrong direction: the inputs are tokens[:, 1:] and the targets tokens[:, :-1], so each position predicts the token before it. The input at position t is tokens[:, t] and its target the NEXT token, tokens[:, t + 1]: inputs = tokens[:, :-1], targets = tokens[:, 1:].')
    changed = inputs != tokens[:, :-1]
    if changed.any() and np.all(inputs[changed] == -100):
        raise AssertionError('the inputs were masked too: only the targets get ignore_index. The model reads token ids, and -100 is none; the inputs are tokens[:, :-1] unchanged (the target of a padded input is padding, so that position is skipped anyway).')
    g.check_close(inputs, tokens[:, :-1], 'inputs', rtol=0, atol=0)
    if np.array_equal(targets[real], tokens[:, :-1][real]):
        raise AssertionError('the targets are the inputs: there is no shift, so each position would predict the token it reads. The target at position t is the next token, tokens[:, t + 1]: targets = tokens[:, 1:].')
    following = tokens[:, 1:]
    mistakes = {'the targets that fall on padding were not set to ignore_index (-100 here), so the loss would train the model to predict padding: set targets[b, t] = ignore_index where t + 1 >= lengths[b].': following, 'one padding target per row is kept: the target at position t is tokens[:, t + 1], which is padding as soon as t + 1 >= lengths[b] (not t >= lengths[b]); the last real token of a row has padding, not a real token, after it.': np.where(t >= lengths[:, None], -100, following), 'the last real target of each row was ignored: the target at position t, tokens[:, t + 1], is a real token while t + 1 < lengths[b]; ignore the positions with t + 1 >= lengths[b] only.': np.where(t + 2 >= lengths[:, None], -100, following), 'a real token was ignored: padding was found by its token id (0 here), which a real token can have too (row 0 holds a real 0). Find the padding by its position, from lengths.': np.where(following == 0, -100, following)}
    g.check_close(targets, np.where(real, following, -100), 'targets', mistakes=mistakes, rtol=0, atol=0)

@test_case(points=0.5, hidden=False, 
    success_message="The public checks passed, but they are not your grade: the full tests add hidden ones. To see your grade, save the notebook and run the self-grade cell at its end.")
def test_next_token_pairs_with_another_ignore_index(next_token_pairs):
    import numpy as np
    import course_grading as g
    tokens = np.array([[4, 8, 2, 2, 9], [1, 3, 7, 7, 7]])
    lengths = np.array([5, 2])
    out = g.call(next_token_pairs, tokens, lengths, -1, name='next_token_pairs')
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        got = 'None' if out is None else f'a {type(out).__name__}'
        raise AssertionError(f'next_token_pairs returned {got}; return a tuple of two arrays (inputs, targets).')
    t = np.arange(4)
    following = tokens[:, 1:]
    g.check_close(out[0], tokens[:, :-1], 'inputs (ignore_index = -1)', rtol=0, atol=0)
    mistakes = {'the ignored targets are -100, not the ignore_index argument (-1 here): write ignore_index, not the number -100.': np.where(t + 1 >= lengths[:, None], -100, following), "the targets that fall on padding were not set to ignore_index (-1 here): the padding's token id is 7 in this batch, so find the padding by its position, from lengths, and set targets[b, t] = ignore_index where t + 1 >= lengths[b].": following, 'one padding target per row is kept: the target at position t is tokens[:, t + 1], which is padding as soon as t + 1 >= lengths[b] (not t >= lengths[b]).': np.where(t >= lengths[:, None], -1, following)}
    expected = np.where(t + 1 < lengths[:, None], following, -1)
    g.check_close(out[1], expected, 'targets (ignore_index = -1)', mistakes=mistakes, rtol=0, atol=0)

