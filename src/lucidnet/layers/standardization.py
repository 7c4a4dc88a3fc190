"""What the normalization layers share: x̂ = (x − μ)/√(σ² + ε), its backward through the
statistics, and the learned y = γ ⊙ x̂ + β.

Where μ and σ² are computed from the input itself (BatchNormalization over the batch,
LayerNormalization over each example's features), backpropagation runs through them as
well; `standardize_backward` holds that formula once, over the axes the statistics
run along.  The variance is always the biased one, the mean of the squared deviations
(÷m, not ÷(m − 1)), as Keras computes it.
"""

from __future__ import annotations

import numpy as np

from .. import initializers, regularizers
from ..registry import resolve
from ..tensor import wrap
from ..validation import boolean, positive_number
from .base import Layer, serialize_optional, shape_str


def standardize_backward(grad_x_hat, x_hat, inv_std, axes):
    """∂C/∂x for x̂ = (x − μ)·s, s = 1/√(σ² + ε), when μ and σ² are the mean and the biased
    variance of x over `axes` (m values each):

        ∂C/∂x = s · (∂C/∂x̂ − mean(∂C/∂x̂) − x̂ ⊙ mean(∂C/∂x̂ ⊙ x̂)),

    the means taken over `axes`.  It is the chain rule through x̂, μ and σ² (Ioffe and
    Szegedy 2015, section 3) with ∂μ/∂x = 1/m and ∂σ²/∂x = 2(x − μ)/m summed in closed form:
    the two means remove what every value shares through μ and through σ².
    """
    mean_grad = grad_x_hat.mean(axis=axes, keepdims=True)
    mean_grad_x_hat = (grad_x_hat * x_hat).mean(axis=axes, keepdims=True)
    return inv_std * (grad_x_hat - mean_grad - x_hat * mean_grad_x_hat)


def resolve_axes(layer, wanted, input_shape) -> tuple[int, ...]:
    """The axes `wanted` (negative ones from the end) as sorted positions in `input_shape`;
    a `ValueError` naming `layer` for an axis outside the shape or for the batch axis."""
    rank = len(input_shape)
    positions = []
    for axis in wanted:
        if not -rank <= axis < rank or axis % rank == 0:
            if rank < 2:
                valid = "no axis besides the batch axis 0: reshape them to (batch, 1)"
            else:
                valid = f"axes 1 to {rank - 1} (or {1 - rank} to -1) besides the batch axis 0"
            where = "is the batch axis" if -rank <= axis < rank else "is outside them"
            raise ValueError(
                f"{layer.describe()} has axis {axis}, which {where}: its inputs of shape "
                f"{shape_str(input_shape)} have {valid}."
            )
        positions.append(axis % rank)
    if len(set(positions)) != len(positions):
        raise ValueError(
            f"{layer.describe()} has axis {list(wanted)}: Duplicate axes, the same axis of its "
            f"inputs of shape {shape_str(input_shape)} named twice."
        )
    return tuple(sorted(positions))


def check_built_shape(layer, input_shape) -> None:
    """A `ValueError` if `layer` is built and `input_shape` differs from the shape it was
    built for (its statistics and parameters have the sizes of that one)."""
    if layer.built and tuple(input_shape[1:]) != tuple(layer.input_shape[1:]):
        raise ValueError(
            f"{layer.describe()} was built for inputs of shape {shape_str(layer.input_shape)}, "
            f"got shape {shape_str(input_shape)}."
        )


