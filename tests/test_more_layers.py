"""The layers beyond the MLP core, as Keras defines them: GaussianDropout, AlphaDropout, Reshape,
Rescaling, Identity, ActivityRegularization, UnitNormalization and Lambda.  Their gradients,
configs and planned weights are checked over the registry in test_layers.py."""

import math
import os

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import layers

SELU_ALPHA_P = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946


def built(layer, shape, dtype="float64"):
    layer.build((None,) + shape, dtype, np.random.default_rng(0))
    return layer


# -- noise -------------------------------------------------------------------------------------
def test_gaussian_dropout_multiplies_by_noise_of_mean_one_and_dropouts_variance():
    layer = built(layers.GaussianDropout(0.2, seed=0), (1000,))
    x = np.ones((200, 1000))
    np.testing.assert_array_equal(layer.forward(x, training=False), x)
    out = layer.forward(x, training=True)
    assert out.mean() == pytest.approx(1.0, abs=0.005)
    assert out.std() == pytest.approx(math.sqrt(0.2 / 0.8), rel=0.01)
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), out)  # the same draw


def test_alpha_dropout_keeps_a_standard_normal_input_standard():
    layer = built(layers.AlphaDropout(0.3, seed=0), (1000,))
    x = np.random.default_rng(1).standard_normal((300, 1000))
    out = layer.forward(x, training=True)
    assert out.mean() == pytest.approx(0.0, abs=0.01) and out.var() == pytest.approx(1.0, abs=0.02)
    # A dropped value becomes A·α' + B, A = ((1 − p)(1 + pα'²))^(−1/2), B = −Aα'p.
    A = ((1 - 0.3) * (1 + 0.3 * SELU_ALPHA_P**2)) ** -0.5
    dropped = layer.mask == 0
    assert abs(dropped.mean() - 0.3) < 0.01
    np.testing.assert_allclose(out[dropped], A * SELU_ALPHA_P - A * SELU_ALPHA_P * 0.3)
    np.testing.assert_allclose(out[~dropped], A * x[~dropped] - A * SELU_ALPHA_P * 0.3)
    np.testing.assert_array_equal(layer.forward(x, training=False), x)


def test_alpha_dropout_shares_its_mask_along_the_axes_of_size_one_in_noise_shape():
    layer = built(layers.AlphaDropout(0.5, noise_shape=[None, 1, 4], seed=0), (3, 4))
    layer.forward(np.ones((8, 3, 4)), training=True)
    assert layer.mask.shape == (8, 1, 4)


@pytest.mark.parametrize("make, message", [
    (lambda: built(layers.AlphaDropout(0.5, noise_shape=[None, 2]), (3,)),
     r"AlphaDropout\(rate=0.5\) has noise_shape \(None, 2\), which does not broadcast"),
    (lambda: layers.AlphaDropout(0.5, noise_shape=[None, 0]),
     r"AlphaDropout noise_shape must be a tuple of positive integers or None \(an axis's own "
     r"size\), got \[None, 0\]"),
    (lambda: layers.GaussianDropout(1.0), r"GaussianDropout rate must be a number in \[0, 1\), got 1.0"),
    (lambda: layers.AlphaDropout(-0.1), r"AlphaDropout rate must be a number in \[0, 1\), got -0.1"),
])
def test_noise_layer_arguments_are_checked(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_seeded_runs_with_the_dropout_layers_are_bit_identical(rng):
    x, y = rng.normal(size=(32, 4)), rng.normal(size=(32, 1))

    def run():
        model = ln.Sequential([layers.Input((4,)), layers.Dense(8, activation="selu"),
                               layers.AlphaDropout(0.2), layers.Dense(8), layers.GaussianDropout(0.3),
                               layers.Dense(1)], seed=5)
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, y, epochs=3, batch_size=8, verbose=0)
        return model.get_weights()

    for first, second in zip(run(), run()):
        np.testing.assert_array_equal(first, second)


# -- shapes and scales -------------------------------------------------------------------------
def test_reshape_fills_in_minus_one_and_inverts_in_backward():
    layer = built(layers.Reshape((-1, 2)), (6,))
    x = np.arange(12.0).reshape(2, 6)
    out = layer.forward(x)
    assert out.shape == (2, 3, 2) and out[1, 2].tolist() == [10.0, 11.0]
    assert layer.backward(out).shape == (2, 6)


@pytest.mark.parametrize("make, shape, message", [
    (lambda: layers.Reshape((4, 2)), (None, 6),
     r"Reshape\(target_shape=\(4, 2\)\) cannot reshape inputs of shape \(None, 6\), 6 values per "
     r"example, to \(4, 2\), 8 values"),
    (lambda: layers.Reshape((-1, 4)), (None, 6), r"to \(-1, 4\), a multiple of 4"),
])
def test_reshape_refuses_sizes_that_do_not_fit(make, shape, message):
    with pytest.raises(ValueError, match=message):
        make().compute_output_shape(shape)


