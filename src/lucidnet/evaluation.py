"""How a classifier does class by class: the confusion matrix and precision, recall and F1.

Accuracy is one number for all classes; these tell which classes are confused with which.
With Cᵢⱼ the number of examples of true class i predicted as class j (rows true, columns
predicted, the convention of scikit-learn and of most textbooks):

- true positives of class k:  TPₖ = Cₖₖ
- precision:  Pₖ = Cₖₖ / Σᵢ Cᵢₖ   (of the examples predicted k, the fraction that are k)
- recall:     Rₖ = Cₖₖ / Σⱼ Cₖⱼ   (of the examples that are k, the fraction predicted k)
- F1:         F1ₖ = 2PₖRₖ / (Pₖ + Rₖ), the harmonic mean of the two
- support:    Σⱼ Cₖⱼ, the number of examples of class k

A ratio whose denominator is 0 (a class never predicted, or absent from the data) is
reported as 0, as scikit-learn does with `zero_division=0`.  Everything here is NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import positive_int, same_length


def class_labels(y, name: str = "y") -> np.ndarray:
    """The class index of each example, from any of the forms a classifier's data takes.

    - integer labels of shape (N,) or (N, 1): returned as they are;
    - one-hot targets or softmax outputs of shape (N, k), k > 1: the argmax of each row;
    - sigmoid outputs of shape (N, 1): 1 where the probability exceeds 0.5, else 0.

    `name` is used in error messages (`"y_true"`, `"y_pred"`).
    """
    y = np.asarray(y)
    if y.dtype == object or y.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold class labels or class scores, got dtype {y.dtype}.")
    if y.ndim == 2 and y.shape[1] > 1:
        return np.argmax(y, axis=1)
    if y.ndim == 2 and y.shape[1] == 1:
        column = y[:, 0]
        return column.astype(np.intp) if _integer_valued(column) else (column > 0.5).astype(np.intp)
    if y.ndim != 1:
        raise ValueError(
            f"{name} must have shape (N,) or (N, k), got shape {y.shape}."
        )
    if not _integer_valued(y):
        raise ValueError(
            f"{name} of shape {y.shape} holds non-integer values, so it is neither class labels "
            f"nor scores of k classes. Hint: a binary classifier's probabilities have shape "
            f"(N, 1); pass them as {name}.reshape(-1, 1)."
        )
    labels = y.astype(np.intp)
    if len(labels) and labels.min() < 0:
        raise ValueError(f"{name} must hold class labels >= 0, got {labels.min()}.")
    return labels


def _integer_valued(values: np.ndarray) -> bool:
    return values.dtype.kind in "biu" or bool(np.all(values == np.round(values)))


def _classes_implied_by_shape(y) -> int:
    """The class count a 2-D input declares: k for (N, k) scores, 2 for a sigmoid column."""
    shape = np.shape(y)
    if len(shape) == 2:
        return shape[1] if shape[1] > 1 else 2
    return 0


def confusion_matrix_counts(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """C of shape (n_classes, n_classes): Cᵢⱼ = how many examples of class i were predicted j.

    `y_true` and `y_pred` take any form `class_labels` accepts, so a model's
    probabilities can be passed straight from `model.predict`.  `n_classes` defaults
    to the most any input implies (its largest label + 1, or its number of columns).
    """
    same_length("y_true", y_true, "y_pred", y_pred)
    true = class_labels(y_true, "y_true")
    predicted = class_labels(y_pred, "y_pred")
    implied = max(
        _classes_implied_by_shape(y_true),
        _classes_implied_by_shape(y_pred),
        int(true.max()) + 1 if len(true) else 0,
        int(predicted.max()) + 1 if len(predicted) else 0,
    )
    n_classes = implied if n_classes is None else positive_int("n_classes", n_classes)
    for name, labels in (("y_true", true), ("y_pred", predicted)):
        if len(labels) and labels.max() >= n_classes:
            raise ValueError(
                f"{name} contains class {labels.max()} but n_classes={n_classes}; classes "
                f"must be in [0, {n_classes})."
            )
    # Each (true, predicted) pair becomes one index into the flattened matrix.
    flat = np.bincount(true * n_classes + predicted, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes)


@dataclass(frozen=True)
class ClassificationReport:
    """Precision, recall, F1 and support for each class, with their averages.

    `str(report)` is a table like scikit-learn's `classification_report`.  The macro
    average weighs every class equally; the weighted average weighs each by its support.
    """

    labels: tuple[str, ...]
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray
    accuracy: float
    counts: np.ndarray

    @classmethod
    def from_counts(cls, counts, labels=None) -> ClassificationReport:
        """The report of a confusion matrix C (rows true class, columns predicted class)."""
        counts = np.asarray(counts)
        if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
            raise ValueError(f"A confusion matrix must be square, got shape {counts.shape}.")
        n_classes = counts.shape[0]
        labels = class_names(labels, n_classes)
        true_positives = np.diag(counts).astype(np.float64)
        support = counts.sum(axis=1)
        predicted = counts.sum(axis=0)
        precision = _ratio(true_positives, predicted)
        recall = _ratio(true_positives, support)
        f1 = _ratio(2 * precision * recall, precision + recall)
        total = counts.sum()
        accuracy = float(true_positives.sum() / total) if total else 0.0
        return cls(labels, precision, recall, f1, support, accuracy, counts)

    @property
    def macro_avg(self) -> tuple[float, float, float]:
        """(precision, recall, F1), each the plain mean over classes."""
        return tuple(float(values.mean()) for values in (self.precision, self.recall, self.f1))

    @property
    def weighted_avg(self) -> tuple[float, float, float]:
        """(precision, recall, F1), each the mean over classes weighted by support."""
        total = self.support.sum()
        if not total:
            return (0.0, 0.0, 0.0)
        return tuple(
            float((values * self.support).sum() / total)
            for values in (self.precision, self.recall, self.f1)
        )

    def to_text(self, digits: int = 3) -> str:
        """The report as an aligned plain-text table."""
        total = int(self.support.sum())
        name_width = max(len("weighted avg"), *(len(label) for label in self.labels))
        number_width = max(digits + 3, len("precision"))

        def row(name, values, support):
            cells = [
                " " * number_width if value is None else f"{value:{number_width}.{digits}f}"
                for value in values
            ]
            return f"{name:>{name_width}}  " + "  ".join(cells) + f"  {support:>7}"

        header = f"{'':>{name_width}}  " + "  ".join(
            f"{title:>{number_width}}" for title in ("precision", "recall", "f1-score")
        ) + f"  {'support':>7}"
        lines = [header, ""]
        for k, label in enumerate(self.labels):
            lines.append(
                row(label, (self.precision[k], self.recall[k], self.f1[k]), int(self.support[k]))
            )
        lines.append("")
        lines.append(row("accuracy", (None, None, self.accuracy), total))
        lines.append(row("macro avg", self.macro_avg, total))
        lines.append(row("weighted avg", self.weighted_avg, total))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def per_class_report(
    y_true, y_pred, n_classes: int | None = None, labels=None
) -> ClassificationReport:
    """Precision, recall, F1 and support per class, from labels or from model outputs.

    Examples
    --------
    >>> report = per_class_report([0, 0, 1, 1], [0, 1, 1, 1])
    >>> report.precision.round(3).tolist(), report.recall.tolist()
    ([1.0, 0.667], [0.5, 1.0])

    `labels` names the classes in the table (defaults to "0", "1", ...); when given
    without `n_classes`, its length sets the number of classes.
    """
    if n_classes is None and labels is not None:
        n_classes = len(labels)
    counts = confusion_matrix_counts(y_true, y_pred, n_classes)
    return ClassificationReport.from_counts(counts, labels)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator elementwise, with 0 where the denominator is 0."""
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    out = np.zeros_like(numerator)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def class_names(labels, n_classes: int) -> tuple[str, ...]:
    """Display names for the classes: `labels` as strings, or "0", "1", ..."""
    if labels is None:
        return tuple(str(k) for k in range(n_classes))
    labels = tuple(str(label) for label in labels)
    if len(labels) != n_classes:
        raise ValueError(
            f"labels names {len(labels)} classes but there are {n_classes}: {list(labels)!r}."
        )
    return labels


__all__ = ["class_labels", "class_names", "confusion_matrix_counts", "per_class_report",
           "ClassificationReport"]
