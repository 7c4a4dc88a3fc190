"""Compiled kernels for the element-wise work around a Dense layer's matrix multiply.

Beside its two matrix products a ReLU layer makes, per step, four NumPy passes over its
(N, units) arrays: z += b and a = max(z, 0) forward, the mask σ'(z) = [z > 0] times ∂C/∂a
and the bias gradient Σₙ δₙ backward.  Each kernel here makes one pass for two of them:

* `bias_relu(z, b, a)`: z ← z + b, then a = max(z, 0) (`a` may be `z` itself);
* `relu_backward(grad, z, delta, bias_grad)`: δ = ∂C/∂a ⊙ [z > 0], and Σₙ δₙ.

A softmax layer makes six NumPy calls on its (N, classes) arrays beside its product: z += b,
then max z, z − max z, e^x, Σ e^x and the division, each along rows of a few values, where
NumPy's fixed cost per call is most of the time.  Two kernels around NumPy's own exponential
make them three:

* `bias_shift(z, b, e)`: z ← z + b, then e = z − max z along each row (`e` may be `z`);
* `normalize_rows(e)`: e ← e / Σ e along each row, summed in NumPy's order.

Their constants 0 and 1 are made in the arrays' dtype (`z.dtype.type(0)`, which numba
compiles too), so that float32 arrays are computed in float32 (a Python 0.0 would make
numba compute in float64, at half the speed).

They give NumPy's bits.  NumPy's max(z, 0) is z where z > 0 or z is NaN, else +0 (−0 too
becomes +0); ∂C/∂a ⊙ [z > 0] multiplies by 1 or 0 (so inf·0 is NaN, as in NumPy); and NumPy
sums over the batch axis row after row from +0, in the order of the rows.  Along a row,
NumPy's max is NaN when any value is, and its sum is pairwise (`normalize_rows`); the
exponential between the two kernels is NumPy's.
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


def bias_relu(z, b, a):
    """z ← z + b;  a = max(z, 0), row by row (`a` may be `z`)."""
    rows, units = z.shape
    zero = z.dtype.type(0)
    for i in range(rows):
        for j in range(units):
            v = z[i, j] + b[j]
            z[i, j] = v
            a[i, j] = v if v > 0 or math.isnan(v) else zero
    return 0


def relu_backward(grad, z, delta, bias_grad):
    """δ = ∂C/∂a ⊙ [z > 0];  Σₙ δₙ into `bias_grad`, adding row after row from +0."""
    rows, units = z.shape
    zero, one = z.dtype.type(0), z.dtype.type(1)
    for j in range(units):
        bias_grad[j] = zero
    for i in range(rows):
        for j in range(units):
            d = grad[i, j] * (one if z[i, j] > 0 else zero)
            delta[i, j] = d
            bias_grad[j] += d
    return 0


def bias_shift(z, b, e):
    """z ← z + b;  e = z − max z along each row, NaN in a row that holds one (`e` may be `z`)."""
    rows, units = z.shape
    for i in range(rows):
        top = z[i, 0] + b[0]
        for j in range(units):
            v = z[i, j] + b[j]
            z[i, j] = v
            if v > top or math.isnan(v):
                top = v
        for j in range(units):
            e[i, j] = z[i, j] - top
    return 0


def normalize_rows(e):
    """e ← e / Σ e along each row, each sum made as NumPy makes it over a contiguous run of
    n ≤ `PAIRWISE_BLOCK` values: +0 plus, below 8 values, the values one by one; else eight
    running sums r₀ … r₇ over the whole groups of 8, combined as ((r₀ + r₁) + (r₂ + r₃)) +
    ((r₄ + r₅) + (r₆ + r₇)), then the rest one by one."""
    rows, n = e.shape
    zero = e.dtype.type(0)
    whole = n - n % 8
    for i in range(rows):
        if n < 8:
            total = zero
            for j in range(n):
                total += e[i, j]
        else:
            r0, r1, r2, r3 = e[i, 0], e[i, 1], e[i, 2], e[i, 3]
            r4, r5, r6, r7 = e[i, 4], e[i, 5], e[i, 6], e[i, 7]
            for j in range(8, whole, 8):
                r0 += e[i, j]
                r1 += e[i, j + 1]
                r2 += e[i, j + 2]
                r3 += e[i, j + 3]
                r4 += e[i, j + 4]
                r5 += e[i, j + 5]
                r6 += e[i, j + 6]
                r7 += e[i, j + 7]
            total = zero + (((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)))
            for j in range(whole, n):
                total += e[i, j]
        for j in range(n):
            e[i, j] = e[i, j] / total
    return 0


#: The longest run NumPy sums without splitting it in halves (its `PW_BLOCKSIZE`): the
#: softmax kernels take rows of at most this many values (a layer of at most 128 classes).
PAIRWISE_BLOCK = 128


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
