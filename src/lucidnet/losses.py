"""Cost functions C(y, ŷ), each with its gradient ∇_ŷ C beside it.

Every loss is a small class with

- ``per_sample(y, p)``: the loss of each example, shape ``(N,)``;
- ``__call__(y, p, sample_weight=None)``: the cost of the batch, C = (1/N) Σₙ wₙ Cₙ;
- ``gradient(y, p, sample_weight=None)``: ∇_ŷ C of that mean, the ∇ₐC that enters BP1.

Cross-entropies also know the output activation they pair with (``fused_activation``).
When the network ends in that activation, BP1's product ∇ₐC ⊙ σ'(zᴸ) collapses to the
short and numerically stable δᴸ = (a − y)/N, given by ``output_delta``; the same
expression is the gradient with respect to the logits when ``from_logits=True``.

Keras's function-style losses are here too, under its names (:func:`mean_squared_error`,
:func:`sparse_categorical_crossentropy`, ...): each returns Cₙ for every example, from the
class of the same loss (:func:`per_example`).
"""

from __future__ import annotations

import functools

import numpy as np

from .activations import log_softmax, sigmoid, softmax
from .config import floatx
from .registry import Named, Registry, serialize
from .validation import (
    as_array,
    as_output_batch,
    boolean,
    check_finite,
    positive_number,
    rows_summing_to_one,
    same_length,
    values_within,
)

#: Probabilities are clipped to [ε, 1 − ε] inside logarithms, as Keras does, so log 0 never occurs.
EPSILON = 1e-7


def _batch_weights(sample_weight, n, dtype):
    """The factor wₙ/N applied to each example's gradient, shaped to broadcast over outputs."""
    if sample_weight is None:
        return dtype.type(1.0 / n)
    return (np.asarray(sample_weight, dtype=dtype) / n).reshape(n, 1)


