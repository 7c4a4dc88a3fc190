"""Layers: Dense, Activation, Dropout, Flatten and Input, and the activation layers ReLU,
LeakyReLU, ELU, Softmax and PReLU, on the :class:`Layer` protocol."""

from ..registry import serialize
from .activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from .base import LAYERS, Layer, register
from .core import Activation, Dropout, Flatten, Input
from .dense import Dense

InputLayer = Input


def get(identifier) -> Layer:
    """A :class:`Layer` from an instance or a ``{"class_name", "config"}`` dict."""
    return LAYERS.get(identifier)


__all__ = ["Layer", "LAYERS", "register", "get", "serialize", "Dense", "Activation",
           "Dropout", "Flatten", "Input", "InputLayer", "ReLU", "LeakyReLU", "ELU", "Softmax",
           "PReLU"]
