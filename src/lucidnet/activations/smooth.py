"""The sigmoid family: the logistic sigmoid, its hard, sparse and logarithmic forms, tanh and
its hard and shrink forms, softplus and its algebraic (squareplus) and sparse forms, softsign,
and the self-gated swish, hard SiLU and mish."""

from __future__ import annotations

import numpy as np

from ..validation import positive_number
from .base import Activation, register
from .formulas import _hard_sigmoid_slope, hard_sigmoid, sigmoid, softplus


@register("sigmoid", "logistic")
class Sigmoid(Activation):
    """σ(z) = c / (1 + e^{−βz});  σ'(z) = β σ(z) (1 − σ(z)/c).

    ```formula
    σ(z) = c / (1 + e^{−βz})
    σ'(z) = β σ(z) (1 − σ(z)/c)
    ```

    With the defaults `scale` c = 1 and `steepness` β = 1 this is the standard
    logistic function 1/(1 + e^{−z}) with σ'(z) = σ(z)(1 − σ(z)): outputs in (0, 1),
    read as the probability of a class.

    Parameters
    ----------
    scale : float
        The ceiling c of the outputs, > 0.
    steepness : float
        The slope factor β, > 0.

    Examples
    --------
    >>> sigmoid = Sigmoid()
    >>> float(sigmoid(0.0)), float(sigmoid.derivative(0.0, sigmoid(0.0)))
    (0.5, 0.25)
    >>> print(np.round(sigmoid(np.array([-2.0, 2.0])), 4))
    [0.1192 0.8808]
    """

    def __init__(self, scale: float = 1.0, steepness: float = 1.0):
        self.scale = positive_number("Sigmoid scale", scale)
        self.steepness = positive_number("Sigmoid steepness", steepness)

    def forward(self, z):
        a = sigmoid(z if self.steepness == 1.0 else self.steepness * z)
        return a if self.scale == 1.0 else self.scale * a

    def derivative(self, z, a):
        return self.steepness * a * (1.0 - a / self.scale)


@register("hard_sigmoid")
class HardSigmoid(Activation):
    """σ(z) = max(0, min(1, z/6 + ½));  σ'(z) = 1/6 on (−3, 3), else 0.

    ```formula
    σ(z) = max(0, min(1, z/6 + ½))
    σ'(z) = 1/6 if −3 < z < 3 else 0
    ```

    A piecewise-linear stand-in for the sigmoid (Keras 3's definition), computed by
    [`hard_sigmoid`][lucidnet.activations.hard_sigmoid].
    """

    def forward(self, z):
        return hard_sigmoid(z)

    def derivative(self, z, a):
        return _hard_sigmoid_slope(z)


@register("hard_silu", "hard_swish")
class HardSiLU(Activation):
    """σ(z) = z·h(z), h the hard sigmoid;  σ'(z) = h(z) + z·h'(z).

    ```formula
    σ(z) = z·h(z),    h(z) = max(0, min(1, z/6 + ½))
    σ'(z) = h(z) + z·h'(z)
    ```

    That is 0 up to z = −3, z(z + 3)/6 between, and z from z = 3, with σ'(z) = 0, (2z + 3)/6
    and 1 on those pieces: a piecewise stand-in for swish.  Howard et al. (2019),
    "Searching for MobileNetV3"; also called hard swish.
    """

    def forward(self, z):
        return z * hard_sigmoid(z)

    def derivative(self, z, a):
        return hard_sigmoid(z) + z * _hard_sigmoid_slope(z)


@register("tanh")
class Tanh(Activation):
    """σ(z) = tanh(z) = 2·sigmoid(2z) − 1;  σ'(z) = 1 − tanh²(z).  Outputs in (−1, 1).

    ```formula
    σ(z) = tanh(z) = 2·sigmoid(2z) − 1
    σ'(z) = 1 − tanh²(z)
    ```

    Examples
    --------
    >>> tanh = Tanh()
    >>> print(np.round(tanh(np.array([0.0, 1.0])), 4), np.round(tanh.derivative(1.0, tanh(1.0)), 4))
    [0.     0.7616] 0.42
    """

    def forward(self, z):
        return np.tanh(z)

    def forward_in_place(self, z):
        return np.tanh(z, out=z)

    def derivative(self, z, a):
        return 1.0 - a * a


