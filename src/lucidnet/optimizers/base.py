"""The Optimizer base class and the machinery every update rule shares.

An optimizer's contract: `apply(params, grads)` clips the gradients if asked to, then
moves each NumPy array in `params` one step, in place. A rule is a subclass that supplies
only its mathematics (see `Optimizer`); everything else is driven from here: slot
allocation, step counting, the flush of tiny state before it turns subnormal,
`get_state`/`set_state` and the config, with the pieces that have a module of their
own (`clipping`, `weight_decay`, `ema`, `accumulation`, `state`, `parallel`, and the schedules'
serialization in `schedules`). Nothing here depends on any one rule.

Two steps come before every rule's own, as in Keras 3: the gradients are clipped, then,
when `weight_decay` λ is set, each parameter not excluded is shrunk by the decoupled
weight decay w ← w − lr·λ·w (Loshchilov & Hutter 2019); with `use_ema` one step comes
after, the weights' moving average. tf.keras 2's deprecated `lr=` and `decay=` are
accepted by every constructor and turned into Keras 3's arguments (see `legacy`).

A new rule is one module: an `Optimizer` subclass with the update formula and its
reference in the docstring, registered with `@register("name")`, and imported by the
package's `__init__` so that its name resolves.

A rule may also declare a compiled kernel (`kernels` and `_kernel_arguments`, see
`kernels`): its whole step, weight decay included, in one fused loop. `apply` runs it
instead of the NumPy `_update` for a parameter of at least `KERNEL_MIN_SIZE` float32 or
float64 values when numba is installed and `config.kernels_enabled()`; everything else
(clipping, schedules, the flush of tiny state, the slots and their saved layout) is the same
on either path.

When the parameters are views of one flat array (a model lays them out so, see
`lucidnet.flat`) and so are the gradients, the slots are allocated flat too and a rule whose
`_update` is marked `elementwise` takes one step over all of them: one kernel call, or one
set of NumPy passes, per step instead of one per parameter, with the same bits.
"""

from __future__ import annotations

import inspect
import operator
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .. import config, flat
from ..registry import Configurable, Registry, serialize
from ..validation import (
    all_finite,
    boolean,
    choice,
    is_number,
    non_negative_number,
    number,
    optional,
    positive_int,
    positive_number,
)
from . import accumulation, ema, kernels, parallel
from . import state as state_checks
from .clipping import clip_gradients
from .legacy import accepting_legacy_arguments
from .schedules import LearningRateSchedule, deserialize_learning_rate, serialize_learning_rate
from .weight_decay import WeightDecayExclusion

Schedule = Callable[[int], float]

#: Every this many steps, optimizer state below the threshold is set to 0 (see
#: `Optimizer._flush_tiny_state`): 0.9¹²⁸ ≈ 10⁻⁶, far from the 10⁻⁸ it takes to fall
#: from the threshold to a subnormal number.
FLUSH_PERIOD = 128
FLUSH_THRESHOLD_ULPS = 1e8

