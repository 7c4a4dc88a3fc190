"""The cross-entropies, binary, categorical and sparse, with the output activation each fuses with
(δᴸ = (a − y)/N after a sigmoid or softmax), and their Keras functions.

Each takes Keras's options: `from_logits`, `label_smoothing` s (binary: y ← y(1 − s) + s/2;
categorical: y ← y(1 − s) + s/K over K classes), `axis` (the axis of the classes) and, for
the sparse one, `ignore_class` (labels of that value count for nothing, and the mean is over
the others).  Probabilities given to the categorical ones are divided by their sum first, as
Keras does, so rows that do not sum to 1 are read as the distribution they are proportional to.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..activations import log_softmax, sigmoid, softmax
from ..config import epsilon
from ..validation import boolean, integer, number, optional
from .base import (Loss, at_labels, clip, distribution_targets, numeric_array, per_example,
                   probability_targets, register)


def normalized(p):
    """(o, Σp): each row of probabilities divided by its sum, and the sums."""
    total = p.sum(axis=-1, keepdims=True)
    return p / total, total


def through_normalization(g, o, total):
    """∂C/∂ŷ from g = ∂C/∂o for o = ŷ/Σŷ: (g − ⟨g, o⟩)/Σŷ."""
    return (g - (g * o).sum(axis=-1, keepdims=True)) / total


def warn_single_class(loss: Loss, y_pred) -> None:
    """Keras's warning for a categorical loss given one class (a cross-entropy of 0)."""
    if y_pred.shape[-1] == 1:
        warnings.warn(
            f"In loss {loss.name}, expected y_pred.shape to be (batch_size, num_classes) with "
            f"num_classes > 1. Received: y_pred.shape={y_pred.shape}. Consider using "
            "'binary_crossentropy' if you only have 2 classes.", SyntaxWarning, stacklevel=4)


def smoothing(name: str, value) -> float:
    """A label smoothing s in [0, 1]."""
    return number(f"{name} label_smoothing", value, at_least=0, at_most=1)


class SmoothedCrossentropy(Loss):
    """The options the binary and categorical cross-entropies share: `from_logits`,
    `label_smoothing` (each subclass's `smooth` applies it) and `axis`, that of the classes."""

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 **kwargs):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.from_logits = boolean(f"{name} from_logits", from_logits)
        self.label_smoothing = smoothing(name, label_smoothing)
        self.axis = integer(f"{name} axis", axis)

    def smooth(self, y):
        """The smoothed targets."""
        raise NotImplementedError


@register("binary_crossentropy", "bce")
class BinaryCrossentropy(SmoothedCrossentropy):
    """Cₙ = −(1/k) Σⱼ [yⱼ ln ŷⱼ + (1 − yⱼ) ln(1 − ŷⱼ)], each output an independent yes/no.

    ```formula
    Cₙ = −(1/k) Σⱼ [yⱼ ln ŷⱼ + (1 − yⱼ) ln(1 − ŷⱼ)]
    ∂Cₙ/∂ŷ = (ŷ − y) / (k ŷ(1 − ŷ))
    ```

    After a sigmoid output the σ'(z) = ŷ(1 − ŷ) factor cancels and δᴸ = (ŷ − y)/k per
    example.  With `from_logits=True` the inputs are z and
    Cₙ = (1/k) Σⱼ [max(z, 0) − zy + ln(1 + e^{−|z|})], the same value computed without
    overflow.  Used for binary and multi-label (non-exclusive) classification.

    Parameters
    ----------
    from_logits : bool
        Whether the predictions are logits z rather than probabilities.
    label_smoothing : float
        The smoothing s in [0, 1], which replaces y by y(1 − s) + s/2.
    axis : int
        The axis of the outputs that the mean runs over.
    **kwargs : dict
        `reduction`, `name` and `dtype`, as for [lucidnet.losses.Loss][].

    Examples
    --------
    >>> round(float(BinaryCrossentropy(from_logits=True, label_smoothing=0.1)([[1, 0, 1]], [[10.0, -10.0, -10.0]])), 4)
    3.5
    """

    fused_activation = "sigmoid"

    def check_targets(self, y):
        """Targets each a 0/1 label or a probability in [0, 1]."""
        return probability_targets(self, y)

    def smooth(self, y):
        s = self.label_smoothing
        return y * (1.0 - s) + 0.5 * s if s else y

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        y = self.smooth(y_true)
        if self.from_logits:
            z = y_pred
            elementwise = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        else:
            p = clip(y_pred, eps, 1.0 - eps)
            elementwise = -(y * np.log(p) + (1.0 - y) * np.log1p(-p))
        return elementwise.mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        y = self.smooth(y_true)
        k = y_pred.shape[-1]
        if self.from_logits:
            return (sigmoid(y_pred) - y) / k
        p = clip(y_pred, eps, 1.0 - eps)
        inside = (y_pred > eps) & (y_pred < 1.0 - eps)  # the clip's gradient is 0 outside
        return np.where(inside, (p - y) / (p * (1.0 - p)), 0.0).astype(y_pred.dtype) / k

    def output_delta(self, y_true, a, sample_weight=None):
        """δᴸ = (σ(z) − y)·(∂C/∂Cₙ)/k, y smoothed."""
        weights = self.value_weights(y_true, a, sample_weight)
        if self.from_logits:
            a = sigmoid(a)
        return (a - self.smooth(y_true)) * (weights / a.shape[-1])


