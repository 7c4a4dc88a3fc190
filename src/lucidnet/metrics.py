"""Metrics: numbers that describe how well the model does, averaged over an epoch.

A metric is a running, optionally weighted mean of a per-example score s(y, ŷ):
``update_state`` adds a batch, ``result`` gives Σ wₙsₙ / Σ wₙ so far, ``reset_state``
starts again.  Accumulating over batches (rather than averaging batch means) makes the
epoch value exact whatever the batch size, as in Keras.
"""

from __future__ import annotations

import numpy as np

import warnings

from . import losses
from .activations import sigmoid
from .config import epsilon, floatx
from .registry import Named, Registry, serialize, unknown_name
from .validation import (as_floats, as_output_batch, boolean, choice, integer, is_number,
                         non_negative_int, number, optional, positive_int, positive_number,
                         same_length, sequence, values_within)


class Metric(Named):
    """A running weighted mean of ``score(y_true, y_pred)``, one value per example."""

    #: True when targets are integer class indices rather than arrays shaped like ŷ.
    sparse_targets = False
    #: The targets a metric that picks a class by argmax reads ("labels" or "one-hot"), so that
    #: compile can refuse one that contradicts the loss; None for a metric of any targets.
    class_targets: str | None = None

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

    def state_values(self) -> np.ndarray:
        """The running sums as one float64 vector, which distributed training adds up over
        the ranks (then :meth:`set_state_values`) so that every rank holds the whole set's."""
        return np.array([self.total, self.count], dtype=np.float64)

    def set_state_values(self, values) -> None:
        self.total, self.count = float(values[0]), float(values[1])

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

    class_targets = "one-hot"

    def score(self, y_true, y_pred):
        return np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)


@register("sparse_categorical_accuracy")
class SparseCategoricalAccuracy(Metric):
    """[argmax ŷ = y], for integer class labels."""

    sparse_targets = True
    class_targets = "labels"

    def score(self, y_true, y_pred):
        return np.argmax(y_pred, axis=-1) == np.asarray(y_true).reshape(-1)


@register("top_k_categorical_accuracy")
class TopKCategoricalAccuracy(Metric):
    """[the true class is among the k largest outputs], for one-hot targets."""

    class_targets = "one-hot"

    def __init__(self, k: int = 5, name: str | None = None):
        self.k = positive_int("top_k_categorical_accuracy k", k)
        super().__init__(name)

    def score(self, y_true, y_pred):
        return _in_top_k(y_pred, np.argmax(y_true, axis=-1), self.k)


@register("sparse_top_k_categorical_accuracy")
class SparseTopKCategoricalAccuracy(TopKCategoricalAccuracy):
    """[the true class is among the k largest outputs], for integer class labels."""

    sparse_targets = True
    class_targets = "labels"

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
        y_true, y_pred = _paired(self, y_true, y_pred)
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


# -- Keras's other metric classes: reductions, exact accuracy, cross-entropies, R², counts at
# thresholds, AUC and the F-scores.  Each keeps running sums (``state_values``) that batches
# add to and ranks add up, so the epoch's value is the whole dataset's.
@register("mean")
class Mean(Metric):
    """The running weighted mean Σₙ wₙvₙ / Σₙ wₙ of the values given to ``update_state``
    (each example's values averaged first when there are several), as ``keras.metrics.Mean``.

    >>> mean = Mean()
    >>> mean.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    >>> mean.result()
    2.0
    """

    def __init__(self, name: str | None = None):
        super().__init__(name)

    def update_state(self, values, sample_weight=None) -> None:
        values = as_floats(f"{self.log_name} values", values, np.float64).astype(np.float64)
        if sample_weight is None:
            per_example = values.reshape(len(values), -1).mean(axis=1) if values.ndim else values
            self.total += float(per_example.sum())
            self.count += per_example.size
            return
        values, weights = _with_weights(f"{self.log_name}", values, sample_weight)
        # Keras's rule: values → one per weight (mean over the extra axes), weighted, then
        # each example's mean; the weights likewise per example.
        weighted = (values * weights).reshape(len(values), -1).mean(axis=1) if values.ndim else values * weights
        self.total += float(np.sum(weighted))
        self.count += float(weights.reshape(len(weights), -1).mean(axis=1).sum()
                            if weights.ndim else weights)


