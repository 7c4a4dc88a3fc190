"""Keras's `layers/normalization/layer_normalization_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import layers, regularizers

from .layer_case import run_layer_case


@pytest.mark.parametrize("init_kwargs, input_shape, trainable, adds_losses", [
    ({"gamma_regularizer": regularizers.L2(0.01), "beta_regularizer": regularizers.L2(0.01)},
     (3, 4, 2), 2, True),
    ({"gamma_initializer": "ones", "beta_initializer": "ones"}, (3, 4, 2), 2, False),
    ({"scale": False, "center": False}, (3, 3), 0, False),
    ({"rms_scaling": True}, (3, 3), 1, False),
    ({"axis": (-3, -2, -1)}, (2, 8, 8, 3), 2, False),
    ({}, (1, 0, 10), 2, False),
])
def test_ln_basics(init_kwargs, input_shape, trainable, adds_losses):
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_ln_basics
    run_layer_case(layers.LayerNormalization, init_kwargs, input_shape,
                   expected_output_shape=input_shape, trainable=trainable, adds_losses=adds_losses)


def test_invalid_axis():
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_invalid_axis
    with pytest.raises(TypeError, match="LayerNormalization axis must be an integer or a list"):
        layers.LayerNormalization(axis={"axis": -1})


@pytest.mark.parametrize("axis", [2, 99, -3, -99, [0, 99]])
def test_out_of_bounds_axis(axis):
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_out_of_bounds_axis
    x = np.zeros((2, 4), dtype="float32")
    with pytest.raises(ValueError, match="which (is outside them|is the batch axis)"):
        layers.LayerNormalization(axis=axis)(x)


@pytest.mark.parametrize("call", ["build", "compute_output_shape"])
def test_out_of_bounds_axis_when_building(call):
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_out_of_bounds_axis
    # (build() and compute_output_shape() agree)
    with pytest.raises(ValueError, match="has axis 99, which is outside them"):
        getattr(layers.LayerNormalization(axis=99), call)((2, 4))


@pytest.mark.parametrize("axis", [[-1, 1], [1, 1]])
def test_duplicate_axis(axis):
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_duplicate_axis
    # ([1, 1] is refused when the layer is made, [-1, 1] once the rank is known)
    x = np.zeros((2, 4), dtype="float32")
    with pytest.raises(ValueError, match="Duplicate axes|distinct integers"):
        layers.LayerNormalization(axis=axis)(x)


def test_axis_is_canonicalized():
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_axis_is_canonicalized
    # (Keras rewrites layer.axis to [1]; lucidnet keeps the argument and the positions apart)
    layer = layers.LayerNormalization(axis=-1)
    layer.build((2, 4))
    assert layer.normalized_axes == (1,)


def test_correctness():
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_correctness
    layer = layers.LayerNormalization()
    layer.build((None, 2, 2, 2))
    inputs = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=(1000, 2, 2, 2))
    out = (np.asarray(layer(inputs.astype("float32"))) - layer.beta) / layer.gamma
    np.testing.assert_allclose(np.mean(out), 0.0, atol=1e-1)
    np.testing.assert_allclose(np.std(out), 1.0, atol=1e-1)


def test_output():
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_output
    layer = layers.LayerNormalization(beta_initializer="ones", gamma_initializer="ones")
    out = layer(np.arange(5).astype("float32")[None, :])
    np.testing.assert_allclose(out, [[-0.41386, 0.29307, 1.0, 1.70693, 2.41386]], atol=1e-5)


def test_output_with_rms_scaling():
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_output_with_rms_scaling
    layer = layers.LayerNormalization(rms_scaling=True, gamma_initializer="ones")
    out = layer(np.arange(5).astype("float32")[None, :])
    np.testing.assert_allclose(out, [[0.0, 0.70693, 1.41386, 2.12079, 2.82772]], atol=1e-5)


def test_unsorted_axis():
    # keras: layers/normalization/layer_normalization_test.py::LayerNormalizationTest::test_unsorted_axis
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype("float32")
    out_sorted = layers.LayerNormalization(axis=[-2, -1])(x)
    out_unsorted = layers.LayerNormalization(axis=[-1, -2])(x)
    assert out_sorted.shape == out_unsorted.shape == (2, 3, 4)
    np.testing.assert_allclose(out_sorted, out_unsorted)
