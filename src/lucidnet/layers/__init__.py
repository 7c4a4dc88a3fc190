"""Layers: Dense, Activation, Dropout, Flatten, Reshape, Identity, Lambda and Input; the
activation layers ReLU, LeakyReLU, ELU, Softmax and PReLU; the normalizations
(BatchNormalization, LayerNormalization, Normalization, UnitNormalization), Rescaling,
ActivityRegularization and the noise layers (GaussianNoise, GaussianDropout, AlphaDropout);
all on the [`Layer`][lucidnet.layers.Layer] protocol."""

from ..registry import serialize
from .activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from .base import LAYERS, Layer, register
from .batch_normalization import BatchNormalization
from .core import Activation, Dropout, Flatten, Identity, Input, Reshape
from .dense import Dense
from .lambda_layer import Lambda
from .layer_normalization import LayerNormalization
from .noise import AlphaDropout, GaussianDropout, GaussianNoise
from .normalization import Normalization
from .regularization import ActivityRegularization
from .scaling import Rescaling, UnitNormalization

InputLayer = Input


def get(identifier) -> Layer:
    """A [`Layer`][lucidnet.layers.Layer] from an instance or a `{"class_name", "config"}` dict."""
    return LAYERS.get(identifier)


__all__ = ["Layer", "LAYERS", "register", "get", "serialize", "Dense", "Activation",
           "Dropout", "Flatten", "Input", "InputLayer", "BatchNormalization",
           "LayerNormalization", "Normalization", "GaussianNoise", "ReLU", "LeakyReLU", "ELU",
           "Softmax", "PReLU", "GaussianDropout", "AlphaDropout", "Reshape", "Rescaling",
           "Identity", "ActivityRegularization", "UnitNormalization", "Lambda"]
