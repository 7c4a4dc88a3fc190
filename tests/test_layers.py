import numpy as np
import pytest

import lucidnet as ln
from lucidnet import layers
from lucidnet.layers import LAYERS
from lucidnet.registry import serialize
from lucidnet.utils import numerical_gradient, relative_error

# One example per registered layer; the completeness test below fails when a new layer
# is registered without an example here.
EXAMPLES = {
    "Dense": (lambda: layers.Dense(3, activation="tanh", kernel_regularizer="l2",
                                   bias_regularizer=ln.regularizers.L1(0.02)), (4, 5)),
    "Activation": (lambda: layers.Activation("softmax"), (4, 5)),
    "Dropout": (lambda: layers.Dropout(0.4, noise_shape=(None, 1, 3), seed=3), (4, 2, 3)),
    "Flatten": (lambda: layers.Flatten(data_format="channels_first"), (4, 2, 3)),
    # Statistics per feature along axis 1, over the batch and the last axis (Keras's images).
    "BatchNormalization": (lambda: layers.BatchNormalization(
        axis=1, momentum=0.5, gamma_initializer=ln.initializers.RandomNormal(1.0, 0.3),
        beta_initializer="random_normal", moving_mean_initializer="random_normal",
        moving_variance_initializer=ln.initializers.Constant(2.5),
        gamma_regularizer="l2", beta_regularizer=ln.regularizers.L1(0.02)), (6, 4, 2)),
    "LayerNormalization": (lambda: layers.LayerNormalization(
        axis=[1, 2], gamma_initializer=ln.initializers.RandomNormal(1.0, 0.3),
        beta_initializer="random_normal", gamma_regularizer="l2"), (4, 3, 2)),
    "Normalization": (lambda: layers.Normalization(
        mean=[0.5, -1.0, 2.0, 0.0, 3.0], variance=[1.0, 4.0, 0.25, 2.0, 9.0]), (4, 5)),
    "GaussianNoise": (lambda: layers.GaussianNoise(0.5, seed=3), (4, 5)),
    "ReLU": (lambda: layers.ReLU(max_value=1.5, negative_slope=0.2, threshold=0.5), (4, 5)),
    "LeakyReLU": (lambda: layers.LeakyReLU(negative_slope=0.1), (4, 5)),
    "ELU": (lambda: layers.ELU(alpha=0.7), (4, 5)),
    "Softmax": (lambda: layers.Softmax(axis=1), (4, 3, 2)),
    "PReLU": (lambda: layers.PReLU(alpha_initializer=ln.initializers.RandomUniform(0.1, 0.5),
                                   alpha_regularizer="l2", shared_axes=[2]), (4, 2, 3)),
    "GaussianDropout": (lambda: layers.GaussianDropout(0.3, seed=3), (4, 5)),
    "AlphaDropout": (lambda: layers.AlphaDropout(0.3, noise_shape=[None, 1, 3], seed=3), (4, 2, 3)),
    "Reshape": (lambda: layers.Reshape((-1, 2)), (4, 6)),
    "Rescaling": (lambda: layers.Rescaling(1 / 255, offset=-0.5), (4, 5)),
    "Identity": (lambda: layers.Identity(), (4, 5)),
    "ActivityRegularization": (lambda: layers.ActivityRegularization(l1=0.01, l2=0.02), (4, 5)),
    "UnitNormalization": (lambda: layers.UnitNormalization(axis=[1, 2]), (4, 3, 2)),
    "Lambda": (lambda: layers.Lambda(ln.activations.tanh), (4, 5)),
}


def test_every_registered_layer_has_an_example():
    registered = {cls.registry_name for _, cls in LAYERS.items()} - {"InputLayer"}
    assert registered == set(EXAMPLES)


def layer_cost(layer, x, upstream, training):
    """C = Σ upstream ⊙ layer(x) + Σ R(θ): a scalar whose gradient backward() must give."""
    if isinstance(getattr(layer, "rng", None), np.random.Generator) and training:
        layer.rng = np.random.default_rng(7)  # the same mask or noise at every evaluation
    return float((layer.forward(x, training=training) * upstream).sum()) + layer.regularization_loss()


