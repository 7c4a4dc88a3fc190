"""Layers: Dense, Activation, Dropout, Flatten and Input; the activation layers ReLU,
LeakyReLU, ELU, Softmax and PReLU; the normalizations (BatchNormalization,
LayerNormalization, Normalization) and GaussianNoise; all on the :class:`Layer` protocol."""

from ..registry import serialize
from .activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from .base import LAYERS, Layer, register
from .batch_normalization import BatchNormalization
from .core import Activation, Dropout, Flatten, Input
from .dense import Dense
from .layer_normalization import LayerNormalization
from .noise import GaussianNoise
from .normalization import Normalization

InputLayer = Input


def get(identifier) -> Layer:
    """A :class:`Layer` from an instance or a ``{"class_name", "config"}`` dict."""
    return LAYERS.get(identifier)


__all__ = ["Layer", "LAYERS", "register", "get", "serialize", "Dense", "Activation",
           "Dropout", "Flatten", "Input", "InputLayer", "BatchNormalization",
           "LayerNormalization", "Normalization", "GaussianNoise", "ReLU", "LeakyReLU", "ELU",
           "Softmax", "PReLU"]
