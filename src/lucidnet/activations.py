"""Activation functions σ, each with its derivative σ' beside it.

Every activation is a small class with

- ``forward(z)``: a = σ(z), applied elementwise (softmax and log-softmax: along an axis);
- ``derivative(z, a)``: σ'(z), elementwise, given z and the already computed a;
- ``backward(z, a, grad)``: ∂C/∂z from ∂C/∂a.  For elementwise functions this is the
  ``⊙ σ'(z)`` factor of backpropagation's BP1 and BP2: ∂C/∂z = ∂C/∂a ⊙ σ'(z).

Activations are looked up by name with :func:`get` (``get("relu")``); a new one is added
with ``@register("name")`` and is then tested and serialized like the built-in ones.

Each one is also a function under Keras 3's name and signature, usable on arrays
(``relu(x, max_value=6.0)``) and as ``Dense(10, activation=relu)``, where :func:`get` turns it
into its class.  A function computes through its class (``relu(x, **options)`` is
``ReLU(**options)(x)``), except the formulas that other code shares, :func:`sigmoid`,
:func:`softplus`, :func:`hard_sigmoid`, :func:`softmax` and :func:`log_softmax`: those are
written as functions, which the classes' ``forward`` and the losses that take logits call.
Either way each formula is written once.  The functions take numbers, lists and arrays; a
float array keeps its dtype, anything else becomes :func:`lucidnet.config.floatx`.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .config import floatx
from .registry import Named, Registry
from .registry import serialize as serialize_object
from .validation import (axes_of, axis_or_axes, boolean, float_values, non_negative_number,
                         optional, positive_number)


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


def sigmoid(x):
    """σ(z) = 1 / (1 + e^{−z}), the logistic function, computed as ½(1 + tanh(z/2)).

    The two forms are equal; the tanh one never overflows, for any z.  :class:`Sigmoid` has σ'.

    >>> print(sigmoid(np.array([-2.0, 0.0, 2.0])).round(4))
    [0.1192 0.5    0.8808]
    """
    z = float_values("sigmoid input", x, floatx())
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def softplus(x):
    """σ(z) = ln(1 + e^z), computed as ``logaddexp(0, z)``, which neither overflows for large z
    nor loses precision for very negative z.  :class:`Softplus` has σ'.

    >>> print(softplus(np.array([-1000.0, 0.0, 100.0])).round(4))
    [  0.       0.6931 100.    ]
    """
    z = float_values("softplus input", x, floatx())
    return np.logaddexp(0, z).astype(z.dtype, copy=False)


def hard_sigmoid(x):
    """σ(z) = max(0, min(1, z/6 + ½)): 0 up to z = −3, 1 from z = 3, linear between.
    :class:`HardSigmoid` has σ'.

    >>> print(hard_sigmoid(np.array([-4.0, 0.0, 1.5, 4.0])))
    [0.   0.5  0.75 1.  ]
    """
    z = float_values("hard_sigmoid input", x, floatx())
    return np.clip(z / 6.0 + 0.5, 0.0, 1.0).astype(z.dtype, copy=False)


def _hard_sigmoid_slope(z):
    """h'(z) = 1/6 on (−3, 3), else 0: the derivative of :func:`hard_sigmoid`."""
    return ((z > -3.0) & (z < 3.0)).astype(z.dtype) / 6.0


