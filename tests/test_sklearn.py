"""lucidnet's scikit-learn estimators: what they learn, how they fit scikit-learn's tools,
and what they say when used wrongly.  scikit-learn's generic checks are in
``test_sklearn_checks.py``."""

import pickle
import subprocess
import sys

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")

from sklearn.base import clone  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.exceptions import NotFittedError as SklearnNotFittedError  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

import lucidnet as ln  # noqa: E402
from lucidnet import perceptron as core_perceptron  # noqa: E402
from lucidnet.datasets import digits  # noqa: E402
from lucidnet.errors import NotReadyError  # noqa: E402
from lucidnet.sklearn import NeuralNetClassifier, NeuralNetRegressor, NotFittedError, Perceptron  # noqa: E402
from lucidnet.utils import train_test_split  # noqa: E402


@pytest.fixture(scope="module")
def digit_images():
    """The embedded digits, flattened and scaled to [0, 1]: (x_train, y_train, x_test, y_test)."""
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    scale = 1.0 / digits.MAX_PIXEL
    return (x_train.reshape(len(x_train), -1) * scale, y_train,
            x_test.reshape(len(x_test), -1) * scale, y_test)


#: Three well-separated clusters in the plane; the first two make a binary problem.
CENTERS = [[0.0, 5.0], [-5.0, -3.0], [5.0, -3.0]]


def blobs(n_samples=120, centers=3, seed=0):
    return make_blobs(n_samples=n_samples, centers=CENTERS[:centers], cluster_std=1.0,
                      random_state=seed)


def small_classifier(**params):
    defaults = dict(hidden_layer_sizes=(16,), epochs=30, learning_rate=0.01, random_state=0)
    return NeuralNetClassifier(**{**defaults, **params})


def output_layer(estimator):
    return estimator.model_.layers[-1]


# ------------------------------------------------------------------ what they learn
def test_grid_search_over_a_pipeline_picks_the_better_network_on_the_digits_in_two_processes():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train, x_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)
    pipeline = make_pipeline(StandardScaler(),
                             NeuralNetClassifier((32,), epochs=10, random_state=0))
    search = GridSearchCV(pipeline, {"neuralnetclassifier__learning_rate": [1e-5, 3e-3]},
                          cv=3, n_jobs=2).fit(x_train, y_train)
    # At η = 1e-5 ten epochs barely move the weights; the search must see that.
    assert search.best_params_ == {"neuralnetclassifier__learning_rate": 3e-3}
    assert search.score(x_test, y_test) >= 0.95


def test_multiclass_uses_softmax_and_sparse_cross_entropy():
    x, y = blobs()
    classifier = small_classifier().fit(x, y)
    assert output_layer(classifier).units == 3
    assert output_layer(classifier).activation.registry_name == "softmax"
    assert classifier.model_.loss.name == "sparse_categorical_crossentropy"
    probabilities = classifier.predict_proba(x)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(classifier.predict(x), probabilities.argmax(axis=1))


def test_binary_classifier_has_one_sigmoid_and_returns_both_probabilities():
    x, y = blobs(centers=2)
    labels = np.where(y == 1, "spam", "ham")
    classifier = small_classifier().fit(x, labels)
    assert output_layer(classifier).units == 1
    assert output_layer(classifier).activation.registry_name == "sigmoid"
    assert classifier.model_.loss.name == "binary_crossentropy"
    sigma = classifier.model_.predict(x, verbose=0)[:, 0]
    probabilities = classifier.predict_proba(x)
    np.testing.assert_allclose(probabilities, np.column_stack([1 - sigma, sigma]), rtol=1e-6)
    assert list(classifier.classes_) == ["ham", "spam"]        # σ(z) is P(the second label)
    assert classifier.score(x, labels) > 0.95


def test_string_labels_come_back_as_the_same_strings():
    x, y = blobs()
    names = np.array(["cat", "dog", "fox"])[y]
    classifier = small_classifier().fit(x, names)
    np.testing.assert_array_equal(classifier.classes_, ["cat", "dog", "fox"])
    assert set(classifier.predict(x)) <= {"cat", "dog", "fox"}
    assert classifier.score(x, names) > 0.95


def test_multilabel_targets_get_one_sigmoid_per_label(digit_images):
    x_train, labels, x_test, labels_test = digit_images

    def tags(d):    # even, above 4: not exclusive
        return np.column_stack([d % 2 == 0, d > 4]).astype(int)

    classifier = NeuralNetClassifier((32,), epochs=15, random_state=0).fit(x_train, tags(labels))
    assert output_layer(classifier).units == 2
    assert output_layer(classifier).activation.registry_name == "sigmoid"
    np.testing.assert_array_equal(classifier.classes_, [0, 1])
    predicted = classifier.predict(x_test)
    assert predicted.shape == (len(x_test), 2) and set(np.unique(predicted)) <= {0, 1}
    assert (predicted == tags(labels_test)).mean() > 0.9
    assert classifier.predict_proba(x_test).shape == (len(x_test), 2)


