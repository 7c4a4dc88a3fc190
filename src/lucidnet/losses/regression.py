"""Regression losses: squared, absolute, Huber, percentage, logarithmic, log-cosh and cosine errors,
each with its gradient and its Keras function (the loss of each example)."""

from __future__ import annotations

import numpy as np

from ..activations import l2_normalize, l2_normalize_backward, softplus
from ..config import epsilon
from ..validation import boolean, integer, positive_number
from .base import Loss, non_negative_targets, per_example, register


@register("mean_squared_error", "mse")
class MeanSquaredError(Loss):
    """Cₙ = (1/k) Σⱼ (yⱼ − ŷⱼ)²;  ∂Cₙ/∂ŷ = (2/k)(ŷ − y), over the k outputs.

    ```formula
    Cₙ = (1/k) Σⱼ (yⱼ − ŷⱼ)²,    ∂Cₙ/∂ŷ = (2/k)(ŷ − y)
    ```

    With `half_sum=True`, the textbook quadratic cost

    ```formula
    Cₙ = ½ Σⱼ (yⱼ − ŷⱼ)²,    ∂Cₙ/∂ŷ = ŷ − y
    ```

    whose gradient is simply ŷ − y: the ½ cancels the 2 of the derivative.

    Parameters
    ----------
    half_sum : bool
        Whether to take ½ Σⱼ instead of the mean over the outputs.
    **kwargs : dict
        `reduction`, `name` and `dtype`, as for [lucidnet.losses.Loss][].

    Examples
    --------
    >>> y, p = np.array([[1.0, 2.0]]), np.array([[0.0, 4.0]])
    >>> float(MeanSquaredError()(y, p)), float(MeanSquaredError(half_sum=True)(y, p))
    (2.5, 2.5)
    >>> MeanSquaredError(half_sum=True).gradient(y, p)
    array([[-1.,  2.]])
    """

    def __init__(self, half_sum: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.half_sum = boolean("MeanSquaredError half_sum", half_sum)

    def per_sample(self, y_true, y_pred):
        squared = (y_true - y_pred) ** 2
        return 0.5 * squared.sum(axis=-1) if self.half_sum else squared.mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        error = y_pred - y_true
        return error if self.half_sum else (2.0 / y_pred.shape[-1]) * error


@register("mean_absolute_error", "mae")
class MeanAbsoluteError(Loss):
    """Cₙ = (1/k) Σⱼ |yⱼ − ŷⱼ|;  ∂Cₙ/∂ŷ = sign(ŷ − y)/k.

    ```formula
    Cₙ = (1/k) Σⱼ |yⱼ − ŷⱼ|,    ∂Cₙ/∂ŷ = sign(ŷ − y) / k
    ```
    """

    def per_sample(self, y_true, y_pred):
        return np.abs(y_true - y_pred).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        return np.sign(y_pred - y_true) / y_pred.shape[-1]


@register("huber")
class Huber(Loss):
    """Quadratic near the target, linear far from it, with e = ŷ − y:

    ```formula
    Cₙ = (1/k) Σⱼ (½e² if |e| ≤ δ else δ(|e| − ½δ))
    ∂Cₙ/∂ŷ = (1/k)·clip(e, −δ, δ)
    ```
    """

    def __init__(self, delta: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.delta = positive_number("Huber delta", delta)

    def per_sample(self, y_true, y_pred):
        e = np.abs(y_pred - y_true)
        quadratic = np.minimum(e, self.delta)
        return (0.5 * quadratic**2 + self.delta * (e - quadratic)).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        return np.clip(y_pred - y_true, -self.delta, self.delta) / y_pred.shape[-1]


@register("mean_absolute_percentage_error", "mape")
class MeanAbsolutePercentageError(Loss):
    """Cₙ = (100/k) Σⱼ |yⱼ − ŷⱼ| / max(|yⱼ|, ε);  ∂Cₙ/∂ŷ = (100/k) sign(ŷ − y) / max(|y|, ε).

    ```formula
    Cₙ = (100/k) Σⱼ |yⱼ − ŷⱼ| / max(|yⱼ|, ε)
    ∂Cₙ/∂ŷ = (100/k) sign(ŷ − y) / max(|y|, ε)
    ```

    The error as a percentage of the target; ε = 10⁻⁷ keeps a zero target finite, as in Keras.

    Examples
    --------
    >>> float(MeanAbsolutePercentageError()(np.array([[2.0, 4.0]]), np.array([[1.0, 5.0]])))
    37.5
    """

    def per_sample(self, y_true, y_pred):
        return 100.0 * (np.abs(y_true - y_pred) / _floor_abs(y_true)).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        return (100.0 / y_pred.shape[-1]) * np.sign(y_pred - y_true) / _floor_abs(y_true)


def _floor_abs(y):
    """max(|y|, ε): the denominator of a relative error."""
    eps = epsilon()
    return np.maximum(np.abs(y), eps)


@register("mean_squared_logarithmic_error", "msle")
class MeanSquaredLogarithmicError(Loss):
    """Cₙ = (1/k) Σⱼ (ln(1 + ŷ⁺ⱼ) − ln(1 + y⁺ⱼ))² with v⁺ = max(v, ε), as in Keras;

    ∂Cₙ/∂ŷ = (2/k)(ln(1 + ŷ⁺) − ln(1 + y⁺)) / (1 + ŷ⁺) where ŷ > ε, else 0 (the floor is flat).
    Targets must be non-negative: the error of their logarithms is the point.

    Examples
    --------
    >>> round(float(MeanSquaredLogarithmicError()(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]]))), 6)
    0.240226
    """

    def check_targets(self, y):
        """Targets none negative (for `fit`; the loss itself reads y < ε as ε, as Keras)."""
        return non_negative_targets(self, y)

    def per_sample(self, y_true, y_pred):
        return (self._log_error(y_true, y_pred) ** 2).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        k = y_pred.shape[-1]
        slope = np.where(y_pred > eps, 1.0 / (1.0 + np.maximum(y_pred, eps)), 0.0)
        return ((2.0 / k) * self._log_error(y_true, y_pred) * slope).astype(y_pred.dtype)

    @staticmethod
    def _log_error(y_true, y_pred):
        eps = epsilon()
        return np.log1p(np.maximum(y_pred, eps)) - np.log1p(np.maximum(y_true, eps))


@register("log_cosh", "logcosh")
class LogCosh(Loss):
    """Cₙ = (1/k) Σⱼ ln cosh(ŷⱼ − yⱼ);  ∂Cₙ/∂ŷ = tanh(ŷ − y)/k.

    ```formula
    Cₙ = (1/k) Σⱼ ln cosh(ŷⱼ − yⱼ),    ∂Cₙ/∂ŷ = tanh(ŷ − y) / k
    ```

    Like ½e² for small errors and |e| − ln 2 for large ones.  Computed as
    e + softplus(−2e) − ln 2, which never overflows, as Keras does.

    Examples
    --------
    >>> round(float(LogCosh()(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]]))), 6)
    0.21689
    """

    def per_sample(self, y_true, y_pred):
        e = y_pred - y_true
        return (e + softplus(-2.0 * e) - np.log(2.0)).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        return np.tanh(y_pred - y_true) / y_pred.shape[-1]


@register("cosine_similarity")
class CosineSimilarity(Loss):
    """Cₙ = −Σⱼ ỹⱼ ŷ̃ⱼ with ṽ = v / max(‖v‖, ε) along `axis`: minus the cosine of the angle
    between target and prediction, so that −1 is a perfect match and 0 orthogonal.

    ∂Cₙ/∂ŷ = −(ỹ − ⟨ỹ, ŷ̃⟩ ŷ̃)/‖ŷ‖ (and −ỹ/ε where ‖ŷ‖ ≤ ε).  `axis` counts the axes of a
    batch (−1, the last, by default; 0, the batch axis, is refused); the loss has a value
    for each position along the other axes, as in Keras.

    Examples
    --------
    >>> round(float(CosineSimilarity()(np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([[1.0, 0.0], [1.0, 1.0]]))), 6)
    -0.5
    """

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = integer("CosineSimilarity axis", axis)
        if self.axis == 0:
            raise ValueError("CosineSimilarity axis must not be 0, the batch axis, got 0.")

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        t, u = l2_normalize(y_true, -1, eps), l2_normalize(y_pred, -1, eps)
        return -(t * u).sum(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        t, u = l2_normalize(y_true, -1, eps), l2_normalize(y_pred, -1, eps)
        return l2_normalize_backward(y_pred, u, -t, -1, eps).astype(y_pred.dtype, copy=False)


def mean_squared_error(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ (yⱼ − ŷⱼ)² for each example, as `keras.losses.mean_squared_error`.

    Examples
    --------
    >>> mean_squared_error([[1.0, 2.0]], [[0.0, 4.0]])
    array([2.5], dtype=float32)
    """
    return per_example(MeanSquaredError(), y_true, y_pred)


def mean_absolute_error(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ |yⱼ − ŷⱼ| for each example, as `keras.losses.mean_absolute_error`."""
    return per_example(MeanAbsoluteError(), y_true, y_pred)


def huber(y_true, y_pred, delta: float = 1.0) -> np.ndarray:
    """The Huber loss of each example (see [`Huber`][lucidnet.losses.Huber]), as `keras.losses.huber`."""
    return per_example(Huber(delta), y_true, y_pred)


def mean_absolute_percentage_error(y_true, y_pred) -> np.ndarray:
    """Cₙ = (100/k) Σⱼ |yⱼ − ŷⱼ| / max(|yⱼ|, ε) for each example (see
    [`MeanAbsolutePercentageError`][lucidnet.losses.MeanAbsolutePercentageError]), as `keras.losses.mean_absolute_percentage_error`."""
    return per_example(MeanAbsolutePercentageError(), y_true, y_pred)


def mean_squared_logarithmic_error(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ (ln(1 + ŷⱼ) − ln(1 + yⱼ))² for each example (see
    [`MeanSquaredLogarithmicError`][lucidnet.losses.MeanSquaredLogarithmicError]), as `keras.losses.mean_squared_logarithmic_error`."""
    return per_example(MeanSquaredLogarithmicError(), y_true, y_pred)


def log_cosh(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ ln cosh(ŷⱼ − yⱼ) for each example (see [`LogCosh`][lucidnet.losses.LogCosh]), as
    `keras.losses.log_cosh`."""
    return per_example(LogCosh(), y_true, y_pred)


def cosine_similarity(y_true, y_pred, axis: int = -1) -> np.ndarray:
    """Cₙ = −cos(y, ŷ) for each example (see [`CosineSimilarity`][lucidnet.losses.CosineSimilarity]), as
    `keras.losses.cosine_similarity`.

    Examples
    --------
    >>> cosine_similarity([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]).round(6) + 0.0
    array([ 0., -1.,  1.], dtype=float32)
    """
    return per_example(CosineSimilarity(axis), y_true, y_pred)
