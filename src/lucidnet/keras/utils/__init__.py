"""`keras.utils`: [lucidnet.utils][], every name of its `__all__`, the same objects.

`keras.utils.np_utils`, tf.keras 2's home of `to_categorical`, is a submodule that still
works and warns.
"""

from ...utils import *  # noqa: F403
from ...utils import __all__  # noqa: F401
