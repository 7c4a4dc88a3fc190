"""The F-scores, from true and false positives and false negatives counted over the dataset."""

from __future__ import annotations

import numpy as np

from ..config import epsilon
from ..validation import choice, number, optional, positive_number
from .base import Sums, register, two_dimensional


@register("fbeta_score", "f_beta_score")
class FBetaScore(Sums):
    """F_β = (1 + β²)·P·R / (β²·P + R) per class, P = TP/(TP + FP) and R = TP/(TP + FN)
    counted over the whole dataset (each with ε = 10⁻⁷ in the denominator, as Keras), for
    one-hot or multi-label targets (`keras.metrics.FBetaScore`).

    An output is predicted positive when it is above `threshold`, or, when `threshold`
    is None, when it is its row's largest (and not 0).  `average`: None gives one score
    per class; `"micro"` pools every class's counts; `"macro"` is the mean of the
    classes' scores; `"weighted"` weighs each class by its number of positives.
    """

    direction = "up"

    def __init__(self, average: str | None = None, beta: float = 1.0,
                 threshold: float | None = None, name: str | None = None, dtype=None):
        owner = type(self).__name__
        self.average = choice(f"{owner} average", average, (None, "micro", "macro", "weighted"))
        self.beta = positive_number(f"{owner} beta", beta)
        self.threshold = optional(number, f"{owner} threshold", threshold, greater_than=0,
                                  at_most=1)
        super().__init__(name, dtype)

    def sum_shapes(self, y_pred=None):
        if self.average == "micro":
            return {name: () for name in ("tp", "fp", "fn", "positives")}
        if y_pred is None:
            return None
        return {name: (y_pred.shape[-1],) for name in ("tp", "fp", "fn", "positives")}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = two_dimensional(self, y_true, y_pred)
        sums = self.allocate(y_pred)
        if self.sums["tp"].shape not in ((), (y_pred.shape[1],)):
            raise ValueError(f"{type(self).__name__} was given {sums['tp'].shape[0]} classes "
                             f"before, now outputs of shape {y_pred.shape}.")
        if self.threshold is None:
            predicted = (y_pred >= y_pred.max(axis=-1, keepdims=True)) & (np.abs(y_pred) > 1e-9)
        else:
            predicted = y_pred > self.threshold
        predicted = predicted.astype(np.float64)
        y_true = y_true.astype(np.float64)
        w = np.ones(()) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        w = w.reshape(w.shape + (1,) * (y_true.ndim - w.ndim))  # per example, or per output
        axis = None if self.average == "micro" else 0
        sums["tp"] += (w * predicted * y_true).sum(axis=axis)
        sums["fp"] += (w * predicted * (1 - y_true)).sum(axis=axis)
        sums["fn"] += (w * (1 - predicted) * y_true).sum(axis=axis)
        sums["positives"] += (w * y_true).sum(axis=axis)

    def result(self):
        if self.sums is None:
            return 0.0
        tp, fp, fn, positives = (self.sums[name] for name in ("tp", "fp", "fn", "positives"))
        eps = epsilon()
        precision = tp / (tp + fp + eps)
        recall = tp / (tp + fn + eps)
        b2 = self.beta**2
        score = precision * recall / (b2 * precision + recall + eps) * (1 + b2)
        if self.average == "weighted":
            return float((score * positives / (positives.sum() + eps)).sum())
        if self.average is not None:
            return float(np.mean(score))
        return score


@register("f1_score")
class F1Score(FBetaScore):
    """F₁ = 2·P·R / (P + R): [FBetaScore][lucidnet.metrics.FBetaScore] at β = 1
    (`keras.metrics.F1Score`).

    Examples
    --------
    >>> f1 = F1Score(average="macro", threshold=0.5)
    >>> f1.update_state(np.array([[1, 0], [0, 1], [1, 0]]), np.array([[0.9, 0.2], [0.6, 0.7], [0.3, 0.1]]))
    >>> round(f1.result(), 4)
    0.75
    """

    def __init__(self, average: str | None = None, threshold: float | None = None,
                 name: str | None = None, dtype=None):
        super().__init__(average, 1.0, threshold, name, dtype)
