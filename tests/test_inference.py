"""The inference pass (`infer`: `predict`, `predict_on_batch`, `model(x)`): the values of
`forward(x, training=False)` bit for bit, nothing kept or overwritten that training or
inspection reads, fresh arrays for the caller, and the same checks and messages."""

from __future__ import annotations

import numpy as np
import pytest
from test_layers import EXAMPLES

import lucidnet as ln
from lucidnet import layers
from lucidnet.activations import ACTIVATIONS

ACTIVATION_NAMES = sorted({cls.registry_name for _, cls in ACTIVATIONS.items()})


def subclassed():
    class TwoLayers(ln.Model):
        def __init__(self):
            super().__init__(seed=4)
            self.hidden = layers.Dense(5, activation="relu")
            self.out = layers.Dense(3, activation="softmax")

        def call(self, x):
            return self.out(self.hidden(x))

    return TwoLayers()


def functional():
    inputs = ln.Input((6,))
    return ln.Model(inputs, layers.Dense(3, "sigmoid")(layers.Dense(4, "tanh")(inputs)), seed=5)


ARCHITECTURES = {
    "relu-softmax": lambda dtype: ln.Sequential(
        [ln.Input((6,)), layers.Dense(8, "relu"), layers.Dense(5, "relu"),
         layers.Dense(3, "softmax")], dtype=dtype, seed=0),
    "no bias, linear": lambda dtype: ln.Sequential(
        [ln.Input((6,)), layers.Dense(4, use_bias=False), layers.Dense(2)], dtype=dtype, seed=1),
    "normalizations and dropout": lambda dtype: ln.Sequential(
        [ln.Input((6,)), layers.Dense(5, "relu"), layers.BatchNormalization(), layers.Dropout(0.5),
         layers.LayerNormalization(), layers.Dense(3), layers.Activation("softmax")],
        dtype=dtype, seed=2),
    "reshape and flatten": lambda dtype: ln.Sequential(
        [ln.Input((6,)), layers.Reshape((3, 2)), layers.Flatten(), layers.Dense(4, "elu"),
         layers.Softmax()], dtype=dtype, seed=3),
    "nested model": lambda dtype: ln.Sequential(
        [ln.Sequential([ln.Input((6,)), layers.Dense(4, "tanh")], dtype=dtype, seed=6),
         layers.Dense(2, "sigmoid")], dtype=dtype, seed=7),
    "functional": lambda dtype: functional() if dtype == "float32" else ln.Model.from_config(
        {**functional().get_config(), "dtype": dtype}, seed=5),
}


def inputs(rows=7, features=6, dtype="float32", seed=0):
    return np.random.default_rng(seed).normal(size=(rows, features)).astype(dtype)


def build(name, dtype):
    model = ARCHITECTURES[name](dtype)
    if not model.built:
        model.build((None, 6))
    return model


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(ARCHITECTURES))
def test_predict_and_calling_the_model_give_the_values_of_forward_bit_for_bit(name, dtype):
    model = build(name, dtype)
    x = inputs(dtype=dtype)
    reference = np.array(model.forward(x, training=False))
    for output in (model.predict(x, verbose=0), model.predict_on_batch(x), model(x).numpy(),
                   model.infer(x)):
        assert output.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(output, reference)
    # BLAS may round a row differently in a product of another height: compare like batches.
    batches = [np.array(model.forward(x[start:start + 3])) for start in range(0, 7, 3)]
    np.testing.assert_array_equal(model.predict(x, batch_size=3, verbose=0), np.concatenate(batches))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_subclassed_model_built_by_its_first_call_infers_what_forward_computes(dtype):
    model = subclassed()
    x = inputs(dtype=dtype)
    first = model(x).numpy()  # builds and traces it
    np.testing.assert_array_equal(first, model.forward(x.astype("float32"), training=False))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_every_registered_activation_infers_what_forward_computes(activation, dtype):
    model = ln.Sequential([ln.Input((6,)), layers.Dense(5, activation=activation),
                           layers.Dense(4, activation=activation)], dtype=dtype, seed=0)
    x = inputs(dtype=dtype) * 0.5
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(model.predict(x, verbose=0), model.forward(x))
        np.testing.assert_array_equal(model(x).numpy(), model.forward(x))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_layer_infers_what_forward_computes_without_overwriting_its_input(name):
    make, shape = EXAMPLES[name]
    layer = make()
    layer.build(shape, "float64", np.random.default_rng(0))
    x = np.random.default_rng(1).normal(size=shape)
    given = x.copy()
    np.testing.assert_array_equal(layer.infer(x), layer.forward(given.copy(), training=False))
    np.testing.assert_array_equal(x, given)


