"""The sigmoid family: the logistic sigmoid and its hard form, tanh, softplus, softsign, and
the self-gated swish, hard SiLU and mish."""

from __future__ import annotations

import numpy as np

from ..validation import positive_number
from .base import Activation, register
from .formulas import _hard_sigmoid_slope, hard_sigmoid, sigmoid, softplus


@register("sigmoid", "logistic")
class Sigmoid(Activation):
    """σ(z) = c / (1 + e^{−βz});  σ'(z) = β σ(z) (1 − σ(z)/c).

    With the defaults ``scale`` c = 1 and ``steepness`` β = 1 this is the standard
    logistic function 1/(1 + e^{−z}) with σ'(z) = σ(z)(1 − σ(z)): outputs in (0, 1),
    read as the probability of a class.

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

    A piecewise-linear stand-in for the sigmoid (Keras 3's definition), computed by
    :func:`hard_sigmoid`.
    """

    def forward(self, z):
        return hard_sigmoid(z)

    def derivative(self, z, a):
        return _hard_sigmoid_slope(z)


@register("hard_silu", "hard_swish")
class HardSiLU(Activation):
    """σ(z) = z·h(z), h the hard sigmoid;  σ'(z) = h(z) + z·h'(z).

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

    >>> tanh = Tanh()
    >>> print(np.round(tanh(np.array([0.0, 1.0])), 4), np.round(tanh.derivative(1.0, tanh(1.0)), 4))
    [0.     0.7616] 0.42
    """

    def forward(self, z):
        return np.tanh(z)

    def derivative(self, z, a):
        return 1.0 - a * a


@register("softplus")
class Softplus(Activation):
    """σ(z) = ln(1 + e^z);  σ'(z) = 1/(1 + e^{−z}), the logistic sigmoid.

    Computed by :func:`softplus` as ``logaddexp(0, z)``, which neither overflows for large z
    nor loses precision for very negative z.
    """

    def forward(self, z):
        return softplus(z)

    def derivative(self, z, a):
        return sigmoid(z)


@register("swish", "silu")
class Swish(Activation):
    """σ(z) = z·s(z), s the logistic sigmoid;  σ'(z) = s(z) + z·s(z)(1 − s(z)).

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
    """σ(z) = z / (1 + |z|);  σ'(z) = 1 / (1 + |z|)²."""

    def forward(self, z):
        return z / (1.0 + np.abs(z))

    def derivative(self, z, a):
        return 1.0 / (1.0 + np.abs(z)) ** 2
