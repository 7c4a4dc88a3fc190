"""Weight constraints (lucidnet.constraints) and their application after every update.

The expected values marked "Keras" are those of Keras 3's
``keras/src/constraints/constraints_test.py``, test by test.
"""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet import constraints
from lucidnet.constraints import CONSTRAINTS, MaxNorm, MinMaxNorm, NonNeg, UnitNorm
from lucidnet.registry import serialize


def keras_example_array():
    """Keras's ``get_example_array()``: seed 3537, uniform in [-50, 50), a zero at [0, 0]."""
    array = np.random.RandomState(3537).random_sample((100, 100)) * 100.0 - 50.0
    array[0, 0] = 0.0
    return array


def column_norms(w):
    return np.sqrt(np.sum(np.square(w, dtype=np.float64), axis=0))


# -- the projections, with Keras's numbers ---------------------------------------------------------

@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_max_norm_scales_long_columns_back_to_max_value(dtype):
    # Keras: ConstraintsTest.test_max_norm
    x = np.array([[0, 0, 0], [1.0, 0, 0], [3, 0, 0], [3, 3, 3]], dtype=dtype).T
    target = np.array([[0, 0, 0], [1.0, 0, 0], [2.0, 0, 0], [2.0 / np.sqrt(3)] * 3]).T
    output = MaxNorm(2.0)(x)
    assert output.dtype == dtype
    np.testing.assert_allclose(output, target, rtol=1e-6, atol=1e-6)


def test_non_neg_leaves_no_negative_weight():
    # Keras: ConstraintsTest.test_non_neg
    output = NonNeg()(keras_example_array())
    assert (np.min(output, axis=1) >= 0.0).all()
    np.testing.assert_array_equal(output, np.maximum(keras_example_array(), 0))


def test_non_neg_zeroes_negatives_keeps_positives_and_zeros():
    # Keras: test_non_neg_zeroes_negatives, test_non_neg_preserves_positives,
    # test_non_neg_all_zeros_input
    np.testing.assert_array_equal(NonNeg()(np.full((5, 5), -3.0)), np.zeros((5, 5)))
    np.testing.assert_array_equal(NonNeg()(np.full((5, 5), 3.0)), np.full((5, 5), 3.0))
    np.testing.assert_array_equal(NonNeg()(np.zeros((5, 5))), np.zeros((5, 5)))


def test_unit_norm_gives_every_column_norm_one():
    # Keras: ConstraintsTest.test_unit_norm
    output = UnitNorm()(keras_example_array())
    np.testing.assert_allclose(column_norms(output), 1.0, rtol=1e-6, atol=1e-6)


def test_min_max_norm_moves_every_column_norm_into_the_interval():
    # Keras: ConstraintsTest.test_min_max_norm
    output = MinMaxNorm(min_value=0.2, max_value=0.5)(keras_example_array())
    norms = column_norms(output)
    assert np.all(norms >= 0.2) and np.all(norms <= 0.5 + 1e-6)


def test_epsilon_sits_beside_the_norm_in_the_denominator_as_in_keras():
    # A norm of exactly ε = 1e-7 makes the factor's denominator ε + ‖w‖ = 2ε.
    w = np.array([[1e-7]])
    assert MaxNorm(2.0)(w)[0, 0] == pytest.approx(1e-7 * 1e-7 / 2e-7, rel=1e-12)        # n·n/(ε+n)
    assert UnitNorm()(w)[0, 0] == pytest.approx(1e-7 / 2e-7, rel=1e-12)                 # n/(ε+n)
    assert MinMaxNorm(1.0, 2.0)(w)[0, 0] == pytest.approx(1e-7 * 1.0 / 2e-7, rel=1e-12)  # n·a/(ε+n)


def test_a_zero_column_stays_zero():
    w = np.zeros((3, 2))
    for constraint in (MaxNorm(), UnitNorm(), MinMaxNorm(0.5, 1.0)):
        np.testing.assert_array_equal(constraint(w), w)


def test_min_max_norm_rate_moves_the_norm_that_fraction_of_the_way():
    w = np.array([[3.0], [4.0]])  # norm 5, interval [0, 1]: rate 0.5 lands on 0.5·1 + 0.5·5 = 3
    output = MinMaxNorm(0.0, 1.0, rate=0.5)(w)
    np.testing.assert_allclose(output, w * 3.0 / (5.0 + 1e-7), rtol=1e-12)


def test_a_list_of_axes_takes_one_norm_over_all_of_them():
    w = np.array([[3.0, 0.0], [0.0, 4.0]])  # Frobenius norm 5
    np.testing.assert_allclose(MaxNorm(1.0, axis=[0, 1])(w), w / (5.0 + 1e-7), rtol=1e-12)
    np.testing.assert_allclose(column_norms(UnitNorm(axis=1)(w).T), [1.0, 1.0], rtol=1e-6)


def test_the_base_constraint_is_the_identity():
    # Keras: test_default_constraint_call, test_constraint_get_config, test_constraint_from_config
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(constraints.Constraint()(x), x)
    assert constraints.Constraint().get_config() == {}
    assert isinstance(constraints.Constraint.from_config({}), constraints.Constraint)


