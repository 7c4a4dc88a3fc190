"""BatchNormalization, LayerNormalization and Normalization: Keras's numbers, the training and
inference modes, state that is saved but never trained, and the errors.

Tests marked "Keras:" port a test of keras/src/layers/normalization/batch_normalization_test.py,
layer_normalization_test.py or keras/src/layers/preprocessing/normalization_test.py (Keras 3),
with the same inputs and tolerances; where Keras feeds images, the (batch, features) case is
used here, since that is what lucidnet's BatchNormalization takes.
"""

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import layers
from lucidnet.errors import NotReadyError
from lucidnet.layers.standardization import standardize_backward
from lucidnet.utils import numerical_gradient, relative_error


def gradient_errors(layer, shape, training, rng):
    """Relative errors of backward's ∂C/∂x and ∂C/∂θ against finite differences, in float64,
    for C = Σ upstream ⊙ layer(x) + Σ R(θ)."""
    layer.build((None,) + shape[1:], "float64", rng)
    x = rng.normal(size=shape)
    upstream = rng.normal(size=shape)

    def cost():
        return float((layer.forward(x, training=training) * upstream).sum()) + layer.regularization_loss()

    cost()
    errors = [relative_error(layer.backward(upstream), numerical_gradient(cost, x))]
    for param, grad in zip(layer.trainable_weights, layer.grads, strict=True):
        errors.append(relative_error(grad, numerical_gradient(cost, param)))
    return errors


# -- BatchNormalization ---------------------------------------------------------------------------
@pytest.mark.parametrize("options, trainable, non_trainable", [
    ({}, ["gamma", "beta"], ["moving_mean", "moving_variance"]),
    ({"center": False, "scale": False}, [], ["moving_mean", "moving_variance"]),
])
def test_batch_normalization_weights_as_keras_counts_them(options, trainable, non_trainable):
    # Keras: test_bn_basics (expected_num_trainable_weights 2 or 0, non-trainable 2).
    bn = layers.BatchNormalization(**options)
    bn.build((None, 3))
    names = dict(zip(map(id, bn.weights), bn.weight_names))
    assert [names[id(w)] for w in bn.trainable_weights] == trainable
    assert [names[id(w)] for w in bn.non_trainable_weights] == non_trainable


@pytest.mark.parametrize("axis", [-1, 1])
@pytest.mark.parametrize("moving_mean_initializer", ["zeros", "ones"])
@pytest.mark.parametrize("moving_variance_initializer", ["zeros", "ones"])
def test_batch_normalization_correctness_as_in_keras(axis, moving_mean_initializer,
                                                     moving_variance_initializer):
    # Keras: test_correctness.
    bn = layers.BatchNormalization(axis=axis, momentum=0,
                                   moving_mean_initializer=moving_mean_initializer,
                                   moving_variance_initializer=moving_variance_initializer)
    x = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=(5, 3))
    out = x
    for _ in range(3):
        out = bn(out, training=True)
    out = (out - bn.beta) / bn.gamma
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-3)
    np.testing.assert_allclose(out.std(axis=0), 1.0, atol=1e-3)
    np.testing.assert_allclose(bn.moving_mean, 0.0, atol=1e-3)
    np.testing.assert_allclose(bn.moving_variance, 1.0, atol=1e-3)

    # Inference before training on x does not match training on it...
    assert not np.allclose(bn(x, training=False), bn(x, training=True))
    # ...and with momentum 0, inference after training on x does.
    training_out = bn(x, training=True)
    np.testing.assert_allclose(bn(x, training=False), training_out, rtol=1e-6, atol=1e-6)


