"""The thread pool that updates a large parameter in parts, one contiguous part per core.

Every update rule is element-wise, so a parameter cut into parts, each updated on its own
thread, ends with the same bits as one updated in one piece; NumPy releases the GIL inside
its loops, so the parts run at once. `Optimizer` cuts each parameter of at least
`PARALLEL_MIN_SIZE` values so when it lays out its slots.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from ..validation import positive_int

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

#: Parameters with at least this many values are updated in as many contiguous parts as there
#: are cores, one thread each. Every update rule is element-wise, so the result is identical
#: to the bit; NumPy releases the GIL inside its loops, so the parts run at once. Measured on
#: 2 cores, Adam on a 784×1024 kernel runs 1.9× faster so; below about 300,000 values the
#: hand-off between threads costs more than it saves.
PARALLEL_MIN_SIZE = 1 << 19
#: Threads (and parts) per large parameter, as given to `set_threads`; None means one
#: per core.
THREADS: int | None = None
_pool: ThreadPoolExecutor | None = None


def threads() -> int:
    """How many threads (and parts) update one large parameter: the number given to
    `set_threads`, else one per core."""
    return THREADS or os.cpu_count() or 1


def set_threads(count: int | None) -> None:
    """Update each large parameter in `count` parts, one thread each; None: one per core.

    Data-parallel training sets it to the cores each rank may use. It applies to the
    optimizers built from then on, and sizes the thread pool if it does not exist yet.
    """
    global THREADS
    THREADS = positive_int("count", count, allow_none=True)


def thread_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        # Imported on the first threaded step, so that `import lucidnet` does not pay for it.
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=threads(), thread_name_prefix="lucidnet-optimizer")
    return _pool


def parts(w, slots, scratch):
    """Views of a large parameter, its slots and scratch in one contiguous part per core,
    or None for a parameter updated in one piece."""
    cores = threads()
    if cores < 2 or w.size < PARALLEL_MIN_SIZE or not w.flags.c_contiguous:
        return None
    bounds = np.linspace(0, w.size, cores + 1).astype(int)
    pieces = []
    for start, stop in zip(bounds[:-1], bounds[1:]):
        part = slice(start, stop)
        pieces.append((part, w.reshape(-1)[part],
                      {name: state.reshape(-1)[part] for name, state in slots.items()},
                      scratch.reshape(-1)[part]))
    return pieces
