"""Normalization: each feature standardized by the mean and variance of a data set,
computed once by `adapt(data)` and kept as state (or given); y = (x − μ)/max(σ, ε),
nothing learned.  The first layer of the TensorFlow regression tutorial."""

from __future__ import annotations

import math

import numpy as np

from ..config import epsilon
from ..errors import NotReadyError
from ..tensor import wrap
from ..validation import (
    as_float_array,
    axes,
    boolean,
    check_finite,
)
from .base import Layer, register, shape_str
from .standardization import check_built_shape, resolve_axes



@register("Normalization")
class Normalization(Layer):
    """Feature standardization with statistics computed from data: y = (x − μ)/σ.

    μ and σ² are the mean and (biased) variance of the data given to [`adapt`][lucidnet.layers.Normalization.adapt], one per
    index along `axis` (the axes kept; every other axis is averaged over), or are given
    as `mean` and `variance`.  σ = max(√σ², ε), ε being [`epsilon`][lucidnet.config.epsilon]
    (10⁻⁷), so a constant feature becomes 0.  `invert=True` undoes a normalization:
    y = μ + x·σ.  Nothing is learned: adapted statistics are state (`mean`, `variance`
    and `count`, the number of values each statistic was computed from), saved with the
    model and never given to the optimizer.  Backward: ∂C/∂x = ∂C/∂y / σ (or ⊙ σ when
    inverted).

    `adapt` works on a built layer (it overwrites the statistics in place) and on an
    unbuilt one, which keeps them until it is built, so that they take the dtype of the
    model it joins.  Using the layer before it has statistics is an error.

    Examples
    --------
    As in the TensorFlow regression tutorial, adapt the layer to the training features and
    make it the first layer of the model, so that the model takes raw features:

    >>> import numpy as np
    >>> data = np.array([[0.0, 7.0, 4.0], [2.0, 9.0, 6.0], [0.0, 7.0, 4.0], [2.0, 9.0, 6.0]])
    >>> normalizer = Normalization(axis=-1)
    >>> normalizer.adapt(data)
    >>> normalizer(np.array([[0.0, 7.0, 4.0]])).tolist()
    [[-1.0, -1.0, -1.0]]
    >>> Normalization(mean=3.0, variance=2.0)(np.array([[1.0], [3.0]])).round(4).tolist()
    [[-1.4142], [0.0]]

    Parameters
    ----------
    axis : int, tuple of int or None
        The axis or axes with a mean and variance per index (default -1, the features);
        None for a single mean and variance over every value.  Never the batch axis 0.
    mean, variance : float, array_like or None
        The statistics, given together, broadcast to the kept axes (aligned from the
        right); the layer then holds no state and cannot be adapted.
    invert : bool
        Whether to apply y = μ + x·σ instead.
    **kwargs : dict
        `name`, `dtype` and the other options of [lucidnet.layers.Layer][].
    """

    _config_keys = ("axis", "invert")

    def __init__(self, axis=-1, mean=None, variance=None, invert: bool = False, **kwargs):
        super().__init__(**kwargs)
        if axis is None or (isinstance(axis, (list, tuple)) and not axis):
            self.axis = ()
        else:
            self.axis = axes("Normalization axis", axis)
        self.invert = boolean("Normalization invert", invert)
        self.input_mean, self.input_variance = _given_statistics(mean, variance, self.axis)
        #: (μ, σ², count, broadcast shape) from adapt() on an unbuilt layer, moved into its
        #: state when it is built.
        self._pending = None
        self._constants = None
        #: σ of the last forward pass, which backward divides by.
        self.std = None

    def get_config(self):
        config = super().get_config()
        config["mean"], config["variance"] = self.input_mean, self.input_variance
        return config

    # -- statistics -------------------------------------------------------------------------
    def _kept_axes(self, input_shape) -> tuple[int, ...]:
        """The positions of the kept axes, after checking that the statistics the layer has
        (given, adapted but unbuilt, or built) fit `input_shape`."""
        kept = resolve_axes(self, self.axis, input_shape)
        check_built_shape(self, input_shape)
        sizes = tuple(input_shape[d] for d in kept)
        if self.input_mean is not None and not self.built:
            _aligned(self, np.asarray(self.input_mean), kept, input_shape)
        if self._pending is not None and self._pending[0].shape != sizes:
            raise ValueError(
                f"{self.describe()} was adapted to data with {self._pending[0].shape} values "
                f"along its axis {self.axis}, but receives inputs of shape "
                f"{shape_str(input_shape)}, which have {sizes}."
            )
        return kept

    @property
    def mean(self) -> np.ndarray | None:
        """μ, in the shape that broadcasts against the input (Keras's `layer.mean`), or None
        before the layer has statistics: a `Tensor` view of the
        layer's state, so `normalizer.mean.numpy()` works as in the TensorFlow tutorials."""
        statistics = self._statistics()
        return None if statistics is None else wrap(statistics[0])

    @property
    def variance(self) -> np.ndarray | None:
        """σ², like [`mean`][lucidnet.layers.Normalization.mean]."""
        statistics = self._statistics()
        return None if statistics is None else wrap(statistics[1])

    def _statistics(self):
        if self._constants is not None:
            return self._constants
        if self.built:
            mean, variance, count = self.weights
            if count > 0:
                return mean.reshape(self.broadcast_shape), variance.reshape(self.broadcast_shape)
        elif self._pending is not None:
            mean, variance, _, lined_up = self._pending
            return mean.reshape(lined_up), variance.reshape(lined_up)
        return None

    def statistics(self) -> tuple[np.ndarray, np.ndarray]:
        """(μ, σ) with σ = max(√σ², ε), in the broadcast shape: y = (x − μ)/σ.

        Raises `NotReadyError` when the layer has no statistics yet."""
        statistics = self._statistics()
        if statistics is None:
            raise NotReadyError(
                f"{self.describe()} has no mean and variance yet: call its adapt(data) with "
                f"the training features before training or predicting, or construct it with "
                f"mean= and variance=."
            )
        mean, variance = statistics
        # ε, Keras's backend.epsilon(): a constant feature (σ = 0) is shifted to 0, not
        # divided by 0
        return mean, np.maximum(np.sqrt(variance), epsilon())

    def adapt(self, data) -> None:
        """Set μ and σ² to the mean and biased variance of `data` (an array, batch axis
        first, or anything `np.asarray` makes one of, such as a DataFrame), per index of
        the kept axes.  Computed in float64, stored in the layer's dtype.  Refused for a
        layer constructed with `mean` and `variance`."""
        if self.input_mean is not None:
            raise ValueError(
                f"{self.describe()} was given mean and variance, so adapt() has nothing to "
                f"compute. Construct it without them, Normalization(axis=...), to adapt it."
            )
        data = as_float_array("adapt() data", data, np.float64)
        if data.size == 0:
            raise ValueError(f"adapt() data holds no values: its shape is {data.shape}.")
        if self.built and len(data.shape) != len(self.input_shape):
            raise ValueError(
                f"{self.describe()} was built for inputs of shape {shape_str(self.input_shape)}, "
                f"and adapt() got data of an incompatible shape {data.shape}."
            )
        kept = resolve_axes(self, self.axis, data.shape)
        reduced = tuple(d for d in range(data.ndim) if d not in kept)
        mean, variance = data.mean(axis=reduced), data.var(axis=reduced)
        count = math.prod(data.shape[d] for d in reduced)
        if not self.built:
            lined_up = tuple(data.shape[d] if d in kept else 1 for d in range(data.ndim))
            self._pending = (mean, variance, count, lined_up)
            return
        state = self.weights
        if mean.shape != state[0].shape:
            raise ValueError(
                f"{self.describe()} was built for inputs of shape {shape_str(self.input_shape)}, "
                f"and adapt() got data of an incompatible shape {data.shape}."
            )
        for array, value in zip(state, (mean, variance, count)):
            array[...] = value

    # -- the layer protocol -----------------------------------------------------------------
    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        self._kept_axes(input_shape)
        return input_shape

    def create_weights(self, input_shape, dtype, rng):
        kept = self._kept_axes(input_shape)
        self.broadcast_shape = tuple(input_shape[d] if d in kept else 1
                                     for d in range(len(input_shape)))
        if self.input_mean is not None:
            self._constants = tuple(
                _aligned(self, np.asarray(value), kept, input_shape).astype(dtype)
                for value in (self.input_mean, self.input_variance))
            return
        shape = tuple(input_shape[d] for d in kept)
        state = [self.add_weight("mean", shape, "zeros", rng, trainable=False),
                 self.add_weight("variance", shape, "ones", rng, trainable=False),
                 self.add_weight("count", (), "zeros", rng, trainable=False)]
        if self._pending is not None:
            for array, value in zip(state, self._pending[:3]):
                array[...] = value
            self._pending = None

    def forward(self, x, training=False):
        """y = (x − μ)/σ, or μ + x·σ when inverted."""
        mean, self.std = self.statistics()
        return mean + x * self.std if self.invert else (x - mean) / self.std

    def backward(self, grad, need_input_grad=True):
        return grad * self.std if self.invert else grad / self.std


