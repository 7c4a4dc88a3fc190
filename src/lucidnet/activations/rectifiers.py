"""The piecewise activations: linear, the step, ReLU and its variants (ReLU6, leaky ReLU,
threshold), the shrinkage functions (hard and soft shrink), the exponential linear units
(ELU, CELU, SELU), GELU and the exponential."""

from __future__ import annotations

import math
import warnings

import numpy as np

from ..validation import boolean, non_negative_number, number, optional, positive_number
from . import kernels
from .base import Activation, register


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


@register("linear", "identity")
class Linear(Activation):
    """σ(z) = z;  σ'(z) = 1.  The output of regression networks.

    ```formula
    σ(z) = z,    σ'(z) = 1
    ```
    """

    def forward(self, z):
        return z

    def derivative(self, z, a):
        return np.ones_like(z)

    def backward(self, z, a, grad):
        return grad


@register("step", "binary_step", "heaviside")
class Step(Activation):
    """σ(z) = 1 if z > 0 else 0 (the threshold unit of Rosenblatt's perceptron).

    ```formula
    σ(z) = 1 if z > 0 else 0,    σ'(z) = 0 for z ≠ 0
    ```

    Its derivative is 0 everywhere except at z = 0, where it does not exist.  Gradient
    descent therefore receives no signal through a step unit: a network of step units
    cannot be trained by backpropagation.  That is why the perceptron has its own
    learning rule (w ← w + η(y − ŷ)x), and why smooth functions such as the sigmoid
    replaced the step in multi-layer networks.  `derivative` returns those zeros.
    """

    def forward(self, z):
        return (z > 0).astype(z.dtype)

    def derivative(self, z, a):
        return np.zeros_like(z)


@register("relu")
class ReLU(Activation):
    """σ(z) = max(0, z);  σ'(z) = 1 if z > 0 else 0 (0 is taken at z = 0).

    Keras 3's options generalize it.  With `threshold` t, `negative_slope` s and
    `max_value` m (None: no ceiling),

    ```formula
    σ(z) = min(z, m) if z > t else s·(z − t)
    σ'(z) = 1 on (t, m),    0 from m,    s up to t
    ```

    The defaults t = 0, s = 0, m = None give max(0, z).

    Parameters
    ----------
    negative_slope : float
        The slope s below the threshold, ≥ 0.
    max_value : float or None
        The ceiling m, ≥ 0, or None for none.
    threshold : float
        The threshold t below which the slope is s, ≥ 0.

    Examples
    --------
    >>> relu = ReLU(negative_slope=0.5, max_value=5.0, threshold=5.0)
    >>> print(relu(np.array([-10.0, 0.0, 5.0, 10.0])))
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

    def forward_in_place(self, z):
        return np.maximum(z, 0, out=z) if self.plain else self.forward(z)

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

    # The bias step fused with max(0, z) for plain ReLU on arrays the kernels take, else
    # NumPy's passes, as the defaults make them.
    def add_bias_forward(self, z, b):
        kernel = self._kernel(kernels.bias_relu, True, z, b)
        if kernel is None:
            z += b
            return self.forward(z)
        a = np.empty_like(z)
        kernel(z, b, a)
        return a

    def add_bias_forward_in_place(self, z, b):
        kernel = self._kernel(kernels.bias_relu, False, z, b)
        if kernel is None:
            z += b
            return self.forward_in_place(z)
        kernel(z, b, z)
        return z

    def backward_and_bias_sum(self, z, a, grad, bias_grad=None):
        outputs = () if bias_grad is None else (bias_grad,)
        kernel = self._kernel(kernels.relu_backward, True, z, grad, *outputs)
        if kernel is None:
            return super().backward_and_bias_sum(z, a, grad, bias_grad)
        if bias_grad is None:
            bias_grad = np.empty(z.shape[1:], z.dtype)
        delta = np.empty_like(z)
        kernel(grad, z, delta, bias_grad)
        return delta, bias_grad

    def _kernel(self, function, training, z, *arrays):
        """The compiled `function` of [lucidnet.activations.kernels][] when it is worth
        loading for this pass (`training` or not) and may run on these arrays, for this plain
        ReLU, max(0, z) itself and not a subclass; else None (the cheapest tests first:
        this runs for every layer of every prediction)."""
        if kernels.worth_loading(z, training) and type(self) is ReLU and self.plain \
                and kernels.usable(z, *arrays):
            return kernels.compiled(function)
        return None


@register("relu6")
class ReLU6(ReLU):
    """σ(z) = min(max(0, z), 6);  σ'(z) = 1 on (0, 6), else 0.

    ```formula
    σ(z) = min(max(0, z), 6)
    σ'(z) = 1 if 0 < z < 6 else 0
    ```

    [`ReLU`][lucidnet.activations.ReLU] with `max_value=6`, as in MobileNet (Howard et al.
    2017); Keras's relu6.
    """

    def __init__(self):
        super().__init__(max_value=6.0)


@register("leaky_relu")
class LeakyReLU(ReLU):
    """σ(z) = z if z > 0 else sz;  σ'(z) = 1 if z > 0 else s.

    ```formula
    σ(z) = z if z > 0 else s·z
    σ'(z) = 1 if z > 0 else s
    ```

    The small slope s keeps a gradient flowing for negative inputs, so a unit cannot "die" the
    way a ReLU unit can.  It is [`ReLU`][lucidnet.activations.ReLU] with that slope.

    Parameters
    ----------
    negative_slope : float
        The slope s for negative inputs, ≥ 0 (0.2, as Keras 3's `leaky_relu`; its `LeakyReLU`
        layer defaults to 0.3).
    alpha : float or None
        The former name of `negative_slope`, still read (with a `DeprecationWarning`) so that
        older model files load.
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

    ```formula
    σ(z) = z if z > 0 else α(e^z − 1)
    σ'(z) = 1 if z > 0 else σ(z) + α
    ```

    Clevert, Unterthiner & Hochreiter (2016), "Fast and Accurate Deep Network Learning by
    Exponential Linear Units".

    Parameters
    ----------
    alpha : float
        The scale α of the negative part, > 0.
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

    ```formula
    σ(z) = z if z > 0 else α(e^{z/α} − 1)
    σ'(z) = 1 if z > 0 else e^{z/α} = σ(z)/α + 1
    ```

    Unlike [`ELU`][lucidnet.activations.ELU], whose slope jumps from α to 1 at 0 when α ≠ 1, the
    slope tends to 1 from both sides for every α > 0: continuously differentiable.  Barron
    (2017), "Continuously Differentiable Exponential Linear Units".

    Parameters
    ----------
    alpha : float
        The scale α of the negative part, > 0.
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

    ```formula
    σ(z) = λz if z > 0 else λα(e^z − 1)
    σ'(z) = λ if z > 0 else λαe^z
    ```

    λ ≈ 1.0507 and α ≈ 1.6733 make activations self-normalizing (Klambauer et al. 2017,
    "Self-Normalizing Neural Networks"); pair it with `lecun_normal` initialization.
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

    ```formula
    σ(z) = z·Φ(z),    Φ(z) = ½(1 + erf(z/√2))
    σ'(z) = Φ(z) + z·φ(z),    φ(z) = e^{−z²/2} / √(2π)
    ```

    With `approximate=True`, the tanh form σ(z) ≈ ½z(1 + tanh(√(2/π)(z + 0.044715z³))) and its
    exact derivative.  Hendrycks & Gimpel (2016), "Gaussian Error Linear Units (GELUs)".

    Parameters
    ----------
    approximate : bool
        Whether to use the tanh approximation instead of the exact erf form.
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


