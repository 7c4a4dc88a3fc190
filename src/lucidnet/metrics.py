"""Metrics: numbers that describe how well the model does, averaged over an epoch.

A metric is a running, optionally weighted mean of a per-example score s(y, ŷ):
``update_state`` adds a batch, ``result`` gives Σ wₙsₙ / Σ wₙ so far, ``reset_state``
starts again.  Accumulating over batches (rather than averaging batch means) makes the
epoch value exact whatever the batch size, as in Keras.
"""

from __future__ import annotations

import numpy as np

from . import losses
from .config import floatx
from .registry import Named, Registry, serialize
from .validation import (as_floats, as_output_batch, non_negative_int, number, optional,
                         positive_int, same_length, values_within)


class Metric(Named):
    """A running weighted mean of ``score(y_true, y_pred)``, one value per example."""

    #: True when targets are integer class indices rather than arrays shaped like ŷ.
    sparse_targets = False

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

    sparse_targets = True

    def score(self, y_true, y_pred):
        return np.argmax(y_pred, axis=-1) == np.asarray(y_true).reshape(-1)


@register("top_k_categorical_accuracy")
class TopKCategoricalAccuracy(Metric):
    """[the true class is among the k largest outputs], for one-hot targets."""

    def __init__(self, k: int = 5, name: str | None = None):
        self.k = positive_int("top_k_categorical_accuracy k", k)
        super().__init__(name)

    def score(self, y_true, y_pred):
        return _in_top_k(y_pred, np.argmax(y_true, axis=-1), self.k)


@register("sparse_top_k_categorical_accuracy")
class SparseTopKCategoricalAccuracy(TopKCategoricalAccuracy):
    """[the true class is among the k largest outputs], for integer class labels."""

    sparse_targets = True

    def score(self, y_true, y_pred):
        return _in_top_k(y_pred, np.asarray(y_true).reshape(-1).astype(np.intp), self.k)


def _in_top_k(y_pred, true_class, k: int):
    true_score = y_pred[np.arange(len(y_pred)), true_class]
    # Counting the outputs strictly larger than the true one avoids a full sort.
    return (y_pred > true_score[:, None]).sum(axis=-1) < k


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


@register("root_mean_squared_error")
class RootMeanSquaredError(MeanSquaredError):
    """√(Σₙ wₙ (1/k) Σⱼ (yⱼ − ŷⱼ)² / Σₙ wₙ): the root of the epoch's mean squared error
    (not the mean of each batch's root), in the units of the targets."""

    def result(self) -> float:
        return float(np.sqrt(super().result()))


class _ConfusionRatio(Metric):
    """A ratio of counts over every output of every example, thresholded at t:
    Σ [counted ∧ hit] / Σ [counted], each example weighted by its sample weight.

    Subclasses say which event is counted (the denominator) and which is a hit, from the
    predicted positives ŷ > t and the actual positives y > 0.5."""

    def __init__(self, thresholds: float | None = None, class_id: int | None = None,
                 name: str | None = None):
        self.thresholds = optional(number, f"{type(self).__name__} thresholds", thresholds,
                                   at_least=0, at_most=1)
        self.class_id = optional(non_negative_int, f"{type(self).__name__} class_id", class_id)
        super().__init__(name)

    def counted_and_hit(self, predicted, actual):
        raise NotImplementedError

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if y_true.shape != y_pred.shape:
            raise ValueError(
                f"{type(self).__name__} expects targets shaped like the outputs, {y_pred.shape}, "
                f"got {y_true.shape}. Hint: one-hot encode labels with "
                f"lucidnet.utils.to_categorical."
            )
        if self.class_id is not None:
            y_true, y_pred = y_true[:, self.class_id], y_pred[:, self.class_id]
        y_true = y_true.reshape(len(y_pred), -1)
        y_pred = y_pred.reshape(len(y_pred), -1)
        threshold = 0.5 if self.thresholds is None else self.thresholds
        counted, hit = self.counted_and_hit(y_pred > threshold, y_true > 0.5)
        weights = (np.ones(len(y_pred)) if sample_weight is None
                   else np.asarray(sample_weight, dtype=np.float64))[:, None]
        self.total += float((weights * (counted & hit)).sum())
        self.count += float((weights * counted).sum())


