"""The formulas other code shares, written once as functions: the logistic sigmoid, softplus,
the hard sigmoid, softmax (and `softmax_into`, which writes it in place), log-softmax and the
L2 normalization with its backward.

The activation classes' `forward` calls them, and so do the losses that take logits and the
layers and regularizers that normalize.  Each takes numbers, lists or arrays: a float array
keeps its dtype, anything else becomes [lucidnet.config.floatx][].
"""

from __future__ import annotations

import numpy as np

from ..config import floatx
from ..validation import float_values


def sigmoid(x):
    """σ(z) = 1 / (1 + e^{−z}), the logistic function, computed as ½(1 + tanh(z/2)).

    ```formula
    σ(z) = 1 / (1 + e^{−z}) = ½(1 + tanh(z/2))
    ```

    The two forms are equal; the tanh one never overflows, for any z.
    [`Sigmoid`][lucidnet.activations.Sigmoid] has σ'.

    Parameters
    ----------
    x : float or array_like
        The inputs; a float array keeps its dtype.

    Returns
    -------
    ndarray
        The outputs, of the shape of `x`.

    Examples
    --------
    >>> print(sigmoid(np.array([-2.0, 0.0, 2.0])).round(4))
    [0.1192 0.5    0.8808]
    """
    z = float_values("sigmoid input", x, floatx())
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def softplus(x):
    """σ(z) = ln(1 + e^z), computed as `logaddexp(0, z)`.

    That form neither overflows for large z nor loses precision for very negative z.
    [`Softplus`][lucidnet.activations.Softplus] has σ'.

    Parameters
    ----------
    x : float or array_like
        The inputs; a float array keeps its dtype.

    Returns
    -------
    ndarray
        The outputs, of the shape of `x`.

    Examples
    --------
    >>> print(softplus(np.array([-1000.0, 0.0, 100.0])).round(4))
    [  0.       0.6931 100.    ]
    """
    z = float_values("softplus input", x, floatx())
    return np.logaddexp(0, z).astype(z.dtype, copy=False)


def hard_sigmoid(x):
    """σ(z) = max(0, min(1, z/6 + ½)): 0 up to z = −3, 1 from z = 3, linear between.

    [`HardSigmoid`][lucidnet.activations.HardSigmoid] has σ'.

    Parameters
    ----------
    x : float or array_like
        The inputs; a float array keeps its dtype.

    Returns
    -------
    ndarray
        The outputs, of the shape of `x`.

    Examples
    --------
    >>> print(hard_sigmoid(np.array([-4.0, 0.0, 1.5, 4.0])))
    [0.   0.5  0.75 1.  ]
    """
    z = float_values("hard_sigmoid input", x, floatx())
    return np.clip(z / 6.0 + 0.5, 0.0, 1.0).astype(z.dtype, copy=False)


def _hard_sigmoid_slope(z):
    """h'(z) = 1/6 on (−3, 3), else 0: the derivative of
    [`hard_sigmoid`][lucidnet.activations.hard_sigmoid]."""
    return ((z > -3.0) & (z < 3.0)).astype(z.dtype) / 6.0


