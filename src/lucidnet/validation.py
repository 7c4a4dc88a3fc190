"""Checks at the API boundary that turn bad input into a message that explains itself.

The package's argument checks live here, so that each requirement is written once and
worded the same way everywhere. Each checker takes the name to show (`"epsilon"`,
`"Dense units"`) and the value received, and either returns the value as a plain Python
`float`, `int`, `bool`, option string or tuple of ints (so that configs stay
JSON-serializable) or raises a `ValueError` that names both (see the example below).

A number is a finite real: a Python `int` or `float` or a NumPy integer or floating
scalar such as `np.float32(0.3)`; never a `bool`, NaN or ±inf. An integer is a Python
`int` or a NumPy integer scalar, never a `bool`. A choice is one of a few named options
(`"auto"`, `"min"`, `"max"`), possibly beside a checked value (`"epoch"` or a
positive integer). Checks run once, in constructors and at `fit`/`predict`/`load`,
never inside a training step.

Examples
--------
>>> fraction("momentum", 1.5)
Traceback (most recent call last):
    ...
ValueError: momentum must be a number in [0, 1), got 1.5.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Iterable
from numbers import Integral, Real
from typing import Any, TypeVar

import numpy as np

from .errors import ArgumentTypeError

T = TypeVar("T")

_BOOLEANS = (bool, np.bool_)


def _refusal(name: str, requirement: str, value: Any) -> ValueError:
    """The error every checker raises: "<name> must be <requirement>, got <value!r>.".

    The requirement is also kept on the error, so that [`choice_or`][lucidnet.validation.choice_or] can name it beside
    the choices."""
    error = ValueError(f"{name} must be {requirement}, got {value!r}.")
    error.requirement = requirement
    return error


def is_number(value: Any) -> bool:
    """True for a finite real number (Python or NumPy scalar), False for a bool, NaN or ±inf.

    Examples
    --------
    >>> [is_number(v) for v in (3, np.float32(0.3), True, float("nan"), "1")]
    [True, True, False, False, False]
    """
    if not isinstance(value, Real) or isinstance(value, _BOOLEANS):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def number(
    name: str,
    value: Any,
    *,
    greater_than: float | None = None,
    at_least: float | None = None,
    below: float | None = None,
    at_most: float | None = None,
) -> float:
    """`value` as a float, if it is a finite number within the bounds given.

    At most one lower bound (`greater_than` x > a, `at_least` x ≥ a) and one upper
    bound (`below` x < b, `at_most` x ≤ b). The message states the requirement:
    "a number > 0", "a number >= 1", "a number in [0, 1)", "a finite number".

    Examples
    --------
    >>> number("t_mul", 2, at_least=1)
    2.0
    >>> number("alpha", 1.5, at_least=0, at_most=1)
    Traceback (most recent call last):
        ...
    ValueError: alpha must be a number in [0, 1], got 1.5.
    """
    if greater_than is not None and at_least is not None:
        raise TypeError("Pass at most one of greater_than and at_least.")
    if below is not None and at_most is not None:
        raise TypeError("Pass at most one of below and at_most.")
    if not is_number(value) or not (
        (greater_than is None or value > greater_than)
        and (at_least is None or value >= at_least)
        and (below is None or value < below)
        and (at_most is None or value <= at_most)
    ):
        raise _refusal(name, _requirement(greater_than, at_least, below, at_most), value)
    return float(value)


def _requirement(greater_than, at_least, below, at_most) -> str:
    lower = (greater_than, "(", ">") if greater_than is not None else (at_least, "[", ">=")
    upper = (below, ")", "<") if below is not None else (at_most, "]", "<=")
    if lower[0] is not None and upper[0] is not None:
        return f"a number in {lower[1]}{lower[0]}, {upper[0]}{upper[1]}"
    for bound, _, relation in (lower, upper):
        if bound is not None:
            return f"a number {relation} {bound}"
    return "a finite number"


def positive_number(name: str, value: Any) -> float:
    """`value` as a float if it is a finite number > 0."""
    return number(name, value, greater_than=0)


def non_negative_number(name: str, value: Any) -> float:
    """`value` as a float if it is a finite number >= 0."""
    return number(name, value, at_least=0)


def fraction(name: str, value: Any) -> float:
    """`value` as a float if it lies in [0, 1): a rate, a momentum, a decay factor.

    Examples
    --------
    >>> fraction("Dropout rate", np.float32(0.5))
    0.5
    """
    return number(name, value, at_least=0, below=1)


def is_integer(value: Any) -> bool:
    """True for a Python or NumPy integer, False for a bool (a flag, not a count) or a float.

    Examples
    --------
    >>> [is_integer(v) for v in (3, np.int64(3), True, 3.0)]
    [True, True, False, False]
    """
    # A plain int first: the abstract-class check costs more than the rest of a call.
    return type(value) is int or isinstance(value, Integral) and not isinstance(value, _BOOLEANS)


def integer(name: str, value: Any, *, at_least: int | None = None, at_most: int | None = None) -> int:
    """`value` as an int, if it is an integer within the bounds given (both inclusive).

    Examples
    --------
    >>> integer("opset", np.int64(13), at_least=13, at_most=21)
    13
    >>> integer("opset", 12, at_least=13, at_most=21)
    Traceback (most recent call last):
        ...
    ValueError: opset must be an integer in [13, 21], got 12.
    """
    if not is_integer(value) or not (
        (at_least is None or value >= at_least) and (at_most is None or value <= at_most)
    ):
        raise _refusal(name, _integer_requirement(at_least, at_most), value)
    return int(value)


def _integer_requirement(at_least, at_most) -> str:
    if at_least is not None and at_most is not None:
        return f"an integer in [{at_least}, {at_most}]"
    if at_most is not None:
        return f"an integer <= {at_most}"
    if at_least == 0:
        return "a non-negative integer"
    if at_least == 1:
        return "a positive integer"
    return "an integer" if at_least is None else f"an integer >= {at_least}"


def positive_int(name: str, value: Any, allow_none: bool = False) -> int | None:
    """`value` as an int if it is an integer >= 1 (or None, when `allow_none`).

    Examples
    --------
    >>> positive_int("units", np.int64(3))
    3
    """
    if value is None and allow_none:
        return None
    return integer(name, value, at_least=1)


def non_negative_int(name: str, value: Any) -> int:
    """`value` as an int if it is an integer >= 0: a seed, a patience, a step."""
    return integer(name, value, at_least=0)


def batch_range(name: str, value: Any) -> tuple[int, int]:
    """`(start, stop)`, both inclusive, from a non-negative integer `n` (the range
    `(n, n)`) or a pair of them with `start <= stop`: a span of batches.

    Examples
    --------
    >>> batch_range("profile_batch", (10, 20))
    (10, 20)
    >>> batch_range("profile_batch", (20, 10))
    Traceback (most recent call last):
        ...
    ValueError: profile_batch must be a non-negative integer or a pair (start, stop) of them with start <= stop, got (20, 10).
    """
    if is_integer(value) and value >= 0:
        return int(value), int(value)
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(is_integer(end) and end >= 0 for end in value)
        and value[0] <= value[1]
    ):
        return int(value[0]), int(value[1])
    raise _refusal(
        name, "a non-negative integer or a pair (start, stop) of them with start <= stop", value
    )


def boolean(name: str, value: Any) -> bool:
    """`value` as a bool if it is True or False (a NumPy bool too); 1, 0 and "yes" are refused.

    Examples
    --------
    >>> boolean("nesterov", "yes")
    Traceback (most recent call last):
        ...
    ValueError: nesterov must be True or False, got 'yes'.
    """
    if not isinstance(value, _BOOLEANS):
        raise _refusal(name, "True or False", value)
    return bool(value)


def optional(check: Callable[..., T], name: str, value: Any, **bounds: Any) -> T | None:
    """None if `value` is None, else `check(name, value, **bounds)`.

    Examples
    --------
    >>> optional(positive_number, "clipnorm", None) is None
    True
    >>> optional(positive_number, "clipnorm", 0)
    Traceback (most recent call last):
        ...
    ValueError: clipnorm must be a number > 0, got 0.
    """
    return None if value is None else check(name, value, **bounds)


def choice(name: str, value: Any, choices: Iterable) -> Any:
    """`value` if it is one of `choices` (strings, or None), as the option itself.

    Examples
    --------
    >>> choice("mode", np.str_("max"), ("auto", "min", "max"))
    'max'
    >>> choice("mode", "best", ("auto", "min", "max"))
    Traceback (most recent call last):
        ...
    ValueError: mode must be one of 'auto', 'min' or 'max', got 'best'.
    """
    choices = tuple(choices)
    option = _matching(value, choices)
    if option is _NO_MATCH:
        raise _refusal(name, "one of " + _alternatives(choices), value)
    return option


def choice_or(check: Callable[..., T], name: str, value: Any, choices: Iterable, **bounds: Any):
    """`value` if it is one of `choices`, else `check(name, value, **bounds)`; a refusal
    names both, e.g. for a period given as `"epoch"` or as a number of batches.

    Examples
    --------
    >>> choice_or(positive_int, "save_freq", np.int64(100), ("epoch",))
    100
    >>> choice_or(positive_int, "save_freq", 0, ("epoch",))
    Traceback (most recent call last):
        ...
    ValueError: save_freq must be 'epoch' or a positive integer, got 0.
    """
    choices = tuple(choices)
    option = _matching(value, choices)
    if option is not _NO_MATCH:
        return option
    try:
        return check(name, value, **bounds)
    except ValueError as error:
        if not hasattr(error, "requirement"):  # a check that is not one of these
            raise
        raise _refusal(name, _alternatives(choices, error.requirement), value) from None


_NO_MATCH = object()


def _matching(value: Any, choices: tuple) -> Any:
    """The option of `choices` that `value` is (None) or equals (a str), else _NO_MATCH."""
    for option in choices:
        if value is option or (isinstance(option, str) and isinstance(value, str) and value == option):
            return option
    return _NO_MATCH


def _alternatives(options: tuple, last: str | None = None) -> str:
    """`'a', 'b' or 'c'`: the options in their repr, then `last` (a requirement), which
    may itself be a choice: `None, True or False`."""
    words = [repr(option) for option in options]
    tail = words.pop() if last is None else last
    if not words:
        return tail
    return ", ".join(words) + (", " if " or " in tail else " or ") + tail


def folder_path(name: str, value: Any) -> str:
    """`value` as a path string if it names a folder: a non-empty `str` or `os.PathLike`
    that is not an existing file (the folder itself may not exist yet).

    Examples
    --------
    >>> folder_path("backup_dir", "")
    Traceback (most recent call last):
        ...
    ValueError: backup_dir must be the path of a folder (a non-empty str or os.PathLike), got ''.
    """
    path = os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
    if not isinstance(path, str) or not path:
        raise _refusal(name, "the path of a folder (a non-empty str or os.PathLike)", value)
    if os.path.exists(path) and not os.path.isdir(path):
        raise ValueError(f"{name} {path!r} is a file; it must be the path of a folder, which "
                         f"is created if it does not exist.")
    return path


def sequence(name: str, value: Any, entries: str = "numbers") -> list:
    """`value` as a list if it is an iterable other than a string; its entries are the
    caller's to check (`entries` only words the message)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise _refusal(name, f"a list of {entries}", value)
    return list(value)