@register("precision")
class Precision(_ConfusionRatio):
    """TP / (TP + FP): of the outputs predicted positive (ŷ > t, t = 0.5 by default), the
    fraction that are positive, over every output (or the column ``class_id`` alone)."""

    def counted_and_hit(self, predicted, actual):
        return predicted, actual


@register("recall")
class Recall(_ConfusionRatio):
    """TP / (TP + FN): of the positive outputs (y = 1), the fraction predicted positive
    (ŷ > t, t = 0.5 by default), over every output (or the column ``class_id`` alone)."""

    def counted_and_hit(self, predicted, actual):
        return actual, predicted


# -- Keras's loss-based metrics: the running mean of a loss's Cₙ ---------------------------------
class LossMean(Metric):
    """The weighted mean over the epoch of the loss ``loss_class``'s Cₙ, the same formula
    (its ``per_sample``), as Keras's ``MeanMetricWrapper`` over a loss function."""

    loss_class: type = losses.Loss

    def score(self, y_true, y_pred):
        return self.loss_class().per_sample(y_true, y_pred)


@register("mean_absolute_percentage_error", "mape")
class MeanAbsolutePercentageError(LossMean):
    """(100/k) Σⱼ |yⱼ − ŷⱼ| / max(|yⱼ|, ε) (see :class:`lucidnet.losses.MeanAbsolutePercentageError`)."""

    loss_class = losses.MeanAbsolutePercentageError


@register("mean_squared_logarithmic_error", "msle")
class MeanSquaredLogarithmicError(LossMean):
    """(1/k) Σⱼ (ln(1 + ŷⱼ) − ln(1 + yⱼ))² (see :class:`lucidnet.losses.MeanSquaredLogarithmicError`)."""

    loss_class = losses.MeanSquaredLogarithmicError


@register("logcosh", "log_cosh_error", "log_cosh")
class LogCoshError(LossMean):
    """(1/k) Σⱼ ln cosh(ŷⱼ − yⱼ) (see :class:`lucidnet.losses.LogCosh`); logged as ``logcosh``,
    Keras's name for it."""

    loss_class = losses.LogCosh


@register("kl_divergence", "kld", "kullback_leibler_divergence")
class KLDivergence(LossMean):
    """Σⱼ yⱼ ln(yⱼ/ŷⱼ), both clipped to [ε, 1] (see :class:`lucidnet.losses.KLDivergence`)."""

    loss_class = losses.KLDivergence


@register("poisson")
class Poisson(LossMean):
    """(1/k) Σⱼ [ŷⱼ − yⱼ ln(ŷⱼ + ε)] (see :class:`lucidnet.losses.Poisson`)."""

    loss_class = losses.Poisson


@register("hinge")
class Hinge(LossMean):
    """(1/k) Σⱼ max(1 − yⱼŷⱼ, 0), 0/1 labels read as −1/1 (see :class:`lucidnet.losses.Hinge`)."""

    loss_class = losses.Hinge


@register("squared_hinge")
class SquaredHinge(LossMean):
    """(1/k) Σⱼ max(1 − yⱼŷⱼ, 0)² (see :class:`lucidnet.losses.SquaredHinge`)."""

    loss_class = losses.SquaredHinge


@register("categorical_hinge")
class CategoricalHinge(LossMean):
    """max(maxⱼ (1 − yⱼ)ŷⱼ − Σⱼ yⱼŷⱼ + 1, 0) (see :class:`lucidnet.losses.CategoricalHinge`)."""

    loss_class = losses.CategoricalHinge


@register("cosine_similarity")
class CosineSimilarity(LossMean):
    """cos(y, ŷ) = Σⱼ ỹⱼŷ̃ⱼ with ṽ = v / max(‖v‖, ε) along ``axis``: 1 for a perfect match, as
    Keras's metric, the opposite of the loss :class:`lucidnet.losses.CosineSimilarity`."""

    def __init__(self, axis: int = -1, name: str | None = None):
        self.axis = losses.CosineSimilarity(axis).axis
        super().__init__(name)

    def score(self, y_true, y_pred):
        return -losses.CosineSimilarity(self.axis).per_sample(y_true, y_pred)


