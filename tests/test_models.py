import warnings

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import Dense, Dropout, Flatten, Input, Sequential


def classifier(dtype=None, seed=0):
    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dense(3, activation="softmax")],
                       dtype=dtype, seed=seed)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture
def data(rng):
    x = rng.normal(size=(60, 4))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5)
    return x, y


def test_summary_counts_parameters_of_the_mnist_mlp():
    model = Sequential([Input((784,)), Dense(256, activation="relu"), Dense(128, activation="relu"),
                        Dense(10, activation="softmax")])
    lines = []
    model.summary(print_fn=lines.append)
    text = lines[0]
    # (784·256 + 256) + (256·128 + 128) + (128·10 + 10) = 200,960 + 32,896 + 1,290
    assert model.count_params() == 235_146
    assert "Total params: 235,146" in text
    for row in ("dense_1 (Dense)", "(None, 256)", "200,960", "32,896", "1,290"):
        assert row in text


def test_layers_get_unique_names_in_order():
    model = Sequential([Dense(3), Dropout(0.1), Dense(2)])
    assert [layer.name for layer in model.layers] == ["dense_1", "dropout_1", "dense_2"]


def test_add_builds_when_the_input_shape_is_known():
    model = Sequential()
    model.add(Dense(5, input_shape=(3,)))
    assert model.built and model.output_shape == (None, 5)
    model.add(Dense(2))
    assert model.output_shape == (None, 2) and model.count_params() == 3 * 5 + 5 + 5 * 2 + 2


def test_fit_returns_history_with_metrics_and_validation(data):
    x, y = data
    model = classifier()
    history = model.fit(x, y, epochs=3, batch_size=16, validation_split=0.2, verbose=0)
    assert history is model.history
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 3 for values in history.history.values())
    assert history.epoch == [0, 1, 2]


def test_validation_split_holds_out_the_last_examples_before_shuffling(data):
    x, y = data
    model = classifier()
    model.fit(x, y, epochs=1, validation_split=0.25, verbose=0)
    val_loss = model.history.history["val_loss"][0]
    assert val_loss == pytest.approx(model.evaluate(x[45:], y[45:], verbose=0)[0], rel=1e-6)


def test_evaluate_returns_scalar_list_or_dict(data):
    x, y = data
    model = classifier()
    loss, accuracy = model.evaluate(x, y, verbose=0)
    assert model.evaluate(x, y, verbose=0, return_dict=True) == {"loss": loss, "accuracy": accuracy}
    bare = Sequential([Input((4,)), Dense(1)])
    bare.compile(optimizer="sgd", loss="mse")
    assert isinstance(bare.evaluate(x, x[:, :1], verbose=0), float)


def test_evaluate_accuracy_agrees_with_predict(data):
    x, y = data
    model = classifier()
    model.fit(x, y, epochs=5, verbose=0)
    _, accuracy = model.evaluate(x, y, batch_size=7, verbose=0)
    assert accuracy == pytest.approx(np.mean(model.predict(x).argmax(axis=1) == y))


def test_predict_does_not_depend_on_batch_size(data):
    x, _ = data
    model = classifier(dtype="float64")
    np.testing.assert_allclose(model.predict(x, batch_size=7), model.predict(x, batch_size=60), rtol=1e-13)


def test_same_seed_gives_bit_identical_training(data):
    x, y = data
    runs = []
    for _ in range(2):
        model = classifier(seed=42)
        model.fit(x, y, epochs=3, batch_size=8, verbose=0)
        runs.append(model.get_weights())
    for first, second in zip(*runs):
        np.testing.assert_array_equal(first, second)


