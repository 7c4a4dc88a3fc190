"""Optimizers: rules that turn gradients into in-place parameter updates.

Every optimizer has the same contract: ``apply(params, grads)`` clips the
gradients if asked to, then moves each NumPy array in ``params`` one step, in
place. The docstrings use

    w    a parameter array        g    its (clipped) gradient
    lr   the learning rate        t    the step number, 1 on the first step

and every operation on arrays is element-wise. The update formulas are those
of the cited papers as implemented by ``torch.optim``; default hyperparameters
are those of Keras 3. State arrays ("slots") are allocated once, in each
parameter's own dtype, so float32 training stays in float32.
"""

from __future__ import annotations

import inspect
import math
import os
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..registry import Registry, serialize  # noqa: F401 (re-exported)
from ..validation import (
    boolean,
    fraction,
    is_number,
    non_negative_number,
    optional,
    positive_int,
    positive_number,
)
from .schedules import SCHEDULES, LearningRateSchedule

Schedule = Callable[[int], float]

#: Every this many steps, optimizer state below the threshold is set to 0 (see
#: ``Optimizer._flush_tiny_state``): 0.9¹²⁸ ≈ 10⁻⁶, far from the 10⁻⁸ it takes to fall
#: from the threshold to a subnormal number.
FLUSH_PERIOD = 128
FLUSH_THRESHOLD_ULPS = 1e8

#: Parameters with at least this many values are updated in as many contiguous parts as there
#: are cores, one thread each. Every update rule is element-wise, so the result is identical
#: to the bit; NumPy releases the GIL inside its loops, so the parts run at once. Measured on
#: 2 cores, Adam on a 784×1024 kernel runs 1.9× faster so; below about 300,000 values the
#: hand-off between threads costs more than it saves.
PARALLEL_MIN_SIZE = 1 << 19
#: Threads (and parts) per large parameter, as given to :func:`set_threads`; None means one
#: per core.
THREADS: int | None = None
_pool: ThreadPoolExecutor | None = None


def threads() -> int:
    """How many threads (and parts) update one large parameter: the number given to
    :func:`set_threads`, else one per core."""
    return THREADS or os.cpu_count() or 1


def set_threads(count: int | None) -> None:
    """Update each large parameter in ``count`` parts, one thread each; None: one per core.

    Data-parallel training sets it to the cores each rank may use. It applies to the
    optimizers built from then on, and sizes the thread pool if it does not exist yet.
    """
    global THREADS
    THREADS = positive_int("count", count, allow_none=True)


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=threads(), thread_name_prefix="lucidnet-optimizer")
    return _pool


