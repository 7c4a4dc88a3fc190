"""Keras's `layers/regularization/gaussian_dropout_test.py`, ported."""

import numpy as np

from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_gaussian_dropout_basics():
    # keras: layers/regularization/gaussian_dropout_test.py::GaussianDropoutTest::test_gaussian_dropout_basics
    run_layer_case(layers.GaussianDropout, {"rate": 0.2}, input_shape=(2, 3), training=True,
                   expected_output_shape=(2, 3), seeded=True)


def test_gaussian_dropout_correctness():
    # keras: layers/regularization/gaussian_dropout_test.py::GaussianDropoutTest::test_gaussian_dropout_correctness
    outputs = layers.GaussianDropout(0.3, seed=1337)(np.ones((20, 500)), training=True)
    np.testing.assert_allclose(np.std(np.asarray(outputs)), np.sqrt(0.3 / (1 - 0.3)), atol=0.02)
