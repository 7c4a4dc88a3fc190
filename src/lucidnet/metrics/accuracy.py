"""The accuracies: how often the output picks the target, per example, and Keras's functions
that give that score for each example; [accuracy_for][lucidnet.metrics.accuracy_for]
resolves `metrics=["accuracy"]`."""

from __future__ import annotations

import numpy as np

from ..config import floatx
from ..validation import (as_floats, as_output_batch, boolean, number, positive_int, same_length,
                          values_within)
from .base import Metric, register, same_rank


@register("binary_accuracy")
class BinaryAccuracy(Metric):
    """[ŷ > t] = y for every output, averaged (`keras.metrics.BinaryAccuracy`): the
    fraction of outputs on the right side of `threshold`, for binary and multi-label
    tasks.  (N,) targets pair with (N, 1) outputs; weights may be one per example or one
    per output.

    Examples
    --------
    >>> metric = BinaryAccuracy()
    >>> metric([1, 1, 0, 0], [[0.98], [1], [0], [0.6]])
    0.75
    """

    direction = "up"

    def __init__(self, threshold: float = 0.5, name: str | None = None, dtype=None):
        self.threshold = number("BinaryAccuracy threshold", threshold)
        super().__init__(name, dtype)

    def score(self, y_true, y_pred):
        y_true, y_pred = same_rank(np.asarray(y_true), np.asarray(y_pred))
        return y_true == (y_pred > self.threshold)


@register("categorical_accuracy")
class CategoricalAccuracy(Metric):
    """[argmax ŷ = argmax y], for one-hot targets."""

    direction = "up"

    class_targets = "one-hot"

    def score(self, y_true, y_pred):
        return _argmax(y_pred) == _argmax(y_true)


@register("sparse_categorical_accuracy")
class SparseCategoricalAccuracy(Metric):
    """[argmax ŷ = y], for integer class labels, shape (N,) or (N, 1)."""

    direction = "up"

    sparse_targets = True
    class_targets = "labels"

    def score(self, y_true, y_pred):
        return _argmax(y_pred) == np.asarray(y_true).reshape(-1)


@register("top_k_categorical_accuracy")
class TopKCategoricalAccuracy(Metric):
    """[the true class is among the k largest outputs], for one-hot targets."""

    direction = "up"

    class_targets = "one-hot"

    def __init__(self, k: int = 5, name: str | None = None, dtype=None):
        self.k = positive_int("top_k_categorical_accuracy k", k)
        super().__init__(name, dtype)

    def score(self, y_true, y_pred):
        return _in_top_k(np.asarray(y_pred), _argmax(y_true), self.k)


@register("sparse_top_k_categorical_accuracy")
class SparseTopKCategoricalAccuracy(TopKCategoricalAccuracy):
    """[the true class is among the k largest outputs], for integer class labels; with
    `from_sorted_ids`, ŷ holds class ids sorted by score and the test is [y ∈ ŷ₁…ŷₖ].

    Parameters
    ----------
    k : int
        How many of the largest outputs count.
    name, dtype : optional
        As for every [Metric][lucidnet.metrics.Metric].
    from_sorted_ids : bool
        ŷ holds class ids, best first, rather than a score per class.

    Examples
    --------
    >>> metric = SparseTopKCategoricalAccuracy(k=1, from_sorted_ids=True)
    >>> metric([2, 1], [[1, 0, 3], [1, 2, 3]])
    0.5
    """

    sparse_targets = True
    class_targets = "labels"

    def __init__(self, k: int = 5, name: str | None = None, dtype=None,
                 from_sorted_ids: bool = False):
        self.from_sorted_ids = boolean("SparseTopKCategoricalAccuracy from_sorted_ids",
                                       from_sorted_ids)
        super().__init__(k, name, dtype)

    def score(self, y_true, y_pred):
        y_pred = np.asarray(y_pred)
        labels = np.asarray(y_true).reshape(-1)
        if self.from_sorted_ids:
            return (y_pred[:, :self.k] == labels[:, None]).any(axis=-1)
        return _in_top_k(y_pred, labels.astype(np.intp), self.k)

    def get_config(self):
        config = super().get_config()
        if not self.from_sorted_ids:  # as Keras, saved only when set
            config.pop("from_sorted_ids")
        return config