def as_shape(name: str, value: Any) -> tuple[int, ...]:
    """`value` as a tuple of ints >= 1, one per axis; a lone integer is a single axis.

    Examples
    --------
    >>> as_shape("A shape", 784)
    (784,)
    >>> as_shape("A shape", (28, 2.5))
    Traceback (most recent call last):
        ...
    ValueError: A shape must be a tuple of positive integers, got (28, 2.5).
    """
    axes = (value,) if is_integer(value) else value
    try:
        sizes = tuple(positive_int(name, size) for size in sequence(name, axes))
    except (TypeError, ValueError):  # TypeError: a 0-d array, iterable in type only
        sizes = ()
    if not sizes:
        raise _refusal(name, "a tuple of positive integers", value)
    return sizes


def axis_or_axes(name: str, value: Any) -> int | tuple[int, ...]:
    """`value` as an axis (an integer, negative counting from the end) or as several, a tuple
    of distinct integers; a list or tuple of one axis is that integer.

    Examples
    --------
    >>> axis_or_axes("Softmax axis", [1, 2]), axis_or_axes("Softmax axis", (np.int64(-1),))
    ((1, 2), -1)
    >>> axis_or_axes("Softmax axis", [1, 1])
    Traceback (most recent call last):
        ...
    ValueError: Softmax axis must be an integer or a list of distinct integers, got [1, 1].

    A value of another type (a string, a float, a dict) raises
    [lucidnet.errors.ArgumentTypeError][], a `TypeError` as in Keras and a `ValueError` too.
    """
    if is_integer(value):
        return int(value)
    requirement = "an integer or a list of distinct integers"
    if not isinstance(value, (list, tuple, np.ndarray)):  # a dict, a string, a float: Keras's TypeError
        raise ArgumentTypeError(f"{name} must be {requirement}, got {value!r}.")
    entries = list(value)
    if not entries or not all(is_integer(entry) for entry in entries) or len(set(entries)) != len(entries):
        raise _refusal(name, requirement, value)
    return int(entries[0]) if len(entries) == 1 else tuple(int(entry) for entry in entries)


