"""Noise layers: GaussianNoise, a regularizer active in training only."""

from __future__ import annotations

from ..validation import number
from .base import register
from .core import RandomLayer


@register("GaussianNoise")
class GaussianNoise(RandomLayer):
    """In training, a = x + ε with εᵢ ~ N(0, σ²) drawn afresh for every value; at inference
    a = x.  Backward: ∂C/∂x = ∂C/∂a, since ∂a/∂x = I whatever ε was drawn.

    A form of data augmentation for real-valued inputs, as in Keras: σ = ``stddev`` (a number
    in [0, 1], Keras's bounds; 0 turns the layer off).  The noise comes from the model's
    generator, or from the layer's own when ``seed`` is given, as for :class:`Dropout`.

    >>> import numpy as np
    >>> noise = GaussianNoise(0.3, seed=0)
    >>> noise.build((None, 4), "float32")
    >>> noise(np.ones((1, 4))).tolist()              # inference: the identity
    [[1.0, 1.0, 1.0, 1.0]]
    >>> noise(np.ones((1, 4)), training=True).dtype  # training: x + ε, in the layer's dtype
    dtype('float32')
    """

    _config_keys = ("stddev", "seed")

    def __init__(self, stddev: float, seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.stddev = number("GaussianNoise stddev", stddev, at_least=0, at_most=1)

    def _describe_args(self):
        return {"stddev": self.stddev}

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def forward(self, x, training=False):
        if not training or self.stddev == 0:
            return x
        return x + self.stddev * self.rng.standard_normal(x.shape, dtype=x.dtype)

    def backward(self, grad, need_input_grad=True):
        return grad