@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_backward_matches_finite_differences(name, training, rng):
    factory, shape = EXAMPLES[name]
    layer = factory()
    layer.build((None,) + shape[1:], "float64", rng)
    x = rng.normal(size=shape)
    upstream = rng.normal(size=layer.compute_output_shape(shape))

    layer_cost(layer, x, upstream, training)
    grad_x = layer.backward(upstream)
    numeric_x = numerical_gradient(lambda: layer_cost(layer, x, upstream, training), x)
    assert relative_error(grad_x, numeric_x) < 1e-6

    layer_cost(layer, x, upstream, training)
    layer.backward(upstream)
    for param, grad in zip(layer.trainable_weights, layer.grads):
        numeric = numerical_gradient(lambda: layer_cost(layer, x, upstream, training), param)
        assert relative_error(grad, numeric) < 1e-6


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_weight_shapes_are_what_building_allocates_without_allocating(name, rng):
    # Loading checks a file's tensors against weight_shapes before it builds anything.
    factory, shape = EXAMPLES[name]
    layer = factory()
    planned = layer.weight_shapes((None,) + shape[1:], "float64")
    assert not layer.built and layer.weights == []
    layer.build((None,) + shape[1:], "float64", rng)
    assert planned == {name: w.shape for name, w in zip(layer.weight_names, layer.weights)}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_config_round_trip(name):
    layer = EXAMPLES[name][0]()
    clone = layers.get(serialize(layer))
    assert type(clone) is type(layer) and clone.get_config() == layer.get_config()


def test_a_neuron_is_a_weighted_sum_plus_bias():
    neuron = layers.Dense(1, kernel_initializer="zeros")
    neuron.build((None, 3), "float64")
    neuron.set_weights([np.array([[1.0], [0.0], [-1.0]]), np.array([3.0])])
    # z = w·x + b = 1·1 + 0·2 + (−1)·1 + 3 = 3
    assert neuron(np.array([[1.0, 2.0, 1.0]]))[0, 0] == 3.0


def test_dense_batch_is_the_tutorials_wt_x_plus_b_per_row(rng):
    dense = layers.Dense(4, activation="sigmoid")
    dense.build((None, 3), "float64", rng)
    W, b = dense.get_weights()
    x = rng.normal(size=(5, 3))
    per_example = [1 / (1 + np.exp(-(W.T @ x_n + b))) for x_n in x]
    np.testing.assert_allclose(dense(x), per_example, rtol=1e-12)


def test_dense_backward_implements_bp2_bp3_bp4(rng):
    dense = layers.Dense(3, activation="tanh")
    dense.build((None, 4), "float64", rng)
    x = rng.normal(size=(6, 4))
    grad_a = rng.normal(size=(6, 3))
    a = dense.forward(x, training=True)
    grad_x = dense.backward(grad_a)
    delta = grad_a * (1 - a**2)                       # δ = ∂C/∂a ⊙ σ'(z)
    np.testing.assert_allclose(dense.delta, delta)
    np.testing.assert_allclose(dense.grads[1], delta.sum(axis=0))   # BP3
    np.testing.assert_allclose(dense.grads[0], x.T @ delta)         # BP4
    np.testing.assert_allclose(grad_x, delta @ dense.kernel.T)      # into BP2 of the layer below


def test_dense_keeps_z_and_a_for_inspection(rng):
    dense = layers.Dense(2, activation="relu")
    dense.build((None, 3), "float64", rng)
    x = rng.normal(size=(4, 3))
    dense.forward(x)
    np.testing.assert_allclose(dense.z, x @ dense.kernel + dense.bias)
    np.testing.assert_allclose(dense.a, np.maximum(dense.z, 0))


def test_dense_without_bias_has_one_weight_array():
    dense = layers.Dense(2, use_bias=False)
    dense.build((None, 3))
    assert dense.weight_names == ["kernel"] and dense.count_params() == 6


def test_dropout_is_identity_at_inference_and_keeps_the_mean_in_training():
    dropout = layers.Dropout(0.25, seed=0)
    dropout.build((None, 1000))
    x = np.ones((200, 1000))
    np.testing.assert_array_equal(dropout.forward(x, training=False), x)
    out = dropout.forward(x, training=True)
    assert set(np.unique(out)) == {0.0, 1 / 0.75}
    assert abs((out == 0).mean() - 0.25) < 0.01
    assert abs(out.mean() - 1.0) < 0.02