#: Parameters with at least this many values are updated by the rule's compiled kernel, when
#: it has one (see `kernels`). Measured on 2 cores (`benchmarks/adam_kernels.py`): below
#: it a kernel call's fixed cost (the hand-off to numba's threads) outweighs the NumPy passes
#: it saves, and the digits models of `lucidnet train` stay below it, so they never pay the
#: half second it takes to import numba.
KERNEL_MIN_SIZE = 1 << 14
class Optimizer(Configurable):
    """Shared machinery; subclasses contribute only their mathematics.

    A subclass provides

    * `_slot_initial_values()`: the per-parameter state arrays it needs,
      by name, with the value each starts from;
    * `_update(w, g, slots, lr, t, scratch)`: its rule applied to one parameter,
      in place on `w` and `slots` (`g` must be treated as read-only, since
      it may be the caller's array; `scratch` is a work array of `w`'s shape
      and dtype whose contents need not be kept);
    * optionally `_begin_step(t)` to advance state shared by all parameters,
      listed in `scalar_state` so that it is saved along with the slots.

    Clipping, weight decay, learning-rate schedules, slot allocation, step counting,
    input checks, configuration and state live here. Each constructor stores every
    argument under an attribute of the same name; `get_config()` reads them back
    (see `registry.Configurable`), following `**kwargs` up to this constructor.

    The arguments every optimizer takes, Keras 3's:

    * `learning_rate`: a number ≥ 0; a [lucidnet.optimizers.schedules.LearningRateSchedule][],
      called as `schedule(iterations)`; or any other callable, called as Keras calls it,
      `f()`, when it takes no argument, else as `f(iterations)`;
    * `weight_decay` λ ≥ 0, or None (no decay): before the rule's step, every parameter
      is shrunk, w ← w − lr·λ·w, decoupled from the gradient (Loshchilov & Hutter 2019,
      "Decoupled Weight Decay Regularization", ICLR), and so not rescaled by an adaptive
      rule's denominator. Biases are decayed too, as in Keras, unless excluded with
      `exclude_from_weight_decay`;
    * `clipnorm`, `clipvalue`, `global_clipnorm`: gradient clipping, applied first, at
      most one of them (see `clipping`);
    * `name`;
    * `formula`: `"keras"` (the default) computes Keras 3's update, to the formula;
      `"torch"`, on the rules that declare it in `formulas`, computes the same method in
      the form of `torch.optim` instead (where ε enters the denominator, whether the
      momentum buffer holds the learning rate, Nadam's momentum schedule). Each rule's
      docstring gives both. The config holds `formula` only when it is not `"keras"`;
    * `use_ema`, `ema_momentum`, `ema_overwrite_frequency`: keep a moving average of
      the weights (slot "average"), copy it into them every `ema_overwrite_frequency`
      steps and when `fit` ends (see `ema`); in the config only when `use_ema`.
    * `gradient_accumulation_steps` N: sum the gradients of N calls of `apply` and update
      from their mean on every N-th call only (clipping, weight decay and the rule then), so
      that `iterations` and the schedules count updates, as in Keras; the slot
      "accumulated" and the state "gradient_calls" hold the progress; in the config only
      when set.

    tf.keras 2's `lr=` (an alias of `learning_rate`) and `decay=` (the rate
    lr/(1 + decay·t) at step t, as an `InverseTimeDecay` schedule) are accepted with a
    `DeprecationWarning` (see `legacy`); the config holds their modern form.

    A rule may declare compiled kernels (see `kernels`): `kernels` names those it uses,
    and `_kernel_arguments(slots, lr, t)` gives `(name, slot arrays, numbers)` for the
    kernel `name(w, g, *slots, decay, *numbers)`, or None for a variant the kernels do not
    cover. A subclass that overrides `_update` without declaring `kernels` has none, so
    that its own mathematics is what runs.
    """

    scalar_state: tuple[str, ...] = ()
    #: The names of the compiled kernels the rule's `_kernel_arguments` can choose from.
    kernels: tuple[str, ...] = ()
    #: The slots that hold magnitudes (second moments, accumulated squares, maxima of |g|),
    #: which no run makes negative: `set_state` and loading refuse a state with a negative
    #: one (`negative_slot`).
    non_negative_slots: tuple[str, ...] = ()
    #: The forms of the update the rule can compute (the `formula` argument): Keras 3's,
    #: and `"torch"` for a rule whose `torch.optim` counterpart computes it differently.
    formulas: tuple[str, ...] = ("keras",)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_update" in vars(cls) and "kernels" not in vars(cls):
            cls.kernels = ()
        # Every constructor, a user's subclass's too, accepts tf.keras 2's lr= and decay=
        # from its own caller, so that the warning points there.
        if "__init__" in vars(cls):
            cls.__init__ = accepting_legacy_arguments(vars(cls)["__init__"])

    @accepting_legacy_arguments
    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        *,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
        formula: str = "keras",
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        gradient_accumulation_steps: int | None = None,
    ) -> None:
        if sum(option is not None for option in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                f"Received: clipnorm={clipnorm!r}, clipvalue={clipvalue!r}, "
                f"global_clipnorm={global_clipnorm!r}."
            )
        self.formula = choice("formula", formula, type(self).formulas)
        self.use_ema = boolean("use_ema", use_ema)
        self.ema_momentum = number("ema_momentum", ema_momentum, at_least=0, at_most=1)
        self.ema_overwrite_frequency = positive_int(
            "ema_overwrite_frequency", ema_overwrite_frequency, allow_none=True)
        self.gradient_accumulation_steps = positive_int(
            "gradient_accumulation_steps", gradient_accumulation_steps, allow_none=True)
        if self.gradient_accumulation_steps:
            # The calls to apply so far, saved with the state: with accumulation, only every
            # gradient_accumulation_steps-th call updates the weights and advances iterations.
            self.scalar_state = (*type(self).scalar_state, "gradient_calls")
            self.gradient_calls = 0
        self.learning_rate = learning_rate
        self.weight_decay = optional(non_negative_number, "weight_decay", weight_decay)
        self.clipnorm = optional(positive_number, "clipnorm", clipnorm)
        self.clipvalue = optional(positive_number, "clipvalue", clipvalue)
        self.global_clipnorm = optional(positive_number, "global_clipnorm", global_clipnorm)
        self.name = type(self).__name__.lower() if name is None else str(name)
        self.iterations = 0
        self._shapes: list[tuple[int, ...]] | None = None
        #: The arrays the slots belong to, in order (kept to recognise them by identity).
        self._params: list[np.ndarray] = []
        self._slots: list[dict[str, np.ndarray]] = []
        #: The whole step as one piece over flat arrays, when the parameters are laid out
        #: so (see `_flat_piece`), else None.
        self._flat_step: _Piece | None = None
        #: True when the last `apply` was stepped by compiled kernels that found every value
        #: they wrote (weights and slots) finite, so that no pass of its own need look for
        #: NaN or ±inf; False when it is not known.
        self.last_step_finite = False
        self._exclusion = WeightDecayExclusion()

    #: What `_lay_out` derives from the parameters and slots (the pieces a step updates,
    #: the work arrays): a copy (pickle, deepcopy) derives it again from its own arrays,
    #: since views of a flat array are copied as separate arrays.
    _DERIVED = ("_scratch", "_parts", "_steps", "_flat_step", "_any_fusable", "_gradient_span")

    def __getstate__(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key not in self._DERIVED}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._flat_step = None
        if self._shapes is not None:
            self._lay_out(self._params, self._slots)

    def exclude_from_weight_decay(self, var_list: Sequence[np.ndarray] | None = None,
                                  var_names: Sequence[str] | None = None) -> None:
        """Spare some parameters the weight decay, as Keras 3's method of this name does.

        Parameters
        ----------
        var_list : sequence of numpy.ndarray, optional
            The parameter arrays never to decay.
        var_names : sequence of str, optional
            Patterns: a parameter whose name (`"<layer>/<weight>"`, as a model names
            them, e.g. `"dense_1/bias"`) contains a match is never decayed.

        Raises
        ------
        ValueError
            When the optimizer is already built, as in Keras.

        Examples
        --------
        >>> from lucidnet.optimizers import SGD
        >>> w, spared = np.array([2.0]), np.array([2.0])
        >>> optimizer = SGD(learning_rate=1.0, weight_decay=0.5)
        >>> optimizer.exclude_from_weight_decay(var_list=[spared])
        >>> optimizer.apply([w, spared], [np.zeros(1), np.zeros(1)])
        >>> w, spared
        (array([1.]), array([2.]))
        """
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before the optimizer "
                f"is built; {self.name} is built already."
            )
        self._exclusion = WeightDecayExclusion(var_list, var_names)

    @property
    def variables(self) -> list[np.ndarray]:
        """Keras 3's view of the state, as copies: the step count, the learning rate when
        it is a constant (not a schedule), the scalar state (Nadam's Πμ), then every slot
        of every parameter, slot by slot (all the first moments, then all the second
        moments, ...)."""
        return state_checks.keras_variables(self)

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Load the state from arrays in the order of `variables` (Keras 3's
        `Optimizer.set_weights`); nothing changes unless all of them fit.

        Raises
        ------
        ValueError
            When the optimizer is not built yet (its slots do not exist), or the number or
            shapes of `weights` do not match `variables`.
        """
        state_checks.set_keras_variables(self, weights)

    @property
    def built(self) -> bool:
        """True once `build` has allocated the slots (at the latest, at the first step)."""
        return self._shapes is not None

    @property
    def schedule(self) -> Schedule | None:
        """The learning-rate schedule, or None when the learning rate is a constant."""
        return self._learning_rate if callable(self._learning_rate) else None

    @property
    def learning_rate(self) -> float:
        """The rate for the next step: the constant, schedule(iterations), or f() for a
        callable taking no argument."""
        if callable(self._learning_rate):
            step = self.iterations
            rate = self._learning_rate() if self._takes_no_step else self._learning_rate(step)
            if not (is_number(rate) and rate >= 0):
                raise ValueError(
                    f"learning_rate schedule {self._learning_rate!r} must return a finite "
                    f"number >= 0, got {rate!r} at step {step}."
                )
            return float(rate)
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float | Schedule) -> None:
        if callable(value):
            self._learning_rate = value
            self._takes_no_step = _takes_no_argument(value)
        elif is_number(value) and value >= 0:
            self._learning_rate = float(value)
        else:
            raise ValueError(
                "learning_rate must be a number >= 0 or a callable "
                f"schedule(step) -> float, got {value!r}."
            )

    def build(self, params: Sequence[np.ndarray]) -> None:
        """Allocate the slots for `params`, once; later calls keep them.

        Given the very arrays it was built for, or arrays of the same shapes in the same
        order (copies), nothing changes.  Given another set of parameters in which some are
        the arrays it tracks (a layer of the model was frozen or unfrozen), each tracked
        array keeps its slots, new arrays start fresh ones and the others are dropped (and
        every array starts fresh after it was built for none: a model frozen whole).
        """
        params = list(params)
        if self._shapes is not None:
            if len(params) == len(self._params) and all(map(operator.is_, params, self._params)):
                return
            position = {id(known): i for i, known in enumerate(self._params)}
            if not self._params or any(id(w) in position for w in params):
                _check_floating(params)
                fresh = self._initial_slots()
                self._lay_out(params, [
                    self._slots[position[id(w)]] if id(w) in position
                    else {slot: np.full_like(w, value) for slot, value in fresh.items()}
                    for w in params])
                return
            shapes = [np.shape(w) for w in params]
            if shapes != self._shapes:
                raise ValueError(
                    f"{self.name} was built for parameters of shapes {self._shapes}, "
                    f"but is now given shapes {shapes}."
                )
            return
        _check_floating(params)
        self._lay_out(params, self._fresh_slots(params))

    def _fresh_slots(self, params: list[np.ndarray]) -> list[dict[str, np.ndarray]]:
        """Every slot at its initial value; when `params` are views of one flat array (a
        model lays its parameters out so), each slot is one flat array too, in views."""
        initial_values = self._initial_slots()
        if flat.span(params) is None:
            return [{slot: np.full_like(w, value) for slot, value in initial_values.items()}
                    for w in params]
        per_slot = {}
        for slot, value in initial_values.items():
            array, views = flat.zeros_like(params)
            array.fill(value)
            per_slot[slot] = views
        return [{slot: views[i] for slot, views in per_slot.items()} for i in range(len(params))]

    def _lay_out(self, params: list[np.ndarray], slots: list[dict[str, np.ndarray]]) -> None:
        self._params = params
        self._slots = slots
        # One work array per parameter, reused at every step, so that an update writes its
        # intermediate results in place instead of allocating new arrays. Not state: it is
        # neither saved nor restored.  The views of one flat array, so that a flat step has
        # its work array too.
        self._scratch = flat.zeros_like(params)[1] if params else []
        self._shapes = [np.shape(w) for w in params]
        self._steps = [_Piece(w, slots, scratch) for w, slots, scratch in
                       zip(params, self._slots, self._scratch)]
        self._parts = [piece.parts for piece in self._steps]
        self._flat_step = self._flat_piece(params)
        self._any_fusable = any(piece.fusable for piece in self._steps) or (
            self._flat_step is not None and self._flat_step.fusable)
        self._gradient_span = flat.SpanCache()

    def _flat_piece(self, params) -> _Piece | None:
        """The whole step as one piece over flat arrays, when the parameters, every slot and
        the work arrays are each one flat array in views (`lucidnet.flat`) and the rule's
        `_update` is element-wise (`elementwise`); else None."""
        if not getattr(type(self)._update, "elementwise", False) or len(params) < 2:
            return None
        w = flat.span(params)
        if w is None:
            return None
        names = self._slots[0].keys()
        slots = {name: flat.span([slots[name] for slots in self._slots]) for name in names}
        scratch = flat.span(self._scratch)
        if scratch is None or any(array is None for array in slots.values()):
            return None
        return _Piece(w, slots, scratch)

    def apply(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray | None],
              names: Sequence[str] | None = None) -> None:
        """Update every `params[i]` in place from `grads[i]`; advance `iterations`.

        Parameters
        ----------
        params : sequence of numpy.ndarray
            The floating-point parameter arrays, updated in place.
        grads : sequence of numpy.ndarray or None
            Their gradients, of the same shapes. A None leaves its parameter (and its slots)
            as they are, with a warning, as Keras skips a variable without a gradient.
        names : sequence of str, optional
            The parameters' names, which `exclude_from_weight_decay(var_names=...)`
            matches; a model passes `"<layer>/<weight>"`.

        Raises
        ------
        ValueError
            When there are gradients but every one is None ("No gradients provided for any
            variable."), or the shapes or counts do not match.
        """
        params, grads = list(params), list(grads)
        if names is not None and len(names) != len(params):
            raise ValueError(f"Got {len(params)} parameters but {len(names)} names.")
        present = [i for i, g in enumerate(grads) if g is not None]
        if grads and not present:
            raise ValueError(
                f"No gradients provided for any variable: {self.name} got {len(grads)} "
                "gradients, all None."
            )
        _check_pairs(params, [w if g is None else g for w, g in zip(params, grads)])
        if len(present) < len(grads):
            missing = [i for i, g in enumerate(grads) if g is None]
            warnings.warn(f"Gradients do not exist for parameters {missing} when applying "
                          f"{self.name}; they are left as they are.", UserWarning, stacklevel=2)
        self.build(params)
        self.last_step_finite = False
        # Casting once here keeps every temporary below in the parameter's dtype.
        grads = [np.asarray(grads[i], dtype=params[i].dtype) for i in present]
        if self.gradient_accumulation_steps:
            grads = self._accumulated(params, present, grads)
            if grads is None:  # not an update step: the gradients were only summed
                self._average_weights(params, self.iterations)
                return
        # The arrays are cast already, so the clipping function itself (the same list back
        # when nothing is clipped), not the method, which converts what it is given.
        clipped = clip_gradients(grads, self.clipvalue, self.clipnorm, self.global_clipnorm)
        lr = self.learning_rate
        t = self.iterations + 1
        self._begin_step(t)
        pending = []
        fused = (self._any_fusable and bool(type(self).kernels) and config.kernels_enabled()
                 and kernels.available())
        decays = [1 - lr * self.weight_decay if self.weight_decay and not
                  self._exclusion.excludes(params[i], None if names is None else names[i])
                  else 1.0 for i in present]
        flat_g = None
        if self._flat_step is not None and len(present) == len(params) \
                and all(map(operator.is_, params, self._params)):  # not copies of them
            flat_g = self._gradient_span(clipped)
        if flat_g is not None:
            # One piece for all: a parameter decayed apart first (w·decay, then the rule's
            # step with decay 1, is the same product), so that the pass over all is one.
            decay = decays[0]
            if any(d != decay for d in decays):
                for w, d in zip(params, decays):
                    if d != 1.0:
                        w *= d
                decay = 1.0
            finite = self._step(self._flat_step, flat_g, lr, t, decay, fused, pending)
        else:
            # Every parameter is stepped before the answers are combined.
            answers = [self._step(self._piece(i, params[i]), g, lr, t, decay, fused, pending)
                       for i, g, decay in zip(present, clipped, decays)]
            finite = all(answers)
        # The moving average is not a kernel's to check.
        self.last_step_finite = finite and not self.use_ema
        for job in pending:
            job.result()
        self._average_weights(params, t - 1)
        self.iterations = t
        if t % FLUSH_PERIOD == 0:
            self._flush_tiny_state()

    def _accumulated(self, params, present, grads):
        """The mean gradients on every gradient_accumulation_steps-th call, else None (see
        `accumulation`); counts the call."""
        self.gradient_calls += 1
        return accumulation.accumulate([self._slots[i]["accumulated"] for i in present], grads,
                                       self.gradient_calls, self.gradient_accumulation_steps)

    def _average_weights(self, params, iterations: int) -> None:
        """With use_ema, the moving average's step after a call of apply (see `ema`)."""
        if self.use_ema:
            ema.after_call(params, self._slots, iterations, self.ema_momentum,
                           self.ema_overwrite_frequency)

    def _piece(self, i: int, w: np.ndarray) -> _Piece:
        """The piece of parameter `i`, given as `w`: the one laid out for it, or for a copy
        of the array it was built for (same shape, other memory), one made for this call."""
        piece = self._steps[i]
        return piece if piece.w is w else _Piece(w, self._slots[i], self._scratch[i])

    def _step(self, piece: _Piece, g, lr, t, decay, fused: bool, pending: list) -> bool:
        """The weight decay and the rule's step on one piece (a parameter, or all of them
        laid out flat): by its compiled kernel, else in NumPy, in parts on threads for a
        large piece (their jobs appended to `pending`).  True when a kernel took it and
        found every value it wrote finite; False when not known."""
        if fused and piece.fusable:
            finite = self._fused_update(piece.w, g, piece.slots, lr, t, decay)
            if finite is not None:
                return finite
        if piece.parts is None:
            self._decay_and_update(piece.w, g, piece.slots, lr, t, piece.scratch, decay)
            return False
        flat_g = g.reshape(-1)
        pool = parallel.thread_pool()
        pending += [pool.submit(self._decay_and_update, w_part, flat_g[part], slots_part, lr,
                                t, scratch_part, decay)
                    for part, w_part, slots_part, scratch_part in piece.parts]
        return False

    def _decay_and_update(self, w, g, slots, lr, t, scratch, decay) -> None:
        """w ← decay·w (decay = 1 − lr·λ when weight_decay λ applies to w, else 1), then the
        rule's step, on one parameter or one part of it."""
        if decay != 1.0:
            w *= decay
        self._update(w, g, slots, lr, t, scratch)

    def _fused_update(self, w, g, slots, lr, t, decay) -> bool | None:
        """The weight decay and the rule's step on `w` by its compiled kernel: whether every
        value it wrote is finite; None (and nothing done) when the rule's current variant
        has no kernel, or numba fails to import."""
        arguments = self._kernel_arguments(slots, lr, t)
        if arguments is None:
            return None
        name, states, numbers = arguments
        as_dtype = w.dtype.type
        kernel = kernels.compiled(name)
        if kernel is None:
            return None
        return kernel(w.reshape(-1), np.ascontiguousarray(g).reshape(-1),
                      *(state.reshape(-1) for state in states), as_dtype(decay),
                      *(x if isinstance(x, bool) else as_dtype(x) for x in numbers)) == 0

    def _kernel_arguments(self, slots, lr, t):
        return None

    def _flush_tiny_state(self) -> None:
        """Set state values too small to matter to exactly 0, before they become subnormal.

        A weight whose gradient stays 0 (an input pixel that is always blank, a dead ReLU)
        has its moving averages multiplied by β at every step, so they shrink geometrically
        into the subnormal range, where every arithmetic operation on them is many times
        slower on x86 processors: Adam's update becomes several times slower within two
        epochs on image data. Values below `FLUSH_THRESHOLD_ULPS` × the smallest normal
        number change no update measurably (lr·m/(√v + ε) < 10⁻²⁰), and at ρ ≥ 0.9 they
        need more than `FLUSH_PERIOD` steps to decay from there to subnormal.
        """
        for slots in self._slots:
            for state in slots.values():
                threshold = np.finfo(state.dtype).tiny * FLUSH_THRESHOLD_ULPS
                np.copyto(state, 0, where=np.abs(state) < threshold)

    def clip_gradients(self, grads: Sequence[np.ndarray]) -> list[np.ndarray]:
        """`grads` clipped as this optimizer's `clipvalue`, `clipnorm` or
        `global_clipnorm` says, the first step of `apply` (see `clipping`).

        Parameters
        ----------
        grads : sequence of numpy.ndarray
            Gradients; never written to.

        Returns
        -------
        list of numpy.ndarray
            New arrays where clipping changed them, the given arrays elsewhere.

        Examples
        --------
        >>> from lucidnet.optimizers import SGD
        >>> SGD(clipvalue=1).clip_gradients([np.array([100.0, -0.5])])
        [array([ 1. , -0.5])]
        """
        return clip_gradients([np.asarray(g) for g in grads], self.clipvalue, self.clipnorm,
                              self.global_clipnorm)

    def _slot_initial_values(self) -> dict[str, float]:
        return {}

    def _initial_slots(self) -> dict[str, float]:
        """The rule's slots, with "accumulated" (the gradients summed since the last update)
        with gradient_accumulation_steps, and "average" (the weights' moving average) with
        use_ema."""
        slots = self._slot_initial_values()
        if self.gradient_accumulation_steps:
            slots = {**slots, "accumulated": 0.0}
        return {**slots, "average": 0.0} if self.use_ema else slots

    def finalize_variable_values(self, params: Sequence[np.ndarray]) -> None:
        """With `use_ema`, give every parameter its moving average, w ← w̄ (`fit` calls
        it when it ends, as Keras 3's does); without, nothing.

        Raises
        ------
        ValueError
            When `params` are not the arrays the optimizer was built for.
        """
        if not self.use_ema or not self.built:  # nothing averaged yet: nothing to give
            return
        params = list(params)
        if len(params) != len(self._params) or not all(map(operator.is_, params, self._params)):
            raise ValueError(
                f"{self.name}.finalize_variable_values() was given {len(params)} parameters "
                f"that are not the {len(self._params)} it was built for; check that the "
                "optimizer was called on this model."
            )
        ema.overwrite_with_averages(params, self._slots)

    def _begin_step(self, t: int) -> None:
        pass

    def _update(
        self, w: np.ndarray, g: np.ndarray, slots: dict[str, np.ndarray], lr: float, t: int,
        scratch: np.ndarray,
    ) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not define _update().")

    def get_config(self) -> dict[str, Any]:
        """Constructor arguments; JSON-serializable unless the schedule is a bare callable.
        `formula` is left out when it is `"keras"`, the default."""
        config = super().get_config()
        config["learning_rate"] = serialize_learning_rate(self._learning_rate)
        if config.get("formula") == "keras":
            del config["formula"]
        if not config.get("use_ema"):  # Keras's defaults, left out as formula is
            for key in ("use_ema", "ema_momentum", "ema_overwrite_frequency"):
                config.pop(key, None)
        if config.get("gradient_accumulation_steps") is None:
            config.pop("gradient_accumulation_steps", None)
        return config

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Optimizer:
        config = dict(config)
        if isinstance(config.get("learning_rate"), Mapping):
            config["learning_rate"] = deserialize_learning_rate(config["learning_rate"])
        return cls(**config)

    def non_finite_slot(self) -> tuple[str, int] | None:
        """`(slot, i)` for the first slot of parameter `i` that holds a NaN or ±inf (Adam's
        `v` after a gradient whose square overflowed), else None; one dot product per slot
        (`lucidnet.validation.all_finite`), or one per slot for all parameters when they
        are laid out flat."""
        piece = self._flat_step
        if piece is not None and all(all_finite(array) for array in piece.slots.values()):
            return None
        for i, slots in enumerate(self._slots):
            for slot, array in slots.items():
                if not all_finite(array):
                    return slot, i
        return None

    def get_state(self) -> dict[str, np.ndarray]:
        """Copies of all state: "iterations", scalar state, and "<slot>/<index>"."""
        state = {"iterations": np.array(self.iterations, dtype=np.int64)}
        for name in self.scalar_state:
            state[name] = np.array(getattr(self, name), dtype=np.float64)
        for i, slots in enumerate(self._slots):
            for slot, array in slots.items():
                state[f"{slot}/{i}"] = array.copy()
        return state

    def negative_slot(self, state: Mapping[str, np.ndarray], owners: Sequence[str] | None = None,
                      prefix: str = "") -> str | None:
        """What is wrong with `state` (keys as `get_state` names them) when a slot that
        holds a magnitude (`non_negative_slots`: Adam's v, Adagrad's G = Σg²) has a
        negative value, else None: √v of a negative v would make the next step NaN.

        `set_state` refuses such a state with this message, and loading a model file
        does too, with `owners[i]` naming parameter i's weight and `prefix` the keys'
        prefix in the file.

        Examples
        --------
        >>> from lucidnet.optimizers import Adagrad
        >>> Adagrad().negative_slot({"iterations": 3, "G/0": np.array([0.5, -2.0])})
        "the optimizer state G/0 (Adagrad's slot 'G' of parameter 0) holds 1 negative value(s), as low as -2; it holds magnitudes, which are never negative."
        """
        return state_checks.negative_magnitude(type(self).__name__, type(self).non_negative_slots,
                                               state, owners, prefix)

    def set_state(self, state: Mapping[str, np.ndarray]) -> None:
        """Load what `get_state()` returned; nothing changes unless all of it fits: the
        names, the shapes, the dtypes (each castable to its slot's) and, in the slots that
        hold magnitudes, no negative value (`negative_slot`)."""
        if self._shapes is None:
            raise RuntimeError(
                f"{self.name} must be built (build(params)) before set_state(), "
                "so that the slot shapes can be checked."
            )
        expected = {"iterations": (), **{name: () for name in self.scalar_state}}
        for i, slots in enumerate(self._slots):
            expected.update({f"{slot}/{i}": array.shape for slot, array in slots.items()})
        state_checks.check_loadable(self.name, state, expected, self._slots)
        problem = self.negative_slot(state)
        if problem is not None:
            raise ValueError(f"Cannot set the state of {self.name}: {problem}")
        self.iterations = int(state["iterations"])
        for name in self.scalar_state:
            value = float(state[name])
            setattr(self, name, int(value) if name == "gradient_calls" else value)
        for i, slots in enumerate(self._slots):
            for slot, array in slots.items():
                np.copyto(array, state[f"{slot}/{i}"], casting="same_kind")


class _Piece:
    """What one call of a rule's step updates: a parameter `w` (or all of them, flat), its
    `slots` and `scratch`, its `parts` for threads (see `parallel.parts`), and whether a
    compiled kernel may update it (`fusable`: large enough, and of a dtype kernels take)."""

    __slots__ = ("fusable", "parts", "scratch", "slots", "w")

    def __init__(self, w, slots, scratch):
        self.w, self.slots, self.scratch = w, slots, scratch
        self.parts = parallel.parts(w, slots, scratch)
        # A kernel reads flat views, which only contiguous arrays have.
        self.fusable = (w.size >= KERNEL_MIN_SIZE and w.dtype in (np.float32, np.float64)
                        and all(a.flags.c_contiguous for a in (w, *slots.values())))


def elementwise(update: Callable) -> Callable:
    """Mark a rule's `_update` as element-wise: each value of w and of the slots depends on
    the same position alone, so one call over parameters laid out flat gives every one of
    them the bits a call per parameter would.  A subclass that overrides `_update` without
    the mark is stepped parameter by parameter."""
    update.elementwise = True
    return update


OPTIMIZERS = Registry("optimizer", Optimizer)
register = OPTIMIZERS.register


def moving_average(average: np.ndarray, sample: np.ndarray, decay: float,
                   scratch: np.ndarray) -> None:
    """average ← decay·average + (1 − decay)·sample, in place; `scratch` (which may be
    `sample` itself) receives (1 − decay)·sample."""
    np.multiply(sample, 1 - decay, out=scratch)
    average *= decay
    average += scratch


def _takes_no_argument(function: Callable) -> bool:
    """True for a callable (other than a registered schedule) that can be called as
    `function()`: Keras 3 calls such a learning rate so."""
    if isinstance(function, LearningRateSchedule):
        return False
    try:
        inspect.signature(function).bind()
    except TypeError:
        return False
    except ValueError:  # a builtin without a signature: called with the step, as before
        return False
    return True


def _check_floating(params: list) -> None:
    for i, w in enumerate(params):
        if not (isinstance(w, np.ndarray) and np.issubdtype(w.dtype, np.floating)):
            raise TypeError(
                f"Parameter {i} must be a floating-point numpy.ndarray (it is "
                f"updated in place), got {type(w).__name__} "
                f"of dtype {getattr(w, 'dtype', None)}."
            )


def _check_pairs(params: list[np.ndarray], grads: list[np.ndarray]) -> None:
    if len(params) != len(grads):
        raise ValueError(f"Got {len(params)} parameters but {len(grads)} gradients.")
    for i, (w, g) in enumerate(zip(params, grads)):
        # Arrays' own shapes first: np.shape is a Python call, made only for other sequences.
        if getattr(w, "shape", None) != getattr(g, "shape", ()) and np.shape(w) != np.shape(g):
            raise ValueError(
                f"Gradient {i} has shape {np.shape(g)}, but parameter {i} has shape {np.shape(w)}."
            )
