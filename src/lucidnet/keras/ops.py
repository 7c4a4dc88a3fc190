"""`keras.ops`: [lucidnet.ops][], every name of its `__all__`, the same objects."""

from ..ops import *  # noqa: F403
from ..ops import __all__  # noqa: F401
