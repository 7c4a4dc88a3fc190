"""Margin losses: hinge, squared hinge and categorical hinge, with their Keras functions."""

from __future__ import annotations

import numpy as np

from .base import Loss, per_example, register


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
    """Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0) with labels y ∈ {−1, 1} (0/1 labels become −1/1).

    ```formula
    Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0),    ∂Cₙ/∂ŷ = −y/k where 1 − yŷ > 0, else 0
    ```

    ∂Cₙ/∂ŷ = −y/k where the margin 1 − yŷ is positive, else 0.  The loss of a linear SVM:
    ŷ is a score, best with a linear or tanh output.

    Examples
    --------
    >>> float(Hinge()(np.array([[0.0, 1.0]]), np.array([[0.5, 0.5]])))
    1.0
    """

    def check_targets(self, y):
        """Targets each −1/1 or each 0/1."""
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
    """Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0)² with labels y ∈ {−1, 1} (0/1 labels become −1/1).

    ```formula
    Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0)²,    ∂Cₙ/∂ŷ = −2y·max(1 − yŷ, 0)/k
    ```

    ∂Cₙ/∂ŷ = −2y·max(1 − yŷ, 0)/k.

    Examples
    --------
    >>> float(SquaredHinge()(np.array([[0.0, 1.0]]), np.array([[0.5, 0.5]])))
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

    Examples
    --------
    >>> float(CategoricalHinge()(np.array([[0.0, 1.0, 0.0]]), np.array([[0.6, 0.3, 0.1]])))
    1.3
    """

    def check_targets(self, y):
        """Targets each 0/1 (one-hot) or each −1/1."""
        _check_sign_labels(self, y)
        return y

    def per_sample(self, y_true, y_pred):
        positive = (y_true * y_pred).sum(axis=-1)
        negative = ((1.0 - y_true) * y_pred).max(axis=-1)
        return np.maximum(negative - positive + 1.0, 0.0)

    def gradient_unweighted(self, y_true, y_pred):
        m = ((1.0 - y_true) * y_pred).argmax(axis=-1)[..., None]
        grad = -y_true.astype(y_pred.dtype, copy=True)
        np.put_along_axis(grad, m, np.take_along_axis(grad, m, -1) + 1.0
                          - np.take_along_axis(y_true, m, -1), -1)
        active = self.per_sample(y_true, y_pred) > 0
        return grad * active[..., None]


def hinge(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0) for each example, 0/1 labels read as −1/1 (see
    [`Hinge`][lucidnet.losses.Hinge]), as `keras.losses.hinge`."""
    return per_example(Hinge(), y_true, y_pred)


def squared_hinge(y_true, y_pred) -> np.ndarray:
    """Cₙ = (1/k) Σⱼ max(1 − yⱼŷⱼ, 0)² for each example (see [`SquaredHinge`][lucidnet.losses.SquaredHinge]), as
    `keras.losses.squared_hinge`."""
    return per_example(SquaredHinge(), y_true, y_pred)


def categorical_hinge(y_true, y_pred) -> np.ndarray:
    """Cₙ = max(neg − pos + 1, 0) for each example, one-hot targets (see
    [`CategoricalHinge`][lucidnet.losses.CategoricalHinge]), as `keras.losses.categorical_hinge`."""
    return per_example(CategoricalHinge(), y_true, y_pred)
