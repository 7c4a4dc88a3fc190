"""Datasets returned as ``(x_train, y_train), (x_test, y_test)``, like ``keras.datasets``."""

from . import digits

__all__ = ["digits"]
