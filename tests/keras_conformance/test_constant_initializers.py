"""Keras's `initializers/constant_initializers_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import initializers

SHAPE = (3, 3)


def round_trips(initializer):
    """Keras's run_class_serialization_test: the config rebuilds an equal initializer, also by
    its registered name."""
    config = initializer.get_config()
    assert type(initializer).from_config(config).get_config() == config
    rebuilt = initializers.get({"class_name": type(initializer).registry_name, "config": config})
    assert type(rebuilt) is type(initializer) and rebuilt.get_config() == config


@pytest.mark.parametrize("initializer, expected", [
    (initializers.Zeros(), np.zeros(SHAPE)),
    (initializers.Ones(), np.ones(SHAPE)),
    (initializers.Constant(value=6.0), np.full(SHAPE, 6.0)),
    (initializers.Identity(gain=2), np.eye(*SHAPE) * 2),
], ids=["zeros", "ones", "constant", "identity"])
def test_constant_initializers(initializer, expected):
    # keras: initializers/constant_initializers_test.py::ConstantInitializersTest::test_zeros_initializer
    # keras: initializers/constant_initializers_test.py::ConstantInitializersTest::test_ones_initializer
    # keras: initializers/constant_initializers_test.py::ConstantInitializersTest::test_constant_initializer
    # keras: initializers/constant_initializers_test.py::ConstantInitializersTest::test_identity_initializer
    values = initializer(shape=SHAPE)
    assert values.shape == SHAPE
    np.testing.assert_allclose(values, expected)
    round_trips(initializer)


def test_constant_initializer_array_value():
    # keras: initializers/constant_initializers_test.py::ConstantInitializersTest::test_constant_initializer_array_value
    constant_value = np.random.default_rng(0).random(SHAPE)
    initializer = initializers.Constant(value=constant_value)
    values = initializer(shape=SHAPE)
    assert values.shape == SHAPE
    np.testing.assert_allclose(values, constant_value, rtol=1e-6)
    round_trips(initializer)


def test_identity_initializer_compatible_class_name():
    # keras: initializers/constant_initializers_test.py::ConstantInitializersTest::test_identity_initializer
    assert isinstance(initializers.get("IdentityInitializer"), initializers.Identity)
