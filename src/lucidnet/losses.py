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

from .activations import (Sigmoid, Softmax, l2_normalize, l2_normalize_backward, log_softmax,
                          sigmoid, softmax, softplus)
from .config import epsilon, floatx
from .registry import Named, Registry, serialize
from .validation import (
    as_array,
    as_output_batch,
    boolean,
    check_finite,
    integer,
    number,
    positive_number,
    rows_summing_to_one,
    same_length,
    values_within,
)



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
    if "binary" not in loss and y.ndim == 2 and (y.sum(axis=-1) > 1).any():
        return ("Hint: rows with several 1s look like multi-label targets: use "
                "loss='binary_crossentropy' with a sigmoid output.")
    return ""


def _probability_targets(loss: Loss, y: np.ndarray) -> np.ndarray:
    """``y`` if each value is a 0/1 label or a probability in [0, 1], else a ValueError."""
    values_within(f"{loss.name} y", y, 0, 1, _label_hint(y, loss.name))
    return y


def _distribution_targets(loss: Loss, y: np.ndarray) -> np.ndarray:
    """``y`` if each row is one-hot or a probability distribution, else a ValueError."""
    hint = _label_hint(y, loss.name)
    values_within(f"{loss.name} y", y, 0, 1, hint)
    rows_summing_to_one(f"{loss.name} y", y, hint)
    return y


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
        return _probability_targets(self, super().prepare_targets(y, output_shape, dtype, where))

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
        return _distribution_targets(self, super().prepare_targets(y, output_shape, dtype, where))

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


# -- regression losses beyond the squared and absolute errors ------------------------------------
@register("mean_absolute_percentage_error", "mape")
class MeanAbsolutePercentageError(Loss):
    """Cₙ = (100/k) Σⱼ |yⱼ − ŷⱼ| / max(|yⱼ|, ε);  ∂Cₙ/∂ŷ = (100/k) sign(ŷ − y) / max(|y|, ε).

    The error as a percentage of the target; ε = 10⁻⁷ keeps a zero target finite, as in Keras.

    >>> MeanAbsolutePercentageError()(np.array([[2.0, 4.0]]), np.array([[1.0, 5.0]]))
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

    >>> round(MeanSquaredLogarithmicError()(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]])), 6)
    0.240226
    """

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, none negative."""
        y = super().prepare_targets(y, output_shape, dtype, where)
        values_within(f"{self.name} y", y, 0, np.inf)
        return y

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

    Like ½e² for small errors and |e| − ln 2 for large ones.  Computed as
    e + softplus(−2e) − ln 2, which never overflows, as Keras does.

    >>> round(LogCosh()(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]])), 6)
    0.21689
    """

    def per_sample(self, y_true, y_pred):
        e = y_pred - y_true
        return (e + softplus(-2.0 * e) - np.log(2.0)).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        return np.tanh(y_pred - y_true) / y_pred.shape[-1]


@register("cosine_similarity")
class CosineSimilarity(Loss):
    """Cₙ = −Σⱼ ỹⱼ ŷ̃ⱼ with ṽ = v / max(‖v‖, ε) along ``axis``: minus the cosine of the angle
    between target and prediction, so that −1 is a perfect match and 0 orthogonal.

    ∂Cₙ/∂ŷ = −(ỹ − ⟨ỹ, ŷ̃⟩ ŷ̃)/‖ŷ‖ (and −ỹ/ε where ‖ŷ‖ ≤ ε).  ``axis`` counts the axes of a
    batch (−1, the last, by default; 0, the batch axis, is refused).

    >>> round(CosineSimilarity()(np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([[1.0, 0.0], [1.0, 1.0]])), 6)
    -0.5
    """

    def __init__(self, axis: int = -1):
        self.axis = integer("CosineSimilarity axis", axis)
        if self.axis == 0:
            raise ValueError("CosineSimilarity axis must not be 0, the batch axis, got 0.")

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        t, u = l2_normalize(y_true, self.axis, eps), l2_normalize(y_pred, self.axis, eps)
        return -(t * u).sum(axis=self.axis).reshape(len(y_pred), -1).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        t, u = l2_normalize(y_true, self.axis, eps), l2_normalize(y_pred, self.axis, eps)
        grad = l2_normalize_backward(y_pred, u, -t, self.axis, eps)
        positions = y_pred[0].size // y_pred.shape[self.axis]  # Cₙ averages their similarities
        return (grad / positions).astype(y_pred.dtype, copy=False)


