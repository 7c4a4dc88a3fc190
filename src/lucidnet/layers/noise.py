"""Noise layers, regularizers active in training only: GaussianNoise, GaussianDropout and
AlphaDropout.  At inference each is the identity."""

from __future__ import annotations

import math

import numpy as np

from .. import activations
from ..validation import number
from .base import register
from .core import Dropout, RandomLayer, drawn_shape


@register("GaussianNoise")
class GaussianNoise(RandomLayer):
    """In training, a = x + ε with εᵢ ~ N(0, σ²) drawn afresh for every value; at inference
    a = x.  Backward: ∂C/∂x = ∂C/∂a, since ∂a/∂x = I whatever ε was drawn.

    A form of data augmentation for real-valued inputs, as in Keras: σ = `stddev` (a number
    in [0, 1], Keras's bounds; 0 turns the layer off).  The noise comes from the model's
    generator, or from the layer's own when `seed` is given, as for [`Dropout`][lucidnet.layers.Dropout].

    Examples
    --------
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


@register("GaussianDropout")
class GaussianDropout(Dropout):
    """In training, a = x ⊙ m with mᵢ ~ N(1, p/(1 − p)) drawn afresh for every value, p = `rate`;
    at inference a = x.  Backward: ∂C/∂x = ∂C/∂a ⊙ m, the same draw.

    Multiplicative noise with the mean and variance of inverted dropout's factor, as Keras's
    `GaussianDropout` (Srivastava et al., 2014, section 10): [`Dropout`][lucidnet.layers.Dropout] with another
    draw.

    Examples
    --------
    >>> layer = GaussianDropout(0.2, seed=0)
    >>> layer.build((None, 3), "float64")
    >>> layer(np.ones((1, 3))).tolist()
    [[1.0, 1.0, 1.0]]
    """

    def draw_mask(self, x, shape):
        """1 + σε with ε ~ N(0, 1) per value of `shape` and σ = √(p/(1 − p))."""
        stddev = x.dtype.type(math.sqrt(self.rate / (1.0 - self.rate)))
        return 1.0 + stddev * self.rng.standard_normal(shape, dtype=x.dtype)


@register("AlphaDropout")
class AlphaDropout(Dropout):
    """Dropout that keeps SELU's mean and variance: in training, with keep mask
    kᵢ ~ Bernoulli(1 − p) (p = `rate`) and α' = −λα, SELU's negative saturation,

    a = A·(x ⊙ k + α'(1 − k)) + B,  A = ((1 − p)(1 + pα'²))^{−1/2},  B = −Aα'p;

    at inference a = x.  Backward: ∂C/∂x = A·k ⊙ ∂C/∂a.  Klambauer et al. (2017),
    "Self-Normalizing Neural Networks", as Keras's `AlphaDropout`.  It is
    [Dropout][lucidnet.layers.Dropout] with another transform of the kept values: the same
    `rate`, `noise_shape` (a mask shared along the axes where it is 1) and `seed`.
    """

    def forward(self, x, training=False):
        if not training or self.rate == 0:
            self.mask = None
            return x
        draw = self.rng.random(drawn_shape(self.noise_shape, x.shape), dtype=x.dtype)
        kept = (draw >= self.rate).astype(x.dtype)
        alpha_p = -activations.SELU.alpha * activations.SELU.scale
        A = ((1.0 - self.rate) * (1.0 + self.rate * alpha_p**2)) ** -0.5
        B = -A * alpha_p * self.rate
        self.mask = x.dtype.type(A) * kept
        return (x * self.mask + x.dtype.type(A * alpha_p) * (1.0 - kept) + x.dtype.type(B)).astype(
            x.dtype, copy=False)