def test_dropout_backward_uses_the_same_mask():
    dropout = layers.Dropout(0.5, seed=1)
    dropout.build((None, 10))
    out = dropout.forward(np.ones((3, 10)), training=True)
    np.testing.assert_array_equal(dropout.backward(np.ones((3, 10))), out)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, "0.5"])
def test_dropout_rate_outside_zero_one_is_refused(rate):
    with pytest.raises(ValueError, match=r"Dropout rate must be a number in \[0, 1\)"):
        layers.Dropout(rate)


@pytest.mark.parametrize("seed", [-1, 2.5, "3", True])
def test_dropout_seed_must_be_a_non_negative_integer(seed):
    with pytest.raises(ValueError, match=f"Dropout seed must be a non-negative integer, got {seed!r}"):
        layers.Dropout(0.5, seed=seed)


def test_flatten_turns_images_into_vectors():
    flatten = layers.Flatten()
    assert flatten(np.zeros((2, 28, 28))).shape == (2, 784)
    assert flatten.compute_output_shape((None, 28, 28)) == (None, 784)


def test_dense_refuses_images_with_a_flatten_hint():
    dense = layers.Dense(10, name="dense_1")
    with pytest.raises(ValueError) as error:
        dense.compute_output_shape((32, 28, 28))
    message = str(error.value)
    assert "Dense(units=10) named 'dense_1' expected inputs of shape (batch, features), got shape (32, 28, 28)" in message
    assert "Hint: flatten images first" in message


def test_built_dense_names_the_feature_count_it_expected():
    dense = layers.Dense(10, name="dense_1")
    dense.build((None, 784))
    with pytest.raises(ValueError, match=r"named 'dense_1' expected inputs with 784 features, got shape \(32, 100\)"):
        dense(np.zeros((32, 100)))


@pytest.mark.parametrize("units", [0, -3, 2.5, True])
def test_dense_units_must_be_a_positive_integer(units):
    with pytest.raises(ValueError, match="Dense units must be a positive integer"):
        layers.Dense(units)


@pytest.mark.parametrize("flag", ["no", 1, None])
def test_dense_use_bias_and_trainable_must_be_true_or_false(flag):
    with pytest.raises(ValueError, match=f"Dense use_bias must be True or False, got {flag!r}"):
        layers.Dense(3, use_bias=flag)
    with pytest.raises(ValueError, match=f"Dense trainable must be True or False, got {flag!r}"):
        layers.Dense(3, trainable=flag)


def test_flags_take_numpy_bools_as_plain_bools():
    dense = layers.Dense(3, use_bias=np.bool_(False), trainable=np.bool_(True))
    assert dense.use_bias is False and dense.trainable is True


@pytest.mark.parametrize("make, argument", [
    (lambda shape: layers.Input(shape), "Input shape"),
    (lambda shape: layers.Dense(3, input_shape=shape), "Dense input_shape"),
], ids=["Input", "Dense input_shape"])
@pytest.mark.parametrize("shape", [(2.5,), (28, 28.0), (0,), (), "784"])
def test_a_shape_of_anything_but_positive_integers_is_refused_not_truncated(make, argument, shape):
    with pytest.raises(ValueError) as error:
        make(shape)
    assert str(error.value) == f"{argument} must be a tuple of positive integers, got {shape!r}."


def test_a_shape_takes_numpy_integers_and_a_lone_size():
    assert layers.Input(np.int64(784)).example_shape == (784,)
    assert layers.Input(np.int64(784)).shape == (None, 784)   # Keras's batch shape
    assert layers.Dense(3, input_shape=np.array([4])).declared_input_shape == (4,)


