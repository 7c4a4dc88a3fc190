import math

import numpy as np
import pytest

from lucidnet import activations
from lucidnet.activations import ACTIVATIONS
from lucidnet.registry import serialize
from lucidnet.utils import numerical_gradient, relative_error

# Every registered class once (aliases point to the same class), plus non-default settings.
INSTANCES = {cls.registry_name: cls() for _, cls in ACTIVATIONS.items()}
INSTANCES["sigmoid(c=2,beta=3)"] = activations.Sigmoid(scale=2.0, steepness=3.0)
INSTANCES["leaky_relu(0.05)"] = activations.LeakyReLU(alpha=0.05)
INSTANCES["elu(0.5)"] = activations.ELU(alpha=0.5)
INSTANCES["gelu(tanh)"] = activations.GELU(approximate=True)


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


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_extreme_inputs_stay_finite(name):
    activation = INSTANCES[name]
    z = np.array([[-1e4, -50.0, 0.5, 50.0, 1e4]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = activation.forward(z)
        grad = activation.backward(z, a, np.ones_like(z))
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(grad))


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
        ("leaky_relu", [-1.0, 2.0], [-0.2, 2.0]),
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
    assert isinstance(activations.get(None), activations.Linear)


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match=r"Unknown activation 'rleu'\. Valid names: .*relu"):
        activations.get("rleu")


def test_a_plain_function_is_refused_with_a_hint():
    with pytest.raises(TypeError, match="Activation instance"):
        activations.get(np.tanh)


@pytest.mark.parametrize("make, message", [
    (lambda: activations.LeakyReLU(alpha=2), r"LeakyReLU alpha must be a number in \[0, 1\), got 2"),
    (lambda: activations.LeakyReLU(alpha=float("nan")), r"LeakyReLU alpha must be a number in \[0, 1\), got nan"),
    (lambda: activations.ELU(alpha=0), r"ELU alpha must be a number > 0, got 0"),
    (lambda: activations.Sigmoid(steepness=float("inf")), r"Sigmoid steepness must be a number > 0, got inf"),
    (lambda: activations.Sigmoid(scale=True), r"Sigmoid scale must be a number > 0, got True"),
    (lambda: activations.GELU(approximate="tanh"), r"GELU approximate must be True or False, got 'tanh'"),
])
def test_bad_parameters_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_parameters_take_numpy_scalars_as_plain_numbers():
    assert type(activations.LeakyReLU(alpha=np.float32(0.5)).alpha) is float
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
