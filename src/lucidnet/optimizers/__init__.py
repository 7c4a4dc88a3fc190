"""Optimizers: rules that turn gradients into in-place parameter updates.

Every optimizer has the same contract: `apply(params, grads)` clips the
gradients if asked to, shrinks each parameter by the decoupled weight decay
w ← w − lr·λ·w if `weight_decay` λ is set, then moves each NumPy array in
`params` one step, in place. The docstrings write w for a parameter array, g for its
(clipped) gradient, lr for the learning rate and t for the step number (1 on the first step),
and every operation on arrays is element-wise. The update formulas, names, arguments and
default hyperparameters are those of Keras 3, formula for formula; `formula="torch"`
gives a rule's `torch.optim` form instead, where the two differ (SGD, RMSprop, Adagrad,
Adam, AdamW, Adamax, Nadam). State arrays ("slots") are allocated once, in each
parameter's own dtype, so float32 training stays in float32.

The shared machinery is in `base.py` (with tf.keras 2's deprecated arguments in
`legacy`, gradient clipping in `clipping`, the parameters spared the weight decay in
`weight_decay`, the weights' moving average in `ema`, gradient accumulation in
`accumulation`, the state's checks and Keras's
ordering of it in `state`, and the threads that update a large parameter in parts in
`parallel`), each rule family in a module of its own (`sgd`, `rmsprop`, `adagrad`,
`adadelta`, `adam`, `nadam`, `lion`, `ftrl`), and the learning-rate schedules in
`schedules`; `kernels` holds each rule's step compiled into one fused loop, which large
parameters take when numba is installed. This module is
their face: the registry and a name for every class.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..registry import serialize
from . import schedules
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, Adamax, AdamW
from .base import (
    FLUSH_PERIOD,
    FLUSH_THRESHOLD_ULPS,
    KERNEL_MIN_SIZE,
    OPTIMIZERS,
    Optimizer,
    Schedule,
    register,
)
from .ftrl import Ftrl
from .lion import Lion
from .nadam import Nadam
from .parallel import PARALLEL_MIN_SIZE, set_threads, threads
from .rmsprop import RMSprop
from .schedules import SCHEDULES, LearningRateSchedule
from .sgd import SGD


def get(identifier: str | Optimizer | type[Optimizer] | Mapping[str, Any] | None
        ) -> Optimizer | None:
    """An optimizer from a name, an instance (returned as is), a class, or a serialized dict;
    None for None, as in Keras 3.

    Examples
    --------
    >>> get("adam").name, get(None)
    ('adam', None)
    """
    return None if identifier is None else OPTIMIZERS.get(identifier)


def names() -> list[str]:
    return OPTIMIZERS.names()


__all__ = [
    "OPTIMIZERS", "register", "get", "names", "serialize",
    "Optimizer", "SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax", "Nadam",
    "Lion", "Ftrl",
    "Schedule", "LearningRateSchedule", "SCHEDULES", "schedules",
    "set_threads", "threads", "FLUSH_PERIOD", "FLUSH_THRESHOLD_ULPS", "PARALLEL_MIN_SIZE",
    "KERNEL_MIN_SIZE",
]
