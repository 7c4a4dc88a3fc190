import numpy as np
import pytest

from lucidnet import initializers
from lucidnet.initializers import INITIALIZERS
from lucidnet.registry import serialize

NAMES = sorted({cls.registry_name for _, cls in INITIALIZERS.items()})
SHAPE = (300, 200)  # fan_in 300, fan_out 200


@pytest.mark.parametrize("name", NAMES)
def test_same_generator_seed_gives_the_same_values(name):
    init = initializers.get(name)
    first = init(SHAPE, "float64", np.random.default_rng(5))
    second = init(SHAPE, "float64", np.random.default_rng(5))
    np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_have_the_requested_shape_and_dtype(name, dtype):
    values = initializers.get(name)(SHAPE, dtype, np.random.default_rng(0))
    assert values.shape == SHAPE and values.dtype == dtype


@pytest.mark.parametrize("name", NAMES)
def test_config_round_trip(name):
    init = initializers.get(name)
    assert initializers.get(serialize(init)).get_config() == init.get_config()


@pytest.mark.parametrize(
    "name, variance",
    [
        ("glorot_uniform", 2 / (300 + 200)),
        ("glorot_normal", 2 / (300 + 200)),
        ("he_uniform", 2 / 300),
        ("he_normal", 2 / 300),
        ("lecun_uniform", 1 / 300),
        ("lecun_normal", 1 / 300),
        ("random_normal", 0.05**2),
        ("random_uniform", 0.1**2 / 12),
    ],
)
def test_variance_matches_the_scheme(name, variance):
    values = initializers.get(name)(SHAPE, "float64", np.random.default_rng(0))
    assert abs(values.mean()) < 0.05 * np.sqrt(variance) * 5
    assert values.var() == pytest.approx(variance, rel=0.03)


def test_glorot_uniform_stays_within_its_limit():
    values = initializers.get("glorot_uniform")(SHAPE, "float64", np.random.default_rng(0))
    assert np.abs(values).max() <= np.sqrt(6 / (300 + 200))


def test_truncated_normals_are_cut_at_two_standard_deviations():
    values = initializers.get("he_normal")(SHAPE, "float64", np.random.default_rng(0))
    stddev = np.sqrt(2 / 300) / 0.87962566103423978
    assert np.abs(values).max() <= 2 * stddev


def test_constant_zeros_and_ones():
    assert (initializers.get("zeros")((2, 3)) == 0).all()
    assert (initializers.get("ones")((2, 3)) == 1).all()
    assert (initializers.Constant(0.7)((4,), "float64") == 0.7).all()


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="mode must be one of"):
        initializers.VarianceScaling(mode="fan_sideways")
    with pytest.raises(ValueError, match="VarianceScaling scale must be a number > 0, got nan"):
        initializers.VarianceScaling(scale=float("nan"))
    with pytest.raises(ValueError, match="VarianceScaling distribution must be one of 'uniform', "
                                         "'truncated_normal' or 'untruncated_normal', got 'normal'"):
        initializers.VarianceScaling(distribution="normal")
    with pytest.raises(ValueError, match="RandomNormal stddev must be a number > 0, got 0"):
        initializers.RandomNormal(stddev=0)
    with pytest.raises(ValueError, match="RandomNormal mean must be a finite number, got nan"):
        initializers.RandomNormal(mean=float("nan"))
    with pytest.raises(ValueError, match="RandomUniform maxval must be a finite number, got inf"):
        initializers.RandomUniform(maxval=float("inf"))
    with pytest.raises(ValueError, match="RandomUniform needs minval < maxval, got minval=1, maxval=0"):
        initializers.RandomUniform(minval=1, maxval=0)
    with pytest.raises(ValueError, match="Constant value must be a finite number, got nan"):
        initializers.Constant(float("nan"))
    with pytest.raises(ValueError, match="Unknown initializer 'glorot'. Valid names:"):
        initializers.get("glorot")


@pytest.mark.parametrize("name", NAMES)
def test_every_registered_initializer_has_its_keras_lowercase_spelling(name):
    # initializers.he_normal() is Keras's spelling of initializers.HeNormal(): the same class.
    assert getattr(initializers, name) is INITIALIZERS.lookup(name)
