"""`keras.losses`: [lucidnet.losses][], every name of its `__all__`, the same objects."""

from ..losses import *  # noqa: F403
from ..losses import __all__  # noqa: F401