@register("sum")
class Sum(Metric):
    """The running weighted sum Σ w·v of every value given to ``update_state``.

    >>> total = Sum()
    >>> total.update_state([1, 3, 5, 7])
    >>> total.result()
    16.0
    """

    def __init__(self, name: str | None = None):
        super().__init__(name)

    def update_state(self, values, sample_weight=None) -> None:
        values = as_floats(f"{self.log_name} values", values, np.float64).astype(np.float64)
        if sample_weight is not None:
            values, weights = _with_weights(self.log_name, values, sample_weight)
            values = values * weights
        self.total += float(values.sum())

    def result(self) -> float:
        return self.total


def _with_weights(name: str, values: np.ndarray, sample_weight):
    """``values`` and the weights broadcast against them: one weight per example (its
    values share it), one per value, or one for all."""
    weights = as_floats(f"{name} sample_weight", sample_weight, np.float64).astype(np.float64)
    if weights.ndim and (weights.ndim > values.ndim
                         or values.shape[:weights.ndim] != weights.shape):
        raise ValueError(f"{name} sample_weight must have one weight per example, shape "
                         f"({len(values)},), or the values' shape {values.shape}; got shape "
                         f"{weights.shape}.")
    return values, np.broadcast_to(weights.reshape(weights.shape + (1,) * (values.ndim - weights.ndim)),
                                   values.shape)


class MeanMetricWrapper(Mean):
    """The running weighted mean of ``fn(y_true, y_pred, **kwargs)``, one value per example
    (several are averaged), as ``keras.metrics.MeanMetricWrapper``: any function of the
    targets and outputs becomes a metric for ``compile(metrics=[...])``.

    >>> metric = MeanMetricWrapper(lambda y, p: abs(y - p).max(axis=-1), name="max_error")
    >>> metric.update_state(np.array([[0.0, 1.0]]), np.array([[0.5, 0.0]]))
    >>> metric.log_name, metric.result()
    ('max_error', 1.0)
    """

    registry_name = "mean_metric_wrapper"

    def __init__(self, fn, name: str | None = None, **kwargs):
        if not callable(fn):
            raise TypeError(f"MeanMetricWrapper fn must be a function of (y_true, y_pred), got "
                            f"{fn!r}.")
        self.fn = fn
        self.kwargs = kwargs
        super().__init__(name)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        super().update_state(self.fn(y_true, y_pred, **self.kwargs), sample_weight)

    def get_config(self):
        return {**super().get_config(), **self.kwargs}


def _paired(metric: Metric, y_true, y_pred):
    """(y_true, y_pred) as float arrays of one shape; (N,) targets for (N, 1) outputs are
    reshaped, as Keras does, and other mismatches refused with the shapes."""
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true)
    if y_true.shape != y_pred.shape and y_true.size == y_pred.size and (
            y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1
            or y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1):
        y_true = y_true.reshape(y_pred.shape)
    if y_true.shape != y_pred.shape:
        hint = (" Hint: one-hot encode labels with lucidnet.utils.to_categorical."
                if y_true.ndim == 1 and y_pred.ndim == 2 else "")
        raise ValueError(f"{type(metric).__name__} expects targets shaped like the outputs, "
                         f"{y_pred.shape}, got {y_true.shape}.{hint}")
    return y_true, y_pred


def _two_dimensional(metric: Metric, y_true, y_pred):
    y_true, y_pred = _paired(metric, y_true, y_pred)
    if y_pred.ndim != 2:
        raise ValueError(f"{type(metric).__name__} expects outputs of shape (batch, outputs), "
                         f"got shape {y_pred.shape}.")
    return y_true, y_pred


def _example_weights(sample_weight, n: int) -> np.ndarray:
    """One float64 weight per example, as a column: ones when none are given."""
    if sample_weight is None:
        return np.ones((n, 1))
    return np.asarray(sample_weight, dtype=np.float64).reshape(n, 1)