def test_regressor_fits_a_curve():
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, size=(400, 1))
    y = np.sin(x[:, 0]) + 0.05 * rng.normal(size=400)
    regressor = NeuralNetRegressor((32,), activation="tanh", epochs=60, learning_rate=0.01,
                             random_state=0).fit(x, y)
    assert output_layer(regressor).activation.registry_name == "linear"
    assert regressor.model_.loss.name == "mean_squared_error"
    assert regressor.score(x, y) > 0.95
    assert regressor.predict(x).dtype == np.float64


def test_regressor_learns_several_targets_at_once():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 3))
    y = np.column_stack([x @ [1.0, -2.0, 0.5], x[:, 0] - x[:, 2]])
    regressor = NeuralNetRegressor((), epochs=60, learning_rate=0.05, random_state=0).fit(x, y)
    assert regressor.n_outputs_ == 2 and regressor.predict(x).shape == (300, 2)
    assert regressor.score(x, y) > 0.99


def test_regressor_with_column_vector_targets_predicts_a_vector():
    x = np.linspace(0, 1, 40).reshape(-1, 1)
    regressor = NeuralNetRegressor((4,), epochs=2, random_state=0).fit(x, 2 * x)
    assert regressor.n_outputs_ == 1 and regressor.predict(x).shape == (40,)


def test_regressor_loss_is_any_lucidnet_loss():
    x = np.linspace(0, 1, 40).reshape(-1, 1)
    regressor = NeuralNetRegressor((4,), loss="mae", epochs=1, random_state=0).fit(x, x[:, 0])
    assert regressor.model_.loss.name == "mean_absolute_error"


# ------------------------------------------------------------------ the network they build
def test_parameters_shape_the_network():
    x, y = blobs()
    classifier = small_classifier(hidden_layer_sizes=(12, 6), activation="tanh", dropout=0.25,
                                  l2=0.001, epochs=1).fit(x, y)
    kinds = [type(layer).__name__ for layer in classifier.model_.layers]
    assert kinds == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    dense = [layer for layer in classifier.model_.layers if type(layer).__name__ == "Dense"]
    assert [layer.units for layer in dense] == [12, 6, 3]
    assert [layer.activation.registry_name for layer in dense[:2]] == ["tanh", "tanh"]
    assert all(layer.kernel_regularizer.l2 == pytest.approx(0.001) for layer in dense)
    assert [w.shape for w in classifier.coefs_] == [(2, 12), (12, 6), (6, 3)]
    assert all(type(w) is np.ndarray for w in classifier.coefs_ + classifier.intercepts_)
    assert [b.shape for b in classifier.intercepts_] == [(12,), (6,), (3,)]


def test_no_hidden_layer_is_logistic_regression():
    x, y = blobs(centers=2)
    classifier = small_classifier(hidden_layer_sizes=()).fit(x, y)
    assert len(classifier.model_.layers) == 1 and classifier.score(x, y) > 0.95


def test_optimizer_by_name_takes_the_learning_rate():
    x, y = blobs()
    classifier = small_classifier(optimizer="sgd", learning_rate=0.2, epochs=1).fit(x, y)
    assert type(classifier.model_.optimizer).__name__ == "SGD"
    assert classifier.model_.optimizer.learning_rate == pytest.approx(0.2)


def test_optimizer_object_is_copied_and_keeps_its_rate_without_learning_rate():
    x, y = blobs()
    adam = ln.optimizers.Adam(0.02)
    classifier = small_classifier(optimizer=adam, learning_rate=None, epochs=2).fit(x, y)
    assert classifier.model_.optimizer is not adam
    assert classifier.model_.optimizer.learning_rate == pytest.approx(0.02)
    assert adam.iterations == 0                       # the parameter itself never trained


@pytest.mark.parametrize("x_dtype, params, expected", [
    (np.float64, {}, "float64"),
    (np.float32, {}, "float32"),
    (np.float32, {"dtype": "float64"}, "float64"),
    (np.float64, {"dtype": "float32"}, "float32"),
])
def test_network_dtype_follows_the_data_unless_given(x_dtype, params, expected):
    x, y = blobs()
    classifier = small_classifier(epochs=1, **params).fit(x.astype(x_dtype), y)
    assert classifier.model_.dtype == expected
    assert classifier.predict_proba(x).dtype == np.float64


