"""Adadelta: steps from running averages of squared gradients and squared steps."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import fraction, positive_number
from .base import Optimizer, Schedule, elementwise, moving_average, register


@register("adadelta")
class Adadelta(Optimizer):
    """Adadelta: steps whose units match w, from running averages of g² and Δ².

    ```formula
    E[g²] ← ρ·E[g²] + (1 − ρ)·g²
    Δ = √(E[Δ²] + ε) / √(E[g²] + ε) · g
    E[Δ²] ← ρ·E[Δ²] + (1 − ρ)·Δ²
    w ← w − lr·Δ
    ```

    Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method", Algorithm 1.
    The paper has no learning rate (lr = 1); the default 0.001 is Keras's, so
    pass `learning_rate=1.0` for the method as published. The slots E[g²] and
    E[Δ²] are stored as "avg_g2" and "avg_delta2".
    """

    non_negative_slots = ("avg_g2", "avg_delta2")

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.rho = fraction("rho", rho)
        self.epsilon = positive_number("epsilon", epsilon)

    def _slot_initial_values(self) -> dict[str, float]:
        return {"avg_g2": 0.0, "avg_delta2": 0.0}

    kernels = ("adadelta",)

    def _kernel_arguments(self, slots, lr, t):
        return "adadelta", (slots["avg_g2"], slots["avg_delta2"]), (
            lr, self.rho, 1 - self.rho, self.epsilon)

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        rho, epsilon = self.rho, self.epsilon
        avg_g2, avg_delta2 = slots["avg_g2"], slots["avg_delta2"]
        np.square(g, out=scratch)
        moving_average(avg_g2, scratch, rho, scratch)
        # Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g, built in the scratch array
        delta = np.add(avg_delta2, epsilon, out=scratch)
        np.sqrt(delta, out=delta)
        delta /= np.sqrt(avg_g2 + epsilon)
        delta *= g
        w -= lr * delta
        np.square(delta, out=delta)
        moving_average(avg_delta2, delta, rho, delta)