def test_frozen_batch_normalization_runs_in_inference_mode_as_in_keras():
    # Keras: test_trainable_behavior.
    bn = layers.BatchNormalization(axis=-1, momentum=0.8, epsilon=1e-7)
    bn.build((None, 3))
    bn.trainable = False
    assert (len(bn.weights), len(bn.trainable_weights), len(bn.non_trainable_weights)) == (4, 0, 4)
    x = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=(200, 3))
    np.testing.assert_allclose(bn(x, training=True), x, rtol=1e-6)  # moving μ = 0, σ² = 1

    bn.trainable = True
    assert (len(bn.weights), len(bn.trainable_weights), len(bn.non_trainable_weights)) == (4, 2, 2)
    for _ in range(10):
        out = bn(x, training=True)
    out = (out - bn.beta) / bn.gamma
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-3)
    np.testing.assert_allclose(out.std(axis=0), 1.0, atol=1e-3)


def test_batch_normalization_of_a_constant_batch_as_in_keras():
    # Keras: test_masked_broadcast_normalization, with every example kept.
    bn = layers.BatchNormalization(axis=-1, momentum=0.0, epsilon=1e-3)
    y = bn(np.ones((2, 4), dtype=np.float32), training=True)
    np.testing.assert_allclose(y, 0.0, atol=1e-6)
    np.testing.assert_allclose(bn.moving_mean, 1.0, atol=1e-6)
    np.testing.assert_allclose(bn.moving_variance, 0.0, atol=1e-6)