class Loss(Named):
    """Base class.  Subclasses implement ``per_sample`` and ``gradient_unweighted``."""

    #: The output activation whose pairing with this loss gives δᴸ = (a − y)/N.
    fused_activation: str | None = None
    #: True when targets are integer class indices rather than arrays shaped like ŷ.
    sparse_targets = False
    from_logits = False

    def __call__(self, y_true, y_pred, sample_weight=None) -> float:
        """C = (1/N) Σₙ wₙ Cₙ (with wₙ = 1 when no sample weights are given)."""
        losses = self.per_sample(y_true, y_pred)
        if sample_weight is not None:
            losses = losses * np.asarray(sample_weight, dtype=losses.dtype)
        return float(losses.mean())

    def per_sample(self, y_true, y_pred):
        raise NotImplementedError

    def gradient(self, y_true, y_pred, sample_weight=None):
        """∇_ŷ C for C the (weighted) batch mean: the ∇ₐC of BP1."""
        n = len(y_pred)
        return self.gradient_unweighted(y_true, y_pred) * _batch_weights(
            sample_weight, n, y_pred.dtype
        )

    def gradient_unweighted(self, y_true, y_pred):
        """∂Cₙ/∂ŷₙ for each example (no 1/N, no weights)."""
        raise NotImplementedError

    def output_delta(self, y_true, a, sample_weight=None):
        """δᴸ = ∂C/∂zᴸ = (a − y)·wₙ/N for the fused activation (or the logits)."""
        raise TypeError(f"{self.name} has no fused output activation.")

    def fuses_with(self, activation) -> bool:
        """True when ``activation`` is exactly the standard function this loss fuses with, so
        that δᴸ = ∇ₐC ⊙ σ'(zᴸ) may be replaced by :meth:`output_delta`."""
        return (
            not self.from_logits
            and activation.registry_name == self.fused_activation
            and activation.get_config() == _default_config(type(activation))
        )

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Check targets against the network's output and convert them; raise a clear error.

        ``output_shape`` is the output's shape without the batch axis; ``where`` names the
        output layer for messages.
        """
        y = np.asarray(y)
        if y.dtype.kind not in "biuf":
            raise TypeError(
                f"{self.name} expects numeric targets, got an array of dtype {y.dtype}."
            )
        units = output_shape[-1]
        if y.ndim == 1 and len(output_shape) == 1 and units == 1:
            y = y.reshape(-1, 1)
        if y.shape[1:] != tuple(output_shape):
            hint = ""
            if y.ndim == 1 and units > 1:
                hint = (
                    " Hint: these look like integer labels; one-hot encode them with "
                    "lucidnet.utils.to_categorical(y, num_classes) or use "
                    "loss='sparse_categorical_crossentropy'."
                )
            raise ValueError(
                f"{self.name} expects targets shaped like the output of {where}, "
                f"(batch, {', '.join(map(str, output_shape))}), got shape {y.shape}.{hint}"
            )
        return y.astype(dtype, copy=False)


def _label_hint(y: np.ndarray, loss: str) -> str:
    """The loss that fits targets ``y`` refused by ``loss``, when their form suggests one."""
    if not len(y) or not np.all(y == np.round(y)) or y.min() < 0:
        return ""
    if y.max() > 1:
        return ("Hint: these look like integer class labels: use "
                "loss='sparse_categorical_crossentropy' with one softmax output per class.")
    if loss != "binary_crossentropy" and y.ndim == 2 and (y.sum(axis=-1) > 1).any():
        return ("Hint: rows with several 1s look like multi-label targets: use "
                "loss='binary_crossentropy' with a sigmoid output.")
    return ""


@functools.cache  # asked at every training step, and a class's defaults are fixed
def _default_config(cls) -> dict:
    """The config of ``cls()``: what an activation left at its defaults reports."""
    return cls().get_config()


LOSSES = Registry("loss", Loss)
register = LOSSES.register


@register("mean_squared_error", "mse")
class MeanSquaredError(Loss):
    """Cₙ = (1/k) Σⱼ (yⱼ − ŷⱼ)²;  ∂Cₙ/∂ŷ = (2/k)(ŷ − y), over the k outputs.

    With ``half_sum=True``, the textbook quadratic cost Cₙ = ½ Σⱼ (yⱼ − ŷⱼ)², whose
    gradient is simply ŷ − y: the ½ cancels the 2 of the derivative.

    >>> y, p = np.array([[1.0, 2.0]]), np.array([[0.0, 4.0]])
    >>> MeanSquaredError()(y, p), MeanSquaredError(half_sum=True)(y, p)
    (2.5, 2.5)
    >>> MeanSquaredError(half_sum=True).gradient(y, p)
    array([[-1.,  2.]])
    """

    def __init__(self, half_sum: bool = False):
        self.half_sum = boolean("MeanSquaredError half_sum", half_sum)

    def per_sample(self, y_true, y_pred):
        squared = (y_true - y_pred) ** 2
        return 0.5 * squared.sum(axis=-1) if self.half_sum else squared.mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        error = y_pred - y_true
        return error if self.half_sum else (2.0 / y_pred.shape[-1]) * error


@register("mean_absolute_error", "mae")
class MeanAbsoluteError(Loss):
    """Cₙ = (1/k) Σⱼ |yⱼ − ŷⱼ|;  ∂Cₙ/∂ŷ = sign(ŷ − y)/k."""

    def per_sample(self, y_true, y_pred):
        return np.abs(y_true - y_pred).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        return np.sign(y_pred - y_true) / y_pred.shape[-1]


@register("huber")
class Huber(Loss):
    """Quadratic near the target, linear far from it, with e = ŷ − y:

    Cₙ = (1/k) Σⱼ ½e² if |e| ≤ δ else δ(|e| − ½δ);  ∂Cₙ/∂ŷ = (1/k)·clip(e, −δ, δ).
    """

    def __init__(self, delta: float = 1.0):
        self.delta = positive_number("Huber delta", delta)

    def per_sample(self, y_true, y_pred):
        e = np.abs(y_pred - y_true)
        quadratic = np.minimum(e, self.delta)
        return (0.5 * quadratic**2 + self.delta * (e - quadratic)).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        return np.clip(y_pred - y_true, -self.delta, self.delta) / y_pred.shape[-1]


@register("binary_crossentropy", "bce")
class BinaryCrossentropy(Loss):
    """Cₙ = −(1/k) Σⱼ [yⱼ ln ŷⱼ + (1 − yⱼ) ln(1 − ŷⱼ)], each output an independent yes/no.

    ∂Cₙ/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) / k.  After a sigmoid output the σ'(z) = ŷ(1 − ŷ) factor
    cancels and δᴸ = (ŷ − y)/k per example.  With ``from_logits=True`` the inputs are z and
    Cₙ = (1/k) Σⱼ [max(z, 0) − zy + ln(1 + e^{−|z|})], the same value computed without
    overflow.  Used for binary and multi-label (non-exclusive) classification.
    """

    fused_activation = "sigmoid"

    def __init__(self, from_logits: bool = False):
        self.from_logits = boolean(f"{type(self).__name__} from_logits", from_logits)

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, each a 0/1 label or a probability in [0, 1]."""
        y = super().prepare_targets(y, output_shape, dtype, where)
        values_within(f"{self.name} y", y, 0, 1, _label_hint(y, self.name))
        return y

    def per_sample(self, y_true, y_pred):
        if self.from_logits:
            z = y_pred
            elementwise = np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))
        else:
            p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
            elementwise = -(y_true * np.log(p) + (1.0 - y_true) * np.log1p(-p))
        return elementwise.mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        k = y_pred.shape[-1]
        if self.from_logits:
            return (sigmoid(y_pred) - y_true) / k
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        inside = (y_pred > EPSILON) & (y_pred < 1.0 - EPSILON)  # the clip's gradient is 0 outside
        return np.where(inside, (p - y_true) / (p * (1.0 - p)), 0.0).astype(y_pred.dtype) / k

    def output_delta(self, y_true, a, sample_weight=None):
        if self.from_logits:
            a = sigmoid(a)
        return (a - y_true) * (_batch_weights(sample_weight, len(a), a.dtype) / a.shape[-1])


