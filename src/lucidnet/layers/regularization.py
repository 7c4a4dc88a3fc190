"""ActivityRegularization: a penalty on a layer's outputs, added to the cost."""

from __future__ import annotations

from ..regularizers import L1L2
from ..validation import non_negative_number
from .base import Layer, register


@register("ActivityRegularization")
class ActivityRegularization(Layer):
    """a = x, and the penalty R(a)/N = (λ₁ Σ|a| + λ₂ Σa²)/N on the batch of N outputs joins the
    cost, as Keras adds a layer's activity regularization (divided by the batch size) to the
    training and evaluation losses.

    Backward: ∂C/∂x = ∂C/∂a + (λ₁ sign(a) + 2λ₂a)/N.  The penalty is that of the batch last
    passed forward ([`regularization_loss`][lucidnet.layers.ActivityRegularization.regularization_loss], which the loss of `fit` and `evaluate`
    adds after each forward pass).

    Examples
    --------
    >>> import numpy as np
    >>> layer = ActivityRegularization(l1=0.1)
    >>> _ = layer(np.array([[1.0, -2.0], [0.0, 3.0]]))
    >>> round(layer.regularization_loss(), 6)   # 0.1·(1 + 2 + 0 + 3)/2
    0.3
    """

    _config_keys = ("l1", "l2")

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.l1 = non_negative_number("ActivityRegularization l1", l1)
        self.l2 = non_negative_number("ActivityRegularization l2", l2)
        self.penalty = L1L2(self.l1, self.l2)
        self.a = None

    def _describe_args(self):
        return {"l1": self.l1, "l2": self.l2}

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def forward(self, x, training=False):
        self.a = x
        return x

    def regularization_loss(self) -> float:
        """R(a) of the last batch's outputs, divided by the batch size.

        Returns
        -------
        float
            The penalty, 0 before the first forward pass.
        """
        if self.a is None or not len(self.a):
            return 0.0
        return self.penalty(self.a) / len(self.a)

    def backward(self, grad, need_input_grad=True):
        return grad + self.penalty.gradient(self.a) / len(self.a)
