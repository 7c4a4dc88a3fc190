"""Adam, and the variants that share its moments: AdamW (weight decay by default) and
Adamax (the infinity norm in place of the second moment)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..validation import boolean, fraction, non_negative_number, positive_number
from .base import Optimizer, Schedule, elementwise, moving_average, register


@register("adam")
class Adam(Optimizer):
    """Adam: momentum on g, scaled by a running root-mean-square of g.

    The moments, in both forms:

    ```formula
    m ← β₁·m + (1 − β₁)·g,    v ← β₂·v + (1 − β₂)·g²
    ```

    Keras 3's step (`formula="keras"`, the default):

    ```formula
    w ← w − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m/(√v + ε)
    ```

    torch.optim.Adam's step (`formula="torch"`):

    ```formula
    w ← w − lr·m̂/(√v̂ + ε),    m̂ = m/(1 − β₁ᵗ),    v̂ = v/(1 − β₂ᵗ)
    ```

    Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", ICLR:
    Keras 3 computes the "efficient version" of section 2 (ε added to √v before the
    bias correction), torch.optim.Adam Algorithm 1 (ε added to √v̂); the two differ by
    ε·(1/√(1 − β₂ᵗ) − 1) in the denominator, which matters in the first steps and for
    a large ε. With `amsgrad=True` the denominator uses the largest v seen so far,
    v_max ← max(v_max, v), in place of v (Reddi, Kale & Kumar 2018, "On the Convergence
    of Adam and Beyond", ICLR), bias-corrected like v.

    Parameters
    ----------
    learning_rate : float or callable
        lr ≥ 0, or a schedule.
    beta_1, beta_2 : float
        β₁, β₂ in [0, 1), the decays of the moments.
    epsilon : float
        ε > 0.
    amsgrad : bool
        Use v_max in place of v.
    **kwargs
        The arguments every optimizer takes, `formula` included.

    Examples
    --------
    >>> w = np.array([1.0, 2.0, 3.0, 4.0])
    >>> Adam(learning_rate=0.5).apply([w], [np.array([1.0, 6.0, 7.0, 2.0])])
    >>> w.round(4)
    array([0.5, 1.5, 2.5, 3.5])
    """

    non_negative_slots = ("v", "v_max")
    formulas = ("keras", "torch")
    kernels = ("adam",)

    #: False in a variant whose constructor fixes amsgrad to False instead of taking it
    #: (Nadam, Adamax): its config then leaves the key out.
    has_amsgrad = True

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

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        if not self.has_amsgrad:
            del config["amsgrad"]
        return config

    def _slot_initial_values(self) -> dict[str, float]:
        slots = {"m": 0.0, "v": 0.0}
        if self.amsgrad:
            slots["v_max"] = 0.0
        return slots

    def _update_first_moment(self, g, slots, scratch):
        """m ← β₁·m + (1 − β₁)·g, in place; returns m."""
        m = slots["m"]
        moving_average(m, g, self.beta_1, scratch)
        return m

    def _update_moments(self, g, slots, scratch):
        """m ← β₁·m + (1 − β₁)·g and v ← β₂·v + (1 − β₂)·g², in place; returns (m, v)."""
        m = self._update_first_moment(g, slots, scratch)
        v = slots["v"]
        np.square(g, out=scratch)
        moving_average(v, scratch, self.beta_2, scratch)
        return m, v

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        m, v = self._update_moments(g, slots, scratch)
        if self.amsgrad:
            v_max = slots["v_max"]
            np.maximum(v_max, v, out=v_max)
            v = v_max
        # m̂ and v̂ are never formed. Their bias corrections are scalars, and torch's
        # lr·m̂/(√v̂ + ε) = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε√(1−β₂ᵗ)) exactly, so they
        # move into the step size and ε, which saves passes over the arrays.
        lr_t, epsilon_t = self._corrected(lr, t)
        denominator = np.sqrt(v, out=scratch)
        denominator += epsilon_t
        step = np.divide(m, denominator, out=scratch)
        step *= lr_t
        w -= step

    def _corrected(self, lr, t):
        """(lr·√(1−β₂ᵗ)/(1−β₁ᵗ), ε_t): the step size with the bias corrections, and the ε
        added to √v: ε itself (Keras), or ε·√(1−β₂ᵗ) (torch, whose ε is added to √v̂)."""
        correction = math.sqrt(1 - self.beta_2**t)
        epsilon_t = self.epsilon if self.formula == "keras" else self.epsilon * correction
        return lr * correction / (1 - self.beta_1**t), epsilon_t

    def _kernel_arguments(self, slots, lr, t):
        m, v = slots["m"], slots["v"]
        lr_t, epsilon_t = self._corrected(lr, t)
        # Without AMSGrad, v stands for v_max, which the kernel then leaves alone.
        return "adam", (m, v, slots.get("v_max", v)), (
            lr_t, self.beta_1, 1 - self.beta_1, self.beta_2, 1 - self.beta_2, epsilon_t,
            self.amsgrad)


@register("adamw")
class AdamW(Adam):
    """Adam with decoupled weight decay: shrink w, then take the Adam step.

    ```formula
    w ← w − lr·λ·w
    ```

    and then Adam's step on w, with the gradient g computed before the decay.

    Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", ICLR,
    Algorithm 2. The decay is applied directly to w instead of being added to
    g, so it is not rescaled by Adam's per-coordinate denominator. As in
    PyTorch and Keras, λ is multiplied by the learning rate.

    The decay is every optimizer's `weight_decay` (see
    [lucidnet.optimizers.Optimizer][]): AdamW is Adam with λ = 0.004 by default, and λ
    must be a number (None is refused), as in Keras 3. `formula` chooses Adam's form,
    Keras's or torch's (see [lucidnet.optimizers.Adam][]); the decay is the same in both.

    Examples
    --------
    >>> w = np.array([1.0, 2.0, 3.0, 4.0])
    >>> AdamW(learning_rate=0.5).apply([w], [np.array([1.0, 6.0, 7.0, 2.0])])
    >>> w.round(4)
    array([0.498, 1.496, 2.494, 3.492])
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


