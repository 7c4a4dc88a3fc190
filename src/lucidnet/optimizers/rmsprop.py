"""RMSprop, plain, centered, or with momentum."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import boolean, fraction, positive_number
from .base import Optimizer, Schedule, moving_average, register


@register("rmsprop")
class RMSprop(Optimizer):
    """RMSprop: divide each gradient by a running root-mean-square of its history.

        v ← ρ·v + (1 − ρ)·g²
        d = √v + ε                                   centered=False
        ḡ ← ρ·ḡ + (1 − ρ)·g,   d = √(v − ḡ²) + ε     centered=True
        w ← w − lr·g/d                               momentum μ = 0
        b ← μ·b + g/d,   w ← w − lr·b                momentum μ > 0

    Tieleman & Hinton 2012, "Lecture 6.5 - RMSprop: Divide the gradient by a
    running average of its recent magnitude" (COURSERA: Neural Networks for
    Machine Learning). The centered variant, which normalizes by an estimate
    of the variance rather than the raw second moment, is from Graves 2013,
    "Generating Sequences With Recurrent Neural Networks".
    ε is added outside the square root, as in torch.optim.RMSprop (Keras adds
    it inside).
    """

    non_negative_slots = ("v",)

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.rho = fraction("rho", rho)
        self.momentum = fraction("momentum", momentum)
        self.epsilon = positive_number("epsilon", epsilon)
        self.centered = boolean("centered", centered)

    def _slot_initial_values(self) -> dict[str, float]:
        slots = {"v": 0.0}
        if self.centered:
            slots["g_mean"] = 0.0
        if self.momentum > 0:
            slots["b"] = 0.0
        return slots

    kernels = ("rmsprop",)

    def _kernel_arguments(self, slots, lr, t):
        v = slots["v"]  # stands for the slots a variant lacks, which the kernel leaves alone
        return "rmsprop", (v, slots.get("g_mean", v), slots.get("b", v)), (
            lr, self.rho, 1 - self.rho, self.momentum, self.epsilon, self.centered,
            self.momentum > 0)

    def _update(self, w, g, slots, lr, t, scratch):
        rho, mu, epsilon = self.rho, self.momentum, self.epsilon
        v = slots["v"]
        np.square(g, out=scratch)
        moving_average(v, scratch, rho, scratch)
        denominator = scratch
        if self.centered:
            g_mean = slots["g_mean"]
            moving_average(g_mean, g, rho, scratch)
            np.square(g_mean, out=denominator)
            np.subtract(v, denominator, out=denominator)
            # v ≥ ḡ² holds exactly, but rounding can leave a tiny negative
            # difference once g has been nearly constant, and √ of it is NaN.
            np.maximum(denominator, 0, out=denominator)
            np.sqrt(denominator, out=denominator)
        else:
            np.sqrt(v, out=denominator)
        denominator += epsilon
        step = np.divide(g, denominator, out=scratch)  # g/d
        if mu > 0:
            b = slots["b"]
            b *= mu
            b += step
            np.copyto(step, b)
        step *= lr
        w -= step
