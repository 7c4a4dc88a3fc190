"""The exponential moving average of the weights that an optimizer keeps with
`use_ema=True` (Keras 3's `use_ema`, `ema_momentum`, `ema_overwrite_frequency`).

After every step t (1 on the first), for each parameter w and its average w̄ (the slot
"average"), with m = `ema_momentum`:

```formula
w̄ ← w  at t = 1,    w̄ ← m·w̄ + (1 − m)·w  at t > 1
```

then w ← w̄ every `ema_overwrite_frequency` steps, when it is set, and at the end of
`fit` the weights take their averages
([lucidnet.optimizers.Optimizer.finalize_variable_values][]). Averaging the weights of the
last steps smooths the noise of the last mini-batches (Polyak & Juditsky 1992,
"Acceleration of Stochastic Approximation by Averaging").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def update_averages(params: Sequence[np.ndarray], slots: Sequence[dict[str, np.ndarray]],
                    t: int, momentum: float) -> None:
    """w̄ ← w at t = 1, else w̄ ← m·w̄ + (1 − m)·w, in place, for every parameter."""
    for w, state in zip(params, slots):
        average = state["average"]
        if t == 1:
            np.copyto(average, w)
        else:
            average *= momentum
            average += (1 - momentum) * w


def overwrite_with_averages(params: Sequence[np.ndarray],
                            slots: Sequence[dict[str, np.ndarray]]) -> None:
    """w ← w̄, in place, for every parameter."""
    for w, state in zip(params, slots):
        np.copyto(w, state["average"])


def after_call(params: Sequence[np.ndarray], slots: Sequence[dict[str, np.ndarray]],
               iterations: int, momentum: float, overwrite_frequency: int | None) -> None:
    """The average's step after a call of `apply`, as Keras takes it, with `iterations` the
    updates before the call: w̄ ← w while that is 0, else w̄ ← m·w̄ + (1 − m)·w; then
    w ← w̄ when iterations + 1 is a multiple of `overwrite_frequency`."""
    update_averages(params, slots, iterations + 1 if iterations else 1, momentum)
    if overwrite_frequency and (iterations + 1) % overwrite_frequency == 0:
        overwrite_with_averages(params, slots)