def test_moving_statistics_follow_the_batch_with_keras_momentum_and_biased_variance(rng):
    bn = layers.BatchNormalization(momentum=0.9)
    bn.build((None, 3), "float64")
    x = rng.normal(loc=2.0, scale=3.0, size=(8, 3))
    bn(x, training=True)
    np.testing.assert_allclose(bn.moving_mean, 0.9 * 0 + 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(bn.moving_variance, 0.9 * 1 + 0.1 * x.var(axis=0, ddof=0))


def test_batch_normalization_uses_the_batch_in_training_and_the_moving_statistics_otherwise(rng):
    bn = layers.BatchNormalization(epsilon=1e-3)
    bn.build((None, 2), "float64", rng)
    bn.set_weights([np.array([2.0, 0.5]), np.array([1.0, -1.0]),   # γ, β
                    np.array([3.0, -4.0]), np.array([4.0, 0.25])])  # moving μ, σ²
    x = rng.normal(size=(6, 2))
    gamma, beta = np.array([2.0, 0.5]), np.array([1.0, -1.0])
    inference = gamma * (x - [3.0, -4.0]) / np.sqrt(np.array([4.0, 0.25]) + 1e-3) + beta
    np.testing.assert_allclose(bn(x), inference)
    training = gamma * (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3) + beta
    np.testing.assert_allclose(bn(x, training=True), training)


@pytest.mark.parametrize("options", [
    {"center": False}, {"scale": False}, {"center": False, "scale": False},
    {"momentum": 0.0, "epsilon": 0.5},
], ids=["no beta", "no gamma", "neither", "large epsilon"])
@pytest.mark.parametrize("training", [False, True])
def test_batch_normalization_backward_matches_finite_differences(options, training, rng):
    assert max(gradient_errors(layers.BatchNormalization(**options), (5, 3), training, rng)) < 1e-6


def test_frozen_batch_normalization_backward_is_the_inference_one_and_gives_no_gradients(rng):
    bn = layers.BatchNormalization(trainable=False)
    errors = gradient_errors(bn, (5, 3), training=True, rng=rng)
    assert len(errors) == 1 and errors[0] < 1e-6 and bn.grads == []


def test_the_training_backward_is_the_standard_formula(rng):
    # ∂C/∂x = (γ/(N·√(σ² + ε)))·(N·g − Σg − x̂·Σ(g ⊙ x̂)), Ioffe and Szegedy 2015.
    bn = layers.BatchNormalization(gamma_initializer=ln.initializers.Constant(1.5))
    bn.build((None, 3), "float64", rng)
    x, g = rng.normal(size=(7, 3)), rng.normal(size=(7, 3))
    bn.forward(x, training=True)
    n, std = len(x), np.sqrt(x.var(0) + bn.epsilon)
    x_hat = (x - x.mean(0)) / std
    expected = 1.5 / (n * std) * (n * g - g.sum(0) - x_hat * (g * x_hat).sum(0))
    np.testing.assert_allclose(bn.backward(g), expected)
    np.testing.assert_allclose(bn.grads[0], (g * x_hat).sum(0))   # ∂C/∂γ
    np.testing.assert_allclose(bn.grads[1], g.sum(0))             # ∂C/∂β
    np.testing.assert_allclose(standardize_backward(1.5 * g, x_hat, 1 / std, axes=0), expected)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_batch_normalization_keeps_the_dtype(dtype, rng):
    bn = layers.BatchNormalization()
    bn.build((None, 3), dtype)
    x = rng.normal(size=(4, 3)).astype(dtype)
    assert bn(x, training=True).dtype == dtype and bn(x).dtype == dtype
    assert {w.dtype.name for w in bn.weights} == {dtype}
    bn.forward(x, training=True)
    assert bn.backward(x).dtype == dtype and {g.dtype.name for g in bn.grads} == {dtype}


def test_batch_normalization_of_images_normalizes_each_channel():
    # Keras computes BatchNormalization's statistics per channel, over the batch and every
    # other axis (batch_normalization_test.py::test_correctness): (N, H, W, C) inputs give C
    # means and variances, and each channel of the output has mean 0 and variance 1.
    x = np.random.default_rng(0).normal(5.0, 10.0, size=(8, 4, 4, 3))
    bn = layers.BatchNormalization(momentum=0.0, epsilon=1e-7, name="bn")
    y = np.asarray(bn(x, training=True))
    assert bn.moving_mean.shape == (3,) and bn.gamma.shape == (3,)
    np.testing.assert_allclose(bn.moving_mean, x.mean(axis=(0, 1, 2)), rtol=1e-10)
    np.testing.assert_allclose(y.mean(axis=(0, 1, 2)), 0.0, atol=1e-10)
    np.testing.assert_allclose(y.std(axis=(0, 1, 2)), 1.0, atol=1e-6)


@pytest.mark.parametrize("axis, words", [(0, "is the batch axis"), (2, "is outside them"),
                                         (-3, "is outside them")])
def test_batch_normalization_axis_must_be_the_features(axis, words):
    with pytest.raises(ValueError) as error:
        layers.BatchNormalization(axis=axis, name="bn").compute_output_shape((None, 4))
    assert str(error.value) == (
        f"BatchNormalization() named 'bn' has axis {axis}, which {words}: its inputs of shape "
        f"(None, 4) have axes 1 to 1 (or -1 to -1) besides the batch axis 0.")


def test_built_batch_normalization_names_the_features_it_expected():
    bn = layers.BatchNormalization(name="bn")
    bn.build((None, 4))
    with pytest.raises(ValueError, match=r"named 'bn' was built for inputs of shape \(None, 4\), "
                                         r"got shape \(8, 5\)"):
        bn(np.zeros((8, 5)))


@pytest.mark.parametrize("momentum", [-0.1, 1.5])
def test_batch_normalization_momentum_outside_zero_one_is_refused(momentum):
    # Keras: test_invalid_momentum (0 and 1 themselves are accepted).
    with pytest.raises(ValueError, match=rf"BatchNormalization momentum must be a number in "
                                         rf"\[0, 1\], got {momentum}"):
        layers.BatchNormalization(momentum=momentum)
    layers.BatchNormalization(momentum=0.0)
    layers.BatchNormalization(momentum=1.0)


@pytest.mark.parametrize("options, message", [
    ({"epsilon": 0}, "BatchNormalization epsilon must be a number > 0, got 0."),
    ({"center": "yes"}, "BatchNormalization center must be True or False, got 'yes'."),
    ({"scale": 1}, "BatchNormalization scale must be True or False, got 1."),
    ({"axis": 1.0}, "BatchNormalization axis must be an integer, got 1.0."),
    ({"gamma_initializer": "onez"}, "gamma_initializer='onez': Unknown initializer 'onez'"),
    ({"synchronized": True}, "BatchNormalization synchronized=True (batch statistics summed"),
])
def test_batch_normalization_arguments_are_checked(options, message):
    with pytest.raises(ValueError) as error:
        layers.BatchNormalization(**options)
    assert str(error.value).startswith(message)


# -- LayerNormalization ---------------------------------------------------------------------------
def test_layer_normalization_output_as_in_keras():
    # Keras: test_output and test_output_with_rms_scaling.
    x = np.arange(5).astype("float32")[None, :]
    out = layers.LayerNormalization(beta_initializer="ones", gamma_initializer="ones")(x)
    np.testing.assert_allclose(out, [[-0.41386, 0.29307, 1.0, 1.70693, 2.41386]], rtol=1e-5)
    out = layers.LayerNormalization(rms_scaling=True, gamma_initializer="ones")(x)
    np.testing.assert_allclose(out, [[0.0, 0.70693, 1.41386, 2.12079, 2.82772]], rtol=1e-5)
    assert out.dtype == np.float32


def test_layer_normalization_correctness_as_in_keras():
    # Keras: test_correctness.
    layer = layers.LayerNormalization()
    x = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=(1000, 2, 2, 2)).astype("float32")
    out = (layer(x) - layer.beta) / layer.gamma
    assert abs(out.mean()) < 1e-1 and abs(out.std() - 1.0) < 1e-1