# -- margins: the hinge losses -------------------------------------------------------------------
def _hinge_labels(y):
    """0/1 labels as −1/1 (2y − 1), as Keras converts them; −1/1 labels unchanged."""
    return 2.0 * y - 1.0 if np.all((y == 0) | (y == 1)) else y


def _check_sign_labels(loss, y):
    """Targets all in {0, 1} or all in {−1, 1}, the two spellings of a binary label."""
    if not (np.all((y == 0) | (y == 1)) or np.all((y == -1) | (y == 1))):
        bad = y[~((y == 0) | (y == 1) | (y == -1))]
        found = f"{bad.flat[0]:g}" if bad.size else "-1, 0 and 1 together"
        raise ValueError(
            f"{loss.name} y must hold labels -1/1 or 0/1 (0/1 are read as -1/1), got {found}."
        )


@register("hinge")
class Hinge(Loss):
    """Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0) with labels y ∈ {−1, 1} (0/1 labels become −1/1);

    ∂Cₙ/∂ŷ = −y/k where the margin 1 − yŷ is positive, else 0.  The loss of a linear SVM:
    ŷ is a score, best with a linear or tanh output.

    >>> Hinge()(np.array([[0.0, 1.0]]), np.array([[0.5, 0.5]]))
    1.0
    """

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, each −1/1 or each 0/1."""
        y = super().prepare_targets(y, output_shape, dtype, where)
        _check_sign_labels(self, y)
        return y

    def margin(self, y_true, y_pred):
        return np.maximum(1.0 - _hinge_labels(y_true) * y_pred, 0.0)

    def per_sample(self, y_true, y_pred):
        return self.margin(y_true, y_pred).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        y = _hinge_labels(y_true)
        return np.where(1.0 - y * y_pred > 0, -y, 0.0).astype(y_pred.dtype) / y_pred.shape[-1]


@register("squared_hinge")
class SquaredHinge(Hinge):
    """Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0)² with labels y ∈ {−1, 1} (0/1 labels become −1/1);

    ∂Cₙ/∂ŷ = −2y·max(1 − yŷ, 0)/k.

    >>> SquaredHinge()(np.array([[0.0, 1.0]]), np.array([[0.5, 0.5]]))
    1.25
    """

    def per_sample(self, y_true, y_pred):
        return (self.margin(y_true, y_pred) ** 2).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        y = _hinge_labels(y_true)
        return (-2.0 / y_pred.shape[-1]) * y * self.margin(y_true, y_pred)


@register("categorical_hinge")
class CategoricalHinge(Loss):
    """Cₙ = max(neg − pos + 1, 0), pos = Σⱼ yⱼŷⱼ and neg = maxⱼ (1 − yⱼ)ŷⱼ, for one-hot targets:
    the true class's score must beat the best other by a margin of 1.

    ∂Cₙ/∂ŷ = (1 − y_m)e_m − y where Cₙ > 0 (m the class of neg), else 0.

    >>> CategoricalHinge()(np.array([[0.0, 1.0, 0.0]]), np.array([[0.6, 0.3, 0.1]]))
    1.3
    """

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, each 0/1 (one-hot) or each −1/1."""
        y = super().prepare_targets(y, output_shape, dtype, where)
        _check_sign_labels(self, y)
        return y

    def per_sample(self, y_true, y_pred):
        positive = (y_true * y_pred).sum(axis=-1)
        negative = ((1.0 - y_true) * y_pred).max(axis=-1)
        return np.maximum(negative - positive + 1.0, 0.0)

    def gradient_unweighted(self, y_true, y_pred):
        rows = np.arange(len(y_pred))
        others = (1.0 - y_true) * y_pred
        m = others.argmax(axis=-1)
        grad = -y_true.astype(y_pred.dtype, copy=True)
        grad[rows, m] += 1.0 - y_true[rows, m]
        active = self.per_sample(y_true, y_pred) > 0
        return grad * active[:, None]


