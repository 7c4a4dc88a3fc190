"""Gradient accumulation (Keras 3's `gradient_accumulation_steps` N): the gradients of N
calls of `apply` are summed in each parameter's slot "accumulated", and every N-th call
updates the weights from their mean,

```formula
ḡ = (Σ accumulated + g) / N,    accumulated ← 0
```

so that a model trained on batches of B examples steps as if on batches of N·B (for a loss
that averages over the batch). `Optimizer.apply` clips, decays and runs the rule on ḡ on
those calls only, and `iterations` counts them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def accumulate(accumulators: Sequence[np.ndarray], grads: Sequence[np.ndarray], calls: int,
               steps: int) -> list[np.ndarray] | None:
    """Add `grads` to `accumulators` in place; on the call numbered `calls` (from 1)
    that is a multiple of `steps`, return the means (Σ/steps, new arrays) and zero the
    accumulators, else return None.

    Examples
    --------
    >>> total = [np.zeros(2)]
    >>> accumulate(total, [np.ones(2)], calls=1, steps=2) is None
    True
    >>> accumulate(total, [np.full(2, 3.0)], calls=2, steps=2), total
    ([array([2., 2.])], [array([0., 0.])])
    """
    update = calls % steps == 0
    means = []
    for accumulated, g in zip(accumulators, grads):
        accumulated += g
        if update:
            means.append(accumulated / steps)
            accumulated[...] = 0
    return means if update else None
