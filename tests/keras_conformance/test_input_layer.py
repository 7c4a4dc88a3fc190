"""Keras's `layers/core/input_layer_test.py`, ported (the cases without sparse, ragged or
input tensors, which SKIPPED.md lists)."""

import numpy as np
import pytest

from lucidnet.keras import layers
from lucidnet.symbolic import KerasTensor

InputLayer = layers.InputLayer


def test_input_basic():
    # keras: layers/core/input_layer_test.py::InputLayerTest::test_input_basic (dense)
    values = InputLayer(shape=(2, 3), batch_size=4, dtype="float32")
    assert values.dtype == "float32"
    assert values.batch_shape[0] == 4
    assert values.batch_shape[1:] == (2, 3)
    assert values.trainable is True
    assert isinstance(values.output, KerasTensor)
    assert len(values.output.shape) == 3
    assert values.output.dtype == "float32"


def test_input_error1():
    # keras: layers/core/input_layer_test.py::InputLayerTest::test_input_error1
    with pytest.raises(ValueError, match="cannot pass both `shape` and `batch_shape`"):
        InputLayer(shape=(2, 3), batch_shape=(2, 3))


def test_input_error2():
    # keras: layers/core/input_layer_test.py::InputLayerTest::test_input_error2
    with pytest.raises(ValueError, match="cannot pass both `batch_size` and `batch_shape`"):
        InputLayer(batch_size=4, batch_shape=(2, 3))


def test_input_error3():
    # keras: layers/core/input_layer_test.py::InputLayerTest::test_input_error3 (a TypeError
    # here: a required argument is missing)
    with pytest.raises(TypeError, match="pass a `shape` argument."):
        InputLayer(shape=None, batch_shape=None)


def test_input_shape_deprecated():
    # keras: layers/core/input_layer_test.py::InputLayerTest::test_input_shape_deprecated
    with pytest.warns(DeprecationWarning, match=r"InputLayer\(input_shape=...\) is deprecated"):
        layer = InputLayer(input_shape=(2, 3), batch_size=4, dtype="float32")
    assert layer.batch_shape == (4, 2, 3)
    assert layer.dtype == "float32"
    assert isinstance(layer.output, KerasTensor)


def test_numpy_shape():
    # keras: layers/core/input_layer_test.py::InputLayerTest::test_numpy_shape
    assert InputLayer(shape=(np.int64(32),)).batch_shape == (None, 32)