@register("softplus")
class Softplus(Activation):
    """σ(z) = ln(1 + e^z);  σ'(z) = 1/(1 + e^{−z}), the logistic sigmoid.

    ```formula
    σ(z) = ln(1 + e^z)
    σ'(z) = 1 / (1 + e^{−z})
    ```

    Computed by [`softplus`][lucidnet.activations.softplus] as `logaddexp(0, z)`, which neither
    overflows for large z nor loses precision for very negative z.
    """

    def forward(self, z):
        return softplus(z)

    def derivative(self, z, a):
        return sigmoid(z)


@register("swish", "silu")
class Swish(Activation):
    """σ(z) = z·s(z), s the logistic sigmoid;  σ'(z) = s(z) + z·s(z)(1 − s(z)).

    ```formula
    σ(z) = z·s(z),    s(z) = 1 / (1 + e^{−z})
    σ'(z) = s(z) + z·s(z)(1 − s(z))
    ```

    Ramachandran, Zoph & Le (2017), "Searching for Activation Functions"; also called SiLU.
    """

    def forward(self, z):
        return z * sigmoid(z)

    def derivative(self, z, a):
        s = sigmoid(z)
        return s + z * s * (1.0 - s)


@register("mish")
class Mish(Activation):
    """σ(z) = z·tanh(softplus(z));  σ'(z) = t + z(1 − t²)·sigmoid(z), t = tanh(softplus(z)).

    ```formula
    σ(z) = z·tanh(softplus(z))
    σ'(z) = t + z(1 − t²)·sigmoid(z),    t = tanh(softplus(z))
    ```

    Smooth and non-monotonic like swish; softplus' derivative is the sigmoid, hence the last
    factor.  Misra (2019), "Mish: A Self Regularized Non-Monotonic Activation Function".
    """

    def forward(self, z):
        return z * np.tanh(softplus(z))

    def derivative(self, z, a):
        t = np.tanh(softplus(z))
        return t + z * (1.0 - t * t) * sigmoid(z)


@register("softsign")
class Softsign(Activation):
    """σ(z) = z / (1 + |z|);  σ'(z) = 1 / (1 + |z|)².

    ```formula
    σ(z) = z / (1 + |z|)
    σ'(z) = 1 / (1 + |z|)²
    ```
    """

    def forward(self, z):
        return z / (1.0 + np.abs(z))

    def derivative(self, z, a):
        return 1.0 / (1.0 + np.abs(z)) ** 2


@register("log_sigmoid")
class LogSigmoid(Activation):
    """σ(z) = ln sigmoid(z) = −softplus(−z);  σ'(z) = sigmoid(−z) = 1 − sigmoid(z).

    ```formula
    σ(z) = ln sigmoid(z) = −softplus(−z)
    σ'(z) = sigmoid(−z) = 1 − sigmoid(z)
    ```

    Computed through [softplus][lucidnet.activations.softplus], finite where ln(sigmoid(z))
    would be ln 0, as Keras's `log_sigmoid`.

    Examples
    --------
    >>> LogSigmoid()(np.array([-1000.0, 0.0])).round(4).tolist()
    [-1000.0, -0.6931]
    """

    def forward(self, z):
        return -softplus(-z)

    def derivative(self, z, a):
        return sigmoid(-z)


