"""Keras's `layers/reshaping/reshape_test.py`, ported."""

import numpy as np
import pytest

import lucidnet as ln
from lucidnet.keras import layers

from .layer_case import run_layer_case


@pytest.mark.parametrize("target_shape, input_shape, expected", [
    ((8, 1), (3, 2, 4), (3, 8, 1)),
    ((8,), (3, 2, 4), (3, 8)),
    ((2, 4), (3, 8), (3, 2, 4)),
    ((-1, 1), (3, 2, 4), (3, 8, 1)),
    ((1, -1), (3, 2, 4), (3, 1, 8)),
    ((-1,), (3, 2, 4), (3, 8)),
    ((2, -1), (3, 2, 4), (3, 2, 4)),
])
def test_reshape(target_shape, input_shape, expected):
    # keras: layers/reshaping/reshape_test.py::ReshapeTest::test_reshape (dense inputs)
    run_layer_case(layers.Reshape, {"target_shape": target_shape}, input_shape,
                   expected_output_shape=expected)


def test_reshape_with_dynamic_batch_size():
    # keras: layers/reshaping/reshape_test.py::ReshapeTest::test_reshape_with_dynamic_batch_size
    assert layers.Reshape((8,))(ln.keras.Input(shape=(2, 4))).shape == (None, 8)


@pytest.mark.parametrize("target_shape, words", [((-2, 5), r"\(-2, 5\)"),
                                                 ((-1, -1, 5), r"at most one -1.*\(-1, -1, 5\)")])
def test_reshape_rejects_invalid_target_shape(target_shape, words):
    # keras: layers/reshaping/reshape_test.py::ReshapeTest::test_reshape_rejects_invalid_target_shape
    with pytest.raises(ValueError, match="Reshape target_shape must be .*" + words):
        layers.Reshape(target_shape=target_shape)


def test_reshape_with_dynamic_batch_size_and_minus_one():
    # keras: layers/reshaping/reshape_test.py::ReshapeTest::test_reshape_with_dynamic_batch_size_and_minus_one
    assert layers.Reshape((-1, 8)).compute_output_shape((None, 6, 4)) == (None, 3, 8)


def test_reshape_layer_with_varying_input_size_and_minus_one():
    # keras: layers/reshaping/reshape_test.py::ReshapeTest::test_reshape_layer_with_varying_input_size_and_minus_one
    layer = layers.Reshape((-1, 8))
    assert layer(np.ones((1, 6, 4), dtype="float32")).shape == (1, 3, 8)
    assert layer(np.ones((1, 10, 4), dtype="float32")).shape == (1, 5, 8)
