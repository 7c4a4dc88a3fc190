"""Keras's `layers/regularization/dropout_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import layers

from .layer_case import run_layer_case


def test_dropout_basics():
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_dropout_basics
    run_layer_case(layers.Dropout, {"rate": 0.2}, input_shape=(2, 3), training=True,
                   expected_output_shape=(2, 3), seeded=True)


def test_dropout_rescaling():
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_dropout_rescaling
    outputs = np.asarray(layers.Dropout(0.5, seed=1337)(np.ones((20, 500)), training=True))
    np.testing.assert_allclose(np.mean(outputs), 1.0, atol=0.02)
    np.testing.assert_allclose(np.max(outputs), 2.0)


@pytest.mark.parametrize("noise_shape", [(None, 1, None), (20, 1, 10)])
def test_dropout_partial_noise_shape(noise_shape):
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_dropout_partial_noise_shape_dynamic
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_dropout_partial_noise_shape_static
    outputs = np.asarray(layers.Dropout(0.5, noise_shape=noise_shape)(np.ones((20, 5, 10)),
                                                                     training=True))
    np.testing.assert_allclose(outputs[:, 0, :], outputs[:, 1, :])
    assert 0 < (outputs == 0).mean() < 1


@pytest.mark.parametrize("rate", [-0.5, 1.5])
def test_dropout_rate_outside_zero_one(rate):
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_dropout_negative_rate
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_dropout_rate_greater_than_one
    with pytest.raises(ValueError, match=r"Dropout rate must be a number in \[0, 1\)"):
        layers.Dropout(rate=rate)


def test_validate_noise_shape_none():
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_validate_noise_shape_none
    assert layers.Dropout(0.5, noise_shape=None).noise_shape is None


@pytest.mark.parametrize("given, kept", [((20, 1, 10), (20, 1, 10)),
                                         ((None, 1, None), (None, 1, None)),
                                         ([20, 1, 10], (20, 1, 10))])
def test_validate_noise_shape_is_kept_as_a_tuple(given, kept):
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_validate_noise_shape_integer_tuple
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_validate_noise_shape_none_values
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_validate_noise_shape_cast_to_a_tuple
    layer = layers.Dropout(0.5, noise_shape=given)
    assert layer.noise_shape == kept and isinstance(layer.noise_shape, tuple)


@pytest.mark.parametrize("noise_shape", ["Invalid", (20, 1.5, 10), (20, -1, 10), (20, 0, 10)])
def test_validate_noise_shape_refuses(noise_shape):
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_validate_noise_shape_non_iterable
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_validate_noise_shape_invalid_type
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_validate_noise_shape_negative_value
    # keras: layers/regularization/dropout_test.py::DropoutTest::test_validate_noise_shape_zero_value
    with pytest.raises(ValueError, match="Dropout noise_shape must be a tuple of positive "
                                         "integers or None"):
        layers.Dropout(0.5, noise_shape=noise_shape)