def axes(name: str, value: Any) -> tuple[int, ...]:
    """`value` as a tuple of distinct ints ([`axis_or_axes`][lucidnet.validation.axis_or_axes], a lone integer being one
    axis): the axis or axes a layer works along.  Negative ones count from the end, as in
    NumPy; whether each exists is for the layer to check, once it knows its input's rank.

    Examples
    --------
    >>> axes("LayerNormalization axis", -1)
    (-1,)
    """
    found = axis_or_axes(name, value)
    return (found,) if isinstance(found, int) else found


def axes_of(name: str, value: int | tuple[int, ...], ndim: int) -> tuple[int, ...]:
    """The positions (0 … ndim − 1) of the axes `value` names in an array of `ndim` axes;
    each must lie in [−ndim, ndim − 1], and no position may be named twice.

    Examples
    --------
    >>> axes_of("The axis", -1, 3), axes_of("The axis", (0, -1), 3)
    ((2,), (0, 2))
    >>> axes_of("The axis", (1, -1), 2)
    Traceback (most recent call last):
        ...
    ValueError: The axis must be distinct axes of an input with 2 axes, each in [-2, 1], got (1, -1).
    """
    axes = (value,) if is_integer(value) else tuple(value)
    positions = tuple(int(axis) % ndim for axis in axes if -ndim <= axis < ndim)
    if len(positions) != len(axes) or len(set(positions)) != len(positions):
        raise _refusal(name, f"distinct axes of an input with {ndim} axes, each in "
                             f"[{-ndim}, {ndim - 1}]", value)
    return positions


