"""Gradient clipping, the first step of every optimizer's update (Keras 3's three options).

At most one of them is set on an optimizer, as in Keras: `clipvalue` c clips element by
element, `clipnorm` c rescales each gradient array on its own where ‖g‖₂ > c, and
`global_clipnorm` c rescales every array by their joint norm N when N > c:

```formula
g ← clip(g, −c, c),    g ← g·c/‖g‖₂,    g ← g·c/N,   N = √(Σ‖g‖₂²)
```

Each function returns new arrays or the untouched input, so that the caller's gradients are
never written to.
"""

from __future__ import annotations

import math

import numpy as np


def clip_gradients(grads: list[np.ndarray], clipvalue: float | None, clipnorm: float | None,
                   global_clipnorm: float | None) -> list[np.ndarray]:
    """`grads` clipped by whichever of the three options is not None.

    Examples
    --------
    >>> clip_gradients([np.array([100.0, 100.0])], None, 1.0, None)[0].round(4)
    array([0.7071, 0.7071])
    """
    if clipvalue is not None:
        grads = [np.clip(g, -clipvalue, clipvalue) for g in grads]
    if clipnorm is not None:
        grads = [_shrink_to_norm(g, _l2_norm(g), clipnorm) for g in grads]
    if global_clipnorm is not None:
        joint_norm = math.hypot(*(_l2_norm(g) for g in grads))
        grads = [_shrink_to_norm(g, joint_norm, global_clipnorm) for g in grads]
    return grads


def _l2_norm(g: np.ndarray) -> float:
    return float(np.linalg.norm(g))


def _shrink_to_norm(g: np.ndarray, norm: float, max_norm: float) -> np.ndarray:
    """g scaled by max_norm/norm (as a new array) when norm exceeds max_norm, else g."""
    return g * (max_norm / norm) if norm > max_norm else g
