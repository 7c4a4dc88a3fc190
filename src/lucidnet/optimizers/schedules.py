"""Learning-rate schedules: the learning rate as a function of the step.

A schedule is called as `schedule(step)`, where `step` is the optimizer's
`iterations`: the number of updates applied so far, so the first update runs
at step 0. Every schedule here is a pure function of the step (calling it has
no side effects and remembers nothing) and returns a Python float. The step is any
finite real number, as in Keras (a float step, or one before 0, follows the same
formula; `CosineDecayRestarts` takes a step before 0 as 0). It is called once per
training batch, so each uses `math` on Python numbers and does its checking once, in
the constructor.

Names, arguments, defaults and formulas are those of Keras 3
(`keras.optimizers.schedules`), Keras's `name` included (it names the schedule
in its config and nothing else). The docstrings write s for the step, lr₀ for
`initial_learning_rate`, D for `decay_steps`, and ⌊x⌋, ⌈x⌉ for the floor and ceiling.

A schedule passed as an optimizer's `learning_rate` is saved with the
optimizer's config as `{"class_name": <registered name>, "config": {...}}`
and rebuilt by name through `SCHEDULES`. A new schedule is added with
`@register("Name")` on a `LearningRateSchedule` subclass.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Mapping, Sequence
from numbers import Integral
from typing import Any

from ..registry import Configurable, Registry, serialize
from ..validation import (
    boolean,
    is_number,
    non_negative_int,
    non_negative_number,
    number,
    optional,
    positive_int,
    sequence,
)


class LearningRateSchedule(Configurable):
    """Base class: a subclass implements `_value(step)` for a checked integer step ≥ 0.

    Constructor arguments are stored under attributes of the same name, which gives
    `get_config()` and `from_config()` (see `registry.Configurable`).
    """

    def __call__(self, step: float) -> float:
        # The common case, a Python int from the optimizer, skips the slower checks.
        if type(step) is not int:
            step = _step(step)
        return float(self._value(step))

    def _value(self, step: int) -> float:
        raise NotImplementedError(f"{type(self).__name__} does not define _value(step).")


def _step(step: Any) -> int | float:
    """`step` as a Python int (an integer of any kind) or float (a finite real number)."""
    if isinstance(step, Integral) and not isinstance(step, bool):
        return int(step)
    if not is_number(step):
        raise ValueError(f"step must be a finite number, got {step!r}.")
    return float(step)


SCHEDULES = Registry("learning-rate schedule", LearningRateSchedule)
register = SCHEDULES.register


class _RatioDecay(LearningRateSchedule):
    """Shared by the two schedules driven by the ratio p = s/D, or ⌊s/D⌋ with staircase."""

    #: The bounds on decay_rate, as keyword arguments of `validation.number`.
    _decay_rate_bounds: dict[str, float]

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        decay_rate: float,
        staircase: bool = False,
        name: str | None = None,
    ) -> None:
        self.initial_learning_rate = non_negative_number(
            "initial_learning_rate", initial_learning_rate
        )
        self.decay_steps = positive_int("decay_steps", decay_steps)
        self.decay_rate = number("decay_rate", decay_rate, **self._decay_rate_bounds)
        self.staircase = boolean("staircase", staircase)
        self.name = type(self).__name__ if name is None else str(name)

    def _ratio(self, step: int) -> float:
        return step // self.decay_steps if self.staircase else step / self.decay_steps


@register("ExponentialDecay")
class ExponentialDecay(_RatioDecay):
    """lr(s) = lr₀ · rᵖ,  p = s/D, or p = ⌊s/D⌋ with `staircase=True`  (r = `decay_rate` > 0).

    ```formula
    lr(s) = lr₀ · rᵖ,    p = s/D,  or  p = ⌊s/D⌋  with staircase
    ```

    The rate is multiplied by r every D steps: smoothly, or all at once at each
    multiple of D with `staircase=True`. Keras 3 `ExponentialDecay`; with D = 1 it
    is torch's `ExponentialLR(gamma=r)`, and with staircase torch's
    `StepLR(step_size=D, gamma=r)`.
    """

    _decay_rate_bounds = {"greater_than": 0}

    def _value(self, step: int) -> float:
        try:
            return self.initial_learning_rate * self.decay_rate ** self._ratio(step)
        except OverflowError:
            # rᵖ leaves the float range only for absurdly large p: it is then
            # infinite when r > 1 (Keras yields inf too) and 0 when r < 1.
            return math.inf if self.decay_rate > 1 else 0.0


@register("InverseTimeDecay")
class InverseTimeDecay(_RatioDecay):
    """lr(s) = lr₀ / (1 + r·p),  p = s/D, or p = ⌊s/D⌋ with `staircase=True`  (r ≥ 0).

    ```formula
    lr(s) = lr₀ / (1 + r·p),    p = s/D,  or  p = ⌊s/D⌋  with staircase
    ```

    The rate falls like 1/s, the classic decay of stochastic approximation;
    after D steps it is lr₀/(1 + r). Keras 3 `InverseTimeDecay`.
    """

    _decay_rate_bounds = {"at_least": 0}

    def _value(self, step: int) -> float:
        return self.initial_learning_rate / (1 + self.decay_rate * self._ratio(step))


@register("PiecewiseConstantDecay")
class PiecewiseConstantDecay(LearningRateSchedule):
    """lr(s) = vᵢ for bᵢ₋₁ < s ≤ bᵢ  (b₋₁ = −∞, bₙ = +∞;  b = boundaries, v = values).

    ```formula
    lr(s) = vᵢ  for  bᵢ₋₁ < s ≤ bᵢ,    b₋₁ = −∞,    bₙ = +∞
    ```

    So lr(s) = v₀ while s ≤ b₀, and the value changes on the step *after* each
    boundary (Keras 3 `PiecewiseConstantDecay`; torch's `MultiStepLR` changes
    *at* its milestones instead). Needs len(values) = len(boundaries) + 1 and
    strictly increasing boundaries.
    """

    def __init__(self, boundaries: Sequence[float], values: Sequence[float],
                 name: str = "PiecewiseConstant") -> None:
        boundaries = sequence("boundaries", boundaries)
        values = sequence("values", values)
        if not boundaries or not all(is_number(b) for b in boundaries):
            raise ValueError(
                f"boundaries must be a non-empty list of finite numbers, got {boundaries!r}; "
                "for a constant learning rate pass a number instead of a schedule."
            )
        if any(later <= earlier for earlier, later in itertools.pairwise(boundaries)):
            raise ValueError(f"boundaries must be strictly increasing, got {boundaries!r}.")
        if len(values) != len(boundaries) + 1:
            raise ValueError(
                f"values must have one more entry than boundaries (len(values) == "
                f"len(boundaries) + 1), got {len(values)} values for "
                f"{len(boundaries)} boundaries."
            )
        # Plain int/float (not, say, numpy scalars) keep the config JSON-serializable.
        self.boundaries = tuple(
            int(b) if isinstance(b, Integral) else float(b) for b in boundaries
        )
        self.values = tuple(non_negative_number("values", v) for v in values)
        self.name = str(name)

    def get_config(self) -> dict[str, Any]:
        # Lists, so that the config equals itself after a trip through JSON.
        return {"boundaries": list(self.boundaries), "values": list(self.values),
                "name": self.name}

    def _value(self, step: int) -> float:
        # bisect_left counts the boundaries strictly below s: exactly the index i
        # with bᵢ₋₁ < s ≤ bᵢ.
        return self.values[bisect.bisect_left(self.boundaries, step)]


@register("PolynomialDecay")
class PolynomialDecay(LearningRateSchedule):
    """lr(s) = (lr₀ − lr_end)·(1 − s'/D')ᵏ + lr_end.

    ```formula
    lr(s) = (lr₀ − lr_{end})·(1 − s'/D')^{k} + lr_{end}
    ```

    Here k = `power` > 0 and lr_end = `end_learning_rate`. Without `cycle`,
    s' = min(s, D) and D' = D: the rate reaches lr_end at step D and stays there.
    With `cycle=True`, s' = s and D' = D·max(1, ⌈s/D⌉), the first multiple of D
    not below s (D at s = 0). That is Keras 3's rule, and it does *not* restart
    from lr₀: just after step n·D the rate jumps back only to about
    lr_end + (lr₀ − lr_end)/(n + 1)ᵏ. With lr_end = 0 and no cycle it is torch's
    `PolynomialLR(total_iters=D, power=k)`.
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        end_learning_rate: float = 0.0001,
        power: float = 1.0,
        cycle: bool = False,
        name: str = "PolynomialDecay",
    ) -> None:
        self.initial_learning_rate = non_negative_number(
            "initial_learning_rate", initial_learning_rate
        )
        self.decay_steps = positive_int("decay_steps", decay_steps)
        self.end_learning_rate = non_negative_number("end_learning_rate", end_learning_rate)
        self.power = number("power", power, greater_than=0)
        self.cycle = boolean("cycle", cycle)
        self.name = str(name)

    def _value(self, step: int) -> float:
        horizon = self.decay_steps
        if self.cycle:
            # -(-s // D) is ⌈s/D⌉ in exact integer arithmetic.
            horizon *= max(1, -(-step // horizon))
        else:
            step = min(step, horizon)
        span = self.initial_learning_rate - self.end_learning_rate
        return span * (1 - step / horizon) ** self.power + self.end_learning_rate


@register("CosineDecay")
class CosineDecay(LearningRateSchedule):
    """lr(s) = lr_peak · ((1 − α)·½(1 + cos(π·min(s', D)/D)) + α), possibly after a warm-up.

    ```formula
    lr(s) = lr_{peak} · ((1 − α)·½(1 + cos(π·min(s', D)/D)) + α)
    ```

    Without `warmup_target`, lr_peak = lr₀ and s' = s; `warmup_steps` is then
    ignored, as in Keras 3. With `warmup_target` = lr_top and `warmup_steps` = W,
    the rate first rises linearly,

    ```formula
    lr(s) = lr₀ + (lr_{top} − lr₀)·s/W    for  s < W
    ```

    and then decays with lr_peak = lr_top and s' = s − W. Either way it ends at
    α·lr_peak, so `alpha` is a fraction of the peak, not of lr₀.

    Cosine annealing is from Loshchilov & Hutter 2017, "SGDR: Stochastic Gradient
    Descent with Warm Restarts" (ICLR), here without restarts; the linear
    warm-up is from Goyal et al. 2017, "Accurate, Large Minibatch SGD: Training
    ImageNet in 1 Hour". Keras 3 `CosineDecay`, whose fourth positional argument is
    `name`.
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        alpha: float = 0.0,
        name: str = "CosineDecay",
        warmup_target: float | None = None,
        warmup_steps: int = 0,
    ) -> None:
        self.initial_learning_rate = non_negative_number(
            "initial_learning_rate", initial_learning_rate
        )
        self.decay_steps = positive_int("decay_steps", decay_steps)
        self.alpha = number("alpha", alpha, at_least=0, at_most=1)
        self.warmup_target = optional(non_negative_number, "warmup_target", warmup_target)
        self.warmup_steps = non_negative_int("warmup_steps", warmup_steps)
        self.name = str(name)

    def _value(self, step: int) -> float:
        peak = self.initial_learning_rate
        if self.warmup_target is not None:
            if step < self.warmup_steps:
                rise = self.warmup_target - self.initial_learning_rate
                return self.initial_learning_rate + rise * (step / self.warmup_steps)
            peak, step = self.warmup_target, step - self.warmup_steps
        fraction = min(step, self.decay_steps) / self.decay_steps
        return peak * _cosine_with_floor(fraction, self.alpha)


@register("CosineDecayRestarts")
class CosineDecayRestarts(LearningRateSchedule):
    """lr(s) = lr₀ · ((1 − α)·μⁱ·½(1 + cos(π·f)) + α),  SGDR.

    ```formula
    lr(s) = lr₀ · ((1 − α)·μⁱ·½(1 + cos(π·f)) + α)
    ```

    Period i = 0, 1, 2, … lasts D₀·τⁱ steps (D₀ = `first_decay_steps`, τ = `t_mul` ≥ 1)
    and starts at step D₀·(τⁱ − 1)/(τ − 1) (at D₀·i when τ = 1); f ∈ [0, 1) is the
    fraction of the current period already done. At each restart (f = 0) the
    cosine part jumps back up, scaled by μⁱ (μ = `m_mul`). As in Keras 3 the floor
    α·lr₀ is not scaled by μⁱ, so period i starts at lr₀·((1 − α)·μⁱ + α).

    Loshchilov & Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm
    Restarts" (ICLR), eq. (5), with Keras 3's `CosineDecayRestarts` arguments.
    With μ = 1 and an integer τ it is torch's `CosineAnnealingWarmRestarts(T_0=D₀,
    T_mult=τ, eta_min=α·lr₀)`. τ < 1 is refused: the periods would shrink and
    their sum D₀/(1 − τ) would be the last step at which the schedule is defined.
    """

    def __init__(
        self,
        initial_learning_rate: float,
        first_decay_steps: int,
        t_mul: float = 2.0,
        m_mul: float = 1.0,
        alpha: float = 0.0,
        name: str = "SGDRDecay",
    ) -> None:
        self.initial_learning_rate = non_negative_number(
            "initial_learning_rate", initial_learning_rate
        )
        self.first_decay_steps = positive_int("first_decay_steps", first_decay_steps)
        self.t_mul = number("t_mul", t_mul, at_least=1)
        self.m_mul = non_negative_number("m_mul", m_mul)
        self.alpha = number("alpha", alpha, at_least=0, at_most=1)
        self.name = str(name)

    def _period(self, step: int) -> tuple[int, float]:
        """(i, f): the period holding `step` and the fraction of it already done."""
        first = self.first_decay_steps
        if self.t_mul == 1:
            i, into = divmod(step, first)  # exact in integers
            return i, into / first
        t = self.t_mul
        x = step / first  # elapsed time in units of the first period
        # Period i starts at x = (tⁱ − 1)/(t − 1), so i = ⌊log_t(1 + x·(t − 1))⌋.
        # Rounding in the logarithm can land one period off right at a restart,
        # where it matters most (f ≈ 1 instead of 0); the loops step back into place.
        i = int(math.log1p(x * (t - 1)) / math.log(t))
        while i > 0 and (t**i - 1) / (t - 1) > x:
            i -= 1
        while (t ** (i + 1) - 1) / (t - 1) <= x:
            i += 1
        return i, (x - (t**i - 1) / (t - 1)) / t**i

    def _value(self, step: float) -> float:
        i, fraction = self._period(max(step, 0))
        # 0.0**0 is 1.0, so with m_mul = 0 the first period still runs.
        amplitude = self.m_mul**i
        return self.initial_learning_rate * _cosine_with_floor(fraction, self.alpha, amplitude)


def _cosine_with_floor(fraction: float, alpha: float, amplitude: float = 1.0) -> float:
    """(1 − α)·a·½(1 + cos(π·fraction)) + α, falling from (1 − α)·a + α to α on [0, 1]."""
    return (1 - alpha) * amplitude * 0.5 * (1 + math.cos(math.pi * fraction)) + alpha


def serialize_learning_rate(learning_rate: Any) -> Any:
    """A registered schedule as its registry dict; a number or any other callable as is."""
    # Only a class that the registry gives back under its own name can be
    # rebuilt from the dict; anything else (a lambda, an unregistered schedule)
    # stays an object, usable in memory though not JSON-serializable.
    name = getattr(learning_rate, "registry_name", None)
    registered = (
        isinstance(learning_rate, LearningRateSchedule)
        and isinstance(name, str)
        and name in SCHEDULES
        and SCHEDULES.lookup(name) is type(learning_rate)
    )
    return serialize(learning_rate) if registered else learning_rate


def deserialize_learning_rate(spec: Mapping[str, Any]) -> LearningRateSchedule:
    """The schedule a `{"class_name", "config"}` dict names, looked up in SCHEDULES only."""
    # A config may come from a file, so no module or function named in it is ever
    # imported or called: only registered classes can be built, and any other key
    # (such as Keras's "module") is ignored.
    return SCHEDULES.get(dict(spec))


def get(identifier: Any) -> LearningRateSchedule:
    """A schedule from an instance (returned as is) or a `{"class_name", "config"}` dict."""
    return SCHEDULES.get(identifier)


def names() -> list[str]:
    return SCHEDULES.names()


__all__ = [
    "LearningRateSchedule",
    "SCHEDULES",
    "register",
    "get",
    "names",
    "serialize",
    "ExponentialDecay",
    "InverseTimeDecay",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "CosineDecay",
    "CosineDecayRestarts",
]
