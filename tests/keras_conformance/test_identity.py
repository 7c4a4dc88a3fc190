"""Keras's `layers/core/identity_test.py`, ported."""

from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_identity_basics():
    # keras: layers/core/identity_test.py::IdentityTest::test_identity_basics (dense inputs)
    layer = run_layer_case(layers.Identity, {}, (2, 3), expected_output_shape=(2, 3))
    assert layer.weights == []
