"""`keras.ops` over NumPy: the functions notebooks apply to what a model returns.

The contract.  Each function has Keras 3's name, signature and defaults, and returns a
`Tensor` (an `np.ndarray` with `numpy()`; a tuple of them for
`top_k` and one-argument `where`), except `convert_to_numpy`, which
returns the plain array, and `shape`, a tuple.  Inputs are arrays, Tensors, NumPy
scalars, Python numbers or nested lists of them, read as `convert_to_tensor` reads
them: an array keeps its dtype; Python ints become int32, Python floats
[`lucidnet.config.floatx`][lucidnet.config.floatx] (float32 by default), as in Keras.

The dtypes of the results are Keras's: `argmax`/`argmin` and `top_k`'s indices are
int32; `sum` of booleans or 8- and 16-bit integers is int32 (uint32 for unsigned);
`mean` of integers is float32; `sqrt`, `exp` and `log` of integers are floatx;
`square` and `clip` of booleans are int32; `one_hot` is float32 unless `dtype` says
otherwise; `zeros` and `ones` are floatx, `arange` int32 for Python ints.  Where two
operands of different dtypes meet (`matmul`, `where`, `stack`, `concatenate`), a float
wins over an integer, the wider float or integer over the narrower, and a Python number
takes the other operand's dtype (a Python float given with integers makes floatx), as
Keras's promotion rules have it for these types.

`softmax`, `sigmoid` and `relu` are the formulas of
[`lucidnet.activations`][lucidnet.activations]; like them, they compute in floats (an integer
input becomes floatx, where Keras's `relu` keeps an integer dtype).

Examples
--------
>>> from lucidnet import ops
>>> probabilities = ops.softmax([[1.0, 3.0, 0.5]])
>>> ops.argmax(probabilities, axis=-1).numpy()
array([1], dtype=int32)
>>> ops.convert_to_numpy(ops.top_k([5, 2, 7, 1, 9, 3], k=3)[1])
array([4, 2, 0], dtype=int32)
"""

from __future__ import annotations

import numpy as np

from . import activations
from .config import floatx
from .tensor import wrap
from .validation import integer, non_negative_int, positive_int, sequence

_INT32_SUMS = {"bool": "int32", "int8": "int32", "int16": "int32", "uint8": "uint32",
               "uint16": "uint32"}


# -- tensors ----------------------------------------------------------------------------------
def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """`x` as a new Tensor: an array or Tensor keeps its dtype, Python ints become int32 and
    Python floats floatx; `dtype` casts.  `sparse` and `ragged` tensors do not exist
    in NumPy, so True for either is refused, as Keras's NumPy backend does.
    """
    for name, flag in (("sparse", sparse), ("ragged", ragged)):
        if flag:
            raise ValueError(f"convert_to_tensor {name}=True is not supported: lucidnet's "
                             f"arrays are dense NumPy arrays, got {name}={flag!r}.")
    return wrap(np.array(_array(x, dtype)))


def convert_to_numpy(x) -> np.ndarray:
    """`x` as a plain `np.ndarray` (a copy), as `keras.ops.convert_to_numpy`: the
    portable spelling of `model(x).numpy()`."""
    return np.array(_array(x))


def cast(x, dtype):
    """`x` converted to `dtype` (`"float32"`, `"int32"`, ...)."""
    return convert_to_tensor(x, dtype=dtype)


def shape(x) -> tuple:
    """The shape of `x`, a tuple of ints."""
    return tuple(_array(x).shape)


# -- creation ---------------------------------------------------------------------------------
def zeros(shape, dtype=None):
    """A Tensor of 0s of shape `shape` (an int or a tuple of ints), floatx unless `dtype`
    says otherwise."""
    return wrap(np.zeros(_new_shape("zeros", shape), dtype=dtype or floatx()))


def ones(shape, dtype=None):
    """A Tensor of 1s of shape `shape`, floatx unless `dtype` says otherwise."""
    return wrap(np.ones(_new_shape("ones", shape), dtype=dtype or floatx()))


