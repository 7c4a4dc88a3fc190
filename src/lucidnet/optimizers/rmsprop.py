"""RMSprop, plain, centered, or with momentum."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import boolean, fraction, positive_number
from .base import Optimizer, Schedule, elementwise, moving_average, register


@register("rmsprop")
class RMSprop(Optimizer):
    """RMSprop: divide each gradient by a running root-mean-square of its history.

    Keras 3's form (`formula="keras"`, the default), ε inside the square root and the
    learning rate inside the momentum (slot "momentum"):

    ```formula
    v ← ρ·v + (1 − ρ)·g²
    d = √(v + ε),    or centered:  ḡ ← ρ·ḡ + (1 − ρ)·g,   d = √(v − ḡ² + ε)
    w ← w − lr·g/d  (μ = 0),    b ← μ·b + lr·g/d,   w ← w − b  (μ > 0)
    ```

    torch.optim.RMSprop's form (`formula="torch"`), ε outside the square root and the
    learning rate applied to the momentum (slot "b"):

    ```formula
    d = √v + ε,    or centered:  d = √(v − ḡ²) + ε
    b ← μ·b + g/d,   w ← w − lr·b  (μ > 0)
    ```

    Tieleman & Hinton 2012, "Lecture 6.5 - RMSprop: Divide the gradient by a
    running average of its recent magnitude" (COURSERA: Neural Networks for
    Machine Learning). The centered variant, which normalizes by an estimate
    of the variance rather than the raw second moment, is from Graves 2013,
    "Generating Sequences With Recurrent Neural Networks". v − ḡ² ≥ 0 holds exactly;
    a tiny negative difference left by rounding is taken as 0.

    Parameters
    ----------
    learning_rate : float or callable
        lr ≥ 0, or a schedule.
    rho : float
        ρ in [0, 1), the decay of the averages.
    momentum : float
        μ in [0, 1).
    epsilon : float
        ε > 0.
    centered : bool
        Normalise by the variance estimate v − ḡ² instead of v.
    **kwargs
        The arguments every optimizer takes, `formula` included.

    Examples
    --------
    >>> w = np.array([1.0, 2.0, 3.0, 4.0])
    >>> RMSprop(learning_rate=0.5).apply([w], [np.array([1.0, 6.0, 7.0, 2.0])])
    >>> w.round(4)
    array([-0.5811,  0.4189,  1.4189,  2.4189])
    """

    non_negative_slots = ("v",)
    formulas = ("keras", "torch")
    kernels = ("rmsprop",)

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

    @property
    def _momentum_slot(self) -> str:
        return "momentum" if self.formula == "keras" else "b"

    def _slot_initial_values(self) -> dict[str, float]:
        slots = {"v": 0.0}
        if self.centered:
            slots["g_mean"] = 0.0
        if self.momentum > 0:
            slots[self._momentum_slot] = 0.0
        return slots

    def _kernel_arguments(self, slots, lr, t):
        v = slots["v"]  # stands for the slots a variant lacks, which the kernel leaves alone
        return "rmsprop", (v, slots.get("g_mean", v), slots.get(self._momentum_slot, v)), (
            lr, self.rho, 1 - self.rho, self.momentum, self.epsilon, self.centered,
            self.momentum > 0, self.formula == "keras")

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        rho, mu, epsilon = self.rho, self.momentum, self.epsilon
        keras = self.formula == "keras"
        v = slots["v"]
        np.square(g, out=scratch)
        moving_average(v, scratch, rho, scratch)
        denominator = scratch
        source = v
        if self.centered:
            g_mean = slots["g_mean"]
            moving_average(g_mean, g, rho, scratch)
            np.square(g_mean, out=denominator)
            np.subtract(v, denominator, out=denominator)
            # v ≥ ḡ² holds exactly, but rounding can leave a tiny negative
            # difference once g has been nearly constant, and √ of it is NaN.
            np.maximum(denominator, 0, out=denominator)
            source = denominator
        if keras:  # d = √(… + ε)
            np.add(source, epsilon, out=denominator)
            np.sqrt(denominator, out=denominator)
        else:  # d = √… + ε
            np.sqrt(source, out=denominator)
            denominator += epsilon
        step = np.divide(g, denominator, out=scratch)  # g/d
        if keras:  # lr·g/d, the increment the momentum accumulates
            step *= lr
        if mu > 0:
            b = slots[self._momentum_slot]
            b *= mu
            b += step
            np.copyto(step, b)
        if not keras:
            step *= lr
        w -= step
