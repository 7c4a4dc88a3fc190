"""Focal cross-entropies, Lin et al. (2017): cross-entropy that weighs the hard examples, binary
and categorical, with their Keras functions."""

from __future__ import annotations

import numpy as np

from ..activations import Sigmoid, Softmax, sigmoid, softmax
from ..config import epsilon
from ..validation import boolean, integer, number
from .base import Loss, distribution_targets, per_example, probability_targets, register
from .crossentropy import normalized, smoothing, through_normalization, warn_single_class


@register("binary_focal_crossentropy")
class BinaryFocalCrossentropy(Loss):
    """Cₙ = (1/k) Σⱼ wⱼ (1 − pₜ)^γ · bceⱼ, Lin et al. (2017), "Focal Loss for Dense Object
    Detection", as Keras computes it:

    bce = −[y ln ŷ⁺ + (1 − y) ln(1 − ŷ⁺)] with ŷ⁺ = clip(ŷ, ε, 1 − ε), pₜ = yŷ + (1 − y)(1 − ŷ),
    w = αy + (1 − α)(1 − y) with `apply_class_balancing` (else 1), y smoothed to
    y(1 − s) + s/2 by `label_smoothing` s, and ŷ = σ(z) when `from_logits`.  γ = 0 without
    balancing is binary cross-entropy.

    ∂Cₙ/∂ŷ = (w/k)[−γ(1 − pₜ)^{γ−1}(2y − 1)·bce + (1 − pₜ)^γ (ŷ⁺ − y)/(ŷ⁺(1 − ŷ⁺))], the last
    term 0 outside the clip; times σ'(z) = ŷ(1 − ŷ) for logits.

    Keras's documented example, the harder first example weighing more:

    Examples
    --------
    >>> loss = BinaryFocalCrossentropy(gamma=2.0)
    >>> loss.per_sample(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[0.6, 0.4], [0.4, 0.6]])).round(3)
    array([0.33 , 0.206])
    """

    def __init__(self, apply_class_balancing: bool = False, alpha: float = 0.25,
                 gamma: float = 2.0, from_logits: bool = False, label_smoothing: float = 0.0,
                 axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.axis = integer(f"{name} axis", axis)
        self.apply_class_balancing = boolean(f"{name} apply_class_balancing", apply_class_balancing)
        self.alpha = number(f"{name} alpha", alpha, at_least=0, at_most=1)
        self.gamma = number(f"{name} gamma", gamma, at_least=0)
        self.from_logits = boolean(f"{name} from_logits", from_logits)
        self.label_smoothing = smoothing(name, label_smoothing)

    def check_targets(self, y):
        """Targets each a 0/1 label or a probability in [0, 1]."""
        return probability_targets(self, y)

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
    Keras computes it: ŷ = softmax(z) when `from_logits`, y smoothed to y(1 − s) + s/K by
    `label_smoothing` s over the K classes.  γ = 0 and α = 1 is categorical cross-entropy.

    With g = ∂Cₙ/∂o = α y [γ(1 − o)^{γ−1} ln o − (1 − o)^γ / o] (0 outside the clip),
    ∂Cₙ/∂ŷ = (g − ⟨g, o⟩)/Σᵢŷᵢ, through the normalization; then the softmax's Jacobian for
    logits.

    Keras's documented example:

    Examples
    --------
    >>> loss = CategoricalFocalCrossentropy()
    >>> y, p = np.array([[0, 1, 0], [0, 0, 1]]), np.array([[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]])
    >>> tuple(round(float(c), 6) for c in loss.per_sample(y, p))
    (0.000263, 0.675912)
    """

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
                 label_smoothing: float = 0.0, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.axis = integer(f"{name} axis", axis)
        self.alpha = number(f"{name} alpha", alpha, at_least=0)
        self.gamma = number(f"{name} gamma", gamma, at_least=0)
        self.from_logits = boolean(f"{name} from_logits", from_logits)
        self.label_smoothing = smoothing(name, label_smoothing)

    def check_targets(self, y):
        """Targets each row one-hot or a probability distribution."""
        return distribution_targets(self, y)

    def standardize(self, y_true, y_pred):
        y_true, y_pred = super().standardize(y_true, y_pred)
        warn_single_class(self, y_pred)
        return y_true, y_pred

    def _terms(self, y_true, y_pred):
        eps = epsilon()
        y = y_true
        if self.label_smoothing:
            y = y * (1.0 - self.label_smoothing) + self.label_smoothing / y.shape[-1]
        p = softmax(y_pred) if self.from_logits else y_pred
        o, total = normalized(p)
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
        grad = through_normalization(g, o, total)
        if self.from_logits:
            grad = _SOFTMAX.backward(y_pred, p, grad)
        return grad.astype(y_pred.dtype, copy=False)


def _power_slope(q, gamma):
    """d(q^γ)/dq = γq^{γ−1}, taken as 0 at q = 0 (where it is 0 for γ > 1)."""
    if gamma == 0:
        return np.zeros_like(q)
    return gamma * np.where(q > 0, np.maximum(q, np.finfo(q.dtype).tiny) ** (gamma - 1.0), 0.0)


_SIGMOID, _SOFTMAX = Sigmoid(), Softmax()


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing: bool = False,
                              alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
                              label_smoothing: float = 0.0, axis: int = -1) -> np.ndarray:
    """The focal binary cross-entropy of each example (see
    [lucidnet.losses.BinaryFocalCrossentropy][]), as `keras.losses.binary_focal_crossentropy`."""
    return per_example(BinaryFocalCrossentropy(apply_class_balancing, alpha, gamma, from_logits,
                                               label_smoothing, axis), y_true, y_pred)


def categorical_focal_crossentropy(y_true, y_pred, alpha: float = 0.25, gamma: float = 2.0,
                                   from_logits: bool = False, label_smoothing: float = 0.0,
                                   axis: int = -1) -> np.ndarray:
    """The focal categorical cross-entropy of each example, one-hot targets (see
    [lucidnet.losses.CategoricalFocalCrossentropy][]), as
    `keras.losses.categorical_focal_crossentropy`."""
    return per_example(CategoricalFocalCrossentropy(alpha, gamma, from_logits, label_smoothing,
                                                    axis), y_true, y_pred)
