"""How a loss turns the losses of its examples into one number, and the weight of each in it.

A loss computes one value Cᵢ per example (per position, for inputs with more axes), then
reduces them, with sample weights wᵢ, as Keras does:

- `"sum_over_batch_size"` (the default) and `"mean"`: C = Σᵢ wᵢCᵢ / M, M the number of
  weighted values;
- `"sum"`: C = Σᵢ wᵢCᵢ;
- `"mean_with_sample_weight"`: C = Σᵢ wᵢCᵢ / Σᵢ wᵢ;
- `"none"` or `None`: the values wᵢCᵢ themselves.

A division by 0 gives 0.  The weights meet the values by Keras's rank rule
([lucidnet.losses.reduction.same_rank][]): weights of shape (N, 1) weigh values of shape
(N,) one per example.  A mask (the valid values of a loss with `ignore_class`) multiplies
the weights, by M / (number valid) for the two means, so that those average the valid values.

C is linear in the values, so its gradient ∂C/∂Cᵢ is the weight each value is reduced with,
[lucidnet.losses.reduction.value_weights][]: the factor the gradient of each example's loss
is multiplied by in BP1.
"""

from __future__ import annotations

import math

import numpy as np

from ..validation import choice

#: The reductions Keras accepts.
REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


def standardize_reduction(reduction):
    """`reduction` if it is one of `REDUCTIONS`.

    Parameters
    ----------
    reduction : str or None
        The name of the reduction.

    Returns
    -------
    str or None
        The reduction.

    Raises
    ------
    ValueError
        If it is not one of the reductions; the message lists them.

    Examples
    --------
    >>> standardize_reduction("sum")
    'sum'
    """
    return choice("Loss reduction", reduction, REDUCTIONS)


def reduces(reduction) -> bool:
    """True when `reduction` gives one number (not `"none"` or `None`)."""
    return reduction not in ("none", None)


def require_reduced(reduction) -> None:
    """Nothing if `reduction` gives one number to differentiate, else a ValueError."""
    if not reduces(reduction):
        raise ValueError(
            f"A loss with reduction={reduction!r} gives one loss per example, not one number "
            "to train on. Hint: use reduction='sum_over_batch_size' (the default) or 'sum'."
        )