@register("accuracy")
class Accuracy(Metric):
    """[ŷ = y]: how often the outputs equal the targets exactly, averaged over each
    example's outputs (``keras.metrics.Accuracy``, for outputs already turned into labels).
    The string ``"accuracy"`` in ``compile`` is the accuracy that fits the loss instead
    (:func:`accuracy_for`), as in Keras.

    >>> metric = Accuracy()
    >>> metric.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> metric.result()
    0.75
    """

    def __init__(self, name: str | None = None):
        super().__init__(name)

    def score(self, y_true, y_pred):
        y_true, y_pred = _paired(self, y_true, y_pred)
        return (y_true == y_pred).reshape(len(y_pred), -1).mean(axis=-1)


class _CrossentropyMetric(Metric):
    """The mean of a cross-entropy loss's Cₙ over examples: the loss of the same name
    (:mod:`lucidnet.losses`), read as a metric, with Keras's label smoothing."""

    loss_class: type

    def score(self, y_true, y_pred):
        y_true, y_pred = self._targets(y_true, y_pred)
        return self.loss_class(from_logits=self.from_logits).per_sample(y_true, y_pred)

    def _targets(self, y_true, y_pred):
        y_true, y_pred = _paired(self, y_true, y_pred)
        return y_true.astype(y_pred.dtype, copy=False), y_pred


@register("binary_crossentropy", "bce")
class BinaryCrossentropy(_CrossentropyMetric):
    """(1/k) Σⱼ −[yⱼ ln ŷⱼ + (1 − yⱼ) ln(1 − ŷⱼ)] per example, averaged over examples;
    label smoothing s replaces y by y(1 − s) + s/2 (``keras.metrics.BinaryCrossentropy``)."""

    loss_class = losses.BinaryCrossentropy

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0, name: str | None = None):
        self.from_logits = boolean("BinaryCrossentropy from_logits", from_logits)
        self.label_smoothing = number("BinaryCrossentropy label_smoothing", label_smoothing,
                                      at_least=0, at_most=1)
        super().__init__(name)

    def _targets(self, y_true, y_pred):
        y_true, y_pred = super()._targets(y_true, y_pred)
        if self.label_smoothing:
            y_true = y_true * (1.0 - self.label_smoothing) + 0.5 * self.label_smoothing
        return y_true, y_pred


@register("categorical_crossentropy")
class CategoricalCrossentropy(_CrossentropyMetric):
    """−Σⱼ yⱼ ln ŷⱼ per example, for one-hot targets, averaged over examples; label
    smoothing s replaces y by y(1 − s) + s/k (``keras.metrics.CategoricalCrossentropy``)."""

    loss_class = losses.CategoricalCrossentropy

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0, name: str | None = None):
        self.from_logits = boolean("CategoricalCrossentropy from_logits", from_logits)
        self.label_smoothing = number("CategoricalCrossentropy label_smoothing", label_smoothing,
                                      at_least=0, at_most=1)
        super().__init__(name)

    def _targets(self, y_true, y_pred):
        y_true, y_pred = super()._targets(y_true, y_pred)
        if self.label_smoothing:
            y_true = y_true * (1.0 - self.label_smoothing) + self.label_smoothing / y_pred.shape[-1]
        return y_true, y_pred


@register("sparse_categorical_crossentropy")
class SparseCategoricalCrossentropy(_CrossentropyMetric):
    """−ln ŷ_{yₙ} per example, for integer class labels, averaged over examples
    (``keras.metrics.SparseCategoricalCrossentropy``)."""

    sparse_targets = True
    loss_class = losses.SparseCategoricalCrossentropy

    def __init__(self, from_logits: bool = False, name: str | None = None):
        self.from_logits = boolean("SparseCategoricalCrossentropy from_logits", from_logits)
        super().__init__(name)

    def _targets(self, y_true, y_pred):
        y_pred = np.asarray(y_pred)
        labels = np.asarray(y_true).reshape(-1)
        if labels.size != len(y_pred):
            raise ValueError(
                f"SparseCategoricalCrossentropy expects one integer class label per example, "
                f"shape ({len(y_pred)},), got shape {np.shape(y_true)}. Hint: for one-hot "
                f"targets use CategoricalCrossentropy.")
        return labels.astype(np.intp), y_pred


