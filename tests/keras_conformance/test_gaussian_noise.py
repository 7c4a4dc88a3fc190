"""Keras's `layers/regularization/gaussian_noise_test.py`, ported."""

import numpy as np

from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_gaussian_noise_basics():
    # keras: layers/regularization/gaussian_noise_test.py::GaussianNoiseTest::test_gaussian_noise_basics
    run_layer_case(layers.GaussianNoise, {"stddev": 0.2}, input_shape=(2, 3), training=True,
                   expected_output_shape=(2, 3), seeded=True)


def test_gaussian_noise_correctness():
    # keras: layers/regularization/gaussian_noise_test.py::GaussianNoiseTest::test_gaussian_noise_correctness
    outputs = layers.GaussianNoise(0.3, seed=1337)(np.ones((20, 500)), training=True)
    np.testing.assert_allclose(np.std(np.asarray(outputs)), 0.3, atol=0.02)