def _argmax(values) -> np.ndarray:
    """The index of the largest value along the last axis, `np.argmax(values, axis=-1)`
    through the array's method: the function's Python wrapper costs more than the argmax on
    the batch of a training step."""
    return np.asarray(values).argmax(axis=-1)


def _in_top_k(y_pred, true_class, k: int):
    true_score = y_pred[np.arange(len(y_pred)), true_class]
    # Counting the outputs strictly larger than the true one avoids a full sort.
    return (y_pred > true_score[:, None]).sum(axis=-1) < k


@register("accuracy")
class Accuracy(Metric):
    """[ŷ = y]: how often the outputs equal the targets exactly, over every output
    (`keras.metrics.Accuracy`, for outputs already turned into labels).  The string
    `"accuracy"` in `compile` is the accuracy that fits the loss instead
    ([accuracy_for][lucidnet.metrics.accuracy_for]), as in Keras.

    Examples
    --------
    >>> metric = Accuracy()
    >>> metric.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> metric.result()
    0.75
    """

    direction = "up"

    def score(self, y_true, y_pred):
        y_true, y_pred = same_rank(np.asarray(y_true), np.asarray(y_pred))
        return y_true == y_pred


def binary_accuracy(y_true, y_pred, threshold: float = 0.5) -> np.ndarray:
    """[ŷ > t] = y for each output (`keras.metrics.binary_accuracy`).

    Examples
    --------
    >>> binary_accuracy([[1, 0], [1, 1]], [[0.9, 0.2], [0.4, 0.6]])
    array([[1., 1.],
           [0., 1.]])
    """
    return _per_example(BinaryAccuracy(threshold), y_true, y_pred)


def categorical_accuracy(y_true, y_pred) -> np.ndarray:
    """[argmax ŷ = argmax y] for each example (`keras.metrics.categorical_accuracy`)."""
    return _per_example(CategoricalAccuracy(), y_true, y_pred)


def sparse_categorical_accuracy(y_true, y_pred) -> np.ndarray:
    """[argmax ŷ = y] for each example (`keras.metrics.sparse_categorical_accuracy`).

    Examples
    --------
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
    """sₙ for each example, in `y_pred`'s float dtype (lucidnet's float type for others)."""
    y_pred = as_output_batch(f"{metric.registry_name} y_pred", y_pred, floatx())
    name = f"{metric.registry_name} y_true"
    y_true = as_floats(name, y_true, y_pred.dtype)
    same_length(name, y_true, f"{metric.registry_name} y_pred", y_pred)
    if metric.sparse_targets:
        labels = y_true.reshape(len(y_true), -1)
        if labels.shape[1] != 1 or not np.all(labels == np.round(labels)):
            raise ValueError(
                f"{name} must hold one integer class label per example, shape "
                f"({len(y_pred)},), got shape {y_true.shape}"
                + (f". Hint: for one-hot targets use {metric.registry_name.removeprefix('sparse_')}."
                   if y_true.shape == y_pred.shape else ".")
            )
        values_within(name, labels, 0, y_pred.shape[-1] - 1)
        y_true = labels[:, 0].astype(np.intp)
    elif y_true.shape != y_pred.shape:
        raise ValueError(
            f"{name} must be shaped like y_pred, {y_pred.shape}, got shape {y_true.shape}."
            + (f" Hint: these look like integer class labels: use sparse_{metric.registry_name}."
               if y_true.ndim == 1 and metric.registry_name in (
                   "categorical_accuracy", "top_k_categorical_accuracy") else "")
        )
    return np.asarray(metric.score(y_true, y_pred), dtype=y_pred.dtype)


def accuracy_for(loss, output_units: int) -> Metric:
    """The accuracy that fits the loss, as Keras resolves `metrics=["accuracy"]`:
    sparse labels → sparse categorical; binary cross-entropy or a single output → binary;
    otherwise categorical."""
    if loss.sparse_targets:
        return SparseCategoricalAccuracy(name="accuracy")
    if loss.registry_name == "binary_crossentropy" or output_units == 1:
        return BinaryAccuracy(name="accuracy")
    return CategoricalAccuracy(name="accuracy")
