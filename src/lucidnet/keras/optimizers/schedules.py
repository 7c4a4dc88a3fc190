"""`keras.optimizers.schedules`: [lucidnet.optimizers.schedules][], every name of its
`__all__`, the same objects."""

from ...optimizers.schedules import *  # noqa: F403
from ...optimizers.schedules import __all__  # noqa: F401
