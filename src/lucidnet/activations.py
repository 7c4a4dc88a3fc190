"""Activation functions σ, each with its derivative σ' beside it.

Every activation is a small class with

- ``forward(z)``: a = σ(z), applied elementwise (softmax: over the last axis);
- ``derivative(z, a)``: σ'(z), elementwise, given z and the already computed a;
- ``backward(z, a, grad)``: ∂C/∂z from ∂C/∂a.  For elementwise functions this is the
  ``⊙ σ'(z)`` factor of backpropagation's BP1 and BP2: ∂C/∂z = ∂C/∂a ⊙ σ'(z).

Activations are looked up by name with :func:`get` (``get("relu")``); a new one is added
with ``@register("name")`` and is then tested and serialized like the built-in ones.

The formulas shared with other modules are plain functions here, under Keras's names:
:func:`sigmoid`, :func:`softmax` and :func:`log_softmax`.  The classes' ``forward`` and the
losses that take logits call them, so each formula is written once.
"""

from __future__ import annotations

import math

import numpy as np

from .registry import Named, Registry, serialize
from .validation import boolean, fraction, positive_number

def _erf(x):
    """erf, element-wise: scipy's exact vectorized one when installed, else Python's math.erf
    applied element by element.  Resolved on first use, so importing lucidnet never pays for
    importing scipy."""
    global _erf
    try:
        from scipy.special import erf as vectorized
    except ImportError:  # pragma: no cover - depends on the environment
        elementwise = np.frompyfunc(math.erf, 1, 1)

        def vectorized(values):
            return elementwise(values).astype(np.result_type(values, np.float32))

    _erf = vectorized
    return vectorized(x)


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{−z}), the logistic function, computed as ½(1 + tanh(z/2)).

    The two forms are equal; the tanh one never overflows, for any z.

    >>> print(sigmoid(np.array([-2.0, 0.0, 2.0])).round(4))
    [0.1192 0.5    0.8808]
    """
    z = np.asarray(z)
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def softmax(z, axis=-1):
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} along ``axis``: a probability distribution over classes.

    Computed as e^{z − max z} / Σⱼ e^{zⱼ − max z}, the same value, in which e^x never
    overflows.

    >>> print(softmax(np.array([0.3, 0.6])).round(4))
    [0.4256 0.5744]
    """
    z = np.asarray(z)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z, axis=-1):
    """ln aᵢ = zᵢ − ln Σⱼ e^{zⱼ} along ``axis``: the logarithm of :func:`softmax`.

    Computed with the log-sum-exp shift, s = z − max z and ln aᵢ = sᵢ − ln Σⱼ e^{sⱼ}, which
    stays finite where ln(softmax(z)) would round to ln 0 = −∞.

    >>> print(log_softmax(np.array([0.0, 1000.0])))
    [-1000.     0.]
    """
    z = np.asarray(z)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


class Activation(Named):
    """Base class: subclasses implement ``forward`` and ``derivative`` (or ``backward``)."""

    #: True when σ acts on each element alone, so that σ'(z) is a plain array.
    elementwise = True

    def __call__(self, z):
        return self.forward(np.asarray(z))

    def forward(self, z):
        raise NotImplementedError

    def derivative(self, z, a):
        """σ'(z); ``a`` is σ(z), passed in because many derivatives are cheapest from it."""
        raise NotImplementedError

    def backward(self, z, a, grad):
        """∂C/∂z = ∂C/∂a ⊙ σ'(z)  (the Hadamard factor of BP1 and BP2)."""
        return grad * self.derivative(z, a)

    def explain(self, z, show: bool = False) -> str:
        """The formula, then σ(z) and σ'(z) at each given point: a study aid.

        >>> print(get("sigmoid").explain([0.0, 2.0]))
        sigmoid: σ(z) = c / (1 + e^{−βz});  σ'(z) = β σ(z) (1 − σ(z)/c).
          z = 0: σ(z) = 0.5, σ'(z) = 0.25
          z = 2: σ(z) = 0.880797, σ'(z) = 0.104994
        """
        z = np.atleast_1d(np.asarray(z, dtype=np.float64))
        a = self.forward(z)
        formula = (type(self).__doc__ or "").strip().splitlines()[0]
        lines = [f"{self.name}: {formula}"]
        if self.elementwise:
            derivative = self.derivative(z, a)
            lines += [f"  z = {zi:g}: σ(z) = {ai:g}, σ'(z) = {di:g}"
                      for zi, ai, di in zip(z.ravel(), a.ravel(), derivative.ravel())]
        else:
            lines.append(f"  z = {np.array2string(z, precision=4)}: σ(z) = "
                         f"{np.array2string(a, precision=4)}")
            lines.append(f"  Jacobian ∂aᵢ/∂zⱼ =\n{np.array2string(self.jacobian(z), precision=4)}")
        text = "\n".join(lines)
        if show:
            print(text)
        return text


