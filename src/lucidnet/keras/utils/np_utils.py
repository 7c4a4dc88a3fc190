"""`keras.utils.np_utils`: tf.keras 2's home of `to_categorical` and `normalize`, which
Keras 3 dropped.  Importing it works and warns, naming `keras.utils`."""

from ...errors import warn_deprecated
from ...utils import normalize, to_categorical

warn_deprecated("keras.utils.np_utils",
                "keras.utils.to_categorical (from keras.utils import to_categorical)")

__all__ = ["to_categorical", "normalize"]
