"""Keras's `layers/activations/elu_test.py`, ported."""

import numpy as np

from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_config():
    # keras: layers/activations/elu_test.py::ELUTest::test_config
    layer = layers.ELU()
    assert layers.ELU.from_config(layer.get_config()).get_config() == layer.get_config()


def test_elu():
    # keras: layers/activations/elu_test.py::ELUTest::test_elu
    run_layer_case(layers.ELU, {}, (2, 3, 4), expected_output_shape=(2, 3, 4))


def test_correctness():
    # keras: layers/activations/elu_test.py::ELUTest::test_correctness
    def np_elu(x, alpha=1.0):
        return (x > 0) * x + (x <= 0) * alpha * (np.exp(x) - 1)

    x = np.random.default_rng(0).random((2, 2, 5)) - 0.5
    np.testing.assert_allclose(layers.ELU()(x), np_elu(x))
    np.testing.assert_allclose(layers.ELU(alpha=0.7)(x), np_elu(x, alpha=0.7))
