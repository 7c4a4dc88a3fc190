"""The metrics read from the confusion counts: precision and recall, TP, FP, TN and FN at
thresholds, AUC, and one rate at a constraint on another."""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..config import epsilon
from ..validation import (boolean, choice, integer, is_number, non_negative_int, number, optional,
                          positive_int, sequence)
from .base import Metric, Sums, paired, register, same_rank


#: The value the outputs outside the top k take (Keras's `NEG_INF`): below every threshold.
NEG_INF = -1e10


def _threshold_list(owner: str, thresholds, default: float = 0.5) -> list[float]:
    """`thresholds` (one number or several) as a list of numbers in [0, 1]; `default`
    alone when None.  Refused as Keras refuses them, naming the values out of range."""
    if thresholds is None:
        return [default]
    values = [thresholds] if is_number(thresholds) or thresholds is None else list(
        sequence(f"{owner} thresholds", thresholds, entries="numbers or None"))
    invalid = [value for value in values if not is_number(value) or not 0 <= value <= 1]
    if len(invalid) > 1:
        raise ValueError(f"{owner} thresholds must be numbers in [0, 1], got {invalid} among "
                         f"{values}.")
    return [number(f"{owner} thresholds", value, at_least=0, at_most=1) for value in values]


def _as_given(thresholds, grid):
    """The thresholds as given to the constructor, for the config: None, a number or a list,
    in Python floats."""
    return None if thresholds is None else grid[0] if is_number(thresholds) else list(grid)


def _evenly_spaced(grid) -> bool:
    """True for the grid 0, 1/(T−1), …, 1 (at least 3 points), which Keras counts in buckets."""
    return len(grid) >= 3 and np.allclose(grid, np.arange(len(grid)) / (len(grid) - 1),
                                          atol=1e-7)


def _top_k_only(y_pred: np.ndarray, k: int) -> np.ndarray:
    """ŷ with every output outside each row's k largest set to `NEG_INF` (ties to the
    earlier output, as a stable sort), so that only the top k can be predicted positive."""
    order = np.argsort(-y_pred, axis=-1, kind="stable")[..., :k]
    kept = np.zeros(y_pred.shape, dtype=bool)
    np.put_along_axis(kept, order, True, axis=-1)
    return np.where(kept, y_pred, NEG_INF)