def arange(start, stop=None, step=None, dtype=None):
    """start, start + step, ... up to but not including `stop` (from 0 to `start` when
    `stop` is None; `step` 1 when None).  Without `dtype`, the common dtype of the
    numbers given: int32 for Python ints, floatx when a Python float is among them, and a
    NumPy scalar's own dtype beside Python numbers.

    Examples
    --------
    >>> arange(4).tolist(), arange(4).dtype.name, arange(0, 1, 0.25).tolist()
    ([0, 1, 2, 3], 'int32', [0.0, 0.25, 0.5, 0.75])
    """
    given = [value for value in (start, stop, step) if value is not None]
    if dtype is None:
        dtype = _common_dtype(given)[0].dtype
    if stop is None:
        start, stop = 0, start
    return wrap(np.arange(start, stop, 1 if step is None else step, dtype=dtype))


def _new_shape(function: str, shape):
    """`shape` as a tuple of sizes >= 0 (a lone int is one axis)."""
    axes = (shape,) if np.ndim(shape) == 0 and not isinstance(shape, (list, tuple)) else shape
    return tuple(non_negative_int(f"{function} shape", size)
                 for size in sequence(f"{function} shape", axes))


# -- reductions -------------------------------------------------------------------------------
def argmax(x, axis=None, keepdims=False):
    """The index of the largest value (of the flattened `x` when `axis` is None), int32;
    −0.0 counts as smaller than 0.0, as in Keras's NumPy backend (its torch backend ranks
    them equal).
    """
    return _arg(np.argmax, x, axis, keepdims, -1)


def argmin(x, axis=None, keepdims=False):
    """The index of the smallest value, int32; −0.0 counts as smaller than 0.0."""
    return _arg(np.argmin, x, axis, keepdims, 1)


def _arg(function, x, axis, keepdims, sign):
    x = _array(x)
    if x.dtype.kind == "f" and x.ndim:
        # Keras orders −0.0 before 0.0: it moves it to the negative float nearest zero.
        x = np.where((x == 0) & np.signbit(x), -np.finfo(x.dtype).tiny, x)
    return wrap(np.asarray(function(x, axis=_axis(axis), keepdims=keepdims)).astype("int32"))


def max(x, axis=None, keepdims=False, initial=None):  # noqa: A001 - Keras's name
    """The largest value along `axis` (all of them when None); `initial` is a lower bound."""
    return wrap(np.asarray(np.max(_array(x), axis=_axis(axis), keepdims=keepdims,
                                  initial=initial)))


def min(x, axis=None, keepdims=False, initial=None):  # noqa: A001 - Keras's name
    """The smallest value along `axis`; `initial` is an upper bound."""
    return wrap(np.asarray(np.min(_array(x), axis=_axis(axis), keepdims=keepdims,
                                  initial=initial)))


def sum(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    """Σ x along `axis`; booleans and 8- and 16-bit integers sum in int32 (uint32)."""
    x = _array(x)
    dtype = _INT32_SUMS.get(x.dtype.name, x.dtype.name)
    return wrap(np.asarray(np.sum(x, axis=_axis(axis), keepdims=keepdims)).astype(dtype))


def mean(x, axis=None, keepdims=False):
    """(1/n) Σ x along `axis`; float32 for integers and booleans, else the dtype of `x`."""
    x = _array(x)
    dtype = x.dtype.name if x.dtype.kind == "f" else "float32"
    return wrap(np.asarray(np.mean(x, axis=_axis(axis), keepdims=keepdims)).astype(dtype))


def top_k(x, k, sorted=True):  # noqa: A002 - Keras's name
    """The `k` largest values along the last axis and their indices (int32), largest
    first, of two equal values the one of lower index first.  (`sorted=False` lets Keras
    return them in any order; they are sorted here too.)
    """
    x = _array(x)
    if x.ndim == 0:
        raise ValueError(f"top_k needs at least one axis, got a scalar {x!r}.")
    k = integer(f"top_k k (x has {x.shape[-1]} values along its last axis)", k, at_least=1,
                at_most=x.shape[-1])
    last = x.shape[-1] - 1
    # a stable ascending sort of the reversed values, reversed: descending, ties by index
    order = last - np.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :k]
    return wrap(np.take_along_axis(x, order, axis=-1)), wrap(order.astype("int32"))