def test_infer_keeps_the_z_and_a_of_the_last_forward_for_backward_and_inspection():
    model = build("relu-softmax", "float64")
    x_train, x_new = inputs(dtype="float64"), inputs(dtype="float64", seed=1)
    model.forward(x_train, training=True)
    kept = [(layer.x, layer.z.copy(), layer.a.copy()) for layer in model.layers]
    model.predict(x_new, verbose=0)
    model(x_new)
    for layer, (x, z, a) in zip(model.layers, kept):
        assert layer.x is x
        np.testing.assert_array_equal(layer.z, z)
        np.testing.assert_array_equal(layer.a, a)


def test_trace_after_predict_records_the_traced_batch():
    model = build("relu-softmax", "float64")
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x, y = inputs(dtype="float64"), np.arange(7) % 3
    before = model.trace(x, y)
    model.predict(inputs(dtype="float64", seed=2), verbose=0)
    after = model.trace(x, y)
    for first, second in zip(before.layers, after.layers):
        np.testing.assert_array_equal(first.z, second.z)
        np.testing.assert_array_equal(first.delta, second.delta)


def test_inference_never_overwrites_the_callers_array():
    model = ln.Sequential([ln.Input((6,)), layers.Activation("relu"), layers.Dense(3, "relu"),
                           layers.Softmax()], seed=0)
    x = inputs()
    given = x.copy()
    model.predict(x, verbose=0), model.predict_on_batch(x), model(x)
    np.testing.assert_array_equal(x, given)


def test_predictions_are_fresh_arrays_that_later_calls_leave_alone():
    model = build("relu-softmax", "float32")
    x = inputs()
    outputs = [model.predict(x, verbose=0), model.predict_on_batch(x), model(x)]
    copies = [np.array(output) for output in outputs]
    internal = [array for layer in model.flat_layers for array in
                (*layer.weights, getattr(layer, "z", None), getattr(layer, "a", None))
                if array is not None]
    for output in outputs:
        assert not any(np.shares_memory(output, array) for array in internal + [x])
    model.predict(inputs(seed=3), verbose=0), model.predict_on_batch(inputs(seed=4))
    model(inputs(seed=5))
    for output, copy in zip(outputs, copies):
        np.testing.assert_array_equal(output, copy)


def test_predict_of_a_model_of_identity_layers_returns_a_copy():
    model = ln.Sequential([ln.Input((6,)), layers.Dropout(0.5), layers.Identity()])
    x = inputs()
    for output in (model.predict(x, verbose=0), model.predict_on_batch(x)):
        np.testing.assert_array_equal(output, x)
        assert not np.shares_memory(output, x)


