"""Keras's `layers/activations/activation_test.py`, ported."""

import pytest

from lucidnet.keras import activations, layers

from .layer_case import run_layer_case


@pytest.mark.parametrize("activation, input_shape", [("relu", (2, 3)), (activations.gelu, (2, 2))])
def test_activation_basics(activation, input_shape):
    # keras: layers/activations/activation_test.py::ActivationTest::test_activation_basics
    run_layer_case(layers.Activation, {"activation": activation}, input_shape,
                   expected_output_shape=input_shape)
