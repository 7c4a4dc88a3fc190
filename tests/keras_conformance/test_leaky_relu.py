"""Keras's `layers/activations/leaky_relu_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_leaky_relu():
    # keras: layers/activations/leaky_relu_test.py::LeakyReLUTest::test_leaky_relu
    run_layer_case(layers.LeakyReLU, {"negative_slope": 1}, (2, 3, 4),
                   expected_output_shape=(2, 3, 4))


def test_leaky_relu_correctness():
    # keras: layers/activations/leaky_relu_test.py::LeakyReLUTest::test_leaky_relu_correctness
    result = layers.LeakyReLU(negative_slope=0.5)(np.array([-10, -5, 0.0, 5, 10]))
    np.testing.assert_allclose(result, [-5.0, -2.5, 0.0, 5.0, 10.0])


def test_invalid_usage():
    # keras: layers/activations/leaky_relu_test.py::LeakyReLUTest::test_invalid_usage
    with pytest.raises(ValueError, match="LeakyReLU negative_slope must be a number >= 0, got None"):
        layers.LeakyReLU(negative_slope=None)
