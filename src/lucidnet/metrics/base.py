"""What every metric shares: the running weighted mean, its registry, and the running sums.

A metric is a running, optionally weighted mean of a per-example score s(y, ŷ): `update_state`
adds a batch, `result` gives Σ wₙsₙ / Σ wₙ so far, `reset_state` starts again.  Accumulating
over batches (rather than averaging batch means) makes the epoch value exact whatever the batch
size, as in Keras.  A metric whose state is more than a total and a count (R², the counts at
thresholds, the F-scores) keeps named arrays of running sums
(`Sums`); either way `state_values` is one float64 vector that
batches add to and distributed training adds up over the ranks, so the epoch's value is the
whole dataset's.

Here too are what the families share on a batch: Keras's weighting rule,
`samplewise` (a weight per example, per value, or a row
broadcast over the batch), `same_rank` targets and outputs, and
the `paired` and
`two_dimensional` checks."""

from __future__ import annotations

import numpy as np

from ..config import floatx
from ..registry import Named, Registry
from ..validation import as_floats


class Metric(Named):
    """A running weighted mean of `score(y_true, y_pred)`, one value per example.

    Calling the metric, `metric(y_true, y_pred, sample_weight)`, adds the batch and returns
    the result so far, as Keras's `Metric.__call__`.

    Parameters
    ----------
    name : str, optional
        The metric's name in logs and History; the registry name (Keras's default) if None.
    dtype : str or numpy.dtype, optional
        The type each value is cast to before it is added (`floatx()` if None), as in Keras;
        the running sums are float64.

    Examples
    --------
    >>> from lucidnet.metrics import MeanSquaredError
    >>> metric = MeanSquaredError(name="mse")
    >>> metric([[0.0], [1.0]], [[1.0], [1.0]]), metric.name, metric.dtype
    (0.5, 'mse', 'float32')
    """

    #: True when targets are integer class indices rather than arrays shaped like ŷ.
    sparse_targets = False
    #: The targets a metric that picks a class by argmax reads ("labels" or "one-hot"), so that
    #: compile can refuse one that contradicts the loss; None for a metric of any targets.
    class_targets: str | None = None
    #: Which way is better, as Keras's metrics declare it: "up" (accuracy, AUC, F1) or
    #: "down" (errors, losses); the callbacks that watch a metric in ``mode="auto"`` read it,
    #: and refuse to guess for a metric that declares neither (the confusion counts).
    direction: str | None = None

    def __init__(self, name: str | None = None, dtype=None):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__} name must be a string, got {name!r}.")
        self.display_name = name
        self._dtype = metric_dtype(type(self).__name__, dtype)
        self.reset_state()

    @property
    def name(self) -> str:
        """The name given to the constructor, else the registry name (Keras's default)."""
        return self.display_name or self.registry_name

    @property
    def log_name(self) -> str:
        """The key under which the metric appears in logs and History: its
        [name][lucidnet.metrics.Metric.name]."""
        return self.name

    @property
    def dtype(self) -> str:
        """The float type values are cast to before they are accumulated (read-only)."""
        return self._dtype

    def __call__(self, *args, **kwargs):
        """`update_state(*args, **kwargs)`, then `result()`, as Keras's `Metric.__call__`."""
        self.update_state(*args, **kwargs)
        return self.result()

    def score(self, y_true, y_pred):
        raise NotImplementedError

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        self.accumulate(self.score(y_true, y_pred), sample_weight)

    def accumulate(self, values, sample_weight=None) -> None:
        """Add `values` to the running mean by Keras's rule
        (`samplewise`)."""
        values, weights = samplewise(self, values, sample_weight, np.mean)
        # Both are arrays: their sum method skips np.sum's wrapper, at every training step.
        self.total += float(values.sum())
        if weights is not None:
            self.count += float(weights.sum())
        else:
            self.count += len(values) if values.ndim else 1

    def result(self) -> float:
        return self.total / self.count if self.count else 0.0

    def reset_state(self) -> None:
        self.total = 0.0
        self.count = 0

    def state_values(self) -> np.ndarray:
        """The running sums as one float64 vector, which distributed training adds up over
        the ranks (then [set_state_values][lucidnet.metrics.Metric.set_state_values]) so
        that every rank holds the whole set's."""
        return np.array([self.total, self.count], dtype=np.float64)

    def set_state_values(self, values) -> None:
        """Set the running sums from a vector made by `state_values`.

        Parameters
        ----------
        values : ndarray
            The sums, in the order `state_values` gives them (summed over the ranks, say).
        """
        self.total, self.count = float(values[0]), float(values[1])

    def get_config(self):
        # Keras's config always holds the name and dtype, then the metric's own arguments.
        return {**super().get_config(), "name": self.name, "dtype": self.dtype}


def metric_dtype(owner: str, dtype) -> str:
    """The name of a NumPy dtype, `floatx()` for None.

    Parameters
    ----------
    owner : str
        The metric class, named in the refusal.
    dtype : str, numpy.dtype or None
        The dtype asked for.

    Returns
    -------
    str
        Its NumPy name, such as `"float32"`.

    Raises
    ------
    TypeError
        If `dtype` is not a NumPy dtype.
    """
    if dtype is None:
        return floatx()
    try:
        return np.dtype(dtype).name
    except TypeError:
        raise TypeError(f"{owner} dtype must be a NumPy dtype such as 'float32', got "
                        f"{dtype!r}.") from None


