"""`keras.activations`: [lucidnet.activations][], every name of its `__all__`, the same objects."""

from ..activations import *  # noqa: F403
from ..activations import __all__  # noqa: F401
