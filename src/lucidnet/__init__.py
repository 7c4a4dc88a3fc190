"""lucidnet: feed-forward neural networks on NumPy, written like the equations.

Examples
--------
>>> import lucidnet as ln
>>> model = ln.Sequential([ln.layers.Input((64,)), ln.layers.Dense(32, activation="relu"),
...                        ln.layers.Dense(10, activation="softmax")])
>>> model.count_params()
2410
"""

from . import (activations, backend, callbacks, config, constraints, datasets, evaluation, export,
               initializers, layers, losses, metrics, models, nn, ops, optimizers, perceptron,
               plot, preprocessing, regularizers, saving, tensor, utils)
from .config import floatx, set_floatx, set_random_seed
from .errors import NotReadyError
from .layers import (Activation, BatchNormalization, Dense, Dropout, Flatten, GaussianNoise, Input,
                     LayerNormalization, Normalization)
from .models import Model, Sequential
from .perceptron import Perceptron
from .saving import ModelFileError, load_model
from .version import __version__

__all__ = [
    "activations", "backend", "callbacks", "config", "datasets", "evaluation", "initializers", "layers", "losses", "plot", "preprocessing",
    "metrics", "models", "nn", "ops", "optimizers", "regularizers", "constraints", "utils", "Model", "Sequential", "Dense",
    "Activation", "Dropout", "Flatten", "Input", "BatchNormalization", "LayerNormalization",
    "Normalization", "GaussianNoise", "floatx", "set_floatx", "set_random_seed",
    "NotReadyError", "Perceptron", "perceptron", "export", "saving", "load_model",
    "ModelFileError", "tensor", "__version__",
]


def __getattr__(name: str):
    # lucidnet.keras, Keras's import paths, is imported on first use only: import lucidnet
    # does not pay for it.  (Not "from . import keras", which would ask for this attribute.)
    if name == "keras":
        import lucidnet.keras as keras

        return keras
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