@pytest.mark.parametrize("call", ["predict", "predict_on_batch", "call"])
@pytest.mark.parametrize("bad, error, message", [
    (lambda x: np.where(np.arange(6) == 2, np.nan, x), ValueError,
     r"^x contains 7 NaN or infinite value\(s\); the first is nan at index \(0, 2\)\. "),
    (lambda x: np.where(np.arange(6) == 4, -np.inf, x), ValueError,
     r"^x contains 7 NaN or infinite value\(s\); the first is -inf at index \(0, 4\)\. "),
    (lambda x: x * 1e20, ValueError, r"^x holds values as large as .* float32 cannot hold their squares"),
    (lambda x: x[:, :5], ValueError, r"expected inputs with 6 features, got shape \(7, 5\)"),
    (lambda x: x[:0], ValueError, r"^x is empty: it needs at least one example\.$"),
    (lambda x: x.astype(str), TypeError, r"^x must be a numeric array, got ndarray of dtype <U"),
    (lambda x: x.astype(complex), TypeError, r"^x must be a numeric array, got ndarray of dtype complex128"),
])
def test_bad_inputs_are_refused_with_the_same_message_on_every_inference_path(call, bad, error, message):
    model = build("relu-softmax", "float32")
    x = bad(inputs())
    run = {"predict": lambda: model.predict(x, verbose=0),
           "predict_on_batch": lambda: model.predict_on_batch(x), "call": lambda: model(x)}[call]
    with pytest.raises(error, match=message):
        run()


def test_inputs_of_another_dtype_are_converted_and_checked_as_before():
    model = build("relu-softmax", "float32")
    x = inputs(dtype="float64")
    np.testing.assert_array_equal(model.predict(x, verbose=0), model.forward(x.astype("float32")))
    np.testing.assert_array_equal(model(np.arange(12).reshape(2, 6)).numpy(),
                                  model.forward(np.arange(12, dtype="float32").reshape(2, 6)))
    with pytest.raises(ValueError, match="as large as 1e\\+39"):
        model.predict(np.full((1, 6), 1e39), verbose=0)


def test_a_new_head_after_pop_is_the_one_predict_runs():
    model = build("relu-softmax", "float32")
    x = inputs()
    assert model.predict(x, verbose=0).shape == (7, 3)
    model.pop()
    model.add(layers.Dense(2, "sigmoid"))
    assert model.predict(x, verbose=0).shape == model(x).shape == (7, 2)
    np.testing.assert_array_equal(model.predict(x, verbose=0), model.forward(x))


def test_a_model_without_an_input_shape_is_built_by_predict_and_then_holds_to_that_shape():
    model = ln.Sequential([layers.Dense(4, "relu"), layers.Dense(2)], seed=0)
    assert model.predict(inputs(features=5), verbose=0).shape == (7, 2)
    with pytest.raises(ValueError, match="expected inputs with 5 features, got shape \\(7, 6\\)"):
        model(inputs(features=6))
    model.pop()
    model.add(layers.Dense(3))
    assert model.predict_on_batch(inputs(features=5)).shape == (7, 3)


def test_popping_every_layer_makes_inference_refuse_with_the_usual_message():
    model = ln.Sequential([ln.Input((6,)), layers.Dense(2)])
    model.pop()
    with pytest.raises(ValueError, match="has no layers; add some first"):
        model.predict(inputs(), verbose=0)


def test_predict_gives_one_batch_the_same_bits_from_an_array_a_memmap_a_list_or_with_callbacks(
        tmp_path):
    model = build("relu-softmax", "float32")
    x = inputs(rows=40)
    whole = model.predict(x, batch_size=64, verbose=0)  # one batch of an array: no adapter
    np.save(tmp_path / "x.npy", x)
    memmap = np.load(tmp_path / "x.npy", mmap_mode="r")
    for other in (model.predict(memmap, batch_size=64, verbose=0),
                  model.predict(x.tolist(), batch_size=64, verbose=0),
                  model.predict(x, batch_size=64, verbose=0, callbacks=[ln.callbacks.Callback()]),
                  model.predict_on_batch(x), model(x).numpy()):
        np.testing.assert_array_equal(other, whole)
    np.testing.assert_allclose(model.predict(x, batch_size=8, verbose=0), whole, rtol=1e-6)
    single_feature = ln.Sequential([ln.Input((1,)), layers.Dense(2)], seed=0)
    vector = np.arange(5.0)
    np.testing.assert_array_equal(single_feature.predict(vector, verbose=0),
                                  single_feature.predict(vector.reshape(-1, 1), verbose=0))
    with pytest.raises(ValueError, match="batch axis"):
        model.predict(np.float32(1.0), verbose=0)
