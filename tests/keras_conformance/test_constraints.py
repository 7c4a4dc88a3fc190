"""Keras's `constraints/constraints_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import constraints


def get_example_array():
    example_array = np.random.default_rng(3537).random((100, 100)) * 100.0 - 50.0
    example_array[0, 0] = 0.0
    return example_array


def assert_close(actual, desired):
    np.testing.assert_allclose(actual, desired, rtol=1e-6, atol=1e-6)


def test_max_norm():
    # keras: constraints/constraints_test.py::ConstraintsTest::test_max_norm
    x = np.array([[0, 0, 0], [1.0, 0, 0], [3, 0, 0], [3, 3, 3]]).T
    target = np.array([[0, 0, 0], [1.0, 0, 0], [2.0, 0, 0],
                       [2.0 / np.sqrt(3), 2.0 / np.sqrt(3), 2.0 / np.sqrt(3)]]).T
    assert_close(constraints.MaxNorm(2.0)(x), target)


def test_non_neg():
    # keras: constraints/constraints_test.py::ConstraintsTest::test_non_neg
    assert (np.min(constraints.NonNeg()(get_example_array()), axis=1) >= 0.0).all()


def test_unit_norm():
    # keras: constraints/constraints_test.py::ConstraintsTest::test_unit_norm
    output = constraints.UnitNorm()(get_example_array())
    assert_close(np.sqrt(np.sum(np.square(output), axis=0)), 1.0)


def test_min_max_norm():
    # keras: constraints/constraints_test.py::ConstraintsTest::test_min_max_norm
    output = constraints.MinMaxNorm(min_value=0.2, max_value=0.5)(get_example_array())
    l2 = np.sqrt(np.sum(np.square(output), axis=0))
    assert np.all(l2 >= 0.2) and np.all(l2 <= 0.5 + 1e-6)


def test_get_method():
    # keras: constraints/constraints_test.py::ConstraintsTest::test_get_method
    assert isinstance(constraints.get("unit_norm"), constraints.UnitNorm)
    assert constraints.get(None) is None
    with pytest.raises(ValueError, match="Unknown constraint 'typo'"):
        constraints.get("typo")


def test_default_constraint_call():
    # keras: constraints/constraints_test.py::ConstraintsTest::test_default_constraint_call
    x = np.array([1.0, 2.0, 3.0])
    assert_close(constraints.Constraint()(x), x)


@pytest.mark.parametrize("cls", [constraints.Constraint, constraints.NonNeg])
def test_config_of_a_constraint_without_arguments(cls):
    # keras: constraints/constraints_test.py::ConstraintsTest::test_constraint_get_config
    # keras: constraints/constraints_test.py::ConstraintsTest::test_constraint_from_config
    # keras: constraints/constraints_test.py::ConstraintsTest::test_non_neg_get_config
    # keras: constraints/constraints_test.py::ConstraintsTest::test_non_neg_from_config
    config = cls().get_config()
    assert config == {}
    assert isinstance(cls.from_config(config), cls)


@pytest.mark.parametrize("constraint, expected_config", [
    (constraints.MaxNorm(max_value=3.0, axis=1), {"max_value": 3.0, "axis": 1}),
    (constraints.UnitNorm(axis=1), {"axis": 1}),
    (constraints.MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.7, axis=1),
     {"min_value": 0.5, "max_value": 2.0, "rate": 0.7, "axis": 1}),
    (constraints.NonNeg(), {}),
], ids=["max_norm", "unit_norm", "min_max_norm", "non_neg"])
def test_get_config_round_trip(constraint, expected_config):
    # keras: constraints/constraints_test.py::ConstraintsTest::test_max_norm_get_config
    # keras: constraints/constraints_test.py::ConstraintsTest::test_unit_norm_get_config
    # keras: constraints/constraints_test.py::ConstraintsTest::test_min_max_norm_get_config
    # keras: constraints/constraints_test.py::ConstraintsTest::test_non_neg_serialization_roundtrip
    config = constraint.get_config()
    assert config == expected_config
    restored = type(constraint).from_config(config)
    for key, value in expected_config.items():
        assert getattr(restored, key) == value
    x = get_example_array()
    assert_close(constraint(x), restored(x))


@pytest.mark.parametrize("value, expected", [(-3.0, 0.0), (3.0, 3.0), (0.0, 0.0)],
                         ids=["zeroes_negatives", "preserves_positives", "all_zeros_input"])
def test_non_neg_values(value, expected):
    # keras: constraints/constraints_test.py::ConstraintsTest::test_non_neg_zeroes_negatives
    # keras: constraints/constraints_test.py::ConstraintsTest::test_non_neg_preserves_positives
    # keras: constraints/constraints_test.py::ConstraintsTest::test_non_neg_all_zeros_input
    assert_close(constraints.NonNeg()(np.full((5, 5), value)), np.full((5, 5), expected))