class ScaleAndShift(Layer):
    """The base of BatchNormalization and LayerNormalization: y = γ ⊙ x̂ + β after the
    standardization x̂ that the subclass computes, with γ (`scale=True`) and β
    (`center=True`) learned, one value per normalized position.

    Backward, summing over the axes γ and β are shared along (`shared_axes`):

    - ∂C/∂γ = Σ ∂C/∂y ⊙ x̂ + ∂R/∂γ;   ∂C/∂β = Σ ∂C/∂y + ∂R/∂β
    - ∂C/∂x̂ = γ ⊙ ∂C/∂y, which the subclass carries back through x̂.

    The subclass sets `broadcast_shape` (γ's shape as it lines up with the input, 1 along
    the shared axes) and `shared_axes` when it builds.
    """

    _initializer_keys = ("beta_initializer", "gamma_initializer")

    def __init__(self, epsilon, center, scale, beta_initializer, gamma_initializer,
                 beta_regularizer, gamma_regularizer, **kwargs):
        super().__init__(**kwargs)
        kind = type(self).__name__
        self.epsilon = positive_number(f"{kind} epsilon", epsilon)
        self.center = boolean(f"{kind} center", center)
        self.scale = boolean(f"{kind} scale", scale)
        self.beta_initializer = resolve("beta_initializer", initializers.get, beta_initializer)
        self.gamma_initializer = resolve("gamma_initializer", initializers.get, gamma_initializer)
        self.beta_regularizer = resolve("beta_regularizer", regularizers.get, beta_regularizer)
        self.gamma_regularizer = resolve("gamma_regularizer", regularizers.get, gamma_regularizer)
        self.broadcast_shape: tuple | None = None
        self.shared_axes: tuple | None = None
        #: x̂ and s = 1/√(σ² + ε) of the last forward pass, which backward reads.
        self.x_hat = self.inv_std = None

    def get_config(self):
        config = super().get_config()
        for key in self._initializer_keys + ("beta_regularizer", "gamma_regularizer"):
            config[key] = serialize_optional(getattr(self, key))
        return config

    @property
    def gamma(self) -> np.ndarray | None:
        """γ, the learned scale (a live `Tensor` view), or None
        without one."""
        return wrap(self._named_weight("gamma"))

    @property
    def beta(self) -> np.ndarray | None:
        """β, the learned shift (a live Tensor view), or None without one."""
        return wrap(self._named_weight("beta"))

    def add_scale_and_shift(self, shape, rng, gamma: bool, beta: bool) -> None:
        """Create γ and β of `shape` (those asked for), in that order."""
        if gamma:
            self.add_weight("gamma", shape, self.gamma_initializer, rng)
        if beta:
            self.add_weight("beta", shape, self.beta_initializer, rng)

    def scale_and_shift(self, x_hat):
        """y = γ ⊙ x̂ + β."""
        gamma, beta = self._named_weight("gamma"), self._named_weight("beta")
        y = x_hat if gamma is None else x_hat * gamma.reshape(self.broadcast_shape)
        return y if beta is None else y + beta.reshape(self.broadcast_shape)

    def scale_and_shift_backward(self, grad, need_input_grad: bool):
        """Sets `grads` to [∂C/∂γ, ∂C/∂β] (those that exist; none when frozen) and returns
        ∂C/∂x̂ = γ ⊙ ∂C/∂y, or None when `need_input_grad` is False."""
        gamma, beta = self._named_weight("gamma"), self._named_weight("beta")
        self.grads = []
        if self.trainable:
            for param, regularizer, term in ((gamma, self.gamma_regularizer, grad * self.x_hat),
                                             (beta, self.beta_regularizer, grad)):
                if param is None:
                    continue
                param_grad = term.sum(axis=self.shared_axes).reshape(param.shape)
                if regularizer is not None:
                    param_grad += regularizer.gradient(param)
                self.grads.append(param_grad)
        if not need_input_grad:
            return None
        return grad if gamma is None else grad * gamma.reshape(self.broadcast_shape)

    def regularization_loss(self) -> float:
        penalty = 0.0
        for param, regularizer in ((self._named_weight("gamma"), self.gamma_regularizer),
                                   (self._named_weight("beta"), self.beta_regularizer)):
            if param is not None and regularizer is not None:
                penalty += regularizer(param)
        return penalty
