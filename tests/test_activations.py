import inspect
import math
import warnings

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import activations
from lucidnet.activations import ACTIVATIONS
from lucidnet.registry import serialize
from lucidnet.utils import numerical_gradient, relative_error

# Every registered class once (aliases point to the same class), plus non-default settings.
INSTANCES = {cls.registry_name: cls() for _, cls in ACTIVATIONS.items()}
INSTANCES["sigmoid(c=2,beta=3)"] = activations.Sigmoid(scale=2.0, steepness=3.0)
INSTANCES["leaky_relu(0.05)"] = activations.LeakyReLU(negative_slope=0.05)
INSTANCES["elu(0.5)"] = activations.ELU(alpha=0.5)
INSTANCES["celu(0.5)"] = activations.CELU(alpha=0.5)
INSTANCES["gelu(tanh)"] = activations.GELU(approximate=True)
# The options of relu, with their kinks on those away_from_kinks avoids (0 and ±3).
INSTANCES["relu(slope=0.1,max=3)"] = activations.ReLU(negative_slope=0.1, max_value=3.0)
INSTANCES["relu(slope=0.25,threshold=3)"] = activations.ReLU(negative_slope=0.25, threshold=3.0)
INSTANCES["relu(max=0)"] = activations.ReLU(max_value=0.0)
INSTANCES["softmax(axis=0)"] = activations.Softmax(axis=0)
INSTANCES["log_softmax(axis=0)"] = activations.LogSoftmax(axis=0)
INSTANCES["log_softmax(axes=0,1)"] = activations.LogSoftmax(axis=(0, 1))
INSTANCES["softmax(axes=1,0)"] = activations.Softmax(axis=[1, 0])


def away_from_kinks(rng, shape):
    """Inputs in [-3.5, 3.5] kept 1e-2 away from the kinks at 0 and ±3 (ReLU, hard sigmoid)."""
    z = rng.uniform(-3.5, 3.5, shape)
    for kink in (-3.0, 0.0, 3.0):
        near = np.abs(z - kink) < 1e-2
        z[near] += 2e-2
    return z


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_backward_matches_finite_differences(name, rng):
    activation = INSTANCES[name]
    z = away_from_kinks(rng, (4, 5))
    upstream = rng.normal(size=z.shape)  # ∂C/∂a from the layer above

    a = activation.forward(z)
    analytic = activation.backward(z, a, upstream)
    numeric = numerical_gradient(lambda: float((activation.forward(z) * upstream).sum()), z)

    assert relative_error(analytic, numeric) < 1e-6


@pytest.mark.parametrize("name", sorted(n for n, a in INSTANCES.items() if a.elementwise))
def test_derivative_is_the_elementwise_factor_of_backward(name, rng):
    activation = INSTANCES[name]
    z = away_from_kinks(rng, (3, 4))
    a = activation.forward(z)
    upstream = rng.normal(size=z.shape)
    np.testing.assert_allclose(
        activation.backward(z, a, upstream), upstream * activation.derivative(z, a), rtol=1e-12
    )


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_float32_in_float32_out(name, rng):
    activation = INSTANCES[name]
    z = away_from_kinks(rng, (3, 4)).astype(np.float32)
    a = activation.forward(z)
    assert a.dtype == np.float32
    assert activation.backward(z, a, np.ones_like(z)).dtype == np.float32


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_forward_in_place_gives_the_values_of_forward_bit_for_bit(name, dtype, rng):
    activation = INSTANCES[name]
    z = np.concatenate([away_from_kinks(rng, (3, 4)), [[-1e4, 0.0, 1e4, -0.0]]]).astype(dtype)
    with np.errstate(over="ignore"):  # exponential overflows to inf, both ways alike
        expected = activation.forward(z.copy())
        a = activation.forward_in_place(z)
    assert a.dtype == np.dtype(dtype) and a.shape == expected.shape
    np.testing.assert_array_equal(a, expected)
    assert np.array_equal(np.signbit(a), np.signbit(expected))


