"""Keras's `initializers/random_initializers_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import initializers

from .test_constant_initializers import round_trips


def test_random_normal():
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_random_normal
    # (its SeedGenerator cases are listed in SKIPPED.md)
    shape = (25, 20)
    initializer = initializers.RandomNormal(mean=0.0, stddev=1.0, seed=1234)
    values = initializer(shape=shape)
    assert (initializer.mean, initializer.stddev, initializer.seed) == (0.0, 1.0, 1234)
    assert values.shape == shape
    np.testing.assert_allclose(np.std(values), 1.0, atol=1e-1)
    round_trips(initializer)

    # A fixed seed gives the same values at every call...
    initializer = initializers.RandomNormal(mean=0.0, stddev=1.0, seed=1337)
    np.testing.assert_allclose(initializer(shape=shape), initializer(shape=shape))
    # ...and after cloning from the config; without a seed, a clone draws other values.
    unseeded = initializers.RandomNormal(mean=0.0, stddev=1.0, seed=None)
    values = unseeded(shape=shape)
    clone = initializers.RandomNormal.from_config(unseeded.get_config())
    assert not np.allclose(values, clone(shape=shape))
    seeded = initializers.RandomNormal(mean=0.0, stddev=1.0, seed=1337)
    values = seeded(shape=shape)
    clone = initializers.RandomNormal.from_config(seeded.get_config())
    np.testing.assert_allclose(values, clone(shape=shape))


def test_random_uniform():
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_random_uniform
    initializer = initializers.RandomUniform(minval=-1.0, maxval=1.0, seed=1234)
    values = initializer(shape=(5, 5))
    assert (initializer.minval, initializer.maxval, initializer.seed) == (-1.0, 1.0, 1234)
    assert values.shape == (5, 5)
    assert np.min(values) >= -1.0 and np.max(values) < 1.0
    round_trips(initializer)


@pytest.mark.parametrize("mode, fan", [("fan_in", 25), ("fan_out", 20)])
def test_variance_scaling(mode, fan):
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_variance_scaling
    initializer = initializers.VarianceScaling(scale=2.0, seed=1234, mode=mode)
    values = initializer(shape=(25, 20))
    assert (initializer.scale, initializer.seed) == (2.0, 1234)
    assert values.shape == (25, 20)
    np.testing.assert_allclose(np.std(values), np.sqrt(2.0 / fan), atol=1e-1)
    round_trips(initializer)


def test_orthogonal():
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_orthogonal
    initializer = initializers.Orthogonal(gain=2.0, seed=1234)
    array = initializer(shape=(5, 5), dtype="float64")
    assert (initializer.seed, initializer.gain) == (1234, 2.0)
    assert array.shape == (5, 5)
    for column in array.T:
        assert np.linalg.norm(column) == pytest.approx(2.0, abs=1e-7)
    for i in range(5):
        for j in range(i + 1, 5):
            assert np.dot(array[..., i], array[..., j]) == pytest.approx(0.0, abs=1e-7)
    round_trips(initializer)
    assert isinstance(initializers.get("OrthogonalInitializer"), initializers.Orthogonal)


def test_get_method():
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_get_method
    assert isinstance(initializers.get("glorot_normal"), initializers.GlorotNormal)
    assert initializers.get(None) is None
    with pytest.raises(ValueError, match="Unknown initializer 'typo'"):
        initializers.get("typo")


def test_get_method_with_tensor():
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_get_method_with_tensor
    # (a NumPy array; a backend tensor is Keras's own; the refusal names the shapes)
    tensor = np.random.default_rng(0).uniform(size=(5, 5)).astype("float32")
    initializer = initializers.get(tensor)
    np.testing.assert_allclose(initializer(shape=(5, 5)), tensor)
    with pytest.raises(ValueError, match=r"does not broadcast to the weight's shape \(10, 10\)"):
        initializer(shape=(10, 10))


def test_variance_scaling_invalid_scale():
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_variance_scaling_invalid_scale
    with pytest.raises(ValueError, match="VarianceScaling scale must be a number > 0"):
        initializers.VarianceScaling(scale=-1.0, seed=1234, mode="fan_in")


def test_variance_scaling_invalid_mode():
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_variance_scaling_invalid_mode
    with pytest.raises(ValueError, match="VarianceScaling mode must be one of"):
        initializers.VarianceScaling(scale=2.0, seed=1234, mode="invalid_mode")


def test_variance_scaling_invalid_distribution():
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_variance_scaling_invalid_distribution
    with pytest.raises(ValueError, match="VarianceScaling distribution must be one of"):
        initializers.VarianceScaling(scale=2.0, seed=1234, mode="fan_in",
                                     distribution="invalid_dist")


@pytest.mark.parametrize("cls", [initializers.Orthogonal, initializers.VarianceScaling,
                                 initializers.RandomUniform, initializers.RandomNormal,
                                 initializers.GlorotUniform, initializers.HeNormal])
def test_serialization_with_a_seed(cls):
    # keras: initializers/random_initializers_test.py::RandomInitializersTest::test_serialization_with_seed_generator
    # (an integer seed: lucidnet's initializers take no SeedGenerator)
    initializer = cls(seed=7)
    round_trips(initializer)
    np.testing.assert_array_equal(initializer((4, 3)), type(initializer).from_config(
        initializer.get_config())((4, 3)))