def _confusion_counts(metric: Metric, y_true, y_pred, grid, sample_weight=None, top_k=None,
                      class_id=None, multi_label=False, label_weights=None, evenly=False,
                      epsilon_ends=False) -> dict:
    """TP, FP, TN, FN at each threshold t of `grid`, by Keras's rule
    (`update_confusion_matrix_variables`): an output is predicted positive when ŷ > t,
    actually positive when y ≠ 0, each counted with its weight.

    The targets are shaped like the outputs (`paired`);
    `sample_weight` is one weight per example, per output, or one for all; `top_k` keeps
    each row's k largest outputs only; `class_id` reads that column alone; `label_weights`
    (one per output column) multiply the weights.  Shapes (T,), every output of every
    example pooled, or (T, L) per output column with `multi_label`.  An evenly spaced grid
    (`evenly`: 0, 1/(T−1), …, 1) is counted as Keras counts it, in O(N + T): ŷ ∈ [0, 1]
    falls in bucket ⌈ŷ(T−1)⌉ − 1 and is positive at every threshold up to its bucket (with
    `epsilon_ends`, AUC's grid whose ends are −ε and 1 + ε, bucket 0 at least).
    """
    dtype = np.dtype(metric.dtype) if np.dtype(metric.dtype).kind == "f" else np.float32
    y_true, y_pred = paired(metric, y_true, np.asarray(y_pred).astype(dtype))
    name = type(metric).__name__
    if sample_weight is not None:
        weights = np.asarray(sample_weight, dtype=np.float64)[..., None]
        _, weights = same_rank(y_true, weights, expand_rank_1=False)
    if top_k is not None:
        y_pred = _top_k_only(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(f"When class_id is provided, y_pred must be a 2D array with shape "
                             f"(num_samples, num_classes), found shape: {y_pred.shape}: {name} "
                             f"class_id={class_id} reads one column of the outputs.")
        if class_id >= y_pred.shape[-1]:
            raise ValueError(f"{name} class_id={class_id} needs outputs with more than "
                             f"{class_id} columns, got shape {y_pred.shape}.")
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
    try:
        weights = (np.ones(y_pred.shape) if sample_weight is None
                   else np.broadcast_to(weights, y_pred.shape))
    except ValueError:
        raise ValueError(f"{name} sample_weight of shape {np.shape(sample_weight)} does not "
                         f"broadcast to the outputs' shape {y_pred.shape}.") from None
    if label_weights is not None and not multi_label:
        weights = weights * np.broadcast_to(np.asarray(label_weights, dtype=np.float64), y_pred.shape)
    positive = y_true != 0
    columns = y_pred.shape[-1] if multi_label else 1
    y_pred, positive, weights = (np.reshape(array, (-1, columns))
                                 for array in (y_pred, positive, weights))
    hits, misses = weights * positive, weights * ~positive
    T = len(grid)
    if evenly:
        p = np.clip(y_pred, 0, 1)
        bucket = (np.ceil(p * p.dtype.type(T - 1)) - 1).astype(np.intp)
        if epsilon_ends:
            bucket = np.maximum(bucket, 0)
        cell = bucket * columns + np.arange(columns)  # (bucket, column) flattened
        kept = bucket >= 0  # ŷ = 0 exceeds no threshold of a grid starting at 0
        per_bucket = [np.bincount(cell[kept], counts[kept], minlength=T * columns).reshape(T, columns)
                      for counts in (hits, misses)]
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


class _AtThresholds(Sums):
    """A metric read from the counts TP, FP, TN, FN at a grid of thresholds (`self.grid`),
    accumulated over batches; `counted` names the counts it keeps, readable as
    `true_positives`, `false_positives`, `true_negatives`, `false_negatives`."""

    counted: tuple[str, ...] = ("tp", "fp", "tn", "fn")
    evenly = False
    epsilon_ends = False
    multi_label = False
    class_id = None
    top_k = None
    label_weights = None

    def sum_shapes(self, y_pred=None):
        return {name: (len(self.grid),) for name in self.counted}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        counts = _confusion_counts(self, y_true, y_pred, self.grid, sample_weight, self.top_k,
                                   self.class_id, self.multi_label, self.label_weights,
                                   self.evenly, self.epsilon_ends)
        sums = self.allocate(np.asarray(y_pred))
        for name in self.counted:
            sums[name] += counts[name]

    def _count(self, key: str):
        if key not in self.counted:
            raise AttributeError(f"{type(self).__name__} does not count {key}.")
        return self.sums[key].copy()

    true_positives = property(lambda self: self._count("tp"), doc="TP at each threshold.")
    false_positives = property(lambda self: self._count("fp"), doc="FP at each threshold.")
    true_negatives = property(lambda self: self._count("tn"), doc="TN at each threshold.")
    false_negatives = property(lambda self: self._count("fn"), doc="FN at each threshold.")


class _AtGivenThresholds(_AtThresholds):
    """Counts at the thresholds given to the constructor, listed by `thresholds` and saved
    as given (None, a number or a list), as Keras's counts, precision and recall."""

    def use_thresholds(self, thresholds, default: float) -> None:
        """Count at `thresholds`, `default` alone when None."""
        self.grid = _threshold_list(type(self).__name__, thresholds, default)
        self.init_thresholds = _as_given(thresholds, self.grid)
        self.evenly = _evenly_spaced(self.grid)

    @property
    def thresholds(self) -> list[float]:
        """The thresholds counted at, as a list (Keras's `thresholds`)."""
        return list(self.grid)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class _ConfusionRatio(_AtGivenThresholds):
    """A ratio of counts at each threshold t, over every output of every example (or the
    column `class_id` alone, or each row's `top_k` largest outputs): a number, or one
    per threshold when several are given; 0 where nothing is counted.

    Parameters
    ----------
    thresholds : float or list of float, optional
        The thresholds t in [0, 1]; 0.5 if None, or, with `top_k`, `NEG_INF` (every output
        in the top k is predicted positive), as Keras.
    top_k : int, optional
        Only each row's k largest outputs can be predicted positive.
    class_id : int, optional
        Read the column `class_id` of (batch, classes) outputs alone.
    name : str, optional
        The metric's name.
    dtype : str, optional
        The type the outputs are cast to.
    """

    def __init__(self, thresholds: float | list | None = None, top_k: int | None = None,
                 class_id: int | None = None, name: str | None = None, dtype=None):
        owner = type(self).__name__
        self.top_k = optional(positive_int, f"{owner} top_k", top_k)
        self.class_id = optional(non_negative_int, f"{owner} class_id", class_id)
        self.use_thresholds(thresholds, 0.5 if self.top_k is None else NEG_INF)
        super().__init__(name, dtype)

    def result(self):
        numerator, denominator = (self.sums[name] for name in self.ratio)
        values = _ratio(numerator, numerator + denominator)
        return float(values[0]) if len(values) == 1 else values


@register("precision")
class Precision(_ConfusionRatio):
    """TP / (TP + FP): of the outputs predicted positive (ŷ > t, t = 0.5 by default), the
    fraction that are positive (`keras.metrics.Precision`).

    Examples
    --------
    >>> Precision()([0, 1, 1, 0], [1, 0, 1, 0])
    0.5
    """

    direction = "up"

    counted = ratio = ("tp", "fp")


@register("recall")
class Recall(_ConfusionRatio):
    """TP / (TP + FN): of the positive outputs (y = 1), the fraction predicted positive
    (ŷ > t, t = 0.5 by default) (`keras.metrics.Recall`).

    Examples
    --------
    >>> Recall()([0, 1, 1, 0], [1, 0, 1, 0])
    0.5
    """

    direction = "up"

    counted = ratio = ("tp", "fn")


class _Count(_AtGivenThresholds):
    """One of TP, FP, TN, FN at each threshold (ŷ > t; t = 0.5 when `thresholds` is None):
    a number, or one per threshold when several are given."""

    def __init__(self, thresholds: float | list | None = None, name: str | None = None,
                 dtype=None):
        self.use_thresholds(thresholds, 0.5)
        super().__init__(name, dtype)

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
    (precision against recall), from TP, FP, TN, FN at `num_thresholds` thresholds,
    accumulated over every batch (`keras.metrics.AUC`).

    The thresholds are −ε, 1/(T−1), 2/(T−1), …, (T−2)/(T−1), 1 + ε (ε = 10⁻⁷), or −ε, the
    sorted `thresholds` given, 1 + ε.  Between neighbouring thresholds i and i + 1 the area
    adds (xᵢ − xᵢ₊₁)·h with h = (yᵢ + yᵢ₊₁)/2 for `summation_method="interpolation"`,
    min(yᵢ, yᵢ₊₁) for `"minoring"`, max for `"majoring"`.  The PR curve with
    interpolation follows Davis & Goadrich (2006), interpolating TP and TP + FP linearly
    between thresholds rather than precision:

        precision slope s = ΔTP/ΔP,  intercept c = TPᵢ₊₁ − s·Pᵢ₊₁    (P = TP + FP)
        area += s·(ΔTP + c·ln(Pᵢ/Pᵢ₊₁)) / (TPᵢ₊₁ + FNᵢ₊₁)

    which is Keras's PR-AUC (not scikit-learn's average precision, a step sum).  With
    `multi_label` each output column has its own curve and the result is their mean; else
    every output of every example is pooled.  `from_logits`: ŷ is z, and σ(z) is used.

    Parameters
    ----------
    num_thresholds : int or None
        T ≥ 2, the size of the evenly spaced grid (ignored when `thresholds` is given).
    curve : {"ROC", "PR", "PRGAIN"}
        The curve.
    summation_method : {"interpolation", "minoring", "majoring"}
        The height of each step.
    name, dtype : optional
        As for every [Metric][lucidnet.metrics.Metric].
    thresholds : list of float, optional
        The inner thresholds in [0, 1], instead of the grid.
    multi_label : bool
        One curve per output column, their areas averaged.
    num_labels : int, optional
        The number of columns with `multi_label`, known before the first batch.
    label_weights : list of float, optional
        Non-negative weights of the output columns: with `multi_label` the areas' weights,
        else each column's outputs are counted with its weight.
    from_logits : bool
        The outputs are logits.

    Examples
    --------
    >>> auc = AUC(num_thresholds=3)
    >>> auc.update_state([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9])
    >>> auc.result()
    0.75
    """

    direction = "up"

    epsilon_ends = True

    def __init__(self, num_thresholds: int | None = 200, curve: str = "ROC",
                 summation_method: str = "interpolation", name: str | None = None,
                 dtype=None, thresholds: list | None = None, multi_label: bool = False,
                 num_labels: int | None = None, label_weights=None,
                 from_logits: bool = False):
        self.curve = _CURVES[choice("AUC curve", curve, tuple(_CURVES))]
        self.summation_method = _SUMMATIONS[choice("AUC summation_method", summation_method,
                                                   tuple(_SUMMATIONS))]
        self.multi_label = boolean("AUC multi_label", multi_label)
        self.num_labels = optional(positive_int, "AUC num_labels", num_labels)
        if self.num_labels is not None and not self.multi_label:
            raise ValueError(f"AUC num_labels={num_labels} is needed only when multi_label=True.")
        self.label_weights = None if label_weights is None else [
            number("AUC label_weights", value, at_least=0)
            for value in sequence("AUC label_weights", label_weights)]
        self.from_logits = boolean("AUC from_logits", from_logits)
        self._from_thresholds = thresholds is not None
        if self._from_thresholds:
            inner = sorted(_threshold_list("AUC", thresholds))
            self.num_thresholds = len(inner) + 2
            self.evenly = _evenly_spaced([0.0, *inner, 1.0])
        else:
            self.num_thresholds = integer("AUC num_thresholds", num_thresholds,
                                          at_least=2)
            inner = [(i + 1) / (self.num_thresholds - 1) for i in range(self.num_thresholds - 2)]
            self.evenly = True
        self.grid = [-epsilon(), *inner, 1.0 + epsilon()]  # ε when built, as Keras's AUC
        super().__init__(name, dtype)

    @property
    def thresholds(self) -> list[float]:
        """Every threshold counted at, −ε and 1 + ε included (Keras's `thresholds`)."""
        return list(self.grid)

    def get_config(self):
        config = super().get_config()
        config.pop("thresholds")
        if self._from_thresholds:  # the thresholds given, saved only then, as Keras
            config["thresholds"] = self.grid[1:-1]
        return config

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
            y_pred = sigmoid(np.asarray(y_pred, dtype=np.float64))
        super().update_state(y_true, y_pred, sample_weight)

    def _by_label(self, terms) -> float:
        """The area: the sum of `terms` over thresholds, then, per label, their mean or
        their mean weighted by `label_weights`."""
        area = terms.sum(axis=0)
        if self.multi_label and self.label_weights is not None:
            weights = np.asarray(self.label_weights)
            return float(_ratio((area * weights).sum(), weights.sum()))
        return float(np.mean(area))

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
        return self._by_label(terms)

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
    `value`, over the grid 0, 1/(T−1), …, 1 (0.5 alone when T = 1): max over t of
    dependent(t) subject to constrained(t) ≥ value, 0 if no threshold qualifies."""

    direction = "up"

    def __init__(self, value: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype=None):
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
        super().__init__(name, dtype)

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
    least `recall` (`keras.metrics.PrecisionAtRecall`)."""

    constraint, dependent = "recall", "precision"

    def __init__(self, recall: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)


@register("recall_at_precision")
class RecallAtPrecision(_AtConstraint):
    """The best recall TP/(TP + FN) at a threshold whose precision TP/(TP + FP) is at
    least `precision` (`keras.metrics.RecallAtPrecision`)."""

    constraint, dependent = "precision", "recall"

    def __init__(self, precision: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)


@register("sensitivity_at_specificity")
class SensitivityAtSpecificity(_AtConstraint):
    """The best sensitivity TP/(TP + FN) at a threshold whose specificity TN/(TN + FP) is
    at least `specificity` (`keras.metrics.SensitivityAtSpecificity`)."""

    constraint, dependent = "specificity", "sensitivity"

    def __init__(self, specificity: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)


@register("specificity_at_sensitivity")
class SpecificityAtSensitivity(_AtConstraint):
    """The best specificity TN/(TN + FP) at a threshold whose sensitivity TP/(TP + FN) is
    at least `sensitivity` (`keras.metrics.SpecificityAtSensitivity`)."""

    constraint, dependent = "sensitivity", "specificity"

    def __init__(self, sensitivity: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)