@pytest.mark.parametrize("name", ["relu", "tanh", "softmax", "softmax(axis=0)", "softmax(axes=1,0)"])
def test_forward_in_place_overwrites_z_where_the_formula_allows(name, rng):
    z = rng.normal(size=(3, 4))
    assert INSTANCES[name].forward_in_place(z) is z


def test_softmax_into_a_new_array_leaves_z_as_it_was():
    z = np.array([[0.3, 0.6]])
    a = activations.formulas.softmax_into(z)
    assert a is not z and z.tolist() == [[0.3, 0.6]]
    np.testing.assert_array_equal(a, activations.softmax(z))


@pytest.mark.parametrize("name", sorted(n for n, a in INSTANCES.items() if not a.overflows))
def test_extreme_inputs_stay_finite(name):
    activation = INSTANCES[name]
    z = np.array([[-1e4, -50.0, 0.5, 50.0, 1e4]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = activation.forward(z)
        grad = activation.backward(z, a, np.ones_like(z))
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(grad))


@pytest.mark.parametrize("name", sorted(n for n, a in INSTANCES.items() if a.overflows))
def test_an_activation_that_overflows_is_finite_up_to_the_largest_float(name):
    activation = INSTANCES[name]
    limit = math.log(np.finfo(np.float32).max)  # e^z overflows float32 above z ≈ 88.72
    z = np.array([-1e4, -50.0, 0.5, 50.0, limit - 0.01], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = activation.forward(z)
        grad = activation.backward(z, a, np.ones_like(z))
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(grad))
    with np.errstate(over="ignore"):
        assert activation.forward(np.array([limit + 0.01], dtype=np.float32))[0] == np.inf


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_config_round_trip(name):
    activation = INSTANCES[name]
    clone = activations.get(serialize(activation))
    assert type(clone) is type(activation)
    assert clone.get_config() == activation.get_config()


def test_sigmoid_of_zero_is_one_half():
    assert activations.get("sigmoid")(np.array(0.0)) == 0.5


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    sigmoid = activations.Sigmoid()
    z = np.array([-2.0, 0.0, 1.5])
    s = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(sigmoid.derivative(z, sigmoid(z)), s * (1 - s), rtol=1e-12)


def test_sigmoid_scale_and_steepness_follow_c_over_one_plus_exp():
    sigmoid = activations.Sigmoid(scale=2.0, steepness=3.0)
    z = np.array([-1.0, 0.0, 0.4])
    np.testing.assert_allclose(sigmoid(z), 2.0 / (1 + np.exp(-3.0 * z)), rtol=1e-12)


def test_tanh_is_twice_sigmoid_of_twice_z_minus_one():
    z = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(
        activations.get("tanh")(z), 2 * activations.get("sigmoid")(2 * z) - 1, atol=1e-12
    )


def test_softmax_known_values():
    np.testing.assert_allclose(
        activations.get("softmax")(np.array([0.3, 0.6])), [0.4255, 0.5745], atol=1e-4  # the tutorial truncates to 4 places
    )


def test_softmax_rows_sum_to_one_and_survive_huge_logits():
    a = activations.get("softmax")(np.array([[1000.0, 1001.0, 999.0], [-5.0, 0.0, 5.0]]))
    np.testing.assert_allclose(a.sum(axis=-1), 1.0)
    assert np.all(np.isfinite(a))


def test_softmax_jacobian_is_diag_a_minus_a_a_transposed():
    softmax = activations.Softmax()
    z = np.array([0.1, -0.4, 0.8])
    a = softmax(z)
    np.testing.assert_allclose(softmax.jacobian(z), np.diag(a) - np.outer(a, a), atol=1e-15)


def test_softmax_jacobian_matches_finite_differences(rng):
    softmax = activations.Softmax()
    z = rng.normal(size=4)
    jacobian = softmax.jacobian(z)
    for j in range(4):
        column = numerical_gradient(lambda: float(softmax.forward(z)[j]), z)
        np.testing.assert_allclose(jacobian[j], column, atol=1e-9)


def test_softmax_backward_is_the_vector_jacobian_product(rng):
    softmax = activations.Softmax()
    z = rng.normal(size=(3, 5))
    upstream = rng.normal(size=(3, 5))
    expected = np.einsum("ni,nij->nj", upstream, softmax.jacobian(z))
    np.testing.assert_allclose(softmax.backward(z, softmax(z), upstream), expected, atol=1e-14)


def test_softmax_has_no_elementwise_derivative():
    with pytest.raises(TypeError, match="jacobian"):
        activations.Softmax().derivative(np.zeros(3), np.ones(3) / 3)


def test_step_outputs_zero_or_one_and_passes_no_gradient():
    step = activations.get("step")
    z = np.array([-2.0, -0.1, 0.1, 3.0])
    np.testing.assert_array_equal(step(z), [0, 0, 1, 1])
    np.testing.assert_array_equal(step.backward(z, step(z), np.ones(4)), 0)


@pytest.mark.parametrize(
    "name, z, expected",
    [
        ("relu", [-1.0, 0.0, 2.0], [0.0, 0.0, 2.0]),
        ("relu6", [-1.0, 2.0, 6.0, 7.5], [0.0, 2.0, 6.0, 6.0]),
        ("leaky_relu", [-1.0, 2.0], [-0.2, 2.0]),
        ("celu", [-1.0, 2.0], [math.exp(-1) - 1, 2.0]),
        ("hard_silu", [-4.0, -3.0, 1.5, 3.0, 4.0], [0.0, 0.0, 1.125, 3.0, 4.0]),
        ("mish", [1.0], [math.tanh(math.log1p(math.e))]),
        ("exponential", [0.0, 1.0], [1.0, math.e]),
        ("log_softmax", [0.0, math.log(3.0)], [-math.log(4.0), math.log(3.0) - math.log(4.0)]),
        ("elu", [-1.0, 2.0], [math.exp(-1) - 1, 2.0]),
        ("selu", [1.0], [1.0507009873554805]),
        ("softplus", [0.0], [math.log(2.0)]),
        ("softsign", [1.0, -3.0], [0.5, -0.75]),
        ("hard_sigmoid", [-4.0, 0.0, 1.5, 4.0], [0.0, 0.5, 0.75, 1.0]),
        ("swish", [1.0], [1 / (1 + math.exp(-1))]),
        ("gelu", [1.0], [0.8413447460685429]),
        ("linear", [-2.5], [-2.5]),
    ],
)
def test_known_values(name, z, expected):
    np.testing.assert_allclose(activations.get(name)(np.array(z)), expected, rtol=1e-12, atol=1e-15)


def test_gelu_tanh_approximation_is_close_to_exact():
    z = np.linspace(-4, 4, 81)
    exact, approx = activations.GELU()(z), activations.GELU(approximate=True)(z)
    assert np.max(np.abs(exact - approx)) < 1e-3


def test_aliases_resolve_to_the_same_function():
    assert isinstance(activations.get("silu"), activations.Swish)
    assert isinstance(activations.get("logistic"), activations.Sigmoid)
    assert isinstance(activations.get("hard_swish"), activations.HardSiLU)
    assert isinstance(activations.get(None), activations.Linear)


#: Keras 3's registry names of the activations lucidnet has (keras.activations.ALL_OBJECTS_DICT).
KERAS_NAMES = {
    "relu": activations.ReLU, "leaky_relu": activations.LeakyReLU, "relu6": activations.ReLU6,
    "softmax": activations.Softmax, "celu": activations.CELU, "elu": activations.ELU,
    "selu": activations.SELU, "softplus": activations.Softplus, "softsign": activations.Softsign,
    "silu": activations.Swish, "swish": activations.Swish, "gelu": activations.GELU,
    "tanh": activations.Tanh, "sigmoid": activations.Sigmoid, "exponential": activations.Exponential,
    "hard_sigmoid": activations.HardSigmoid, "hard_silu": activations.HardSiLU,
    "hard_swish": activations.HardSiLU, "linear": activations.Linear, "mish": activations.Mish,
    "log_softmax": activations.LogSoftmax,
}


@pytest.mark.parametrize("name", sorted(KERAS_NAMES))
def test_keras_names_resolve_to_the_activation_keras_means(name):
    assert type(activations.get(name)) is KERAS_NAMES[name]


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match=r"Unknown activation 'rleu'\. Valid names: .*relu"):
        activations.get("rleu")


