"""`keras.saving`: [lucidnet.saving][], every name of its `__all__`, the same objects."""

from ..saving import *  # noqa: F403
from ..saving import __all__  # noqa: F401
