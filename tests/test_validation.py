"""Tests for lucidnet.validation: what each checker accepts, returns and refuses, and how it says so."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lucidnet.validation import (
    as_float_array,
    as_shape,
    axes,
    axes_of,
    axis_or_axes,
    batch_range,
    boolean,
    choice,
    choice_or,
    float_values,
    fraction,
    integer,
    is_integer,
    is_number,
    non_negative_int,
    non_negative_number,
    number,
    optional,
    positive_int,
    positive_number,
    sequence,
    squares_fit,
)

ACCEPTED = [
    (positive_number, 0.5, 0.5),
    (positive_number, np.float32(0.25), 0.25),
    (positive_number, np.int64(3), 3.0),
    (non_negative_number, 0, 0.0),
    (fraction, 0.0, 0.0),
    (fraction, np.float64(0.999), 0.999),
    (positive_int, 1, 1),
    (positive_int, np.int64(7), 7),
    (non_negative_int, 0, 0),
    (non_negative_int, np.uint8(4), 4),
    (boolean, True, True),
    (boolean, np.bool_(False), False),
    (integer, np.int16(-3), -3),
    (axis_or_axes, np.int64(-1), -1),
    (axis_or_axes, [2], 2),
    (axis_or_axes, [np.int8(1), 0], (1, 0)),
    (batch_range, np.int64(5), (5, 5)),
    (batch_range, [np.int8(2), 4], (2, 4)),
]


@pytest.mark.parametrize("check, value, expected", ACCEPTED)
def test_accepted_value_comes_back_as_a_plain_python_value(check, value, expected):
    result = check("x", value)
    assert result == expected
    assert type(result) is type(expected)


REFUSED = [
    (positive_number, 0, "x must be a number > 0, got 0."),
    (positive_number, True, "x must be a number > 0, got True."),
    (positive_number, math.nan, "x must be a number > 0, got nan."),
    (positive_number, math.inf, "x must be a number > 0, got inf."),
    (positive_number, "1", "x must be a number > 0, got '1'."),
    (positive_number, 10**400, "x must be a number > 0, got " + str(10**400) + "."),
    (non_negative_number, -1e-9, "x must be a number >= 0, got -1e-09."),
    (fraction, 1, "x must be a number in [0, 1), got 1."),
    (fraction, -0.1, "x must be a number in [0, 1), got -0.1."),
    (positive_int, 0, "x must be a positive integer, got 0."),
    (positive_int, 2.0, "x must be a positive integer, got 2.0."),
    (positive_int, True, "x must be a positive integer, got True."),
    (non_negative_int, -1, "x must be a non-negative integer, got -1."),
    (non_negative_int, np.bool_(True), "x must be a non-negative integer, got "),
    (boolean, 1, "x must be True or False, got 1."),
    (boolean, "yes", "x must be True or False, got 'yes'."),
    (integer, 1.0, "x must be an integer, got 1.0."),
    (integer, False, "x must be an integer, got False."),
    (axis_or_axes, 1.0, "x must be an integer or a list of distinct integers, got 1.0."),
    (axis_or_axes, [], "x must be an integer or a list of distinct integers, got []."),
    (axis_or_axes, (0, 0), "x must be an integer or a list of distinct integers, got (0, 0)."),
    (axis_or_axes, [1, True], "x must be an integer or a list of distinct integers, got [1, True]."),
    (batch_range, -1, "x must be a non-negative integer or a pair (start, stop) of them with start <= stop, got -1."),
    (batch_range, (3, 2), "x must be a non-negative integer or a pair (start, stop) of them with start <= stop, got (3, 2)."),
    (batch_range, (1, 2, 3), "x must be a non-negative integer or a pair (start, stop) of them with start <= stop, got (1, 2, 3)."),
    (batch_range, (True, 2), "x must be a non-negative integer or a pair (start, stop) of them with start <= stop, got (True, 2)."),
]


@pytest.mark.parametrize("check, value, message", REFUSED)
def test_refused_value_is_named_with_the_requirement_and_the_value(check, value, message):
    with pytest.raises(ValueError) as error:
        check("x", value)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    "bounds, requirement",
    [
        ({}, "a finite number"),
        ({"greater_than": 0}, "a number > 0"),
        ({"at_least": 1}, "a number >= 1"),
        ({"below": 1}, "a number < 1"),
        ({"at_most": 1}, "a number <= 1"),
        ({"at_least": 0, "at_most": 1}, "a number in [0, 1]"),
        ({"greater_than": 0, "below": 1}, "a number in (0, 1)"),
    ],
)
def test_number_states_its_bounds(bounds, requirement):
    with pytest.raises(ValueError) as error:
        number("y", "z", **bounds)
    assert str(error.value) == f"y must be {requirement}, got 'z'."


def test_number_refuses_two_lower_bounds():
    with pytest.raises(TypeError, match="at most one of greater_than and at_least"):
        number("y", 1, greater_than=0, at_least=0)


def test_optional_passes_none_through_and_checks_anything_else():
    assert optional(positive_number, "clipnorm", None) is None
    assert optional(number, "alpha", 0.5, at_least=0, at_most=1) == 0.5
    with pytest.raises(ValueError, match="clipnorm must be a number > 0, got -1"):
        optional(positive_number, "clipnorm", -1)


def test_positive_int_allows_none_only_when_asked():
    assert positive_int("batch_size", None, allow_none=True) is None
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got None"):
        positive_int("batch_size", None)


def test_is_number_excludes_bools_and_non_finite_values():
    assert [is_number(v) for v in (0, -2.5, np.float16(1), np.int8(-1))] == [True] * 4
    assert [is_number(v) for v in (False, np.bool_(True), math.inf, -math.inf, None, "1")] == [False] * 6


def test_sequence_turns_iterables_into_lists_and_refuses_strings():
    assert sequence("boundaries", (1, 2)) == [1, 2]
    with pytest.raises(ValueError, match="boundaries must be a list of numbers, got '12'"):
        sequence("boundaries", "12")
    with pytest.raises(ValueError, match="sizes must be a list of integers, got 3"):
        sequence("sizes", 3, entries="integers")



@pytest.mark.parametrize(
    "bounds, requirement",
    [
        ({"at_least": 2}, "an integer >= 2"),
        ({"at_most": 9}, "an integer <= 9"),
        ({"at_least": 13, "at_most": 21}, "an integer in [13, 21]"),
        ({"at_least": 0}, "a non-negative integer"),
        ({"at_least": 1}, "a positive integer"),
    ],
)
def test_integer_states_its_bounds(bounds, requirement):
    with pytest.raises(ValueError) as error:
        integer("y", 10**6 if "at_most" in bounds else -5, **bounds)
    assert str(error.value).startswith(f"y must be {requirement}, got ")


def test_is_integer_excludes_bools_and_floats():
    assert [is_integer(v) for v in (0, -7, np.uint8(3), np.int64(2**40))] == [True] * 4
    assert [is_integer(v) for v in (True, np.bool_(False), 2.0, np.float32(1), "1", None)] == [False] * 6


def test_choice_returns_the_option_itself_and_lists_them_when_refusing():
    assert type(choice("mode", np.str_("min"), ("auto", "min", "max"))) is str
    assert choice("task", None, ("classification", "regression", None)) is None
    with pytest.raises(ValueError) as error:
        choice("task", "ranking", ("classification", "regression", None))
    assert str(error.value) == (
        "task must be one of 'classification', 'regression' or None, got 'ranking'."
    )
    with pytest.raises(ValueError, match="mode must be one of 'auto', 'min' or 'max', got 0"):
        choice("mode", 0, ("auto", "min", "max"))


def test_choice_or_checks_anything_but_the_options_and_names_both_when_refusing():
    assert choice_or(positive_int, "update_freq", "batch", ("epoch", "batch")) == "batch"
    assert choice_or(positive_int, "update_freq", np.int64(5), ("epoch", "batch")) == 5
    assert choice_or(non_negative_int, "seed", None, (None,)) is None
    assert choice_or(number, "alpha", 0.5, ("auto",), at_least=0, at_most=1) == 0.5
    with pytest.raises(ValueError) as error:
        choice_or(positive_int, "update_freq", "often", ("epoch", "batch"))
    assert str(error.value) == (
        "update_freq must be 'epoch', 'batch' or a positive integer, got 'often'."
    )
    with pytest.raises(ValueError, match=r"seed must be None or a non-negative integer, got -1\."):
        choice_or(non_negative_int, "seed", -1, (None,))
    with pytest.raises(ValueError, match=r"alpha must be 'auto' or a number in \[0, 1\], got 2\."):
        choice_or(number, "alpha", 2, ("auto",), at_least=0, at_most=1)
    with pytest.raises(ValueError, match=r"stratify must be None, True or False, got 'yes'\."):
        choice_or(boolean, "stratify", "yes", (None,))


@pytest.mark.parametrize("value, expected", [
    (784, (784,)), (np.int64(3), (3,)), ((28, 28), (28, 28)), ([np.int32(2), 5], (2, 5)),
    (np.array([4, 4]), (4, 4)),
])
def test_as_shape_accepts_positive_integers_or_one_of_them(value, expected):
    result = as_shape("A shape", value)
    assert result == expected and all(type(size) is int for size in result)


@pytest.mark.parametrize("value", [(2.5,), (28, 28.0), (0,), (), -1, "28", None, (True,), np.array(3)])
def test_as_shape_refuses_anything_but_positive_integers_without_truncating(value):
    with pytest.raises(ValueError) as error:
        as_shape("A shape", value)
    assert str(error.value) == f"A shape must be a tuple of positive integers, got {value!r}."


@pytest.mark.parametrize("value, expected", [
    (-1, (-1,)), (np.int64(2), (2,)), ([1, 2], (1, 2)), ((-1, -2), (-1, -2)), (np.array([3]), (3,)),
])
def test_axes_accepts_an_integer_or_distinct_integers(value, expected):
    result = axes("axis", value)
    assert result == expected and all(type(axis) is int for axis in result)


@pytest.mark.parametrize("value", [1.0, True, "1", None, (), [1, 1], [1, 2.0], {"axis": -1}])
def test_axes_refuses_anything_but_distinct_integers(value):
    with pytest.raises(ValueError) as error:
        axes("axis", value)
    assert str(error.value) == (
        f"axis must be an integer or a list of distinct integers, got {value!r}.")
@pytest.mark.parametrize("axes, ndim, positions", [(-1, 2, (1,)), (0, 1, (0,)), ((2, -3), 3, (2, 0))])
def test_axes_of_gives_the_positions_in_an_array_of_that_many_axes(axes, ndim, positions):
    assert axes_of("axis", axes, ndim) == positions


@pytest.mark.parametrize("axes, ndim", [(2, 2), (-3, 2), ((0, -2), 2), (0, 0)])
def test_axes_of_refuses_axes_outside_the_array_or_named_twice(axes, ndim):
    with pytest.raises(ValueError) as error:
        axes_of("axis", axes, ndim)
    assert str(error.value) == (f"axis must be distinct axes of an input with {ndim} axes, each in "
                                f"[{-ndim}, {ndim - 1}], got {axes!r}.")


def test_float_values_keeps_float_arrays_and_converts_the_rest():
    array = np.zeros(3, dtype=np.float16)
    assert float_values("x", array, "float32") is array
    assert float_values("x", np.float64(2.0), "float32").dtype == np.float64
    for value in (2.0, [1, 2], np.arange(3), np.array([True])):
        assert float_values("x", value, "float32").dtype == np.float32


@pytest.mark.parametrize("value, kind", [(None, "NoneType of dtype object"), ([[1], [1, 2]], "list of dtype object"),
                                         (np.array([1j]), "ndarray of dtype complex128")])
def test_float_values_refuses_what_is_not_real_numbers(value, kind):
    with pytest.raises(TypeError) as error:
        float_values("x", value, "float32")
    assert str(error.value) == f"x must be numbers (a number, a list or an array of them), got {kind}."


@pytest.mark.parametrize("values, source, dtype", [
    ([0.0, -2.5, 1e3], "float32", "float32"), ([0.0, -2.5, 1e3], "float64", "float32"),
    ([1e18, -1e18], "float32", "float32"), ([1e18, -1e18], "float64", "float32"),
    ([1e150], "float64", "float64"), ([65504.0], "float32", "float64")])
def test_squares_fit_vouches_for_finite_values_whose_squares_fit(values, source, dtype):
    assert squares_fit(np.array(values, dtype=source), dtype)


def test_squares_fit_computes_in_the_arrays_dtype_so_float16_vouches_only_for_small_values():
    assert squares_fit(np.array([100.0, -1.5], dtype=np.float16), "float32")
    assert not squares_fit(np.array([300.0], dtype=np.float16), "float32")  # 300² > 65504


@pytest.mark.parametrize("values, dtype", [([1.0, np.nan], "float32"), ([np.inf], "float64"),
                                           ([-np.inf, 0.0], "float32"), ([1.0, 3e19], "float32"),
                                           ([1e39], "float32"), ([1e160], "float64"),
                                           ([1e19] * 10, "float32")])
def test_squares_fit_cannot_vouch_for_nan_inf_or_squares_near_the_largest_float(values, dtype):
    assert not squares_fit(np.array(values), dtype)


def test_squares_fit_leaves_integer_arrays_to_the_full_checks():
    assert not squares_fit(np.array([1, 2, 3]), "float32")


@pytest.mark.parametrize("value, message", [
    (np.array([[1.0, np.nan]], dtype=np.float32), r"x contains 1 NaN or infinite value\(s\); the first is nan at index \(0, 1\)"),
    (np.array([[1.0, -3e19]]), r"x holds values as large as 3e\+19 in magnitude"),
    (np.array([[1e39]]), r"x holds values as large as 1e\+39 in magnitude"),
])
def test_as_float_array_refuses_what_the_dot_product_cannot_vouch_for_with_the_full_message(value, message):
    with pytest.raises(ValueError, match=message):
        as_float_array("x", value, "float32", squares=True)


def test_as_float_array_returns_float_arrays_of_the_dtype_unchanged_when_their_squares_fit():
    x = np.ones((3, 2), dtype=np.float32)
    assert as_float_array("x", x, "float32", squares=True) is x
    assert as_float_array("x", x.astype(np.float64), "float32", squares=True).dtype == np.float32