@pytest.mark.parametrize("target", [(-1, -1), (0, 2), "2", (2.5,)])
def test_reshape_target_shape_is_checked(target):
    with pytest.raises(ValueError, match="Reshape target_shape must be a tuple of positive integers "
                                         "with at most one -1"):
        layers.Reshape(target)


def test_rescaling_maps_pixels_as_the_image_tutorials_do():
    layer = layers.Rescaling(1.0 / 127.5, offset=-1.0)
    np.testing.assert_allclose(layer(np.array([[0.0, 127.5, 255.0]])), [[-1.0, 0.0, 1.0]])
    assert layers.Rescaling(1 / 255)(np.array([[255.0]], dtype=np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="Rescaling scale must be a finite number, got 'x'"):
        layers.Rescaling("x")


def test_identity_layer_passes_values_and_gradients():
    layer = built(layers.Identity(), (3,))
    x = np.arange(3.0).reshape(1, 3)
    assert layer.forward(x) is x and layer.backward(x) is x


def test_unit_normalization_gives_unit_vectors_and_keeps_zero_vectors_finite():
    layer = layers.UnitNormalization()
    out = layer(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])
    with pytest.raises(ValueError, match="has axis 0, which is the batch axis"):
        layers.UnitNormalization(axis=0).compute_output_shape((None, 3))


def test_unit_normalization_equals_keras(rng):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    x = rng.normal(size=(4, 3, 2)).astype("float32")
    for axis in (-1, [1, 2]):
        theirs = keras.ops.convert_to_numpy(keras.layers.UnitNormalization(axis=axis)(x))
        np.testing.assert_allclose(layers.UnitNormalization(axis=axis)(x), theirs, rtol=1e-6)


# -- activity regularization -------------------------------------------------------------------
def activity_model(rng):
    model = ln.Sequential([layers.Input((3,)), layers.Dense(4, activation="tanh"),
                           layers.ActivityRegularization(l1=0.01, l2=0.1), layers.Dense(1)],
                          dtype="float64", seed=0)
    model.compile(optimizer=ln.optimizers.SGD(0.1), loss="mse")
    return model


def test_activity_penalty_joins_the_loss_of_each_batch_divided_by_its_size(rng):
    model = activity_model(rng)
    x, y = rng.normal(size=(10, 3)), rng.normal(size=(10, 1))
    hidden = np.tanh(x @ model.layers[0].kernel + model.layers[0].bias)
    penalty = lambda a: (0.01 * np.abs(a).sum() + 0.1 * (a * a).sum()) / len(a)  # noqa: E731
    mse = ((model.predict(x, verbose=0) - y) ** 2).mean()
    assert model.evaluate(x, y, batch_size=10, verbose=0) == pytest.approx(mse + penalty(hidden))
    # In batches of 5 the loss is the mean of each batch's loss with its own penalty.
    halves = [((model.predict(x[s], verbose=0) - y[s]) ** 2).mean() + penalty(hidden[s])
              for s in (slice(0, 5), slice(5, 10))]
    assert model.evaluate(x, y, batch_size=5, verbose=0) == pytest.approx(np.mean(halves))
    assert model.train_on_batch(x, y) == pytest.approx(mse + penalty(hidden))


def test_activity_penalty_gradient_reaches_the_layers_before_it(rng):
    model = activity_model(rng)
    x, y = rng.normal(size=(10, 3)), rng.normal(size=(10, 1))
    report = ln.utils.gradcheck(model, x, y)
    assert max(report.errors.values()) < 1e-6


def test_activity_regularization_shrinks_the_activations_it_watches(rng):
    x, y = rng.normal(size=(64, 3)), rng.normal(size=(64, 1))
    norms = []
    for l2 in (0.0, 1.0):
        model = ln.Sequential([layers.Input((3,)), layers.Dense(8),
                               layers.ActivityRegularization(l2=l2), layers.Dense(1)], seed=0)
        model.compile(optimizer=ln.optimizers.Adam(0.05), loss="mse")
        model.fit(x, y, epochs=40, verbose=0)
        hidden = x @ model.layers[0].kernel + model.layers[0].bias
        norms.append(float((hidden**2).mean()))
    assert norms[1] < 0.5 * norms[0]


# -- Lambda --------------------------------------------------------------------------------------
def test_a_lambda_of_a_python_function_works_before_every_layer_that_learns(rng):
    x = rng.uniform(0, 255, size=(64, 4))
    y = (x[:, 0] > 127.5).astype(int)
    model = ln.Sequential([layers.Input((4,)), layers.Lambda(lambda v: v / 255.0 - 0.5),
                           layers.Dense(8, activation="relu"), layers.Dense(2, activation="softmax")],
                          seed=0)
    model.compile(optimizer=ln.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=30, verbose=0)
    assert history.history["accuracy"][-1] > 0.9
    assert model.layers[0].output_shape == (None, 4)