ACTIVATIONS = Registry("activation", Activation)
register = ACTIVATIONS.register


@register("linear", "identity")
class Linear(Activation):
    """σ(z) = z;  σ'(z) = 1.  The output of regression networks."""

    def forward(self, z):
        return z

    def derivative(self, z, a):
        return np.ones_like(z)

    def backward(self, z, a, grad):
        return grad


@register("step", "binary_step", "heaviside")
class Step(Activation):
    """σ(z) = 1 if z > 0 else 0 (the threshold unit of Rosenblatt's perceptron).

    Its derivative is 0 everywhere except at z = 0, where it does not exist.  Gradient
    descent therefore receives no signal through a step unit: a network of step units
    cannot be trained by backpropagation.  That is why the perceptron has its own
    learning rule (w ← w + η(y − ŷ)x), and why smooth functions such as the sigmoid
    replaced the step in multi-layer networks.  ``derivative`` returns those zeros.
    """

    def forward(self, z):
        return (z > 0).astype(z.dtype)

    def derivative(self, z, a):
        return np.zeros_like(z)


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

    A piecewise-linear stand-in for the sigmoid (Keras 3's definition).
    """

    def forward(self, z):
        return np.clip(z / 6.0 + 0.5, 0.0, 1.0).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return ((z > -3.0) & (z < 3.0)).astype(z.dtype) / 6.0


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


@register("relu")
class ReLU(Activation):
    """σ(z) = max(0, z);  σ'(z) = 1 if z > 0 else 0 (0 is taken at z = 0)."""

    def forward(self, z):
        return np.maximum(z, 0)

    def derivative(self, z, a):
        return (z > 0).astype(z.dtype)

    def backward(self, z, a, grad):
        # Multiplying by the boolean mask (z > 0) is σ'(z) itself, without a float copy of it.
        return grad * (z > 0)


@register("leaky_relu")
class LeakyReLU(Activation):
    """σ(z) = z if z ≥ 0 else αz;  σ'(z) = 1 if z ≥ 0 else α.

    The small slope α (default 0.2, as in Keras 3) keeps a gradient flowing for
    negative inputs, so a unit cannot "die" the way a ReLU unit can.
    """

    def __init__(self, alpha: float = 0.2):
        self.alpha = fraction("LeakyReLU alpha", alpha)

    def forward(self, z):
        return np.where(z >= 0, z, self.alpha * z).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return np.where(z >= 0, 1.0, self.alpha).astype(z.dtype)


@register("elu")
class ELU(Activation):
    """σ(z) = z if z > 0 else α(e^z − 1);  σ'(z) = 1 if z > 0 else σ(z) + α.

    Clevert, Unterthiner & Hochreiter (2016), "Fast and Accurate Deep Network Learning by
    Exponential Linear Units".
    """

    def __init__(self, alpha: float = 1.0):
        self.alpha = positive_number("ELU alpha", alpha)

    def forward(self, z):
        # expm1 on min(z, 0) avoids overflow warnings for large positive z.
        return np.where(z > 0, z, self.alpha * np.expm1(np.minimum(z, 0))).astype(
            z.dtype, copy=False
        )

    def derivative(self, z, a):
        return np.where(z > 0, 1.0, a + self.alpha).astype(z.dtype, copy=False)


@register("selu")
class SELU(Activation):
    """σ(z) = λz if z > 0 else λα(e^z − 1);  σ'(z) = λ if z > 0 else λαe^z.

    λ ≈ 1.0507 and α ≈ 1.6733 make activations self-normalizing (Klambauer et al. 2017,
    "Self-Normalizing Neural Networks"); pair it with ``lecun_normal`` initialization.
    """

    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946

    def forward(self, z):
        negative = self.scale * self.alpha * np.expm1(np.minimum(z, 0))
        return np.where(z > 0, self.scale * z, negative).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return np.where(z > 0, self.scale, a + self.scale * self.alpha).astype(
            z.dtype, copy=False
        )


@register("gelu")
class GELU(Activation):
    """σ(z) = z·Φ(z), Φ the standard normal CDF;  σ'(z) = Φ(z) + z·φ(z).

    Exact form: Φ(z) = ½(1 + erf(z/√2)).  With ``approximate=True``, the tanh form
    σ(z) ≈ ½z(1 + tanh(√(2/π)(z + 0.044715z³))) and its exact derivative.
    Hendrycks & Gimpel (2016), "Gaussian Error Linear Units (GELUs)".
    """

    _k = math.sqrt(2.0 / math.pi)

    def __init__(self, approximate: bool = False):
        self.approximate = boolean("GELU approximate", approximate)

    def _tanh_inner(self, z):
        return np.tanh(self._k * (z + 0.044715 * z**3))

    def forward(self, z):
        if self.approximate:
            return 0.5 * z * (1.0 + self._tanh_inner(z))
        return (0.5 * z * (1.0 + _erf(z / math.sqrt(2.0)))).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        if self.approximate:
            t = self._tanh_inner(z)
            return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * self._k * (
                1.0 + 3 * 0.044715 * z * z
            )
        cdf = 0.5 * (1.0 + _erf(z / math.sqrt(2.0)))
        pdf = np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
        return (cdf + z * pdf).astype(z.dtype, copy=False)


@register("softplus")
class Softplus(Activation):
    """σ(z) = ln(1 + e^z);  σ'(z) = 1/(1 + e^{−z}), the logistic sigmoid.

    Computed as ``logaddexp(0, z)``, which neither overflows for large z nor loses
    precision for very negative z.
    """

    def forward(self, z):
        return np.logaddexp(0, z).astype(z.dtype, copy=False)

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


@register("softsign")
class Softsign(Activation):
    """σ(z) = z / (1 + |z|);  σ'(z) = 1 / (1 + |z|)²."""

    def forward(self, z):
        return z / (1.0 + np.abs(z))

    def derivative(self, z, a):
        return 1.0 / (1.0 + np.abs(z)) ** 2


@register("softmax")
class Softmax(Activation):
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}, over the last axis: a probability distribution over classes.

    Computed by :func:`softmax` as e^{z − max z} / Σ e^{z − max z} (the same value, and e^x
    never overflows).
    Its derivative is not elementwise: the Jacobian is ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ), i.e.
    J = diag(a) − a aᵀ, available from :meth:`jacobian` for study.  Training never builds
    J: :meth:`backward` computes the vector-Jacobian product gᵀJ = a ⊙ (g − ⟨g, a⟩)
    in O(n) instead of O(n²).  Paired with categorical cross-entropy, the model skips
    even that and uses the fused output error δᴸ = a − y.

    Two outputs with weighted sums 0.3 and 0.6 (e^0.3/(e^0.3 + e^0.6) ≈ 0.4256):

    >>> softmax = Softmax()
    >>> print(np.round(softmax(np.array([0.3, 0.6])), 4))
    [0.4256 0.5744]
    >>> print(np.round(softmax.jacobian(np.array([0.3, 0.6])), 4))
    [[ 0.2445 -0.2445]
     [-0.2445  0.2445]]
    """

    elementwise = False

    def forward(self, z):
        return softmax(z)

    def jacobian(self, z):
        """J[..., i, j] = ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ), shape ``z.shape + (n,)``."""
        a = self.forward(np.asarray(z))
        return a[..., :, None] * (np.eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])

    def derivative(self, z, a):
        raise TypeError(
            "softmax has no elementwise derivative: each output depends on every input. "
            "Use Softmax().jacobian(z) for the full matrix, or backward(z, a, grad) for "
            "the vector-Jacobian product."
        )

    def backward(self, z, a, grad):
        """∂C/∂z = Jᵀ ∂C/∂a = a ⊙ (∂C/∂a − Σⱼ aⱼ ∂C/∂aⱼ)."""
        return a * (grad - (grad * a).sum(axis=-1, keepdims=True))


def get(identifier) -> Activation:
    """An :class:`Activation` from a name (``"relu"``), an instance, a class, a config dict,
    or ``None`` (meaning linear, as in Keras)."""
    if identifier is None:
        return Linear()
    return ACTIVATIONS.get(identifier)


def names() -> list[str]:
    """Every registered activation name, aliases included."""
    return ACTIVATIONS.names()


__all__ = [
    "Activation",
    "ACTIVATIONS",
    "register",
    "get",
    "names",
    "serialize",
    "sigmoid",
    "softmax",
    "log_softmax",
    "Linear",
    "Step",
    "Sigmoid",
    "HardSigmoid",
    "Tanh",
    "ReLU",
    "LeakyReLU",
    "ELU",
    "SELU",
    "GELU",
    "Softplus",
    "Swish",
    "Softsign",
    "Softmax",
]
