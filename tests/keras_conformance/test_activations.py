"""Keras's `activations/activations_test.py`, ported: each function's values, by Keras's NumPy
references, on Keras's ranges of inputs (drawn from a seeded generator)."""

import numpy as np
import pytest

from lucidnet.keras import activations

rng = np.random.default_rng(1337)


def assert_close(actual, desired, rtol=1e-6, atol=1e-6):
    """Keras's `assertAllClose`, with its default tolerances."""
    np.testing.assert_allclose(np.asarray(actual), desired, rtol=rtol, atol=atol)


def _ref_softmax(values):
    e = np.exp(values - np.max(values))
    return e / np.sum(e)


def _ref_log_softmax(values):
    shifted = values - np.max(values)
    return shifted - np.log(np.sum(np.exp(shifted)))


def _ref_softplus(x):
    return np.log(np.ones_like(x) + np.exp(x))


def _ref_sigmoid(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))


def _ref_hard_sigmoid(x):
    return np.clip(x / 6.0 + 0.5, 0.0, 1.0)


def _ref_hard_silu(x):
    return x * np.minimum(np.maximum(0.0, x + 3.0), 6.0) * (1.0 / 6.0)


def _ref_softsign(x):
    return x / (1 + np.abs(x))


def _ref_leaky_relu(x, alpha=0.2):
    return np.where(x > 0, x, alpha * x)


def _ref_relu6(x):
    return np.minimum(np.maximum(0, x), 6)


def _ref_silu(x):
    return x / (1 + np.exp(-x))


def _ref_mish(x):
    return x * np.tanh(_ref_softplus(x))


def _ref_sparse_sigmoid(x):
    return np.where(x <= -1, 0, np.where(x >= 1, 1, 0.5 * (x + 1)))


def _ref_log_sigmoid(x):
    return -1 * _ref_softplus(-x)


#: Keras's input ranges for the elementwise functions: (low, high, shape).
RANGES = {
    "basic": (0, 1, (2, 5)), "1d": (-10, 10, (5,)), "3d": (-10, 10, (3, 3, 3)),
    "near zero": (-1e-7, 1e-7, (2, 5)), "large positive": (10, 100, (2, 5)),
    "large negative": (-100, -10, (2, 5)),
}


def _on_ranges(names):
    return [pytest.param(*RANGES[name], id=name) for name in names]


# -- softmax and log_softmax --------------------------------------------------------------

def _expected_along(reference, x, axes):
    """reference applied to every slice of x over `axes` (a tuple of trailing or leading axes)."""
    moved = np.moveaxis(x, axes, list(range(x.ndim - len(axes), x.ndim)))
    flat = moved.reshape(moved.shape[:x.ndim - len(axes)] + (-1,))
    out = np.apply_along_axis(reference, -1, flat).reshape(moved.shape)
    return np.moveaxis(out, list(range(x.ndim - len(axes), x.ndim)), axes)


@pytest.mark.parametrize("function, reference", [(activations.softmax, _ref_softmax),
                                                 (activations.log_softmax, _ref_log_softmax)],
                         ids=["softmax", "log_softmax"])
@pytest.mark.parametrize("shape, axis", [
    ((2, 5), -1),            # test_softmax, test_softmax_negative_axis, test_log_softmax_negative_axis
    ((1, 2, 5), 1),          # test_softmax_2d_axis_0, test_log_softmax_2d_axis_0
    ((2, 3, 5), (1, 2)),     # test_softmax_3d_axis_tuple, test_log_softmax_3d_axis_tuple
    ((5,), -1),              # test_softmax_1d, test_log_softmax_1d
    ((2, 3, 4, 5), (2, 3)),  # test_softmax_higher_dim, test_log_softmax_higher_dim
    ((2, 3, 4, 5, 6), (2, 3, 4)),  # ..._higher_dim_multiple_axes
    ((1, 2, 2, 3), -1),      # test_temporal_softmax, test_temporal_log_softmax (x * 10)
])
def test_softmax_and_log_softmax(function, reference, shape, axis):
    # keras: activations/activations_test.py::ActivationsTest::test_softmax
    # keras: activations/activations_test.py::ActivationsTest::test_softmax_2d_axis_0
    # keras: activations/activations_test.py::ActivationsTest::test_softmax_3d_axis_tuple
    # keras: activations/activations_test.py::ActivationsTest::test_softmax_1d
    # keras: activations/activations_test.py::ActivationsTest::test_softmax_higher_dim
    # keras: activations/activations_test.py::ActivationsTest::test_softmax_higher_dim_multiple_axes
    # keras: activations/activations_test.py::ActivationsTest::test_softmax_negative_axis
    # keras: activations/activations_test.py::ActivationsTest::test_temporal_softmax
    # keras: activations/activations_test.py::ActivationsTest::test_log_softmax_2d_axis_0
    # keras: activations/activations_test.py::ActivationsTest::test_log_softmax_3d_axis_tuple
    # keras: activations/activations_test.py::ActivationsTest::test_log_softmax_1d
    # keras: activations/activations_test.py::ActivationsTest::test_log_softmax_higher_dim
    # keras: activations/activations_test.py::ActivationsTest::test_log_softmax_higher_dim_multiple_axes
    # keras: activations/activations_test.py::ActivationsTest::test_log_softmax_negative_axis
    # keras: activations/activations_test.py::ActivationsTest::test_temporal_log_softmax
    x = rng.random(shape) * (10 if len(shape) == 4 and shape[1] == 2 else 1)
    axes = (axis,) if isinstance(axis, int) else axis
    axes = tuple(a % len(shape) for a in axes)
    assert_close(function(x, axis=axis), _expected_along(reference, x, axes),
                               rtol=1e-5)