@register("adamax")
class Adamax(Adam):
    """Adamax: Adam with the infinity norm of past gradients in place of their RMS.

    With Adam's first moment m ← β₁·m + (1 − β₁)·g, Keras 3's form (`formula="keras"`,
    the default) is

    ```formula
    u ← max(β₂·u, |g|),    w ← w − lr/(1 − β₁ᵗ) · m/(u + ε)
    ```

    and torch.optim.Adamax's (`formula="torch"`)

    ```formula
    u ← max(β₂·u, |g| + ε),    w ← w − lr/(1 − β₁ᵗ) · m/u
    ```

    Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", ICLR,
    section 7.1 and Algorithm 2: the L² norm behind Adam's √v generalised to Lᵖ,
    with p → ∞. u needs no bias correction (it is not an average that starts at
    0), and the step is bounded by lr/(1 − β₁ᵗ) however small the gradients.
    The paper has no ε; Keras 3 adds it to u (the default), torch.optim.Adamax
    inside the maximum (`formula="torch"`): the two agree exactly while |g| ≥ β₂·u
    and differ by (1 − β₂)·ε in the denominator when the decayed maximum wins. m is
    Adam's first moment, updated by Adam's code. The slots are "m" and "u"; Adamax has
    no amsgrad variant.

    Examples
    --------
    >>> w = np.array([1.0, 2.0, 3.0, 4.0])
    >>> Adamax(learning_rate=0.5).apply([w], [np.array([1.0, 6.0, 7.0, 2.0])])
    >>> w.round(4)
    array([0.5, 1.5, 2.5, 3.5])
    """

    non_negative_slots = ("u",)

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

    def _slot_initial_values(self) -> dict[str, float]:
        return {"m": 0.0, "u": 0.0}

    kernels = ("adamax",)

    def _kernel_arguments(self, slots, lr, t):
        return "adamax", (slots["m"], slots["u"]), (
            lr / (1 - self.beta_1**t), self.beta_1, 1 - self.beta_1, self.beta_2, self.epsilon,
            self.formula == "keras")

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        m = self._update_first_moment(g, slots, scratch)
        u = slots["u"]
        u *= self.beta_2
        np.abs(g, out=scratch)
        if self.formula == "keras":  # u ← max(β₂·u, |g|);  m/(u + ε)
            np.maximum(u, scratch, out=u)
            denominator = np.add(u, self.epsilon, out=scratch)
        else:  # u ← max(β₂·u, |g| + ε);  m/u
            scratch += self.epsilon
            np.maximum(u, scratch, out=u)
            denominator = u
        step = np.divide(m, denominator, out=scratch)
        step *= lr / (1 - self.beta_1**t)
        w -= step
