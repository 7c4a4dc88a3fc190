"""`keras.models`: [lucidnet.models][], every name of its `__all__`, the same objects."""

from ..models import *  # noqa: F403
from ..models import __all__  # noqa: F401