def test_a_plain_function_is_refused_with_a_hint():
    with pytest.raises(TypeError) as error:
        activations.get(np.tanh)
    message = str(error.value)
    assert message.startswith("Could not interpret <ufunc 'tanh'> as an activation: backpropagation "
                              "needs its derivative")
    assert "lucidnet.activations.relu" in message and "@lucidnet.activations.register('name')" in message


def test_a_lambda_is_refused_even_in_a_layer():
    with pytest.raises(TypeError, match="subclass lucidnet.activations.Activation"):
        ln.layers.Dense(3, activation=lambda z: z**3)


@pytest.mark.parametrize("make, message", [
    (lambda: activations.LeakyReLU(negative_slope=-0.1), r"LeakyReLU negative_slope must be a number >= 0, got -0\.1"),
    (lambda: activations.LeakyReLU(negative_slope=float("nan")), r"LeakyReLU negative_slope must be a number >= 0, got nan"),
    (lambda: activations.ReLU(negative_slope=None), r"ReLU negative_slope must be a number >= 0, got None"),
    (lambda: activations.ReLU(max_value=-10), r"ReLU max_value must be a number >= 0, got -10"),
    (lambda: activations.ReLU(threshold=-10), r"ReLU threshold must be a number >= 0, got -10"),
    (lambda: activations.CELU(alpha=0), r"CELU alpha must be a number > 0, got 0"),
    (lambda: activations.Softmax(axis="last"), r"Softmax axis must be an integer or a list of distinct integers, got 'last'"),
    (lambda: activations.LogSoftmax(axis=[1, 1]), r"LogSoftmax axis must be an integer or a list of distinct integers, got \[1, 1\]"),
    (lambda: activations.ELU(alpha=0), r"ELU alpha must be a number > 0, got 0"),
    (lambda: activations.Sigmoid(steepness=float("inf")), r"Sigmoid steepness must be a number > 0, got inf"),
    (lambda: activations.Sigmoid(scale=True), r"Sigmoid scale must be a number > 0, got True"),
    (lambda: activations.GELU(approximate="tanh"), r"GELU approximate must be True or False, got 'tanh'"),
])
def test_bad_parameters_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_parameters_take_numpy_scalars_as_plain_numbers():
    assert type(activations.LeakyReLU(negative_slope=np.float32(0.5)).negative_slope) is float
    assert type(activations.ReLU(max_value=np.int64(6)).max_value) is float
    assert activations.GELU(approximate=np.bool_(True)).approximate is True