@pytest.mark.parametrize("options, shape, gamma_shape, trainable", [
    ({}, (3, 4, 2), (2,), 2),
    ({"scale": False, "center": False}, (3, 3), None, 0),
    ({"rms_scaling": True}, (3, 3), (3,), 1),
    ({"axis": (-3, -2, -1)}, (2, 8, 8, 3), (8, 8, 3), 2),
])
def test_layer_normalization_weights_as_keras_counts_them(options, shape, gamma_shape, trainable):
    # Keras: test_ln_basics.
    layer = layers.LayerNormalization(**options)
    assert layer(np.zeros(shape)).shape == shape
    assert len(layer.trainable_weights) == trainable and layer.non_trainable_weights == []
    assert (None if layer.gamma is None else layer.gamma.shape) == gamma_shape


def test_layer_normalization_is_the_same_in_training_and_inference(rng):
    layer = layers.LayerNormalization()
    x = rng.normal(size=(4, 6))
    np.testing.assert_array_equal(layer(x, training=True), layer(x))


def test_layer_normalization_axes_in_any_order_as_in_keras(rng):
    # Keras: test_unsorted_axis.
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    np.testing.assert_allclose(layers.LayerNormalization(axis=[-2, -1])(x),
                               layers.LayerNormalization(axis=[-1, -2])(x))


@pytest.mark.parametrize("options", [
    {"axis": 1}, {"axis": [1, 2]}, {"rms_scaling": True}, {"rms_scaling": True, "axis": 2},
    {"center": False}, {"scale": False}, {"trainable": False},
    {"gamma_regularizer": "l2", "beta_regularizer": "l1"},
], ids=lambda options: ",".join(f"{k}={v}" for k, v in options.items()))
def test_layer_normalization_backward_matches_finite_differences(options, rng):
    assert max(gradient_errors(layers.LayerNormalization(**options), (4, 3, 5), False, rng)) < 1e-6


@pytest.mark.parametrize("axis", [2, 99, -3, -99, [0, 99], 0])
def test_layer_normalization_axis_outside_the_features_is_refused(axis):
    # Keras: test_out_of_bounds_axis (and the batch axis, which lucidnet never normalizes).
    with pytest.raises(ValueError, match=r"LayerNormalization\(\) named 'ln' has axis -?\d+, which "
                                         r"is (outside them|the batch axis): its inputs of shape "
                                         r"\(2, 4\) have axes 1 to 1"):
        layers.LayerNormalization(axis=axis, name="ln")(np.zeros((2, 4), dtype="float32"))