def softmax(x, axis=-1):
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} along ``axis`` (an axis or a tuple of axes): a probability
    distribution over classes.

    Computed as e^{z − max z} / Σⱼ e^{zⱼ − max z}, the same value, in which e^x never
    overflows.  :class:`Softmax` has the Jacobian.

    >>> print(softmax(np.array([0.3, 0.6])).round(4))
    [0.4256 0.5744]
    """
    z = float_values("softmax input", x, floatx())
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    """ln aᵢ = zᵢ − ln Σⱼ e^{zⱼ} along ``axis``: the logarithm of :func:`softmax`.

    Computed with the log-sum-exp shift, s = z − max z and ln aᵢ = sᵢ − ln Σⱼ e^{sⱼ}, which
    stays finite where ln(softmax(z)) would round to ln 0 = −∞.  :class:`LogSoftmax` has
    the Jacobian.

    >>> print(log_softmax(np.array([0.0, 1000.0])))
    [-1000.     0.]
    """
    z = float_values("log_softmax input", x, floatx())
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def l2_normalize(x, axis=-1, epsilon: float = 1e-7):
    """x̂ = x / max(‖x‖₂, ε) along ``axis`` (an axis or a tuple of axes), as Keras's
    ``ops.normalize``: unit vectors, and x/ε for a vector shorter than ε.

    >>> print(l2_normalize(np.array([[3.0, 4.0], [0.0, 0.0]])))
    [[0.6 0.8]
     [0.  0. ]]
    """
    return x / np.maximum(np.sqrt((x * x).sum(axis=axis, keepdims=True)), epsilon)


def l2_normalize_backward(x, x_hat, grad, axis=-1, epsilon: float = 1e-7):
    """∂C/∂x from g = ∂C/∂x̂ for x̂ = :func:`l2_normalize` (x): (g − ⟨g, x̂⟩x̂)/‖x‖ where
    ‖x‖ > ε, and g/ε where the floor holds (x̂ = x/ε is linear there)."""
    norm = np.sqrt((x * x).sum(axis=axis, keepdims=True))
    along = np.where(norm > epsilon, grad - (grad * x_hat).sum(axis=axis, keepdims=True) * x_hat,
                     grad)
    return along / np.maximum(norm, epsilon)


class Activation(Named):
    """Base class: subclasses implement ``forward`` and ``derivative`` (or ``backward``)."""

    #: True when σ acts on each element alone, so that σ'(z) is a plain array.
    elementwise = True
    #: True when σ(z) itself grows past the largest float for large finite z (e^z does, above
    #: z ≈ 88.7 in float32): no stable form can avoid that, the value is +inf.
    overflows = False

    def __call__(self, z):
        return self.forward(float_values(f"{self.name} input", z, floatx()))

    def forward(self, z):
        raise NotImplementedError

    def derivative(self, z, a):
        """σ'(z); ``a`` is σ(z), passed in because many derivatives are cheapest from it."""
        raise NotImplementedError

    def backward(self, z, a, grad):
        """∂C/∂z = ∂C/∂a ⊙ σ'(z)  (the Hadamard factor of BP1 and BP2)."""
        return grad * self.derivative(z, a)

    def check_input_shape(self, shape, where: str) -> None:
        """Raise a ``ValueError`` naming ``where`` (a layer) if σ cannot take inputs of
        ``shape``; every shape suits an elementwise σ."""

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


@register("relu")
class ReLU(Activation):
    """σ(z) = max(0, z);  σ'(z) = 1 if z > 0 else 0 (0 is taken at z = 0).

    Keras 3's options generalize it.  With ``threshold`` t, ``negative_slope`` s and
    ``max_value`` m (None: no ceiling),

        σ(z) = min(z, m) if z > t else s·(z − t);  σ'(z) = 1 on (t, m), 0 from m, s up to t.

    The defaults t = 0, s = 0, m = None give max(0, z).  All three must be ≥ 0, as Keras's
    ``ReLU`` layer requires.

    >>> print(ReLU(negative_slope=0.5, max_value=5.0, threshold=5.0)(np.array([-10.0, 0.0, 5.0, 10.0])))
    [-7.5 -2.5  0.   5. ]
    """

    def __init__(self, negative_slope: float = 0.0, max_value: float | None = None,
                 threshold: float = 0.0):
        kind = type(self).__name__
        self.negative_slope = non_negative_number(f"{kind} negative_slope", negative_slope)
        self.max_value = optional(non_negative_number, f"{kind} max_value", max_value)
        self.threshold = non_negative_number(f"{kind} threshold", threshold)

    @property
    def plain(self) -> bool:
        """True for max(0, z) itself, which has a faster path."""
        return self.negative_slope == 0.0 and self.max_value is None and self.threshold == 0.0

    def forward(self, z):
        if self.plain:
            return np.maximum(z, 0)
        passed = z if self.max_value is None else np.minimum(z, self.max_value)
        # Without a slope the values below the threshold are 0 itself, not 0·(z − t) = −0.
        below = self.negative_slope * (z - self.threshold) if self.negative_slope else 0.0
        return np.where(z > self.threshold, passed, below).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        if self.plain:
            return (z > 0).astype(z.dtype)
        above = z > self.threshold
        rising = above if self.max_value is None else above & (z < self.max_value)
        return np.where(rising, 1.0, np.where(above, 0.0, self.negative_slope)).astype(z.dtype)

    def backward(self, z, a, grad):
        if self.plain:
            # Multiplying by the boolean mask (z > 0) is σ'(z) itself, without a float copy of it.
            return grad * (z > 0)
        return grad * self.derivative(z, a)