def test_set_weights_checks_every_shape_before_changing_anything(rng):
    dense = layers.Dense(2)
    dense.build((None, 3), "float64", rng)
    before = dense.get_weights()
    with pytest.raises(ValueError, match=r"bias must have shape \(2,\), got \(3,\)"):
        dense.set_weights([np.zeros((3, 2)), np.zeros(3)])
    for old, new in zip(before, dense.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_unknown_activation_name_in_a_layer_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown activation 'sigmod'. Valid names:"):
        layers.Dense(3, activation="sigmod")


class RunningCenter(layers.Layer):
    """a = x − μ, where μ, the running mean of x, is state: μ ← 0.9·μ + 0.1·mean(x) in training."""

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def create_weights(self, input_shape, dtype, rng):
        self.add_weight("moving_mean", (input_shape[1],), "zeros", rng, trainable=False)

    def forward(self, x, training=False):
        moving_mean = self.weights[0]
        if training:
            moving_mean *= 0.9
            moving_mean += 0.1 * x.mean(axis=0)
        return x - moving_mean

    def backward(self, grad, need_input_grad=True):
        self.grads = []
        return grad


@pytest.fixture
def running_center(monkeypatch):
    """RunningCenter registered for one test (so that a model holding it can be saved)."""
    monkeypatch.setattr(LAYERS, "_classes", dict(LAYERS._classes))
    return LAYERS.register("RunningCenter")(RunningCenter)


def test_state_from_add_weight_is_saved_but_never_reaches_the_optimizer(running_center, rng, tmp_path):
    model = ln.Sequential([layers.Input((3,)), running_center(), layers.Dense(2)], seed=0)
    model.compile(optimizer="adam", loss="mse")
    x, y = rng.normal(loc=5.0, size=(32, 3)), rng.normal(size=(32, 2))
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)

    center = model.layers[0]
    assert center.trainable_weights == [] and len(center.non_trainable_weights) == 1
    assert [w.shape for w in model.trainable_weights] == [(3, 2), (2,)]
    assert sorted(model.optimizer.get_state()) == ["iterations", "m/0", "m/1", "v/0", "v/1"]
    assert np.all(center.weights[0] > 1.0)  # it followed the data's mean (5) from 0
    lines = []
    model.summary(print_fn=lines.append)
    assert "Non-trainable params: 3" in lines[0]

    model.save(tmp_path / "m.lucid")
    loaded = ln.load_model(tmp_path / "m.lucid")
    np.testing.assert_array_equal(loaded.layers[0].weights[0], center.weights[0])
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_gaussian_noise_has_keras_spread_and_is_identity_at_inference():
    # keras/src/layers/regularization/gaussian_noise_test.py, test_gaussian_noise_correctness
    noise = layers.GaussianNoise(0.3, seed=1337)
    x = np.ones((20, 500))
    assert abs(np.std(noise(x, training=True)) - 0.3) < 0.02
    np.testing.assert_array_equal(noise(x), x)


def test_gaussian_noise_keeps_the_dtype_and_passes_the_gradient_unchanged(rng):
    noise = layers.GaussianNoise(0.5, seed=0)
    noise.build((None, 3), "float32")
    out = noise(np.zeros((4, 3), dtype=np.float32), training=True)
    assert out.dtype == np.float32 and np.all(out != 0)
    grad = rng.normal(size=(4, 3))
    assert noise.backward(grad) is grad


def test_unseeded_gaussian_noise_draws_from_the_models_generator():
    model = ln.Sequential([layers.Input((3,)), layers.GaussianNoise(0.1)], seed=0)
    assert model.layers[0].rng is model.rng


@pytest.mark.parametrize("stddev", [-0.1, 1.5, "0.1", None, float("nan")])
def test_gaussian_noise_stddev_must_lie_in_zero_one_as_in_keras(stddev):
    with pytest.raises(ValueError, match=r"GaussianNoise stddev must be a number in \[0, 1\], got "):
        layers.GaussianNoise(stddev)


def test_gaussian_noise_seed_must_be_a_non_negative_integer():
    with pytest.raises(ValueError, match="GaussianNoise seed must be a non-negative integer, got -1"):
        layers.GaussianNoise(0.1, seed=-1)
# -- activation layers -------------------------------------------------------------------------
@pytest.mark.parametrize("layer, function", [
    (layers.ReLU(max_value=10.0, negative_slope=0.5), lambda x: ln.activations.relu(x, 0.5, 10.0)),
    (layers.ReLU(max_value=8.0, threshold=5.0), lambda x: ln.activations.relu(x, 0.0, 8.0, 5.0)),
    (layers.LeakyReLU(), lambda x: ln.activations.leaky_relu(x, negative_slope=0.3)),
    (layers.ELU(alpha=0.7), lambda x: ln.activations.elu(x, alpha=0.7)),
    (layers.Softmax(axis=0), lambda x: ln.activations.softmax(x, axis=0)),
], ids=lambda value: value.describe() if isinstance(value, layers.Layer) else "")
def test_an_activation_layer_computes_its_function(layer, function, rng):
    x = rng.normal(size=(6, 5)) * 6
    np.testing.assert_array_equal(layer(x), function(x))


