"""`keras.metrics`: [lucidnet.metrics][], every name of its `__all__`, the same objects."""

from ..metrics import *  # noqa: F403
from ..metrics import __all__  # noqa: F401
