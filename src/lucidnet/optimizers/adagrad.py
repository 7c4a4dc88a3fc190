"""Adagrad: per-coordinate steps from the sum of squared gradients."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import non_negative_number, positive_number
from .base import Optimizer, Schedule, elementwise, register


@register("adagrad")
class Adagrad(Optimizer):
    """Adagrad: per-coordinate steps shrinking with the sum of squared gradients.

    The accumulator G starts at `initial_accumulator_value`; Keras 3's form
    (`formula="keras"`, the default) adds ε inside the root:

    ```formula
    G ← G + g²,    w ← w − lr·g/√(G + ε)
    ```

    and torch.optim.Adagrad's (`formula="torch"`) outside it:

    ```formula
    G ← G + g²,    w ← w − lr·g/(√G + ε)
    ```

    Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods for Online
    Learning and Stochastic Optimization", JMLR 12, in its diagonal form.

    Parameters
    ----------
    learning_rate : float or callable
        lr ≥ 0, or a schedule.
    initial_accumulator_value : float
        G's value before the first step, ≥ 0.
    epsilon : float
        ε > 0.
    **kwargs
        The arguments every optimizer takes, `formula` included.

    Examples
    --------
    >>> w = np.array([1.0, 2.0, 3.0, 4.0])
    >>> Adagrad(learning_rate=0.5).apply([w], [np.array([1.0, 6.0, 7.0, 2.0])])
    >>> w.round(4)
    array([0.5233, 1.5007, 2.5005, 3.5061])
    """

    non_negative_slots = ("G",)
    formulas = ("keras", "torch")

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.initial_accumulator_value = non_negative_number(
            "initial_accumulator_value", initial_accumulator_value
        )
        self.epsilon = positive_number("epsilon", epsilon)

    def _slot_initial_values(self) -> dict[str, float]:
        return {"G": self.initial_accumulator_value}

    kernels = ("adagrad",)

    def _kernel_arguments(self, slots, lr, t):
        return "adagrad", (slots["G"],), (lr, self.epsilon, self.formula == "keras")

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        G = slots["G"]
        np.square(g, out=scratch)
        G += scratch
        if self.formula == "keras":  # √(G + ε)
            denominator = np.add(G, self.epsilon, out=scratch)
            np.sqrt(denominator, out=denominator)
        else:  # √G + ε
            denominator = np.sqrt(G, out=scratch)
            denominator += self.epsilon
        step = np.divide(g, denominator, out=scratch)
        step *= lr
        w -= step
