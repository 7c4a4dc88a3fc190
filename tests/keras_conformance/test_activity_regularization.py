"""Keras's `layers/regularization/activity_regularization_test.py`, ported."""

import numpy as np

from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_correctness():
    # keras: layers/regularization/activity_regularization_test.py::ActivityRegularizationTest::test_correctness
    # (Keras reads the one loss from layer.losses; lucidnet's is regularization_loss())
    layer = layers.ActivityRegularization(l1=0.2, l2=0.3)
    layer(2 * np.ones((1,)))
    np.testing.assert_allclose(layer.regularization_loss(), 4 * 0.3 + 2 * 0.2)


def test_activity_regularization_basics():
    # keras: layers/regularization/activity_regularization_test.py::ActivityRegularizationTest::test_activity_regularization_basics
    run_layer_case(layers.ActivityRegularization, {"l1": 0.1, "l2": 0.2}, input_shape=(2, 3),
                   expected_output_shape=(2, 3), adds_losses=True)