def float_values(name: str, value: Any, dtype) -> np.ndarray:
    """`value` as a float array: a NumPy float array or scalar keeps its dtype, and other
    numbers (Python numbers, lists of them, integer or boolean arrays) become `dtype`.

    Examples
    --------
    >>> float_values("x", [1, 2], "float32").dtype, float_values("x", np.zeros(2), "float32").dtype
    (dtype('float32'), dtype('float64'))
    >>> float_values("relu input", "1.5", "float32")
    Traceback (most recent call last):
        ...
    TypeError: relu input must be numbers (a number, a list or an array of them), got str of dtype <U3.
    """
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind == "f":
        return np.asarray(value)
    try:
        array = np.asarray(value)
    except ValueError:  # a ragged list
        array = np.asarray(value, dtype=object)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must be numbers (a number, a list or an array of them), got "
            f"{type(value).__name__} of dtype {array.dtype}."
        )
    return array.astype(dtype)


def as_float_array(name: str, value: Any, dtype, squares: bool = False) -> np.ndarray:
    """`value` as a finite float array of `dtype`; says where a NaN or inf sits if any.
    With `squares`, its values must also be squarable in `dtype` ([`check_magnitude`][lucidnet.validation.check_magnitude]),
    as the inputs and targets of training must."""
    array = value if type(value) is np.ndarray else as_array(name, value)
    if array.dtype.kind not in "biuf":  # object arrays too (kind "O")
        raise TypeError(
            f"{name} must be a numeric array, got {type(value).__name__} of dtype {array.dtype}."
        )
    if array.ndim == 0:
        raise ValueError(f"{name} must have a batch axis, got a scalar {value!r}.")
    if squares and squares_fit(array, dtype):  # both checks below at the price of one pass
        return array.astype(dtype, copy=False)
    if squares:  # before the cast, which would turn 1e39 into an inf of float32
        check_magnitude(name, array, dtype)
    array = array.astype(dtype, copy=False)
    check_finite(name, array)
    return array