# -- linear algebra ---------------------------------------------------------------------------
def matmul(x1, x2):
    """The matrix product x1 · x2 (`np.matmul`: batches of matrices where either has more
    than two axes), in the common dtype of `x1` and `x2` (int32 for two int8 operands,
    as in Keras).

    Examples
    --------
    >>> matmul([[1, 2]], [[3], [4]]).tolist()
    [[11]]
    """
    x1, x2 = _array(x1), _array(x2)
    if x1.dtype == x2.dtype == np.int8:
        x1, x2 = x1.astype("int32"), x2.astype("int32")
    return wrap(np.asarray(np.matmul(*_common_dtype([x1, x2]))))


# -- elementwise ------------------------------------------------------------------------------
def abs(x):  # noqa: A001 - Keras's name
    """|x|, in the dtype of `x`."""
    return wrap(np.absolute(_array(x)))


absolute = abs


def square(x):
    """x², in the dtype of `x` (int32 for booleans)."""
    return wrap(np.square(_booleans_as_int32(_array(x))))


def sqrt(x):
    """√x; floatx for integers and booleans."""
    return wrap(np.sqrt(_as_floats(x)))


def exp(x):
    """eˣ; floatx for integers and booleans."""
    return wrap(np.exp(_as_floats(x)))


def log(x):
    """ln x; floatx for integers and booleans."""
    return wrap(np.log(_as_floats(x)))


def clip(x, x_min, x_max):
    """min(max(x, x_min), x_max), in the dtype of `x` (int32 for booleans)."""
    x = _booleans_as_int32(_array(x))
    return wrap(np.clip(x, x_min, x_max).astype(x.dtype))


def where(condition, x1=None, x2=None):
    """`x1` where `condition` holds, else `x2` (in their common dtype); with neither, the
    indices where `condition` holds, one array per axis, as `np.where(condition)`."""
    if (x1 is None) != (x2 is None):
        raise ValueError(f"where takes both x1 and x2 or neither, got x1={x1!r:.40} and "
                         f"x2={x2!r:.40}.")
    condition = _array(condition)
    if x1 is None:
        return tuple(wrap(index) for index in np.nonzero(condition))
    x1, x2 = _common_dtype([x1, x2])
    return wrap(np.where(condition, x1, x2))


# -- activations: lucidnet.activations' formulas ----------------------------------------------
def relu(x):
    """max(0, x): [`lucidnet.activations.relu`][lucidnet.activations.relu]."""
    return wrap(activations.relu(_array(x)))


def sigmoid(x):
    """σ(x) = 1 / (1 + e^{−x}): [`lucidnet.activations.sigmoid`][lucidnet.activations.sigmoid]."""
    return wrap(activations.sigmoid(_array(x)))


def softmax(x, axis=-1):
    """e^{xᵢ} / Σⱼ e^{xⱼ} along `axis`:
    [`lucidnet.activations.softmax`][lucidnet.activations.softmax]."""
    return wrap(activations.softmax(_array(x), axis=axis))


def log_softmax(x, axis=-1):
    """xᵢ − ln Σⱼ e^{xⱼ} along `axis`, by log-sum-exp:
    [`lucidnet.activations.log_softmax`][lucidnet.activations.log_softmax]."""
    return wrap(activations.log_softmax(_array(x), axis=axis))


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """A 1 at each integer's index along a new axis `axis` of `num_classes` entries, 0
    elsewhere (a negative integer gives a row of zeros), float32 unless `dtype` is given."""
    if sparse:
        raise ValueError(f"one_hot sparse=True is not supported: lucidnet's arrays are dense "
                         f"NumPy arrays, got sparse={sparse!r}.")
    x = _array(x)
    if x.dtype.kind not in "iu":
        raise TypeError(f"one_hot x must be integers, got an array of dtype {x.dtype}.")
    num_classes = positive_int("one_hot num_classes", num_classes)
    encoded = (x[..., None] == np.arange(num_classes)).astype(dtype or "float32")
    return wrap(np.moveaxis(encoded, -1, axis) if axis != -1 else encoded)