def test_a_registered_custom_activation_is_resolvable_by_name():
    @activations.register("cube_for_test")
    class Cube(activations.Activation):
        """σ(z) = z³;  σ'(z) = 3z²."""

        def forward(self, z):
            return z**3

        def derivative(self, z, a):
            return 3 * z**2

    try:
        assert isinstance(activations.get("cube_for_test"), Cube)
    finally:
        activations.ACTIVATIONS._classes.pop("cube_for_test")


# -- the Keras-style functions ------------------------------------------------------------------
#: Keras 3's signature of each function (keras/src/activations/activations.py).
KERAS_SIGNATURES = {
    "relu": "(x, negative_slope=0.0, max_value=None, threshold=0.0)",
    "relu6": "(x)", "leaky_relu": "(x, negative_slope=0.2)", "elu": "(x, alpha=1.0)",
    "celu": "(x, alpha=1.0)", "selu": "(x)", "gelu": "(x, approximate=False)", "sigmoid": "(x)",
    "hard_sigmoid": "(x)", "hard_silu": "(x)", "hard_swish": "(x)", "silu": "(x)", "swish": "(x)",
    "mish": "(x)", "softplus": "(x)", "softsign": "(x)", "tanh": "(x)", "exponential": "(x)",
    "linear": "(x)", "softmax": "(x, axis=-1)", "log_softmax": "(x, axis=-1)",
    "log_sigmoid": "(x)", "sparse_sigmoid": "(x)", "hard_tanh": "(x)", "tanh_shrink": "(x)",
    "squareplus": "(x, b=4)", "sparse_plus": "(x)", "hard_shrink": "(x, threshold=0.5)",
    "soft_shrink": "(x, threshold=0.5)", "threshold": "(x, threshold, default_value)",
}