def test_activation_layers_have_keras_numbers_and_defaults():
    x = np.array([-10.0, -5.0, 0.0, 5.0, 10.0])
    # Keras 3's layer tests.
    np.testing.assert_array_equal(layers.ReLU(max_value=10, negative_slope=0.5)(x), [-5, -2.5, 0, 5, 10])
    np.testing.assert_array_equal(layers.ReLU(max_value=8, threshold=5)(np.array([6.0, 7.0, 0.0, 5, 10])),
                                  [6, 7, 0, 0, 8])
    np.testing.assert_array_equal(layers.LeakyReLU(negative_slope=0.5)(x), [-5, -2.5, 0, 5, 10])
    np.testing.assert_allclose(layers.Softmax()(np.array([[1.0, 2.0, 1.0]])),
                               [[0.21194157, 0.5761169, 0.21194157]], rtol=1e-6)
    assert layers.LeakyReLU().get_config()["negative_slope"] == 0.3
    config = layers.ReLU().get_config()
    assert (config["max_value"], config["negative_slope"], config["threshold"]) == (None, 0.0, 0.0)
    assert layers.Softmax().get_config()["axis"] == -1 and layers.ELU().get_config()["alpha"] == 1.0
    assert "activation" not in layers.ELU().get_config()


def test_leaky_relu_layer_takes_the_deprecated_alpha_with_a_warning():
    with pytest.warns(DeprecationWarning, match="negative_slope"):
        layer = layers.LeakyReLU(alpha=0.05)
    assert layer.get_config()["negative_slope"] == 0.05 and "alpha" not in layer.get_config()


@pytest.mark.parametrize("make, error, message", [
    (lambda: layers.ReLU(max_value=-10), ValueError, "ReLU max_value must be a number >= 0, got -10."),
    (lambda: layers.ReLU(negative_slope=-10), ValueError, "ReLU negative_slope must be a number >= 0, got -10."),
    (lambda: layers.ReLU(threshold=None), ValueError, "ReLU threshold must be a number >= 0, got None."),
    (lambda: layers.LeakyReLU(negative_slope=None), ValueError,
     "LeakyReLU negative_slope must be a number >= 0, got None."),
    (lambda: layers.ELU(alpha="1"), ValueError, "ELU alpha must be a number > 0, got '1'."),
    (lambda: layers.Softmax(axis=1.5), ValueError,
     "Softmax axis must be an integer or a list of distinct integers, got 1.5."),
    (lambda: layers.PReLU(shared_axes=0), ValueError, "PReLU shared_axes must be a positive integer, got 0."),
    (lambda: layers.PReLU(shared_axes="1"), ValueError, "PReLU shared_axes must be a list of integers, got '1'."),
    (lambda: layers.PReLU(alpha_initializer="nope"), ValueError,
         "alpha_initializer='nope': Unknown initializer 'nope'."),
])
def test_activation_layer_arguments_are_checked(make, error, message):
    with pytest.raises(error) as caught:
        make()
    assert str(caught.value).startswith(message)


def test_softmax_layer_axis_must_exist_in_its_input():
    with pytest.raises(ValueError) as caught:
        ln.Sequential([layers.Input((3,)), layers.Softmax(axis=2, name="probabilities")])
    assert str(caught.value) == ("The axis of Softmax(axis=2) named 'probabilities' must be distinct axes "
                                 "of an input with 2 axes, each in [-2, 1], got 2.")
    with pytest.raises(ValueError, match=r"The axis of Dense\(units=3\) named 'dense_1' must be"):
        ln.Sequential([layers.Input((3,)), layers.Dense(3, activation=ln.activations.Softmax(axis=-3))])


