"""The cross-entropies, binary, categorical and sparse, with the output activation each fuses with
(δᴸ = (a − y)/N after a sigmoid or softmax), and their Keras functions."""

from __future__ import annotations

import numpy as np

from ..activations import log_softmax, sigmoid, softmax
from ..config import epsilon
from ..validation import boolean
from .base import Loss, batch_weights, distribution_targets, per_example, probability_targets, register


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
        return probability_targets(self, super().prepare_targets(y, output_shape, dtype, where))

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        if self.from_logits:
            z = y_pred
            elementwise = np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))
        else:
            p = np.clip(y_pred, eps, 1.0 - eps)
            elementwise = -(y_true * np.log(p) + (1.0 - y_true) * np.log1p(-p))
        return elementwise.mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        k = y_pred.shape[-1]
        if self.from_logits:
            return (sigmoid(y_pred) - y_true) / k
        p = np.clip(y_pred, eps, 1.0 - eps)
        inside = (y_pred > eps) & (y_pred < 1.0 - eps)  # the clip's gradient is 0 outside
        return np.where(inside, (p - y_true) / (p * (1.0 - p)), 0.0).astype(y_pred.dtype) / k

    def output_delta(self, y_true, a, sample_weight=None):
        if self.from_logits:
            a = sigmoid(a)
        return (a - y_true) * (batch_weights(sample_weight, len(a), a.dtype) / a.shape[-1])


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
        return distribution_targets(self, super().prepare_targets(y, output_shape, dtype, where))

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        if self.from_logits:
            return -(y_true * log_softmax(y_pred)).sum(axis=-1)
        return -(y_true * np.log(np.clip(y_pred, eps, 1.0 - eps))).sum(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        if self.from_logits:
            return softmax(y_pred) * y_true.sum(axis=-1, keepdims=True) - y_true
        inside = (y_pred > eps) & (y_pred < 1.0 - eps)
        p = np.clip(y_pred, eps, 1.0 - eps)
        return np.where(inside, -y_true / p, 0.0).astype(y_pred.dtype)

    def output_delta(self, y_true, a, sample_weight=None):
        if self.from_logits:
            a = softmax(a)
        # (a − y) assumes Σⱼ yⱼ = 1 (one-hot or a probability vector), as softmax targets are.
        return (a - y_true) * batch_weights(sample_weight, len(a), a.dtype)


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
        eps = epsilon()
        rows = np.arange(len(y_pred))
        if self.from_logits:
            return -log_softmax(y_pred)[rows, y_true]
        return -np.log(np.clip(y_pred[rows, y_true], eps, 1.0 - eps))

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        rows = np.arange(len(y_pred))
        if self.from_logits:
            grad = softmax(y_pred)
            grad[rows, y_true] -= 1.0
            return grad
        grad = np.zeros_like(y_pred)
        p = y_pred[rows, y_true]
        inside = (p > eps) & (p < 1.0 - eps)
        grad[rows, y_true] = np.where(inside, -1.0 / np.clip(p, eps, 1.0), 0.0)
        return grad

    def output_delta(self, y_true, a, sample_weight=None):
        delta = softmax(a) if self.from_logits else a.copy()
        delta[np.arange(len(a)), y_true] -= 1.0
        delta *= batch_weights(sample_weight, len(a), a.dtype)
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
