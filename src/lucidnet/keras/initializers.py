"""`keras.initializers`: [lucidnet.initializers][], every name of its `__all__`, the same objects."""

from ..initializers import *  # noqa: F403
from ..initializers import __all__  # noqa: F401
