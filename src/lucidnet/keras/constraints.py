"""`keras.constraints`: [lucidnet.constraints][], every name of its `__all__`, the same objects."""

from ..constraints import *  # noqa: F403
from ..constraints import __all__  # noqa: F401
