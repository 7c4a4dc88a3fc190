"""Metrics: numbers that describe how well the model does, averaged over an epoch.

A metric is a running, optionally weighted mean of a per-example score s(y, ŷ):
`update_state` adds a batch, `result` gives Σ wₙsₙ / Σ wₙ so far, `reset_state`
starts again.  Accumulating over batches (rather than averaging batch means) makes the
epoch value exact whatever the batch size, as in Keras.

The shared machinery is in `base.py` ([Metric][lucidnet.metrics.Metric], the registry, `Mean`,
`Sum`, `MeanMetricWrapper` and the running sums), each family in a module of its own
(`accuracy`, `regression`, `loss_based`: the cross-entropies and the other running means of a
loss, `confusion`: precision, recall, the counts at thresholds, AUC and the rates at a
constraint, `f_score`).  This module is their face: [get][lucidnet.metrics.get], which resolves
`"accuracy"` from the loss, and a name for every class."""

from __future__ import annotations

from ..registry import serialize, unknown_name
from .accuracy import (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
                       SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy, accuracy_for,
                       binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
                       sparse_top_k_categorical_accuracy, top_k_categorical_accuracy)
from .base import METRICS, Mean, MeanMetricWrapper, Metric, Sum, register
from .confusion import (AUC, FalseNegatives, FalsePositives, Precision, PrecisionAtRecall, Recall,
                        RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity,
                        TrueNegatives, TruePositives)
from .f_score import F1Score, FBetaScore
from .loss_based import (BinaryCrossentropy, CategoricalCrossentropy, CategoricalHinge,
                         CosineSimilarity, Hinge, KLDivergence, LogCoshError, LossMean,
                         MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Poisson,
                         SparseCategoricalCrossentropy, SquaredHinge, categorical_hinge,
                         cosine_similarity, hinge, kl_divergence, log_cosh,
                         mean_absolute_percentage_error, mean_squared_logarithmic_error, poisson,
                         squared_hinge)
from .regression import MeanAbsoluteError, MeanSquaredError, R2Score, RootMeanSquaredError


def get(identifier, loss=None, output_units: int | None = None) -> Metric | None:
    """A [Metric][lucidnet.metrics.Metric] from a name, an instance, a class or a config dict;
    None for None, as Keras's `metrics.get`.  `"accuracy"` (or `"acc"`) needs the loss and
    output width to pick the right kind."""
    if identifier is None:
        return None
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
        raise unknown_name("metric", identifier, names()) from None
    if isinstance(identifier, str):
        metric.display_name = identifier
    return metric


def names() -> list[str]:
    return sorted(set(METRICS.names()) | {"accuracy", "acc"})


__all__ = ["Metric", "METRICS", "register", "get", "names", "serialize", "accuracy_for",
           "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
           "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy", "MeanAbsoluteError",
           "MeanSquaredError", "RootMeanSquaredError", "Precision", "Recall",
           "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
           "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy"]
__all__ += ["Mean", "Sum", "MeanMetricWrapper", "Accuracy", "BinaryCrossentropy",
            "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "R2Score",
            "TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives", "AUC",
            "PrecisionAtRecall", "RecallAtPrecision", "SensitivityAtSpecificity",
            "SpecificityAtSensitivity", "FBetaScore", "F1Score"]
__all__ += [  # Keras's loss-based metrics
            "LossMean", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
            "LogCoshError", "KLDivergence", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge",
            "CosineSimilarity", "mean_absolute_percentage_error", "mean_squared_logarithmic_error",
            "log_cosh", "kl_divergence", "poisson", "hinge", "squared_hinge", "categorical_hinge",
            "cosine_similarity"]