def test_global_seed_fixes_models_created_without_a_seed(data):
    weights = []
    for _ in range(2):
        ln.set_random_seed(7)
        model = Sequential([Input((4,)), Dense(3), Dropout(0.5), Dense(2, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(data[0], data[1] % 2, epochs=2, verbose=0)
        weights.append(model.get_weights())
    for first, second in zip(*weights):
        np.testing.assert_array_equal(first, second)


def test_float64_on_request_and_float32_by_default(data):
    x, y = data
    assert classifier().predict(x).dtype == np.float32
    assert classifier(dtype="float64").predict(x).dtype == np.float64
    ln.set_floatx("float64")
    assert Sequential([Input((4,)), Dense(2)]).weights[0].dtype == np.float64


def test_set_weights_round_trip_and_rejects_wrong_shapes(data):
    model = classifier()
    weights = model.get_weights()
    changed = [w + 1 for w in weights]
    model.set_weights(changed)
    for expected, actual in zip(changed, model.get_weights()):
        np.testing.assert_array_equal(expected, actual)
    with pytest.raises(ValueError, match=r"named 'dense_2': kernel must have shape \(8, 3\), got \(3, 8\)"):
        model.set_weights(changed[:2] + [changed[2].T, changed[3]])
    for expected, actual in zip(changed, model.get_weights()):
        np.testing.assert_array_equal(expected, actual)


def test_trainable_weights_are_the_live_parameter_arrays():
    model = classifier()
    assert len(model.trainable_weights) == 4
    model.trainable_weights[0][...] = 0
    assert not model.get_weights()[0].any()


def test_dense_and_separate_activation_layer_train_identically(data):
    x, y = data
    fused = Sequential([Input((4,)), Dense(3, activation="softmax")], dtype="float64", seed=1)
    split = Sequential([Input((4,)), Dense(3), ln.Activation("softmax")], dtype="float64", seed=1)
    for model in (fused, split):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=2, batch_size=10, shuffle=False, verbose=0)
    for a, b in zip(fused.get_weights(), split.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-12)


@pytest.mark.parametrize("loss, targets", [
    ("categorical_crossentropy", lambda y: np.eye(3)[y]), ("sparse_categorical_crossentropy", lambda y: y),
])
def test_a_softmax_layer_last_takes_the_fused_output_error(data, monkeypatch, loss, targets):
    x, y = data
    y = targets(y)
    in_dense = Sequential([Input((4,)), Dense(3, activation="softmax")], dtype="float64", seed=1)
    as_layer = Sequential([Input((4,)), Dense(3), ln.layers.Softmax()], dtype="float64", seed=1)
    gradients = []
    for model in (in_dense, as_layer):
        model.compile(optimizer="sgd", loss=loss)
        assert model.fused_output_error
        prepared = model.prepare_data(x, y, None)
        gradients.append([g.copy() for g in model.loss_and_gradients(prepared[0], prepared[1])[1]])
    monkeypatch.setattr(type(as_layer.loss), "fuses_with", lambda self, activation: False)
    assert not as_layer.fused_output_error
    chained = as_layer.loss_and_gradients(prepared[0], prepared[1])[1]
    for fused_dense, fused_layer, through_jacobian in zip(*gradients, chained):
        np.testing.assert_array_equal(fused_dense, fused_layer)
        np.testing.assert_allclose(fused_layer, through_jacobian, rtol=1e-9, atol=1e-14)


def test_only_a_softmax_over_the_class_axis_is_fused():
    model = Sequential([Input((4,)), Dense(3), ln.layers.Softmax(axis=0)])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    assert not model.fused_output_error


def test_activation_layers_are_named_as_keras_names_them():
    model = Sequential([Input((4,)), ln.layers.ReLU(), ln.layers.LeakyReLU(), ln.layers.PReLU(),
                        ln.layers.ELU(), ln.layers.Softmax(), ln.layers.ReLU()])
    assert [layer.name for layer in model.layers] == ["re_lu_1", "leaky_re_lu_1", "p_re_lu_1", "elu_1",
                                                      "softmax_1", "re_lu_2"]


def test_fused_and_unfused_output_error_give_the_same_gradients(data, monkeypatch):
    x, y = data
    model = classifier(dtype="float64")
    prepared = model.prepare_data(x, y, None)
    _, fused, _ = model.loss_and_gradients(prepared[0], prepared[1])
    fused = [g.copy() for g in fused]
    monkeypatch.setattr(type(model.loss), "fuses_with", lambda self, activation: False)
    _, chained, _ = model.loss_and_gradients(prepared[0], prepared[1])
    for a, b in zip(fused, chained):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-14)


def test_get_config_rebuilds_the_same_architecture():
    model = classifier()
    clone = Sequential.from_config(model.get_config())
    assert clone.get_config() == model.get_config()
    assert clone.count_params() == model.count_params()


def test_nan_loss_stops_training_and_keeps_the_last_finite_weights(data):
    x, y = data
    model = Sequential([Input((4,)), Dense(1)], seed=0)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=1e6), loss="mse")
    target = y.astype(float) * 1e15  # below 1.8e19, which the input check refuses
    with pytest.warns(RuntimeWarning, match="training stopped before this update"), np.errstate(all="ignore"):
        history = model.fit(x, target, epochs=50, batch_size=4, verbose=0)
    assert len(history.epoch) < 50
    assert all(np.all(np.isfinite(w)) for w in model.get_weights())


