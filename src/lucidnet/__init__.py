"""lucidnet: feed-forward neural networks on NumPy, written like the equations.

Examples
--------
>>> import lucidnet as ln
>>> model = ln.Sequential([ln.layers.Input((64,)), ln.layers.Dense(32, activation="relu"),
...                        ln.layers.Dense(10, activation="softmax")])
>>> model.count_params()
2410
"""

import importlib

from . import (activations, backend, callbacks, config, constraints, evaluation, initializers, layers,
               losses, metrics, models, nn, ops, optimizers, perceptron, preprocessing, regularizers,
               saving, tensor, utils)
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


#: The edge packages, imported on first use (`lucidnet.datasets.mnist`, `from lucidnet import
#: plot`), so that `import lucidnet` pays only for the models and their parts.  `keras`, Keras's
#: import paths, is one of them and is not in `__all__`.
LAZY_SUBPACKAGES = ("datasets", "export", "plot", "sklearn", "playground", "cli", "keras")


def __getattr__(name: str):
    # Not "from . import datasets" here, which would ask for this attribute again.
    if name in LAZY_SUBPACKAGES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(LAZY_SUBPACKAGES))
