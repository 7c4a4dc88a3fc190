"""``.numpy()`` where the TensorFlow tutorials call it: on what ``model(x)`` and ``layer(x)``
return and on a layer's weights, while the engine, ``predict`` and ``get_weights`` keep plain
arrays (see :mod:`lucidnet.tensor`)."""

import numpy as np
import pytest

from lucidnet import Dense, Input, Sequential
from lucidnet.layers import BatchNormalization, LayerNormalization, Normalization, PReLU
from lucidnet.tensor import Tensor

RNG = np.random.default_rng(0)
X = RNG.normal(size=(6, 4)).astype("float32")
Y = np.arange(6) % 3


def model(seed=0):
    network = Sequential([Input((4,)), Dense(5, activation="relu"), Dense(3, activation="softmax")],
                         seed=seed)
    network.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return network


def test_the_quickstart_calls_numpy_on_the_output_of_a_model():
    network = model()
    predictions = network(X[:1]).numpy()   # the TensorFlow quickstart's line
    assert type(predictions) is np.ndarray and predictions.shape == (1, 3)
    np.testing.assert_array_equal(predictions, network.predict(X[:1], verbose=0))


def test_a_layer_called_on_an_array_returns_the_same_numbers_with_numpy():
    layer = model().layers[0]
    output = layer(X)
    assert isinstance(output, Tensor) and isinstance(output, np.ndarray)
    kernel, bias = layer.get_weights()
    np.testing.assert_array_equal(output.numpy(), np.maximum(X @ kernel + bias, 0))


def test_numpy_functions_and_operators_on_an_output_give_plain_arrays():
    output = model()(X)
    for result in (np.argmax(output, axis=-1), output * 2, output - output, np.exp(output),
                   np.concatenate([output, output]), output.sum(axis=0), output > 0.5,
                   np.linalg.svd(output).S):
        assert type(result) is np.ndarray
    assert type(np.argmax(output)) is np.int64 and type(np.mean(output)) is np.float32
    assert repr(output) == repr(output.numpy())


def test_the_engine_and_what_it_returns_keep_plain_arrays():
    network = model()
    network.train_on_batch(X, Y)
    assert type(network.predict(X, verbose=0)) is np.ndarray
    assert type(network.predict_on_batch(X)) is np.ndarray
    assert all(type(w) is np.ndarray for w in network.get_weights())
    assert all(type(w) is np.ndarray for w in network.weights + network.trainable_weights)
    assert all(type(w) is np.ndarray for layer in network.layers for w in layer.grads)


def test_the_kernel_is_a_live_view_and_its_numpy_a_copy():
    network = model()
    layer = network.layers[0]
    kernel = layer.kernel
    before = layer.kernel.numpy()
    network.train_on_batch(X, Y)   # the optimizer updates the layer's array in place
    np.testing.assert_array_equal(kernel, layer.get_weights()[0])
    assert not np.array_equal(kernel, before)
    copy = layer.bias.numpy()
    copy += 1.0
    np.testing.assert_array_equal(layer.bias.numpy(), layer.get_weights()[1])
    assert layer.bias.numpy() is not layer.bias.numpy()


def test_normalization_mean_and_variance_have_numpy_as_in_the_regression_tutorial():
    data = np.array([[0.0, 7.0, 4.0], [2.0, 9.0, 6.0], [0.0, 7.0, 4.0], [2.0, 9.0, 6.0]])
    normalizer = Normalization(axis=-1)
    normalizer.adapt(data)
    assert normalizer.mean.numpy().tolist() == [[1.0, 8.0, 5.0]]
    assert normalizer.variance.numpy().tolist() == [[1.0, 1.0, 1.0]]
    first = data[:1]
    assert normalizer(first).numpy().tolist() == [[-1.0, -1.0, -1.0]]
    assert normalizer.built   # by its call: the views are of the layer's state now
    mean = normalizer.mean
    normalizer.adapt(data * 2)
    assert mean.tolist() == [[2.0, 16.0, 10.0]]
    assert normalizer.mean.numpy().tolist() == [[2.0, 16.0, 10.0]]


@pytest.mark.parametrize("layer, names", [
    (BatchNormalization(), ["gamma", "beta", "moving_mean", "moving_variance"]),
    (LayerNormalization(), ["gamma", "beta"]),
    (PReLU(), ["alpha"]),
])
def test_every_weight_attribute_has_numpy_and_is_the_layer_array(layer, names):
    Sequential([Input((4,)), layer])
    for name in names:
        attribute = getattr(layer, name)
        assert isinstance(attribute, Tensor), name
        assert np.shares_memory(attribute, layer.weights[layer.weight_names.index(name)]), name
        assert type(attribute.numpy()) is np.ndarray


def test_a_model_trains_identically_whatever_is_read_from_it():
    plain, read = model(seed=3), model(seed=3)
    for _ in range(3):
        plain.train_on_batch(X, Y)
        read(X).numpy(), read.layers[0].kernel.numpy()
        read.train_on_batch(X, Y)
    for a, b in zip(plain.get_weights(), read.get_weights()):
        np.testing.assert_array_equal(a, b)
