"""Activation layers under Keras 3's names: ReLU, LeakyReLU, ELU, Softmax and PReLU.

The first four are the [`Activation`][lucidnet.layers.core.Activation] layer with its function fixed
by the class: `ReLU(max_value=6.0)` is `Activation(activations.ReLU(max_value=6.0))`,
saved under its own name with the function's arguments as its config.  Their formulas, σ
and σ', are those of [`activations`][lucidnet.activations]; a `Softmax` layer last, before a
cross-entropy, takes the same fused output error δᴸ = (a − y)/N as
`Dense(activation="softmax")`, since the model sees the same activation.

`PReLU` is a layer of its own, because its negative slope α is a trainable weight: it is
built from [`ReLU`][lucidnet.activations.ReLU] as relu(z) − α ⊙ relu(−z).
"""

from __future__ import annotations

import numpy as np

from .. import activations, constraints, initializers, regularizers
from ..registry import resolve
from ..tensor import wrap
from ..validation import integer, is_integer, sequence
from .base import Layer, register, serialize_optional, shape_str
from .core import Activation


def _argument(name: str) -> property:
    """A read-only attribute of the layer that is σ's argument `name` (`layer.max_value`),
    as Keras's activation layers keep their arguments."""
    return property(lambda self: getattr(self.activation, name),
                    doc=f"σ's `{name}`, read from the activation the layer applies.")


class FixedActivation(Activation):
    """An [`Activation`][lucidnet.layers.Activation] layer whose σ its class fixes: its config is σ's arguments
    (`{"max_value": 6.0, ...}`) rather than an `activation` entry."""

    def _describe_args(self):
        return self.activation.get_config()

    def get_config(self):
        config = super().get_config()
        del config["activation"]
        config.update(self.activation.get_config())
        return config


@register("ReLU")
class ReLU(FixedActivation):
    """a = min(z, max_value) if z > threshold else negative_slope·(z − threshold): max(0, z)
    with the defaults.  σ and σ' are [`ReLU`][lucidnet.activations.ReLU]'s.

    Examples
    --------
    >>> print(ReLU(max_value=10.0, negative_slope=0.5)(np.array([-10.0, -5.0, 0.0, 5.0, 10.0])))
    [-5.  -2.5  0.   5.  10. ]
    """

    max_value = _argument("max_value")
    negative_slope = _argument("negative_slope")
    threshold = _argument("threshold")

    def __init__(self, max_value: float | None = None, negative_slope: float = 0.0,
                 threshold: float = 0.0, **kwargs):
        super().__init__(activations.ReLU(negative_slope=negative_slope, max_value=max_value,
                                          threshold=threshold), **kwargs)


@register("LeakyReLU")
class LeakyReLU(FixedActivation):
    """a = z if z > 0 else negative_slope·z, with Keras 3's default slope for this layer, 0.3
    (the `leaky_relu` function's is 0.2).  σ and σ' are
    [`LeakyReLU`][lucidnet.activations.LeakyReLU]'s.

    `alpha=` is the slope's former name: it is still taken, with a `DeprecationWarning`.
    """

    negative_slope = _argument("negative_slope")

    def __init__(self, negative_slope: float = 0.3, **kwargs):
        alpha = kwargs.pop("alpha", None)
        super().__init__(activations.LeakyReLU(negative_slope, alpha=alpha), **kwargs)


@register("ELU")
class ELU(FixedActivation):
    """a = z if z > 0 else alpha·(e^z − 1).  σ and σ' are [`ELU`][lucidnet.activations.ELU]'s."""

    alpha = _argument("alpha")

    def __init__(self, alpha: float = 1.0, **kwargs):
        super().__init__(activations.ELU(alpha=alpha), **kwargs)