def as_array(name: str, value: Any) -> np.ndarray:
    """`np.asarray(value)`, or a ValueError saying where a nested list stops being
    rectangular (NumPy's own message does not name the argument).

    Examples
    --------
    >>> as_array("x", [[1, 2], [3]])
    Traceback (most recent call last):
        ...
    ValueError: x must be a rectangular array, but its rows differ: row 1 has 1 entry, row 0 has 2 entries.
    """
    try:
        return np.asarray(value)
    except ValueError:  # NumPy's words for a ragged nesting ("inhomogeneous shape")
        raise ValueError(
            f"{name} must be a rectangular array, but its rows differ: {_ragged_where(value)}."
        ) from None


def _ragged_where(value: Any) -> str:
    """Where a nested sequence first stops being rectangular, e.g. "row 2 has 3 entries, row
    0 has 2"."""
    rows = list(value)
    lengths = [len(row) if isinstance(row, Iterable) and not isinstance(row, (str, bytes))
               else None for row in rows]
    for index, length in enumerate(lengths):
        if length != lengths[0]:
            def describe(n):
                return "a single value" if n is None else f"{n} entr{'y' if n == 1 else 'ies'}"
            return f"row {index} has {describe(length)}, row 0 has {describe(lengths[0])}"
    shapes = []
    for index, row in enumerate(rows):  # the rows agree in length: the difference is deeper
        try:
            shapes.append(np.shape(row))
        except ValueError:
            return f"inside row {index}, {_ragged_where(row)}"
        if shapes[-1] != shapes[0]:
            return f"row {index} has shape {shapes[-1]}, row 0 has shape {shapes[0]}"
    return "its nesting is irregular"


def as_floats(name: str, value: Any, default_dtype) -> np.ndarray:
    """`value` as a finite float array of its own float dtype, or of `default_dtype` when
    it holds integers (the checks of [`as_float_array`][lucidnet.validation.as_float_array]).

    Examples
    --------
    >>> as_floats("x", np.array([1, 2]), "float32").dtype, as_floats("x", [0.5], "float32").dtype
    (dtype('float32'), dtype('float64'))
    """
    own = as_array(name, value).dtype
    return as_float_array(name, value, own if own.kind == "f" else np.dtype(default_dtype))