def test_layer_normalization_axis_of_the_wrong_type_is_refused():
    # Keras: test_invalid_axis.
    with pytest.raises(ValueError, match="LayerNormalization axis must be an integer or a list of "
                                         "distinct integers, got {'axis': -1}"):
        layers.LayerNormalization(axis={"axis": -1})


def test_layer_normalization_keeps_axis_as_keras_does():
    assert layers.LayerNormalization(axis=np.int64(-1)).get_config()["axis"] == -1
    assert layers.LayerNormalization(axis=(1, 2)).get_config()["axis"] == [1, 2]


# -- Normalization --------------------------------------------------------------------------------
ADAPT_DATA = np.array([[0.0, 7.0, 4.0], [2.0, 9.0, 6.0], [0.0, 7.0, 4.0], [2.0, 9.0, 6.0]],
                      dtype="float32")


def adapted(data=ADAPT_DATA, **options):
    layer = layers.Normalization(**options)
    layer.adapt(data)
    return layer


def test_normalization_docstring_examples_of_keras():
    # Keras: the examples of Normalization's docstring.
    scalar = adapted(np.array([1.0, 2.0, 3.0, 4.0, 5.0], dtype="float32"), axis=None)
    np.testing.assert_allclose(scalar(np.array([1.0, 2.0, 3.0], dtype="float32")),
                               [-1.4142135, -0.70710677, 0.0], rtol=1e-6)
    per_feature = adapted(axis=-1)
    np.testing.assert_allclose(per_feature(np.array([[0.0, 7.0, 4.0]], dtype="float32")),
                               [[-1.0, -1.0, -1.0]])
    given = layers.Normalization(mean=3.0, variance=2.0)
    np.testing.assert_allclose(given(np.array([[1.0], [2.0], [3.0]], dtype="float32")),
                               [[-1.4142135], [-0.70710677], [0.0]], rtol=1e-6)
    inverse = adapted(axis=-1, invert=True)
    np.testing.assert_allclose(inverse(np.array([[1.0, 2.0, 3.0]], dtype="float32")),
                               [[2.0, 10.0, 8.0]])


def test_normalization_adapt_as_in_keras(rng):
    # Keras: test_normalization_adapt, with a NumPy array.
    x = rng.random((32, 4))
    layer = adapted(x)
    out = layer(x)
    np.testing.assert_allclose(out.var(axis=0), 1.0, atol=1e-5)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-5)

    x = rng.random((32, 4, 3, 5))
    layer = adapted(x, axis=(1, 2))
    out = layer(x)
    np.testing.assert_allclose(out.var(axis=(0, 3)), 1.0, atol=1e-5)
    np.testing.assert_allclose(out.mean(axis=(0, 3)), 0.0, atol=1e-5)


def test_adapted_statistics_are_state_and_given_ones_are_not():
    # Keras: test_normalization_basics (3 non-trainable weights when adapted, none when given).
    layer = adapted()
    layer.build((None, 3), "float32")
    assert layer.weight_names == ["mean", "variance", "count"]
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 3
    np.testing.assert_allclose(layer.weights[0], [1.0, 8.0, 5.0])
    np.testing.assert_allclose(layer.weights[1], [1.0, 1.0, 1.0])
    assert layer.weights[2] == 4   # each statistic from 4 values
    given = layers.Normalization(mean=[0.5, 0.2, -0.1], variance=[0.1, 0.2, 0.3])
    given.build((None, 3))
    assert given.weights == []


def test_normalization_mean_and_variance_broadcast_as_keras_shows_them():
    layer = adapted()
    assert layer.mean.shape == (1, 3) and layer.variance.shape == (1, 3)
    assert layers.Normalization().mean is None


def test_adapt_on_an_unbuilt_layer_waits_for_the_models_dtype(rng):
    x = rng.normal(loc=50.0, scale=10.0, size=(64, 3))  # float64, as pandas gives
    layer = adapted(x)
    assert not layer.built
    model = ln.Sequential([ln.Input((3,)), layer, ln.Dense(2)], dtype="float32", seed=0)
    assert [w.dtype.name for w in layer.weights] == ["float32"] * 3
    np.testing.assert_allclose(layer.weights[0], x.mean(axis=0), rtol=1e-6)
    assert model.predict(x, verbose=0).dtype == np.float32