#: The arguments a function requires besides x (Keras's threshold has no defaults): those of
#: its class's defaults, so that the function and the class compute the same thing.
REQUIRED = {activations.threshold: {"threshold": 0.0, "default_value": 0.0}}


def call(function, x):
    return function(x, **REQUIRED.get(function, {}))


@pytest.mark.parametrize("name", sorted(KERAS_SIGNATURES))
def test_each_function_has_keras_signature(name):
    assert str(inspect.signature(getattr(activations, name))) == KERAS_SIGNATURES[name]


@pytest.mark.parametrize("function", list(activations.FUNCTIONS), ids=lambda f: f.__name__)
def test_each_function_computes_what_its_class_computes(function, rng):
    z = away_from_kinks(rng, (3, 4))
    expected = activations.FUNCTIONS[function]().forward(z)
    np.testing.assert_array_equal(call(function, z), expected)


@pytest.mark.parametrize("function", list(activations.FUNCTIONS), ids=lambda f: f.__name__)
def test_get_turns_each_function_into_its_registered_class(function):
    activation = activations.get(function)
    assert type(activation) is activations.FUNCTIONS[function]
    assert activation.get_config() == type(activation)().get_config()
    assert activations.get(activation.name).get_config() == activation.get_config()


def test_functions_take_keras_options():
    x = np.array([-10.0, -5.0, 0.0, 5.0, 10.0])
    # The expected values are those of Keras 3's own tests.
    np.testing.assert_array_equal(activations.relu(x, max_value=5.0), [0, 0, 0, 5, 5])
    np.testing.assert_array_equal(activations.relu(x, threshold=5.0), [0, 0, 0, 0, 10])
    np.testing.assert_array_equal(activations.relu(x, threshold=5.0, max_value=5.0), [0, 0, 0, 0, 5])
    np.testing.assert_array_equal(activations.relu(x, negative_slope=0.5, max_value=5.0, threshold=5.0),
                                  [-7.5, -5.0, -2.5, 0.0, 5.0])
    np.testing.assert_array_equal(activations.leaky_relu(x, negative_slope=0.5), [-5, -2.5, 0, 5, 10])
    np.testing.assert_allclose(activations.celu(x, alpha=0.5), np.where(x > 0, x, 0.5 * np.expm1(x / 0.5)))
    np.testing.assert_allclose(activations.elu(x, alpha=0.7), np.where(x > 0, x, 0.7 * np.expm1(x)))
    np.testing.assert_allclose(activations.gelu(x, approximate=True), activations.GELU(approximate=True)(x))
    np.testing.assert_allclose(activations.softmax(np.eye(3), axis=0).sum(axis=0), 1.0)


def test_swish_and_hard_swish_are_the_same_functions_as_silu_and_hard_silu():
    assert activations.swish is activations.silu and activations.hard_swish is activations.hard_silu


