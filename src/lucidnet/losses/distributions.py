"""Losses between distributions and of counts: the Kullback–Leibler divergence and the Poisson
negative log-likelihood, with their Keras functions."""

from __future__ import annotations

import numpy as np

from ..config import epsilon
from ..validation import values_within
from .base import Loss, non_negative_targets, per_example, register


@register("kl_divergence", "kld", "kullback_leibler_divergence")
class KLDivergence(Loss):
    """Cₙ = Σⱼ y⁺ⱼ ln(y⁺ⱼ / ŷ⁺ⱼ) with v⁺ = clip(v, ε, 1), as in Keras: the Kullback–Leibler
    divergence of the prediction from the target distribution.

    ∂Cₙ/∂ŷ = −y⁺/ŷ⁺ where ε < ŷ < 1, else 0 (the clip is flat).  Targets are probabilities.

    Examples
    --------
    >>> round(float(KLDivergence()(np.array([[0.5, 0.5]]), np.array([[0.25, 0.75]]))), 6)
    0.143841
    """

    def check_targets(self, y):
        """Targets each a probability in [0, 1]."""
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

    ```formula
    Cₙ = (1/k) Σⱼ [ŷⱼ − yⱼ ln(ŷⱼ + ε)],    ∂Cₙ/∂ŷ = (1 − y/(ŷ + ε)) / k
    ```

    Targets are counts (non-negative); the rate wants a positive output (exponential,
    softplus).

    Examples
    --------
    >>> round(float(Poisson()(np.array([[1.0, 2.0]]), np.array([[1.0, 1.0]]))), 6)
    1.0
    """

    def check_targets(self, y):
        """Targets none negative (counts)."""
        return non_negative_targets(self, y)

    def per_sample(self, y_true, y_pred):
        eps = epsilon()
        return (y_pred - y_true * np.log(y_pred + eps)).mean(axis=-1)

    def gradient_unweighted(self, y_true, y_pred):
        eps = epsilon()
        return (1.0 - y_true / (y_pred + eps)) / y_pred.shape[-1]


def kl_divergence(y_true, y_pred) -> np.ndarray:
    """Cₙ = Σⱼ yⱼ ln(yⱼ/ŷⱼ) for each example, both clipped to [ε, 1] (see
    [`KLDivergence`][lucidnet.losses.KLDivergence]), as `keras.losses.kl_divergence`."""
    return per_example(KLDivergence(), y_true, y_pred)


def poisson(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ [ŷⱼ − yⱼ ln(ŷⱼ + ε)] for each example (see [`Poisson`][lucidnet.losses.Poisson]), as
    `keras.losses.poisson`."""
    return per_example(Poisson(), y_true, y_pred)
