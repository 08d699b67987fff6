"""course_lib._reduction, the "none", "sum" and "mean" of torch.nn.functional shared by the losses and their
gradients: through the public functions, and on the edges of each helper (no elements, no counted target)."""

from __future__ import annotations

import numpy as np
import pytest

import course_lib as cl
from course_lib._reduction import mean_scale, reduce_loss, target_weights, weighted_mean

EMPTY = np.zeros(0, dtype=np.float32)
EMPTY_ROWS = np.zeros((0, 3), dtype=np.float32)

# every gradient whose "mean" scales each element by 1 / (number of elements or samples)
GRADIENTS_OF_NO_ELEMENT = {
    "binary_cross_entropy_grad": lambda: cl.binary_cross_entropy_grad(EMPTY, EMPTY),
    "binary_cross_entropy_with_logits_grad": lambda: cl.binary_cross_entropy_with_logits_grad(EMPTY, EMPTY),
    "cross_entropy_grad_of_probabilities": lambda: cl.cross_entropy_grad(EMPTY_ROWS, EMPTY_ROWS),
}


@pytest.mark.parametrize("name", GRADIENTS_OF_NO_ELEMENT)
def test_the_mean_s_gradient_of_no_element_is_an_empty_array_not_a_division_by_zero(name):
    grad = GRADIENTS_OF_NO_ELEMENT[name]()
    expected_shape = EMPTY.shape if name.startswith("binary") else EMPTY_ROWS.shape
    assert grad.shape == expected_shape and grad.dtype == np.float32


def test_the_mean_of_no_element_is_nan_in_the_input_s_dtype_and_the_sum_is_0():
    # torch: the mean of an empty tensor is nan, its sum 0
    assert np.isnan(reduce_loss(EMPTY, "mean")) and reduce_loss(EMPTY, "mean").dtype == np.float32
    assert reduce_loss(EMPTY, "sum") == 0
    assert reduce_loss(EMPTY, "none") is EMPTY
    assert np.isnan(cl.binary_cross_entropy(EMPTY, EMPTY)) and cl.binary_cross_entropy(EMPTY, EMPTY).dtype == np.float32


@pytest.mark.parametrize(
    ("shape", "reduction", "expected"),
    [((4, 3), "mean", 1 / 12), ((4, 3), "sum", 1.0), ((4, 3), "none", 1.0), ((1,), "mean", 1.0), ((0, 3), "mean", 1.0)],
)
def test_mean_scale_is_one_over_the_number_of_elements_for_mean_only(shape, reduction, expected):
    assert mean_scale(shape, reduction) == expected


def test_target_weights_give_ignored_targets_weight_0_and_a_safe_index():
    target = np.array([2, -100, 0, -100])
    w_y, safe, counted = target_weights(target, np.array([0.5, 1.0, 3.0]), -100, np.float32)
    np.testing.assert_array_equal(w_y, [3.0, 0.0, 0.5, 0.0])
    np.testing.assert_array_equal(safe, [2, 0, 0, 0])
    np.testing.assert_array_equal(counted, [True, False, True, False])
    w_y, _, _ = target_weights(target, None, -100, np.float32)  # no class weight: every counted target weighs 1
    assert w_y.dtype == np.float32
    np.testing.assert_array_equal(w_y, [1.0, 0.0, 1.0, 0.0])


def test_weighted_mean_of_no_counted_weight_is_nan_without_a_warning():
    # filterwarnings = error (pyproject.toml): a 0 / 0 warning would fail here
    assert np.isnan(weighted_mean(np.float64(0.0), np.float64(0.0)))
    assert weighted_mean(np.float64(6.0), np.float64(4.0)) == 1.5