def test_a_lambda_finds_its_output_shape_by_calling_the_function():
    layer = layers.Lambda(lambda v: v[:, :2] * 2)
    assert layer.compute_output_shape((None, 5)) == (None, 2)
    assert layers.Lambda(lambda v: v, output_shape=(3,)).compute_output_shape((None, 5)) == (None, 3)


def test_a_lambda_in_the_middle_is_refused_at_compile_naming_the_layer():
    model = ln.Sequential([layers.Input((4,)), layers.Dense(3), layers.Lambda(lambda v: v * 2, name="double"),
                           layers.Dense(1)])
    with pytest.raises(ValueError, match=r"Lambda\(function='<lambda>'\) named 'double' in model "
                                         r"'sequential' runs a Python function, which lucidnet cannot "
                                         r"differentiate .* but Dense\(units=3.*\) named 'dense_1' "
                                         r"before it has trainable weights"):
        model.compile(optimizer="sgd", loss="mse")


def test_a_lambda_in_the_middle_of_an_unbuilt_model_is_refused_at_fit_before_any_callback(rng):
    model = ln.Sequential([layers.Dense(3), layers.Lambda(lambda v: v * 2), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    began = []
    callback = ln.callbacks.LambdaCallback(on_train_begin=lambda logs: began.append(True))
    with pytest.raises(ValueError, match="Put the Lambda before every layer that learns"):
        model.fit(rng.normal(size=(8, 4)), rng.normal(size=(8, 1)), callbacks=[callback], verbose=0)
    assert began == []
    with pytest.raises(ValueError, match="cannot differentiate"):
        model.train_on_batch(rng.normal(size=(8, 4)), rng.normal(size=(8, 1)))


def test_a_lambda_after_frozen_layers_is_accepted(rng):
    model = ln.Sequential([layers.Input((4,)), layers.Dense(3, trainable=False),
                           layers.Lambda(lambda v: v * 2), layers.Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    before = model.layers[0].get_weights()
    model.fit(rng.normal(size=(8, 4)), rng.normal(size=(8, 1)), epochs=2, verbose=0)
    np.testing.assert_array_equal(model.layers[0].get_weights()[0], before[0])


def test_a_lambda_of_a_python_function_cannot_be_saved_and_says_what_to_use(tmp_path):
    model = ln.Sequential([layers.Input((4,)), layers.Lambda(lambda v: v / 255.0), layers.Dense(1)])
    message = (r"Lambda\(function='<lambda>'\) named 'lambda_1' holds a Python function, which a "
               r"model file cannot store safely: it would have to hold code, and loading would run "
               r"it. Use a registered layer instead: Rescaling\(scale, offset\)")
    with pytest.raises(ValueError, match=message):
        model.save(tmp_path / "m.lucid")
    assert not (tmp_path / "m.lucid").exists()
    with pytest.raises(ValueError, match=message):
        model.layers[0].get_config()


def test_a_lambda_of_a_lucidnet_activation_learns_and_is_saved_by_name(tmp_path, rng):
    model = ln.Sequential([layers.Input((4,)), layers.Dense(4), layers.Lambda(ln.activations.tanh),
                           layers.Dense(1)], seed=0)
    model.compile(optimizer="adam", loss="mse")
    x, y = rng.normal(size=(16, 4)), rng.normal(size=(16, 1))
    model.fit(x, y, epochs=2, verbose=0)
    assert ln.utils.gradcheck(model, x, y).errors and max(ln.utils.gradcheck(model, x, y).errors.values()) < 1e-6
    model.save(tmp_path / "m.lucid")
    loaded = ln.load_model(tmp_path / "m.lucid")
    assert loaded.layers[1].get_config()["function"] == {"class_name": "tanh", "config": {}}
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_lambda_function_must_be_callable():
    with pytest.raises(TypeError, match="Lambda function must be a function of the batch"):
        layers.Lambda(3)


# -- saving ----------------------------------------------------------------------------------
NEW_LAYERS = [
    lambda: layers.GaussianDropout(0.2, seed=1), lambda: layers.AlphaDropout(0.2, seed=1),
    lambda: layers.Reshape((3, 2)), lambda: layers.Rescaling(0.5, offset=1.0),
    lambda: layers.Identity(), lambda: layers.ActivityRegularization(l1=0.01),
    lambda: layers.UnitNormalization(axis=[1, 2]), lambda: layers.Lambda("tanh"),
]


@pytest.mark.parametrize("make", NEW_LAYERS, ids=lambda make: type(make()).__name__)
def test_models_with_the_new_layers_are_saved_and_loaded(make, tmp_path, rng):
    layer = make()
    body = [layers.Reshape((3, 2)), layer, layers.Flatten()]
    model = ln.Sequential([layers.Input((6,)), layers.Dense(6), *body, layers.Dense(2)], seed=0)
    model.compile(optimizer="adam", loss="mse")
    x, y = rng.normal(size=(16, 6)), rng.normal(size=(16, 2))
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    model.save(tmp_path / "m.lucid")
    loaded = ln.load_model(tmp_path / "m.lucid")
    assert loaded.get_config() == model.get_config()
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
