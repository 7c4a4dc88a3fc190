"""Tensor: the NumPy array that lucidnet hands to users where Keras hands them a tensor.

The contract.  What `model(x)` and `layer(x)` return on arrays, the weights as a layer's
attributes show them (`layer.kernel`, `layer.bias`, `normalizer.mean`, ...) and what
`lucidnet.ops` returns are `Tensor` s: `np.ndarray` views with one more method,
`numpy()`, so that the TensorFlow tutorials' `model(x_train[:1]).numpy()` and
`normalizer.mean.numpy()` run unchanged.  A view costs no copy and shares memory, so
`layer.kernel` stays live: the optimizer updates the layer's array in place and the view
sees it.  Nothing inside lucidnet computes on a Tensor: the engine, `predict`,
`predict_on_batch` and `get_weights` keep plain arrays, and `wrap` is called only
at those user-facing edges.

Every NumPy function and operator applied to a Tensor returns a plain array or a NumPy
scalar (`np.argmax(model(x))`, `model(x) * 2`, `np.mean(...)`), so a Tensor never
spreads; slicing and `reshape` are views and stay Tensors, with `numpy()`.  Its `repr`
is the array's.
"""

from __future__ import annotations

import numpy as np


class Tensor(np.ndarray):
    """An `np.ndarray` with Keras's `numpy()`: a copy of its values as a plain array.

    Examples
    --------
    >>> import numpy as np
    >>> t = wrap(np.array([[0.1, 0.7, 0.2]]))
    >>> t.numpy()
    array([[0.1, 0.7, 0.2]])
    >>> type(t.numpy()).__name__, type(np.argmax(t, axis=-1)).__name__, type(t * 2).__name__
    ('ndarray', 'ndarray', 'ndarray')
    """

    __slots__ = ()

    def numpy(self) -> np.ndarray:
        """The values as a new plain `np.ndarray` (a copy, as Keras's `numpy()` of a
        variable is: changing it does not change the weights)."""
        return np.array(self.view(np.ndarray))

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # Operators, ufuncs and the reductions they make (sum, max, mean) on plain views.
        inputs = tuple(map(_plain, inputs))
        if "out" in kwargs:
            kwargs["out"] = tuple(map(_plain, kwargs["out"]))
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _decay(super().__array_function__(func, types, args, kwargs))

    def __repr__(self) -> str:
        return repr(self.view(np.ndarray))


def wrap(array):
    """`array` (an `np.ndarray`, or a NumPy scalar, which becomes a 0-d array) as a
    `Tensor` view of the same memory; None stays None."""
    if type(array) is np.ndarray:
        return array.view(Tensor)
    return None if array is None else np.asarray(array).view(Tensor)


def _plain(value):
    return value.view(np.ndarray) if isinstance(value, Tensor) else value


def _decay(result):
    """A NumPy function's result with every Tensor in it made a plain array again."""
    if isinstance(result, Tensor):
        return result.view(np.ndarray)
    if isinstance(result, list):
        return [_decay(item) for item in result]
    if isinstance(result, tuple):  # np.linalg's named tuples keep their type
        items = [_decay(item) for item in result]
        return type(result)._make(items) if hasattr(result, "_make") else tuple(items)
    return result


__all__ = ["Tensor", "wrap"]
