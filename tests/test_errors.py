"""Bad inputs: every public function raises ValueError (never IndexError) with a message naming the argument."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course_lib as cl
from course_lib.data import make_blobs

# The categorical family shares its validation; each error is checked on every member.
CE_FUNCTIONS = {
    "cross_entropy": cl.cross_entropy,
    "cross_entropy_grad": cl.cross_entropy_grad,
    "cross_entropy_and_grad": cl.cross_entropy_and_grad,
    "nll_loss": cl.nll_loss,
}
INPUT_NAME = {"nll_loss": "log_probs"}  # what each function calls its first argument; "logits" otherwise

BCE_FUNCTIONS = {
    "binary_cross_entropy": cl.binary_cross_entropy,
    "binary_cross_entropy_grad": cl.binary_cross_entropy_grad,
}
BCE_LOGITS_FUNCTIONS = {
    "binary_cross_entropy_with_logits": cl.binary_cross_entropy_with_logits,
    "binary_cross_entropy_with_logits_grad": cl.binary_cross_entropy_with_logits_grad,
}
ALL_BCE_FUNCTIONS = {**BCE_FUNCTIONS, **BCE_LOGITS_FUNCTIONS}

ZS = np.zeros((4, 3))  # logits (N, C) = (4, 3)
Y = np.array([0, 1, 2, 0])
P = np.full((4, 2), 0.5)  # BCE probabilities or logits
T = np.ones((4, 2))  # BCE targets


def ce_params():
    return pytest.mark.parametrize("name", CE_FUNCTIONS)


def shape_pattern(shape: tuple) -> str:
    return re.escape(str(shape))


# --- the categorical family ------------------------------------------------------------------------------


@ce_params()
def test_target_of_the_wrong_shape_names_target_and_shows_both_shapes(name):
    input_name = INPUT_NAME.get(name, "logits")
    pattern = rf"target.*{shape_pattern((4,))}.*{input_name}.*{shape_pattern((4, 3))}.*got {shape_pattern((3,))}"
    with pytest.raises(ValueError, match=pattern):
        CE_FUNCTIONS[name](ZS, np.array([0, 1, 2]))


@ce_params()
@pytest.mark.parametrize("bad_class", [3, 7, -1, -99])
def test_class_index_outside_0_to_C_names_target_and_the_index(name, bad_class):
    # -1 would silently pick the last class by numpy's negative indexing; 3 would be an IndexError
    target = np.array([0, bad_class, 2, 0])
    with pytest.raises(ValueError, match=rf"target.*class index {bad_class}.*\[0, 3\)"):
        CE_FUNCTIONS[name](ZS, target)


@ce_params()
def test_class_index_outside_0_to_C_message_shows_the_input_and_the_ignore_index(name):
    input_name = INPUT_NAME.get(name, "logits")
    pattern = rf"^target holds class index 3 outside \[0, 3\) for {input_name} of shape \(4, 3\), ignore_index=7$"
    with pytest.raises(ValueError, match=pattern):
        CE_FUNCTIONS[name](ZS, np.array([0, 3, 2, 0]), ignore_index=7)


@ce_params()
def test_class_index_equal_to_a_custom_ignore_index_is_accepted(name):
    out = CE_FUNCTIONS[name](ZS, np.array([0, 7, 2, 0]), ignore_index=7)
    assert np.all(np.isfinite(out[0] if isinstance(out, tuple) else out))


@ce_params()
def test_the_default_ignore_index_is_rejected_once_another_is_set(name):
    with pytest.raises(ValueError, match=r"target.*class index -100"):
        CE_FUNCTIONS[name](ZS, np.array([0, -100, 2, 0]), ignore_index=7)


@ce_params()
@pytest.mark.parametrize("weight", [np.ones(2), np.ones(4), np.ones((1, 3)), np.ones((3, 3)), np.float64(1.0)])
def test_class_weight_of_the_wrong_length_or_rank_names_weight(name, weight):
    with pytest.raises(ValueError, match=rf"weight.*C = 3.*got shape {shape_pattern(np.shape(weight))}"):
        CE_FUNCTIONS[name](ZS, Y, weight=weight)


@ce_params()
def test_complex_class_weight_names_weight(name):
    with pytest.raises(ValueError, match=r"^weight must be a real-valued array, got dtype complex128$"):
        CE_FUNCTIONS[name](ZS, Y, weight=np.ones(3, dtype=complex))


@ce_params()
@pytest.mark.parametrize("reduction", ["avg", "Mean", "elementwise_mean", None])
def test_unknown_reduction_names_reduction(name, reduction):
    with pytest.raises(ValueError, match=rf"reduction must be one of.*got {re.escape(repr(reduction))}"):
        CE_FUNCTIONS[name](ZS, Y, reduction=reduction)


@pytest.mark.parametrize("name", ["cross_entropy", "cross_entropy_grad", "cross_entropy_and_grad"])
@pytest.mark.parametrize("label_smoothing", [-0.1, 1.5, float("nan"), float("inf")])
def test_label_smoothing_outside_0_to_1_names_label_smoothing(name, label_smoothing):
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\]"):
        CE_FUNCTIONS[name](ZS, Y, label_smoothing=label_smoothing)


@ce_params()
@pytest.mark.parametrize("logits", [np.float64(1.0), 2.0], ids=["numpy_scalar", "python_float"])
def test_0_d_logits_name_the_input(name, logits):
    input_name = INPUT_NAME.get(name, "logits")
    with pytest.raises(ValueError, match=rf"{input_name} must have at least one axis"):
        CE_FUNCTIONS[name](logits, np.array(0))


@ce_params()
def test_logits_with_no_class_name_the_input(name):
    input_name = INPUT_NAME.get(name, "logits")
    with pytest.raises(ValueError, match=rf"{input_name} must have at least one class.*{shape_pattern((4, 0))}"):
        CE_FUNCTIONS[name](np.zeros((4, 0)), np.zeros(4, dtype=np.int64))


@ce_params()
def test_float_class_index_target_names_target_and_its_dtype(name):
    with pytest.raises(ValueError, match=r"target of class indices must have an integer dtype, got float64"):
        CE_FUNCTIONS[name](ZS, np.array([0.0, 1.0, 2.0, 0.0]))


@ce_params()
def test_integer_target_of_the_logits_shape_names_target(name):
    # an int one-hot matrix is neither class indices (wrong shape) nor probabilities (not float)
    with pytest.raises(ValueError, match=r"target must have shape \(4,\)"):
        CE_FUNCTIONS[name](ZS, np.eye(3, dtype=np.int64)[Y])


@ce_params()
def test_complex_logits_name_the_input(name):
    input_name = INPUT_NAME.get(name, "logits")
    with pytest.raises(ValueError, match=rf"{input_name} must be a real-valued array, got dtype complex128"):
        CE_FUNCTIONS[name](ZS.astype(complex), Y)


def test_nll_loss_with_a_probability_target_says_to_use_cross_entropy():
    with pytest.raises(ValueError, match=r"target of nll_loss must hold class indices.*use cross_entropy"):
        cl.nll_loss(ZS, np.full((4, 3), 1 / 3))


def test_nll_loss_with_a_k_dim_probability_target_shows_the_shape_of_class_indices():
    # log_probs (N, d1, C) = (2, 4, 3): class indices would have the shape (2, 4), every axis but the last
    pattern = (
        r"^target of nll_loss must hold class indices of shape \(2, 4\), got probabilities of shape \(2, 4, 3\); "
        r"use cross_entropy for probability targets$"
    )
    with pytest.raises(ValueError, match=pattern):
        cl.nll_loss(np.zeros((2, 4, 3)), np.full((2, 4, 3), 1 / 3))


@pytest.mark.parametrize("name", ["cross_entropy", "cross_entropy_grad", "cross_entropy_and_grad"])
@pytest.mark.parametrize("bad", [-0.5, 1.5])
def test_probability_target_outside_0_to_1_names_target(name, bad):
    target = np.full((4, 3), 1 / 3)
    target[2, 1] = bad
    with pytest.raises(ValueError, match=rf"target must hold probabilities in \[0, 1\], got a value of .*{bad}"):
        CE_FUNCTIONS[name](ZS, target)


@ce_params()
@given(target=hnp.arrays(np.int64, 4, elements=st.integers(-300, 300)))
def test_class_index_targets_never_raise_index_error(name, target):
    valid = ((target >= 0) & (target < 3)) | (target == -100)
    if np.all(valid):
        CE_FUNCTIONS[name](ZS, target)
    else:
        with pytest.raises(ValueError, match="target holds class index"):
            CE_FUNCTIONS[name](ZS, target)


# --- binary cross-entropy --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_BCE_FUNCTIONS)
def test_binary_target_of_the_wrong_shape_names_target_and_shows_both_shapes(name):
    input_name = "probs" if name in BCE_FUNCTIONS else "logits"
    pattern = rf"target must have the same shape as {input_name} {shape_pattern((4, 2))}, got {shape_pattern((2, 4))}"
    with pytest.raises(ValueError, match=pattern):
        ALL_BCE_FUNCTIONS[name](P, np.ones((2, 4)))


@pytest.mark.parametrize("name", BCE_FUNCTIONS)
@pytest.mark.parametrize("bad", [-0.25, 1.5, np.inf])
def test_probabilities_outside_0_to_1_name_probs(name, bad):
    probs = P.copy()
    probs[1, 1] = bad
    with pytest.raises(ValueError, match=rf"probs must hold probabilities in \[0, 1\], got a value of .*{bad}"):
        BCE_FUNCTIONS[name](probs, T)


@pytest.mark.parametrize("name", ALL_BCE_FUNCTIONS)
@pytest.mark.parametrize("bad", [-1.0, 2.0])
def test_binary_target_outside_0_to_1_names_target(name, bad):
    target = T.copy()
    target[0, 1] = bad
    with pytest.raises(ValueError, match=rf"target must hold probabilities in \[0, 1\], got a value of .*{bad}"):
        ALL_BCE_FUNCTIONS[name](P, target)


@pytest.mark.parametrize("name", ALL_BCE_FUNCTIONS)
@pytest.mark.parametrize("weight", [np.ones(3), np.ones((4, 1, 2)), np.ones((3, 2))], ids=["3", "4_1_2", "3_2"])
def test_binary_weight_that_does_not_broadcast_names_weight(name, weight):
    input_name = "probs" if name in BCE_FUNCTIONS else "logits"
    pattern = rf"weight of shape {shape_pattern(weight.shape)} does not broadcast to {input_name} of shape"
    with pytest.raises(ValueError, match=pattern):
        ALL_BCE_FUNCTIONS[name](P, T, weight=weight)


@pytest.mark.parametrize("name", BCE_LOGITS_FUNCTIONS)
@pytest.mark.parametrize("pos_weight", [np.ones(3), np.ones((2, 4, 2)), np.ones((4, 3))], ids=["3", "2_4_2", "4_3"])
def test_pos_weight_that_does_not_broadcast_names_pos_weight(name, pos_weight):
    pattern = rf"pos_weight of shape {shape_pattern(pos_weight.shape)} does not broadcast to logits of shape"
    with pytest.raises(ValueError, match=pattern):
        BCE_LOGITS_FUNCTIONS[name](P, T, pos_weight=pos_weight)


@pytest.mark.parametrize(
    ("name", "argument"),
    [(name, argument) for name in ALL_BCE_FUNCTIONS for argument in ("input", "target", "weight")]
    + [(name, "pos_weight") for name in BCE_LOGITS_FUNCTIONS],
)
def test_complex_argument_of_a_binary_loss_is_named(name, argument):
    args, kwargs = [P, T], {}
    if argument == "input":
        args[0] = P.astype(complex)
    elif argument == "target":
        args[1] = T.astype(complex)
    else:
        kwargs[argument] = np.ones(2, dtype=complex)
    named = ("probs" if name in BCE_FUNCTIONS else "logits") if argument == "input" else argument
    with pytest.raises(ValueError, match=rf"^{named} must be a real-valued array, got dtype complex128$"):
        ALL_BCE_FUNCTIONS[name](*args, **kwargs)


@pytest.mark.parametrize("name", ALL_BCE_FUNCTIONS)
def test_unknown_reduction_of_a_binary_loss_names_reduction(name):
    with pytest.raises(ValueError, match=r"reduction must be one of"):
        ALL_BCE_FUNCTIONS[name](P, T, reduction="batchmean")


# --- activations -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fn", [cl.softmax, cl.log_softmax, cl.logsumexp, cl.softmax_jacobian], ids=lambda f: f.__name__
)
def test_0_d_input_to_a_softmax_names_z(fn):
    with pytest.raises(ValueError, match=r"z must have at least one axis"):
        fn(3.0)


@pytest.mark.parametrize(
    "fn",
    [cl.sigmoid, cl.log_sigmoid, cl.softmax, cl.log_softmax, cl.logsumexp, cl.softmax_jacobian],
    ids=lambda f: f.__name__,
)
def test_non_numeric_input_to_an_activation_names_z(fn):
    with pytest.raises(ValueError, match=r"^z must be a real-valued array, got dtype <U1$"):
        fn(np.array(["a", "b"]))


def test_one_hot_of_float_labels_names_labels():
    with pytest.raises(ValueError, match=r"labels of class indices must have an integer dtype, got float64"):
        cl.one_hot(np.array([0.0, 1.0]), 3)


@pytest.mark.parametrize("label", [3, -1])
def test_one_hot_of_a_label_outside_0_to_C_names_labels(label):
    pattern = rf"^labels holds class index {label} outside \[0, 3\) for the one-hot result of shape \(2, 3\)$"
    with pytest.raises(ValueError, match=pattern):
        cl.one_hot(np.array([0, label]), 3)


@pytest.mark.parametrize("num_classes", [0, -2, 2.5])
def test_one_hot_with_a_non_positive_or_fractional_num_classes_names_num_classes(num_classes):
    with pytest.raises(ValueError, match=r"num_classes must be an integer >= 1"):
        cl.one_hot(np.array([0, 1]), num_classes)


# --- LinearClassifier and data ---------------------------------------------------------------------------


@pytest.mark.parametrize("X", [np.zeros((5, 3)), np.zeros(4), np.zeros((2, 5, 4))], ids=["wrong_D", "1_d", "3_d"])
@pytest.mark.parametrize("method", ["logits", "predict_proba", "predict", "score", "loss_and_grad", "fit"])
def test_classifier_input_of_the_wrong_shape_names_X(method, X):
    clf = cl.LinearClassifier(n_features=4, n_classes=3)
    args = (X,) if method in ("logits", "predict_proba", "predict") else (X, np.zeros(len(X), dtype=np.int64))
    with pytest.raises(ValueError, match=rf"X must have shape \(N, 4\).*got {shape_pattern(X.shape)}"):
        getattr(clf, method)(*args)


@pytest.mark.parametrize("label", [3, -1, -100])
@pytest.mark.parametrize("method", ["score", "loss_and_grad", "fit"])
def test_classifier_label_outside_0_to_C_raises_a_value_error(method, label):
    # -1 in particular must not pass: score would count it as a plain miss, fit would fail deeper down
    clf = cl.LinearClassifier(n_features=2, n_classes=3)
    X, y = np.zeros((4, 2)), np.array([0, 1, label, 2])
    with pytest.raises(ValueError, match=rf"class index {label} outside \[0, 3\)"):
        getattr(clf, method)(X, y)


@pytest.mark.parametrize("method", ["score", "loss_and_grad", "fit"])
def test_classifier_label_error_names_the_argument_y(method):
    # the caller passed X and y: a message about "target" and "logits" names arguments they never passed
    clf = cl.LinearClassifier(n_features=2, n_classes=3)
    with pytest.raises(ValueError, match=r"\by\b"):
        getattr(clf, method)(np.zeros((4, 2)), np.array([0, 1, 3, 2]))


@pytest.mark.parametrize("method", ["score", "loss_and_grad", "fit"])
def test_classifier_labels_of_the_wrong_length_raise_a_value_error(method):
    clf = cl.LinearClassifier(n_features=2, n_classes=3)
    with pytest.raises(ValueError, match=r"must have shape \(4,\)"):
        getattr(clf, method)(np.zeros((4, 2)), np.array([0, 1, 2]))


@pytest.mark.parametrize(("argument", "value"), [("n_features", 0), ("n_classes", -1), ("n_classes", 2.5)])
def test_classifier_with_a_non_positive_size_names_it(argument, value):
    kwargs = {"n_features": 2, "n_classes": 3, argument: value}
    with pytest.raises(ValueError, match=rf"{argument} must be an integer >= 1"):
        cl.LinearClassifier(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": -1.0}, "lr"),
        ({"epochs": -1}, "epochs"),
        ({"epochs": 1.5}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 2.5}, "batch_size"),
    ],
)
def test_fit_with_a_bad_hyperparameter_names_it(kwargs, argument):
    clf = cl.LinearClassifier(n_features=2, n_classes=3)
    with pytest.raises(ValueError, match=argument):
        clf.fit(np.zeros((4, 2)), np.array([0, 1, 2, 0]), **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"n_per_class": 0}, "n_per_class"), ({"n_classes": 0}, "n_classes"), ({"n_features": 1}, "n_features")],
)
def test_make_blobs_with_a_bad_size_names_it(kwargs, argument):
    args = {"n_per_class": 5, **kwargs}
    minimum = 2 if argument == "n_features" else 1
    with pytest.raises(ValueError, match=rf"{argument} must be an integer >= {minimum}, got {kwargs[argument]}"):
        make_blobs(**args)


# --- calibration: brier_score, reliability_curve, expected_calibration_error, fit_temperature ------------

PROBS = np.array([[0.5, 0.3, 0.2], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [1.0, 0.0, 0.0]])  # (4, 3)
CALIBRATION_FUNCTIONS = {
    "brier_score": cl.brier_score,
    "reliability_curve": cl.reliability_curve,
    "expected_calibration_error": cl.expected_calibration_error,
}


def calibration_params():
    return pytest.mark.parametrize("name", CALIBRATION_FUNCTIONS)


@calibration_params()
@pytest.mark.parametrize("bad", [-0.1, 1.2, np.inf])
def test_probabilities_outside_0_to_1_name_probs_of_a_calibration_function(name, bad):
    probs = PROBS.copy()
    probs[2, 0] = bad
    with pytest.raises(ValueError, match=rf"probs must hold probabilities in \[0, 1\], got a value of .*{bad}"):
        CALIBRATION_FUNCTIONS[name](probs, Y)


@calibration_params()
def test_logits_passed_as_probs_are_rejected_by_the_row_sums(name):
    # values in [0, 1] that are not a distribution: row 1 sums to 0.6
    probs = PROBS.copy()
    probs[1] = [0.2, 0.2, 0.2]
    with pytest.raises(ValueError, match=r"probs must hold probability rows that sum to 1.*row 1 sums to 0\.6"):
        CALIBRATION_FUNCTIONS[name](probs, Y)


@calibration_params()
def test_non_real_probs_name_probs(name):
    with pytest.raises(ValueError, match=r"^probs must be a real-valued array, got dtype complex128$"):
        CALIBRATION_FUNCTIONS[name](PROBS.astype(complex), Y)


@calibration_params()
def test_a_bad_row_under_two_leading_axes_is_shown_by_its_index_pair(name):
    probs = np.full((2, 3, 2), 0.5)
    probs[1, 2] = [0.5, 0.25]
    with pytest.raises(ValueError, match=r"but row \(1, 2\) sums to 0\.75 \(shape \(2, 3, 2\)\)"):
        CALIBRATION_FUNCTIONS[name](probs, np.zeros((2, 3), dtype=np.int64))


@calibration_params()
def test_float16_rows_are_accepted_within_float16_s_tolerance_of_2_to_the_minus_5(name):
    # sqrt(eps) of float16 is 2^-5 = 0.03125 exactly, and float16 (computed in float32) holds these sums
    # exactly: a row off by 2^-5 is accepted, one off by 2^-4 is not. A row off by about 1e-3 (0.333 + 0.666
    # in float16), beyond float32's tolerance of 3.5e-4, is accepted too.
    fn = CALIBRATION_FUNCTIONS[name]
    target = np.array([0, 1])
    fn(np.array([[0.5, 0.53125], [0.333, 0.667]], dtype=np.float16), target)
    fn(np.array([[0.5, 0.46875], [0.333, 0.666]], dtype=np.float16), target)
    with pytest.raises(ValueError, match=r"probs must hold probability rows that sum to 1 \(within 0\.031\)"):
        fn(np.array([[0.5, 0.5625], [0.5, 0.5]], dtype=np.float16), target)


@calibration_params()
def test_rows_summing_to_1_within_the_tolerance_are_accepted(name):
    # a float32 softmax, cast to float64: its rows sum to 1 only to float32 precision
    z = np.random.default_rng(0).standard_normal((50, 10)).astype(np.float32)
    probs = cl.softmax(z).astype(np.float64)
    CALIBRATION_FUNCTIONS[name](probs, np.zeros(50, dtype=np.int64))


@calibration_params()
def test_calibration_target_of_the_wrong_shape_names_target_and_shows_both_shapes(name):
    pattern = rf"target must have shape {shape_pattern((4,))}.*probs {shape_pattern((4, 3))}, got {shape_pattern((3,))}"
    with pytest.raises(ValueError, match=pattern):
        CALIBRATION_FUNCTIONS[name](PROBS, np.array([0, 1, 2]))


@calibration_params()
@pytest.mark.parametrize("bad_class", [3, -1, -100])
def test_calibration_class_index_outside_0_to_C_names_target(name, bad_class):
    with pytest.raises(ValueError, match=rf"target holds class index {bad_class} outside \[0, 3\)"):
        CALIBRATION_FUNCTIONS[name](PROBS, np.array([0, bad_class, 2, 0]))


@calibration_params()
def test_calibration_float_target_names_target_and_its_dtype(name):
    with pytest.raises(ValueError, match=r"target of class indices must have an integer dtype, got float64"):
        CALIBRATION_FUNCTIONS[name](PROBS, Y.astype(float))


@calibration_params()
def test_0_d_probs_name_probs(name):
    with pytest.raises(ValueError, match=r"probs must have at least one axis"):
        CALIBRATION_FUNCTIONS[name](0.5, np.array(0))


@pytest.mark.parametrize("name", ["reliability_curve", "expected_calibration_error"])
@pytest.mark.parametrize("n_bins", [0, -3, 2.5, True, "10", None, float("nan")])
def test_n_bins_below_1_or_not_an_integer_names_n_bins(name, n_bins):
    with pytest.raises(ValueError, match=rf"n_bins must be an integer >= 1, got {re.escape(repr(n_bins))}"):
        CALIBRATION_FUNCTIONS[name](PROBS, Y, n_bins=n_bins)


def test_fit_temperature_target_of_the_wrong_shape_names_target():
    pattern = rf"target must have shape {shape_pattern((4,))} \(class indices\) to match logits {shape_pattern((4, 3))}"
    with pytest.raises(ValueError, match=pattern):
        cl.fit_temperature(ZS, np.array([0, 1]))


def test_fit_temperature_of_non_real_logits_names_logits():
    with pytest.raises(ValueError, match=r"^logits must be a real-valued array, got dtype complex128$"):
        cl.fit_temperature(ZS.astype(complex), Y)


@pytest.mark.parametrize("logits", [np.float64(1.0), np.zeros((4, 0))], ids=["0_d", "no_class"])
def test_fit_temperature_of_0_d_logits_or_no_class_names_logits(logits):
    with pytest.raises(ValueError, match=r"^logits must have at least one"):
        cl.fit_temperature(logits, np.zeros(np.shape(logits)[:-1], dtype=np.int64))


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_fit_temperature_of_infinite_logits_names_logits(bad):
    z = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, bad]])
    with pytest.raises(ValueError, match=r"logits must be finite to fit a temperature"):
        cl.fit_temperature(z, np.array([0, 0, 0]))


def test_fit_temperature_with_every_target_a_top_class_says_the_loss_falls_as_t_goes_to_0():
    z = np.array([[2.0, 0.0], [0.0, 1.0], [3.0, 3.0]])  # a tie counts as a top class too
    pattern = (
        r"^logits have no finite best temperature: every target is a top class of its row, so the loss keeps "
        r"falling as T -> 0 \(fit T on held-out data the model gets wrong sometimes\)$"
    )
    with pytest.raises(ValueError, match=pattern):
        cl.fit_temperature(z, np.array([0, 1, 0]))


WORSE_THAN_UNIFORM = (
    r"^logits have no finite best temperature: the mean true logit is not above the mean logit, so the loss "
    r"keeps falling as T -> infinity \(towards log C, the uniform prediction\)$"
)


def test_fit_temperature_of_logits_worse_than_uniform_says_the_loss_falls_as_t_grows():
    z = np.array([[2.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match=WORSE_THAN_UNIFORM):
        cl.fit_temperature(z, np.array([1, 1]))


def test_fit_temperature_of_a_mean_true_logit_equal_to_the_mean_logit_says_the_loss_falls_as_t_grows():
    # "not above" includes equal: the mean true logit (1 + 0) / 2 is the mean logit 1/2, and the loss
    # falls all the way to log 2 as T -> infinity
    z = np.array([[1.0, 0.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match=WORSE_THAN_UNIFORM):
        cl.fit_temperature(z, np.array([0, 1]))


def test_fit_temperature_whose_best_temperature_is_out_of_float64_reach_says_so():
    # The first two rows put the best T near 1e-300 (row 0's true class is below the top by 1e-320, row 1's
    # is the top by 1e-300); the constant row 2 adds nothing to the loss's slope but makes |z| = 1e10, so
    # z / T would overflow at that T.
    z = np.array([[1e-320, 0.0], [1e-300, 0.0], [1e10, 1e10]])
    with pytest.raises(ValueError, match=r"^logits have no finite best temperature within float64 range$"):
        cl.fit_temperature(z, np.array([1, 0, 0]))


def test_fit_temperature_of_no_samples_names_logits():
    pattern = r"^logits must hold at least one sample to fit a temperature, got shape \(0, C\)$"
    with pytest.raises(ValueError, match=pattern):
        cl.fit_temperature(np.zeros((0, 3)), np.zeros(0, dtype=np.int64))


# --- focal losses ----------------------------------------------------------------------------------------

FOCAL_FUNCTIONS = {"focal_loss": cl.focal_loss, "focal_loss_grad": cl.focal_loss_grad}


def focal_params():
    return pytest.mark.parametrize("name", FOCAL_FUNCTIONS)


@pytest.mark.parametrize("name", [*FOCAL_FUNCTIONS, "sigmoid_focal_loss"])
@pytest.mark.parametrize("gamma", [-0.5, -1e-12, float("nan"), float("inf"), "two", None])
def test_gamma_negative_or_not_finite_names_gamma(name, gamma):
    fn = {**FOCAL_FUNCTIONS, "sigmoid_focal_loss": cl.sigmoid_focal_loss}[name]
    args = (P, T) if name == "sigmoid_focal_loss" else (ZS, Y)
    with pytest.raises(ValueError, match=rf"gamma must be a finite number >= 0, got {re.escape(repr(gamma))}"):
        fn(*args, gamma=gamma)


@focal_params()
@pytest.mark.parametrize("alpha", [np.ones(2), np.ones((1, 3)), np.float64(0.25), 0.25])
def test_focal_alpha_not_of_shape_C_names_alpha(name, alpha):
    with pytest.raises(
        ValueError, match=rf"alpha must be a 1-d array of length C = 3.*got shape {shape_pattern(np.shape(alpha))}"
    ):
        FOCAL_FUNCTIONS[name](ZS, Y, alpha=alpha)


@focal_params()
def test_focal_complex_alpha_names_alpha(name):
    with pytest.raises(ValueError, match=r"^alpha must be a real-valued array, got dtype complex128$"):
        FOCAL_FUNCTIONS[name](ZS, Y, alpha=np.ones(3, dtype=complex))


@focal_params()
def test_focal_target_of_the_wrong_shape_names_target_and_shows_both_shapes(name):
    pattern = (
        rf"target must have shape {shape_pattern((4,))}.*logits {shape_pattern((4, 3))}, got {shape_pattern((2,))}"
    )
    with pytest.raises(ValueError, match=pattern):
        FOCAL_FUNCTIONS[name](ZS, np.array([0, 1]))


@focal_params()
@pytest.mark.parametrize("bad_class", [3, -1, -100])
def test_focal_class_index_outside_0_to_C_names_target(name, bad_class):
    # no ignore_index here: torch's -100 is an error too
    with pytest.raises(ValueError, match=rf"target holds class index {bad_class} outside \[0, 3\)"):
        FOCAL_FUNCTIONS[name](ZS, np.array([0, bad_class, 2, 0]))


@focal_params()
def test_focal_unknown_reduction_names_reduction(name):
    with pytest.raises(ValueError, match=r"reduction must be one of \('none', 'mean', 'sum'\), got 'batchmean'"):
        FOCAL_FUNCTIONS[name](ZS, Y, reduction="batchmean")


@focal_params()
def test_focal_0_d_logits_name_logits(name):
    with pytest.raises(ValueError, match=r"logits must have at least one axis"):
        FOCAL_FUNCTIONS[name](1.0, np.array(0))


@pytest.mark.parametrize("name", [*FOCAL_FUNCTIONS, "sigmoid_focal_loss"])
def test_focal_complex_logits_name_logits(name):
    fn = {**FOCAL_FUNCTIONS, "sigmoid_focal_loss": cl.sigmoid_focal_loss}[name]
    target = T if name == "sigmoid_focal_loss" else Y
    logits = P if name == "sigmoid_focal_loss" else ZS
    with pytest.raises(ValueError, match=r"^logits must be a real-valued array, got dtype complex128$"):
        fn(logits.astype(complex), target)


@pytest.mark.parametrize("alpha", [1.5, float("nan"), float("inf"), "0.25x", np.ones(2)])
def test_sigmoid_focal_alpha_above_1_or_not_a_number_names_alpha(alpha):
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\] \(or negative, or None, to disable it\)"):
        cl.sigmoid_focal_loss(P, T, alpha=alpha)


def test_sigmoid_focal_target_of_the_wrong_shape_names_target_and_shows_both_shapes():
    with pytest.raises(ValueError, match=r"target must have the same shape as logits \(4, 2\), got \(2, 4\)"):
        cl.sigmoid_focal_loss(P, np.ones((2, 4)))


@pytest.mark.parametrize("bad", [-1.0, 2.0])
def test_sigmoid_focal_target_outside_0_to_1_names_target(bad):
    target = T.copy()
    target[3, 0] = bad
    with pytest.raises(ValueError, match=rf"target must hold probabilities in \[0, 1\], got a value of .*{bad}"):
        cl.sigmoid_focal_loss(P, target)


def test_sigmoid_focal_unknown_reduction_names_reduction():
    with pytest.raises(ValueError, match=r"reduction must be one of"):
        cl.sigmoid_focal_loss(P, T, reduction="elementwise")


# --- distillation ----------------------------------------------------------------------------------------

DISTILLATION_FUNCTIONS = {
    "distillation_loss": cl.distillation_loss,
    "distillation_loss_grad": cl.distillation_loss_grad,
}


def distillation_params():
    return pytest.mark.parametrize("name", DISTILLATION_FUNCTIONS)


@distillation_params()
@pytest.mark.parametrize("shape", [(4, 2), (3, 3), (4, 3, 1), (3,)])
def test_teacher_logits_of_another_shape_name_teacher_logits_and_show_both_shapes(name, shape):
    expected, got = shape_pattern((4, 3)), shape_pattern(shape)
    pattern = rf"teacher_logits must have the same shape as student_logits {expected}, got {got}"
    with pytest.raises(ValueError, match=pattern):
        DISTILLATION_FUNCTIONS[name](ZS, np.zeros(shape))


@distillation_params()
@pytest.mark.parametrize("temperature", [0.0, -1.0, float("nan"), float("inf"), "hot", None])
def test_temperature_not_positive_and_finite_names_temperature(name, temperature):
    pattern = rf"temperature must be a positive finite number, got {re.escape(repr(temperature))}"
    with pytest.raises(ValueError, match=pattern):
        DISTILLATION_FUNCTIONS[name](ZS, ZS, temperature=temperature)


@distillation_params()
@pytest.mark.parametrize("reduction", ["elementwise_mean", "Mean", None, "avg"])
def test_distillation_unknown_reduction_lists_kl_div_s_reductions(name, reduction):
    pattern = rf"reduction must be one of \('none', 'batchmean', 'sum', 'mean'\), got {re.escape(repr(reduction))}"
    with pytest.raises(ValueError, match=pattern):
        DISTILLATION_FUNCTIONS[name](ZS, ZS, reduction=reduction)


@distillation_params()
def test_distillation_0_d_logits_name_student_logits(name):
    with pytest.raises(ValueError, match=r"student_logits must have at least one axis"):
        DISTILLATION_FUNCTIONS[name](1.0, 1.0)


@distillation_params()
def test_distillation_complex_student_logits_name_student_logits(name):
    with pytest.raises(ValueError, match=r"^student_logits must be a real-valued array, got dtype complex128$"):
        DISTILLATION_FUNCTIONS[name](ZS.astype(complex), ZS)


@distillation_params()
def test_distillation_complex_teacher_logits_name_teacher_logits(name):
    with pytest.raises(ValueError, match=r"teacher_logits must be a real-valued array, got dtype complex128"):
        DISTILLATION_FUNCTIONS[name](ZS, ZS.astype(complex))


def test_an_unbatched_probability_row_not_summing_to_1_names_probs():
    with pytest.raises(ValueError, match=r"probs must hold probability rows that sum to 1.*the row sums to 0\.6"):
        cl.brier_score(np.full(3, 0.2), np.array(0))


# --- linear cross-entropy without the logits, online logsumexp, perplexity, bits per byte --------------------

LINEAR_CE_FUNCTIONS = {
    "linear_cross_entropy": cl.linear_cross_entropy,
    "linear_cross_entropy_and_grad": cl.linear_cross_entropy_and_grad,
}
HIDDEN = np.zeros((4, 2))  # (N, D) = (4, 2)
W_OUT = np.zeros((3, 2))  # (V, D) = (3, 2): the logits would be (4, 3)


def linear_ce_params():
    return pytest.mark.parametrize("name", LINEAR_CE_FUNCTIONS)


@linear_ce_params()
@pytest.mark.parametrize("hidden", [np.zeros(2), np.zeros((4, 2, 1)), np.float64(1.0)])
def test_hidden_not_2_d_names_hidden_and_shows_its_shape(name, hidden):
    with pytest.raises(
        ValueError,
        match=rf"^hidden must be a 2-d array \(N, D\) of hidden states, one row per token, got shape "
        rf"{shape_pattern(hidden.shape)}$",
    ):
        LINEAR_CE_FUNCTIONS[name](hidden, W_OUT, np.zeros(np.shape(hidden)[:1], dtype=int))


@linear_ce_params()
@pytest.mark.parametrize("weight", [np.zeros(2), np.zeros((3, 2, 1))])
def test_weight_not_2_d_names_weight(name, weight):
    with pytest.raises(
        ValueError,
        match=rf"^weight must be a 2-d array \(V, D\), one row per vocabulary entry, got shape "
        rf"{shape_pattern(weight.shape)}$",
    ):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, weight, Y)


@linear_ce_params()
@pytest.mark.parametrize("weight", [np.zeros((3, 1)), np.zeros((3, 4)), np.zeros((2, 3))])
def test_weight_whose_d_differs_from_hidden_names_weight_and_shows_both_shapes(name, weight):
    pattern = (
        rf"weight must have shape \(V, 2\) to match hidden {shape_pattern((4, 2))}.*got {shape_pattern(weight.shape)}"
    )
    with pytest.raises(ValueError, match=pattern):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, weight, Y)


@linear_ce_params()
def test_weight_with_no_row_names_weight(name):
    with pytest.raises(ValueError, match=r"weight must have at least one row.*\(0, 2\)"):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, np.zeros((0, 2)), Y)


@linear_ce_params()
@pytest.mark.parametrize("bias", [np.zeros(2), np.zeros(4), np.zeros((1, 3)), np.float64(0.0)])
def test_bias_not_of_shape_v_names_bias(name, bias):
    with pytest.raises(
        ValueError, match=rf"bias must be a 1-d array of length C = 3.*got shape {shape_pattern(np.shape(bias))}"
    ):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, Y, bias)


@linear_ce_params()
@pytest.mark.parametrize("target", [np.array([0, 1, 2]), np.zeros((4, 1), dtype=int), np.array(0)])
def test_linear_ce_target_of_the_wrong_shape_names_target_and_shows_the_logits_shape(name, target):
    pattern = (
        rf"target must have shape \(4,\).*hidden @ weight.T {shape_pattern((4, 3))}, got {shape_pattern(target.shape)}"
    )
    with pytest.raises(ValueError, match=pattern):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, target)


@linear_ce_params()
@pytest.mark.parametrize("bad_class", [3, -1, -99])
def test_linear_ce_target_outside_the_vocabulary_names_target_and_the_index(name, bad_class):
    with pytest.raises(ValueError, match=rf"target holds class index {bad_class} outside \[0, 3\)"):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, np.array([0, bad_class, 2, 0]))


@linear_ce_params()
def test_linear_ce_float_target_names_target_and_its_dtype(name):
    with pytest.raises(ValueError, match=r"target of class indices must have an integer dtype, got float64"):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, Y.astype(float))


@linear_ce_params()
def test_linear_ce_accepts_a_custom_ignore_index_outside_the_vocabulary(name):
    out = LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, np.array([0, 7, 2, 0]), ignore_index=7)
    assert np.isclose(out[0] if isinstance(out, tuple) else out, np.log(3))


@linear_ce_params()
@pytest.mark.parametrize("reduction", ["avg", "Mean", None])
def test_linear_ce_unknown_reduction_names_reduction(name, reduction):
    with pytest.raises(ValueError, match=rf"reduction must be one of.*got {re.escape(repr(reduction))}"):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, Y, reduction=reduction)


@linear_ce_params()
@pytest.mark.parametrize("label_smoothing", [-0.1, 1.5, float("nan")])
def test_linear_ce_label_smoothing_outside_0_to_1_names_label_smoothing(name, label_smoothing):
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\]"):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, Y, label_smoothing=label_smoothing)


@linear_ce_params()
@pytest.mark.parametrize("z_loss", [-1e-4, float("nan"), float("inf"), "big", None])
def test_negative_or_non_finite_z_loss_names_z_loss(name, z_loss):
    with pytest.raises(ValueError, match=rf"z_loss must be a finite number >= 0, got {re.escape(repr(z_loss))}"):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, Y, z_loss=z_loss)


@linear_ce_params()
@pytest.mark.parametrize("chunk_size", [0, -3, 1.5, True, "64"])
def test_chunk_size_below_1_or_not_an_integer_names_chunk_size(name, chunk_size):
    with pytest.raises(ValueError, match=rf"chunk_size must be an integer >= 1, got {re.escape(repr(chunk_size))}"):
        LINEAR_CE_FUNCTIONS[name](HIDDEN, W_OUT, Y, chunk_size=chunk_size)


@linear_ce_params()
@pytest.mark.parametrize("argument", ["hidden", "weight", "bias"])
def test_complex_hidden_weight_or_bias_is_named(name, argument):
    arrays = {"hidden": HIDDEN, "weight": W_OUT, "bias": np.zeros(3)}
    arrays[argument] = arrays[argument].astype(complex)
    with pytest.raises(ValueError, match=rf"^{argument} must be a real-valued array, got dtype complex128$"):
        LINEAR_CE_FUNCTIONS[name](arrays["hidden"], arrays["weight"], Y, arrays["bias"])


def test_online_logsumexp_of_one_array_says_to_split_it():
    with pytest.raises(
        ValueError, match=r"blocks must be an iterable of arrays.*got one array of shape \(4, 3\).*split"
    ):
        cl.online_logsumexp(ZS)


def test_online_logsumexp_of_no_block_names_blocks():
    with pytest.raises(ValueError, match=r"^blocks must hold at least one array \(\.\.\., V_k\), got none$"):
        cl.online_logsumexp(iter([]))


def test_online_logsumexp_non_real_block_names_the_block():
    with pytest.raises(ValueError, match=r"^blocks\[1\] must be a real-valued array, got dtype <U1$"):
        cl.online_logsumexp([np.zeros(3), np.array(["a", "b"])])


def test_online_logsumexp_block_of_another_leading_shape_names_the_block_and_both_shapes():
    with pytest.raises(ValueError, match=r"blocks\[2\] must have the leading shape \(4,\) of blocks\[0\].*\(3, 2\)"):
        cl.online_logsumexp([ZS, ZS, np.zeros((3, 2))])


def test_online_logsumexp_0_d_block_names_the_block():
    with pytest.raises(ValueError, match=r"blocks\[1\] must have at least one axis"):
        cl.online_logsumexp([np.zeros(3), np.float64(1.0)])


@pytest.mark.parametrize("mean_nll", [-0.5, np.array([1.0, -1e-9])])
def test_negative_mean_nll_names_mean_nll(mean_nll):
    with pytest.raises(ValueError, match=r"mean_nll must be >= 0 \(a mean negative log-likelihood in nats\)"):
        cl.perplexity(mean_nll)


@pytest.mark.parametrize(
    ("fn", "argument"), [(cl.perplexity, "mean_nll"), (lambda x: cl.bits_per_byte(x, 10), "total_nll")]
)
def test_non_real_nll_names_the_argument(fn, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must be a real-valued array, got dtype complex128$"):
        fn(np.array([1.0 + 0j]))


def test_negative_total_nll_names_total_nll():
    with pytest.raises(ValueError, match=r"total_nll must be >= 0 \(a summed negative log-likelihood in nats\)"):
        cl.bits_per_byte(-3.0, 10)


@pytest.mark.parametrize("n_bytes", [0, -5, 2.5, True, "100", None])
def test_n_bytes_not_a_positive_integer_names_n_bytes(n_bytes):
    with pytest.raises(ValueError, match=rf"n_bytes must be an integer >= 1, got {re.escape(repr(n_bytes))}"):
        cl.bits_per_byte(100.0, n_bytes)