@register("relu6")
class ReLU6(ReLU):
    """σ(z) = min(max(0, z), 6);  σ'(z) = 1 on (0, 6), else 0.

    :class:`ReLU` with ``max_value=6``, as in MobileNet (Howard et al. 2017); Keras's relu6.
    """

    def __init__(self):
        super().__init__(max_value=6.0)


@register("leaky_relu")
class LeakyReLU(ReLU):
    """σ(z) = z if z > 0 else sz;  σ'(z) = 1 if z > 0 else s.

    The small slope s = ``negative_slope`` (default 0.2, as Keras 3's ``leaky_relu``; its
    ``LeakyReLU`` layer defaults to 0.3) keeps a gradient flowing for negative inputs, so a
    unit cannot "die" the way a ReLU unit can.  It is :class:`ReLU` with that slope.
    ``alpha`` is the former name of ``negative_slope``, still read (with a
    ``DeprecationWarning``) so that older model files load.
    """

    _config_keys = ("negative_slope",)

    def __init__(self, negative_slope: float = 0.2, *, alpha: float | None = None):
        if alpha is not None:
            warnings.warn("LeakyReLU's alpha is deprecated: pass negative_slope instead (the "
                          "same slope).", DeprecationWarning, stacklevel=2)
            negative_slope = alpha
        super().__init__(negative_slope=negative_slope)


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


@register("celu")
class CELU(Activation):
    """σ(z) = z if z > 0 else α(e^{z/α} − 1);  σ'(z) = 1 if z > 0 else σ(z)/α + 1 = e^{z/α}.

    Unlike :class:`ELU`, whose slope jumps from α to 1 at 0 when α ≠ 1, the slope tends to 1
    from both sides for every α > 0: continuously differentiable.  Barron (2017),
    "Continuously Differentiable Exponential Linear Units".
    """

    def __init__(self, alpha: float = 1.0):
        self.alpha = positive_number("CELU alpha", alpha)

    def forward(self, z):
        negative = self.alpha * np.expm1(np.minimum(z, 0) / self.alpha)
        return np.where(z > 0, z, negative).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return np.where(z > 0, 1.0, a / self.alpha + 1.0).astype(z.dtype, copy=False)


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


@register("exponential")
class Exponential(Activation):
    """σ(z) = e^z;  σ'(z) = e^z = σ(z).

    Positive outputs, e.g. the rate of a Poisson regression.  e^z exceeds the largest float
    for z above ≈ 88.7 in float32 (≈ 709.8 in float64) and is then +inf, as in Keras.
    """

    overflows = True

    def forward(self, z):
        return np.exp(z)

    def derivative(self, z, a):
        return a.copy()

    def backward(self, z, a, grad):
        return grad * a