@register("Softmax")
class Softmax(FixedActivation):
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} along `axis` (an integer or a list of them).  The formula and
    the vector-Jacobian product of backward are [`Softmax`][lucidnet.activations.Softmax]'s.

    Examples
    --------
    >>> print(Softmax()(np.array([[1.0, 2.0, 1.0]])).round(6))
    [[0.211942 0.576117 0.211942]]
    """

    axis = _argument("axis")

    def __init__(self, axis: int | list[int] = -1, **kwargs):
        super().__init__(activations.Softmax(axis=axis), **kwargs)


#: max(0, z), whose forward and backward PReLU composes.
_RELU = activations.ReLU()


@register("PReLU")
class PReLU(Layer):
    """a = z if z > 0 else α ⊙ z, with α learned: a = relu(z) − α ⊙ relu(−z).

    Backward, with g = ∂C/∂a and relu' the step at 0:

    - ∂C/∂z = g ⊙ (relu'(z) + α ⊙ relu'(−z));
    - ∂C/∂α = −Σ g ⊙ relu(−z), summed over the batch and the `shared_axes`.

    α has the shape of one example, with size 1 along each axis of `shared_axes` (axes of
    the input, 1 being the first after the batch axis), where one slope serves the whole
    axis; it starts from `alpha_initializer` (zeros: a ReLU), `alpha_regularizer` adds R(α)
    to the cost and `alpha_constraint` projects α ← c(α) after every optimizer update, as in
    Keras.  He et al. (2015), "Delving Deep into Rectifiers".
    """

    _config_keys = ("shared_axes",)

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = resolve("alpha_initializer", initializers.get, alpha_initializer)
        self.alpha_regularizer = resolve("alpha_regularizer", regularizers.get, alpha_regularizer)
        self.alpha_constraint = resolve("alpha_constraint", constraints.get, alpha_constraint)
        self.shared_axes = None
        if shared_axes is not None:
            axes = [shared_axes] if is_integer(shared_axes) else sequence(
                "PReLU shared_axes", shared_axes, "integers")
            self.shared_axes = [integer("PReLU shared_axes", axis, at_least=1) for axis in axes]
        self.x = None

    def get_config(self):
        config = super().get_config()
        for key in ("alpha_initializer", "alpha_regularizer", "alpha_constraint"):
            config[key] = serialize_optional(getattr(self, key))
        return config

    @property
    def alpha(self) -> np.ndarray:
        """α, the shape of one example with 1 along the shared axes (a live
        `Tensor` view)."""
        return wrap(self.weights[0])

    def compute_output_shape(self, input_shape):
        input_shape = self.batched_shape(input_shape)
        shared = self.shared_axes or []
        for axis in shared:
            integer(f"The shared_axes of {self.describe()}, for inputs of shape "
                    f"{shape_str(input_shape)},", axis, at_least=1, at_most=len(input_shape) - 1)
        if self.built and (len(input_shape) != len(self.input_shape) or any(
                size != built for axis, (size, built)
                in enumerate(zip(input_shape, self.input_shape)) if axis and axis not in shared)):
            raise ValueError(
                f"{self.describe()} was built for inputs {shape_str(self.input_shape)}, got "
                f"shape {shape_str(input_shape)}."
            )
        return input_shape

    def create_weights(self, input_shape, dtype, rng):
        shared = self.shared_axes or []
        shape = [1 if axis in shared else size for axis, size in enumerate(input_shape) if axis]
        self.add_weight("alpha", shape, self.alpha_initializer, rng,
                        constraint=self.alpha_constraint)

    def forward(self, x, training=False):
        self.x = x
        return _RELU.forward(x) - self.weights[0] * _RELU.forward(-x)

    def backward(self, grad, need_input_grad=True):
        x, alpha = self.x, self.weights[0]
        negative = _RELU.forward(-x)
        self.grads = []
        if self.trainable:
            summed = (0, *(self.shared_axes or []))
            grad_alpha = -(grad * negative).sum(axis=summed, keepdims=True).reshape(alpha.shape)
            if self.alpha_regularizer is not None:
                grad_alpha += self.alpha_regularizer.gradient(alpha)
            self.grads = [grad_alpha]
        if not need_input_grad:
            return None
        return _RELU.backward(x, _RELU.forward(x), grad) + alpha * _RELU.backward(-x, negative, grad)

    def regularization_loss(self) -> float:
        return 0.0 if self.alpha_regularizer is None else self.alpha_regularizer(self.weights[0])