def as_output_batch(name: str, value: Any, default_dtype) -> np.ndarray:
    """`value` as a batch of network outputs, shape (N, k, ...): [`as_floats`][lucidnet.validation.as_floats], with at
    least two axes.

    Examples
    --------
    >>> as_output_batch("y_pred", [0.2, 0.8], "float32")
    Traceback (most recent call last):
        ...
    ValueError: y_pred must have shape (batch, outputs), got shape (2,). Hint: one output per example is y_pred.reshape(-1, 1).
    """
    array = as_floats(name, value, default_dtype)
    if array.ndim < 2:
        raise ValueError(
            f"{name} must have shape (batch, outputs), got shape {array.shape}. Hint: one "
            f"output per example is {name.rpartition(' ')[2]}.reshape(-1, 1)."
        )
    return array


def all_finite(array: np.ndarray) -> bool:
    """True if `array` (float) holds no NaN or ±inf.

    One dot product Σa² (BLAS, the fastest pass NumPy has: 24 µs over 235,146 float32
    values, where `a.sum()` takes 76 µs and a float64 sum 158 µs) answers for almost every
    array; only when it is not finite, a NaN or ±inf or merely a value above √max, is each
    value looked at.
    """
    return math.isfinite(float(np.vdot(array, array))) or bool(np.isfinite(array).all())


def squares_fit(array: np.ndarray, dtype) -> bool:
    """True if the float `array` holds no NaN or ±inf and every value's square fits `dtype`
    with room to spare, as one dot product S = Σv² (in the array's own dtype) shows; False
    when S cannot tell, and [`check_magnitude`][lucidnet.validation.check_magnitude] and
    [`check_finite`][lucidnet.validation.check_finite] must look at the values.

    ```formula
    S < max(dtype)/4  ⇒  v² < max(dtype)/2 for every v
    ```

    Rounding a sum of non-negative terms never takes it below its largest term by more than
    the unit roundoff, so a NaN or ±inf makes S NaN or inf, and an S below a quarter of the
    largest float leaves every |v| under √max(dtype)/√2.  Integer arrays, whose products
    wrap around, are answered False.  One BLAS pass, where the full checks make three (the
    maximum, the minimum and a float64 sum), each slower.

    Examples
    --------
    >>> squares_fit(np.array([1.0, -3.0]), "float32"), squares_fit(np.array([1.0, 3e19]), "float32")
    (True, False)
    """
    if array.dtype.kind != "f":
        return False
    return float(np.vdot(array, array)) < _square_sum_limit(dtype)


def check_finite(name: str, array: np.ndarray) -> None:
    """Nothing if `array` holds no NaN or ±inf, else a ValueError naming the first one."""
    if array.dtype.kind != "f":
        return
    # One BLAS pass without a temporary mask: any NaN or ±inf makes Σa² non-finite.  Only
    # then (or if huge finite values overflow it) is the element-wise search done.
    if math.isfinite(float(np.vdot(array, array))):
        return
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))
        first = tuple(int(i) for i in bad[0])
        raise ValueError(
            f"{name} contains {len(bad)} NaN or infinite value(s); the first is "
            f"{array[first]} at index {first}. Clean or impute the data before training."
        )


@functools.cache
def _largest(dtype: np.dtype) -> float:
    """max(dtype), the largest finite float: once per dtype, since every `predict` and
    `model(x)` checks its inputs against it."""
    return float(np.finfo(dtype).max)


@functools.cache
def _square_sum_limit(dtype) -> float:
    """max(dtype)/4, the bound of `squares_fit`, once per way of naming the dtype (the
    models' dtypes are names, `"float32"`)."""
    return _largest(np.dtype(dtype)) / 4


def _square_limit(dtype: np.dtype) -> float:
    """√max(dtype), the largest magnitude whose square `dtype` holds."""
    return math.sqrt(_largest(dtype))