class AxisActivation(Activation):
    """Base of the activations that normalize along ``axis`` (softmax and log-softmax):
    each output depends on every input along that axis, so σ' is a Jacobian, not an
    elementwise factor.  ``axis`` is an integer or a tuple of integers (the axes together)."""

    elementwise = False

    def __init__(self, axis: int | tuple[int, ...] = -1):
        self.axis = axis_or_axes(f"{type(self).__name__} axis", axis)

    def check_input_shape(self, shape, where: str) -> None:
        axes_of(f"The axis of {where}", self.axis, len(shape))

    def derivative(self, z, a):
        raise TypeError(
            f"{self.name} has no elementwise derivative: each output depends on every input "
            f"along its axis. Use {type(self).__name__}().jacobian(z) for the full matrix, or "
            f"backward(z, a, grad) for the vector-Jacobian product."
        )

    def _along_last(self, z):
        """z with the normalized axes moved last and merged into one (in C order)."""
        z = float_values(f"{self.name} input", z, floatx())
        positions = axes_of(f"{type(self).__name__} axis", self.axis, z.ndim)
        kept = z.ndim - len(positions)
        moved = np.moveaxis(z, positions, list(range(kept, z.ndim)))
        return moved.reshape(moved.shape[:kept] + (-1,))


@register("softmax")
class Softmax(AxisActivation):
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} along ``axis`` (the last by default): a probability distribution.

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

    def forward(self, z):
        return softmax(z, self.axis)

    def jacobian(self, z):
        """J[..., i, j] = ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ), shape ``rest + (n, n)``: the softmax axis
        (or axes, merged) moved last."""
        a = softmax(self._along_last(z))
        return a[..., :, None] * (np.eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])

    def backward(self, z, a, grad):
        """∂C/∂z = Jᵀ ∂C/∂a = a ⊙ (∂C/∂a − Σⱼ aⱼ ∂C/∂aⱼ)."""
        return a * (grad - (grad * a).sum(axis=self.axis, keepdims=True))


@register("log_softmax")
class LogSoftmax(AxisActivation):
    """aᵢ = zᵢ − ln Σⱼ e^{zⱼ} = ln softmax(z)ᵢ;  ∂aᵢ/∂zⱼ = δᵢⱼ − softmax(z)ⱼ.

    Computed by :func:`log_softmax` with the log-sum-exp shift, finite where
    ln(softmax(z)) would be ln 0.  :meth:`backward` is the vector-Jacobian product
    ∂C/∂z = g − softmax(z)·Σⱼ gⱼ, with softmax(z) = e^a read off the output.
    """

    def forward(self, z):
        return log_softmax(z, self.axis)

    def jacobian(self, z):
        """J[..., i, j] = ∂aᵢ/∂zⱼ = δᵢⱼ − softmax(z)ⱼ, shape ``rest + (n, n)``: the axis (or
        axes, merged) moved last."""
        s = softmax(self._along_last(z))
        return np.eye(s.shape[-1], dtype=s.dtype) - s[..., None, :]

    def backward(self, z, a, grad):
        """∂C/∂z = Jᵀ ∂C/∂a = ∂C/∂a − e^a Σⱼ ∂C/∂aⱼ."""
        return grad - np.exp(a) * grad.sum(axis=self.axis, keepdims=True)


# -- the functions, under Keras 3's names and signatures ---------------------------------------
# Each computes through its class, where σ and σ' are; sigmoid, softplus, hard_sigmoid,
# softmax and log_softmax, above, are the formulas themselves.

def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """max(0, x), or with Keras's options min(x, max_value) above ``threshold`` and
    negative_slope·(x − threshold) up to it: :class:`ReLU`.

    >>> print(relu([-10.0, -5.0, 0.0, 5.0, 10.0], negative_slope=0.5))
    [-5.  -2.5  0.   5.  10. ]
    """
    return ReLU(negative_slope=negative_slope, max_value=max_value, threshold=threshold)(x)


def relu6(x):
    """min(max(0, x), 6): :class:`ReLU6`."""
    return ReLU6()(x)


def leaky_relu(x, negative_slope=0.2):
    """x if x > 0 else negative_slope·x: :class:`LeakyReLU`."""
    return LeakyReLU(negative_slope=negative_slope)(x)


