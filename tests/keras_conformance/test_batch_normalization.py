"""Keras's `layers/normalization/batch_normalization_test.py`, ported."""

import itertools

import numpy as np
import pytest

from lucidnet.keras import layers

from .layer_case import run_layer_case


@pytest.mark.parametrize("init_kwargs, input_shape, trainable, adds_losses", [
    ({"center": True, "scale": True}, (2, 3), 2, False),
    ({"center": False, "scale": False}, (2, 3), 0, False),
    ({"center": True, "scale": True, "beta_regularizer": "l2", "gamma_regularizer": "l2"},
     (2, 4, 4, 3), 2, True),
])
def test_bn_basics(init_kwargs, input_shape, trainable, adds_losses):
    # keras: layers/normalization/batch_normalization_test.py::BatchNormalizationTest::test_bn_basics
    run_layer_case(layers.BatchNormalization, init_kwargs, input_shape, training=True,
                   expected_output_shape=input_shape, trainable=trainable, non_trainable=2,
                   adds_losses=adds_losses)


@pytest.mark.parametrize("axis, input_shape, moving_mean_initializer, moving_variance_initializer",
                         list(itertools.product((-1, 1), ((5, 2, 3), (5, 3, 3, 2)),
                                                ("zeros", "ones"), ("zeros", "ones"))))
def test_correctness(axis, input_shape, moving_mean_initializer, moving_variance_initializer):
    # keras: layers/normalization/batch_normalization_test.py::BatchNormalizationTest::test_correctness
    # (without its Masking part, listed in SKIPPED.md)
    layer = layers.BatchNormalization(axis=axis, momentum=0,
                                      moving_mean_initializer=moving_mean_initializer,
                                      moving_variance_initializer=moving_variance_initializer)
    x = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=input_shape)
    out = x
    for _ in range(3):
        out = layer(out, training=True)

    broadcast_shape = [1] * len(input_shape)
    broadcast_shape[axis] = input_shape[axis]
    out = np.asarray(out) - np.reshape(layer.beta, broadcast_shape)
    out = out / np.reshape(layer.gamma, broadcast_shape)
    reduction_axes = list(range(len(input_shape)))
    del reduction_axes[axis]
    reduction_axes = tuple(reduction_axes)
    np.testing.assert_allclose(np.mean(out, axis=reduction_axes), 0.0, atol=1e-3)
    np.testing.assert_allclose(np.std(out, axis=reduction_axes), 1.0, atol=1e-3)
    np.testing.assert_allclose(layer.moving_mean, 0.0, atol=1e-3)
    np.testing.assert_allclose(layer.moving_variance, 1.0, atol=1e-3)

    # Inference before training on x does not match training on it...
    inference_out = np.asarray(layer(x, training=False))
    training_out = np.asarray(layer(x, training=True))
    assert not np.allclose(inference_out, training_out)
    # ...and, momentum being 0, inference after training on it does.
    training_out = np.asarray(layer(x, training=True))
    inference_out = np.asarray(layer(x, training=False))
    np.testing.assert_allclose(inference_out, training_out, rtol=1e-6, atol=1e-6)


def test_trainable_behavior():
    # keras: layers/normalization/batch_normalization_test.py::BatchNormalizationTest::test_trainable_behavior
    layer = layers.BatchNormalization(axis=-1, momentum=0.8, epsilon=1e-7)
    layer.build((1, 4, 4, 3), "float64")
    layer.trainable = False
    assert len(layer.weights) == 4
    assert len(layer.trainable_weights) == 0
    assert len(layer.non_trainable_weights) == 4

    x = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=(200, 4, 4, 3))
    np.testing.assert_allclose(layer(x, training=True), x, rtol=1e-6)

    layer.trainable = True
    assert len(layer.weights) == 4
    assert len(layer.trainable_weights) == 2
    assert len(layer.non_trainable_weights) == 2
    for _ in range(10):
        out = layer(x, training=True)
    out = np.asarray(out) - np.reshape(layer.beta, (1, 1, 1, 3))
    out = out / np.reshape(layer.gamma, (1, 1, 1, 3))
    np.testing.assert_allclose(np.mean(out, axis=(0, 1, 2)), 0.0, atol=1e-3)
    np.testing.assert_allclose(np.std(out, axis=(0, 1, 2)), 1.0, atol=1e-3)
