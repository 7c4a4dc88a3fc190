"""Stochastic gradient descent, plain or with (Nesterov) momentum."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import boolean, fraction
from .base import Optimizer, Schedule, register


@register("sgd")
class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum or Nesterov momentum.

    Plain (μ = 0):

        w ← w − lr·g

    With momentum μ > 0, a velocity b (starting at 0) accumulates gradients:

        b ← μ·b + g
        w ← w − lr·b                 classical momentum (Polyak 1964, "Some
                                     methods of speeding up the convergence
                                     of iteration methods")
        w ← w − lr·(g + μ·b)         nesterov=True (Sutskever, Martens, Dahl &
                                     Hinton 2013, "On the importance of
                                     initialization and momentum in deep learning")

    This is the form of torch.optim.SGD. Keras folds the learning rate into the
    velocity instead (v ← μ·v − lr·g, w ← w + v). With a constant learning rate
    v = −lr·b at every step, so both produce the same trajectory; they part ways
    only when lr changes, because here the new lr also rescales the velocity
    accumulated so far.
    """

    def __init__(
        self,
        learning_rate: float | Schedule = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.momentum = fraction("momentum", momentum)
        self.nesterov = boolean("nesterov", nesterov)
        if self.nesterov and self.momentum == 0:
            raise ValueError("nesterov=True requires momentum > 0, got momentum=0.0.")

    kernels = ("sgd", "sgd_momentum")

    def _slot_initial_values(self) -> dict[str, float]:
        return {"b": 0.0} if self.momentum > 0 else {}

    def _kernel_arguments(self, slots, lr, t):
        if self.momentum == 0:
            return "sgd", (), (lr,)
        return "sgd_momentum", (slots["b"],), (lr, self.momentum, self.nesterov)

    def _update(self, w, g, slots, lr, t, scratch):
        mu = self.momentum
        if mu == 0:
            np.multiply(g, lr, out=scratch)
            w -= scratch
            return
        b = slots["b"]
        b *= mu
        b += g
        if self.nesterov:  # direction g + μ·b
            np.multiply(b, mu, out=scratch)
            scratch += g
        else:
            np.copyto(scratch, b)
        scratch *= lr
        w -= scratch
