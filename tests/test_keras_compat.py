"""The model methods and spellings a Keras notebook calls, with Keras's return conventions.

Batch methods (``train_on_batch``, ``test_on_batch``, ``predict_on_batch``), ``get_layer``,
``to_json``/``model_from_json``, ``clone_model``, and the tf.keras 2 spellings that still work
and warn at the caller's line (``predict_classes``, ``predict_proba``,
``InputLayer(input_shape=)``).
"""

import warnings

import numpy as np
import pytest

from lucidnet import Dense, Dropout, Input, Sequential, layers


def classifier(metrics=("accuracy",), seed=0):
    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dropout(0.25, seed=1),
                        Dense(3, activation="softmax")], seed=seed)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=list(metrics))
    return model


@pytest.fixture
def data(rng):
    x = rng.normal(size=(24, 4))
    return x, (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5)


def warns_here(record, text):
    """The one DeprecationWarning in ``record`` names ``text`` and this file (the user's line)."""
    found = [w for w in record if issubclass(w.category, DeprecationWarning)]
    assert len(found) == 1, [str(w.message) for w in record]
    assert text in str(found[0].message)
    assert found[0].filename == __file__


# -- batch methods --------------------------------------------------------------------------
def test_train_on_batch_returns_the_loss_alone_without_metrics(data):
    model = classifier(metrics=())
    loss = model.train_on_batch(*data)
    assert isinstance(loss, float)


def test_train_on_batch_returns_loss_and_metrics_of_that_batch_before_the_step(data):
    x, y = data
    model, twin = classifier(), classifier()  # same seeds: same weights and dropout masks
    loss, _, a = twin.loss_and_gradients(*twin.prepare_data(x, y), training=True)
    accuracy = np.mean(a.argmax(axis=1) == y)
    assert model.train_on_batch(x, y) == [pytest.approx(loss), pytest.approx(accuracy)]
    assert not np.array_equal(model.get_weights()[0], twin.get_weights()[0])  # a step was taken


def test_train_on_batch_metrics_do_not_accumulate_over_calls(data):
    x, y = data
    model = classifier()
    model.train_on_batch(x[:12], np.zeros(12, dtype=int))
    _, accuracy = model.train_on_batch(x[12:], y[12:])
    assert accuracy == pytest.approx(np.mean(model.layers[-1].a.argmax(axis=1) == y[12:]))


def test_train_on_batch_return_dict_is_keyed_by_metrics_names(data):
    model = classifier()
    logs = model.train_on_batch(*data, return_dict=True)
    assert list(logs) == model.metrics_names == ["loss", "accuracy"]


def test_test_on_batch_equals_evaluate_on_one_batch_and_changes_nothing(data):
    x, y = data
    model = classifier()
    before = model.get_weights()
    assert model.test_on_batch(x, y) == model.evaluate(x, y, batch_size=len(x), verbose=0)
    assert model.test_on_batch(x, y, return_dict=True) == model.evaluate(
        x, y, batch_size=len(x), verbose=0, return_dict=True)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_test_on_batch_of_a_model_without_metrics_is_the_loss():
    model = Sequential([Input((2,)), Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    assert isinstance(model.test_on_batch(np.ones((3, 2)), np.ones((3, 1))), float)


def test_predict_on_batch_equals_predict(data):
    x, _ = data
    model = classifier()
    np.testing.assert_array_equal(model.predict_on_batch(x), model.predict(x, verbose=0))


def test_predict_on_batch_never_returns_the_input_array():
    model = Sequential([Input((2,)), Dropout(0.5)])
    x = np.ones((3, 2), dtype=np.float32)
    out = model.predict_on_batch(x)
    out[...] = 0
    assert x.all()


@pytest.mark.parametrize("call", [
    lambda model, x, y: model.train_on_batch(x, y, return_dict=1),
    lambda model, x, y: model.test_on_batch(x, y, return_dict="yes"),
], ids=["train_on_batch", "test_on_batch"])
def test_return_dict_must_be_a_flag(call, data):
    with pytest.raises(ValueError, match="return_dict must be True or False, got"):
        call(classifier(), *data)


def test_batch_methods_need_a_compiled_model(data):
    model = Sequential([Input((4,)), Dense(2)])
    with pytest.raises(RuntimeError, match=r"must be compiled before test_on_batch\(\)"):
        model.test_on_batch(*data)


def test_reset_metrics_starts_the_metrics_afresh(data):
    model = classifier()
    model.evaluate(*data, verbose=0)
    model.reset_metrics()
    assert all(metric.count == 0 for metric in model.metrics)


# -- tf.keras 2 spellings ---------------------------------------------------------------------
def test_input_layer_takes_tf_keras_input_shape_and_warns():
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model = Sequential([layers.InputLayer(input_shape=(5,)), Dense(2)])
    warns_here(record, "InputLayer(input_shape=...) is deprecated; use InputLayer(shape=...)")
    assert model.input_shape == (None, 5)


def test_input_layer_refuses_both_shapes_or_none():
    with pytest.raises(ValueError, match="Pass shape= only, got shape=\\(3,\\) and input_shape=\\(3,\\)"):
        with pytest.warns(DeprecationWarning):
            layers.InputLayer((3,), input_shape=(3,))
    with pytest.raises(TypeError, match="Input\\(\\) needs the shape of one example"):
        Input()


def test_input_dim_is_keras_shorthand_for_a_one_axis_input_shape():
    model = Sequential([Dense(12, input_dim=8, activation="relu"), Dense(1)])
    assert model.input_shape == (None, 8)
    assert model.layers[0].get_config()["input_shape"] == [8]


@pytest.mark.parametrize("arguments, message", [
    ({"input_dim": 0}, "Dense input_dim must be a positive integer, got 0"),
    ({"input_dim": 8, "input_shape": (8,)}, "Pass input_shape= or input_dim=, not both"),
])
def test_input_dim_is_checked(arguments, message):
    with pytest.raises(ValueError, match=message):
        Dense(2, **arguments)