class _Sums(Metric):
    """A metric whose state is named arrays of running sums, ``self.sums`` (None until the
    first batch when their shape depends on the data)."""

    def reset_state(self) -> None:
        shapes = self.sum_shapes()
        self.sums = None if shapes is None else {name: np.zeros(shape) for name, shape in shapes.items()}

    def sum_shapes(self, y_pred=None) -> dict | None:
        """{name: shape} of the sums, from the outputs when they decide it; None if unknown."""
        raise NotImplementedError

    def allocate(self, y_pred) -> dict:
        if self.sums is None:
            self.sums = {name: np.zeros(shape) for name, shape in self.sum_shapes(y_pred).items()}
        return self.sums

    def state_values(self) -> np.ndarray:
        if self.sums is None:
            return np.zeros(0)
        return np.concatenate([np.ravel(array) for array in self.sums.values()])

    def set_state_values(self, values) -> None:
        start = 0
        for array in (self.sums or {}).values():
            array.flat[:] = values[start:start + array.size]
            start += array.size


@register("r2_score")
class R2Score(_Sums):
    """R² = 1 − Σ w(y − ŷ)² / Σ w(y − ȳ)² for each output, from running sums over the
    whole dataset, then averaged over outputs (``class_aggregation="uniform_average"``), or
    weighted by each output's variance (``"variance_weighted_average"``), or one per output
    (None).  With ``num_regressors`` p, the adjusted 1 − (1 − R²)(n − 1)/(n − p − 1), n the
    number of target values (``keras.metrics.R2Score``).

    >>> metric = R2Score()
    >>> metric.update_state(np.array([[1.0], [4.0], [3.0]]), np.array([[2.0], [2.0], [4.0]]))
    >>> round(metric.result(), 4)
    -0.2857
    """

    def __init__(self, class_aggregation: str | None = "uniform_average", num_regressors: int = 0,
                 name: str | None = None):
        self.class_aggregation = choice("R2Score class_aggregation", class_aggregation,
                                        (None, "uniform_average", "variance_weighted_average"))
        self.num_regressors = non_negative_int("R2Score num_regressors", num_regressors)
        super().__init__(name)

    def sum_shapes(self, y_pred=None):
        if y_pred is None:
            return None
        k = y_pred.shape[-1]
        return {"sum": (k,), "squared_sum": (k,), "residual": (k,), "count": (k,), "values": ()}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = _two_dimensional(self, y_true, y_pred)
        sums = self.allocate(y_pred)
        y_true, y_pred = y_true.astype(np.float64), y_pred.astype(np.float64)
        w = np.broadcast_to(_example_weights(sample_weight, len(y_pred)), y_true.shape)
        sums["sum"] += (w * y_true).sum(axis=0)
        sums["squared_sum"] += (w * y_true * y_true).sum(axis=0)
        sums["residual"] += (w * (y_true - y_pred) ** 2).sum(axis=0)
        sums["count"] += w.sum(axis=0)
        sums["values"] += y_true.size

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
            return raw
        n, p = float(s["values"]), self.num_regressors
        if p and p > n - 1:
            warnings.warn("More independent predictors than datapoints in adjusted R2 score. "
                          "Falling back to standard R2 score.", stacklevel=2)
        elif p and p == n - 1:
            warnings.warn("Division by zero in Adjusted R2 score. Falling back to standard R2 "
                          "score.", stacklevel=2)
        elif p:
            score = 1 - (1 - score) * (n - 1) / (n - p - 1)
        return float(score)


# -- counts at thresholds: TP, FP, TN, FN, and what is read from them -------------------------
def _threshold_list(owner: str, thresholds, default: float = 0.5) -> list[float]:
    """``thresholds`` (one number or several) as a list of numbers in [0, 1]."""
    if thresholds is None:
        return [default]
    values = [thresholds] if is_number(thresholds) else sequence(f"{owner} thresholds", thresholds)
    return [number(f"{owner} thresholds", value, at_least=0, at_most=1) for value in values]


def _evenly_spaced(grid) -> bool:
    """True for the grid 0, 1/(T−1), …, 1 (at least 3 points), which Keras counts in buckets."""
    return len(grid) >= 3 and np.allclose(grid, np.arange(len(grid)) / (len(grid) - 1),
                                          atol=1e-7)