@register("categorical_crossentropy", "cce")
class CategoricalCrossentropy(Loss):
    """Cₙ = −Σⱼ yⱼ ln ŷⱼ, for one-hot (or soft) targets over mutually exclusive classes.

    ∂Cₙ/∂ŷⱼ = −yⱼ/ŷⱼ.  After a softmax output the product with the softmax Jacobian
    collapses to δᴸ = ŷ − y per example.  With ``from_logits=True`` the inputs are z and
    Cₙ = −Σⱼ yⱼ (zⱼ − log Σᵢ e^{zᵢ}), computed with the log-sum-exp shift.

    Target [1, 0]: a confident right prediction [0.9, 0.1] costs −ln 0.9 ≈ 0.105, the
    confident wrong one [0.1, 0.9] costs −ln 0.1 ≈ 2.303.  Written with base-10 logarithms,
    as some tutorials do, the same costs are 0.046 and 1:

    >>> import math
    >>> cce, y = CategoricalCrossentropy(), np.array([[1.0, 0.0]])
    >>> round(cce(y, np.array([[0.9, 0.1]])), 3), round(cce(y, np.array([[0.1, 0.9]])), 3)
    (0.105, 2.303)
    >>> round(cce(y, np.array([[0.9, 0.1]])) / math.log(10), 3), round(cce(y, np.array([[0.1, 0.9]])) / math.log(10), 3)
    (0.046, 1.0)
    """

    fused_activation = "softmax"

    def __init__(self, from_logits: bool = False):
        self.from_logits = boolean(f"{type(self).__name__} from_logits", from_logits)

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, each row one-hot or a probability distribution
        (the δᴸ = ŷ − y shortcut holds only when Σⱼ yⱼ = 1)."""
        y = super().prepare_targets(y, output_shape, dtype, where)
        hint = _label_hint(y, self.name)
        values_within(f"{self.name} y", y, 0, 1, hint)
        rows_summing_to_one(f"{self.name} y", y, hint)
        return y

    def per_sample(self, y_true, y_pred):
        if self.from_logits:
            return -(y_true * log_softmax(y_pred)).sum(axis=-1)
        return -(y_true * np.log(np.clip(y_pred, EPSILON, 1.0 - EPSILON))).sum(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        if self.from_logits:
            return softmax(y_pred) * y_true.sum(axis=-1, keepdims=True) - y_true
        inside = (y_pred > EPSILON) & (y_pred < 1.0 - EPSILON)
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        return np.where(inside, -y_true / p, 0.0).astype(y_pred.dtype)

    def output_delta(self, y_true, a, sample_weight=None):
        if self.from_logits:
            a = softmax(a)
        # (a − y) assumes Σⱼ yⱼ = 1 (one-hot or a probability vector), as softmax targets are.
        return (a - y_true) * _batch_weights(sample_weight, len(a), a.dtype)


@register("sparse_categorical_crossentropy", "scce")
class SparseCategoricalCrossentropy(Loss):
    """Cₙ = −ln ŷ_{yₙ}: categorical cross-entropy with the target given as a class index.

    Identical to one-hot encoding yₙ and using :class:`CategoricalCrossentropy`, without
    building the one-hot matrix.  After softmax, δᴸ = ŷ − onehot(y) per example.
    """

    fused_activation = "softmax"
    sparse_targets = True

    def __init__(self, from_logits: bool = False):
        self.from_logits = boolean(f"{type(self).__name__} from_logits", from_logits)

    def per_sample(self, y_true, y_pred):
        rows = np.arange(len(y_pred))
        if self.from_logits:
            return -log_softmax(y_pred)[rows, y_true]
        return -np.log(np.clip(y_pred[rows, y_true], EPSILON, 1.0 - EPSILON))

    def gradient_unweighted(self, y_true, y_pred):
        rows = np.arange(len(y_pred))
        if self.from_logits:
            grad = softmax(y_pred)
            grad[rows, y_true] -= 1.0
            return grad
        grad = np.zeros_like(y_pred)
        p = y_pred[rows, y_true]
        inside = (p > EPSILON) & (p < 1.0 - EPSILON)
        grad[rows, y_true] = np.where(inside, -1.0 / np.clip(p, EPSILON, 1.0), 0.0)
        return grad

    def output_delta(self, y_true, a, sample_weight=None):
        delta = softmax(a) if self.from_logits else a.copy()
        delta[np.arange(len(a)), y_true] -= 1.0
        delta *= _batch_weights(sample_weight, len(a), a.dtype)
        return delta

    def prepare_targets(self, y, output_shape, dtype, where: str):
        y = np.asarray(y)
        units = output_shape[-1]
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1:
            hint = ""
            if y.ndim == 2 and y.shape[1] == units:
                hint = (
                    " Hint: these look one-hot encoded; use "
                    "loss='categorical_crossentropy' for one-hot targets."
                )
            raise ValueError(
                f"{self.name} expects one integer class label per example, shape (batch,) "
                f"or (batch, 1), got shape {y.shape}.{hint}"
            )
        if y.dtype.kind not in "biuf" or (y.dtype.kind == "f" and not np.all(y == np.round(y))):
            raise ValueError(
                f"{self.name} expects integer class labels, got values of dtype {y.dtype}"
                f"{' that are not whole numbers' if y.dtype.kind == 'f' else ''}."
            )
        if len(y) and (y.min() < 0 or y.max() >= units):
            raise ValueError(
                f"{self.name} expects labels in [0, {units}) for the {units} output units "
                f"of {where}, got labels from {y.min():g} to {y.max():g}."
            )
        return y.astype(np.intp)


# -- Keras's functions: the loss of each example, Cₙ, without the mean over the batch -----------
def per_example(loss: Loss, y_true, y_pred) -> np.ndarray:
    """Cₙ for each example, shape (N,), with the targets checked as ``fit`` checks them.

    ``y_pred`` is a batch of outputs of shape (N, k); ``y_true`` is shaped like it, or holds
    one class label per example for a sparse loss.  The result has ``y_pred``'s float dtype.
    """
    y_pred = as_output_batch(f"{loss.name} y_pred", y_pred, floatx())
    y_true = as_array(f"{loss.name} y_true", y_true)
    same_length(f"{loss.name} y_true", y_true, f"{loss.name} y_pred", y_pred)
    y_true = loss.prepare_targets(y_true, y_pred.shape[1:], y_pred.dtype, "y_pred")
    check_finite(f"{loss.name} y_true", y_true)
    return loss.per_sample(y_true, y_pred)


def mean_squared_error(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ (yⱼ − ŷⱼ)² for each example, as ``keras.losses.mean_squared_error``.

    >>> mean_squared_error([[1.0, 2.0]], [[0.0, 4.0]])
    array([2.5])
    """
    return per_example(MeanSquaredError(), y_true, y_pred)


