"""`keras.optimizers`: [lucidnet.optimizers][], every name of its `__all__`, the same
objects, with `keras.optimizers.schedules` as a submodule."""

from ...optimizers import *  # noqa: F403
from ...optimizers import __all__  # noqa: F401

# The star import bound `schedules` to lucidnet.optimizers.schedules; the submodule of the same
# name takes its place, so that keras.optimizers.schedules is one module however it is reached.
del schedules  # noqa: F821
from . import schedules  # noqa: E402, F401