@pytest.mark.parametrize("function", list(activations.FUNCTIONS), ids=lambda f: f.__name__)
def test_functions_keep_float_dtypes_and_give_floatx_otherwise(function):
    assert call(function, np.zeros((2, 3), dtype=np.float64)).dtype == np.float64
    assert call(function, np.zeros((2, 3), dtype=np.float32)).dtype == np.float32
    assert call(function, [[0.0, 1.0]]).dtype == np.float32
    assert call(function, np.array([[0, 1]])).dtype == np.float32
    ln.set_floatx("float64")
    assert call(function, [[0, 1]]).dtype == np.float64


def test_functions_refuse_what_is_not_numbers():
    with pytest.raises(TypeError, match=r"relu input must be numbers \(a number, a list or an array of "
                                        r"them\), got str of dtype <U3"):
        activations.relu("1.5")
    with pytest.raises(TypeError, match=r"softmax input must be numbers"):
        activations.softmax([[1.0, 2.0], [3.0]])


def test_serialize_takes_functions_names_and_objects():
    assert activations.serialize(activations.relu6) == {"class_name": "relu6", "config": {}}
    assert activations.serialize("leaky_relu") == {"class_name": "leaky_relu",
                                                   "config": {"negative_slope": 0.2}}
    assert activations.serialize(activations.ReLU(max_value=6.0))["config"]["max_value"] == 6.0


# -- options of particular activations -------------------------------------------------------------
def test_leaky_relu_alpha_still_works_with_a_deprecation_warning():
    with pytest.warns(DeprecationWarning, match="pass negative_slope instead"):
        old = activations.LeakyReLU(alpha=0.05)
    assert old.get_config() == {"negative_slope": 0.05}
    with pytest.warns(DeprecationWarning):  # a model file written before the rename
        loaded = activations.get({"class_name": "leaky_relu", "config": {"alpha": 0.05}})
    assert loaded.negative_slope == 0.05