@register("categorical_crossentropy", "cce")
class CategoricalCrossentropy(SmoothedCrossentropy):
    """Cₙ = −Σⱼ yⱼ ln oⱼ with o = clip(ŷ/Σᵢŷᵢ, ε, 1 − ε), for one-hot (or soft) targets over
    mutually exclusive classes (the division is Keras's: a softmax output sums to 1 already).

    ```formula
    Cₙ = −Σⱼ yⱼ ln oⱼ,    o = clip(ŷ/Σᵢŷᵢ, ε, 1 − ε)
    ∂Cₙ/∂ŷ = (g − ⟨g, o⟩) / Σᵢŷᵢ,    g = −y/o
    ```

    (g is 0 outside the clip.)  After a softmax output the product with the softmax Jacobian
    collapses to δᴸ = ŷ − y per example (for targets that sum to 1).  With
    `from_logits=True` the inputs are z and Cₙ = −Σⱼ yⱼ (zⱼ − log Σᵢ e^{zᵢ}), computed with
    the log-sum-exp shift.

    Parameters
    ----------
    from_logits : bool
        Whether the predictions are logits z rather than probabilities.
    label_smoothing : float
        The smoothing s in [0, 1], which replaces y by y(1 − s) + s/K over the K classes.
    axis : int
        The axis of the classes.
    **kwargs : dict
        `reduction`, `name` and `dtype`, as for [lucidnet.losses.Loss][].

    Examples
    --------
    Target [1, 0]: a confident right prediction [0.9, 0.1] costs −ln 0.9 ≈ 0.105, the
    confident wrong one [0.1, 0.9] costs −ln 0.1 ≈ 2.303.  Written with base-10 logarithms,
    as some tutorials do, the same costs are 0.046 and 1:

    >>> import math
    >>> cce, y = CategoricalCrossentropy(), np.array([[1.0, 0.0]])
    >>> round(float(cce(y, np.array([[0.9, 0.1]]))), 3), round(float(cce(y, np.array([[0.1, 0.9]]))), 3)
    (0.105, 2.303)
    >>> round(float(cce(y, np.array([[0.9, 0.1]]))) / math.log(10), 3), round(float(cce(y, np.array([[0.1, 0.9]]))) / math.log(10), 3)
    (0.046, 1.0)
    """

    fused_activation = "softmax"

    def check_targets(self, y):
        """Targets each row one-hot or a probability distribution (the δᴸ = ŷ − y shortcut
        holds only when Σⱼ yⱼ = 1)."""
        return distribution_targets(self, y)

    def standardize(self, y_true, y_pred):
        y_true, y_pred = super().standardize(y_true, y_pred)
        warn_single_class(self, y_pred)
        return y_true, y_pred

    def smooth(self, y):
        s = self.label_smoothing
        return y * (1.0 - s) + s / y.shape[-1] if s else y

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        y = self.smooth(y_true)
        if self.from_logits:
            return -(y * log_softmax(y_pred)).sum(axis=-1)
        o, _ = normalized(y_pred)
        return -(y * np.log(clip(o, eps, 1.0 - eps))).sum(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        y = self.smooth(y_true)
        if self.from_logits:
            return softmax(y_pred) * y.sum(axis=-1, keepdims=True) - y
        o, total = normalized(y_pred)
        inside = (o > eps) & (o < 1.0 - eps)
        g = np.where(inside, -y / clip(o, eps, 1.0 - eps), 0.0)
        return through_normalization(g, o, total).astype(y_pred.dtype, copy=False)

    def output_delta(self, y_true, a, sample_weight=None):
        """δᴸ = (softmax(z) − y)·∂C/∂Cₙ, y smoothed."""
        weights = self.value_weights(y_true, a, sample_weight)
        if self.from_logits:
            a = softmax(a)
        # (a − y) assumes Σⱼ yⱼ = 1 (one-hot or a probability vector), as softmax targets are.
        return (a - self.smooth(y_true)) * weights


@register("sparse_categorical_crossentropy", "scce")
class SparseCategoricalCrossentropy(Loss):
    """Cₙ = −ln o_{yₙ} with o = clip(ŷ/Σᵢŷᵢ, ε, 1 − ε): categorical cross-entropy with the
    target given as a class index.

    Identical to one-hot encoding yₙ and using [lucidnet.losses.CategoricalCrossentropy][],
    without building the one-hot matrix.  After softmax, δᴸ = ŷ − onehot(y) per example.
    Labels equal to `ignore_class` have the loss 0 and are left out of the mean, as Keras
    masks them; `axis` is the axis of the classes in `y_pred`.

    Examples
    --------
    >>> loss = SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction=None)
    >>> loss([[-1, 2]], [[[0.854, 0.698, 0.598], [0.088, 0.86, 0.018]]]).round(6)
    array([[0.      , 1.480129]], dtype=float32)
    """

    fused_activation = "softmax"
    sparse_targets = True

    def __init__(self, from_logits: bool = False, ignore_class: int | None = None, axis: int = -1,
                 **kwargs):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.from_logits = boolean(f"{name} from_logits", from_logits)
        self.ignore_class = optional(integer, f"{name} ignore_class", ignore_class)
        self.axis = integer(f"{name} axis", axis)

    def standardize(self, y_true, y_pred):
        """(labels, y_pred): the labels as integers shaped like y_pred without its class axis
        (a class axis of length 1 squeezed), y_pred with its class axis last."""
        dtype = self.compute_dtype(y_pred)
        y_pred = numeric_array(f"{self.name} y_pred", y_pred).astype(dtype, copy=False)
        labels = numeric_array(f"{self.name} y_true", y_true)
        ndim = y_pred.ndim
        y_pred, _ = self.axis_last(y_pred)
        if labels.ndim == ndim and labels.shape[self.axis % ndim] == 1:
            labels = np.squeeze(labels, self.axis % ndim)
        if labels.shape != y_pred.shape[:-1]:
            raise ValueError(
                f"{self.name} y_true must hold one integer class label per prediction, shaped "
                f"like y_pred without its class axis, {y_pred.shape[:-1]}, got shape "
                f"{labels.shape}.")
        return self.check_labels(labels, y_pred.shape[-1], "y_pred"), y_pred

    def check_labels(self, labels, units: int, where: str):
        """`labels` as integers in [0, units) (or `ignore_class`), else a ValueError."""
        # The ufuncs themselves (rint is np.round to 0 decimals): their Python wrappers cost
        # more than the check on the batch of a training step, which makes it at every step.
        if labels.dtype.kind == "f" and not np.equal(labels, np.rint(labels)).all():
            raise ValueError(
                f"{self.name} expects integer class labels, got values of dtype {labels.dtype} "
                "that are not whole numbers.")
        counted = labels if self.ignore_class is None else labels[labels != self.ignore_class]
        if counted.size:
            low, high = np.minimum.reduce(counted, axis=None), np.maximum.reduce(counted, axis=None)
            if low < 0 or high >= units:  # inf included
                raise ValueError(
                    f"{self.name} expects labels in [0, {units}) for the {units} output units "
                    f"of {where}, got labels from {low:g} to {high:g}.")
        return labels.astype(np.intp)

    def value_mask(self, y_true):
        return None if self.ignore_class is None else y_true != self.ignore_class

    def _labels(self, y_true):
        """(labels with the ignored ones read as 0, and the valid mask or None)."""
        valid = self.value_mask(y_true)
        labels = y_true if valid is None else np.where(valid, y_true, 0)
        return labels, valid

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        labels, valid = self._labels(y_true)
        if self.from_logits:
            values = -log_softmax(y_pred)[at_labels(labels)]
        else:
            # o_{yₙ} = ŷ_{yₙ}/Σᵢŷᵢ: only the chosen entry of each row is divided.
            chosen = y_pred[at_labels(labels)] / y_pred.sum(axis=-1)
            values = -np.log(clip(chosen, eps, 1.0 - eps))
        return values if valid is None else np.where(valid, values, 0.0).astype(values.dtype)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        labels, valid = self._labels(y_true)
        index = at_labels(labels)
        if self.from_logits:
            grad = softmax(y_pred)
            grad[index] -= 1.0
        else:
            o, total = normalized(y_pred)
            chosen = o[index]
            inside = (chosen > eps) & (chosen < 1.0 - eps)
            g = np.zeros_like(y_pred)
            g[index] = np.where(inside, -1.0 / clip(chosen, eps, 1.0), 0.0)
            grad = through_normalization(g, o, total).astype(y_pred.dtype, copy=False)
        return grad if valid is None else grad * valid[..., None]

    def output_delta(self, y_true, a, sample_weight=None):
        """δᴸ = (softmax(z) − onehot(y))·∂C/∂Cₙ."""
        weights = self.value_weights(y_true, a, sample_weight)
        delta = softmax(a) if self.from_logits else a.copy()
        delta[at_labels(self._labels(y_true)[0])] -= 1.0
        return delta * weights

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
        if y.dtype.kind not in "biuf":
            raise ValueError(
                f"{self.name} expects integer class labels, got values of dtype {y.dtype}.")
        return self.check_labels(y, units, where)


def binary_crossentropy(y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0,
                        axis: int = -1) -> np.ndarray:
    """Cₙ = −(1/k) Σⱼ [yⱼ ln ŷⱼ + (1 − yⱼ) ln(1 − ŷⱼ)] for each example (see
    [lucidnet.losses.BinaryCrossentropy][]), as `keras.losses.binary_crossentropy`."""
    return per_example(BinaryCrossentropy(from_logits, label_smoothing, axis), y_true, y_pred)


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False,
                             label_smoothing: float = 0.0, axis: int = -1) -> np.ndarray:
    """Cₙ = −Σⱼ yⱼ ln ŷⱼ for each example, with one-hot targets (see
    [lucidnet.losses.CategoricalCrossentropy][]), as `keras.losses.categorical_crossentropy`."""
    return per_example(CategoricalCrossentropy(from_logits, label_smoothing, axis), y_true, y_pred)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False,
                                    ignore_class: int | None = None, axis: int = -1) -> np.ndarray:
    """Cₙ = −ln ŷ_{yₙ} for each example, with integer labels (see
    [lucidnet.losses.SparseCategoricalCrossentropy][]), as
    `keras.losses.sparse_categorical_crossentropy`.

    Examples
    --------
    >>> sparse_categorical_crossentropy([0, 1], [[0.9, 0.1], [0.9, 0.1]]).round(3)
    array([0.105, 2.303], dtype=float32)
    """
    return per_example(SparseCategoricalCrossentropy(from_logits, ignore_class, axis),
                       y_true, y_pred)
