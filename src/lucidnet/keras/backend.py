"""`keras.backend`: [lucidnet.backend][], every name of its `__all__`, the same objects."""

from ..backend import *  # noqa: F403
from ..backend import __all__  # noqa: F401
