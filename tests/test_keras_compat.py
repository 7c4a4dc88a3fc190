"""The model methods and spellings a Keras notebook calls, with Keras's return conventions.

Batch methods (``train_on_batch``, ``test_on_batch``, ``predict_on_batch``), ``get_layer``,
``to_json``/``model_from_json``, ``clone_model``, and the tf.keras 2 spellings that still work
and warn at the caller's line (``predict_classes``, ``predict_proba``,
``InputLayer(input_shape=)``).
"""

import json
import warnings

import numpy as np
import pytest

from lucidnet import Dense, Dropout, Input, Sequential, layers, metrics, optimizers
from lucidnet.models import clone_model, model_from_json


def classifier(metrics=("accuracy",), seed=0):
    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dropout(0.25, seed=1),
                        Dense(3, activation="softmax")], seed=seed)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=list(metrics))
    return model


@pytest.fixture
def data(rng):
    x = rng.normal(size=(24, 4))
    return x, (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5)


def warns_here(call, text):
    """``call()``, after checking that it gives one DeprecationWarning, which names ``text``
    and this file (the user's line)."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        result = call()
    found = [w for w in record if issubclass(w.category, DeprecationWarning)]
    assert len(found) == 1, [str(w.message) for w in record]
    assert text in str(found[0].message)
    assert found[0].filename == __file__
    return result


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


# -- get_layer ------------------------------------------------------------------------------
def test_get_layer_by_name_or_index_as_keras():
    model = classifier()
    assert model.get_layer("dropout_1") is model.layers[1]
    assert model.get_layer(name="dense_2") is model.get_layer(index=2) is model.get_layer(index=-1)
    assert model.get_layer(index=0).name == "dense_1"  # the Input is not a layer of the list


@pytest.mark.parametrize("arguments, error, message", [
    ({}, ValueError, r"get_layer needs a layer name or an index.*\['dense_1', 'dropout_1', 'dense_2'\]"),
    ({"name": "dense_1", "index": 0}, ValueError, "a layer name or an index, not both"),
    ({"index": 3}, ValueError, r"get_layer index \(model 'sequential' has 3 layers\) must be an "
                               r"integer in \[-3, 2\], got 3"),
    ({"index": 1.0}, ValueError, "must be an integer in"),
    ({"name": "dense_9"}, ValueError, "No layer named 'dense_9' in model 'sequential'"),
    ({"name": 0}, TypeError, "get_layer name must be a string such as 'dense_1', got 0"),
])
def test_get_layer_explains_a_bad_request(arguments, error, message):
    with pytest.raises(error, match=message):
        classifier().get_layer(**arguments)


# -- to_json and model_from_json -----------------------------------------------------------
def test_to_json_has_keras_shape_and_round_trips_the_architecture():
    model = classifier()
    text = model.to_json(indent=2)
    document = json.loads(text)
    assert document["class_name"] == "Sequential" and document["config"] == model.get_config()
    rebuilt = model_from_json(text)
    assert rebuilt.get_config() == model.get_config() and not rebuilt.compiled
    assert [w.shape for w in rebuilt.get_weights()] == [w.shape for w in model.get_weights()]


def test_model_from_json_draws_fresh_weights():
    model = classifier()
    rebuilt = model_from_json(model.to_json())
    assert not np.array_equal(rebuilt.get_weights()[0], model.get_weights()[0])


@pytest.mark.parametrize("text, error, message", [
    (b"\x00", ValueError, "model_from_json expects JSON text, and this is not JSON"),
    (42, TypeError, "model_from_json expects the JSON text model.to_json\\(\\) returns, got int"),
    ('{"class_name": "Sequential"}', ValueError,
     r"model_from_json: the document must have the keys \['class_name', 'config'\]: missing "
     r"\['config'\]"),
    ('{"class_name": "Sequential", "config": {"name": "m", "dtype": "float16", "layers": []}}',
     ValueError, r"model_from_json: config.dtype must be one of \['float32', 'float64'\]"),
    ('{"class_name": "Graph", "config": {"name": "m", "dtype": "float32", "layers": []}}',
     ValueError, "Unknown model 'Graph'"),
    ('{"class_name": "Functional", "config": {"name": "m", "dtype": "float32", "layers": []}}',
     ValueError, "A functional model's config starts with its InputLayer"),
    ('{"class_name": "Sequential", "config": {"name": "m", "dtype": "float32", '
     '"layers": [{"class_name": "os.system", "config": {}}]}}', ValueError,
     "Unknown layer 'os.system'"),
    ('{"module": "keras", "class_name": "Sequential", "config": {}, "registered_name": null}',
     ValueError, "Hint: this looks written by Keras"),
])
def test_model_from_json_refuses_what_is_not_a_lucidnet_architecture(text, error, message):
    with pytest.raises(error, match=message):
        model_from_json(text)


# -- clone_model ----------------------------------------------------------------------------
def test_clone_model_has_the_same_config_and_new_weights():
    model = classifier()
    clone = clone_model(model)
    assert clone.get_config() == model.get_config()
    assert all(new is not old for new, old in zip(clone.layers, model.layers))
    assert not np.array_equal(clone.get_weights()[0], model.get_weights()[0])


def test_clone_model_is_compiled_like_the_original_with_a_fresh_optimizer(data):
    model = classifier()
    model.fit(*data, epochs=1, verbose=0)
    clone = clone_model(model)
    assert clone.compiled and clone.optimizer is not model.optimizer
    assert clone.optimizer.get_config() == model.optimizer.get_config()
    assert clone.optimizer.iterations == 0 and clone.metrics_names == ["loss", "accuracy"]
    assert clone.loss.get_config() == model.loss.get_config()


def test_clone_model_copies_metric_objects_rather_than_sharing_their_state():
    model = Sequential([Input((4,)), Dense(3, activation="softmax")])
    metric = metrics.SparseCategoricalAccuracy()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=[metric])
    clone = clone_model(model)
    assert clone.metrics[0] is not metric and type(clone.metrics[0]) is type(metric)


def test_clone_model_of_an_uncompiled_unbuilt_model_stays_so():
    model = Sequential([Dense(3), Dense(1)])
    clone = clone_model(model)
    assert not clone.compiled and not clone.built and len(clone.layers) == 2


def test_clone_function_may_change_or_share_layers():
    model = classifier()

    def without_dropout_rate(layer):
        config = layer.get_config()
        if "rate" in config:
            config["rate"] = 0.0
        return type(layer).from_config(config)

    assert clone_model(model, clone_function=without_dropout_rate).layers[1].rate == 0.0
    shared = clone_model(model, clone_function=lambda layer: layer)
    assert all(new is old for new, old in zip(shared.layers, model.layers))
    np.testing.assert_array_equal(shared.get_weights()[0], model.get_weights()[0])


def test_clone_model_builds_for_new_input_tensors():
    model = Sequential([Input((4,)), Dense(3)])
    clone = clone_model(model, input_tensors=[Input((7,))])
    assert clone.input_shape == (None, 7) and clone.get_weights()[0].shape == (7, 3)


@pytest.mark.parametrize("arguments, error, message", [
    ({"model": "not a model"}, TypeError, "clone_model expects a Sequential model, got 'not a model'"),
    ({"clone_function": 3}, TypeError, "clone_function must be a function taking a layer"),
    ({"clone_function": lambda layer: None}, TypeError,
     "clone_function must return a Layer; for Dense\\(units=3\\) named 'dense_1' it returned None"),
    ({"call_function": print}, ValueError, "call_function applies to Keras's functional models"),
    ({"recursive": "no"}, ValueError, "clone_model recursive must be True or False, got 'no'"),
    ({"input_tensors": [Input((2,)), Input((2,))]}, ValueError, "must hold a single Input, got 2"),
    ({"input_tensors": np.zeros((1, 2))}, TypeError, "input_tensors must be an Input\\(shape\\)"),
])
def test_clone_model_explains_bad_arguments(arguments, error, message):
    arguments = {"model": Sequential([Input((4,)), Dense(3)]), **arguments}
    with pytest.raises(error, match=message):
        clone_model(**arguments)


def test_keras_optimizer_defaults_survive_the_clone():
    model = Sequential([Input((2,)), Dense(1)])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1, momentum=0.9), loss="mse")
    assert clone_model(model).optimizer.get_config() == model.optimizer.get_config()
# -- tf.keras 2 spellings ---------------------------------------------------------------------
def test_predict_classes_is_the_argmax_of_a_softmax_output_and_warns(data):
    x, _ = data
    model = classifier()
    classes = warns_here(lambda: model.predict_classes(x), "np.argmax(model.predict(x), axis=-1)")
    np.testing.assert_array_equal(classes, np.argmax(model.predict(x, verbose=0), axis=-1))


def test_predict_classes_thresholds_one_sigmoid_unit_at_one_half(data):
    x, _ = data
    model = Sequential([Input((4,)), Dense(1, activation="sigmoid")], seed=3)
    with pytest.warns(DeprecationWarning, match=r"\(model.predict\(x\) > 0.5\).astype\(\"int32\"\)"):
        classes = model.predict_classes(x)
    assert classes.dtype == np.int32 and classes.shape == (len(x), 1)
    np.testing.assert_array_equal(classes, (model.predict(x, verbose=0) > 0.5).astype("int32"))


def test_predict_proba_is_predict_and_warns(data):
    x, _ = data
    model = classifier()
    probabilities = warns_here(lambda: model.predict_proba(x),
                               "model.predict_proba(x) is deprecated; use model.predict(x)")
    np.testing.assert_array_equal(probabilities, model.predict(x, verbose=0))


def test_predict_proba_says_when_the_outputs_are_not_probabilities():
    model = Sequential([Input((2,)), Dense(1, kernel_initializer="ones", bias_initializer="ones")])
    with pytest.warns(UserWarning, match="outside \\[0, 1\\], which are not probabilities"):
        with pytest.warns(DeprecationWarning):
            model.predict_proba(np.ones((2, 2)))


def test_input_layer_takes_tf_keras_input_shape_and_warns():
    model = warns_here(lambda: Sequential([layers.InputLayer(input_shape=(5,)), Dense(2)]),
                       "InputLayer(input_shape=...) is deprecated; use InputLayer(shape=...)")
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