# -- bad input: clear messages, nothing changed -----------------------------------------

def assert_weights_unchanged(model, before):
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


@pytest.mark.parametrize(
    "make_x, make_y, error, message",
    [
        (lambda x: x[:, :3], lambda y: y, ValueError,
         r"Dense\(units=8\) named 'dense_1' expected inputs with 4 features, got shape \(60, 3\)"),
        (lambda x: x.reshape(60, 2, 2), lambda y: y, ValueError,
         r"(?s)expected inputs of shape \(batch, features\), got shape \(60, 2, 2\).*flatten"),
        (lambda x: x, lambda y: y[:50], ValueError, "x and y must have the same number of examples, got 60 and 50"),
        (lambda x: x, lambda y: y + 5, ValueError, r"labels in \[0, 3\) for the 3 output units of Dense\(units=3\) named 'dense_2', got labels from 5 to 7"),
        (lambda x: np.where(np.arange(4) == 2, np.nan, x), lambda y: y, ValueError, r"x contains 60 NaN or infinite value\(s\); the first is nan at index \(0, 2\)"),
        (lambda x: x.astype(str), lambda y: y, TypeError, "x must be a numeric array"),
    ],
)
def test_bad_training_data_is_explained_and_changes_nothing(data, make_x, make_y, error, message):
    x, y = data
    model = classifier()
    before = model.get_weights()
    with pytest.raises(error, match=message):
        model.fit(make_x(x), make_y(y), epochs=1, verbose=0)
    assert_weights_unchanged(model, before)


def test_nan_in_targets_is_reported(data):
    x, _ = data
    model = Sequential([Input((4,)), Dense(1)])
    model.compile(loss="mse")
    y = np.zeros(60)
    y[5] = np.inf
    with pytest.raises(ValueError, match=r"y contains 1 NaN or infinite value\(s\); the first is inf at index \(5, 0\)"):
        model.fit(x, y, verbose=0)


def test_one_hot_width_different_from_output_units_is_explained(data):
    x, y = data
    model = Sequential([Input((4,)), Dense(3, activation="softmax")])
    model.compile(loss="categorical_crossentropy")
    with pytest.raises(ValueError, match=r"output of Dense\(units=3\) named 'dense_1', \(batch, 3\), got shape \(60, 4\)"):
        model.fit(x, ln.utils.to_categorical(y, 4), verbose=0)


def test_fit_before_compile_is_explained(data):
    model = Sequential([Input((4,)), Dense(2)])
    with pytest.raises(RuntimeError, match=r"must be compiled before fit\(\): call model.compile"):
        model.fit(*data)


def test_predict_builds_a_model_without_an_input_shape_from_the_data(data):
    model = Sequential([Dense(2)])
    outputs = model.predict(data[0], verbose=0)
    assert model.built and model.input_shape == (None, data[0].shape[1])
    assert outputs.shape == (len(data[0]), 2)


