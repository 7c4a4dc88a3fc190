"""Keras's `layers/normalization/unit_normalization_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import layers

from .layer_case import run_layer_case


@pytest.mark.parametrize("axis, input_shape", [(-1, (2, 3)), ((1, 2), (1, 3, 3))])
def test_un_basics(axis, input_shape):
    # keras: layers/normalization/unit_normalization_test.py::UnitNormalizationTest::test_un_basics
    run_layer_case(layers.UnitNormalization, {"axis": axis}, input_shape,
                   expected_output_shape=input_shape)


def test_invalid_axis():
    # keras: layers/normalization/unit_normalization_test.py::UnitNormalizationTest::test_invalid_axis
    with pytest.raises(TypeError, match="UnitNormalization axis must be an integer or a list"):
        layers.UnitNormalization(axis={"axis": -1})


def squared_l2_norm(x):
    return np.sum(np.asarray(x) ** 2)


def test_correctness():
    # keras: layers/normalization/unit_normalization_test.py::UnitNormalizationTest::test_correctness
    rng = np.random.default_rng(0)
    outputs = layers.UnitNormalization(axis=-1)(rng.normal(size=(2, 3)))
    np.testing.assert_allclose(squared_l2_norm(outputs[0, :]), 1.0)
    np.testing.assert_allclose(squared_l2_norm(outputs[1, :]), 1.0)

    outputs = layers.UnitNormalization(axis=(1, 2))(rng.normal(size=(2, 3, 3)))
    np.testing.assert_allclose(squared_l2_norm(outputs[0, :, :]), 1.0)
    np.testing.assert_allclose(squared_l2_norm(outputs[1, :, :]), 1.0)

    outputs = layers.UnitNormalization(axis=1)(rng.normal(size=(2, 3, 2)))
    for example in range(2):
        for column in range(2):
            np.testing.assert_allclose(squared_l2_norm(outputs[example, :, column]), 1.0)