INSTANCES = {cls.registry_name: cls() for _, cls in CONSTRAINTS.items()}
INSTANCES.update({
    "max_norm(3, axis=1)": MaxNorm(max_value=3.0, axis=1),
    "unit_norm(axis=[0, 1])": UnitNorm(axis=[0, 1]),
    "min_max_norm(0.2, 0.9, 0.5)": MinMaxNorm(min_value=0.2, max_value=0.9, rate=0.5, axis=0),
})


@pytest.mark.parametrize("name", sorted(INSTANCES))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_projection_keeps_the_dtype_and_leaves_its_input_alone(name, dtype):
    w = keras_example_array().astype(dtype)
    before = w.copy()
    output = INSTANCES[name](w)
    assert output.dtype == dtype and output.shape == w.shape
    np.testing.assert_array_equal(w, before)


# -- names and configs -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_config_round_trip_gives_the_same_projection(name):
    # Keras: test_*_from_config_roundtrip, test_non_neg_serialization_roundtrip
    constraint = INSTANCES[name]
    restored = constraints.get(serialize(constraint))
    assert type(restored) is type(constraint) and restored.get_config() == constraint.get_config()
    x = keras_example_array()
    np.testing.assert_array_equal(restored(x), constraint(x))


@pytest.mark.parametrize("constraint, config", [
    (MaxNorm(max_value=3.0, axis=1), {"max_value": 3.0, "axis": 1}),
    (UnitNorm(axis=1), {"axis": 1}),
    (MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.7, axis=1),
     {"min_value": 0.5, "max_value": 2.0, "rate": 0.7, "axis": 1}),
    (NonNeg(), {}),
    (MaxNorm(), {"max_value": 2.0, "axis": 0}),
    (MinMaxNorm(), {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}),
    (UnitNorm(axis=(0, 1)), {"axis": [0, 1]}),
], ids=repr)
def test_config_is_the_constructor_arguments(constraint, config):
    # Keras: test_max_norm_get_config, test_unit_norm_get_config, test_min_max_norm_get_config,
    # test_non_neg_get_config (the last three: Keras's defaults)
    assert constraint.get_config() == config


@pytest.mark.parametrize("names, cls", [
    (("max_norm", "MaxNorm"), MaxNorm), (("non_neg", "NonNeg"), NonNeg),
    (("unit_norm", "UnitNorm"), UnitNorm), (("min_max_norm", "MinMaxNorm"), MinMaxNorm),
])
def test_keras_names_and_lowercase_aliases_resolve_to_the_class(names, cls):
    # Keras: test_get_method, and the aliases keras.constraints.max_norm, ...
    for name in names:
        assert type(constraints.get(name)) is cls
        assert getattr(constraints, cls.__name__) is getattr(constraints, names[0]) is cls
    assert serialize(cls())["class_name"] == names[0]
    assert type(constraints.get(cls)) is cls
    assert type(constraints.get({"class_name": names[1], "config": {}})) is cls


def test_get_of_none_is_none_and_of_a_typo_a_value_error():
    # Keras: ConstraintsTest.test_get_method
    assert constraints.get(None) is None
    with pytest.raises(ValueError, match=r"Unknown constraint 'typo'\. Valid names: max_norm, "):
        constraints.get("typo")


# -- bad arguments ---------------------------------------------------------------------------------

@pytest.mark.parametrize("make, error, message", [
    (lambda: MaxNorm(-1), ValueError, r"MaxNorm max_value must be a number >= 0, got -1\."),
    (lambda: MaxNorm(float("nan")), ValueError, r"MaxNorm max_value must be a number >= 0, got nan"),
    (lambda: MaxNorm(axis=1.5), ValueError,
     r"MaxNorm axis must be an integer or a list of distinct integers, got 1\.5\."),
    (lambda: UnitNorm(axis=[0, 0]), ValueError,
     r"UnitNorm axis must be an integer or a list of distinct integers, got \[0, 0\]\."),
    (lambda: UnitNorm(axis="0"), ValueError, r"UnitNorm axis must be .*, got '0'\."),
    (lambda: UnitNorm(axis=True), ValueError, r"UnitNorm axis must be .*, got True\."),
    (lambda: MinMaxNorm(min_value=-0.1), ValueError, r"MinMaxNorm min_value must be a number >= 0"),
    (lambda: MinMaxNorm(min_value=2.0, max_value=1.0), ValueError,
     r"MinMaxNorm max_value must be a number >= 2\.0, got 1\.0\."),
    (lambda: MinMaxNorm(rate=1.5), ValueError, r"MinMaxNorm rate must be a number in \[0, 1\], got 1\.5\."),
], ids=lambda value: "" if callable(value) or isinstance(value, (str, type)) else str(value))
def test_a_bad_argument_is_refused_with_its_name_and_value(make, error, message):
    with pytest.raises(error, match=message):
        make()
