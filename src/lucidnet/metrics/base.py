"""What every metric shares: the running weighted mean, its registry, and the running sums.

A metric is a running, optionally weighted mean of a per-example score s(y, ŷ):
``update_state`` adds a batch, ``result`` gives Σ wₙsₙ / Σ wₙ so far, ``reset_state``
starts again.  Accumulating over batches (rather than averaging batch means) makes the
epoch value exact whatever the batch size, as in Keras.  A metric whose state is more than a
total and a count (R², the counts at thresholds, the F-scores) keeps named arrays of running
sums (:class:`Sums`); either way ``state_values`` is one float64 vector that batches add to
and distributed training adds up over the ranks, so the epoch's value is the whole dataset's.

Here too are the checks the families share on a batch: :func:`paired` targets and outputs,
:func:`two_dimensional` ones, and the weights of :func:`example_weights` and
:func:`with_weights`.
"""

from __future__ import annotations

import numpy as np

from ..registry import Named, Registry
from ..validation import as_floats


class Metric(Named):
    """A running weighted mean of ``score(y_true, y_pred)``, one value per example."""

    #: True when targets are integer class indices rather than arrays shaped like ŷ.
    sparse_targets = False
    #: The targets a metric that picks a class by argmax reads ("labels" or "one-hot"), so that
    #: compile can refuse one that contradicts the loss; None for a metric of any targets.
    class_targets: str | None = None
    #: Which way is better, as Keras's metrics declare it: "up" (accuracy, AUC, F1) or
    #: "down" (errors, losses); the callbacks that watch a metric in ``mode="auto"`` read it,
    #: and refuse to guess for a metric that declares neither (the confusion counts).
    direction: str | None = None

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
        values, weights = with_weights(f"{self.log_name}", values, sample_weight)
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
            values, weights = with_weights(self.log_name, values, sample_weight)
            values = values * weights
        self.total += float(values.sum())

    def result(self) -> float:
        return self.total


def with_weights(name: str, values: np.ndarray, sample_weight):
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


def paired(metric: Metric, y_true, y_pred):
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


def two_dimensional(metric: Metric, y_true, y_pred):
    y_true, y_pred = paired(metric, y_true, y_pred)
    if y_pred.ndim != 2:
        raise ValueError(f"{type(metric).__name__} expects outputs of shape (batch, outputs), "
                         f"got shape {y_pred.shape}.")
    return y_true, y_pred


def example_weights(sample_weight, n: int) -> np.ndarray:
    """One float64 weight per example, as a column: ones when none are given."""
    if sample_weight is None:
        return np.ones((n, 1))
    return np.asarray(sample_weight, dtype=np.float64).reshape(n, 1)


class Sums(Metric):
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
