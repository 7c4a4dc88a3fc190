"""`keras.layers`: [lucidnet.layers][], every name of its `__all__`, the same objects."""

from ..layers import *  # noqa: F403
from ..layers import __all__  # noqa: F401