# -- distributions and counts --------------------------------------------------------------------
@register("kl_divergence", "kld", "kullback_leibler_divergence")
class KLDivergence(Loss):
    """Cₙ = Σⱼ y⁺ⱼ ln(y⁺ⱼ / ŷ⁺ⱼ) with v⁺ = clip(v, ε, 1), as in Keras: the Kullback–Leibler
    divergence of the prediction from the target distribution.

    ∂Cₙ/∂ŷ = −y⁺/ŷ⁺ where ε < ŷ < 1, else 0 (the clip is flat).  Targets are probabilities.

    >>> round(KLDivergence()(np.array([[0.5, 0.5]]), np.array([[0.25, 0.75]])), 6)
    0.143841
    """

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, each a probability in [0, 1]."""
        y = super().prepare_targets(y, output_shape, dtype, where)
        values_within(f"{self.name} y", y, 0, 1)
        return y

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        t = np.clip(y_true, eps, 1.0)
        return (t * np.log(t / np.clip(y_pred, eps, 1.0))).sum(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        t = np.clip(y_true, eps, 1.0)
        inside = (y_pred > eps) & (y_pred < 1.0)
        return np.where(inside, -t / np.clip(y_pred, eps, 1.0), 0.0).astype(y_pred.dtype)


@register("poisson")
class Poisson(Loss):
    """Cₙ = (1/k) Σⱼ [ŷⱼ − yⱼ ln(ŷⱼ + ε)]: the negative log-likelihood of counts y under a
    Poisson rate ŷ, up to a term free of ŷ;  ∂Cₙ/∂ŷ = (1 − y/(ŷ + ε))/k.

    Targets are counts (non-negative); the rate wants a positive output (exponential,
    softplus).

    >>> round(Poisson()(np.array([[1.0, 2.0]]), np.array([[1.0, 1.0]])), 6)
    1.0
    """

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, none negative."""
        y = super().prepare_targets(y, output_shape, dtype, where)
        values_within(f"{self.name} y", y, 0, np.inf)
        return y

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        return (y_pred - y_true * np.log(y_pred + eps)).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        return (1.0 - y_true / (y_pred + eps)) / y_pred.shape[-1]


