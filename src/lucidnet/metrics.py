"""Metrics: numbers that describe how well the model does, averaged over an epoch.

A metric is a running, optionally weighted mean of a per-example score s(y, ŷ):
``update_state`` adds a batch, ``result`` gives Σ wₙsₙ / Σ wₙ so far, ``reset_state``
starts again.  Accumulating over batches (rather than averaging batch means) makes the
epoch value exact whatever the batch size, as in Keras.
"""

from __future__ import annotations

import numpy as np

from .registry import Named, Registry, serialize
from .validation import number, positive_int


class Metric(Named):
    """A running weighted mean of ``score(y_true, y_pred)``, one value per example."""

    def __init__(self, name: str | None = None):
        self.display_name = name
        self.reset_state()

    @property
    def log_name(self) -> str:
        """The key under which the metric appears in logs and History."""
        return self.display_name or self.registry_name

    def score(self, y_true, y_pred):
        raise NotImplementedError

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        values = np.asarray(self.score(y_true, y_pred), dtype=np.float64)
        if sample_weight is None:
            self.total += float(values.sum())
            self.count += values.size
        else:
            weights = np.asarray(sample_weight, dtype=np.float64)
            self.total += float((values * weights).sum())
            self.count += float(weights.sum())

    def result(self) -> float:
        return self.total / self.count if self.count else 0.0

    def reset_state(self) -> None:
        self.total = 0.0
        self.count = 0

    def get_config(self):
        config = super().get_config()
        # The constructor's name is kept as display_name (``name`` is the registry name),
        # and saved only when one was given.
        config.pop("name", None)
        if self.display_name:
            config["name"] = self.display_name
        return config


METRICS = Registry("metric", Metric)
register = METRICS.register


@register("binary_accuracy")
class BinaryAccuracy(Metric):
    """The fraction of outputs on the right side of ``threshold``: mean over outputs of
    [ŷ > t] = y, for binary and multi-label tasks."""

    def __init__(self, threshold: float = 0.5, name: str | None = None):
        self.threshold = number("BinaryAccuracy threshold", threshold)
        super().__init__(name)

    def score(self, y_true, y_pred):
        return ((y_pred > self.threshold) == (y_true > 0.5)).mean(axis=-1)


@register("categorical_accuracy")
class CategoricalAccuracy(Metric):
    """[argmax ŷ = argmax y], for one-hot targets."""

    def score(self, y_true, y_pred):
        return np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)


@register("sparse_categorical_accuracy")
class SparseCategoricalAccuracy(Metric):
    """[argmax ŷ = y], for integer class labels."""

    def score(self, y_true, y_pred):
        return np.argmax(y_pred, axis=-1) == np.asarray(y_true).reshape(-1)


@register("top_k_categorical_accuracy")
class TopKCategoricalAccuracy(Metric):
    """[the true class is among the k largest outputs], for one-hot targets."""

    def __init__(self, k: int = 5, name: str | None = None):
        self.k = positive_int("top_k_categorical_accuracy k", k)
        super().__init__(name)

    def score(self, y_true, y_pred):
        true_class = np.argmax(y_true, axis=-1)
        true_score = y_pred[np.arange(len(y_pred)), true_class]
        # Counting the outputs strictly larger than the true one avoids a full sort.
        return (y_pred > true_score[:, None]).sum(axis=-1) < self.k


@register("mean_absolute_error", "mae")
class MeanAbsoluteError(Metric):
    """(1/k) Σⱼ |yⱼ − ŷⱼ|."""

    def score(self, y_true, y_pred):
        return np.abs(y_true - y_pred).mean(axis=-1)


@register("mean_squared_error", "mse")
class MeanSquaredError(Metric):
    """(1/k) Σⱼ (yⱼ − ŷⱼ)²."""

    def score(self, y_true, y_pred):
        return ((y_true - y_pred) ** 2).mean(axis=-1)


def accuracy_for(loss, output_units: int) -> Metric:
    """The accuracy that fits the loss, as Keras resolves ``metrics=["accuracy"]``:
    sparse labels → sparse categorical; binary cross-entropy or a single output → binary;
    otherwise categorical."""
    if loss.sparse_targets:
        return SparseCategoricalAccuracy(name="accuracy")
    if loss.registry_name == "binary_crossentropy" or output_units == 1:
        return BinaryAccuracy(name="accuracy")
    return CategoricalAccuracy(name="accuracy")


def get(identifier, loss=None, output_units: int | None = None) -> Metric:
    """A :class:`Metric` from a name, an instance, a class or a config dict.  ``"accuracy"``
    (or ``"acc"``) needs the loss and output width to pick the right kind."""
    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        if loss is None or output_units is None:
            raise ValueError("'accuracy' is resolved from the loss; compile the model first.")
        metric = accuracy_for(loss, output_units)
        metric.display_name = identifier
        return metric
    try:
        metric = METRICS.get(identifier)
    except ValueError:
        if not isinstance(identifier, str):
            raise
        raise ValueError(
            f"Unknown metric {identifier!r}. Valid names: {', '.join(names())}."
        ) from None
    if isinstance(identifier, str):
        metric.display_name = identifier
    return metric


def names() -> list[str]:
    return sorted(METRICS.names() + ["accuracy", "acc"])


__all__ = ["Metric", "METRICS", "register", "get", "names", "serialize", "accuracy_for",
           "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
           "TopKCategoricalAccuracy", "MeanAbsoluteError", "MeanSquaredError"]
