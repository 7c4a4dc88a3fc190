"""Keras's `regularizers/regularizers_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import regularizers

VALUE = np.random.default_rng(0).random((4, 4)).astype(np.float32)


def assert_close(actual, desired):
    np.testing.assert_allclose(actual, desired, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("regularizer", [regularizers.L1(0.1), regularizers.L2(0.1),
                                         regularizers.L1L2(l1=0.1, l2=0.2),
                                         regularizers.OrthogonalRegularizer(factor=0.1, mode="rows")],
                         ids=["l1", "l2", "l1l2", "orthogonal"])
def test_config(regularizer):
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_config
    config = regularizer.get_config()
    assert type(regularizer).from_config(config).get_config() == config
    rebuilt = regularizers.get({"class_name": type(regularizer).registry_name, "config": config})
    assert type(rebuilt) is type(regularizer) and rebuilt(VALUE) == regularizer(VALUE)


def test_l1():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1
    assert_close(regularizers.L1(0.1)(VALUE), 0.1 * np.sum(np.abs(VALUE)))


def test_l2():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l2
    assert_close(regularizers.L2(0.1)(VALUE), 0.1 * np.sum(np.square(VALUE)))


def test_l1_l2():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1_l2
    assert_close(regularizers.L1L2(l1=0.1, l2=0.2)(VALUE),
                 0.1 * np.sum(np.abs(VALUE)) + 0.2 * np.sum(np.square(VALUE)))


def test_orthogonal_regularizer():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_orthogonal_regularizer
    inputs = VALUE / np.linalg.norm(VALUE, axis=1, keepdims=True)
    expected = (0.1 * 0.5 * np.sum(np.abs(np.dot(inputs, inputs.T) * (1.0 - np.eye(4))))
                / (4.0 * (4.0 - 1.0) / 2.0))
    assert_close(regularizers.OrthogonalRegularizer(factor=0.1, mode="rows")(VALUE), expected)


def test_get_method():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_get_method
    assert isinstance(regularizers.get("l1l2"), regularizers.L1L2)
    assert isinstance(regularizers.get("l1"), regularizers.L1)
    assert isinstance(regularizers.get("l2"), regularizers.L2)
    assert isinstance(regularizers.get("orthogonal_regularizer"), regularizers.OrthogonalRegularizer)
    assert regularizers.get(None) is None
    with pytest.raises(ValueError, match="Unknown regularizer 'typo'"):
        regularizers.get("typo")


def test_l1l2_get_config():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1l2_get_config
    config = regularizers.L1L2(l1=0.01, l2=0.02).get_config()
    assert_close(config["l1"], 0.01)
    assert_close(config["l2"], 0.02)
    restored = regularizers.L1L2.from_config(config)
    assert restored.get_config() == config
    assert (restored.l1, restored.l2) == (0.01, 0.02)


def test_orthogonal_regularizer_mode_validation():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_orthogonal_regularizer_mode_validation
    with pytest.raises(ValueError) as error:
        regularizers.OrthogonalRegularizer(factor=0.01, mode="invalid_mode")
    assert str(error.value) == ("OrthogonalRegularizer mode must be one of 'rows' or 'columns', "
                                "got 'invalid_mode'.")


def test_orthogonal_regularizer_input_rank_validation():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_orthogonal_regularizer_input_rank_validation
    with pytest.raises(ValueError) as error:
        regularizers.OrthogonalRegularizer(factor=0.1)(np.ones((4, 4, 4), dtype=np.float32))
    assert str(error.value) == ("OrthogonalRegularizer regularizes two-dimensional kernels, got "
                                "shape (4, 4, 4).")


def test_orthogonal_regularizer_get_config():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_orthogonal_regularizer_get_config
    config = regularizers.OrthogonalRegularizer(factor=0.01, mode="columns").get_config()
    assert config == {"factor": 0.01, "mode": "columns"}
    assert regularizers.OrthogonalRegularizer.from_config(config).get_config() == config


ZEROS = np.zeros((4, 4), dtype=np.float32)


@pytest.mark.parametrize("regularizer, x", [
    (regularizers.L1(0.1), ZEROS), (regularizers.L1(0.0), VALUE),
    (regularizers.L2(0.1), ZEROS), (regularizers.L2(0.0), VALUE),
    (regularizers.L1L2(l1=0.0, l2=0.0), VALUE), (regularizers.L1L2(l1=0.1, l2=0.2), ZEROS),
], ids=["l1_with_zero_weights", "l1_zero_coefficient", "l2_with_zero_weights",
        "l2_zero_coefficient", "l1l2_zero_coefficients", "l1l2_with_zero_weights"])
def test_zero_penalties(regularizer, x):
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1_with_zero_weights
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1_zero_coefficient
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l2_with_zero_weights
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l2_zero_coefficient
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1l2_zero_coefficients
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1l2_with_zero_weights
    assert_close(regularizer(x), 0.0)


def test_l1_with_negative_weights():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1_with_negative_weights
    ones = np.ones((4, 4), dtype=np.float32)
    assert_close(regularizers.L1(0.1)(ones), regularizers.L1(0.1)(-ones))


def test_l2_against_l1():
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l2_is_larger_than_l1_for_large_weights
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l2_is_smaller_than_l1_for_small_weights
    large, small = np.full((4, 4), 10.0, np.float32), np.full((4, 4), 0.1, np.float32)
    assert regularizers.L2(1.0)(large) > regularizers.L1(1.0)(large)
    assert regularizers.L2(1.0)(small) < regularizers.L1(1.0)(small)


@pytest.mark.parametrize("l1, l2, single", [(0.1, 0.0, regularizers.L1(0.1)),
                                            (0.0, 0.1, regularizers.L2(0.1))],
                         ids=["only_l1", "only_l2"])
def test_l1l2_with_one_term(l1, l2, single):
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1l2_only_l1
    # keras: regularizers/regularizers_test.py::RegularizersTest::test_l1l2_only_l2
    assert_close(regularizers.L1L2(l1=l1, l2=l2)(VALUE), single(VALUE))


@pytest.mark.parametrize("value, expected", [(1, 1.0), (1.0, 1.0), (0, 0.0), (0.0, 0.0),
                                             (1e-10, 1e-10), (1e6, 1e6)])
def test_validate_float_with_valid_args(value, expected):
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_valid_args
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_zero
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_very_small_positive
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_returns_float_type
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_large_positive
    # (Keras checks its helper validate_float_arg; lucidnet checks the regularizers' arguments)
    kept = regularizers.L1(value).l1
    assert kept == pytest.approx(expected) and type(kept) is float


@pytest.mark.parametrize("value", ["not_a_number", float("nan"), float("inf"), -float("inf"),
                                   -1, -0.001, None, [0.1]])
def test_validate_float_with_invalid_args(value):
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_invalid_types
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_nan
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_inf
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_negative_number
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_negative_float
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_none
    # keras: regularizers/regularizers_test.py::ValidateFloatArgTest::test_validate_float_with_list
    for make in (lambda: regularizers.L1(value), lambda: regularizers.L2(value),
                 lambda: regularizers.L1L2(l1=value)):
        with pytest.raises(ValueError, match="must be a number >= 0"):
            make()