#: Keras's ``keras.metrics`` functions of the same losses: the same functions.
mean_absolute_percentage_error = losses.mean_absolute_percentage_error
mean_squared_logarithmic_error = losses.mean_squared_logarithmic_error
log_cosh, kl_divergence, poisson = losses.log_cosh, losses.kl_divergence, losses.poisson
hinge, squared_hinge, categorical_hinge = losses.hinge, losses.squared_hinge, losses.categorical_hinge


def cosine_similarity(y_true, y_pred, axis: int = -1) -> np.ndarray:
    """cos(y, ŷ) for each example, as ``keras.metrics.cosine_similarity`` (the loss's opposite).

    >>> cosine_similarity([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]).round(6) + 0.0
    array([ 0.,  1., -1.])
    """
    return -losses.cosine_similarity(y_true, y_pred, axis)


# -- Keras's functions: the score of each example ------------------------------------------------
def binary_accuracy(y_true, y_pred, threshold: float = 0.5) -> np.ndarray:
    """[ŷ > t] = y averaged over the outputs, for each example (``keras.metrics.binary_accuracy``).

    >>> binary_accuracy([[1, 0], [1, 1]], [[0.9, 0.2], [0.4, 0.6]])
    array([1. , 0.5])
    """
    return _per_example(BinaryAccuracy(threshold), y_true, y_pred)


def categorical_accuracy(y_true, y_pred) -> np.ndarray:
    """[argmax ŷ = argmax y] for each example (``keras.metrics.categorical_accuracy``)."""
    return _per_example(CategoricalAccuracy(), y_true, y_pred)


def sparse_categorical_accuracy(y_true, y_pred) -> np.ndarray:
    """[argmax ŷ = y] for each example (``keras.metrics.sparse_categorical_accuracy``).

    >>> sparse_categorical_accuracy([2, 1], [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]])
    array([1., 0.])
    """
    return _per_example(SparseCategoricalAccuracy(), y_true, y_pred)


def top_k_categorical_accuracy(y_true, y_pred, k: int = 5) -> np.ndarray:
    """[the true class is among the k largest outputs] for each example, one-hot targets."""
    return _per_example(TopKCategoricalAccuracy(k), y_true, y_pred)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k: int = 5) -> np.ndarray:
    """[the true class is among the k largest outputs] for each example, integer labels."""
    return _per_example(SparseTopKCategoricalAccuracy(k), y_true, y_pred)


def _per_example(metric: Metric, y_true, y_pred) -> np.ndarray:
    """sₙ for each example, in ``y_pred``'s float dtype (lucidnet's float type for others)."""
    y_pred = as_output_batch(f"{metric.name} y_pred", y_pred, floatx())
    name = f"{metric.name} y_true"
    y_true = as_floats(name, y_true, y_pred.dtype)
    same_length(name, y_true, f"{metric.name} y_pred", y_pred)
    if metric.sparse_targets:
        labels = y_true.reshape(len(y_true), -1)
        if labels.shape[1] != 1 or not np.all(labels == np.round(labels)):
            raise ValueError(
                f"{name} must hold one integer class label per example, shape "
                f"({len(y_pred)},), got shape {y_true.shape}"
                + (f". Hint: for one-hot targets use {metric.name.removeprefix('sparse_')}."
                   if y_true.shape == y_pred.shape else ".")
            )
        values_within(name, labels, 0, y_pred.shape[-1] - 1)
        y_true = labels[:, 0].astype(np.intp)
    elif y_true.shape != y_pred.shape:
        raise ValueError(
            f"{name} must be shaped like y_pred, {y_pred.shape}, got shape {y_true.shape}."
            + (f" Hint: these look like integer class labels: use sparse_{metric.name}."
               if y_true.ndim == 1 and metric.name in ("categorical_accuracy",
                                                        "top_k_categorical_accuracy") else "")
        )
    return np.asarray(metric.score(y_true, y_pred), dtype=y_pred.dtype)


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
           "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy", "MeanAbsoluteError",
           "MeanSquaredError", "RootMeanSquaredError", "Precision", "Recall",
           "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
           "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
           # Keras's loss-based metrics
           "LossMean", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
           "LogCoshError", "KLDivergence", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge",
           "CosineSimilarity", "mean_absolute_percentage_error", "mean_squared_logarithmic_error",
           "log_cosh", "kl_divergence", "poisson", "hinge", "squared_hinge", "categorical_hinge",
           "cosine_similarity"]
