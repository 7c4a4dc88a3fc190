"""BatchNormalization: each feature standardized by the batch's statistics in training,
by their moving averages (state) at inference and when frozen; then y = γ ⊙ x̂ + β."""

from __future__ import annotations

import numpy as np

from .. import initializers
from ..registry import resolve
from ..tensor import wrap
from ..validation import boolean, integer, number
from .base import register
from .standardization import (
    ScaleAndShift,
    check_built_shape,
    resolve_axes,
    standardize_backward,
)


@register("BatchNormalization")
class BatchNormalization(ScaleAndShift):
    """Batch normalization (Ioffe and Szegedy 2015), one feature per position along `axis`.

    In training, per feature j over the N examples of the batch (and, for inputs of rank
    above 2 such as images, over every axis but `axis`, as Keras computes per channel):

    ```formula
    μⱼ = (1/N) Σₙ xₙⱼ,    σⱼ² = (1/N) Σₙ (xₙⱼ − μⱼ)²
    x̂ = (x − μ) / √(σ² + ε),    y = γ ⊙ x̂ + β
    ```

    The variance is the biased one, as in Keras.  The moving statistics, state that the
    optimizer never sees, follow the batch's:

    ```formula
    moving_mean ← moving_mean·momentum + μ·(1 − momentum)
    moving_variance ← moving_variance·momentum + σ²·(1 − momentum)
    ```

    At inference (`training=False`: `predict`, `evaluate`) μ and σ² are the moving
    statistics.  As in Keras 3, a frozen layer (`trainable=False`) runs in inference mode
    even in training: it normalizes with its moving statistics and leaves them unchanged
    (the usual choice when fine-tuning a model on a new, small data set).

    Backward, with s = 1/√(σ² + ε) and ∂C/∂x̂ = γ ⊙ ∂C/∂y:

    ```formula
    ∂C/∂γ = Σₙ ∂C/∂yₙ ⊙ x̂ₙ,    ∂C/∂β = Σₙ ∂C/∂yₙ
    ∂C/∂x = s ⊙ (∂C/∂x̂ − meanₙ ∂C/∂x̂ − x̂ ⊙ meanₙ(∂C/∂x̂ ⊙ x̂))    in training
    ∂C/∂x = s ⊙ ∂C/∂x̂    at inference
    ```

    The first two are the analogues of BP4 and BP3.  In training the gradient flows through
    the batch statistics too (every example's μ and σ² depend on all of them); at inference
    μ and σ² are constants.

    The means above then run over those axes too, and so do the sums of ∂C/∂γ and ∂C/∂β.

    Examples
    --------
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
    axis : int
        The features axis (-1, the last, by default; never the batch axis 0).
    momentum : float
        In [0, 1]; 0 keeps only the last batch's statistics.
    epsilon : float
        ε > 0, added to the variance.
    center, scale : bool
        Whether to learn β and γ (when False, β = 0 and γ = 1).
    beta_initializer, gamma_initializer : str or Initializer
        The initial β and γ (`"zeros"` and `"ones"`).
    moving_mean_initializer, moving_variance_initializer : str or Initializer
        The initial moving statistics (`"zeros"` and `"ones"`).
    beta_regularizer, gamma_regularizer : str, Regularizer or None
        Optional penalties R(β) and R(γ).
    synchronized : bool
        Only False.  In distributed training each rank normalizes with the statistics of its
        share of the batch and follows them with its own moving statistics (rank 0's are
        saved), as Keras does with `synchronized=False`.
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
        self.moving_mean_initializer = resolve("moving_mean_initializer", initializers.get,
                                               moving_mean_initializer)
        self.moving_variance_initializer = resolve("moving_variance_initializer", initializers.get,
                                                   moving_variance_initializer)
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
        """The moving average of the batch means (state), one per feature: a live
        `Tensor` view."""
        return wrap(self._named_weight("moving_mean"))

    @property
    def moving_variance(self) -> np.ndarray | None:
        """The moving average of the batch variances (state), one per feature (a live view)."""
        return wrap(self._named_weight("moving_variance"))

    def compute_output_shape(self, input_shape):
        input_shape = self.batched_shape(input_shape)
        resolve_axes(self, (self.axis,), input_shape)
        check_built_shape(self, input_shape)
        return input_shape

    def create_weights(self, input_shape, dtype, rng):
        (feature_axis,) = resolve_axes(self, (self.axis,), input_shape)
        rank = len(input_shape)
        features = (input_shape[feature_axis],)
        #: The axes the statistics run over: all but the features axis.
        self.shared_axes = tuple(d for d in range(rank) if d != feature_axis)
        self.broadcast_shape = tuple(input_shape[d] if d == feature_axis else 1
                                     for d in range(rank))
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
            mean = x.mean(axis=self.shared_axes, keepdims=True)
            variance = x.var(axis=self.shared_axes, keepdims=True)
            moving_mean = self._named_weight("moving_mean")  # both updated in place
            moving_variance = self._named_weight("moving_variance")
            for moving, batch in ((moving_mean, mean), (moving_variance, variance)):
                moving *= self.momentum
                moving += (1.0 - self.momentum) * batch.reshape(moving.shape)
        else:
            mean = self._named_weight("moving_mean").reshape(self.broadcast_shape)
            variance = self._named_weight("moving_variance").reshape(self.broadcast_shape)
        self.inv_std = 1.0 / np.sqrt(variance + self.epsilon)
        self.x_hat = (x - mean) * self.inv_std
        return self.scale_and_shift(self.x_hat)

    def backward(self, grad, need_input_grad=True):
        """∂C/∂γ, ∂C/∂β into `grads`; ∂C/∂x through the batch statistics in training."""
        grad_x_hat = self.scale_and_shift_backward(grad, need_input_grad)
        if grad_x_hat is None:
            return None
        if self.batch_statistics:
            return standardize_backward(grad_x_hat, self.x_hat, self.inv_std, self.shared_axes)
        return grad_x_hat * self.inv_std