class Optimizer:
    """Shared machinery; subclasses contribute only their mathematics.

    A subclass provides

    * ``_slot_initial_values()``: the per-parameter state arrays it needs,
      by name, with the value each starts from;
    * ``_update(w, g, slots, lr, t)``: its rule applied to one parameter, in
      place on ``w`` and ``slots`` (``g`` must be treated as read-only, since
      it may be the caller's array);
    * optionally ``_begin_step(t)`` to advance state shared by all parameters,
      listed in ``scalar_state`` so that it is saved along with the slots.

    Clipping, learning-rate schedules, slot allocation, step counting, input
    checks, configuration and state live here. Each constructor stores every
    argument under an attribute of the same name; ``get_config()`` relies on it.
    """

    scalar_state: tuple[str, ...] = ()

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        *,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
    ) -> None:
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError(
                "Pass at most one of clipnorm and global_clipnorm, got "
                f"clipnorm={clipnorm!r} and global_clipnorm={global_clipnorm!r}."
            )
        self.learning_rate = learning_rate
        self.clipnorm = optional(positive_number, "clipnorm", clipnorm)
        self.clipvalue = optional(positive_number, "clipvalue", clipvalue)
        self.global_clipnorm = optional(positive_number, "global_clipnorm", global_clipnorm)
        self.name = type(self).__name__.lower() if name is None else str(name)
        self.iterations = 0
        self._shapes: list[tuple[int, ...]] | None = None
        self._slots: list[dict[str, np.ndarray]] = []

    @property
    def learning_rate(self) -> float:
        """The rate for the next step: the constant, or schedule(iterations)."""
        if callable(self._learning_rate):
            return float(self._learning_rate(self.iterations))
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float | Schedule) -> None:
        if callable(value):
            self._learning_rate = value
        elif is_number(value) and value > 0:
            self._learning_rate = float(value)
        else:
            raise ValueError(
                "learning_rate must be a positive number or a callable "
                f"schedule(step) -> float, got {value!r}."
            )

    def build(self, params: Sequence[np.ndarray]) -> None:
        """Allocate the slots for ``params``; later calls only check the shapes."""
        shapes = [np.shape(w) for w in params]
        if self._shapes is not None:
            if shapes != self._shapes:
                raise ValueError(
                    f"{self.name} was built for parameters of shapes {self._shapes}, "
                    f"but is now given shapes {shapes}."
                )
            return
        for i, w in enumerate(params):
            if not (isinstance(w, np.ndarray) and np.issubdtype(w.dtype, np.floating)):
                raise TypeError(
                    f"Parameter {i} must be a floating-point numpy.ndarray (it is "
                    f"updated in place), got {type(w).__name__} "
                    f"of dtype {getattr(w, 'dtype', None)}."
                )
        initial_values = self._slot_initial_values()
        self._slots = [
            {slot: np.full_like(w, value) for slot, value in initial_values.items()}
            for w in params
        ]
        # One work array per parameter, reused at every step, so that an update writes its
        # intermediate results in place instead of allocating new arrays. Not state: it is
        # neither saved nor restored.
        self._scratch = [np.empty_like(w) for w in params]
        self._parts = [self._split(w, slots, scratch)
                       for w, slots, scratch in zip(params, self._slots, self._scratch)]
        self._shapes = shapes

    @staticmethod
    def _split(w, slots, scratch):
        """Views of a large parameter, its slots and scratch in one contiguous part per core,
        or None for a parameter updated in one piece."""
        cores = threads()
        if cores < 2 or w.size < PARALLEL_MIN_SIZE or not w.flags.c_contiguous:
            return None
        bounds = np.linspace(0, w.size, cores + 1).astype(int)
        parts = []
        for start, stop in zip(bounds[:-1], bounds[1:]):
            part = slice(start, stop)
            parts.append((part, w.reshape(-1)[part],
                          {name: state.reshape(-1)[part] for name, state in slots.items()},
                          scratch.reshape(-1)[part]))
        return parts

    def apply(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every ``params[i]`` in place from ``grads[i]``; advance ``iterations``."""
        params, grads = list(params), list(grads)
        _check_pairs(params, grads)
        self.build(params)
        # Casting once here keeps every temporary below in the parameter's dtype.
        grads = self._clip([np.asarray(g, dtype=w.dtype) for w, g in zip(params, grads)])
        lr = self.learning_rate
        t = self.iterations + 1
        self._begin_step(t)
        pending = []
        for w, g, slots, scratch, parts in zip(params, grads, self._slots, self._scratch, self._parts):
            if parts is None:
                self._update(w, g, slots, lr, t, scratch)
                continue
            flat_g = g.reshape(-1)
            pending += [_thread_pool().submit(self._update, w_part, flat_g[part], slots_part, lr, t,
                                              scratch_part)
                        for part, w_part, slots_part, scratch_part in parts]
        for job in pending:
            job.result()
        self.iterations = t
        if t % FLUSH_PERIOD == 0:
            self._flush_tiny_state()

    def _flush_tiny_state(self) -> None:
        """Set state values too small to matter to exactly 0, before they become subnormal.

        A weight whose gradient stays 0 (an input pixel that is always blank, a dead ReLU)
        has its moving averages multiplied by β at every step, so they shrink geometrically
        into the subnormal range, where every arithmetic operation on them is many times
        slower on x86 processors: Adam's update becomes several times slower within two
        epochs on image data. Values below ``FLUSH_THRESHOLD_ULPS`` × the smallest normal
        number change no update measurably (lr·m/(√v + ε) < 10⁻²⁰), and at ρ ≥ 0.9 they
        need more than ``FLUSH_PERIOD`` steps to decay from there to subnormal.
        """
        for slots in self._slots:
            for state in slots.values():
                threshold = np.finfo(state.dtype).tiny * FLUSH_THRESHOLD_ULPS
                np.copyto(state, 0, where=np.abs(state) < threshold)

    def _clip(self, grads: list[np.ndarray]) -> list[np.ndarray]:
        # Each rule returns new arrays or the untouched input: the caller's
        # gradients are never written to.
        if self.clipvalue is not None:
            grads = [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        if self.clipnorm is not None:
            grads = [_shrink_to_norm(g, _l2_norm(g), self.clipnorm) for g in grads]
        if self.global_clipnorm is not None:
            joint_norm = math.hypot(*(_l2_norm(g) for g in grads))
            grads = [_shrink_to_norm(g, joint_norm, self.global_clipnorm) for g in grads]
        return grads

    def _slot_initial_values(self) -> dict[str, float]:
        return {}

    def _begin_step(self, t: int) -> None:
        pass

    def _update(
        self, w: np.ndarray, g: np.ndarray, slots: dict[str, np.ndarray], lr: float, t: int,
        scratch: np.ndarray,
    ) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not define _update().")

    def get_config(self) -> dict[str, Any]:
        """Constructor arguments; JSON-serializable unless the schedule is a bare callable."""
        config = {name: getattr(self, name) for name in _constructor_arguments(type(self))}
        config["learning_rate"] = _serialize_schedule(self._learning_rate)
        return config

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Optimizer:
        config = dict(config)
        if isinstance(config.get("learning_rate"), Mapping):
            config["learning_rate"] = _deserialize_schedule(config["learning_rate"])
        return cls(**config)

    def get_state(self) -> dict[str, np.ndarray]:
        """Copies of all state: "iterations", scalar state, and "<slot>/<index>"."""
        state = {"iterations": np.array(self.iterations, dtype=np.int64)}
        for name in self.scalar_state:
            state[name] = np.array(getattr(self, name), dtype=np.float64)
        for i, slots in enumerate(self._slots):
            for slot, array in slots.items():
                state[f"{slot}/{i}"] = array.copy()
        return state

    def set_state(self, state: Mapping[str, np.ndarray]) -> None:
        """Load what ``get_state()`` returned; nothing changes unless all of it fits."""
        if self._shapes is None:
            raise RuntimeError(
                f"{self.name} must be built (build(params)) before set_state(), "
                "so that the slot shapes can be checked."
            )
        expected = {"iterations": (), **{name: () for name in self.scalar_state}}
        for i, slots in enumerate(self._slots):
            expected.update({f"{slot}/{i}": array.shape for slot, array in slots.items()})
        missing = sorted(expected.keys() - state.keys())
        unexpected = sorted(state.keys() - expected.keys())
        if missing or unexpected:
            raise ValueError(
                f"State does not match {self.name}: missing {missing}, unexpected {unexpected}."
            )
        for key, shape in expected.items():
            if np.shape(state[key]) != shape:
                raise ValueError(
                    f"State {key!r} has shape {np.shape(state[key])}, expected {shape}."
                )
        self.iterations = int(state["iterations"])
        for name in self.scalar_state:
            setattr(self, name, float(state[name]))
        for i, slots in enumerate(self._slots):
            for slot, array in slots.items():
                np.copyto(array, state[f"{slot}/{i}"], casting="same_kind")

    def __repr__(self) -> str:
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


OPTIMIZERS = Registry("optimizer", Optimizer)
register = OPTIMIZERS.register


@register("sgd")
class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum or Nesterov momentum.

    Plain (μ = 0):

        w ← w − lr·g

    With momentum μ > 0, a velocity b (starting at 0) accumulates gradients:

        b ← μ·b + g
        w ← w − lr·b                 classical momentum (Polyak 1964, "Some
                                     methods of speeding up the convergence
                                     of iteration methods")
        w ← w − lr·(g + μ·b)         nesterov=True (Sutskever, Martens, Dahl &
                                     Hinton 2013, "On the importance of
                                     initialization and momentum in deep learning")

    This is the form of torch.optim.SGD. Keras folds the learning rate into the
    velocity instead (v ← μ·v − lr·g, w ← w + v). With a constant learning rate
    v = −lr·b at every step, so both produce the same trajectory; they part ways
    only when lr changes, because here the new lr also rescales the velocity
    accumulated so far.
    """

    def __init__(
        self,
        learning_rate: float | Schedule = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.momentum = fraction("momentum", momentum)
        self.nesterov = boolean("nesterov", nesterov)
        if self.nesterov and self.momentum == 0:
            raise ValueError("nesterov=True requires momentum > 0, got momentum=0.0.")

    def _slot_initial_values(self) -> dict[str, float]:
        return {"b": 0.0} if self.momentum > 0 else {}

    def _update(self, w, g, slots, lr, t, scratch):
        mu = self.momentum
        if mu == 0:
            np.multiply(g, lr, out=scratch)
            w -= scratch
            return
        b = slots["b"]
        b *= mu
        b += g
        if self.nesterov:  # direction g + μ·b
            np.multiply(b, mu, out=scratch)
            scratch += g
        else:
            np.copyto(scratch, b)
        scratch *= lr
        w -= scratch


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

    def _update(self, w, g, slots, lr, t, scratch):
        rho, mu, epsilon = self.rho, self.momentum, self.epsilon
        v = slots["v"]
        np.square(g, out=scratch)
        _moving_average(v, scratch, rho, scratch)
        denominator = scratch
        if self.centered:
            g_mean = slots["g_mean"]
            _moving_average(g_mean, g, rho, scratch)
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


@register("adagrad")
class Adagrad(Optimizer):
    """Adagrad: per-coordinate steps shrinking with the sum of squared gradients.

        G ← G + g²                  (G starts at initial_accumulator_value)
        w ← w − lr·g/(√G + ε)

    Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods for Online
    Learning and Stochastic Optimization", JMLR 12, in its diagonal form.
    ε is added outside the square root, as in
    torch.optim.Adagrad (Keras adds it inside).
    """

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

    def _update(self, w, g, slots, lr, t, scratch):
        G = slots["G"]
        np.square(g, out=scratch)
        G += scratch
        denominator = np.sqrt(G, out=scratch)
        denominator += self.epsilon
        step = np.divide(g, denominator, out=scratch)
        step *= lr
        w -= step


@register("adadelta")
class Adadelta(Optimizer):
    """Adadelta: steps whose units match w, from running averages of g² and Δ².

        E[g²] ← ρ·E[g²] + (1 − ρ)·g²
        Δ     = √(E[Δ²] + ε) / √(E[g²] + ε) · g
        E[Δ²] ← ρ·E[Δ²] + (1 − ρ)·Δ²
        w     ← w − lr·Δ

    Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method", Algorithm 1.
    The paper has no learning rate (lr = 1); the default 0.001 is Keras's, so
    pass learning_rate=1.0 for the method as published. The slots E[g²] and
    E[Δ²] are stored as "avg_g2" and "avg_delta2".
    """

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

    def _update(self, w, g, slots, lr, t, scratch):
        rho, epsilon = self.rho, self.epsilon
        avg_g2, avg_delta2 = slots["avg_g2"], slots["avg_delta2"]
        np.square(g, out=scratch)
        _moving_average(avg_g2, scratch, rho, scratch)
        # Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g, built in the scratch array
        delta = np.add(avg_delta2, epsilon, out=scratch)
        np.sqrt(delta, out=delta)
        delta /= np.sqrt(avg_g2 + epsilon)
        delta *= g
        w -= lr * delta
        np.square(delta, out=delta)
        _moving_average(avg_delta2, delta, rho, delta)


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

    def _update(self, w, g, slots, lr, t, scratch):
        beta_1, beta_2, epsilon = self.beta_1, self.beta_2, self.epsilon
        m, v = slots["m"], slots["v"]
        _moving_average(m, g, beta_1, scratch)
        np.square(g, out=scratch)
        _moving_average(v, scratch, beta_2, scratch)
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
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad, **kwargs)
        self.weight_decay = non_negative_number("weight_decay", weight_decay)

    def _update(self, w, g, slots, lr, t, scratch):
        w *= 1 - lr * self.weight_decay
        super()._update(w, g, slots, lr, t, scratch)


@register("nadam")
class Nadam(Optimizer):
    """Nadam: Adam with Nesterov momentum and a warming-up momentum schedule.

        μₜ    = β₁·(1 − ½·0.96^(t·ψ)),   ψ = 0.004
        Πμ   ← Πμ·μₜ                     (Πμ starts at 1)
        m    ← β₁·m + (1 − β₁)·g
        v    ← β₂·v + (1 − β₂)·g²
        d     = √(v/(1 − β₂ᵗ)) + ε
        w    ← w − lr·(1 − μₜ)/(1 − Πμ)·g/d − lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)·m/d

    Dozat 2016, "Incorporating Nesterov Momentum into Adam", ICLR workshop
    track, with the paper's momentum schedule 0.96^(t/250). The result
    looks one step ahead: the current gradient enters with its own weight,
    and m is corrected with the momentum of the next step. This equals
    torch.optim.NAdam(momentum_decay=4e-3). (Keras 3 uses 0.96ᵗ, without ψ, so
    its momentum warms up much faster.) Πμ is saved as state "mu_product".
    """

    MOMENTUM_DECAY = 0.004
    scalar_state = ("mu_product",)

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = fraction("beta_1", beta_1)
        self.beta_2 = fraction("beta_2", beta_2)
        self.epsilon = positive_number("epsilon", epsilon)
        self.mu_product = 1.0

    def _slot_initial_values(self) -> dict[str, float]:
        return {"m": 0.0, "v": 0.0}

    def _mu(self, t: int) -> float:
        return self.beta_1 * (1 - 0.5 * 0.96 ** (t * self.MOMENTUM_DECAY))

    def _begin_step(self, t: int) -> None:
        # Shared by all parameters, so it must advance once per step, not per array.
        self.mu_product *= self._mu(t)

    def _update(self, w, g, slots, lr, t, scratch):
        beta_1, beta_2, epsilon = self.beta_1, self.beta_2, self.epsilon
        mu_t, mu_next, mu_product = self._mu(t), self._mu(t + 1), self.mu_product
        m, v = slots["m"], slots["v"]
        _moving_average(m, g, beta_1, scratch)
        np.square(g, out=scratch)
        _moving_average(v, scratch, beta_2, scratch)
        D = np.sqrt(v, out=scratch)
        D *= 1 / math.sqrt(1 - beta_2**t)
        D += epsilon
        w -= lr * (1 - mu_t) / (1 - mu_product) * g / D
        w -= lr * mu_next / (1 - mu_product * mu_next) * m / D


def get(identifier: str | Optimizer | type[Optimizer] | Mapping[str, Any]) -> Optimizer:
    """An optimizer from a name, an instance (returned as is), a class, or a serialized dict."""
    return OPTIMIZERS.get(identifier)


def names() -> list[str]:
    return OPTIMIZERS.names()


def _moving_average(average: np.ndarray, sample: np.ndarray, decay: float,
                    scratch: np.ndarray) -> None:
    """average ← decay·average + (1 − decay)·sample, in place; ``scratch`` (which may be
    ``sample`` itself) receives (1 − decay)·sample."""
    np.multiply(sample, 1 - decay, out=scratch)
    average *= decay
    average += scratch


def _l2_norm(g: np.ndarray) -> float:
    return float(np.linalg.norm(g))


def _shrink_to_norm(g: np.ndarray, norm: float, max_norm: float) -> np.ndarray:
    """g scaled by max_norm/norm (as a new array) when norm exceeds max_norm, else g."""
    return g * (max_norm / norm) if norm > max_norm else g


def _check_pairs(params: list[np.ndarray], grads: list[np.ndarray]) -> None:
    if len(params) != len(grads):
        raise ValueError(f"Got {len(params)} parameters but {len(grads)} gradients.")
    for i, (w, g) in enumerate(zip(params, grads)):
        if np.shape(w) != np.shape(g):
            raise ValueError(
                f"Gradient {i} has shape {np.shape(g)}, but parameter {i} has shape {np.shape(w)}."
            )


def _constructor_arguments(cls: type[Optimizer]) -> list[str]:
    """Keyword names accepted by cls and by the Optimizer classes it passes **kwargs to."""
    names: dict[str, None] = {}
    for klass in cls.__mro__:
        if issubclass(klass, Optimizer) and "__init__" in vars(klass):
            for parameter in inspect.signature(klass.__init__).parameters.values():
                if parameter.name != "self" and parameter.kind in (
                    parameter.POSITIONAL_OR_KEYWORD,
                    parameter.KEYWORD_ONLY,
                ):
                    names.setdefault(parameter.name)
    return list(names)


def _serialize_schedule(learning_rate: float | Schedule) -> Any:
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


def _deserialize_schedule(spec: Mapping[str, Any]) -> Schedule:
    """The schedule a ``{"class_name", "config"}`` dict names, looked up in SCHEDULES only."""
    # A config may come from a file, so no module or function named in it is ever
    # imported or called: only registered classes can be built, and any other key
    # (such as Keras's "module") is ignored.
    return SCHEDULES.get(dict(spec))