# -- focal cross-entropies: cross-entropy that weighs the hard examples ---------------------------
@register("binary_focal_crossentropy")
class BinaryFocalCrossentropy(Loss):
    """Cₙ = (1/k) Σⱼ wⱼ (1 − pₜ)^γ · bceⱼ, Lin et al. (2017), "Focal Loss for Dense Object
    Detection", as Keras computes it:

    bce = −[y ln ŷ⁺ + (1 − y) ln(1 − ŷ⁺)] with ŷ⁺ = clip(ŷ, ε, 1 − ε), pₜ = yŷ + (1 − y)(1 − ŷ),
    w = αy + (1 − α)(1 − y) with ``apply_class_balancing`` (else 1), y smoothed to
    y(1 − s) + s/2 by ``label_smoothing`` s, and ŷ = σ(z) when ``from_logits``.  γ = 0 without
    balancing is binary cross-entropy.

    ∂Cₙ/∂ŷ = (w/k)[−γ(1 − pₜ)^{γ−1}(2y − 1)·bce + (1 − pₜ)^γ (ŷ⁺ − y)/(ŷ⁺(1 − ŷ⁺))], the last
    term 0 outside the clip; times σ'(z) = ŷ(1 − ŷ) for logits.

    Keras's documented example, the harder first example weighing more:

    >>> loss = BinaryFocalCrossentropy(gamma=2.0)
    >>> loss.per_sample(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[0.6, 0.4], [0.4, 0.6]])).round(3)
    array([0.33 , 0.206])
    """

    def __init__(self, apply_class_balancing: bool = False, alpha: float = 0.25,
                 gamma: float = 2.0, from_logits: bool = False, label_smoothing: float = 0.0):
        name = type(self).__name__
        self.apply_class_balancing = boolean(f"{name} apply_class_balancing", apply_class_balancing)
        self.alpha = number(f"{name} alpha", alpha, at_least=0, at_most=1)
        self.gamma = number(f"{name} gamma", gamma, at_least=0)
        self.from_logits = boolean(f"{name} from_logits", from_logits)
        self.label_smoothing = number(f"{name} label_smoothing", label_smoothing, at_least=0, at_most=1)

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, each a 0/1 label or a probability in [0, 1]."""
        return _probability_targets(self, super().prepare_targets(y, output_shape, dtype, where))

    def _terms(self, y_true, y_pred):
        """(y, ŷ, bce, 1 − pₜ, w) of the formula, y smoothed and ŷ a probability."""
        eps = epsilon()
        y = y_true * (1.0 - self.label_smoothing) + 0.5 * self.label_smoothing
        p = sigmoid(y_pred) if self.from_logits else y_pred
        clipped = np.clip(p, eps, 1.0 - eps)
        bce = -(y * np.log(clipped) + (1.0 - y) * np.log(1.0 - clipped))
        miss = 1.0 - (y * p + (1.0 - y) * (1.0 - p))
        weight = y * self.alpha + (1.0 - y) * (1.0 - self.alpha) if self.apply_class_balancing else 1.0
        return y, p, clipped, bce, miss, weight

    def per_sample(self, y_true, y_pred):
        _, _, _, bce, miss, weight = self._terms(y_true, y_pred)
        return (weight * miss**self.gamma * bce).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        y, p, clipped, bce, miss, weight = self._terms(y_true, y_pred)
        inside = (p > eps) & (p < 1.0 - eps)
        d_bce = np.where(inside, (clipped - y) / (clipped * (1.0 - clipped)), 0.0)
        d_focal = -(2.0 * y - 1.0) * _power_slope(miss, self.gamma)
        grad = weight * (d_focal * bce + miss**self.gamma * d_bce) / p.shape[-1]
        if self.from_logits:
            grad = _SIGMOID.backward(y_pred, p, grad)
        return grad.astype(y_pred.dtype, copy=False)


@register("categorical_focal_crossentropy")
class CategoricalFocalCrossentropy(Loss):
    """Cₙ = −Σⱼ α (1 − oⱼ)^γ yⱼ ln oⱼ with o = clip(ŷ/Σᵢŷᵢ, ε, 1 − ε), Lin et al. (2017), as
    Keras computes it: ŷ = softmax(z) when ``from_logits``, y smoothed to y(1 − s) + s/K by
    ``label_smoothing`` s over the K classes.  γ = 0 and α = 1 is categorical cross-entropy.

    With g = ∂Cₙ/∂o = α y [γ(1 − o)^{γ−1} ln o − (1 − o)^γ / o] (0 outside the clip),
    ∂Cₙ/∂ŷ = (g − ⟨g, o⟩)/Σᵢŷᵢ, through the normalization; then the softmax's Jacobian for
    logits.

    Keras's documented example:

    >>> loss = CategoricalFocalCrossentropy()
    >>> y, p = np.array([[0, 1, 0], [0, 0, 1]]), np.array([[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]])
    >>> tuple(round(float(c), 6) for c in loss.per_sample(y, p))
    (0.000263, 0.675912)
    """

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
                 label_smoothing: float = 0.0):
        name = type(self).__name__
        self.alpha = number(f"{name} alpha", alpha, at_least=0)
        self.gamma = number(f"{name} gamma", gamma, at_least=0)
        self.from_logits = boolean(f"{name} from_logits", from_logits)
        self.label_smoothing = number(f"{name} label_smoothing", label_smoothing, at_least=0, at_most=1)

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Targets shaped like the output, each row one-hot or a probability distribution."""
        return _distribution_targets(self, super().prepare_targets(y, output_shape, dtype, where))

    def _terms(self, y_true, y_pred):
        eps = epsilon()
        y = y_true
        if self.label_smoothing:
            y = y * (1.0 - self.label_smoothing) + self.label_smoothing / y.shape[-1]
        p = softmax(y_pred) if self.from_logits else y_pred
        total = p.sum(axis=-1, keepdims=True)
        o = p / total
        return y, p, total, o, np.clip(o, eps, 1.0 - eps)

    def per_sample(self, y_true, y_pred):
        y, _, _, _, clipped = self._terms(y_true, y_pred)
        return -(self.alpha * (1.0 - clipped) ** self.gamma * y * np.log(clipped)).sum(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        y, p, total, o, clipped = self._terms(y_true, y_pred)
        inside = (o > eps) & (o < 1.0 - eps)
        miss = 1.0 - clipped
        g = self.alpha * y * (_power_slope(miss, self.gamma) * np.log(clipped)
                              - miss**self.gamma / clipped)
        g = np.where(inside, g, 0.0)
        grad = (g - (g * o).sum(axis=-1, keepdims=True)) / total
        if self.from_logits:
            grad = _SOFTMAX.backward(y_pred, p, grad)
        return grad.astype(y_pred.dtype, copy=False)


def _power_slope(q, gamma):
    """d(q^γ)/dq = γq^{γ−1}, taken as 0 at q = 0 (where it is 0 for γ > 1)."""
    if gamma == 0:
        return np.zeros_like(q)
    return gamma * np.where(q > 0, np.maximum(q, np.finfo(q.dtype).tiny) ** (gamma - 1.0), 0.0)


_SIGMOID, _SOFTMAX = Sigmoid(), Softmax()


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


def mean_absolute_percentage_error(y_true, y_pred) -> np.ndarray:
    """Cₙ = (100/k) Σⱼ |yⱼ − ŷⱼ| / max(|yⱼ|, ε) for each example (see
    :class:`MeanAbsolutePercentageError`), as ``keras.losses.mean_absolute_percentage_error``."""
    return per_example(MeanAbsolutePercentageError(), y_true, y_pred)


def mean_squared_logarithmic_error(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ (ln(1 + ŷⱼ) − ln(1 + yⱼ))² for each example (see
    :class:`MeanSquaredLogarithmicError`), as ``keras.losses.mean_squared_logarithmic_error``."""
    return per_example(MeanSquaredLogarithmicError(), y_true, y_pred)


def log_cosh(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ ln cosh(ŷⱼ − yⱼ) for each example (see :class:`LogCosh`), as
    ``keras.losses.log_cosh``."""
    return per_example(LogCosh(), y_true, y_pred)


def cosine_similarity(y_true, y_pred, axis: int = -1) -> np.ndarray:
    """Cₙ = −cos(y, ŷ) for each example (see :class:`CosineSimilarity`), as
    ``keras.losses.cosine_similarity``.

    >>> cosine_similarity([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]).round(6) + 0.0
    array([ 0., -1.,  1.])
    """
    return per_example(CosineSimilarity(axis), y_true, y_pred)


def hinge(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0) for each example, 0/1 labels read as −1/1 (see
    :class:`Hinge`), as ``keras.losses.hinge``."""
    return per_example(Hinge(), y_true, y_pred)


def squared_hinge(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0)² for each example (see :class:`SquaredHinge`), as
    ``keras.losses.squared_hinge``."""
    return per_example(SquaredHinge(), y_true, y_pred)


def categorical_hinge(y_true, y_pred) -> np.ndarray:
    """Cₙ = max(neg − pos + 1, 0) for each example, one-hot targets (see
    :class:`CategoricalHinge`), as ``keras.losses.categorical_hinge``."""
    return per_example(CategoricalHinge(), y_true, y_pred)


def kl_divergence(y_true, y_pred) -> np.ndarray:
    """Cₙ = Σⱼ yⱼ ln(yⱼ/ŷⱼ) for each example, both clipped to [ε, 1] (see
    :class:`KLDivergence`), as ``keras.losses.kl_divergence``."""
    return per_example(KLDivergence(), y_true, y_pred)


def poisson(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ [ŷⱼ − yⱼ ln(ŷⱼ + ε)] for each example (see :class:`Poisson`), as
    ``keras.losses.poisson``."""
    return per_example(Poisson(), y_true, y_pred)


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing: bool = False,
                              alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
                              label_smoothing: float = 0.0) -> np.ndarray:
    """The focal binary cross-entropy of each example (see :class:`BinaryFocalCrossentropy`),
    as ``keras.losses.binary_focal_crossentropy``."""
    return per_example(BinaryFocalCrossentropy(apply_class_balancing, alpha, gamma, from_logits,
                                               label_smoothing), y_true, y_pred)


def categorical_focal_crossentropy(y_true, y_pred, alpha: float = 0.25, gamma: float = 2.0,
                                   from_logits: bool = False,
                                   label_smoothing: float = 0.0) -> np.ndarray:
    """The focal categorical cross-entropy of each example, one-hot targets (see
    :class:`CategoricalFocalCrossentropy`), as ``keras.losses.categorical_focal_crossentropy``."""
    return per_example(CategoricalFocalCrossentropy(alpha, gamma, from_logits, label_smoothing),
                       y_true, y_pred)


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
