"""Keras's `layers/activations/prelu_test.py`, ported."""

import numpy as np

from lucidnet import constraints
from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_prelu():
    # keras: layers/activations/prelu_test.py::PReLUTest::test_prelu
    layer = run_layer_case(layers.PReLU, {"alpha_initializer": "zeros", "alpha_regularizer": "L1",
                                          "alpha_constraint": "MaxNorm", "shared_axes": 1},
                           (2, 3, 4), expected_output_shape=(2, 3, 4), trainable=1)
    assert layer.alpha.shape == (1, 4)
    assert isinstance(layer.constraints["alpha"], constraints.MaxNorm)


def test_prelu_correctness():
    # keras: layers/activations/prelu_test.py::PReLUTest::test_prelu_correctness
    def np_prelu(x, alpha):
        return (x > 0) * x + (x <= 0) * alpha * x

    rng = np.random.default_rng(0)
    inputs = rng.standard_normal((2, 10, 5, 3))
    layer = layers.PReLU(alpha_initializer="glorot_uniform", alpha_regularizer="l1",
                         alpha_constraint="non_neg", shared_axes=(1, 2))
    layer.build(inputs.shape, "float64")
    weights = rng.random((1, 1, 3))
    layer.set_weights([weights])
    np.testing.assert_allclose(layer(inputs), np_prelu(inputs, weights))
