"""LayerNormalization: each example standardized by the mean and variance of its own
features, in training and at inference alike; then y = γ ⊙ x̂ + β."""

from __future__ import annotations

import numpy as np

from ..validation import axes, boolean, is_integer
from .base import register
from .standardization import (
    ScaleAndShift,
    check_built_shape,
    resolve_axes,
    standardize_backward,
)


@register("LayerNormalization")
class LayerNormalization(ScaleAndShift):
    """Layer normalization (Ba, Kiros and Hinton 2016): each example is standardized over
    its own features, the same way in training and at inference.

    For each example, over the m values along `axis`:

        μ = (1/m) Σᵢ xᵢ,   σ² = (1/m) Σᵢ (xᵢ − μ)²,   x̂ = (x − μ)/√(σ² + ε),
        y = γ ⊙ x̂ + β

    with γ and β of the shape of those axes.  `rms_scaling=True` is Keras's variant:
    y = γ ⊙ x/√(σ² + ε), not recentred, with no β (σ² is still the variance about μ).

    Backward, with s = 1/√(σ² + ε), u = ∂C/∂x̂ = γ ⊙ ∂C/∂y and means over the axes:

    - ∂C/∂γ = Σ ∂C/∂y ⊙ x̂ and ∂C/∂β = Σ ∂C/∂y, over the batch (and any axis not normalized);
    - ∂C/∂x = s ⊙ (u − mean(u) − x̂ ⊙ mean(u ⊙ x̂)), through μ and σ² as in
      BatchNormalization but per example;
    - with `rms_scaling`: ∂C/∂x = s ⊙ u − s³ ⊙ (x − μ) ⊙ mean(u ⊙ x).

    `axis` is an integer or a list of them, never the batch axis 0.

    Examples
    --------
    >>> import numpy as np
    >>> ln = LayerNormalization(beta_initializer="ones")
    >>> np.round(ln(np.arange(5.0)[None, :]), 5).tolist()     # Keras's test_output
    [[-0.41386, 0.29307, 1.0, 1.70693, 2.41386]]
    """

    _config_keys = ("axis", "epsilon", "center", "scale", "rms_scaling")

    def __init__(
        self,
        axis=-1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        rms_scaling: bool = False,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        **kwargs,
    ):
        super().__init__(epsilon, center, scale, beta_initializer, gamma_initializer,
                         beta_regularizer, gamma_regularizer, **kwargs)
        self._axes = axes("LayerNormalization axis", axis)
        self.axis = self._axes[0] if is_integer(axis) else list(self._axes)
        self.rms_scaling = boolean("LayerNormalization rms_scaling", rms_scaling)
        #: The positions of the normalized axes in the input, once built.
        self.normalized_axes: tuple | None = None
        self.centered = self.x = None

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        resolve_axes(self, self._axes, input_shape)
        check_built_shape(self, input_shape)
        return input_shape

    def create_weights(self, input_shape, dtype, rng):
        normalized = resolve_axes(self, self._axes, input_shape)
        rank = len(input_shape)
        self.normalized_axes = normalized
        self.shared_axes = tuple(d for d in range(rank) if d not in normalized)
        self.broadcast_shape = tuple(input_shape[d] if d in normalized else 1 for d in range(rank))
        self.add_scale_and_shift(tuple(input_shape[d] for d in normalized), rng,
                                 gamma=self.scale or self.rms_scaling,
                                 beta=self.center and not self.rms_scaling)

    def forward(self, x, training=False):
        """μ and σ² of each example over `axis`, x̂, then y = γ ⊙ x̂ + β."""
        self.centered = x - x.mean(axis=self.normalized_axes, keepdims=True)
        variance = (self.centered * self.centered).mean(axis=self.normalized_axes, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(variance + self.epsilon)
        if self.rms_scaling:
            self.x = x
            self.x_hat = x * self.inv_std
        else:
            self.x_hat = self.centered * self.inv_std
        return self.scale_and_shift(self.x_hat)

    def backward(self, grad, need_input_grad=True):
        """∂C/∂γ, ∂C/∂β into `grads`; ∂C/∂x through each example's μ and σ²."""
        u = self.scale_and_shift_backward(grad, need_input_grad)
        if u is None:
            return None
        if self.rms_scaling:
            mean_ux = (u * self.x).mean(axis=self.normalized_axes, keepdims=True)
            return self.inv_std * u - self.inv_std**3 * self.centered * mean_ux
        return standardize_backward(u, self.x_hat, self.inv_std, self.normalized_axes)
