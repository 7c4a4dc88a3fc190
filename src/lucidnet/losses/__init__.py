"""Cost functions C(y, ŷ), each with its gradient ∇_ŷ C beside it.

The shared machinery is in `base.py` ([lucidnet.losses.Loss][], the registry, the checks on
targets), each family in a module of its own: `regression` (squared, absolute, Huber,
percentage, logarithmic, log-cosh and cosine errors), `crossentropy` (binary, categorical,
sparse), `focal` (their focal forms), `hinge` (the margins) and `distributions` (KL
divergence, Poisson).  This module is their face: [lucidnet.losses.get][] and a name for
every class and function.

Keras's function-style losses are here too, under its names (`mean_squared_error`,
`sparse_categorical_crossentropy`, ...): each returns Cₙ for every example, from the class
of the same loss ([lucidnet.losses.per_example][]).
"""

from __future__ import annotations

from ..registry import serialize
from .base import LOSSES, Loss, per_example, register
from .crossentropy import (BinaryCrossentropy, CategoricalCrossentropy,
                           SparseCategoricalCrossentropy, binary_crossentropy,
                           categorical_crossentropy, sparse_categorical_crossentropy)
from .distributions import KLDivergence, Poisson, kl_divergence, poisson
from .focal import (BinaryFocalCrossentropy, CategoricalFocalCrossentropy,
                    binary_focal_crossentropy, categorical_focal_crossentropy)
from .hinge import CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge, squared_hinge
from .regression import (CosineSimilarity, Huber, LogCosh, MeanAbsoluteError,
                         MeanAbsolutePercentageError, MeanSquaredError,
                         MeanSquaredLogarithmicError, cosine_similarity, huber, log_cosh,
                         mean_absolute_error, mean_absolute_percentage_error,
                         mean_squared_error, mean_squared_logarithmic_error)


def get(identifier) -> Loss | None:
    """A [lucidnet.losses.Loss][] from a name (`"mse"`), an instance, a class or a config dict.

    Parameters
    ----------
    identifier : str, Loss, type, dict or None
        A registered name or alias, a loss object (returned as is), a loss class (called
        with no arguments) or a config dict as `serialize` writes it.

    Returns
    -------
    Loss or None
        The loss; None for None, as in Keras.

    Raises
    ------
    ValueError
        If the name is not a registered loss; the message lists the valid names.

    Examples
    --------
    >>> type(get("mse")).__name__
    'MeanSquaredError'
    """
    return None if identifier is None else LOSSES.get(identifier)


def names() -> list[str]:
    """The registered names and aliases of the losses, sorted.

    Returns
    -------
    list of str
        Every name [lucidnet.losses.get][] accepts as a string.
    """
    return LOSSES.names()


__all__ = [
    "Loss",
    "LOSSES",
    "register",
    "get",
    "names",
    "serialize",
    "MeanSquaredError",
    "MeanAbsoluteError",
    "Huber",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "SparseCategoricalCrossentropy",
    "per_example",
    "mean_squared_error",
    "mean_absolute_error",
    "huber",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError",
    "LogCosh",
    "CosineSimilarity",
    "Hinge",
    "SquaredHinge",
    "CategoricalHinge",
    "KLDivergence",
    "Poisson",
    "BinaryFocalCrossentropy",
    "CategoricalFocalCrossentropy",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "log_cosh",
    "cosine_similarity",
    "hinge",
    "squared_hinge",
    "categorical_hinge",
    "kl_divergence",
    "poisson",
    "binary_focal_crossentropy",
    "categorical_focal_crossentropy",
]
