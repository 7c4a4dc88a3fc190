"""FTRL-Proximal: follow the regularized leader, with per-coordinate rates and L1 sparsity."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import non_negative_number, number
from .base import Optimizer, Schedule, elementwise, register


@register("ftrl")
class Ftrl(Optimizer):
    """FTRL-Proximal: each coordinate is the closed-form minimizer of the linearized loss
    so far plus its L1 and L2 penalties, with Adagrad-like per-coordinate rates.

    With p = `learning_rate_power` (−0.5: the square root), λ₁, λ₂ and the shrinkage
    λ₂ˢ the regularization strengths, and the two slots n ("accumulator", starting at
    `initial_accumulator_value`) and z ("linear", starting at 0), with the shrinkage an L2
    penalty on the gradient only:

    ```formula
    g̃ = g + 2·λ₂ˢ·w,    n' = n + g²,    σ = (n'^{−p} − n^{−p}) / lr
    z ← z + g̃ − σ·w
    w ← (clip(z, −λ₁, λ₁) − z) / (n'^{−p}/lr + 2·λ₂ + β/lr)
    n ← n'
    ```

    so w = 0 wherever |z| ≤ λ₁ (the sparsity that makes FTRL the rule of large sparse
    linear models).  At p = −0.5, λ₁ = λ₂ = β = 0 the denominator is √n'/lr, Adagrad's.
    McMahan et al. 2013, "Ad Click Prediction: a View from the Trenches", KDD,
    Algorithm 1, in the form of Keras 3's `keras.optimizers.Ftrl` (whose numbers these
    are: λ₂ enters as 2λ₂, and β/(2·lr) is added to it).
    """

    non_negative_slots = ("accumulator",)  # n = n₀ + Σg², raised to the power −p

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        learning_rate_power: float = -0.5,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        l2_shrinkage_regularization_strength: float = 0.0,
        beta: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.learning_rate_power = number("learning_rate_power", learning_rate_power, at_most=0)
        self.initial_accumulator_value = non_negative_number(
            "initial_accumulator_value", initial_accumulator_value)
        self.l1_regularization_strength = non_negative_number(
            "l1_regularization_strength", l1_regularization_strength)
        self.l2_regularization_strength = non_negative_number(
            "l2_regularization_strength", l2_regularization_strength)
        self.l2_shrinkage_regularization_strength = non_negative_number(
            "l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength)
        self.beta = non_negative_number("beta", beta)

    def _slot_initial_values(self) -> dict[str, float]:
        return {"accumulator": self.initial_accumulator_value, "linear": 0.0}

    kernels = ("ftrl",)

    def _kernel_arguments(self, slots, lr, t):
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        return "ftrl", (slots["accumulator"], slots["linear"]), (
            lr, -self.learning_rate_power, self.l1_regularization_strength, 2 * l2,
            2 * self.l2_shrinkage_regularization_strength)

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        n, z = slots["accumulator"], slots["linear"]
        power = -self.learning_rate_power
        l1 = self.l1_regularization_strength
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        old = np.power(n, power, out=np.empty_like(n))  # n^(−p)
        np.square(g, out=scratch)
        n += scratch
        new = np.power(n, power, out=np.empty_like(n))  # n'^(−p)
        sigma_w = np.subtract(new, old, out=old)
        sigma_w /= lr
        sigma_w *= w
        if self.l2_shrinkage_regularization_strength:
            np.multiply(w, 2 * self.l2_shrinkage_regularization_strength, out=scratch)
            scratch += g
        else:
            np.copyto(scratch, g)
        scratch -= sigma_w  # g̃ − σ·w, added to z in one step, as Keras adds it
        z += scratch
        new /= lr
        new += 2 * l2
        np.clip(z, -l1, l1, out=scratch)
        scratch -= z
        np.divide(scratch, new, out=w)