# ------------------------------------------------------------------ the Sequential API underneath
def test_classifier_trains_exactly_the_network_the_sequential_api_trains():
    x, y = blobs()
    estimator = NeuralNetClassifier((12,), activation="tanh", dropout=0.2, l2=1e-3,
                                    learning_rate=0.01, batch_size=16, epochs=5,
                                    random_state=3).fit(x, y)
    # The same network by hand: same layers, seed, float type, optimizer, loss and schedule.
    network = ln.Sequential([ln.Input((2,)),
                             ln.Dense(12, "tanh", kernel_regularizer=ln.regularizers.L2(1e-3)),
                             ln.Dropout(0.2),
                             ln.Dense(3, "softmax", kernel_regularizer=ln.regularizers.L2(1e-3))],
                            dtype="float64", seed=3)
    network.compile(optimizer=ln.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    network.fit(x, y, batch_size=16, epochs=5, shuffle=True, verbose=0)
    for by_estimator, by_hand in zip(estimator.model_.get_weights(), network.get_weights()):
        np.testing.assert_array_equal(by_estimator, by_hand)
    np.testing.assert_allclose(estimator.predict_proba(x), network.predict(x, verbose=0),
                               rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(estimator.predict(x), network.predict(x, verbose=0).argmax(1))


def test_regressor_trains_exactly_the_network_the_sequential_api_trains():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(90, 3))
    y = np.column_stack([x.sum(axis=1), x[:, 0] * x[:, 1]])
    estimator = NeuralNetRegressor((8,), optimizer="sgd", learning_rate=0.05, batch_size=10,
                                   epochs=4, random_state=9).fit(x, y)
    network = ln.Sequential([ln.Input((3,)), ln.Dense(8, "relu"), ln.Dense(2)],
                            dtype="float64", seed=9)
    network.compile(optimizer=ln.optimizers.SGD(0.05), loss="mse")
    network.fit(x, y, batch_size=10, epochs=4, verbose=0)
    np.testing.assert_allclose(estimator.predict(x), network.predict(x, verbose=0),
                               rtol=1e-12, atol=1e-15)


def test_the_network_is_named_after_the_estimator():
    x, y = blobs()
    assert small_classifier(epochs=1).fit(x, y).model_.name == "neural_net_classifier"


# ------------------------------------------------------------------ output activation and loss
@pytest.mark.parametrize("centers, params, units, activation, loss", [
    (2, {"loss": "sparse_categorical_crossentropy"}, 2, "softmax", "sparse_categorical_crossentropy"),
    (2, {"loss": "categorical_crossentropy"}, 2, "softmax", "categorical_crossentropy"),
    (2, {"loss": "mse"}, 1, "sigmoid", "mean_squared_error"),
    (3, {"loss": "categorical_crossentropy"}, 3, "softmax", "categorical_crossentropy"),
    (3, {"loss": "mse"}, 3, "softmax", "mean_squared_error"),
    (3, {"output_activation": "sigmoid", "loss": "binary_crossentropy"}, 3, "sigmoid",
     "binary_crossentropy"),                                   # one-vs-rest on one-hot rows
    (2, {"output_activation": "tanh", "loss": "mse"}, 1, "tanh", "mean_squared_error"),
])
def test_loss_and_output_activation_override_the_task_s_choice(centers, params, units, activation,
                                                               loss):
    x, y = blobs(centers=centers)
    classifier = small_classifier(**params).fit(x, y)
    assert output_layer(classifier).units == units
    assert output_layer(classifier).activation.registry_name == activation
    assert classifier.model_.loss.name == loss
    assert classifier.predict_proba(x).shape == (len(x), centers)
    assert classifier.score(x, y) > 0.95        # the targets were encoded for that loss


def test_regressor_output_activation_bounds_the_predictions():
    x = np.linspace(-2, 2, 80).reshape(-1, 1)
    regressor = NeuralNetRegressor((8,), output_activation="softplus", epochs=2,
                                   random_state=0).fit(x, np.abs(x[:, 0]))
    assert output_layer(regressor).activation.registry_name == "softplus"
    assert (regressor.predict(np.linspace(-50, 50, 101).reshape(-1, 1)) >= 0).all()


@pytest.mark.parametrize("y_kind, params, message", [
    ("binary", {"output_activation": "softmax"},
     r"output_activation='softmax' over a single output unit always outputs 1"),
    ("multilabel", {"loss": "sparse_categorical_crossentropy"},
     r"loss 'sparse_categorical_crossentropy' is for exclusive classes"),
    ("multilabel", {"loss": "categorical_crossentropy"},
     r"loss 'categorical_crossentropy' is for exclusive classes"),
    ("binary", {"loss": "msee"}, r"Unknown loss 'msee'. Valid names: .*binary_crossentropy"),
])
def test_output_activation_and_loss_that_cannot_fit_the_targets_are_explained(y_kind, params,
                                                                             message):
    x, y = blobs(centers=2)
    if y_kind == "multilabel":
        y = np.column_stack([y, 1 - y])
    with pytest.raises(ValueError, match=message):
        small_classifier(epochs=1, **params).fit(x, y)


# ------------------------------------------------------------------ model=: a network of one's own
def builder_recording(calls, output="softmax", compile_with=None):
    """A model= function that logs its arguments and builds 2 → 8 → n_outputs."""
    def build(n_features_in, n_outputs):
        calls.append((n_features_in, n_outputs))
        network = ln.Sequential([ln.Input((n_features_in,)), ln.Dense(8, "relu"),
                                 ln.Dense(n_outputs, output)])
        if compile_with:
            network.compile(**compile_with)
        return network
    return build


@pytest.mark.parametrize("kind, expected_outputs", [
    ("binary", 1), ("multiclass", 3), ("multilabel", 2), ("regression", 2),
])
def test_model_function_gets_the_features_and_the_output_units_the_targets_need(kind,
                                                                                 expected_outputs):
    x, y = blobs()
    calls = []
    if kind == "regression":
        estimator = NeuralNetRegressor(model=builder_recording(calls, output=None), epochs=1)
        y = np.column_stack([x[:, 0], x[:, 1]])
    else:
        output = "softmax" if kind == "multiclass" else "sigmoid"
        estimator = small_classifier(model=builder_recording(calls, output), epochs=1)
        y = {"binary": (y == 0).astype(int), "multiclass": y,
             "multilabel": np.column_stack([y == 0, y == 1]).astype(int)}[kind]
    estimator.fit(x, y)
    assert calls == [(2, expected_outputs)]


@pytest.mark.parametrize("compile_with, optimizer, learning_rate, loss", [
    (None, "SGD", 0.1, "sparse_categorical_crossentropy"),              # the estimator's
    ({"optimizer": ln.optimizers.RMSprop(0.02), "loss": "categorical_crossentropy"},
     "RMSprop", 0.02, "categorical_crossentropy"),     # the function's, with one-hot targets
])
def test_model_function_network_is_compiled_by_the_estimator_unless_the_function_did(
        compile_with, optimizer, learning_rate, loss):
    x, y = blobs()
    classifier = small_classifier(model=builder_recording([], compile_with=compile_with),
                                  optimizer="sgd", learning_rate=0.1, hidden_layer_sizes=(99,),
                                  dropout=0.5).fit(x, y)
    assert [layer.units for layer in classifier.model_.layers] == [8, 3]  # not (99,), no dropout
    assert type(classifier.model_.optimizer).__name__ == optimizer
    assert classifier.model_.optimizer.learning_rate == pytest.approx(learning_rate)
    assert classifier.model_.loss.name == loss
    assert classifier.score(x, y) > 0.95


def test_model_function_network_without_input_shape_is_built_for_the_data():
    x, y = blobs()
    classifier = small_classifier(
        model=lambda n_features_in, n_outputs: ln.Sequential([ln.Dense(n_outputs, "softmax")]),
        epochs=1).fit(x, y)
    assert classifier.coefs_[0].shape == (2, 3)


def test_model_function_fits_follow_random_state_and_leave_the_global_generator_alone():
    x, y = blobs()

    def predictions(random_state):
        build = builder_recording([])                 # a Sequential without seed=
        return small_classifier(model=build, random_state=random_state,
                                epochs=2).fit(x, y).predict_proba(x)

    np.testing.assert_array_equal(predictions(4), predictions(4))
    assert not np.array_equal(predictions(4), predictions(5))
    ln.set_random_seed(8)
    predictions(4)
    after_fit = ln.config.make_generator().integers(1000, size=4)
    ln.set_random_seed(8)
    np.testing.assert_array_equal(ln.config.make_generator().integers(1000, size=4), after_fit)


def two_layer_network(n_features_in, n_outputs):
    """A model= function at module level, which pickle can find by name."""
    return ln.Sequential([ln.Input((n_features_in,)), ln.Dense(8, "relu"),
                          ln.Dense(n_outputs, "softmax")])


def test_model_function_with_a_pickled_estimator_and_clone():
    x, y = blobs()
    classifier = small_classifier(model=two_layer_network, epochs=2).fit(x, y)
    restored = pickle.loads(pickle.dumps(classifier))
    np.testing.assert_array_equal(restored.predict_proba(x), classifier.predict_proba(x))
    copy = clone(classifier).fit(x, y)
    assert copy.model_ is not classifier.model_
    np.testing.assert_array_equal(copy.predict_proba(x), classifier.predict_proba(x))


@pytest.mark.parametrize("model, error, message", [
    (two_layer_network(2, 3), TypeError,
     r"model must be a function model\(n_features_in, n_outputs\) that returns a new lucidnet "
     r"Sequential, got .* Wrap it in a function"),
    ("mlp", TypeError, r"model must be a function model\(n_features_in, n_outputs\)"),
    (lambda n_features_in, n_outputs: [ln.Dense(n_outputs)], TypeError,
     r"model\(2, 3\) must return a lucidnet Sequential, got list"),
    (lambda n_features_in, n_outputs: two_layer_network(5, n_outputs), ValueError,
     r"model\(2, 3\) returned a network for inputs of shape \(None, 5\), but X has 2 features"),
    (lambda n_features_in, n_outputs: two_layer_network(n_features_in, 4), ValueError,
     r"the network from model= has output shape \(None, 4\), but with loss "
     r"'sparse_categorical_crossentropy' these targets need \(None, 3\)"),
])
def test_model_function_mistakes_are_explained(model, error, message):
    x, y = blobs()
    with pytest.raises(error, match=message):
        small_classifier(model=model, epochs=1).fit(x, y)


def test_model_function_must_build_a_new_network_at_each_call():
    x, y = blobs()
    shared = two_layer_network(2, 3)
    classifier = small_classifier(model=lambda n_features_in, n_outputs: shared, epochs=1)
    classifier.fit(x, y)
    with pytest.raises(ValueError, match=r"model\(2, 3\) returned a network that has already "
                                         r"been trained: it must build a new Sequential"):
        classifier.fit(x, y)


# ------------------------------------------------------------------ callbacks
def test_callbacks_run_in_fit_on_copies_so_the_parameter_stays_as_given():
    x, y = blobs()
    epochs_seen = []
    watcher = ln.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: epochs_seen.append(epoch))
    stopper = ln.callbacks.EarlyStopping(monitor="loss", patience=2)
    classifier = small_classifier(epochs=3, callbacks=[watcher, stopper])
    classifier.fit(x, y)
    classifier.fit(x, y)                      # the same list again: a second, fresh run
    assert epochs_seen == [0, 1, 2, 0, 1, 2]
    assert classifier.get_params()["callbacks"] == [watcher, stopper]
    assert stopper.model is None and not hasattr(stopper, "wait")   # never trained itself


