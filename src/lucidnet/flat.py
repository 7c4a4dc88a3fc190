"""Many arrays as views of one flat array, so that an element-wise pass over all of them is
one call instead of one per array.

A model keeps its trainable parameters θ₁ … θₖ so, `[θ₁ | θ₂ | … | θₖ]`, and its gradients
∂C/∂θ likewise (`Model.build`); an optimizer then updates every parameter with one call of
its rule (one compiled kernel, or one set of NumPy passes) and the finite-gradient guard
takes one dot product.  Whoever receives such arrays can find the flat array back with
`span`; arrays that are not laid out so are handled one by one, with the same results.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np


def views(flat: np.ndarray, shapes: Sequence[tuple]) -> list[np.ndarray]:
    """Consecutive views of the 1-D array `flat`, shaped as `shapes`, from its start.

    Examples
    --------
    >>> flat = np.arange(7.0)
    >>> [v.tolist() for v in views(flat, [(2, 2), (3,)])]
    [[[0.0, 1.0], [2.0, 3.0]], [4.0, 5.0, 6.0]]
    """
    arrays, start = [], 0
    for shape in shapes:
        stop = start + int(np.prod(shape, dtype=np.int64))
        arrays.append(flat[start:stop].reshape(shape))
        start = stop
    return arrays


def zeros_like(arrays: Sequence[np.ndarray], dtype=None, extra: int = 0):
    """`(flat, views)`: a flat array of zeros with room for every one of `arrays` (and
    `extra` values after them), and its views shaped like them."""
    shapes = [np.shape(a) for a in arrays]
    size = sum(int(np.prod(shape, dtype=np.int64)) for shape in shapes)
    flat = np.zeros(size + extra, dtype=dtype if dtype is not None else arrays[0].dtype)
    return flat, views(flat, shapes)


def span(arrays: Sequence[np.ndarray]) -> np.ndarray | None:
    """The 1-D array that `arrays` tile exactly, one after another, when they are consecutive
    C-contiguous views of one buffer (as `views` makes them), else None.

    Examples
    --------
    >>> flat = np.zeros(6)
    >>> a, b = views(flat, [(2, 2), (2,)])
    >>> span([a, b]).size, span([b, a]), span([a, b.copy()])
    (6, None, None)
    """
    if not arrays:
        return None
    first = arrays[0]
    base = first.base
    if base is None or not isinstance(base, np.ndarray) or base.ndim != 1 \
            or not base.flags.c_contiguous:
        return None
    itemsize = base.itemsize
    origin = base.__array_interface__["data"][0]
    start = (first.__array_interface__["data"][0] - origin) // itemsize
    position = start
    for array in arrays:
        if array.base is not base or not array.flags.c_contiguous or array.dtype != base.dtype \
                or array.__array_interface__["data"][0] != origin + position * itemsize:
            return None
        position += array.size
    return base[start:position]


class SpanCache:
    """`span` of the arrays last asked about, recomputed only when they are other arrays
    (compared by identity): a step hands the same views to the optimizer every time."""

    def __init__(self):
        self._arrays: list = []
        self._span: np.ndarray | None = None

    def __getstate__(self) -> dict:
        # A copy (pickle, deepcopy) holds copies of the arrays, which are views of nothing:
        # it starts empty rather than answer with a span of arrays it no longer matches.
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()

    def __call__(self, arrays: Sequence[np.ndarray]) -> np.ndarray | None:
        if len(arrays) != len(self._arrays) or not all(map(operator.is_, arrays, self._arrays)):
            self._arrays = list(arrays)
            self._span = span(self._arrays)
        return self._span