def mean_absolute_error(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ |yⱼ − ŷⱼ| for each example, as ``keras.losses.mean_absolute_error``."""
    return per_example(MeanAbsoluteError(), y_true, y_pred)


def huber(y_true, y_pred, delta: float = 1.0) -> np.ndarray:
    """The Huber loss of each example (see :class:`Huber`), as ``keras.losses.huber``."""
    return per_example(Huber(delta), y_true, y_pred)


def binary_crossentropy(y_true, y_pred, from_logits: bool = False) -> np.ndarray:
    """Cₙ = −(1/k) Σⱼ [yⱼ ln ŷⱼ + (1 − yⱼ) ln(1 − ŷⱼ)] for each example (see
    :class:`BinaryCrossentropy`), as ``keras.losses.binary_crossentropy``."""
    return per_example(BinaryCrossentropy(from_logits), y_true, y_pred)


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False) -> np.ndarray:
    """Cₙ = −Σⱼ yⱼ ln ŷⱼ for each example, with one-hot targets (see
    :class:`CategoricalCrossentropy`), as ``keras.losses.categorical_crossentropy``."""
    return per_example(CategoricalCrossentropy(from_logits), y_true, y_pred)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False) -> np.ndarray:
    """Cₙ = −ln ŷ_{yₙ} for each example, with integer labels (see
    :class:`SparseCategoricalCrossentropy`), as ``keras.losses.sparse_categorical_crossentropy``.

    >>> sparse_categorical_crossentropy([0, 1], [[0.9, 0.1], [0.9, 0.1]]).round(3)
    array([0.105, 2.303])
    """
    return per_example(SparseCategoricalCrossentropy(from_logits), y_true, y_pred)


def get(identifier) -> Loss:
    """A :class:`Loss` from a name (``"mse"``), an instance, a class or a config dict."""
    return LOSSES.get(identifier)


def names() -> list[str]:
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
]