def test_a_callback_can_stop_training():
    x, y = blobs()
    # No epoch improves the loss by 10: training stops after the second epoch.
    never_better = ln.callbacks.EarlyStopping(monitor="loss", min_delta=10.0, patience=1)
    classifier = small_classifier(epochs=50, callbacks=[never_better]).fit(x, y)
    assert classifier.n_iter_ == 2 and len(classifier.history_["loss"]) == 2


def test_clone_and_grid_search_copy_the_callbacks():
    x, y = blobs()
    epochs_seen = []
    stopper = ln.callbacks.EarlyStopping(monitor="loss", patience=1)
    watcher = ln.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: epochs_seen.append(epoch))
    classifier = small_classifier(epochs=2, callbacks=[stopper, watcher])
    copy = clone(classifier)
    assert copy.callbacks[0] is not stopper and copy.callbacks[0].patience == 1
    search = GridSearchCV(classifier, {"patience": [1, 2]}, cv=2).fit(x, y)
    assert search.best_estimator_.callbacks[0] is not stopper
    assert epochs_seen == [0, 1] * 5          # 2 candidates × 2 folds, then the refit


@pytest.mark.parametrize("callbacks", [
    ln.callbacks.EarlyStopping(), ["EarlyStopping"], [ln.callbacks.History, None],
])
def test_callbacks_that_are_not_a_list_of_callbacks_are_refused(callbacks):
    x, y = blobs()
    with pytest.raises(TypeError, match=r"NeuralNetClassifier callbacks must be a list of "
                                        r"lucidnet callbacks such as \[EarlyStopping"):
        small_classifier(epochs=1, callbacks=callbacks).fit(x, y)


