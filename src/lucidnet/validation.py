"""Checks at the API boundary that turn bad input into a message that explains itself.

The package's argument checks live here, so that each requirement is written once and
worded the same way everywhere. Each checker takes the name to show (``"epsilon"``,
``"Dense units"``) and the value received, and either returns the value as a plain Python
``float``, ``int`` or ``bool`` (so that configs stay JSON-serializable) or raises a
``ValueError`` that names both:

>>> fraction("momentum", 1.5)
Traceback (most recent call last):
    ...
ValueError: momentum must be a number in [0, 1), got 1.5.

A number is a finite real: a Python ``int`` or ``float`` or a NumPy integer or floating
scalar such as ``np.float32(0.3)``; never a ``bool``, NaN or ±inf. An integer is a Python
``int`` or a NumPy integer scalar, never a ``bool``. Checks run once, in constructors and
at ``fit``/``predict``/``load``, never inside a training step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from numbers import Integral, Real
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")

_BOOLEANS = (bool, np.bool_)


def is_number(value: Any) -> bool:
    """True for a finite real number (Python or NumPy scalar), False for a bool, NaN or ±inf.

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
    """``value`` as a float, if it is a finite number within the bounds given.

    At most one lower bound (``greater_than`` x > a, ``at_least`` x ≥ a) and one upper
    bound (``below`` x < b, ``at_most`` x ≤ b). The message states the requirement:
    "a number > 0", "a number >= 1", "a number in [0, 1)", "a finite number".

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
        requirement = _requirement(greater_than, at_least, below, at_most)
        raise ValueError(f"{name} must be {requirement}, got {value!r}.")
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
    """``value`` as a float if it is a finite number > 0."""
    return number(name, value, greater_than=0)


def non_negative_number(name: str, value: Any) -> float:
    """``value`` as a float if it is a finite number >= 0."""
    return number(name, value, at_least=0)


def fraction(name: str, value: Any) -> float:
    """``value`` as a float if it lies in [0, 1): a rate, a momentum, a decay factor.

    >>> fraction("Dropout rate", np.float32(0.5))
    0.5
    """
    return number(name, value, at_least=0, below=1)


def positive_int(name: str, value: Any, allow_none: bool = False) -> int | None:
    """``value`` as an int if it is an integer >= 1 (or None, when ``allow_none``).

    >>> positive_int("units", np.int64(3))
    3
    """
    if value is None and allow_none:
        return None
    return _integer(name, value, 1, "a positive integer")


def non_negative_int(name: str, value: Any) -> int:
    """``value`` as an int if it is an integer >= 0: a seed, a patience, a step."""
    return _integer(name, value, 0, "a non-negative integer")


def _integer(name: str, value: Any, minimum: int, requirement: str) -> int:
    if isinstance(value, _BOOLEANS) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be {requirement}, got {value!r}.")
    return int(value)


def boolean(name: str, value: Any) -> bool:
    """``value`` as a bool if it is True or False (a NumPy bool too); 1, 0 and "yes" are refused.

    >>> boolean("nesterov", "yes")
    Traceback (most recent call last):
        ...
    ValueError: nesterov must be True or False, got 'yes'.
    """
    if not isinstance(value, _BOOLEANS):
        raise ValueError(f"{name} must be True or False, got {value!r}.")
    return bool(value)


def optional(check: Callable[..., T], name: str, value: Any, **bounds: Any) -> T | None:
    """None if ``value`` is None, else ``check(name, value, **bounds)``.

    >>> optional(positive_number, "clipnorm", None) is None
    True
    >>> optional(positive_number, "clipnorm", 0)
    Traceback (most recent call last):
        ...
    ValueError: clipnorm must be a number > 0, got 0.
    """
    return None if value is None else check(name, value, **bounds)


def sequence(name: str, value: Any, entries: str = "numbers") -> list:
    """``value`` as a list if it is an iterable other than a string; its entries are the
    caller's to check (``entries`` only words the message)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a list of {entries}, got {value!r}.")
    return list(value)


def as_float_array(name: str, value: Any, dtype) -> np.ndarray:
    """``value`` as a finite float array of ``dtype``; says where a NaN or inf sits if any."""
    array = np.asarray(value)
    if array.dtype == object or array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must be a numeric array, got {type(value).__name__} of dtype {array.dtype}."
        )
    if array.ndim == 0:
        raise ValueError(f"{name} must have a batch axis, got a scalar {value!r}.")
    array = array.astype(dtype, copy=False)
    check_finite(name, array)
    return array


def check_finite(name: str, array: np.ndarray) -> None:
    """Nothing if ``array`` holds no NaN or ±inf, else a ValueError naming the first one."""
    if array.dtype.kind != "f":
        return
    # One pass without a temporary mask: any NaN or ±inf makes the float64 sum non-finite.
    # Only then (or if huge finite values overflow it) is the element-wise search done.
    if np.isfinite(np.add.reduce(array, axis=None, dtype=np.float64)):
        return
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))
        first = tuple(int(i) for i in bad[0])
        raise ValueError(
            f"{name} contains {len(bad)} NaN or infinite value(s); the first is "
            f"{array[first]} at index {first}. Clean or impute the data before training."
        )


def same_length(x_name: str, x, y_name: str, y) -> None:
    """Nothing if ``x`` and ``y`` hold as many examples, else a ValueError giving both counts."""
    if len(x) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of examples, got "
            f"{len(x)} and {len(y)}."
        )
