"""tf.keras 2's deprecated optimizer arguments `lr=` and `decay=`, turned into Keras 3's.

Keras 2 optimizers took `lr` as another name for `learning_rate`, and `decay` for an
inverse-time decay of the learning rate at every step (`OptimizerV2._decayed_lr`), with t the
iterations, the updates applied so far (0 at the first):

```formula
lr(t) = lr₀ / (1 + decay·t)
```

Keras 3 dropped both. Here they still work, each with a `DeprecationWarning` that shows the
modern spelling and points at the line that passed it: `lr` becomes `learning_rate`, and
`decay` becomes `learning_rate=InverseTimeDecay(lr₀, decay_steps=1, decay_rate=decay)`,
which is the formula above, so that the optimizer holds, saves and loads a schedule and its
config never names `lr` or `decay`. Passing `lr` beside `learning_rate` is a
`TypeError`, as two values for one argument are in Python; a `decay` on top of a
schedule is a `ValueError` (Keras 2 divided the schedule's value by 1 + decay·t; fold the
decay into the schedule instead).

The translation happens once, in the outermost constructor of the call, before any
constructor runs: `accepting_legacy_arguments` wraps an `__init__`
([lucidnet.optimizers.Optimizer][] wraps its own and every subclass's), keeping its signature,
so configs and `help()` show Keras 3's arguments only.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from typing import Any

from ..validation import non_negative_number, positive_number
from .schedules import InverseTimeDecay

#: How many frames lie between `warnings.warn` in `_modern_arguments` and the
#: caller of the optimizer's class: this function, the wrapper of `__init__` (the class
#: call itself is not a Python frame).
_TO_CALLER = 3


def accepting_legacy_arguments(init):
    """`init` taking `lr=` and `decay=` as well, translated before it runs.

    `init` is returned as it is when it has no `learning_rate` argument (a constructor
    that passes everything on to its parent's, which translates them), or when it has
    arguments of its own named `lr` and `decay`: only a name it does not take is
    translated.

    Parameters
    ----------
    init : callable
        An optimizer's `__init__`.

    Returns
    -------
    callable
        `init` wrapped (with its signature kept), or `init` itself.
    """
    parameters = list(inspect.signature(init).parameters.values())[1:]  # not self
    names = [parameter.name for parameter in parameters]
    legacy = {"lr", "decay"} - set(names)
    if not legacy or "learning_rate" not in names:
        return init
    learning_rate = parameters[names.index("learning_rate")]
    positional = (learning_rate.POSITIONAL_ONLY, learning_rate.POSITIONAL_OR_KEYWORD)
    position = names.index("learning_rate") if learning_rate.kind in positional else None

    @functools.wraps(init)
    def init_accepting_legacy_arguments(self, *args, **kwargs):
        if not legacy.isdisjoint(kwargs):
            args, kwargs = _modern_arguments(type(self).__name__, legacy, learning_rate.default,
                                             position, args, kwargs)
        init(self, *args, **kwargs)

    return init_accepting_legacy_arguments


def _modern_arguments(
    owner: str, legacy: set[str], default: Any, position: int | None, args: tuple,
    kwargs: dict[str, Any],
) -> tuple[tuple, dict[str, Any]]:
    """(args, kwargs) with `lr` and `decay` turned into `learning_rate`, warning for each.

    `learning_rate` was given if `args` reaches its `position` or `kwargs` names it;
    else it is `default`.
    """
    kwargs = dict(kwargs)
    positionally = position is not None and len(args) > position
    if "lr" in legacy and "lr" in kwargs:
        lr = kwargs.pop("lr")
        if positionally or "learning_rate" in kwargs:
            given = args[position] if positionally else kwargs["learning_rate"]
            raise TypeError(
                f"{owner}() got learning_rate={given!r} and lr={lr!r}, its deprecated alias; "
                "pass learning_rate= only."
            )
        warnings.warn(
            f"{owner}(lr=...) is deprecated (it is tf.keras 2's name): pass "
            f"learning_rate={lr!r} instead.",
            DeprecationWarning, stacklevel=_TO_CALLER,
        )
        kwargs["learning_rate"] = lr
    if "decay" in legacy and "decay" in kwargs:
        decay = non_negative_number("decay", kwargs.pop("decay"))
        if decay == 0:
            warnings.warn(
                f"{owner}(decay=0) is deprecated and changes nothing: remove it.",
                DeprecationWarning, stacklevel=_TO_CALLER,
            )
            return args, kwargs
        learning_rate = args[position] if positionally else kwargs.get("learning_rate", default)
        if callable(learning_rate):
            raise ValueError(
                f"{owner}(decay={decay!r}) cannot decay the schedule learning_rate="
                f"{learning_rate!r}: decay is for a constant learning rate. Build the decay "
                "into the schedule instead, e.g. schedules.InverseTimeDecay."
            )
        learning_rate = positive_number("learning_rate", learning_rate)
        warnings.warn(
            f"{owner}(decay={decay!r}) is deprecated (tf.keras 2's lr/(1 + decay·t)): pass "
            f"learning_rate=schedules.InverseTimeDecay({learning_rate!r}, decay_steps=1, "
            f"decay_rate={decay!r}) instead, the same decay as a schedule.",
            DeprecationWarning, stacklevel=_TO_CALLER,
        )
        schedule = InverseTimeDecay(learning_rate, decay_steps=1, decay_rate=decay)
        if positionally:
            args = (*args[:position], schedule, *args[position + 1:])
        else:
            kwargs["learning_rate"] = schedule
    return args, kwargs