# ------------------------------------------------------------------ training schedule
def test_history_records_every_epoch():
    x, y = blobs()
    classifier = small_classifier(epochs=7).fit(x, y)
    assert classifier.n_iter_ == 7
    assert len(classifier.history_["loss"]) == 7
    assert classifier.loss_curve_ == classifier.history_["loss"]
    assert classifier.loss_curve_[-1] < classifier.loss_curve_[0]


def test_early_stopping_stops_on_a_held_out_share_and_keeps_the_best_epoch():
    # Overlapping clusters: past some epoch the network only learns the training noise.
    x, y = make_blobs(n_samples=200, centers=CENTERS, cluster_std=4.0, random_state=0)
    classifier = small_classifier(early_stopping=True, validation_fraction=0.2, patience=3,
                                  epochs=500, learning_rate=0.05).fit(x, y)
    assert classifier.n_iter_ < 500
    validation_loss = classifier.history_["val_loss"]
    assert len(validation_loss) == classifier.n_iter_
    best = int(np.argmin(validation_loss))
    assert classifier.n_iter_ - 1 - best >= 3            # stopped after `patience` idle epochs
    # The hold-out is the stratified 20% that random_state=0 picks; the kept weights score
    # on it the best validation loss of the run, not the last one.
    _, x_val, _, y_val = train_test_split(x, y, test_size=0.2, stratify=y, seed=0)
    assert classifier.model_.evaluate(x_val, y_val, verbose=0) == pytest.approx(min(validation_loss))
    assert min(validation_loss) < validation_loss[-1]


def test_early_stopping_weights_the_held_out_share_like_the_training_data():
    # Class 0 weighs 1000 times more: if the validation loss ignored that, early stopping
    # would keep the weights that suit the unweighted problem.
    x, y = make_blobs(n_samples=200, centers=2, cluster_std=20, random_state=0)
    classifier = small_classifier(class_weight={0: 1000, 1: 0.0001}, early_stopping=True,
                                  patience=5, epochs=200).fit(x, y)
    assert np.mean(classifier.predict(x) == 0) > 0.87


