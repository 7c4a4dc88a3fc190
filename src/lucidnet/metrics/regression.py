"""The regression metrics: mean absolute and squared errors, their root, and R²."""

from __future__ import annotations

import warnings

import numpy as np

from ..validation import choice, non_negative_int
from .base import Metric, Sums, register, same_rank, two_dimensional


@register("mean_absolute_error", "mae")
class MeanAbsoluteError(Metric):
    """(1/k) Σⱼ |yⱼ − ŷⱼ|."""

    direction = "down"

    def score(self, y_true, y_pred):
        y_true, y_pred = same_rank(np.asarray(y_true), np.asarray(y_pred))
        return np.abs(y_true - y_pred).mean(axis=-1)


@register("mean_squared_error", "mse")
class MeanSquaredError(Metric):
    """(1/k) Σⱼ (yⱼ − ŷⱼ)²."""

    direction = "down"

    def score(self, y_true, y_pred):
        y_true, y_pred = same_rank(np.asarray(y_true), np.asarray(y_pred))
        return ((y_true - y_pred) ** 2).mean(axis=-1)


@register("root_mean_squared_error")
class RootMeanSquaredError(MeanSquaredError):
    """√(Σ w (y − ŷ)² / Σ w): the root of the epoch's weighted mean of every squared error
    (not the mean of each batch's root), in the units of the targets; the weights may be one
    per example or one per output (`keras.metrics.RootMeanSquaredError`).

    Examples
    --------
    >>> round(RootMeanSquaredError()([2, 4, 6, 8], [1, 3, 2, 3], sample_weight=[0, 1, 0, 1]) ** 2, 6)
    13.0
    """

    def score(self, y_true, y_pred):
        y_true, y_pred = same_rank(np.asarray(y_true), np.asarray(y_pred))
        return (y_pred - y_true) ** 2  # each output's, weighted one by one as Keras

    def result(self) -> float:
        return float(np.sqrt(super().result()))


@register("r2_score")
class R2Score(Sums):
    """R² = 1 − Σ w(y − ŷ)² / Σ w(y − ȳ)² for each output, from running sums over the
    whole dataset, then averaged over outputs (`class_aggregation="uniform_average"`), or
    weighted by each output's variance (`"variance_weighted_average"`), or one per output
    (None).  With `num_regressors` p, the adjusted 1 − (1 − R²)(n − 1)/(n − p − 1), n the
    number of examples with a non-zero weight (`keras.metrics.R2Score`).

    Examples
    --------
    >>> metric = R2Score()
    >>> metric.update_state(np.array([[1.0], [4.0], [3.0]]), np.array([[2.0], [2.0], [4.0]]))
    >>> round(metric.result(), 4)
    -0.2857
    """

    direction = "up"

    def __init__(self, class_aggregation: str | None = "uniform_average", num_regressors: int = 0,
                 name: str | None = None, dtype=None):
        self.class_aggregation = choice("R2Score class_aggregation", class_aggregation,
                                        (None, "uniform_average", "variance_weighted_average"))
        self.num_regressors = non_negative_int("R2Score num_regressors", num_regressors)
        super().__init__(name, dtype)

    def sum_shapes(self, y_pred=None):
        if y_pred is None:
            return None
        k = y_pred.shape[-1]
        return {"sum": (k,), "squared_sum": (k,), "residual": (k,), "count": (k,), "values": ()}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = two_dimensional(self, y_true, y_pred)
        sums = self.allocate(y_pred)
        y_true, y_pred = y_true.astype(np.float64), y_pred.astype(np.float64)
        w = np.ones(()) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if w.ndim == 1:
            w = w[:, None]  # one weight per example, shared by its outputs
        try:
            w = np.broadcast_to(w, y_true.shape)
        except ValueError:
            raise ValueError(f"R2Score sample_weight of shape {np.shape(sample_weight)} does "
                             f"not broadcast to the targets' shape {y_true.shape}.") from None
        sums["sum"] += (w * y_true).sum(axis=0)
        sums["squared_sum"] += (w * y_true * y_true).sum(axis=0)
        sums["residual"] += (w * (y_true - y_pred) ** 2).sum(axis=0)
        sums["count"] += w.sum(axis=0)
        # n counts the examples with a weight, as Keras does (not the N·k target values).
        sums["values"] += float(np.any(w != 0, axis=-1).sum())

    def result(self):
        if self.sums is None:
            return 0.0
        s = self.sums
        with np.errstate(divide="ignore", invalid="ignore"):
            total = s["squared_sum"] - s["sum"] * (s["sum"] / s["count"])
            raw = 1 - s["residual"] / total
        raw = np.where(np.isinf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            score = raw.mean()
        elif self.class_aggregation == "variance_weighted_average":
            score = (total * raw).sum() / total.sum()
        else:
            score = raw
        n, p = float(s["values"]), self.num_regressors
        if p and p > n - 1:
            warnings.warn("More independent predictors than datapoints in adjusted R2 score. "
                          "Falling back to standard R2 score.", stacklevel=2)
        elif p and p == n - 1:
            warnings.warn("Division by zero in Adjusted R2 score. Falling back to standard R2 "
                          "score.", stacklevel=2)
        elif p:
            score = 1 - (1 - score) * (n - 1) / (n - p - 1)
        return score if self.class_aggregation is None else float(score)