def same_rank(x1: np.ndarray, x2: np.ndarray, expand_rank_1: bool = True):
    """`(x1, x2)` brought to one rank when they differ by a trailing axis of size 1, as
    Keras's `squeeze_or_expand_to_same_rank`.

    Parameters
    ----------
    x1, x2 : numpy.ndarray
        The two arrays.
    expand_rank_1 : bool
        A rank-1 partner gains the axis when True; otherwise the other loses it.

    Returns
    -------
    tuple of numpy.ndarray
        The arrays, one of them reshaped if their ranks differed so.

    Examples
    --------
    >>> [a.shape for a in same_rank(np.zeros(4), np.zeros((4, 1)))]
    [(4, 1), (4, 1)]
    """
    if x1.ndim == x2.ndim + 1 and x1.shape[-1] == 1:
        if x2.ndim == 1 and expand_rank_1:
            x2 = x2[..., None]
        else:
            x1 = x1[..., 0]
    elif x2.ndim == x1.ndim + 1 and x2.shape[-1] == 1:
        if x1.ndim == 1 and expand_rank_1:
            x1 = x1[..., None]
        else:
            x2 = x2[..., 0]
    return x1, x2


def samplewise(metric: Metric, values, sample_weight, reduce):
    """One value per example and one weight per example (or None), by Keras's rule for the
    weighted reduction metrics (`reduce_to_samplewise_values`).

    The values are cast to the metric's dtype; the weights brought to the values' rank
    (`same_rank`), the values reduced (`reduce`: `np.mean` or
    `np.sum`) over their axes beyond the weights', the weights broadcast against them, the
    values weighted, then each example's weights and values reduced to one: so a weight per
    example, per value, or a row of weights broadcast over the batch all work, and Σ values / Σ
    weights is the weighted mean.

    Parameters
    ----------
    metric : Metric
        The metric, for its dtype and name.
    values : array_like
        The batch's values, one or more per example.
    sample_weight : array_like or None
        The weights.
    reduce : callable
        `np.mean` (for a mean) or `np.sum` (for a sum).

    Returns
    -------
    tuple
        The (N,) values and the (N,) weights, or None for the weights when none were given.

    Raises
    ------
    ValueError
        If the weights do not broadcast to the values.

    Examples
    --------
    >>> values, weights = samplewise(Mean(), [[1.0, 3.0], [5.0, 7.0]], [[1.0, 0.0]], np.mean)
    >>> values.tolist(), weights.tolist()
    ([0.5, 2.5], [0.5, 0.5])
    """
    values = np.asarray(values).astype(metric.dtype).astype(np.float64)
    if sample_weight is not None:
        weights = np.asarray(sample_weight).astype(metric.dtype).astype(np.float64)
        values, weights = same_rank(values, weights)
        if values.ndim > weights.ndim:
            values = reduce(values, axis=tuple(range(weights.ndim, values.ndim)))
        try:
            weights = np.broadcast_to(weights, values.shape)
        except ValueError:
            raise ValueError(f"{metric.name} sample_weight of shape {np.shape(sample_weight)} "
                             f"does not broadcast to the values' shape {values.shape}: give "
                             f"one weight per example, one per value, or one for all."
                             ) from None
        values = values * weights
        if weights.ndim > 1:
            weights = reduce(weights, axis=tuple(range(1, weights.ndim)))
    else:
        weights = None
    if values.ndim > 1:
        values = reduce(values, axis=tuple(range(1, values.ndim)))
    return values, weights


METRICS = Registry("metric", Metric)
register = METRICS.register


@register("mean")
class Mean(Metric):
    """The running weighted mean Σₙ wₙvₙ / Σₙ wₙ of the values given to `update_state` (each
    example's values averaged first when there are several,
    `samplewise`), as `keras.metrics.Mean`.

    Examples
    --------
    >>> mean = Mean()
    >>> mean.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    >>> mean.result()
    2.0
    """

    def update_state(self, values, sample_weight=None) -> None:
        values = as_floats(f"{self.name} values", values, np.float64)
        self.accumulate(values, sample_weight)


@register("sum")
class Sum(Metric):
    """The running weighted sum Σ w·v of every value given to `update_state`.

    Examples
    --------
    >>> total = Sum()
    >>> total.update_state([1, 3, 5, 7])
    >>> total.result()
    16.0
    """

    def update_state(self, values, sample_weight=None) -> None:
        values = as_floats(f"{self.name} values", values, np.float64)
        values, _ = samplewise(self, values, sample_weight, np.sum)
        self.total += float(np.sum(values))

    def result(self) -> float:
        return self.total


class MeanMetricWrapper(Mean):
    """The running weighted mean of `fn(y_true, y_pred, **kwargs)`, one value per example
    (several are averaged), as `keras.metrics.MeanMetricWrapper`: any function of the
    targets and outputs becomes a metric for `compile(metrics=[...])`.

    Examples
    --------
    >>> metric = MeanMetricWrapper(lambda y, p: abs(y - p).max(axis=-1), name="max_error")
    >>> metric.update_state(np.array([[0.0, 1.0]]), np.array([[0.5, 0.0]]))
    >>> metric.name, metric.result()
    ('max_error', 1.0)
    """

    registry_name = "mean_metric_wrapper"

    def __init__(self, fn, name: str | None = None, dtype=None, **kwargs):
        if not callable(fn):
            raise TypeError(f"MeanMetricWrapper fn must be a function of (y_true, y_pred), got "
                            f"{fn!r}.")
        self.fn = fn
        self.kwargs = kwargs
        super().__init__(name, dtype)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        self.accumulate(self.fn(y_true, y_pred, **self.kwargs), sample_weight)

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


class Sums(Metric):
    """A metric whose state is named arrays of running sums, `self.sums` (None until the
    first batch when their shape depends on the data; once known, resetting keeps it, as
    Keras's built variables do)."""

    def reset_state(self) -> None:
        if getattr(self, "sums", None) is not None:
            for array in self.sums.values():
                array[...] = 0.0
            return
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