def test_a_softmax_layer_over_several_axes_makes_one_distribution(rng):
    a = layers.Softmax(axis=[1, 2])(rng.normal(size=(2, 3, 4)))
    np.testing.assert_allclose(a.sum(axis=(1, 2)), 1.0)
    assert layers.get(serialize(layers.Softmax(axis=[1, 2]))).activation.axis == (1, 2)


def test_prelu_is_relu_below_zero_scaled_by_its_learned_alpha(rng):
    prelu = layers.PReLU(alpha_initializer=ln.initializers.Constant(0.25))
    x = rng.normal(size=(4, 3))
    np.testing.assert_array_equal(prelu(x), np.where(x > 0, x, 0.25 * x))
    assert prelu.weight_names == ["alpha"] and prelu.alpha.shape == (3,)
    assert len(prelu.trainable_weights) == 1


def test_prelu_starts_as_a_relu_and_shares_alpha_along_shared_axes(rng):
    prelu = layers.PReLU(shared_axes=[1, 2])
    x = rng.normal(size=(4, 5, 6, 3))
    np.testing.assert_array_equal(prelu(x), np.maximum(x, 0))
    assert prelu.alpha.shape == (1, 1, 3) and prelu.count_params() == 3
    assert layers.PReLU(shared_axes=2).get_config()["shared_axes"] == [2]


def test_prelu_checks_its_input_shape():
    prelu = layers.PReLU(shared_axes=[3], name="p")
    with pytest.raises(ValueError) as caught:
        prelu.compute_output_shape((None, 4, 5))
    assert str(caught.value) == ("The shared_axes of PReLU() named 'p', for inputs of shape (None, 4, 5), "
                                 "must be an integer in [1, 2], got 3.")
    with pytest.raises(ValueError, match=r"expected inputs with a batch axis and at least one more"):
        layers.PReLU().compute_output_shape((8,))
    built = layers.PReLU(shared_axes=1, name="q")
    built.build((None, 5, 3), "float64")
    assert built.compute_output_shape((None, 9, 3)) == (None, 9, 3)  # shared: any length
    with pytest.raises(ValueError, match=r"named 'q' was built for inputs \(None, 5, 3\), got shape "
                                         r"\(None, 5, 4\)"):
        built.compute_output_shape((None, 5, 4))


def test_a_frozen_prelu_passes_the_gradient_and_keeps_alpha(rng):
    prelu = layers.PReLU(alpha_initializer=ln.initializers.Constant(0.5), trainable=False)
    prelu.build((None, 3), "float64", rng)
    x, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    prelu.forward(x)
    np.testing.assert_array_equal(prelu.backward(g), np.where(x > 0, g, 0.5 * g))
    assert prelu.grads == [] and prelu.trainable_weights == []


def test_prelu_learns_its_slope(rng):
    # Targets from a leaky unit with slope 0.3: a PReLU starting from 0 must find that slope.
    x = rng.normal(size=(256, 2))
    model = ln.Sequential([layers.Input((2,)), layers.PReLU()], dtype="float64", seed=0)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=0.5), loss="mse")
    model.fit(x, np.where(x > 0, x, 0.3 * x), epochs=40, batch_size=32, verbose=0)
    np.testing.assert_allclose(model.layers[0].alpha, [0.3, 0.3], atol=1e-3)


def test_models_with_activation_layers_are_saved_and_loaded(tmp_path, rng):
    model = ln.Sequential([
        layers.Input((2, 3)), layers.PReLU(alpha_initializer=ln.initializers.RandomUniform(0.1, 0.4),
                                           shared_axes=[1]),
        layers.Flatten(), layers.Dense(8), layers.ReLU(max_value=6.0, negative_slope=0.1),
        layers.Dense(8), layers.LeakyReLU(negative_slope=0.2), layers.Dense(8), layers.ELU(alpha=0.5),
        layers.Dense(3), layers.Softmax(),
    ], seed=0)
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    x, y = rng.normal(size=(16, 2, 3)), np.eye(3)[rng.integers(0, 3, size=16)]
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    model.save(tmp_path / "m.lucid")
    loaded = ln.load_model(tmp_path / "m.lucid")
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers]
    assert loaded.get_config() == model.get_config()
    np.testing.assert_array_equal(loaded.layers[0].alpha, model.layers[0].alpha)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