# -- the elementwise functions, on Keras's ranges -----------------------------------------

ELEMENTWISE = [
    # (function, reference, Keras's ranges for it, Keras test)
    (activations.softplus, _ref_softplus, list(RANGES), "test_softplus"),
    (activations.softsign, _ref_softsign, list(RANGES), "test_softsign"),
    (activations.sigmoid, _ref_sigmoid, list(RANGES), "test_sigmoid"),
    (activations.hard_sigmoid, _ref_hard_sigmoid, ["basic", "1d", "3d"], "test_hard_sigmoid"),
    (activations.tanh, np.tanh, list(RANGES), "test_tanh"),
    (activations.exponential, np.exp, ["basic", "1d", "3d", "near zero"], "test_exponential"),
    (activations.mish, _ref_mish, list(RANGES), "test_mish"),
    (activations.linear, lambda x: x, ["basic", "1d", "3d"], "test_linear"),
    (activations.relu, lambda x: np.maximum(0, x), ["1d", "3d", "near zero"], "test_relu"),
    (activations.sparse_sigmoid, _ref_sparse_sigmoid,
     ["basic", "1d", "3d", "large positive", "large negative"], "test_sparse_sigmoid"),
    (activations.log_sigmoid, _ref_log_sigmoid,
     ["basic", "1d", "3d", "large positive", "large negative"], "test_log_sigmoid"),
]


@pytest.mark.parametrize("function, reference, low, high, shape", [
    pytest.param(function, reference, *RANGES[name], id=f"{keras_test}-{name}")
    for function, reference, names, keras_test in ELEMENTWISE for name in names
])
def test_elementwise_values(function, reference, low, high, shape):
    # keras: activations/activations_test.py::ActivationsTest::test_softplus
    # keras: activations/activations_test.py::ActivationsTest::test_softsign
    # keras: activations/activations_test.py::ActivationsTest::test_sigmoid
    # keras: activations/activations_test.py::ActivationsTest::test_hard_sigmoid
    # keras: activations/activations_test.py::ActivationsTest::test_tanh
    # keras: activations/activations_test.py::ActivationsTest::test_exponential
    # keras: activations/activations_test.py::ActivationsTest::test_mish
    # keras: activations/activations_test.py::ActivationsTest::test_linear
    # keras: activations/activations_test.py::ActivationsTest::test_relu
    # keras: activations/activations_test.py::ActivationsTest::test_sparse_sigmoid
    # keras: activations/activations_test.py::ActivationsTest::test_log_sigmoid
    x = rng.uniform(low, high, shape)
    assert_close(function(x), reference(x), rtol=1e-5)


def test_hard_sigmoid_saturates_above_three():
    # keras: activations/activations_test.py::ActivationsTest::test_hard_sigmoid
    assert_close(activations.hard_sigmoid(rng.uniform(5, 10, (2, 5))), np.ones((2, 5)))


def test_exponential_and_tanh_of_large_values():
    # keras: activations/activations_test.py::ActivationsTest::test_exponential
    # keras: activations/activations_test.py::ActivationsTest::test_tanh
    # (e^x of 1e4 to 1e5 is +inf, as in NumPy's reference; tanh is 1)
    x = rng.uniform(1e4, 1e5, (2, 5))
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(activations.exponential(x), np.exp(x))
    assert_close(activations.tanh(x), np.tanh(x), rtol=1e-5)
    assert_close(activations.mish(x), x, rtol=1e-5)