def test_early_stopping_needs_data_left_to_train_on():
    with pytest.raises(ValueError, match=r"validation_fraction=0.5 .* leaves nothing to train on "
                                         r"with 1 sample"):
        NeuralNetRegressor(early_stopping=True, validation_fraction=0.5).fit([[1.0]], [1.0])


def test_partial_fit_twice_is_fit_for_two_epochs():
    x, y = blobs()
    whole = small_classifier(epochs=2, dropout=0.2).fit(x, y)
    chunked = small_classifier(dropout=0.2)
    chunked.partial_fit(x, y, classes=[0, 1, 2])
    chunked.partial_fit(x, y)
    assert chunked.n_iter_ == 2 and len(chunked.history_["loss"]) == 2
    np.testing.assert_array_equal(chunked.predict_proba(x), whole.predict_proba(x))


def test_warm_start_continues_the_same_network():
    x, y = blobs()
    once = small_classifier(epochs=6).fit(x, y)
    twice = small_classifier(epochs=3, warm_start=True).fit(x, y)
    model = twice.model_
    twice.fit(x, y)
    assert twice.model_ is model and twice.n_iter_ == 6
    np.testing.assert_array_equal(twice.predict_proba(x), once.predict_proba(x))


def test_without_warm_start_fit_starts_anew():
    x, y = blobs()
    classifier = small_classifier(epochs=2).fit(x, y)
    model = classifier.model_
    classifier.fit(x, y)
    assert classifier.model_ is not model and classifier.n_iter_ == 2


def test_partial_fit_first_call_needs_the_classes():
    x, y = blobs()
    with pytest.raises(ValueError, match=r"first call to NeuralNetClassifier.partial_fit needs classes="):
        small_classifier().partial_fit(x, y)


def test_partial_fit_names_labels_it_was_not_told_about():
    x, y = blobs()
    classifier = small_classifier().partial_fit(x[y < 2], y[y < 2], classes=[0, 1])
    with pytest.raises(ValueError, match=r"not among the classes \[0, 1\]: \[2\]"):
        classifier.partial_fit(x, y)


def test_partial_fit_keeps_classes_missing_from_the_first_chunk():
    x, y = blobs()
    classifier = small_classifier().partial_fit(x[y < 2], y[y < 2], classes=[0, 1, 2])
    classifier.partial_fit(x, y)
    assert classifier.predict_proba(x).shape == (len(x), 3)


def test_partial_fit_refuses_balanced_class_weight():
    x, y = blobs()
    with pytest.raises(ValueError, match=r"'balanced' is computed from the whole training set"):
        small_classifier(class_weight="balanced").partial_fit(x, y, classes=[0, 1, 2])


def test_regressor_partial_fit_continues_one_epoch_at_a_time():
    x = np.linspace(0, 1, 50).reshape(-1, 1)
    regressor = NeuralNetRegressor((4,), random_state=0)
    for _ in range(3):
        regressor.partial_fit(x, x[:, 0])
    assert regressor.n_iter_ == 3
    with pytest.raises(ValueError, match=r"fitted on 1 target\(s\), got y with 2"):
        regressor.partial_fit(x, np.hstack([x, x]))


# ------------------------------------------------------------------ weights
def test_balanced_class_weight_lifts_the_minority_class():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(0, 1, (190, 2)), rng.normal(1.5, 1, (10, 2))])
    y = np.repeat([0, 1], [190, 10])
    plain = small_classifier(epochs=40).fit(x, y)
    balanced = small_classifier(epochs=40, class_weight="balanced").fit(x, y)
    recall = [np.mean(model.predict(x[y == 1]) == 1) for model in (plain, balanced)]
    assert recall[1] > recall[0]


def test_examples_of_weight_zero_have_no_influence():
    x, y = blobs()
    weight = (y != 2).astype(float)
    scrambled = x.copy()
    scrambled[y == 2] = np.random.default_rng(5).normal(size=((y == 2).sum(), 2))
    classifier = small_classifier(epochs=5).fit(x, y, sample_weight=weight)
    on_scrambled = small_classifier(epochs=5).fit(scrambled, y, sample_weight=weight)
    np.testing.assert_array_equal(classifier.predict_proba(x), on_scrambled.predict_proba(x))
    # Class 2 carried no weight: nothing was learnt in its favour.
    assert np.mean(classifier.predict(x[y == 2]) == 2) < 0.5


def test_a_weight_of_two_acts_like_a_repeated_example_on_average():
    x, y = blobs(centers=2, seed=3)
    weight = np.where(np.arange(len(x)) % 2 == 0, 2.0, 1.0)
    repeated = np.concatenate([np.arange(len(x)), np.flatnonzero(weight == 2)])
    weighted = small_classifier(epochs=20).fit(x, y, sample_weight=weight)
    copies = small_classifier(epochs=20).fit(x[repeated], y[repeated])
    grid = np.mgrid[-12:12:0.5, -12:12:0.5].reshape(2, -1).T
    assert np.mean(weighted.predict(grid) == copies.predict(grid)) > 0.95