def check_magnitude(name: str, array: np.ndarray, dtype) -> None:
    """Nothing if every finite value v of `array` has a v² that `dtype` holds, |v| <
    √max(dtype) (1.8e19 for float32), else a ValueError giving the largest magnitude found.

    Such a value, or one beyond max(dtype) that the cast would turn into inf (1e39 in
    float32), makes every square of it (the loss, Adam's and RMSprop's second moments) inf,
    so training stops for no visible reason.  NaN and ±inf are left to [`check_finite`][lucidnet.validation.check_finite].
    Two reductions, no temporary array.

    Examples
    --------
    >>> check_magnitude("x", np.array([1.0, -3e19]), "float32")
    Traceback (most recent call last):
        ...
    ValueError: x holds values as large as 3e+19 in magnitude, and float32 cannot hold their squares (it needs every |value| < 1.84e+19): the loss and the optimizer's second moments would become inf. Scale the data first (lucidnet.preprocessing.Standardizer), or build the model with dtype="float64".
    """
    if array.size == 0 or array.dtype.kind not in "biuf":
        return
    dtype = np.dtype(dtype)
    largest = max(float(array.max()), -float(array.min()))
    limit = _square_limit(dtype)
    if math.isfinite(largest) and largest >= limit:
        wider = "" if dtype == np.float64 else ', or build the model with dtype="float64"'
        raise ValueError(
            f"{name} holds values as large as {largest:.3g} in magnitude, and {dtype} cannot "
            f"hold their squares (it needs every |value| < {limit:.3g}): the loss "
            f"and the optimizer's second moments would become inf. Scale the data first "
            f"(lucidnet.preprocessing.Standardizer){wider}."
        )


def values_within(name: str, array: np.ndarray, low: float, high: float, hint: str = "") -> None:
    """Nothing if every value of `array` lies in [low, high], else a ValueError giving the
    range found and the first value outside it, followed by `hint`.

    Examples
    --------
    >>> values_within("binary_crossentropy y", np.array([0.0, 1.0, 2.0]), 0, 1)
    Traceback (most recent call last):
        ...
    ValueError: binary_crossentropy y must hold values in [0, 1], got values from 0 to 2 (the first outside is 2 at index (2,)).
    """
    outside = (array < low) | (array > high)
    if outside.any():
        first = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(
            f"{name} must hold values in [{low:g}, {high:g}], got values from {array.min():g} "
            f"to {array.max():g} (the first outside is {array[first]:g} at index {first})."
            + (f" {hint}" if hint else "")
        )


def rows_summing_to_one(name: str, array: np.ndarray, hint: str = "", tolerance: float = 1e-3) -> None:
    """Nothing if each row of `array` (its last axis) sums to 1 within `tolerance`, as a
    one-hot row or a probability distribution does; else a ValueError naming the first row
    that does not, followed by `hint`.

    Examples
    --------
    >>> rows_summing_to_one("y", np.array([[0.2, 0.8], [1.0, 1.0]]))
    Traceback (most recent call last):
        ...
    ValueError: y must hold rows that sum to 1 (one-hot or probabilities), got row 1 = [1. 1.], which sums to 2.
    """
    sums = array.sum(axis=-1, dtype=np.float64)
    wrong = np.abs(sums - 1.0) > tolerance
    if wrong.any():
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        where = ", ".join(map(str, first))
        raise ValueError(
            f"{name} must hold rows that sum to 1 (one-hot or probabilities), got row {where} = "
            f"{array[first]}, which sums to {sums[first]:g}." + (f" {hint}" if hint else "")
        )


def same_length(x_name: str, x, y_name: str, y) -> None:
    """Nothing if `x` and `y` hold as many examples, else a ValueError giving both counts.

    Examples
    --------
    >>> same_length("x", np.zeros((3, 2)), "y", np.array(1.0))
    Traceback (most recent call last):
        ...
    ValueError: y must hold one entry per example of x (3), got a scalar array(1.).
    """
    for name, value in ((x_name, x), (y_name, y)):
        if np.ndim(value) == 0:
            raise ValueError(f"{name} must hold one entry per example of "
                             f"{x_name if name == y_name else y_name} "
                             f"({len(y) if name == x_name else len(x)}), got a scalar {value!r}.")
    if len(x) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of examples, got "
            f"{len(x)} and {len(y)}."
        )