def _confusion_counts(y_true, y_pred, grid, sample_weight=None, multi_label=False,
                     evenly=False, epsilon_ends=False) -> dict:
    """TP, FP, TN, FN at each threshold t of ``grid``: an output is predicted positive when
    ŷ > t, actually positive when y ≠ 0, each counted with its example's weight.

    Shapes (T,), every output of every example pooled, or (T, L) per output column with
    ``multi_label``.  An evenly spaced grid (``evenly``: 0, 1/(T−1), …, 1) is counted as
    Keras counts it, in O(N + T): ŷ ∈ [0, 1] falls in bucket ⌈ŷ(T−1)⌉ − 1 and is positive
    at every threshold up to its bucket (with ``epsilon_ends``, AUC's grid whose ends are
    −ε and 1 + ε, bucket 0 at least).
    """
    y_pred = np.asarray(y_pred)
    positive = np.asarray(y_true) != 0
    weights = np.broadcast_to(_example_weights(sample_weight, len(y_pred)).reshape(
        (len(y_pred),) + (1,) * (y_pred.ndim - 1)), y_pred.shape)
    columns = y_pred.shape[-1] if multi_label else 1
    y_pred, positive, weights = (array.reshape(-1, columns) for array in (y_pred, positive, weights))
    hits, misses = weights * positive, weights * ~positive
    T = len(grid)
    if evenly:
        p = np.clip(y_pred, 0, 1)
        bucket = (np.ceil(p * p.dtype.type(T - 1)) - 1).astype(np.intp)
        if epsilon_ends:
            bucket = np.maximum(bucket, 0)
        cell = bucket * columns + np.arange(columns)  # (bucket, column) flattened
        kept = bucket >= 0  # ŷ = 0 exceeds no threshold of a grid starting at 0
        per_bucket = [np.bincount(cell[kept], weights[kept], minlength=T * columns).reshape(T, columns)
                      for weights in (hits, misses)]
        tp, fp = (np.cumsum(counts[::-1], axis=0)[::-1] for counts in per_bucket)
    else:
        predicted = y_pred[None] > np.asarray(grid, dtype=y_pred.dtype).reshape(T, 1, 1)
        tp, fp = (predicted * hits[None]).sum(axis=1), (predicted * misses[None]).sum(axis=1)
    tn, fn = misses.sum(axis=0) - fp, hits.sum(axis=0) - tp
    counts = {"tp": tp, "fp": fp, "tn": tn, "fn": fn}
    return counts if multi_label else {name: value[:, 0] for name, value in counts.items()}


def _ratio(numerator, denominator):
    """numerator / denominator, 0 where the denominator is 0 (Keras's divide_no_nan)."""
    numerator, denominator = np.asarray(numerator, dtype=np.float64), np.asarray(denominator, dtype=np.float64)
    return np.divide(numerator, denominator, out=np.zeros(np.broadcast(numerator, denominator).shape),
                     where=denominator != 0)


class _AtThresholds(_Sums):
    """A metric read from the counts TP, FP, TN, FN at a grid of thresholds (``self.grid``),
    accumulated over batches; ``counted`` names the counts it keeps."""

    counted: tuple[str, ...] = ("tp", "fp", "tn", "fn")
    evenly = False
    epsilon_ends = False
    multi_label = False
    class_id = None

    def sum_shapes(self, y_pred=None):
        return {name: (len(self.grid),) for name in self.counted}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = _paired(self, y_true, y_pred)
        if self.class_id is not None:
            if y_pred.ndim != 2 or self.class_id >= y_pred.shape[1]:
                raise ValueError(f"{type(self).__name__} class_id={self.class_id} needs outputs "
                                 f"of shape (batch, more than {self.class_id}), got shape "
                                 f"{y_pred.shape}.")
            y_true, y_pred = y_true[:, self.class_id], y_pred[:, self.class_id]
        sums = self.allocate(y_pred)
        counts = _confusion_counts(y_true, y_pred, self.grid, sample_weight, self.multi_label,
                                  self.evenly, self.epsilon_ends)
        for name in self.counted:
            sums[name] += counts[name]