@register("sparse_sigmoid")
class SparseSigmoid(Activation):
    """σ(z) = 0 up to z = −1, ½(z + 1) between, 1 from z = 1;  σ'(z) = ½ on (−1, 1), else 0.

    ```formula
    σ(z) = max(0, min(1, ½(z + 1)))
    σ'(z) = ½ if −1 < z < 1 else 0
    ```

    The sigmoid of sparse outputs, as Keras's `sparse_sigmoid`: Blondel, Martins and Niculae
    (2019), "Learning with Fenchel-Young Losses".
    """

    def forward(self, z):
        return np.clip(0.5 * (z + 1.0), 0.0, 1.0).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return 0.5 * ((z > -1.0) & (z < 1.0)).astype(z.dtype)


@register("hard_tanh")
class HardTanh(Activation):
    """σ(z) = max(−1, min(1, z));  σ'(z) = 1 on (−1, 1), else 0.  Keras's `hard_tanh`.

    ```formula
    σ(z) = max(−1, min(1, z))
    σ'(z) = 1 if −1 < z < 1 else 0
    ```
    """

    def forward(self, z):
        return np.clip(z, -1.0, 1.0).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return ((z > -1.0) & (z < 1.0)).astype(z.dtype)


@register("tanh_shrink")
class TanhShrink(Activation):
    """σ(z) = z − tanh(z);  σ'(z) = tanh²(z).  Keras's `tanh_shrink`.

    ```formula
    σ(z) = z − tanh(z)
    σ'(z) = tanh²(z)
    ```
    """

    def forward(self, z):
        return z - np.tanh(z)

    def derivative(self, z, a):
        t = np.tanh(z)
        return t * t


@register("squareplus")
class Squareplus(Activation):
    """σ(z) = (z + √(z² + b))/2;  σ'(z) = (1 + z/√(z² + b))/2.

    ```formula
    σ(z) = (z + √(z² + b)) / 2
    σ'(z) = (1 + z / √(z² + b)) / 2
    ```

    A softplus made of a square root, as Keras's `squareplus`; Barron (2021), "Squareplus: A
    Softplus-Like Algebraic Rectifier".  For z < 0 it is computed as b / (2(√(z² + b) − z)),
    the same value without the cancellation of z against √(z² + b), and √(z² + b) as
    `hypot(z, √b)`, which does not overflow.

    Parameters
    ----------
    b : float
        The smoothness, > 0: the larger, the softer the bend at 0.

    Examples
    --------
    >>> Squareplus()(np.array([0.0, 3.0])).round(4).tolist()   # (3 + √13)/2
    [1.0, 3.3028]
    >>> float(Squareplus()(np.array([-1e10]))[0])             # b/(4|z|), not 0
    1e-10
    """

    def __init__(self, b: float = 4.0):
        self.b = positive_number("Squareplus b", b)

    def _root(self, z):
        return np.hypot(z, z.dtype.type(np.sqrt(self.b)))

    def forward(self, z):
        root = self._root(z)
        negative = z < 0
        with np.errstate(divide="ignore", invalid="ignore"):
            below = self.b / (2.0 * (root - z))
        return np.where(negative, below, 0.5 * (z + root)).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        # (1 + z/r)/2 = a/r, since a = (z + r)/2: no cancellation for z < 0 either.
        return (a / self._root(z)).astype(z.dtype, copy=False)


@register("sparse_plus")
class SparsePlus(Activation):
    """σ(z) = ¼(z + 1)² on (−1, 1), 0 below, z above;  σ'(z) = ½(z + 1) on (−1, 1), 0 below, 1 above.

    ```formula
    σ(z) = 0 if z ≤ −1,    ¼(z + 1)² if −1 < z < 1,    z if z ≥ 1
    σ'(z) = 0 if z ≤ −1,    ½(z + 1) if −1 < z < 1,    1 if z ≥ 1
    ```

    A softplus of sparse outputs, as Keras's `sparse_plus`.
    """

    def forward(self, z):
        middle = 0.25 * (z + 1.0) ** 2
        return np.where(z <= -1.0, 0.0, np.where(z < 1.0, middle, z)).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return np.where(z <= -1.0, 0.0, np.where(z < 1.0, 0.5 * (z + 1.0), 1.0)).astype(
            z.dtype, copy=False)
