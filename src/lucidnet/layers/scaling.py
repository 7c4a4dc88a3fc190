"""Layers that rescale their input without learning: Rescaling (an affine map of every value)
and UnitNormalization (each example's vector to unit length)."""

from __future__ import annotations

import numpy as np

from ..activations import l2_normalize, l2_normalize_backward
from ..validation import axes, is_integer, number
from .base import Layer, register
from .standardization import resolve_axes


def _scalar(value):
    """The number a 0-d array holds, or `value` itself."""
    return value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value


@register("Rescaling")
class Rescaling(Layer):
    """a = x·scale + offset, for every value; `Rescaling(1/255)` maps pixel values to [0, 1]
    and `Rescaling(1/127.5, offset=-1)` to [−1, 1], as Keras's image tutorials do.
    Backward: ∂C/∂x = scale · ∂C/∂a.

    Examples
    --------
    >>> import numpy as np
    >>> Rescaling(1 / 255)(np.array([[0.0, 51.0, 255.0]])).round(3).tolist()
    [[0.0, 0.2, 1.0]]
    """

    _config_keys = ("scale", "offset")

    def __init__(self, scale: float, offset: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        # A NumPy scalar array, np.array(1 / 255), is a number too, as in Keras.
        self.scale = number("Rescaling scale", _scalar(scale))
        self.offset = number("Rescaling offset", _scalar(offset))

    def _describe_args(self):
        return {"scale": self.scale, "offset": self.offset}

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def forward(self, x, training=False):
        return x * x.dtype.type(self.scale) + x.dtype.type(self.offset)

    def backward(self, grad, need_input_grad=True):
        return grad * grad.dtype.type(self.scale)


@register("UnitNormalization")
class UnitNormalization(Layer):
    """a = x / max(‖x‖₂, 10⁻¹²) along `axis` (the last by default, or several): each example
    scaled to unit length, as Keras's `UnitNormalization`.

    Backward: ∂C/∂x = (g − ⟨g, a⟩a)/‖x‖ with g = ∂C/∂a, the component of g along x removed.
    """

    _config_keys = ("axis",)
    #: Keras's floor on the norm for this layer.
    epsilon = 1e-12

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self._axes = axes("UnitNormalization axis", axis)
        self.axis = self._axes[0] if is_integer(axis) else list(self._axes)
        self.x = self.a = None

    def _describe_args(self):
        return {"axis": self.axis}

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        resolve_axes(self, self._axes, input_shape)
        return input_shape

    def forward(self, x, training=False):
        along = resolve_axes(self, self._axes, x.shape)
        self.x, self.a = x, l2_normalize(x, along, self.epsilon)
        return self.a

    def backward(self, grad, need_input_grad=True):
        along = resolve_axes(self, self._axes, self.x.shape)
        return l2_normalize_backward(self.x, self.a, grad, along, self.epsilon)
