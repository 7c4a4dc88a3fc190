"""Each activation as a function under Keras 3's name and signature (`relu(x, max_value=6.0)`),
and [get][lucidnet.activations.get], which turns a name, one of these functions, an instance,
a class or a config into an [Activation][lucidnet.activations.Activation].

A function computes through its class (`relu(x, **options)` is `ReLU(**options)(x)`), where
σ and σ' are, except the shared formulas of `formulas` (sigmoid, softplus, hard_sigmoid,
softmax, log_softmax), which are the functions themselves and which the classes call.
"""

from __future__ import annotations

from ..registry import serialize as serialize_object
from .base import ACTIVATIONS, Activation
from .formulas import hard_sigmoid, log_softmax, sigmoid, softmax, softplus
from .normalizing import LogSoftmax, Softmax
from .rectifiers import (CELU, ELU, GELU, SELU, Exponential, HardShrink, LeakyReLU, Linear, ReLU,
                         ReLU6, SoftShrink, Threshold)
from .smooth import (HardSigmoid, HardSiLU, HardTanh, LogSigmoid, Mish, Sigmoid, Softplus,
                     Softsign, SparsePlus, SparseSigmoid, Squareplus, Swish, Tanh, TanhShrink)



def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """max(0, x), or with Keras's options min(x, max_value) above `threshold` and negative_slope·(x − threshold) up to it.

    Computed by [`ReLU`][lucidnet.activations.ReLU].

    Parameters
    ----------
    x : float or array_like
        The inputs; a float array keeps its dtype.
    negative_slope : float
        The slope below the threshold, ≥ 0.
    max_value : float or None
        The ceiling, ≥ 0, or None for none.
    threshold : float
        The threshold, ≥ 0.

    Returns
    -------
    ndarray
        The outputs, of the shape of `x`.

    Examples
    --------
    >>> print(relu([-10.0, -5.0, 0.0, 5.0, 10.0], negative_slope=0.5))
    [-5.  -2.5  0.   5.  10. ]
    """
    return ReLU(negative_slope=negative_slope, max_value=max_value, threshold=threshold)(x)


def relu6(x):
    """min(max(0, x), 6): [`ReLU6`][lucidnet.activations.ReLU6]."""
    return ReLU6()(x)


def leaky_relu(x, negative_slope=0.2):
    """x if x > 0 else negative_slope·x: [`LeakyReLU`][lucidnet.activations.LeakyReLU]."""
    return LeakyReLU(negative_slope=negative_slope)(x)


def elu(x, alpha=1.0):
    """x if x > 0 else alpha·(eˣ − 1): [`ELU`][lucidnet.activations.ELU]."""
    return ELU(alpha=alpha)(x)


def celu(x, alpha=1.0):
    """x if x > 0 else alpha·(e^{x/alpha} − 1): [`CELU`][lucidnet.activations.CELU]."""
    return CELU(alpha=alpha)(x)


def selu(x):
    """λx if x > 0 else λα(eˣ − 1), λ ≈ 1.0507, α ≈ 1.6733: [`SELU`][lucidnet.activations.SELU]."""
    return SELU()(x)


def gelu(x, approximate=False):
    """x·Φ(x), Φ the standard normal CDF (its tanh approximation when `approximate`):
    [`GELU`][lucidnet.activations.GELU]."""
    return GELU(approximate=approximate)(x)


def tanh(x):
    """tanh(x): [`Tanh`][lucidnet.activations.Tanh]."""
    return Tanh()(x)


def silu(x):
    """x·sigmoid(x), also called swish: [`Swish`][lucidnet.activations.Swish]."""
    return Swish()(x)


def hard_silu(x):
    """x·hard_sigmoid(x), also called hard swish: [`HardSiLU`][lucidnet.activations.HardSiLU].

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
    >>> print(hard_silu([-4.0, 1.5, 4.0]))
    [-0.     1.125  4.   ]
    """
    return HardSiLU()(x)


def mish(x):
    """x·tanh(softplus(x)): [`Mish`][lucidnet.activations.Mish]."""
    return Mish()(x)


def softsign(x):
    """x / (1 + |x|): [`Softsign`][lucidnet.activations.Softsign]."""
    return Softsign()(x)


def exponential(x):
    """eˣ: [`Exponential`][lucidnet.activations.Exponential]."""
    return Exponential()(x)


def linear(x):
    """x itself, as a float array: [`Linear`][lucidnet.activations.Linear]."""
    return Linear()(x)


def log_sigmoid(x):
    """ln sigmoid(x) = −softplus(−x): [LogSigmoid][lucidnet.activations.LogSigmoid]."""
    return LogSigmoid()(x)


