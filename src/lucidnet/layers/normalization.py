"""Normalization layers: BatchNormalization, LayerNormalization and Normalization.

Each standardizes its input, x̂ = (x − μ)/√(σ² + ε), and they differ in where μ and σ²
come from:

- ``BatchNormalization``: in training, the mean and variance of each feature over the
  batch; at inference (and when frozen), the moving averages of those, kept as state.
  Then y = γ ⊙ x̂ + β with γ and β learned.
- ``LayerNormalization``: the mean and variance of each example over its own features, in
  training and at inference alike.  Then y = γ ⊙ x̂ + β.
- ``Normalization``: the mean and variance of each feature of a data set, computed once by
  ``adapt(data)`` and kept as state (or given); y = (x − μ)/max(σ, 10⁻⁷), nothing learned.

Where μ and σ² are computed from the input itself, backpropagation runs through them as
well; :func:`standardize_backward` holds that formula once, over the axes the statistics
run along (the batch for BatchNormalization, the features for LayerNormalization).
The variance is always the biased one, the mean of the squared deviations (÷m, not
÷(m − 1)), as Keras computes it.
"""

from __future__ import annotations

import math

import numpy as np

from .. import initializers, regularizers
from ..errors import NotReadyError
from ..registry import serialize
from ..validation import (
    as_float_array,
    axes,
    boolean,
    check_finite,
    integer,
    is_integer,
    number,
    positive_number,
)
from .base import Layer, register, shape_str

#: The floor under Normalization's σ, Keras's ``backend.epsilon()``: a constant feature
#: (σ = 0) is shifted to 0 instead of divided by 0.
MIN_STD = 1e-7


def standardize_backward(grad_x_hat, x_hat, inv_std, axes):
    """∂C/∂x for x̂ = (x − μ)·s, s = 1/√(σ² + ε), when μ and σ² are the mean and the biased
    variance of x over ``axes`` (m values each):

        ∂C/∂x = s · (∂C/∂x̂ − mean(∂C/∂x̂) − x̂ ⊙ mean(∂C/∂x̂ ⊙ x̂)),

    the means taken over ``axes``.  It is the chain rule through x̂, μ and σ² (Ioffe and
    Szegedy 2015, section 3) with ∂μ/∂x = 1/m and ∂σ²/∂x = 2(x − μ)/m summed in closed form:
    the two means remove what every value shares through μ and through σ².
    """
    mean_grad = grad_x_hat.mean(axis=axes, keepdims=True)
    mean_grad_x_hat = (grad_x_hat * x_hat).mean(axis=axes, keepdims=True)
    return inv_std * (grad_x_hat - mean_grad - x_hat * mean_grad_x_hat)


def resolve_axes(layer, wanted, input_shape) -> tuple[int, ...]:
    """The axes ``wanted`` (negative ones from the end) as sorted positions in ``input_shape``;
    a ``ValueError`` naming ``layer`` for an axis outside the shape or for the batch axis."""
    rank = len(input_shape)
    positions = []
    for axis in wanted:
        if not -rank <= axis < rank or axis % rank == 0:
            if rank < 2:
                valid = "no axis besides the batch axis 0: reshape them to (batch, 1)"
            else:
                valid = f"axes 1 to {rank - 1} (or {1 - rank} to -1) besides the batch axis 0"
            where = "is the batch axis" if -rank <= axis < rank else "is outside them"
            raise ValueError(
                f"{layer.describe()} has axis {axis}, which {where}: its inputs of shape "
                f"{shape_str(input_shape)} have {valid}."
            )
        positions.append(axis % rank)
    return tuple(sorted(positions))


def check_built_shape(layer, input_shape) -> None:
    """A ``ValueError`` if ``layer`` is built and ``input_shape`` differs from the shape it was
    built for (its statistics and parameters have the sizes of that one)."""
    if layer.built and tuple(input_shape[1:]) != tuple(layer.input_shape[1:]):
        raise ValueError(
            f"{layer.describe()} was built for inputs of shape {shape_str(layer.input_shape)}, "
            f"got shape {shape_str(input_shape)}."
        )