def elu(x, alpha=1.0):
    """x if x > 0 else alpha·(eˣ − 1): :class:`ELU`."""
    return ELU(alpha=alpha)(x)


def celu(x, alpha=1.0):
    """x if x > 0 else alpha·(e^{x/alpha} − 1): :class:`CELU`."""
    return CELU(alpha=alpha)(x)


def selu(x):
    """λx if x > 0 else λα(eˣ − 1), λ ≈ 1.0507, α ≈ 1.6733: :class:`SELU`."""
    return SELU()(x)


def gelu(x, approximate=False):
    """x·Φ(x), Φ the standard normal CDF (its tanh approximation when ``approximate``):
    :class:`GELU`."""
    return GELU(approximate=approximate)(x)


def tanh(x):
    """tanh(x): :class:`Tanh`."""
    return Tanh()(x)


def silu(x):
    """x·sigmoid(x), also called swish: :class:`Swish`."""
    return Swish()(x)


def hard_silu(x):
    """x·hard_sigmoid(x), also called hard swish: :class:`HardSiLU`.

    >>> print(hard_silu(np.array([-4.0, 1.5, 4.0])))
    [-0.     1.125  4.   ]
    """
    return HardSiLU()(x)


def mish(x):
    """x·tanh(softplus(x)): :class:`Mish`."""
    return Mish()(x)


def softsign(x):
    """x / (1 + |x|): :class:`Softsign`."""
    return Softsign()(x)


def exponential(x):
    """eˣ: :class:`Exponential`."""
    return Exponential()(x)


def linear(x):
    """x itself, as a float array: :class:`Linear`."""
    return Linear()(x)


swish = silu
hard_swish = hard_silu

#: Each function of this module → the class that computes it: ``get(relu)`` is ``ReLU()``.
FUNCTIONS: dict = {
    relu: ReLU, relu6: ReLU6, leaky_relu: LeakyReLU, elu: ELU, celu: CELU, selu: SELU,
    gelu: GELU, sigmoid: Sigmoid, hard_sigmoid: HardSigmoid, hard_silu: HardSiLU, silu: Swish,
    mish: Mish, softplus: Softplus, softsign: Softsign, tanh: Tanh, exponential: Exponential,
    linear: Linear, softmax: Softmax, log_softmax: LogSoftmax,
}


def get(identifier) -> Activation:
    """An :class:`Activation` from a name (``"relu"``), one of this module's functions
    (``relu``: its class with the default arguments), an instance, a class, a config dict,
    or ``None`` (meaning linear, as in Keras).

    Any other callable is refused: backpropagation needs σ', which a plain function does
    not give.  Subclass :class:`Activation` with ``forward`` and ``derivative`` instead.
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
    """``{"class_name": <registered name>, "config": {...}}`` for anything :func:`get` takes
    (``ReLU(max_value=6.0)``, ``relu``, ``"relu"``)."""
    return serialize_object(get(activation))


def names() -> list[str]:
    """Every registered activation name, aliases included."""
    return ACTIVATIONS.names()


__all__ = [
    "Activation",
    "AxisActivation",
    "ACTIVATIONS",
    "FUNCTIONS",
    "register",
    "get",
    "names",
    "serialize",
    # the functions, Keras's names
    "relu", "relu6", "leaky_relu", "elu", "celu", "selu", "gelu", "sigmoid", "hard_sigmoid",
    "hard_silu", "hard_swish", "silu", "swish", "mish", "softplus", "softsign", "tanh",
    "exponential", "linear", "softmax", "log_softmax",
    # the classes
    "Linear",
    "Step",
    "Sigmoid",
    "HardSigmoid",
    "HardSiLU",
    "Tanh",
    "ReLU",
    "ReLU6",
    "LeakyReLU",
    "ELU",
    "CELU",
    "SELU",
    "GELU",
    "Softplus",
    "Swish",
    "Mish",
    "Softsign",
    "Exponential",
    "Softmax",
    "LogSoftmax",
]