@pytest.mark.parametrize("argument, value", [("batch_size", 0), ("batch_size", -4), ("epochs", 0), ("epochs", 2.5)])
def test_non_positive_batch_size_or_epochs_is_refused(data, argument, value):
    model = classifier()
    with pytest.raises(ValueError, match=f"{argument} must be a positive integer, got {value}"):
        model.fit(*data, **{argument: value}, verbose=0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"optimizer": "adamm", "loss": "mse"}, "Unknown optimizer 'adamm'. Valid names: .*sgd"),
        ({"optimizer": "sgd", "loss": "mean_sqared_error"}, "Unknown loss 'mean_sqared_error'. Valid names: .*mean_squared_error"),
        ({"optimizer": "sgd", "loss": "mse", "metrics": ["acuracy"]}, "Unknown metric 'acuracy'. Valid names: .*accuracy"),
        ({"optimizer": "sgd"}, "compile\\(\\) needs a loss"),
        ({"optimizer": "sgd", "loss": "mse", "metrics": "accuracy"}, "metrics must be a list"),
    ],
)
def test_compile_explains_bad_arguments(kwargs, message):
    model = Sequential([Input((4,)), Dense(2)])
    with pytest.raises((ValueError, TypeError), match=message):
        model.compile(**kwargs)


def test_adding_something_that_is_not_a_layer_is_explained():
    with pytest.raises(TypeError, match=r"expects a Layer such as Dense\(10\), got 'relu'"):
        Sequential(["relu"])


def test_duplicate_layer_names_are_refused():
    with pytest.raises(ValueError, match="A layer named 'hidden' is already in model"):
        Sequential([Dense(2, name="hidden"), Dense(2, name="hidden")])


def test_wrong_feature_count_at_predict_names_the_first_layer(data):
    model = classifier()
    with pytest.raises(ValueError, match=r"named 'dense_1' expected inputs with 4 features, got shape \(60, 5\)"):
        model.predict(np.zeros((60, 5)))


