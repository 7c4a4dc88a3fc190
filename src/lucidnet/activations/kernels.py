"""Compiled kernels for the element-wise work around a Dense layer's matrix multiply.

Beside its two matrix products a ReLU layer makes, per step, four NumPy passes over its
(N, units) arrays: z += b and a = max(z, 0) forward, the mask σ'(z) = [z > 0] times ∂C/∂a
and the bias gradient Σₙ δₙ backward.  Each kernel here makes one pass for two of them:

* `bias_relu(z, b, a, zero)`: z ← z + b, then a = max(z, 0) (`a` may be `z` itself);
* `relu_backward(grad, z, delta, bias_grad, one, zero)`: δ = ∂C/∂a ⊙ [z > 0], and Σₙ δₙ.

`one` and `zero` are 1 and 0 in the arrays' dtype, so that float32 arrays are computed in
float32 (a Python 0.0 would make numba compute in float64, at half the speed).

They give NumPy's bits: NumPy's max(z, 0) is z where z > 0 or z is NaN, else +0 (−0 too
becomes +0); ∂C/∂a ⊙ [z > 0] multiplies by 1 or 0 (so inf·0 is NaN, as in NumPy); and NumPy
sums over the batch axis row after row from +0, in the order of the rows.
`tests/test_activation_kernels.py` checks every bit, with NaN, ±inf and −0 among the values
(a NaN's sign and payload aside, which depend on the order of an addition's operands).

A layer uses them ([`ReLU.add_bias_forward`][lucidnet.activations.ReLU.add_bias_forward]
and its siblings) when `worth_loading` and `usable` say so: numba already loaded (by the
optimizers' kernels, say) or, in training, a batch of at least `KERNEL_MIN_SIZE` values, so
that a small model, or a model that only predicts, never waits for numba to load; kernels
on ([lucidnet.config.kernels_enabled][]), numba installed, and C-contiguous float32 or
float64 arrays of one dtype.
"""

from __future__ import annotations

import math

import numpy as np

from .. import jit
from ..config import kernels_enabled

#: A batch's z needs at least this many values for a layer to load numba for its kernels
#: (128 examples × 128 units); once numba is loaded, any size uses them: the call costs
#: less than one NumPy pass.
KERNEL_MIN_SIZE = 1 << 14

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def bias_relu(z, b, a, zero):
    """z ← z + b;  a = max(z, 0), row by row (`a` may be `z`)."""
    rows, units = z.shape
    for i in range(rows):
        for j in range(units):
            v = z[i, j] + b[j]
            z[i, j] = v
            a[i, j] = v if v > 0 or math.isnan(v) else zero
    return 0


def relu_backward(grad, z, delta, bias_grad, one, zero):
    """δ = ∂C/∂a ⊙ [z > 0];  Σₙ δₙ into `bias_grad`, adding row after row from +0."""
    rows, units = z.shape
    for j in range(units):
        bias_grad[j] = zero
    for i in range(rows):
        for j in range(units):
            d = grad[i, j] * (one if z[i, j] > 0 else zero)
            delta[i, j] = d
            bias_grad[j] += d
    return 0


def usable(z, *arrays) -> bool:
    """True when the kernels may run on the 2-D array `z` with the other `arrays`: kernels on,
    numba installed, and every array C-contiguous and of `z`'s dtype (float32 or float64).
    Whether it pays to load numba for them is `worth_loading`'s to say, first."""
    if z.ndim != 2 or z.dtype not in _FLOATS or not z.flags.c_contiguous:
        return False
    for array in arrays:
        if array.dtype != z.dtype or not array.flags.c_contiguous:
            return False
    return kernels_enabled() and jit.available()


def worth_loading(z, training: bool) -> bool:
    """True when numba is loaded already, or when a training pass has a `z` of at least
    `KERNEL_MIN_SIZE` values: then the kernels repay the half second numba takes to load.
    An inference pass never loads it (a prediction made once would not repay it)."""
    return jit.numba is not None or (training and z.size >= KERNEL_MIN_SIZE)


def compiled(kernel):
    """`kernel` (one of this module's functions) compiled, or None without numba."""
    return jit.kernel(kernel)
