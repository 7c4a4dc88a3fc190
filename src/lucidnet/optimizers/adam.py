"""Adam, and AdamW (Adam with decoupled weight decay)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..validation import boolean, fraction, non_negative_number, positive_number
from .base import Optimizer, Schedule, moving_average, register


@register("adam")
class Adam(Optimizer):
    """Adam: momentum on g, scaled by a running root-mean-square of g.

        m ← β₁·m + (1 − β₁)·g
        v ← β₂·v + (1 − β₂)·g²
        m̂ = m/(1 − β₁ᵗ),   v̂ = v/(1 − β₂ᵗ)
        w ← w − lr·m̂/(√v̂ + ε)

    Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", ICLR,
    Algorithm 1. With amsgrad=True the denominator uses the largest v seen so
    far, v_max ← max(v_max, v), in place of v (Reddi, Kale & Kumar 2018, "On
    the Convergence of Adam and Beyond", ICLR), bias-corrected like v as
    torch.optim.Adam does. ε is added after the bias correction, as in the
    paper and PyTorch; Keras adds it to √v before correcting, which amounts
    to using ε/√(1 − β₂ᵗ) here.
    """

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = fraction("beta_1", beta_1)
        self.beta_2 = fraction("beta_2", beta_2)
        self.epsilon = positive_number("epsilon", epsilon)
        self.amsgrad = boolean("amsgrad", amsgrad)

    def _slot_initial_values(self) -> dict[str, float]:
        slots = {"m": 0.0, "v": 0.0}
        if self.amsgrad:
            slots["v_max"] = 0.0
        return slots

    def _update_moments(self, g, slots, scratch):
        """m ← β₁·m + (1 − β₁)·g and v ← β₂·v + (1 − β₂)·g², in place; returns (m, v)."""
        m, v = slots["m"], slots["v"]
        moving_average(m, g, self.beta_1, scratch)
        np.square(g, out=scratch)
        moving_average(v, scratch, self.beta_2, scratch)
        return m, v

    def _update(self, w, g, slots, lr, t, scratch):
        beta_1, beta_2, epsilon = self.beta_1, self.beta_2, self.epsilon
        m, v = self._update_moments(g, slots, scratch)
        if self.amsgrad:
            v_max = slots["v_max"]
            np.maximum(v_max, v, out=v_max)
            v = v_max
        # m̂ and v̂ are never formed. Their bias corrections are scalars, and
        # lr·m̂/(√v̂ + ε) = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε√(1−β₂ᵗ)) exactly, so they
        # move into the step size and ε, which saves passes over the arrays.
        correction = math.sqrt(1 - beta_2**t)
        denominator = np.sqrt(v, out=scratch)
        denominator += epsilon * correction
        step = np.divide(m, denominator, out=scratch)
        step *= lr * correction / (1 - beta_1**t)
        w -= step


@register("adamw")
class AdamW(Adam):
    """Adam with decoupled weight decay: shrink w, then take the Adam step.

        w ← w − lr·λ·w
        w ← Adam step on w (see Adam), with g computed before the decay

    Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", ICLR,
    Algorithm 2. The decay is applied directly to w instead of being added to
    g, so it is not rescaled by Adam's per-coordinate denominator. As in
    PyTorch and Keras, λ is multiplied by the learning rate.

    The decay is every optimizer's ``weight_decay`` (see ``Optimizer``): AdamW is
    Adam with λ = 0.004 by default, and λ must be a number (None is refused), as in
    Keras 3.
    """

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad,
                         weight_decay=non_negative_number("weight_decay", weight_decay), **kwargs)