def test_adapt_on_a_built_layer_overwrites_the_statistics_in_place(rng):
    model = ln.Sequential([ln.Input((2,)), layers.Normalization(), ln.Dense(1)], dtype="float64",
                          seed=0)
    layer = model.layers[0]
    mean = layer.weights[0]
    x = rng.normal(loc=[1.0, -3.0], scale=[2.0, 0.5], size=(40, 2))
    layer.adapt(x)
    assert layer.weights[0] is mean
    np.testing.assert_allclose(mean, x.mean(axis=0))
    np.testing.assert_allclose(layer.weights[1], x.var(axis=0))


def test_a_constant_feature_is_shifted_to_zero_not_divided_by_zero():
    layer = adapted(np.array([[1.0, 5.0], [3.0, 5.0]]))
    np.testing.assert_array_equal(layer(np.array([[1.0, 5.0]])), [[-1.0, 0.0]])


def test_given_statistics_line_up_with_the_kept_axes_from_the_right():
    layer = layers.Normalization(axis=(1, 2), mean=[1.0, 2.0, 3.0], variance=[4.0, 4.0, 4.0])
    out = layer(np.full((2, 4, 3), 3.0))
    np.testing.assert_allclose(out[0, 0], [1.0, 0.5, 0.0])
    unbuilt = layers.Normalization(axis=(1, 2), mean=[1.0, 2.0, 3.0], variance=[4.0, 4.0, 4.0])
    with pytest.raises(ValueError, match=r"was given mean and variance of shape \(3,\), which do not "
                                         r"broadcast to the \(4, 5\) values its axis \(1, 2\) keeps"):
        unbuilt.compute_output_shape((None, 4, 5))


