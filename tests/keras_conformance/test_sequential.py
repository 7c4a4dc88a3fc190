"""Keras's Sequential cases (`keras/src/models/sequential_test.py`) for dense stacks: how the
model is built (from an Input, from `input_shape=`/`input_dim=`, or from the first data),
called, and popped.  Keras also checks the functional graph it builds behind a Sequential
(`model._functional`) and a call on a symbolic `KerasTensor`; lucidnet's Sequential has no
graph behind it, so those two asserts are not ported (see SKIPPED.md)."""

import numpy as np

from lucidnet import keras

layers, Sequential = keras.layers, keras.Sequential


def call_shape(model, rows, features):
    return tuple(np.asarray(model(np.random.default_rng(0).random((rows, features)))).shape)


# keras: models/sequential_test.py::SequentialTest::test_basic_flow_with_input
def test_basic_flow_with_input(capsys):
    model = Sequential(name="seq")
    # Keras's case also gives the Input a batch size of 3, which lucidnet's does not take.
    model.add(layers.Input(shape=(2,)))
    model.add(layers.Dense(4))
    model.add(layers.Dense(5))
    model.summary()
    assert "seq" in capsys.readouterr().out
    assert len(model.layers) == 2
    assert model.built
    assert len(model.weights) == 4
    assert call_shape(model, 3, 2) == (3, 5)
    # The `layers` constructor argument.
    model = Sequential(layers=[layers.Input(shape=(2,)), layers.Dense(4), layers.Dense(5)])
    assert len(model.layers) == 2 and model.built and len(model.weights) == 4
    assert call_shape(model, 3, 2) == (3, 5)
    # pop
    model.pop()
    assert len(model.layers) == 1 and model.built and len(model.weights) == 2
    assert call_shape(model, 3, 2) == (3, 4)


# keras: models/sequential_test.py::SequentialTest::test_legacy_flow_with_input_shape
def test_legacy_flow_with_input_shape():
    for first in (layers.Dense(4, input_shape=(2,)), layers.Dense(4, input_dim=2)):
        model = Sequential(name="seq")
        model.add(first)
        model.add(layers.Dense(5))
        assert len(model.layers) == 2
        assert model.built
        assert len(model.weights) == 4
    # The input_shape of a later layer is ignored.
    model = Sequential(name="seq")
    model.add(layers.Dense(4, input_shape=(2,)))
    model.add(layers.Dense(5, input_shape=(3, 4)))
    assert len(model.layers) == 2 and model.built and len(model.weights) == 4


# keras: models/sequential_test.py::SequentialTest::test_basic_flow_deferred
def test_basic_flow_deferred(capsys):
    model = Sequential(name="seq")
    model.add(layers.Dense(4))
    model.add(layers.Dense(5))
    model.summary()
    assert len(model.layers) == 2
    assert call_shape(model, 3, 2) == (3, 5)  # the first call builds the model
    assert model.built
    model.summary()
    model = Sequential(layers=[layers.Dense(4), layers.Dense(5)])
    assert call_shape(model, 3, 2) == (3, 5)
    model.pop()
    assert len(model.layers) == 1 and model.built and len(model.weights) == 2
    assert call_shape(model, 3, 2) == (3, 4)