def _given_statistics(mean, variance, kept_axes):
    """`mean` and `variance` as given to Normalization, checked, as plain JSON values
    (a float or nested lists, as Keras's config has them); (None, None) when not given."""
    if (mean is None) != (variance is None):
        raise ValueError(
            f"Normalization needs both mean and variance, or neither (to compute them with "
            f"adapt()), got mean={mean!r} and variance={variance!r}."
        )
    if mean is None:
        return None, None
    arrays = []
    for name, value in (("mean", mean), ("variance", variance)):
        array = np.asarray(value)
        if array.dtype == object or array.dtype.kind not in "biuf":
            raise TypeError(
                f"Normalization {name} must be a number or an array of numbers, got {value!r}."
            )
        array = array.astype(np.float64)
        check_finite(f"Normalization {name}", array)
        arrays.append(array)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"Normalization mean and variance must have the same shape, got shapes "
            f"{arrays[0].shape} and {arrays[1].shape}."
        )
    if arrays[0].ndim > len(kept_axes):
        raise ValueError(
            f"Normalization mean and variance may have at most one axis per kept axis "
            f"({len(kept_axes)} for axis={kept_axes or None}), got shape {arrays[0].shape}."
        )
    if (arrays[1] < 0).any():
        raise ValueError(f"Normalization variance must be >= 0 everywhere, got {variance!r}.")
    return arrays[0].tolist(), arrays[1].tolist()


def _aligned(layer, value: np.ndarray, kept, input_shape) -> np.ndarray:
    """A given statistic broadcast to the input's kept axes, its own axes lined up with
    them from the right (as Keras does), with 1 along every other axis."""
    rank = len(input_shape)
    target = tuple(input_shape[d] if d in kept else 1 for d in range(rank))
    lined_up = [1] * rank
    for offset in range(1, value.ndim + 1):
        lined_up[kept[-offset]] = value.shape[-offset]
    try:
        return np.broadcast_to(value.reshape(lined_up), target).copy()
    except ValueError:
        sizes = tuple(input_shape[d] for d in kept)
        raise ValueError(
            f"{layer.describe()} was given mean and variance of shape {value.shape}, which do "
            f"not broadcast to the {sizes} values its axis {layer.axis} keeps of inputs of "
            f"shape {shape_str(input_shape)}."
        ) from None
