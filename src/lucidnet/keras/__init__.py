"""Keras's import paths over lucidnet: `import lucidnet.keras as keras`.

A Keras notebook for a Sequential network runs on lucidnet once its imports read
`import lucidnet.keras as keras` (or `from lucidnet.keras.layers import Dense`, ...).
Each submodule is the lucidnet module of the same name under Keras's name, holding every
name of that module's `__all__`: the same objects, not wrappers, so `keras.layers.Dense`
*is* [lucidnet.layers.Dense][] and a name added to lucidnet appears here by itself.
`docs/keras.md` lists what a Keras user reaches and what lucidnet has of it.

`import lucidnet` does not import this package; `lucidnet.keras` or
`from lucidnet import keras` imports it on first use.

Examples
--------
>>> import lucidnet.keras as keras
>>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
>>> model.compile(optimizer=keras.optimizers.Adam(), loss="sparse_categorical_crossentropy")
>>> keras.layers.Dense is __import__("lucidnet").layers.Dense
True
"""

from ..symbolic import KerasTensor
from ..version import __version__
from . import (activations, backend, callbacks, constraints, datasets, initializers, layers, losses,
               metrics, models, ops, optimizers, preprocessing, regularizers, saving, utils)
from .initializers import Initializer
from .layers import Input, Layer
from .losses import Loss
from .metrics import Metric
from .models import Model, Sequential
from .optimizers import Optimizer
from .regularizers import Regularizer

__all__ = [
    "activations", "backend", "callbacks", "constraints", "datasets", "initializers", "layers", "losses", "metrics",
    "models", "ops", "optimizers", "preprocessing", "regularizers", "saving", "utils", "Model", "Sequential", "KerasTensor", "Input", "Layer", "Loss",
    "Metric", "Optimizer", "Initializer", "Regularizer", "__version__",
]