class _Count(_AtThresholds):
    """One of TP, FP, TN, FN at each threshold (ŷ > t; t = 0.5 when ``thresholds`` is None):
    a number, or one per threshold when several are given."""

    def __init__(self, thresholds: float | list | None = None, name: str | None = None):
        self.grid = _threshold_list(type(self).__name__, thresholds)
        self.thresholds = (None if thresholds is None else self.grid[0] if is_number(thresholds)
                           else list(self.grid))
        self.evenly = _evenly_spaced(self.grid)
        super().__init__(name)

    def result(self):
        counts = self.sums[self.counted[0]]
        return float(counts[0]) if len(counts) == 1 else counts.copy()


@register("true_positives")
class TruePositives(_Count):
    """TP: the weighted count of outputs predicted positive (ŷ > t) that are positive (y = 1)."""

    counted = ("tp",)


@register("false_positives")
class FalsePositives(_Count):
    """FP: the weighted count of outputs predicted positive (ŷ > t) that are negative (y = 0)."""

    counted = ("fp",)


@register("true_negatives")
class TrueNegatives(_Count):
    """TN: the weighted count of outputs predicted negative (ŷ ≤ t) that are negative (y = 0)."""

    counted = ("tn",)


@register("false_negatives")
class FalseNegatives(_Count):
    """FN: the weighted count of outputs predicted negative (ŷ ≤ t) that are positive (y = 1)."""

    counted = ("fn",)


#: Keras's spellings of each curve and summation method.
_CURVES = {"ROC": "ROC", "roc": "ROC", "PR": "PR", "pr": "PR", "PRGAIN": "PRGAIN", "prgain": "PRGAIN"}
_SUMMATIONS = {"interpolation": "interpolation", "Interpolation": "interpolation",
               "minoring": "minoring", "Minoring": "minoring", "majoring": "majoring",
               "Majoring": "majoring"}


