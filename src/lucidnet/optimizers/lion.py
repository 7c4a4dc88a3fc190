"""Lion: steps of one size for every coordinate, in the direction of an interpolated momentum."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import fraction, number
from .base import Optimizer, Schedule, elementwise, moving_average, register


@register("lion")
class Lion(Optimizer):
    """Lion (EvoLved Sign Momentum): the sign of a blend of momentum and gradient.

    ```formula
    c = β₁·m + (1 − β₁)·g
    w ← w − lr·sign(c)
    m ← β₂·m + (1 − β₂)·g
    ```

    Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", NeurIPS,
    Algorithm 2. Every coordinate moves by exactly lr (or 0), so a good lr is
    typically 3–10× smaller than AdamW's, and λ (`weight_decay`, applied to w
    before the step as the paper's lr·λ·w) 3–10× larger for the same lr·λ.
    The direction c weighs the current gradient more (β₁ = 0.9) than the momentum
    that is carried on (β₂ = 0.99). One slot, "m". As in Keras 3, β₁ must lie in
    (0, 1]: at β₁ = 0 the rule is signSGD, which ignores m.
    """

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.99,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = number("beta_1", beta_1, greater_than=0, at_most=1)
        self.beta_2 = fraction("beta_2", beta_2)

    def _slot_initial_values(self) -> dict[str, float]:
        return {"m": 0.0}

    kernels = ("lion",)

    def _kernel_arguments(self, slots, lr, t):
        beta_1 = self.beta_1
        # c's sign from the same sum as _update's: g + m·β₁/(1 − β₁), or m alone at β₁ = 1.
        m_weight, g_weight = (1.0, 0.0) if beta_1 == 1 else (beta_1 / (1 - beta_1), 1.0)
        return "lion", (slots["m"],), (lr, m_weight, g_weight, self.beta_2, 1 - self.beta_2)

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        beta_1, m = self.beta_1, slots["m"]
        # sign(c) computed in place: for β₁ < 1, c/(1 − β₁) = g + m·β₁/(1 − β₁) has c's sign.
        if beta_1 == 1:
            np.copyto(scratch, m)
        else:
            np.multiply(m, beta_1 / (1 - beta_1), out=scratch)
            scratch += g
        np.sign(scratch, out=scratch)
        scratch *= lr
        w -= scratch
        moving_average(m, g, self.beta_2, scratch)