def test_using_normalization_before_adapt_is_a_clear_error(rng):
    layer = layers.Normalization(name="features")
    with pytest.raises(NotReadyError) as error:
        layer(np.zeros((2, 3)))
    assert str(error.value) == (
        "Normalization() named 'features' has no mean and variance yet: call its adapt(data) with "
        "the training features before training or predicting, or construct it with mean= and "
        "variance=.")
    model = ln.Sequential([ln.Input((3,)), layers.Normalization(), ln.Dense(2)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(NotReadyError, match="has no mean and variance yet"):
        model.fit(rng.normal(size=(8, 3)), rng.normal(size=(8, 2)), verbose=0)


@pytest.mark.parametrize("options, error, message", [
    ({"mean": 0.5}, ValueError, "Normalization needs both mean and variance, or neither"),
    ({"variance": 0.1}, ValueError, "Normalization needs both mean and variance, or neither"),
    ({"mean": [1.0, 2.0], "variance": [1.0]}, ValueError,
     "Normalization mean and variance must have the same shape, got shapes (2,) and (1,)."),
    ({"mean": [[1.0]], "variance": [[1.0]]}, ValueError,
     "Normalization mean and variance may have at most one axis per kept axis (1 for axis=(-1,)), "
     "got shape (1, 1)."),
    ({"mean": 0.0, "variance": -1.0}, ValueError,
     "Normalization variance must be >= 0 everywhere, got -1.0."),
    ({"mean": "a", "variance": 1.0}, TypeError,
     "Normalization mean must be a number or an array of numbers, got 'a'."),
    ({"mean": float("nan"), "variance": 1.0}, ValueError, "Normalization mean contains 1 NaN"),
    ({"axis": 1.5}, ValueError, "Normalization axis must be an integer or a list of distinct"),
    ({"invert": "no"}, ValueError, "Normalization invert must be True or False, got 'no'."),
])
def test_normalization_arguments_are_checked(options, error, message):
    # Keras: test_normalization_with_mean_only_raises_error and ..._variance_only_...
    with pytest.raises(error) as caught:
        layers.Normalization(**options)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("axis, shape", [(3, (None, 2)), (-4, (None, 2, 3))])
def test_normalization_axis_outside_the_input_is_refused(axis, shape):
    # Keras: test_normalization_axis_too_high and test_normalization_axis_too_low.
    with pytest.raises(ValueError, match=rf"has axis {axis}, which is outside them"):
        layers.Normalization(axis=axis).build(shape)


def test_adapt_with_incompatible_data_is_refused():
    # Keras: test_normalization_adapt_with_incompatible_shape.
    layer = layers.Normalization(axis=-1, name="n")
    layer.build((None, 5))
    with pytest.raises(ValueError, match=r"'n' was built for inputs of shape \(None, 5\), and "
                                         r"adapt\(\) got data of an incompatible shape \(10, 3\)"):
        layer.adapt(np.random.default_rng(0).random((10, 3)))


def test_an_adapted_layer_refuses_inputs_of_other_sizes():
    layer = adapted(name="n")
    with pytest.raises(ValueError, match=r"'n' was adapted to data with \(3,\) values along its axis "
                                         r"\(-1,\), but receives inputs of shape \(None, 4\)"):
        ln.Sequential([ln.Input((4,)), layer])


@pytest.mark.parametrize("data, error, message", [
    ("abc", TypeError, "adapt() data must be a numeric array, got str"),
    (np.zeros((0, 3)), ValueError, "adapt() data holds no values: its shape is (0, 3)."),
    (np.array([[1.0, np.inf]]), ValueError, "adapt() data contains 1 NaN or infinite value(s)"),
])
def test_adapt_checks_its_data(data, error, message):
    with pytest.raises(error) as caught:
        layers.Normalization().adapt(data)
    assert str(caught.value).startswith(message)


def test_adapt_is_refused_when_the_statistics_were_given():
    with pytest.raises(ValueError, match="was given mean and variance, so adapt"):
        layers.Normalization(mean=0.0, variance=1.0).adapt(np.ones((2, 1)))


def test_normalization_config_round_trips_the_given_statistics_as_keras_writes_them():
    layer = layers.Normalization(axis=None, mean=np.float32(3.0), variance=np.array(2.0))
    config = layer.get_config()
    assert config["axis"] == () and config["mean"] == 3.0 and config["variance"] == 2.0
    assert layers.Normalization.from_config(config).get_config() == config


# -- in a model -----------------------------------------------------------------------------------
def toy_problem(seed=0, n=600):
    """Three classes from two features on very different scales (and two noise features)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)) * [1000.0, 0.01, 50.0, 1.0] + [5000.0, -3.0, 0.0, 10.0]
    score = (x[:, 0] - 5000.0) / 1000.0 + (x[:, 1] + 3.0) / 0.01
    y = np.digitize(score, [-0.8, 0.8])
    return x, y


def normalized_classifier(x, seed=0):
    normalizer = layers.Normalization()
    normalizer.adapt(x)
    model = ln.Sequential([ln.Input((4,)), normalizer, ln.Dense(16, activation="relu"),
                           layers.BatchNormalization(), ln.Dense(3, activation="softmax")],
                          seed=seed)
    model.compile(optimizer=ln.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def test_a_normalized_model_learns_features_on_very_different_scales():
    x, y = toy_problem()
    x_test, y_test = toy_problem(seed=1, n=300)
    model = normalized_classifier(x)
    model.fit(x, y, epochs=20, batch_size=32, verbose=0)
    assert model.evaluate(x_test, y_test, verbose=0)[1] > 0.9


def test_a_normalized_model_file_round_trips_with_its_statistics(tmp_path):
    x, y = toy_problem()
    model = normalized_classifier(x)
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    model.save(tmp_path / "m.lucid")
    loaded = ln.load_model(tmp_path / "m.lucid")
    for name in ("normalization_1", "batch_normalization_1"):
        saved, restored = model.get_layer(name), loaded.get_layer(name)
        assert restored.weight_names == saved.weight_names
        for a, b in zip(saved.weights, restored.weights, strict=True):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_a_normalized_model_resumes_exactly_from_its_file(tmp_path):
    x, y = toy_problem()

    def model():
        m = normalized_classifier(x)
        m.add(layers.GaussianNoise(0.1, seed=5))   # a generator of its own, recorded in the file
        return m

    straight = model()
    straight.fit(x, y, epochs=3, batch_size=64, verbose=0)
    first = model()
    first.fit(x, y, epochs=2, batch_size=64, verbose=0)
    first.save(tmp_path / "m.lucid")
    resumed = ln.load_model(tmp_path / "m.lucid")
    resumed.fit(x, y, epochs=3, initial_epoch=2, batch_size=64, verbose=0)
    for a, b in zip(straight.weights, resumed.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_fit_moves_the_moving_statistics_but_a_frozen_layer_keeps_them():
    x, y = toy_problem()
    model = normalized_classifier(x)
    bn = model.get_layer("batch_normalization_1")
    initial = [w.copy() for w in bn.non_trainable_weights]
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert not np.array_equal(bn.moving_mean, initial[0])

    bn.trainable = False
    frozen = bn.get_weights()
    dense = model.get_layer("dense_1").get_weights()
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    for before, after in zip(frozen, bn.get_weights(), strict=True):
        np.testing.assert_array_equal(before, after)
    assert not np.array_equal(dense[0], model.get_layer("dense_1").kernel)


def test_statistics_never_reach_the_optimizer_and_count_as_non_trainable():
    x, y = toy_problem()
    model = normalized_classifier(x)
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    normalizer = model.get_layer("normalization_1")
    np.testing.assert_allclose(normalizer.weights[0], x.mean(axis=0), rtol=1e-6)  # not trained
    # Dense(16): kernel, bias; BatchNormalization: γ, β; Dense(3): kernel, bias.
    state = model.optimizer.get_state()
    assert sorted(state) == ["iterations"] + sorted(f"{slot}/{k}" for slot in "mv" for k in range(6))
    shapes = [state[f"m/{k}"].shape for k in range(6)]
    assert shapes == [(4, 16), (16,), (16,), (16,), (16, 3), (3,)]
    lines = []
    model.summary(print_fn=lines.append)
    # Normalization: 4 means + 4 variances + 1 count; BatchNormalization: 16 + 16 moving.
    assert "Non-trainable params: 41" in lines[0]
    assert "Trainable params: 163" in lines[0]     # (4·16 + 16) + (16 + 16) + (16·3 + 3)


def test_every_normalization_and_its_settings_survive_the_model_file(tmp_path, rng):
    model = ln.Sequential([
        ln.Input((3, 4)), layers.LayerNormalization(axis=1, epsilon=0.01, rms_scaling=True),
        ln.Flatten(), layers.Normalization(axis=None, mean=0.5, variance=4.0, invert=True),
        layers.GaussianNoise(0.2, seed=1), ln.Dense(2),
    ], dtype="float64", seed=0)
    model.compile(optimizer="sgd", loss="mse")
    x = rng.normal(size=(16, 3, 4))
    model.fit(x, rng.normal(size=(16, 2)), epochs=2, batch_size=4, verbose=0)
    model.save(tmp_path / "m.lucid")
    loaded = ln.load_model(tmp_path / "m.lucid")
    assert loaded.get_config() == model.get_config()
    for a, b in zip(model.weights, loaded.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


@pytest.mark.parametrize("options", [
    {"invert": True, "mean": [1.0, -2.0, 0.5], "variance": [4.0, 0.25, 1.0]},
    {"axis": None, "mean": 2.0, "variance": 9.0},
], ids=["inverted", "one scalar"])
def test_normalization_backward_matches_finite_differences(options, rng):
    assert max(gradient_errors(layers.Normalization(**options), (4, 3), False, rng)) < 1e-6
