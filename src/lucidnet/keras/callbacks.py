"""`keras.callbacks`: [lucidnet.callbacks][], every name of its `__all__`, the same objects."""

from ..callbacks import *  # noqa: F403
from ..callbacks import __all__  # noqa: F401
