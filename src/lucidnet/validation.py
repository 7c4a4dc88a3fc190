"""Checks at the API boundary that turn bad input into a message that explains itself."""

from __future__ import annotations

import numpy as np


def positive_int(name: str, value, allow_none: bool = False):
    """``value`` as an int, or a ValueError saying ``name`` must be a positive integer."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    return int(value)


def as_float_array(name: str, value, dtype) -> np.ndarray:
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
    if len(x) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of examples, got "
            f"{len(x)} and {len(y)}."
        )