def test_no_warning_on_a_normal_fit(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classifier().fit(*data, epochs=2, verbose=0)


def test_building_a_stack_asks_each_layer_for_its_shape_a_fixed_number_of_times():
    # Building used to run over the whole stack at every added layer (quadratic time), so a
    # file describing thousands of layers took seconds to load.
    calls = []

    class Counted(Flatten):
        def compute_output_shape(self, input_shape):
            calls.append(self.name)
            return super().compute_output_shape(input_shape)

    stack = [Counted() for _ in range(300)]
    Sequential([Input((4,)), *stack, Dense(2)])
    assert max(calls.count(layer.name) for layer in stack) <= 2


@pytest.mark.parametrize("argument, value, message", [
    ("x", [[0.0, 1.0, 2.0, 3.0], [0.0, 1.0]], r"x must be a rectangular array, but its rows differ: "
                                               r"row 1 has 2 entries, row 0 has 4 entries"),
    ("y", [0, [1, 2]], r"y must be a rectangular array, but its rows differ: row 1 has 2 entries, "
                       r"row 0 has a single value"),
    ("sample_weight", [1.0, [1.0, 2.0]], r"sample_weight must be a rectangular array"),
])
def test_ragged_data_is_refused_naming_the_argument_and_the_row(argument, value, message):
    model = Sequential([Input((4,)), Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    arrays = {"x": np.zeros((2, 4)), "y": np.zeros(2, dtype=int), "sample_weight": None}
    arrays[argument] = value
    before = model.get_weights()
    with pytest.raises(ValueError, match=message):
        model.fit(arrays["x"], arrays["y"], sample_weight=arrays["sample_weight"], verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_a_single_layer_instead_of_a_list_is_explained():
    with pytest.raises(TypeError, match=r"Sequential expects a list of layers, e.g. Sequential\(\[Input"
                                        r"\(\(4,\)\), Dense\(3\)\]\), got Dense\(units=3\)"):
        Sequential(Dense(3))


def test_an_array_instead_of_layers_is_refused_naming_its_first_entry():
    # an array has no truth value, so the layers are not read as `layers or []`
    with pytest.raises(TypeError, match=r"Sequential.add\(\) expects a Layer such as Dense\(10\), "
                                        r"got np.float64\(1.0\)"):
        Sequential(np.ones(3))


def test_layers_may_come_from_any_iterable():
    model = Sequential(layer for layer in (Input((4,)), Dense(3)))
    assert model.output_shape == (None, 3)


@pytest.mark.parametrize("seed", ["7", -1, 2.5, True])
def test_a_seed_must_be_a_non_negative_integer(seed):
    with pytest.raises(ValueError, match=rf"seed must be a non-negative integer, got {seed!r}"):
        Sequential(seed=seed)


def test_a_layer_too_large_to_allocate_says_how_large():
    with pytest.raises(ValueError, match=r"Dense\(units=1000000000000\) named 'dense_1': its kernel "
                                        r"of shape \(784, 1000000000000\) needs 3,136,000,000,000,000 "
                                        r"bytes of float32, more than this machine can allocate"):
        Sequential([Input((784,)), Dense(10**12)])


def test_examples_without_features_are_refused():
    model = Sequential([Dense(3)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"x must hold examples with at least one feature each, "
                                        r"shape \(examples, features\), got shape \(5, 0\)"):
        model.fit(np.zeros((5, 0)), np.zeros((5, 3)), verbose=0)
    assert not model.built


def test_a_class_weight_too_large_for_float32_is_refused_naming_it():
    model = Sequential([Input((2,)), Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(ValueError, match=r"class_weight\[1\] = 1e\+300 is too large for the "
                                        r"model's float32"):
        model.fit(np.zeros((4, 2)), np.array([0, 1, 0, 1]), class_weight={1: 1e300}, verbose=0)


def test_a_vector_is_one_example_per_value_for_a_model_of_one_input_feature():
    # The TensorFlow regression tutorial predicts from a 1-D column with Input(shape=(1,)).
    model = Sequential([Input((1,)), Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    column = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(model.predict(column, verbose=0),
                                  model.predict(column.reshape(-1, 1), verbose=0))
    model.fit(column, 2 * column, epochs=1, verbose=0)
    assert np.isfinite(model.evaluate(column, 2 * column, verbose=0))


# -- tf.keras 2's generator methods ------------------------------------------------------------
def _generator_model():
    model = Sequential([Input((3,)), Dense(2, activation="softmax")], seed=3)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _batches(seed=0):
    rng = np.random.default_rng(seed)
    while True:
        yield rng.normal(size=(4, 3)), rng.integers(0, 2, size=4)


def test_the_generator_methods_warn_and_give_what_fit_evaluate_and_predict_give():
    modern, old = _generator_model(), _generator_model()
    history = modern.fit(_batches(), steps_per_epoch=3, epochs=2, verbose=0)
    with pytest.warns(DeprecationWarning, match=r"use model\.fit\(generator, \.\.\.\)"):
        old_history = old.fit_generator(_batches(), steps_per_epoch=3, epochs=2, verbose=0)
    assert old_history.history == history.history
    with pytest.warns(DeprecationWarning, match=r"use model\.evaluate\(generator"):
        assert old.evaluate_generator(_batches(1), steps=2) == modern.evaluate(_batches(1), steps=2,
                                                                              verbose=0)
    with pytest.warns(DeprecationWarning, match=r"use model\.predict\(generator"):
        np.testing.assert_array_equal(old.predict_generator(_batches(2), steps=2),
                                      modern.predict(_batches(2), steps=2, verbose=0))


def test_the_generator_methods_check_the_queue_arguments():
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="workers must be"):
        _generator_model().predict_generator(_batches(), steps=1, workers=-1)
