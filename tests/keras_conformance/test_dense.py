"""Keras's `layers/core/dense_test.py`, ported: Dense's weights, values, errors and constraints."""

import numpy as np
import pytest

from lucidnet import constraints
from lucidnet.keras import layers

from .layer_case import run_layer_case

KERNEL = np.array([[1.0, -2.0], [3.0, -4.0]])
INPUTS = np.array([[-1.0, 2.0]])


def test_dense_basics():
    # keras: layers/core/dense_test.py::DenseTest::test_dense_basics (the 2-D case; the 3-D
    # case is listed in SKIPPED.md)
    run_layer_case(layers.Dense, {"units": 4, "activation": "relu",
                                  "kernel_initializer": "random_uniform",
                                  "bias_initializer": "ones", "use_bias": False},
                   input_shape=(2, 3), expected_output_shape=(2, 4), trainable=1)


def test_dense_basics_with_regularizers():
    # keras: layers/core/dense_test.py::DenseTest::test_dense_basics (its regularizers:
    # kernel and bias l2 add losses), on 2-D inputs
    layer = run_layer_case(layers.Dense, {"units": 5, "activation": "sigmoid",
                                          "kernel_regularizer": "l2", "bias_regularizer": "l2"},
                           input_shape=(2, 4), expected_output_shape=(2, 5), trainable=2,
                           adds_losses=True)
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(layer.regularization_loss(),
                               0.01 * (np.square(kernel).sum() + np.square(bias).sum()), rtol=1e-6)


@pytest.mark.parametrize("units", [0, -3, 2.5, None, "64"])
def test_dense_invalid_units_raises(units):
    # keras: layers/core/dense_test.py::DenseTest::test_dense_invalid_units_raises
    with pytest.raises(ValueError, match="positive integer"):
        layers.Dense(units)


def test_dense_correctness():
    # keras: layers/core/dense_test.py::DenseTest::test_dense_correctness
    layer = layers.Dense(units=2, activation="relu")
    layer.build((1, 2))
    layer.set_weights([KERNEL, np.array([5.0, -6.0])])
    np.testing.assert_allclose(layer(INPUTS), [[10.0, 0.0]])

    layer = layers.Dense(units=2, use_bias=False)
    layer.build((1, 2))
    layer.set_weights([KERNEL])
    assert layer.bias is None
    np.testing.assert_allclose(layer(INPUTS), [[5.0, -6.0]])


def test_dense_errors():
    # keras: layers/core/dense_test.py::DenseTest::test_dense_errors (inputs of another
    # width than the layer was built for are refused)
    layer = layers.Dense(units=2, activation="relu")
    layer(np.ones((1, 2)))
    with pytest.raises(ValueError, match="expected inputs with 2 features, got shape"):
        layer(np.ones((1, 3)))


def test_dense_no_activation():
    # keras: layers/core/dense_test.py::DenseTest::test_dense_no_activation
    layer = layers.Dense(units=2, use_bias=False, activation=None)
    layer.build((1, 2))
    layer.set_weights([KERNEL])
    assert layer.bias is None
    np.testing.assert_allclose(layer(INPUTS), [[5.0, -6.0]])


def test_dense_without_activation_set():
    # keras: layers/core/dense_test.py::DenseTest::test_dense_without_activation_set
    layer = layers.Dense(units=2, use_bias=False)
    layer.build((1, 2))
    layer.set_weights([KERNEL])
    layer.activation = None
    assert layer.bias is None
    np.testing.assert_allclose(layer(INPUTS), [[5.0, -6.0]])


def test_dense_with_activation():
    # keras: layers/core/dense_test.py::DenseTest::test_dense_with_activation
    layer = layers.Dense(units=2, use_bias=False, activation="relu")
    layer.build((1, 2))
    layer.set_weights([KERNEL])
    np.testing.assert_allclose(layer(INPUTS), [[5.0, 0.0]])


def test_dense_constraints():
    # keras: layers/core/dense_test.py::DenseTest::test_dense_constraints (Keras reads
    # layer.kernel.constraint; lucidnet keeps each weight's constraint by its name)
    layer = layers.Dense(units=2, kernel_constraint="non_neg")
    layer.build((None, 2))
    assert isinstance(layer.constraints["kernel"], constraints.NonNeg)
    layer = layers.Dense(units=2, bias_constraint="non_neg")
    layer.build((None, 2))
    assert isinstance(layer.constraints["bias"], constraints.NonNeg)
