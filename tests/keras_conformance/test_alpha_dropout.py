"""Keras's `layers/regularization/alpha_dropout_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_alpha_dropout_basics():
    # keras: layers/regularization/alpha_dropout_test.py::AlphaDropoutTest::test_alpha_dropout_basics
    run_layer_case(layers.AlphaDropout, {"rate": 0.2}, input_shape=(2, 3), training=True,
                   expected_output_shape=(2, 3), seeded=True)


def test_alpha_dropout_correctness():
    # keras: layers/regularization/alpha_dropout_test.py::AlphaDropoutTest::test_alpha_dropout_correctness
    outputs = layers.AlphaDropout(0.3, seed=1337)(np.ones((20, 500)).astype("float32"),
                                                  training=True)
    np.testing.assert_allclose(np.std(np.asarray(outputs)), 1.0, atol=1e-1)


@pytest.mark.parametrize("noise_shape", [(None, 1, None), (20, 1, 10)])
def test_alpha_dropout_partial_noise_shape(noise_shape):
    # keras: layers/regularization/alpha_dropout_test.py::AlphaDropoutTest::test_alpha_dropout_partial_noise_shape_dynamic
    # keras: layers/regularization/alpha_dropout_test.py::AlphaDropoutTest::test_alpha_dropout_partial_noise_shape_static
    outputs = np.asarray(layers.AlphaDropout(0.5, noise_shape=noise_shape)(
        np.ones((20, 5, 10)), training=True))
    np.testing.assert_allclose(outputs[:, 0, :], outputs[:, 1, :])


@pytest.mark.parametrize("rate", [-0.5, 1.5])
def test_alpha_dropout_rate_outside_zero_one(rate):
    # keras: layers/regularization/alpha_dropout_test.py::AlphaDropoutTest::test_alpha_dropout_negative_rate
    # keras: layers/regularization/alpha_dropout_test.py::AlphaDropoutTest::test_alpha_dropout_rate_greater_than_one
    with pytest.raises(ValueError, match=r"AlphaDropout rate must be a number in \[0, 1\)"):
        layers.AlphaDropout(rate=rate)