def softmax(x, axis=-1):
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} along `axis`: a probability distribution over classes.

    ```formula
    aᵢ = e^{zᵢ − max z} / Σⱼ e^{zⱼ − max z}
    ```

    The shift by max z leaves the value unchanged and keeps e^x from overflowing.
    [`Softmax`][lucidnet.activations.Softmax] has the Jacobian.

    Parameters
    ----------
    x : float or array_like
        The inputs; a float array keeps its dtype.
    axis : int or tuple of int
        The axis to normalize along, or several axes taken together.

    Returns
    -------
    ndarray
        The outputs, of the shape of `x`.

    Examples
    --------
    >>> print(softmax(np.array([0.3, 0.6])).round(4))
    [0.4256 0.5744]
    """
    return softmax_into(float_values("softmax input", x, floatx()), axis)


def softmax_into(z, axis=-1, out=None):
    """[`softmax`][lucidnet.activations.softmax] of the float array `z`, its three steps
    (shift, exponential, division) made in one array: `out`, which may be `z` itself, or a
    new one.

    Parameters
    ----------
    z : ndarray
        The inputs, a float array with at least one axis.
    axis : int or tuple of int
        The axis to normalize along, or several axes taken together.
    out : ndarray or None
        Where to write the outputs (`z` to overwrite it), or None for a new array.

    Returns
    -------
    ndarray
        The outputs, `out` when it is given.

    Examples
    --------
    >>> z = np.array([0.3, 0.6])
    >>> softmax_into(z, out=z) is z, z.round(4)
    (True, array([0.4256, 0.5744]))
    """
    e = np.subtract(z, z.max(axis=axis, keepdims=True), out=out)
    np.exp(e, out=e)
    e /= e.sum(axis=axis, keepdims=True)
    return e


def log_softmax(x, axis=-1):
    """ln aᵢ = zᵢ − ln Σⱼ e^{zⱼ} along `axis`: the logarithm of [`softmax`][lucidnet.activations.softmax].

    ```formula
    s = z − max z,    ln aᵢ = sᵢ − ln Σⱼ e^{sⱼ}
    ```

    The log-sum-exp shift stays finite where ln(softmax(z)) would round to ln 0 = −∞.
    [`LogSoftmax`][lucidnet.activations.LogSoftmax] has the Jacobian.

    Parameters
    ----------
    x : float or array_like
        The inputs; a float array keeps its dtype.
    axis : int or tuple of int
        The axis to normalize along, or several axes taken together.

    Returns
    -------
    ndarray
        The outputs, of the shape of `x`.

    Examples
    --------
    >>> print(log_softmax(np.array([0.0, 1000.0])))
    [-1000.     0.]
    """
    z = float_values("log_softmax input", x, floatx())
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def l2_normalize(x, axis=-1, epsilon: float = 1e-7):
    """x̂ = x / max(‖x‖₂, ε) along `axis`, as Keras's `ops.normalize`.

    Unit vectors, and x/ε for a vector shorter than ε.

    Parameters
    ----------
    x : ndarray
        The vectors.
    axis : int or tuple of int
        The axis (or axes) along which to take the norm.
    epsilon : float
        The floor ε of the norm.

    Returns
    -------
    ndarray
        x̂, of the shape of `x`.

    Examples
    --------
    >>> print(l2_normalize(np.array([[3.0, 4.0], [0.0, 0.0]])))
    [[0.6 0.8]
     [0.  0. ]]
    """
    return x / np.maximum(np.sqrt((x * x).sum(axis=axis, keepdims=True)), epsilon)


def l2_normalize_backward(x, x_hat, grad, axis=-1, epsilon: float = 1e-7):
    """∂C/∂x from g = ∂C/∂x̂ for x̂ = `l2_normalize(x)`.

    ```formula
    ∂C/∂x = (g − ⟨g, x̂⟩x̂) / ‖x‖    where ‖x‖ > ε,    g/ε elsewhere
    ```

    Where the floor holds x̂ = x/ε is linear in x, hence g/ε.

    Parameters
    ----------
    x : ndarray
        The vectors.
    x_hat : ndarray
        `l2_normalize(x, axis, epsilon)`.
    grad : ndarray
        g = ∂C/∂x̂.
    axis : int or tuple of int
        The axis (or axes) of the norm.
    epsilon : float
        The floor ε of the norm.

    Returns
    -------
    ndarray
        ∂C/∂x, of the shape of `x`.
    """
    norm = np.sqrt((x * x).sum(axis=axis, keepdims=True))
    along = np.where(norm > epsilon, grad - (grad * x_hat).sum(axis=axis, keepdims=True) * x_hat,
                     grad)
    return along / np.maximum(norm, epsilon)