def same_rank(x1: np.ndarray, x2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`x1` and `x2` with a trailing axis of length 1 squeezed or added, as Keras does, when
    their ranks differ by one.

    The array with the extra trailing 1 loses it, unless the other has rank 1: then the other
    gains one (so (N,) and (N, 1) both become (N, 1)).  Any other pair is returned unchanged.

    Parameters
    ----------
    x1, x2 : numpy.ndarray
        The two arrays.

    Returns
    -------
    tuple of numpy.ndarray
        The two arrays, reshaped.

    Examples
    --------
    >>> [a.shape for a in same_rank(np.ones(3), np.ones((3, 1)))]
    [(3, 1), (3, 1)]
    >>> [a.shape for a in same_rank(np.ones((3, 2)), np.ones((3, 2, 1)))]
    [(3, 2), (3, 2)]
    """
    if x1.ndim == x2.ndim + 1 and x1.shape[-1] == 1:
        if x2.ndim == 1:
            x2 = x2[:, None]
        else:
            x1 = x1[..., 0]
    elif x2.ndim == x1.ndim + 1 and x2.shape[-1] == 1:
        if x1.ndim == 1:
            x1 = x1[:, None]
        else:
            x2 = x2[..., 0]
    return x1, x2


def _weighting(shape, sample_weight, mask, reduction, dtype):
    """(values' shape, their weights or None, the shape of the weighted values, the divisor)."""
    weights = None if sample_weight is None else np.asarray(sample_weight, dtype=dtype)
    if mask is None and (weights is None or weights.ndim == 0 or weights.shape == shape):
        # The common case, each training step's: nothing to reshape or broadcast.
        return shape, weights, shape, _divisor(reduction, weights, shape)
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        if reduction in ("mean", "sum_over_batch_size"):
            valid = np.count_nonzero(mask)
            scale = mask.size / valid if valid else 0.0
            factor = np.where(mask, scale, 0.0).astype(dtype)
        else:
            factor = mask.astype(dtype)
        if weights is None:
            weights = factor
        else:
            factor, weights = same_rank(factor, weights)
            weights = weights * factor
    values = np.broadcast_to(np.zeros((), dtype), shape)  # stands in for the values' shape
    if weights is not None:
        values, weights = same_rank(values, weights)
    weighted = values.shape if weights is None else np.broadcast_shapes(values.shape, weights.shape)
    return values.shape, weights, weighted, _divisor(reduction, weights, weighted)


def _divisor(reduction, weights, weighted) -> float:
    """What the weighted sum is divided by: 1, Σw, or the number of weighted values."""
    if reduction == "sum":
        return 1.0
    if reduction == "mean_with_sample_weight" and weights is not None:
        return float(weights.sum(dtype=np.float64))
    return float(math.prod(weighted))


def reduce(values: np.ndarray, sample_weight=None, mask=None, reduction="sum_over_batch_size"):
    """The loss of a batch from the loss of each example, weighted and reduced.

    Parameters
    ----------
    values : numpy.ndarray
        The loss Cᵢ of each example (or position).
    sample_weight : array_like, optional
        One weight per value (or a scalar), shaped as Keras accepts them.
    mask : numpy.ndarray of bool, optional
        False for the values left out.
    reduction : str or None
        One of `REDUCTIONS`.

    Returns
    -------
    numpy.floating or numpy.ndarray
        The reduced loss, of the values' dtype; the weighted values for `"none"`.

    Examples
    --------
    >>> values = np.array([1.0, 2.0, 3.0])
    >>> float(reduce(values, [[1.0], [0.0], [2.0]])), float(reduce(values, reduction="sum"))
    (2.3333333333333335, 6.0)
    """
    dtype = values.dtype
    shape, weights, weighted, divisor = _weighting(values.shape, sample_weight, mask, reduction, dtype)
    values = values.reshape(shape)
    if weights is not None:
        values = values * weights
    if not reduces(reduction) or weighted in ((), (0,)):
        return values.astype(dtype, copy=False)
    total = values.sum(dtype=dtype)
    return dtype.type(total / divisor if divisor else 0.0)


def value_weights(shape, sample_weight=None, mask=None, reduction="sum_over_batch_size",
                  dtype="float64") -> np.ndarray:
    """∂C/∂Cᵢ: the weight of each value of the given shape in the reduced loss C.

    Parameters
    ----------
    shape : tuple of int
        The shape of the values Cᵢ.
    sample_weight : array_like, optional
        One weight per value (or a scalar), as for [lucidnet.losses.reduction.reduce][].
    mask : numpy.ndarray of bool, optional
        False for the values left out.
    reduction : str
        One of `REDUCTIONS` except `"none"`.
    dtype : dtype
        The dtype of the result.

    Returns
    -------
    numpy.ndarray
        An array of `shape`: wᵢ / M for the means, wᵢ for `"sum"`.

    Raises
    ------
    ValueError
        For `reduction="none"`, which gives no single number to differentiate.

    Examples
    --------
    >>> value_weights((3,), [1.0, 0.0, 2.0])
    array([0.33333333, 0.        , 0.66666667])
    """
    require_reduced(reduction)
    dtype = np.dtype(dtype)
    values_shape, weights, weighted, divisor = _weighting(shape, sample_weight, mask, reduction, dtype)
    scale = 1.0 / divisor if divisor else 0.0
    if weighted == tuple(shape) and (weights is None or weights.ndim == 0 or weights.shape == weighted):
        if weights is None or weights.ndim == 0:
            return np.full(shape, scale if weights is None else weights * scale, dtype)
        return weights * dtype.type(scale)
    full = np.broadcast_to(np.ones((), dtype) if weights is None else weights, weighted) * scale
    # Sum the weights over the axes the values were broadcast along (a scalar loss weighted
    # per example stands for each of them).
    extra = len(weighted) - len(values_shape)
    full = full.sum(axis=tuple(range(extra))) if extra else full
    ones = tuple(axis for axis, n in enumerate(values_shape) if n == 1 and full.shape[axis] != 1)
    if ones:
        full = full.sum(axis=ones, keepdims=True)
    return full.reshape(shape).astype(dtype, copy=False)