class ScaleAndShift(Layer):
    """The base of BatchNormalization and LayerNormalization: y = γ ⊙ x̂ + β after the
    standardization x̂ that the subclass computes, with γ (``scale=True``) and β
    (``center=True``) learned, one value per normalized position.

    Backward, summing over the axes γ and β are shared along (``shared_axes``):

    - ∂C/∂γ = Σ ∂C/∂y ⊙ x̂ + ∂R/∂γ;   ∂C/∂β = Σ ∂C/∂y + ∂R/∂β
    - ∂C/∂x̂ = γ ⊙ ∂C/∂y, which the subclass carries back through x̂.

    The subclass sets ``broadcast_shape`` (γ's shape as it lines up with the input, 1 along
    the shared axes) and ``shared_axes`` when it builds.
    """

    _initializer_keys = ("beta_initializer", "gamma_initializer")

    def __init__(self, epsilon, center, scale, beta_initializer, gamma_initializer,
                 beta_regularizer, gamma_regularizer, **kwargs):
        super().__init__(**kwargs)
        kind = type(self).__name__
        self.epsilon = positive_number(f"{kind} epsilon", epsilon)
        self.center = boolean(f"{kind} center", center)
        self.scale = boolean(f"{kind} scale", scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.broadcast_shape: tuple | None = None
        self.shared_axes: tuple | None = None
        #: x̂ and s = 1/√(σ² + ε) of the last forward pass, which backward reads.
        self.x_hat = self.inv_std = None

    def get_config(self):
        config = super().get_config()
        for key in self._initializer_keys:
            config[key] = serialize(getattr(self, key))
        for key in ("beta_regularizer", "gamma_regularizer"):
            value = getattr(self, key)
            config[key] = None if value is None else serialize(value)
        return config

    def _named_weight(self, name: str) -> np.ndarray | None:
        return self.weights[self.weight_names.index(name)] if name in self.weight_names else None

    @property
    def gamma(self) -> np.ndarray | None:
        """γ, the learned scale, or None without one."""
        return self._named_weight("gamma")

    @property
    def beta(self) -> np.ndarray | None:
        """β, the learned shift, or None without one."""
        return self._named_weight("beta")

    def add_scale_and_shift(self, shape, rng, gamma: bool, beta: bool) -> None:
        """Create γ and β of ``shape`` (those asked for), in that order."""
        if gamma:
            self.add_weight("gamma", shape, self.gamma_initializer, rng)
        if beta:
            self.add_weight("beta", shape, self.beta_initializer, rng)

    def scale_and_shift(self, x_hat):
        """y = γ ⊙ x̂ + β."""
        gamma, beta = self.gamma, self.beta
        y = x_hat if gamma is None else x_hat * gamma.reshape(self.broadcast_shape)
        return y if beta is None else y + beta.reshape(self.broadcast_shape)

    def scale_and_shift_backward(self, grad, need_input_grad: bool):
        """Sets ``grads`` to [∂C/∂γ, ∂C/∂β] (those that exist; none when frozen) and returns
        ∂C/∂x̂ = γ ⊙ ∂C/∂y, or None when ``need_input_grad`` is False."""
        gamma, beta = self.gamma, self.beta
        self.grads = []
        if self.trainable:
            for param, regularizer, term in ((gamma, self.gamma_regularizer, grad * self.x_hat),
                                             (beta, self.beta_regularizer, grad)):
                if param is None:
                    continue
                param_grad = term.sum(axis=self.shared_axes).reshape(param.shape)
                if regularizer is not None:
                    param_grad += regularizer.gradient(param)
                self.grads.append(param_grad)
        if not need_input_grad:
            return None
        return grad if gamma is None else grad * gamma.reshape(self.broadcast_shape)

    def regularization_loss(self) -> float:
        penalty = 0.0
        for param, regularizer in ((self.gamma, self.gamma_regularizer),
                                   (self.beta, self.beta_regularizer)):
            if param is not None and regularizer is not None:
                penalty += regularizer(param)
        return penalty


@register("BatchNormalization")
class BatchNormalization(ScaleAndShift):
    """Batch normalization (Ioffe and Szegedy 2015) of (batch, features) inputs.

    In training, per feature j over the N examples of the batch:

        μⱼ = (1/N) Σₙ xₙⱼ,   σⱼ² = (1/N) Σₙ (xₙⱼ − μⱼ)²   (biased, as Keras)
        x̂ = (x − μ)/√(σ² + ε),   y = γ ⊙ x̂ + β

    and the moving statistics, state that the optimizer never sees, follow the batch's:

        moving_mean ← moving_mean·momentum + μ·(1 − momentum)
        moving_variance ← moving_variance·momentum + σ²·(1 − momentum)

    At inference (``training=False``: ``predict``, ``evaluate``) μ and σ² are the moving
    statistics.  As in Keras 3, a frozen layer (``trainable=False``) runs in inference mode
    even in training: it normalizes with its moving statistics and leaves them unchanged
    (the usual choice when fine-tuning a model on a new, small data set).

    Backward, with s = 1/√(σ² + ε) and ∂C/∂x̂ = γ ⊙ ∂C/∂y:

    - ∂C/∂γ = Σₙ ∂C/∂yₙ ⊙ x̂ₙ,  ∂C/∂β = Σₙ ∂C/∂yₙ   (the analogues of BP4 and BP3);
    - in training, through the batch statistics (every example's μ and σ² depend on all
      of them): ∂C/∂x = s ⊙ (∂C/∂x̂ − mean_n ∂C/∂x̂ − x̂ ⊙ mean_n(∂C/∂x̂ ⊙ x̂));
    - at inference μ and σ² are constants: ∂C/∂x = s ⊙ ∂C/∂x̂.

    Inputs of another rank (images, sequences) need statistics per channel over the batch
    and the other axes, which this layer does not compute: the error says so.

    >>> import numpy as np
    >>> bn = BatchNormalization(momentum=0.0)
    >>> bn.build((None, 2), "float64")
    >>> y = bn(np.array([[1.0, 10.0], [3.0, 30.0]]), training=True)
    >>> np.round(y, 4).tolist()               # ±1 per feature, but for ε: 1/√(1 + ε) = 0.9995
    [[-0.9995, -1.0], [0.9995, 1.0]]
    >>> bn.moving_mean.tolist(), bn.moving_variance.tolist()
    ([2.0, 20.0], [1.0, 100.0])

    Parameters
    ----------
    axis : the features axis, -1 or 1 (the same one for (batch, features) inputs).
    momentum : in [0, 1]; 0 keeps only the last batch's statistics.
    epsilon : ε > 0, added to the variance.
    center, scale : learn β and γ (when False, β = 0 and γ = 1).
    beta_initializer, gamma_initializer, moving_mean_initializer,
    moving_variance_initializer : initial values ("zeros", "ones", "zeros", "ones").
    beta_regularizer, gamma_regularizer : optional penalties R(β), R(γ).
    synchronized : False.  In distributed training each rank normalizes with the statistics
        of its share of the batch and follows them with its own moving statistics (rank 0's
        are saved), as Keras does with ``synchronized=False``.
    """

    _config_keys = ("axis", "momentum", "epsilon", "center", "scale", "synchronized")
    _initializer_keys = ("beta_initializer", "gamma_initializer", "moving_mean_initializer",
                         "moving_variance_initializer")

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        synchronized: bool = False,
        **kwargs,
    ):
        super().__init__(epsilon, center, scale, beta_initializer, gamma_initializer,
                         beta_regularizer, gamma_regularizer, **kwargs)
        self.axis = integer("BatchNormalization axis", axis)
        self.momentum = number("BatchNormalization momentum", momentum, at_least=0, at_most=1)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.synchronized = boolean("BatchNormalization synchronized", synchronized)
        if self.synchronized:
            raise ValueError(
                "BatchNormalization synchronized=True (batch statistics summed over the ranks of "
                "distributed training) is not supported; with synchronized=False, the default, "
                "each rank normalizes with the statistics of its own share of the batch."
            )
        #: Whether the last forward pass used the batch's statistics (training, not frozen).
        self.batch_statistics = False

    @property
    def moving_mean(self) -> np.ndarray | None:
        """The moving average of the batch means (state), one per feature."""
        return self._named_weight("moving_mean")

    @property
    def moving_variance(self) -> np.ndarray | None:
        """The moving average of the batch variances (state), one per feature."""
        return self._named_weight("moving_variance")

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"{self.describe()} expected inputs of shape (batch, features), got shape "
                f"{shape_str(input_shape)}.\nHint: inputs of another rank (images, sequences) "
                f"need statistics per channel, over the batch and every other axis, which this "
                f"layer does not compute. Put a Flatten() layer before it, to give each value "
                f"statistics of its own, or use LayerNormalization, which takes any rank."
            )
        resolve_axes(self, (self.axis,), input_shape)
        check_built_shape(self, input_shape)
        return input_shape

    def create_weights(self, input_shape, dtype, rng):
        features = (input_shape[1],)
        self.broadcast_shape, self.shared_axes = features, (0,)
        self.add_scale_and_shift(features, rng, gamma=self.scale, beta=self.center)
        self.add_weight("moving_mean", features, self.moving_mean_initializer, rng,
                        trainable=False)
        self.add_weight("moving_variance", features, self.moving_variance_initializer, rng,
                        trainable=False)

    def forward(self, x, training=False):
        """x̂ from the batch's μ and σ² in training (updating the moving ones), else from the
        moving ones; then y = γ ⊙ x̂ + β."""
        self.batch_statistics = bool(training) and self.trainable
        if self.batch_statistics:
            mean, variance = x.mean(axis=0), x.var(axis=0)
            for moving, batch in ((self.moving_mean, mean), (self.moving_variance, variance)):
                moving *= self.momentum
                moving += (1.0 - self.momentum) * batch
        else:
            mean, variance = self.moving_mean, self.moving_variance
        self.inv_std = 1.0 / np.sqrt(variance + self.epsilon)
        self.x_hat = (x - mean) * self.inv_std
        return self.scale_and_shift(self.x_hat)

    def backward(self, grad, need_input_grad=True):
        """∂C/∂γ, ∂C/∂β into ``grads``; ∂C/∂x through the batch statistics in training."""
        grad_x_hat = self.scale_and_shift_backward(grad, need_input_grad)
        if grad_x_hat is None:
            return None
        if self.batch_statistics:
            return standardize_backward(grad_x_hat, self.x_hat, self.inv_std, axes=0)
        return grad_x_hat * self.inv_std


