"""numba, loaded on first use: the one place lucidnet imports it.

The kernel modules ([lucidnet.optimizers.kernels][], [lucidnet.activations.kernels][]) write
each kernel as a plain Python function, the formula of the NumPy code it replaces; `kernel`
compiles it the first time it is asked for.  Importing numba takes about half a second and
compiling a kernel a little more, so nothing here happens when lucidnet is imported, and the
compiled machine code is cached on disk (numba's `cache=True`): a later process loads it
instead of compiling it again.

A parallel kernel (`parallel=True`) loops over `prange`, a name of its own module that is
`range` until numba is loaded and `numba.prange` from then on, so that the function runs
unchanged as Python and compiles as a loop whose iterations are independent.  Compiled
kernels run on one thread (`one_thread`): each is bound by memory or by its divisions and
square roots, and numba's OpenMP threads spin between calls, taking the cores from the
matrix multiplies' BLAS threads.
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from collections.abc import Callable

#: The numba module once `kernel` has imported it; None before (a test as cheap as an
#: attribute read, for code that runs on every call).
numba = None
_available: bool | None = None
_compiled: dict[Callable, Callable] = {}
#: `one_thread` has run in this thread (numba's thread count is a per-thread setting, and
#: setting it costs about as much as a small kernel's call).
_set_here = threading.local()


def available() -> bool:
    """True when numba can be imported (found without importing it, once per process)."""
    global _available
    if _available is None:
        _available = numba is not None or importlib.util.find_spec("numba") is not None
    return _available


def loaded() -> bool:
    """True once numba has been imported by `kernel`."""
    return numba is not None


def kernel(function: Callable, parallel: bool = False) -> Callable | None:
    """`function` compiled by numba (compiled, or loaded from the disk cache, on first use;
    the same compiled function after), or None when numba is installed but fails to import:
    a warning says so the first time, and `available` is False from then on.

    Parameters
    ----------
    function : callable
        A kernel written as plain Python over NumPy arrays and numbers.
    parallel : bool
        Compile its `prange` loops as parallel loops (which lets numba vectorize loops
        whose iterations are independent); they run on the threads `one_thread` leaves.

    Returns
    -------
    callable or None
        The compiled kernel, or None.
    """
    compiled = _compiled.get(function)
    if compiled is not None:
        return compiled
    if not load(stacklevel=5):
        return None
    if parallel:
        function.__globals__["prange"] = numba.prange
    compiled = _compiled[function] = numba.njit(parallel=parallel, cache=True,
                                                fastmath=False)(function)
    return compiled


def load(stacklevel: int = 2) -> bool:
    """Import numba now, if it is installed (the kernels then compile, or load from the disk
    cache, at their first use): True once it is loaded.  An installed numba that fails to
    import gives False, with a warning the first time, and `available` is False from then
    on.  `Model.compile(jit_compile=True)` calls it, so that predictions use the kernels too."""
    global numba, _available
    if numba is not None:
        return True
    if not available():
        return False
    try:
        import numba as module
    except ImportError as error:  # an installed numba built for another NumPy
        _available = False
        warnings.warn(f"numba could not be imported ({error}); lucidnet computes with "
                      f"NumPy instead of its compiled kernels.", RuntimeWarning,
                      stacklevel=stacklevel)
        return False
    numba = module
    return True


def one_thread() -> None:
    """Run the parallel kernels called from this thread on one thread (numba's setting is
    per calling thread; it is made once in each)."""
    if not getattr(_set_here, "done", False):
        numba.set_num_threads(1)
        _set_here.done = True