# ------------------------------------------------------------------ scikit-learn's tools
def test_random_state_makes_fits_repeatable_and_none_makes_them_differ():
    x, y = blobs()
    first, second = (small_classifier(random_state=7).fit(x, y) for _ in range(2))
    np.testing.assert_array_equal(first.predict_proba(x), second.predict_proba(x))
    free = [small_classifier(random_state=None, epochs=1).fit(x, y) for _ in range(2)]
    assert not np.array_equal(free[0].predict_proba(x), free[1].predict_proba(x))


def test_set_random_seed_also_fixes_fits_without_random_state():
    x, y = blobs()

    def fit():
        ln.set_random_seed(11)
        return small_classifier(random_state=None, epochs=2).fit(x, y).predict_proba(x)

    np.testing.assert_array_equal(fit(), fit())


def test_pickled_estimator_predicts_the_same_and_keeps_training():
    x, y = blobs()
    classifier = small_classifier(epochs=3).fit(x, y)
    restored = pickle.loads(pickle.dumps(classifier))
    np.testing.assert_array_equal(restored.predict_proba(x), classifier.predict_proba(x))
    restored.partial_fit(x, y)
    classifier.partial_fit(x, y)
    np.testing.assert_array_equal(restored.predict_proba(x), classifier.predict_proba(x))


def test_cross_val_score_of_a_regressor():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(150, 2))
    y = x[:, 0] - 2 * x[:, 1]
    scores = cross_val_score(NeuralNetRegressor((), epochs=40, learning_rate=0.05, random_state=0),
                             x, y, cv=3)
    assert scores.min() > 0.95


def test_data_frame_columns_are_remembered_and_checked():
    pandas = pytest.importorskip("pandas")
    x, y = blobs()
    frame = pandas.DataFrame(x, columns=["height", "weight"])
    classifier = small_classifier(epochs=1).fit(frame, y)
    np.testing.assert_array_equal(classifier.feature_names_in_, ["height", "weight"])
    with pytest.raises(ValueError, match="feature names should match"):
        classifier.predict(frame.rename(columns={"weight": "mass"}))


def test_clone_copies_the_parameters_but_not_the_network():
    x, y = blobs()
    classifier = small_classifier(epochs=1).fit(x, y)
    copy = clone(classifier)
    assert copy.get_params() == classifier.get_params()
    assert not hasattr(copy, "model_")


def test_repr_shows_only_the_changed_parameters():
    assert repr(NeuralNetClassifier((32,), epochs=5)) == "NeuralNetClassifier(epochs=5, hidden_layer_sizes=(32,))"


# ------------------------------------------------------------------ errors
def test_unfitted_estimator_says_to_fit_first_in_either_library_s_terms():
    with pytest.raises(NotFittedError, match=r"This NeuralNetRegressor is not fitted yet: call fit"):
        NeuralNetRegressor().predict([[1.0]])
    assert issubclass(NotFittedError, NotReadyError)
    assert issubclass(NotFittedError, SklearnNotFittedError)
    assert not hasattr(NeuralNetClassifier(), "coefs_")


def test_one_class_is_nothing_to_tell_apart():
    with pytest.raises(ValueError, match=r"at least two classes, but y holds one class only \('a'\)"):
        small_classifier().fit([[0.0], [1.0]], ["a", "a"])


def test_continuous_targets_are_not_labels():
    with pytest.raises(ValueError, match="Unknown label type"):
        small_classifier().fit([[0.0], [1.0], [2.0]], [0.5, 1.5, 2.5])


@pytest.mark.parametrize("params, message", [
    ({"hidden_layer_sizes": "64"}, r"hidden_layer_sizes must be a sequence of positive integers "
                                   r"such as \(64, 32\), got '64'"),
    ({"hidden_layer_sizes": (8, 0)}, r"hidden_layer_sizes entry must be a positive integer, got 0"),
    ({"epochs": 0}, r"NeuralNetClassifier epochs must be a positive integer, got 0"),
    ({"random_state": -1}, r"random_state must be None, an integer in \[0, 2\*\*32\)"),
    ({"early_stopping": True, "validation_fraction": 1.5},
     r"NeuralNetClassifier validation_fraction must be a number in \(0, 1\), got 1.5"),
    ({"early_stopping": True, "validation_fraction": float("nan")},
     r"validation_fraction must be a number in \(0, 1\), got nan"),
    ({"early_stopping": "yes"}, r"NeuralNetClassifier early_stopping must be True or False, got 'yes'"),
    ({"warm_start": 1}, r"NeuralNetClassifier warm_start must be True or False, got 1"),
    ({"early_stopping": True, "patience": -1}, r"EarlyStopping patience must be a non-negative integer, got -1"),
    ({"class_weight": "even"}, r"class_weight must be None, 'balanced' or a dict"),
    ({"class_weight": {5: 2.0}}, r"class_weight names labels \[5\] that are not among the classes"),
    ({"class_weight": {0: -1}}, r"NeuralNetClassifier class_weight\[0\] must be a number >= 0, got -1"),
    ({"class_weight": {0: float("inf")}}, r"class_weight\[0\] must be a number >= 0, got inf"),
    ({"activation": "relux"}, r"relux"),
])
def test_bad_parameters_are_named_at_fit(params, message):
    x, y = blobs()
    classifier = small_classifier(**params)                 # the constructor accepts anything
    with pytest.raises(ValueError, match=message):
        classifier.fit(x, y)