@register("exponential")
class Exponential(Activation):
    """σ(z) = e^z;  σ'(z) = e^z = σ(z).

    ```formula
    σ(z) = e^z,    σ'(z) = e^z = σ(z)
    ```

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


@register("hard_shrink")
class HardShrink(Activation):
    """σ(z) = z if |z| > λ else 0;  σ'(z) = 1 if |z| > λ else 0, λ = `threshold` (0.5).

    ```formula
    σ(z) = z if |z| > λ else 0
    σ'(z) = 1 if |z| > λ else 0
    ```

    As Keras's `hard_shrink`.

    Parameters
    ----------
    threshold : float
        The threshold λ, ≥ 0.
    """

    def __init__(self, threshold: float = 0.5):
        self.threshold = non_negative_number("HardShrink threshold", threshold)

    def forward(self, z):
        return np.where(np.abs(z) > self.threshold, z, 0.0).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return (np.abs(z) > self.threshold).astype(z.dtype)


@register("soft_shrink")
class SoftShrink(Activation):
    """σ(z) = z − λ above λ, z + λ below −λ, 0 between;  σ'(z) = 1 if |z| > λ else 0.

    ```formula
    σ(z) = z − sign(z)·λ if |z| > λ else 0
    σ'(z) = 1 if |z| > λ else 0
    ```

    As Keras's `soft_shrink`.

    Parameters
    ----------
    threshold : float
        The threshold λ, ≥ 0.

    Examples
    --------
    >>> print(SoftShrink()(np.array([-2.0, 0.25, 1.0])))
    [-1.5  0.   0.5]
    """

    def __init__(self, threshold: float = 0.5):
        self.threshold = non_negative_number("SoftShrink threshold", threshold)

    def forward(self, z):
        shrunk = z - np.sign(z) * self.threshold
        return np.where(np.abs(z) > self.threshold, shrunk, 0.0).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return (np.abs(z) > self.threshold).astype(z.dtype)


@register("threshold")
class Threshold(Activation):
    """σ(z) = z if z > t else v, t = `threshold`, v = `default_value`;  σ'(z) = 1 if z > t else 0.

    ```formula
    σ(z) = z if z > t else v
    σ'(z) = 1 if z > t else 0
    ```

    Keras's `threshold(x, threshold, default_value)`; with t = v = 0, the defaults here, it is
    max(0, z).

    Parameters
    ----------
    threshold : float
        The threshold t.
    default_value : float
        The value v taken at and below the threshold.

    Examples
    --------
    >>> print(Threshold(1.0, -5.0)(np.array([0.5, 1.0, 2.0])))
    [-5. -5.  2.]
    """

    def __init__(self, threshold: float = 0.0, default_value: float = 0.0):
        self.threshold = number("Threshold threshold", threshold)
        self.default_value = number("Threshold default_value", default_value)

    def forward(self, z):
        return np.where(z > self.threshold, z, self.default_value).astype(z.dtype, copy=False)

    def derivative(self, z, a):
        return (z > self.threshold).astype(z.dtype)