def test_relu_of_large_values():
    # keras: activations/activations_test.py::ActivationsTest::test_relu
    positive = rng.uniform(0.1, 10, (2, 5))
    assert_close(activations.relu(positive[np.newaxis, :])[0], positive, rtol=1e-5)
    assert_close(activations.relu(-positive[np.newaxis, :])[0], np.zeros((2, 5)))
    large = rng.uniform(1e4, 1e5, (2, 5))
    assert_close(activations.relu(large), large, rtol=1e-5)
    assert_close(activations.relu(-large), np.zeros((2, 5)))


def test_linear_of_integers_keeps_the_values():
    # keras: activations/activations_test.py::ActivationsTest::test_linear (int32 inputs)
    x = rng.integers(-10, 10, (10, 5)).astype(np.int32)
    assert_close(activations.linear(x), x)


def test_selu():
    # keras: activations/activations_test.py::ActivationsTest::test_selu
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    positive_values = np.array([[1, 2]], dtype="float32")
    assert_close(activations.selu(positive_values[np.newaxis, :])[0],
                               positive_values * scale, rtol=1e-5)
    negative_values = np.array([[-1, -2]], dtype="float32")
    assert_close(activations.selu(negative_values[np.newaxis, :])[0],
                               (np.exp(negative_values) - 1) * scale * alpha, rtol=1e-6)


@pytest.mark.parametrize("low, high", [(-3, 3), (-10, 10)])
@pytest.mark.parametrize("shape", [(2, 5), (5,), (3, 3, 3)])
def test_hard_silu(low, high, shape):
    # keras: activations/activations_test.py::ActivationsTest::test_hard_silu
    x = rng.uniform(low, high, shape).astype("float32")
    assert_close(activations.hard_silu(x), _ref_hard_silu(x), rtol=1e-5, atol=1e-7)


def test_hard_silu_saturation():
    # keras: activations/activations_test.py::ActivationsTest::test_hard_silu
    above = rng.uniform(5, 10, (2, 5)).astype("float32")
    assert_close(activations.hard_silu(above), above, rtol=1e-5)
    below = rng.uniform(-10, -5, (2, 5)).astype("float32")
    assert_close(activations.hard_silu(below), np.zeros_like(below))


X = np.array([-10, -5, 0.0, 5, 10])


@pytest.mark.parametrize("options, x, expected", [
    ({"negative_slope": 0.5}, X, [-5.0, -2.5, 0.0, 5.0, 10.0]),
    ({"max_value": 5.0}, X, [0.0, 0.0, 0.0, 5.0, 5.0]),
    ({"threshold": 5.0}, X, [-0.0, -0.0, 0.0, 0.0, 10.0]),
    ({"threshold": 5.0, "max_value": 5.0}, X, [0.0, 0.0, 0.0, 0.0, 5.0]),
    ({"negative_slope": 0.5, "max_value": 5.0, "threshold": 5.0}, X, [-7.5, -5.0, -2.5, 0.0, 5.0]),
    ({"max_value": 6.0}, np.array([-10, -5, 0.0, 5, 10, 12]), [0.0, 0.0, 0.0, 5.0, 6.0, 6.0]),
], ids=["negative_slope", "max_value", "threshold", "threshold_and_max_value", "all_parameters",
        "relu6"])
def test_relu_options(options, x, expected):
    # keras: activations/activations_test.py::ActivationsTest::test_relu_negative_slope
    # keras: activations/activations_test.py::ActivationsTest::test_relu_max_value
    # keras: activations/activations_test.py::ActivationsTest::test_relu_threshold
    # keras: activations/activations_test.py::ActivationsTest::test_relu_combined_threshold_and_max_value
    # keras: activations/activations_test.py::ActivationsTest::test_relu_combined_all_parameters
    # keras: activations/activations_test.py::ActivationsTest::test_relu_to_trigger_relu6
    # keras: activations/activations_test.py::ActivationsTest::test_relu_to_trigger_leaky (the
    # negative_slope case)
    assert_close(activations.relu(x, **options), expected, rtol=1e-5)


@pytest.mark.parametrize("negative_slope", [0.01, 0.3])
@pytest.mark.parametrize("low, high", [(0, 1), (-1, 0)])
def test_leaky_relu(negative_slope, low, high):
    # keras: activations/activations_test.py::ActivationsTest::test_leaky_relu
    x = rng.uniform(low, high, (2, 5))
    assert_close(activations.leaky_relu(x[np.newaxis, :], negative_slope=negative_slope)[0],
                               _ref_leaky_relu(x, alpha=negative_slope), rtol=1e-5)