def test_leaky_relu_is_relu_with_a_negative_slope(rng):
    z = away_from_kinks(rng, (3, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        leaky = activations.LeakyReLU(negative_slope=0.3)
    np.testing.assert_array_equal(leaky(z), activations.ReLU(negative_slope=0.3)(z))


def test_relu_options_have_the_keras_slopes():
    relu = activations.ReLU(negative_slope=0.5, max_value=5.0, threshold=2.0)
    z = np.array([-1.0, 1.0, 3.0, 4.0, 6.0])
    np.testing.assert_array_equal(relu(z), [-1.5, -0.5, 3.0, 4.0, 5.0])
    np.testing.assert_array_equal(relu.derivative(z, relu(z)), [0.5, 0.5, 1.0, 1.0, 0.0])


def test_relu_without_a_slope_gives_zero_not_negative_zero():
    a = activations.relu(np.array([-10.0, -5.0]), max_value=6.0, threshold=1.0)
    assert not np.signbit(a).any()


def test_relu6_is_relu_capped_at_six():
    z = np.array([-1.0, 3.0, 5.5, 6.5])
    np.testing.assert_array_equal(activations.ReLU6()(z), activations.ReLU(max_value=6.0)(z))
    np.testing.assert_array_equal(activations.ReLU6().derivative(z, None), [0, 1, 1, 0])
    assert activations.ReLU6().get_config() == {}


def test_celu_with_alpha_one_is_elu_and_its_slope_is_continuous_at_zero():
    z = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(activations.CELU()(z), activations.ELU()(z), rtol=1e-15)
    for alpha in (0.3, 2.0):
        celu = activations.CELU(alpha=alpha)
        left, right = np.array([-1e-9]), np.array([1e-9])
        assert celu.derivative(left, celu(left))[0] == pytest.approx(1.0, abs=1e-8)
        assert celu.derivative(right, celu(right))[0] == 1.0


def test_hard_silu_is_z_times_hard_sigmoid(rng):
    z = away_from_kinks(rng, (5, 5))
    np.testing.assert_allclose(activations.hard_silu(z), z * activations.hard_sigmoid(z), rtol=1e-15)


def test_mish_is_z_tanh_softplus_and_survives_huge_inputs():
    z = np.array([-1e5, -2.0, 0.0, 2.0, 1e5])
    np.testing.assert_allclose(activations.mish(z), z * np.tanh(np.log1p(np.exp(np.clip(z, None, 50)))),
                               rtol=1e-12)


def test_exponential_derivative_is_itself():
    z = np.array([-2.0, 0.0, 1.5])
    exponential = activations.Exponential()
    np.testing.assert_array_equal(exponential.derivative(z, exponential(z)), np.exp(z))


def test_log_softmax_is_the_log_of_softmax_along_its_axis(rng):
    z = rng.normal(size=(3, 4, 5))
    for axis in (-1, 0, (1, 2)):
        np.testing.assert_allclose(activations.log_softmax(z, axis=axis),
                                   np.log(activations.softmax(z, axis=axis)), rtol=1e-12)
        np.testing.assert_allclose(np.exp(activations.log_softmax(z, axis=axis)).sum(axis=axis), 1.0)


@pytest.mark.parametrize("cls", [activations.Softmax, activations.LogSoftmax])
@pytest.mark.parametrize("axis", [0, -1, (0, 2)])
def test_jacobian_along_an_axis_matches_finite_differences(cls, axis, rng):
    activation = cls(axis=axis)
    z = rng.normal(size=(2, 3, 2))
    jacobian = activation.jacobian(z)
    positions = (axis % 3,) if isinstance(axis, int) else axis
    kept = [k for k in range(3) if k not in positions]
    flat_index = np.moveaxis(np.arange(z.size).reshape(z.shape), positions, range(len(kept), 3))
    flat_index = flat_index.reshape(flat_index.shape[:len(kept)] + (-1,))
    for rest in np.ndindex(*flat_index.shape[:-1]):
        for i, output in enumerate(flat_index[rest]):
            row = numerical_gradient(lambda k=output: float(activation.forward(z).ravel()[k]), z).ravel()
            np.testing.assert_allclose(jacobian[rest][i], row[flat_index[rest]], atol=1e-9)


def test_softmax_axis_is_checked_against_the_input_shape():
    softmax = activations.Softmax(axis=2)
    softmax.check_input_shape((None, 3, 4), "a layer")
    with pytest.raises(ValueError, match=r"The axis of a layer must be distinct axes of an input with 2 "
                                         r"axes, each in \[-2, 1\], got 2"):
        softmax.check_input_shape((None, 3), "a layer")


def test_softmax_over_several_axes_is_one_distribution():
    a = activations.softmax(np.arange(12.0).reshape(2, 3, 2), axis=(1, 2))
    np.testing.assert_allclose(a.sum(axis=(1, 2)), 1.0)
    np.testing.assert_allclose(a[0], a[1])  # shifting every entry by the same amount changes nothing


# -- lucidnet.nn: TensorFlow's tf.nn names, for notebooks that pass activation=tf.nn.relu -------
#: The activation functions of TensorFlow's tf.nn that tutorials pass as ``activation=``.
TF_NN_ACTIVATIONS = ("relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "elu", "selu",
                     "softplus", "softsign", "silu", "swish", "gelu", "leaky_relu")


@pytest.mark.parametrize("name", TF_NN_ACTIVATIONS)
def test_tf_nn_names_are_the_activation_functions_themselves(name):
    assert getattr(ln.nn, name) is getattr(activations, name)
    assert sorted(ln.nn.__all__) == sorted(TF_NN_ACTIVATIONS)


def test_a_layer_given_tf_nn_relu_is_the_layer_given_the_name_relu():
    import lucidnet as tf

    by_function = tf.layers.Dense(128, activation=tf.nn.relu)
    by_name = tf.layers.Dense(128, activation="relu")
    assert by_function.get_config() == by_name.get_config()
    np.testing.assert_array_equal(tf.nn.softmax(np.array([[0.0, np.log(3.0)]])), [[0.25, 0.75]])