# -- shapes -----------------------------------------------------------------------------------
def expand_dims(x, axis):
    """`x` with a new axis of size 1 at `axis` (or at each of a tuple of axes)."""
    return wrap(np.expand_dims(_array(x), _axis(axis)))


def reshape(x, newshape):
    """`x` with shape `newshape` (one entry may be -1)."""
    return wrap(np.reshape(_array(x), newshape))


def stack(x, axis=0):
    """The arrays of the list `x` along a new axis `axis`, in their common dtype."""
    return wrap(np.stack(_common_dtype(x), axis=axis))


def concatenate(xs, axis=0):
    """The arrays of the list `xs` joined along `axis`, in their common dtype."""
    return wrap(np.concatenate(_common_dtype(xs), axis=axis))


# -- what the functions share -----------------------------------------------------------------
def _python_dtype(value) -> str | None:
    """The dtype Keras gives a Python number (or nested lists of them), or None for arrays."""
    if isinstance(value, (np.ndarray, np.generic)):
        return None
    if isinstance(value, (list, tuple)):
        kinds = [_python_dtype(item) for item in value]
        if None in kinds:
            return None
        return "float" if "float" in kinds else "int" if "int" in kinds else \
            "bool" if kinds else "float"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return None


def _resolve(kind: str) -> str:
    return {"float": floatx(), "int": "int32", "bool": "bool"}[kind]


def _array(x, dtype=None) -> np.ndarray:
    """`x` as a plain array, read as `convert_to_tensor` reads it."""
    if dtype is None:
        kind = _python_dtype(x)
        dtype = None if kind is None else _resolve(kind)
    try:
        array = np.asarray(x) if dtype is None else np.asarray(x).astype(dtype, copy=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"Expected an array, a number or a list of numbers, got {x!r:.80} "
                        f"({error}).") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"Expected numbers, got {type(x).__name__} of dtype {array.dtype}.")
    return array


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _booleans_as_int32(x: np.ndarray) -> np.ndarray:
    return x.astype("int32") if x.dtype == np.bool_ else x


def _as_floats(x) -> np.ndarray:
    x = _array(x)
    return x if x.dtype.kind == "f" else x.astype(floatx())


def _common_dtype(values) -> list[np.ndarray]:
    """`values` as arrays of one dtype: a float beats an integer or a boolean, the wider
    of two floats or two integers wins, and a Python number takes the others' dtype (a
    Python float among integers makes floatx).
    """
    if not isinstance(values, (list, tuple)) or not values:
        raise TypeError(f"Expected a non-empty list of arrays, got {values!r:.80}.")
    kinds = [_python_dtype(value) for value in values]
    arrays = [_array(value) for value, kind in zip(values, kinds) if kind is None]
    floats = [a.dtype for a in arrays if a.dtype.kind == "f"]
    if floats:
        dtype = np.result_type(*floats)
    elif "float" in kinds:
        dtype = np.dtype(floatx())
    elif arrays:
        dtype = np.result_type(*(a.dtype for a in arrays))
    else:
        dtype = np.dtype(_resolve("int" if "int" in kinds else "bool"))
    if dtype.kind == "f" and not floats and "float" not in kinds:  # int64 with uint64
        raise TypeError(f"Integers of dtypes {sorted({a.dtype.name for a in arrays})} have "
                        f"no common integer dtype; cast them first, e.g. ops.cast(x, 'int64').")
    return [_array(value, dtype) for value in values]


__all__ = [
    "convert_to_tensor", "convert_to_numpy", "cast", "shape", "zeros", "ones", "arange",
    "matmul", "argmax", "argmin", "max", "min", "sum", "mean", "top_k", "abs", "absolute",
    "square", "sqrt", "exp", "log", "clip", "where", "relu", "sigmoid", "softmax", "log_softmax",
    "one_hot", "expand_dims", "reshape", "stack", "concatenate",
]
