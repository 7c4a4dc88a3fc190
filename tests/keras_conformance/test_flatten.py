"""Keras's `layers/reshaping/flatten_test.py`, ported."""

import numpy as np
import pytest

import lucidnet as ln
from lucidnet.keras import layers

from .layer_case import run_layer_case

rng = np.random.default_rng(0)
INPUTS = rng.random((10, 3, 5, 5)).astype("float32")
INPUTS = INPUTS * (INPUTS >= 0.8)
CHANNELS_LAST = INPUTS.reshape(-1, 5 * 5 * 3)
CHANNELS_FIRST = np.transpose(INPUTS, (0, 2, 3, 1)).reshape(-1, 5 * 5 * 3)


@pytest.mark.parametrize("init_kwargs, expected", [
    ({}, CHANNELS_LAST),
    ({"data_format": "channels_last"}, CHANNELS_LAST),
    ({"data_format": "channels_first"}, CHANNELS_FIRST),
])
def test_flatten(init_kwargs, expected):
    # keras: layers/reshaping/flatten_test.py::FlattenTest::test_flatten (dense inputs)
    run_layer_case(layers.Flatten, init_kwargs, INPUTS.shape, input_data=INPUTS,
                   expected_output=expected)


@pytest.mark.parametrize("init_kwargs", [{}, {"data_format": "channels_last"},
                                         {"data_format": "channels_first"}])
def test_flatten_with_scalar_channels(init_kwargs):
    # keras: layers/reshaping/flatten_test.py::FlattenTest::test_flatten_with_scalar_channels
    inputs = rng.random((10,)).astype("float32")
    run_layer_case(layers.Flatten, init_kwargs, inputs.shape, input_data=inputs,
                   expected_output=inputs[:, None])


def test_flatten_symbolic_with_dynamic_batch_size():
    # keras: layers/reshaping/flatten_test.py::FlattenTest::test_flatten_symbolic_with_dynamic_batch_size
    assert layers.Flatten()(ln.keras.Input(shape=(2, 3))).shape == (None, 6)


def test_flatten_channels_first_backward_undoes_the_move():
    # keras: layers/reshaping/flatten_test.py::FlattenTest::test_flatten (its training check,
    # here the backward pass: the gradient lands on the value that was moved)
    layer = layers.Flatten(data_format="channels_first")
    layer(INPUTS)
    grad = layer.backward(CHANNELS_FIRST)
    np.testing.assert_array_equal(grad, INPUTS)