@pytest.mark.parametrize("low, high", [(0, 5.9), (6.1, 10), (-1, 0)])
def test_relu6(low, high):
    # keras: activations/activations_test.py::ActivationsTest::test_relu6
    x = rng.uniform(low, high, (2, 5))
    assert_close(activations.relu6(x[np.newaxis, :])[0], _ref_relu6(x), rtol=1e-5)


@pytest.mark.parametrize("low, high", [(0, 5.9), (-1, 1), (-5.9, 0)])
def test_silu(low, high):
    # keras: activations/activations_test.py::ActivationsTest::test_silu
    x = rng.uniform(low, high, (2, 5))
    assert_close(activations.silu(x[np.newaxis, :])[0], _ref_silu(x), rtol=1e-5)


def test_gelu():
    # keras: activations/activations_test.py::ActivationsTest::test_gelu (scipy's norm.cdf,
    # Keras's reference for the exact form, written with math.erf)
    from math import erf, sqrt

    x = rng.random((2, 5))
    exact = x * 0.5 * (1 + np.vectorize(erf)(x / sqrt(2)))
    assert_close(activations.gelu(x[np.newaxis, :])[0], exact, rtol=1e-5)
    approximate = 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * np.power(x, 3))))
    assert_close(activations.gelu(x[np.newaxis, :], approximate=True)[0],
                               approximate, rtol=1e-5)


@pytest.mark.parametrize("alpha", [1.0, 0.5])
def test_celu(alpha):
    # keras: activations/activations_test.py::ActivationsTest::test_celu
    x = rng.random((2, 5)) - 0.5
    expected = np.maximum(x, 0.0) + alpha * np.expm1(np.minimum(x, 0.0) / alpha)
    assert_close(activations.celu(x[np.newaxis, :], alpha=alpha)[0], expected, rtol=1e-5)


def test_elu():
    # keras: activations/activations_test.py::ActivationsTest::test_elu
    x = rng.random((2, 5))
    assert_close(activations.elu(x[np.newaxis, :])[0], x, rtol=1e-5)
    negative_values = np.array([[-1, -2]], dtype="float32")
    assert_close(activations.elu(negative_values[np.newaxis, :])[0],
                               np.exp(negative_values) - 1, rtol=1e-6)


@pytest.mark.parametrize("function, reference", [
    (activations.tanh_shrink, lambda x: x - np.tanh(x)),
    (activations.hard_tanh, lambda x: np.clip(x, -1.0, 1.0)),
    (activations.hard_shrink, lambda x: np.where(np.abs(x) > 0.5, x, 0.0)),
    (lambda x: activations.threshold(x, 0, 0), lambda x: np.where(x > 0, x, 0.0)),
    (activations.squareplus, lambda x: (x + np.sqrt(x**2 + 4)) / 2),
    (activations.soft_shrink, lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0.0))),
    (activations.sparse_plus, lambda x: np.where(x <= -1, np.zeros_like(x),
                                                 np.where(x < 1, (1 / 4) * (x + 1) ** 2, x))),
], ids=["tanh_shrink", "hard_tanh", "hard_shrink", "threshold", "squareplus", "soft_shrink",
        "sparse_plus"])
def test_shrink_and_plus_functions(function, reference):
    # keras: activations/activations_test.py::ActivationsTest::test_tanh_shrink
    # keras: activations/activations_test.py::ActivationsTest::test_hard_tanh
    # keras: activations/activations_test.py::ActivationsTest::test_hard_shrink
    # keras: activations/activations_test.py::ActivationsTest::test_threshold
    # keras: activations/activations_test.py::ActivationsTest::test_squareplus
    # keras: activations/activations_test.py::ActivationsTest::test_soft_shrink
    # keras: activations/activations_test.py::ActivationsTest::test_sparse_plus
    # (Keras draws x in [0, 1); the range here, [-2, 2), also visits every piece)
    for x in (rng.random((2, 5)), rng.uniform(-2, 2, (2, 5))):
        assert_close(function(x[np.newaxis, :])[0], reference(x), rtol=1e-5)


def test_get_method():
    # keras: activations/activations_test.py::ActivationsTest::test_get_method (Keras's get
    # returns the function; lucidnet's returns the activation object, which computes it)
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(activations.get("relu")(x), activations.relu(x))
    np.testing.assert_array_equal(activations.get(None)(x), activations.linear(x))
    with pytest.raises(ValueError, match="Unknown activation 'typo'"):
        activations.get("typo")
