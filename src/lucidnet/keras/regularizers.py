"""`keras.regularizers`: [lucidnet.regularizers][], every name of its `__all__`, the same objects."""

from ..regularizers import *  # noqa: F403
from ..regularizers import __all__  # noqa: F401