@register("LayerNormalization")
class LayerNormalization(ScaleAndShift):
    """Layer normalization (Ba, Kiros and Hinton 2016): each example is standardized over
    its own features, the same way in training and at inference.

    For each example, over the m values along ``axis``:

        μ = (1/m) Σᵢ xᵢ,   σ² = (1/m) Σᵢ (xᵢ − μ)²,   x̂ = (x − μ)/√(σ² + ε),
        y = γ ⊙ x̂ + β

    with γ and β of the shape of those axes.  ``rms_scaling=True`` is Keras's variant:
    y = γ ⊙ x/√(σ² + ε), not recentred, with no β (σ² is still the variance about μ).

    Backward, with s = 1/√(σ² + ε), u = ∂C/∂x̂ = γ ⊙ ∂C/∂y and means over the axes:

    - ∂C/∂γ = Σ ∂C/∂y ⊙ x̂ and ∂C/∂β = Σ ∂C/∂y, over the batch (and any axis not normalized);
    - ∂C/∂x = s ⊙ (u − mean(u) − x̂ ⊙ mean(u ⊙ x̂)), through μ and σ² as in
      BatchNormalization but per example;
    - with ``rms_scaling``: ∂C/∂x = s ⊙ u − s³ ⊙ (x − μ) ⊙ mean(u ⊙ x).

    ``axis`` is an integer or a list of them, never the batch axis 0.

    >>> import numpy as np
    >>> ln = LayerNormalization(beta_initializer="ones")
    >>> np.round(ln(np.arange(5.0)[None, :]), 5).tolist()     # Keras's test_output
    [[-0.41386, 0.29307, 1.0, 1.70693, 2.41386]]
    """

    _config_keys = ("axis", "epsilon", "center", "scale", "rms_scaling")

    def __init__(
        self,
        axis=-1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        rms_scaling: bool = False,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        **kwargs,
    ):
        super().__init__(epsilon, center, scale, beta_initializer, gamma_initializer,
                         beta_regularizer, gamma_regularizer, **kwargs)
        self._axes = axes("LayerNormalization axis", axis)
        self.axis = self._axes[0] if is_integer(axis) else list(self._axes)
        self.rms_scaling = boolean("LayerNormalization rms_scaling", rms_scaling)
        #: The positions of the normalized axes in the input, once built.
        self.normalized_axes: tuple | None = None
        self.centered = self.x = None

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        resolve_axes(self, self._axes, input_shape)
        check_built_shape(self, input_shape)
        return input_shape

    def create_weights(self, input_shape, dtype, rng):
        normalized = resolve_axes(self, self._axes, input_shape)
        rank = len(input_shape)
        self.normalized_axes = normalized
        self.shared_axes = tuple(d for d in range(rank) if d not in normalized)
        self.broadcast_shape = tuple(input_shape[d] if d in normalized else 1 for d in range(rank))
        self.add_scale_and_shift(tuple(input_shape[d] for d in normalized), rng,
                                 gamma=self.scale or self.rms_scaling,
                                 beta=self.center and not self.rms_scaling)

    def forward(self, x, training=False):
        """μ and σ² of each example over ``axis``, x̂, then y = γ ⊙ x̂ + β."""
        self.centered = x - x.mean(axis=self.normalized_axes, keepdims=True)
        variance = (self.centered * self.centered).mean(axis=self.normalized_axes, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(variance + self.epsilon)
        if self.rms_scaling:
            self.x = x
            self.x_hat = x * self.inv_std
        else:
            self.x_hat = self.centered * self.inv_std
        return self.scale_and_shift(self.x_hat)

    def backward(self, grad, need_input_grad=True):
        """∂C/∂γ, ∂C/∂β into ``grads``; ∂C/∂x through each example's μ and σ²."""
        u = self.scale_and_shift_backward(grad, need_input_grad)
        if u is None:
            return None
        if self.rms_scaling:
            mean_ux = (u * self.x).mean(axis=self.normalized_axes, keepdims=True)
            return self.inv_std * u - self.inv_std**3 * self.centered * mean_ux
        return standardize_backward(u, self.x_hat, self.inv_std, self.normalized_axes)


@register("Normalization")
class Normalization(Layer):
    """Feature standardization with statistics computed from data: y = (x − μ)/σ.

    μ and σ² are the mean and (biased) variance of the data given to :meth:`adapt`, one per
    index along ``axis`` (the axes kept; every other axis is averaged over), or are given
    as ``mean`` and ``variance``.  σ = max(√σ², 10⁻⁷), so a constant feature becomes 0.
    ``invert=True`` undoes a normalization: y = μ + x·σ.  Nothing is learned: adapted
    statistics are state (``mean``, ``variance`` and ``count``, the number of values each
    statistic was computed from), saved with the model and never given to the optimizer.
    Backward: ∂C/∂x = ∂C/∂y / σ (or ⊙ σ when inverted).

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

    ``adapt`` works on a built layer (it overwrites the statistics in place) and on an
    unbuilt one, which keeps them until it is built, so that they take the dtype of the
    model it joins.  Using the layer before it has statistics is an error.

    Parameters
    ----------
    axis : the axis or axes with a mean and variance per index (default -1, the features);
        None for a single mean and variance over every value.  Never the batch axis 0.
    mean, variance : the statistics, given together, broadcast to the kept axes (aligned
        from the right); the layer then holds no state and cannot be adapted.
    invert : apply y = μ + x·σ instead.
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
        (given, adapted but unbuilt, or built) fit ``input_shape``."""
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
        """μ, in the shape that broadcasts against the input (Keras's ``layer.mean``), or None
        before the layer has statistics."""
        statistics = self._statistics()
        return None if statistics is None else statistics[0]

    @property
    def variance(self) -> np.ndarray | None:
        """σ², like :attr:`mean`."""
        statistics = self._statistics()
        return None if statistics is None else statistics[1]

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
        """(μ, σ) with σ = max(√σ², 10⁻⁷), in the broadcast shape: y = (x − μ)/σ.

        Raises :class:`~lucidnet.NotReadyError` when the layer has no statistics yet."""
        statistics = self._statistics()
        if statistics is None:
            raise NotReadyError(
                f"{self.describe()} has no mean and variance yet: call its adapt(data) with "
                f"the training features before training or predicting, or construct it with "
                f"mean= and variance=."
            )
        mean, variance = statistics
        return mean, np.maximum(np.sqrt(variance), MIN_STD)

    def adapt(self, data) -> None:
        """Set μ and σ² to the mean and biased variance of ``data`` (an array, batch axis
        first, or anything ``np.asarray`` makes one of, such as a DataFrame), per index of
        the kept axes.  Computed in float64, stored in the layer's dtype.  Refused for a
        layer constructed with ``mean`` and ``variance``."""
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
    """``mean`` and ``variance`` as given to Normalization, checked, as plain JSON values
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
