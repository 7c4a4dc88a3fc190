"""Keras's `layers/activations/relu_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import layers

from .layer_case import run_layer_case

X = np.array([-10, -5, 0.0, 5, 10])


def test_relu():
    # keras: layers/activations/relu_test.py::ReLUTest::test_relu
    run_layer_case(layers.ReLU, {"max_value": 10, "negative_slope": 1, "threshold": 0.5},
                   (2, 3, 4), expected_output_shape=(2, 3, 4))


@pytest.mark.parametrize("init_kwargs, x, expected", [
    ({"max_value": 10, "negative_slope": 0.0, "threshold": 0}, X, [0.0, 0.0, 0.0, 5.0, 10.0]),
    ({"max_value": 10, "negative_slope": 0.5, "threshold": 0}, X, [-5.0, -2.5, 0.0, 5.0, 10.0]),
    ({"max_value": 8, "negative_slope": 0.0, "threshold": 5}, np.array([6.0, 7.0, 0.0, 5, 10]),
     [6.0, 7.0, 0.0, 0.0, 8.0]),
])
def test_relu_correctness(init_kwargs, x, expected):
    # keras: layers/activations/relu_test.py::ReLUTest::test_normal_relu_correctness
    # keras: layers/activations/relu_test.py::ReLUTest::test_leaky_relu_correctness
    # keras: layers/activations/relu_test.py::ReLUTest::test_threshold_relu_correctness
    np.testing.assert_allclose(layers.ReLU(**init_kwargs)(x), expected)


@pytest.mark.parametrize("init_kwargs, message", [
    ({"max_value": -10, "negative_slope": 1, "threshold": 0.5},
     "ReLU max_value must be a number >= 0, got -10"),
    ({"max_value": 10, "negative_slope": -10, "threshold": 0.5},
     "ReLU negative_slope must be a number >= 0, got -10"),
    ({"max_value": 10, "negative_slope": 1, "threshold": -10},
     "ReLU threshold must be a number >= 0, got -10"),
])
def test_invalid_usage(init_kwargs, message):
    # keras: layers/activations/relu_test.py::ReLUTest::test_invalid_usage
    with pytest.raises(ValueError, match=message):
        layers.ReLU(**init_kwargs)


def test_get_config():
    # keras: layers/activations/relu_test.py::ReLUTest::test_get_config
    config = layers.ReLU(max_value=5.0, negative_slope=0.2, threshold=1.0).get_config()
    assert (config["max_value"], config["negative_slope"], config["threshold"]) == (5.0, 0.2, 1.0)


def test_get_config_default_params():
    # keras: layers/activations/relu_test.py::ReLUTest::test_get_config_default_params
    config = layers.ReLU().get_config()
    assert config["max_value"] is None
    assert (config["negative_slope"], config["threshold"]) == (0.0, 0.0)


def test_from_config():
    # keras: layers/activations/relu_test.py::ReLUTest::test_from_config
    layer = layers.ReLU(max_value=5.0, negative_slope=0.2, threshold=1.0)
    restored = layers.ReLU.from_config(layer.get_config())
    assert restored.max_value == layer.max_value == 5.0
    assert restored.negative_slope == layer.negative_slope == 0.2
    assert restored.threshold == layer.threshold == 1.0


def test_compute_output_shape():
    # keras: layers/activations/relu_test.py::ReLUTest::test_compute_output_shape
    layer = layers.ReLU()
    assert layer.compute_output_shape((2, 3)) == (2, 3)
    assert layer.compute_output_shape((4, 5, 6)) == (4, 5, 6)
    assert layer.compute_output_shape((1,)) == (1,)


def test_default_relu_no_args():
    # keras: layers/activations/relu_test.py::ReLUTest::test_default_relu_no_args
    np.testing.assert_allclose(layers.ReLU()(np.array([-3.0, -1.0, 0.0, 1.0, 3.0])),
                               [0.0, 0.0, 0.0, 1.0, 3.0])


def test_relu_none_max_value_is_unlimited():
    # keras: layers/activations/relu_test.py::ReLUTest::test_relu_none_max_value_is_unlimited
    x = np.array([0.0, 100.0, 1000.0, 99999.0])
    np.testing.assert_allclose(layers.ReLU(max_value=None)(x), x)


def test_relu_all_zeros_input():
    # keras: layers/activations/relu_test.py::ReLUTest::test_relu_all_zeros_input
    np.testing.assert_allclose(layers.ReLU()(np.zeros((3, 4))), np.zeros((3, 4)))


def test_relu_multidimensional_input():
    # keras: layers/activations/relu_test.py::ReLUTest::test_relu_multidimensional_input
    layer = layers.ReLU()
    np.testing.assert_allclose(layer(np.array([[-1.0, 2.0], [3.0, -4.0]])), [[0.0, 2.0], [3.0, 0.0]])
    np.testing.assert_allclose(layers.ReLU()(-np.ones((2, 3, 4))), np.zeros((2, 3, 4)))


@pytest.mark.parametrize("argument", ["negative_slope", "threshold"])
def test_none_raises(argument):
    # keras: layers/activations/relu_test.py::ReLUTest::test_negative_slope_none_raises
    # keras: layers/activations/relu_test.py::ReLUTest::test_threshold_none_raises
    with pytest.raises(ValueError, match=f"ReLU {argument} must be a number >= 0, got None"):
        layers.ReLU(**{argument: None})