@register("auc")
class AUC(_AtThresholds):
    """The area under the ROC curve (recall against false-positive rate) or the PR curve
    (precision against recall), from TP, FP, TN, FN at ``num_thresholds`` thresholds,
    accumulated over every batch (``keras.metrics.AUC``).

    The thresholds are −ε, 1/(T−1), 2/(T−1), …, (T−2)/(T−1), 1 + ε (ε = 10⁻⁷), or −ε, the
    sorted ``thresholds`` given, 1 + ε.  Between neighbouring thresholds i and i + 1 the area
    adds (xᵢ − xᵢ₊₁)·h with h = (yᵢ + yᵢ₊₁)/2 for ``summation_method="interpolation"``,
    min(yᵢ, yᵢ₊₁) for ``"minoring"``, max for ``"majoring"``.  The PR curve with
    interpolation follows Davis & Goadrich (2006), interpolating TP and TP + FP linearly
    between thresholds rather than precision:

        precision slope s = ΔTP/ΔP,  intercept c = TPᵢ₊₁ − s·Pᵢ₊₁    (P = TP + FP)
        area += s·(ΔTP + c·ln(Pᵢ/Pᵢ₊₁)) / (TPᵢ₊₁ + FNᵢ₊₁)

    which is Keras's PR-AUC (not scikit-learn's average precision, a step sum).  With
    ``multi_label`` each output column has its own curve and the result is their mean; else
    every output of every example is pooled.  ``from_logits``: ŷ is z, and σ(z) is used.

    >>> auc = AUC(num_thresholds=3)
    >>> auc.update_state([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9])
    >>> auc.result()
    0.75
    """

    epsilon_ends = True

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC",
                 summation_method: str = "interpolation", thresholds: list | None = None,
                 multi_label: bool = False, num_labels: int | None = None,
                 from_logits: bool = False, name: str | None = None):
        self.curve = _CURVES[choice("AUC curve", curve, tuple(_CURVES))]
        self.summation_method = _SUMMATIONS[choice("AUC summation_method", summation_method,
                                                   tuple(_SUMMATIONS))]
        self.multi_label = boolean("AUC multi_label", multi_label)
        self.num_labels = optional(positive_int, "AUC num_labels", num_labels)
        if self.num_labels is not None and not self.multi_label:
            raise ValueError(f"AUC num_labels={num_labels} is needed only when multi_label=True.")
        self.from_logits = boolean("AUC from_logits", from_logits)
        if thresholds is not None:
            inner = sorted(_threshold_list("AUC", thresholds))
            self.thresholds = inner
            self.num_thresholds = len(inner) + 2
            self.evenly = _evenly_spaced([0.0, *inner, 1.0])
        else:
            self.thresholds = None
            self.num_thresholds = integer("AUC num_thresholds", num_thresholds, at_least=2)
            inner = [(i + 1) / (self.num_thresholds - 1) for i in range(self.num_thresholds - 2)]
            self.evenly = True
        self.grid = [-epsilon(), *inner, 1.0 + epsilon()]  # ε when built, as Keras's AUC
        super().__init__(name)

    def sum_shapes(self, y_pred=None):
        if not self.multi_label:
            return super().sum_shapes()
        labels = self.num_labels or (None if y_pred is None else y_pred.shape[-1])
        if labels is None:
            return None
        return {name: (len(self.grid), labels) for name in self.counted}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if self.multi_label and np.ndim(y_pred) != 2:
            raise ValueError(f"AUC with multi_label=True expects outputs of shape (batch, "
                             f"labels), got shape {np.shape(y_pred)}.")
        if self.multi_label and self.sums is not None and np.shape(y_pred)[1] != self.sums["tp"].shape[1]:
            raise ValueError(f"AUC was given {self.sums['tp'].shape[1]} labels before, now "
                             f"outputs of shape {np.shape(y_pred)}.")
        if self.from_logits:
            y_pred = sigmoid(np.asarray(y_pred))
        super().update_state(y_true, y_pred, sample_weight)

    def result(self) -> float:
        if self.sums is None:
            return 0.0
        tp, fp, tn, fn = (self.sums[name] for name in ("tp", "fp", "tn", "fn"))
        if self.curve == "PR" and self.summation_method == "interpolation":
            terms = self._interpolated_precision_recall(tp, fp, fn)
        else:
            recall = _ratio(tp, tp + fn)
            if self.curve == "ROC":
                x, y = _ratio(fp, fp + tn), recall
            elif self.curve == "PR":
                x, y = recall, _ratio(tp, tp + fp)
            else:  # the precision-recall-gain curve (Flach & Kull 2015)
                scale = _ratio(tp + fn, tn + fp)
                x = np.maximum(np.where(tp == 0, 0.0, 1.0 - scale * _ratio(fn, tp)), 0.0)
                y = np.where(tp == 0, 1.0, 1.0 - scale * _ratio(fp, tp))
            if self.summation_method == "interpolation":
                heights = (y[:-1] + y[1:]) / 2.0
            elif self.summation_method == "minoring":
                heights = np.minimum(y[:-1], y[1:])
            else:
                heights = np.maximum(y[:-1], y[1:])
            terms = (x[:-1] - x[1:]) * heights
        return float(terms.sum(axis=0).mean())

    @staticmethod
    def _interpolated_precision_recall(tp, fp, fn):
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = _ratio(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both = (p[:-1] > 0) & (p[1:] > 0)
        p_ratio = np.where(both, _ratio(p[:-1], np.maximum(p[1:], 0)), 1.0)
        return _ratio(slope * (dtp + intercept * np.log(p_ratio)), np.maximum(tp[1:] + fn[1:], 0))


class _AtConstraint(_AtThresholds):
    """The best value of one rate among the thresholds at which another rate reaches
    ``value``, over the grid 0, 1/(T−1), …, 1 (0.5 alone when T = 1): max over t of
    dependent(t) subject to constrained(t) ≥ value, 0 if no threshold qualifies."""

    def __init__(self, value: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None):
        owner = type(self).__name__
        self.num_thresholds = positive_int(f"{owner} num_thresholds", num_thresholds)
        self.class_id = optional(non_negative_int, f"{owner} class_id", class_id)
        self.value = number(f"{owner} {self.constraint}", value, at_least=0, at_most=1)
        setattr(self, self.constraint, self.value)
        if self.num_thresholds == 1:
            self.grid, self.evenly = [0.5], False
        else:
            self.grid = [0.0, *[(i + 1) / (self.num_thresholds - 1)
                                for i in range(self.num_thresholds - 2)], 1.0]
            self.evenly = True
        super().__init__(name)

    constraint: str

    def rates(self):
        tp, fp, tn, fn = (self.sums[name] for name in ("tp", "fp", "tn", "fn"))
        return {"recall": _ratio(tp, tp + fn), "sensitivity": _ratio(tp, tp + fn),
                "precision": _ratio(tp, tp + fp), "specificity": _ratio(tn, tn + fp)}

    def result(self) -> float:
        rates = self.rates()
        feasible = rates[self.constraint] >= self.value
        return float(np.max(np.where(feasible, rates[self.dependent], 0.0), initial=0.0))


@register("precision_at_recall")
class PrecisionAtRecall(_AtConstraint):
    """The best precision TP/(TP + FP) at a threshold whose recall TP/(TP + FN) is at
    least ``recall`` (``keras.metrics.PrecisionAtRecall``)."""

    constraint, dependent = "recall", "precision"

    def __init__(self, recall: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None):
        super().__init__(recall, num_thresholds, class_id, name)


@register("recall_at_precision")
class RecallAtPrecision(_AtConstraint):
    """The best recall TP/(TP + FN) at a threshold whose precision TP/(TP + FP) is at
    least ``precision`` (``keras.metrics.RecallAtPrecision``)."""

    constraint, dependent = "precision", "recall"

    def __init__(self, precision: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None):
        super().__init__(precision, num_thresholds, class_id, name)


@register("sensitivity_at_specificity")
class SensitivityAtSpecificity(_AtConstraint):
    """The best sensitivity TP/(TP + FN) at a threshold whose specificity TN/(TN + FP) is
    at least ``specificity`` (``keras.metrics.SensitivityAtSpecificity``)."""

    constraint, dependent = "specificity", "sensitivity"

    def __init__(self, specificity: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None):
        super().__init__(specificity, num_thresholds, class_id, name)


@register("specificity_at_sensitivity")
class SpecificityAtSensitivity(_AtConstraint):
    """The best specificity TN/(TN + FP) at a threshold whose sensitivity TP/(TP + FN) is
    at least ``sensitivity`` (``keras.metrics.SpecificityAtSensitivity``)."""

    constraint, dependent = "sensitivity", "specificity"

    def __init__(self, sensitivity: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None):
        super().__init__(sensitivity, num_thresholds, class_id, name)


@register("fbeta_score", "f_beta_score")
class FBetaScore(_Sums):
    """F_β = (1 + β²)·P·R / (β²·P + R) per class, P = TP/(TP + FP) and R = TP/(TP + FN)
    counted over the whole dataset (each with ε = 10⁻⁷ in the denominator, as Keras), for
    one-hot or multi-label targets (``keras.metrics.FBetaScore``).

    An output is predicted positive when it is above ``threshold``, or, when ``threshold``
    is None, when it is its row's largest (and not 0).  ``average``: None gives one score
    per class; ``"micro"`` pools every class's counts; ``"macro"`` is the mean of the
    classes' scores; ``"weighted"`` weighs each class by its number of positives.
    """

    def __init__(self, average: str | None = None, beta: float = 1.0,
                 threshold: float | None = None, name: str | None = None):
        owner = type(self).__name__
        self.average = choice(f"{owner} average", average, (None, "micro", "macro", "weighted"))
        self.beta = positive_number(f"{owner} beta", beta)
        self.threshold = optional(number, f"{owner} threshold", threshold, greater_than=0,
                                  at_most=1)
        super().__init__(name)

    def sum_shapes(self, y_pred=None):
        if self.average == "micro":
            return {name: () for name in ("tp", "fp", "fn", "positives")}
        if y_pred is None:
            return None
        return {name: (y_pred.shape[-1],) for name in ("tp", "fp", "fn", "positives")}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = _two_dimensional(self, y_true, y_pred)
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
        w = _example_weights(sample_weight, len(y_pred))
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
    """F₁ = 2·P·R / (P + R): :class:`FBetaScore` at β = 1 (``keras.metrics.F1Score``).

    >>> f1 = F1Score(average="macro", threshold=0.5)
    >>> f1.update_state(np.array([[1, 0], [0, 1], [1, 0]]), np.array([[0.9, 0.2], [0.6, 0.7], [0.3, 0.1]]))
    >>> round(f1.result(), 4)
    0.75
    """

    def __init__(self, average: str | None = None, threshold: float | None = None,
                 name: str | None = None):
        super().__init__(average, 1.0, threshold, name)
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
