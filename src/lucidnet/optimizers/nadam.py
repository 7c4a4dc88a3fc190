"""Nadam: Adam with Nesterov momentum."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .adam import Adam
from .base import Schedule, elementwise, register


@register("nadam")
class Nadam(Adam):
    """Nadam: Adam with Nesterov momentum and a warming-up momentum schedule.

    With ψ = 1 in Keras 3's form (`formula="keras"`, the default) and ψ = 0.004 in
    torch's (`formula="torch"`), and Πμ starting at 1:

    ```formula
    μₜ = β₁·(1 − ½·0.96^{t·ψ}),    Πμ ← Πμ·μₜ
    m ← β₁·m + (1 − β₁)·g,    v ← β₂·v + (1 − β₂)·g²
    d = √(v/(1 − β₂ᵗ)) + ε
    w ← w − lr·(1 − μₜ)/(1 − Πμ)·g/d − lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)·m/d
    ```

    Dozat 2016, "Incorporating Nesterov Momentum into Adam", ICLR workshop
    track. The result looks one step ahead: the current gradient enters with its
    own weight, and m is corrected with the momentum of the next step. Keras 3's
    momentum schedule is 0.96ᵗ (ψ = 1), which warms up within tens of steps;
    `formula="torch"` takes the paper's 0.96^(t/250) (ψ = 0.004), which is
    torch.optim.NAdam(momentum_decay=4e-3). Πμ is saved as state "mu_product".
    The moments m and v are Adam's, updated by the same code; Nadam has no
    amsgrad variant.

    Examples
    --------
    >>> w = np.array([1.0, 2.0, 3.0, 4.0])
    >>> Nadam(learning_rate=0.5).apply([w], [np.array([1.0, 6.0, 7.0, 2.0])])
    >>> w.round(4)
    array([0.4686, 1.4686, 2.4686, 3.4686])
    """

    #: ψ, by formula: the momentum schedule is 0.96^(t·ψ).
    MOMENTUM_DECAY = {"keras": 1.0, "torch": 0.004}
    scalar_state = ("mu_product",)
    has_amsgrad = False

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad=False, **kwargs)
        self.mu_product = 1.0

    def _mu(self, t: int) -> float:
        return self.beta_1 * (1 - 0.5 * 0.96 ** (t * self.MOMENTUM_DECAY[self.formula]))

    def _begin_step(self, t: int) -> None:
        # Shared by all parameters, so it must advance once per step, not per array.
        self.mu_product *= self._mu(t)

    kernels = ("nadam",)

    def _rates(self, lr, t):
        """lr·(1 − μₜ)/(1 − Πμ) and lr·μₜ₊₁/(1 − Πμ·μₜ₊₁): the weights of g/D and m/D."""
        mu_t, mu_next, mu_product = self._mu(t), self._mu(t + 1), self.mu_product
        return (lr * (1 - mu_t) / (1 - mu_product),
                lr * mu_next / (1 - mu_product * mu_next))

    def _kernel_arguments(self, slots, lr, t):
        gradient_rate, momentum_rate = self._rates(lr, t)
        return "nadam", (slots["m"], slots["v"]), (
            gradient_rate, momentum_rate, self.beta_1, 1 - self.beta_1, self.beta_2,
            1 - self.beta_2, 1 / math.sqrt(1 - self.beta_2**t), self.epsilon)

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        gradient_rate, momentum_rate = self._rates(lr, t)
        m, v = self._update_moments(g, slots, scratch)
        D = np.sqrt(v, out=scratch)
        D *= 1 / math.sqrt(1 - self.beta_2**t)
        D += self.epsilon
        w -= gradient_rate * g / D
        w -= momentum_rate * m / D