def sparse_sigmoid(x):
    """0 up to x = −1, ½(x + 1) between, 1 from x = 1:
    [SparseSigmoid][lucidnet.activations.SparseSigmoid]."""
    return SparseSigmoid()(x)


def hard_tanh(x):
    """max(−1, min(1, x)): [HardTanh][lucidnet.activations.HardTanh]."""
    return HardTanh()(x)


def tanh_shrink(x):
    """x − tanh(x): [TanhShrink][lucidnet.activations.TanhShrink]."""
    return TanhShrink()(x)


def squareplus(x, b=4):
    """(x + √(x² + b))/2: [Squareplus][lucidnet.activations.Squareplus]."""
    return Squareplus(b=b)(x)


def sparse_plus(x):
    """0 up to x = −1, ¼(x + 1)² between, x from x = 1:
    [SparsePlus][lucidnet.activations.SparsePlus]."""
    return SparsePlus()(x)


def hard_shrink(x, threshold=0.5):
    """x where |x| > threshold, else 0: [HardShrink][lucidnet.activations.HardShrink]."""
    return HardShrink(threshold=threshold)(x)


def soft_shrink(x, threshold=0.5):
    """x ∓ threshold where |x| > threshold, else 0:
    [SoftShrink][lucidnet.activations.SoftShrink]."""
    return SoftShrink(threshold=threshold)(x)


def threshold(x, threshold, default_value):
    """x where x > threshold, else default_value: [Threshold][lucidnet.activations.Threshold].

    Examples
    --------
    >>> print(threshold([0.5, 2.0], 1.0, 0.0))
    [0. 2.]
    """
    return Threshold(threshold=threshold, default_value=default_value)(x)


swish = silu
hard_swish = hard_silu

#: Each function of this module → the class that computes it: `get(relu)` is `ReLU()`.
FUNCTIONS: dict = {
    relu: ReLU, relu6: ReLU6, leaky_relu: LeakyReLU, elu: ELU, celu: CELU, selu: SELU,
    gelu: GELU, sigmoid: Sigmoid, hard_sigmoid: HardSigmoid, hard_silu: HardSiLU, silu: Swish,
    mish: Mish, softplus: Softplus, softsign: Softsign, tanh: Tanh, exponential: Exponential,
    linear: Linear, softmax: Softmax, log_softmax: LogSoftmax, log_sigmoid: LogSigmoid,
    sparse_sigmoid: SparseSigmoid, hard_tanh: HardTanh, tanh_shrink: TanhShrink,
    squareplus: Squareplus, sparse_plus: SparsePlus, hard_shrink: HardShrink,
    soft_shrink: SoftShrink, threshold: Threshold,
}


def get(identifier) -> Activation:
    """An [`Activation`][lucidnet.activations.Activation] from any of the forms a model accepts.

    Any other callable is refused: backpropagation needs σ', which a plain function does not
    give.  Subclass [`Activation`][lucidnet.activations.Activation] with `forward` and
    `derivative` instead.

    Parameters
    ----------
    identifier : str, callable, Activation, type, dict or None
        A registered name (`"relu"`), one of this module's functions (`relu`: its class with
        the default arguments), an instance, a class, a config dict, or `None` (meaning
        linear, as in Keras).

    Returns
    -------
    Activation
        The activation.

    Raises
    ------
    TypeError
        If `identifier` is a plain function, which gives no derivative.
    ValueError
        If `identifier` is a name that is not registered.

    Examples
    --------
    >>> get("relu6").name, get(None).name
    ('relu6', 'linear')
    """
    if identifier is None:
        return Linear()
    if callable(identifier) and not isinstance(identifier, (Activation, type)):
        cls = next((cls for function, cls in FUNCTIONS.items() if function is identifier), None)
        if cls is None:
            raise TypeError(
                f"Could not interpret {identifier!r} as an activation: backpropagation needs "
                f"its derivative, which a plain function does not give. Pass a name such as "
                f"'relu', a function of lucidnet.activations such as lucidnet.activations.relu, "
                f"or an Activation instance; for your own function, subclass "
                f"lucidnet.activations.Activation with forward(z) and derivative(z, a) and "
                f"register it with @lucidnet.activations.register('name')."
            )
        return cls()
    return ACTIVATIONS.get(identifier)


def serialize(activation) -> dict:
    """The config of an activation, which [`get`][lucidnet.activations.get] reads back.

    Parameters
    ----------
    activation : str, callable, Activation, type or dict
        Anything [`get`][lucidnet.activations.get] takes (`ReLU(max_value=6.0)`, `relu`, `"relu"`).

    Returns
    -------
    dict
        `{"class_name": <registered name>, "config": {...}}`.
    """
    return serialize_object(get(activation))


def names() -> list[str]:
    """Every registered activation name, aliases included.

    Returns
    -------
    list of str
        The names.
    """
    return ACTIVATIONS.names()
