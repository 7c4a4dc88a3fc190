"""Keras's `layers/core/lambda_layer_test.py`, ported.  A Lambda of a Python function runs
forward only and is not saved (docs/keras.md, "Differences from Keras"); a Lambda of one of
lucidnet's activations is saved by name and has a backward pass."""

import numpy as np
import pytest

from lucidnet.keras import activations, layers


def stacker(x):
    return np.concatenate([x, x], axis=1)


def stacker_shape(s):
    return (s[0], s[1] * 2)


@pytest.mark.parametrize("init_kwargs, input_shape, expected", [
    ({"function": np.square}, (2, 3), (2, 3)),
    ({"function": np.square}, (2, 3, 4), (2, 3, 4)),
    ({"function": stacker, "output_shape": (6,)}, (2, 3), (2, 6)),
    ({"function": stacker, "output_shape": stacker_shape}, (2, 3), (2, 6)),
], ids=["square", "square_3d", "stacker", "stacker_shape"])
def test_lambda_basics(init_kwargs, input_shape, expected):
    # keras: layers/core/lambda_layer_test.py::LambdaTest::test_lambda_basics (its `mask`
    # argument is listed in SKIPPED.md)
    layer = layers.Lambda(**init_kwargs)
    x = np.random.default_rng(0).standard_normal(input_shape)
    assert layer(x).shape == expected
    assert layer.compute_output_shape((None,) + input_shape[1:]) == (None,) + expected[1:]
    assert layer.weights == [] and layer.regularization_loss() == 0


def test_lambda_of_an_activation_round_trips():
    # keras: layers/core/lambda_layer_test.py::LambdaTest::test_lambda_basics (the config
    # round trip, for the Lambdas lucidnet saves)
    layer = layers.Lambda(activations.tanh)
    config = layer.get_config()
    restored = layers.Lambda.from_config(config)
    x = np.random.default_rng(0).standard_normal((2, 3))
    np.testing.assert_allclose(restored(x), np.tanh(x), rtol=1e-6)


@pytest.mark.parametrize("output_shape", [None, lambda x: x])
def test_correctness(output_shape):
    # keras: layers/core/lambda_layer_test.py::LambdaTest::test_correctness
    # keras: layers/core/lambda_layer_test.py::LambdaTest::test_correctness_lambda_shape
    layer = layers.Lambda(lambda x: x**2, output_shape=output_shape)
    np.testing.assert_allclose(layer(2 * np.ones((2, 3))), 4 * np.ones((2, 3)))


def test_from_config_fails_closed():
    # keras: layers/core/lambda_layer_test.py::LambdaTest::test_from_config_fails_closed_without_safe_mode_scope
    # (lucidnet refuses already at get_config: a model file never holds code)
    with pytest.raises(ValueError, match="Lambda"):
        layers.Lambda(lambda x: x**2).get_config()