def test_class_weight_is_for_single_label_targets():
    with pytest.raises(ValueError, match=r"class_weight is for single-label targets"):
        small_classifier(class_weight={0: 2.0}).fit(np.eye(3), np.eye(3, dtype=int))


@pytest.mark.parametrize("sample_weight, message", [
    (np.zeros(120), r"every example's weight is zero"),
    (np.ones((120, 1)), r"one weight per sample, shape \(120,\), got shape \(120, 1\)"),
    (-np.ones(120), r"sample_weight must be non-negative"),
])
def test_bad_sample_weights_are_explained(sample_weight, message):
    x, y = blobs()
    with pytest.raises(ValueError, match=message):
        small_classifier(epochs=1).fit(x, y, sample_weight=sample_weight)


def test_predict_checks_the_number_of_features():
    x, y = blobs()
    classifier = small_classifier(epochs=1).fit(x, y)
    with pytest.raises(ValueError, match=r"X has 3 features, but NeuralNetClassifier is expecting 2"):
        classifier.predict(np.ones((1, 3)))


@pytest.mark.parametrize("estimator", [small_classifier(epochs=1), NeuralNetRegressor(epochs=1),
                                       Perceptron()], ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("method", ["fit", "predict"])
def test_sparse_input_is_refused_with_how_to_convert_it(estimator, method):
    scipy_sparse = pytest.importorskip("scipy.sparse")
    x, y = blobs(centers=2)
    estimator = clone(estimator)
    sparse_x = scipy_sparse.csr_matrix(x)
    if method == "predict":
        estimator.fit(x, y)
    call = estimator.fit if method == "fit" else estimator.predict
    with pytest.raises(TypeError, match=rf"{type(estimator).__name__} does not support sparse "
                                        r"input, got a csr_matrix of shape \(120, 2\): .* "
                                        r"Convert it with X.toarray\(\)"):
        call(sparse_x, y) if method == "fit" else call(sparse_x)


def test_a_sparse_label_matrix_is_read_as_the_dense_one():
    scipy_sparse = pytest.importorskip("scipy.sparse")
    x, y = blobs()
    labels = np.column_stack([y == 0, y == 1]).astype(int)
    dense = small_classifier(epochs=2).fit(x, labels)
    sparse = small_classifier(epochs=2).fit(x, scipy_sparse.csr_matrix(labels))
    np.testing.assert_array_equal(sparse.predict_proba(x), dense.predict_proba(x))


# ------------------------------------------------------------------ the perceptron
def test_sklearn_perceptron_learns_as_the_core_one_does():
    x, y = blobs(centers=2)
    wrapped = Perceptron(random_state=4).fit(x, y)
    core = core_perceptron.Perceptron(seed=4).fit(x, y)
    np.testing.assert_array_equal(wrapped.coef_, core.coef_)
    assert wrapped.history_ == core.history_
    assert isinstance(wrapped, core_perceptron.Perceptron)


def test_sklearn_perceptron_in_a_grid_search():
    x, y = blobs()
    search = GridSearchCV(Perceptron(random_state=0), {"max_epochs": [1, 50]}, cv=3).fit(x, y)
    assert search.best_score_ > 0.9


def test_sklearn_perceptron_one_class_message_says_one_class():
    with pytest.raises(ValueError, match=r"one class"):
        Perceptron().fit([[0.0], [1.0]], [1, 1])


# ------------------------------------------------------------------ an optional dependency
def _run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(__import__("pathlib").Path(ln.__file__).parents[1])})


def test_importing_lucidnet_does_not_import_scikit_learn():
    result = _run_python("import sys, lucidnet; print('sklearn' in sys.modules)")
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("setup, message", [
    ("sys.modules['sklearn'] = None", 'needs scikit-learn, which is not installed: pip install '
                                       '"lucidnet[sklearn]"'),
    ("import sklearn; sklearn.__version__ = '1.5.2'", "needs scikit-learn >= 1.6, found 1.5.2"),
])
def test_without_a_recent_scikit_learn_the_import_error_says_what_to_install(setup, message):
    result = _run_python(f"import sys; {setup}\ntry:\n import lucidnet.sklearn\n"
                         f"except ImportError as e:\n print(e)")
    assert message in result.stdout, result.stderr
