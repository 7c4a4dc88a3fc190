"""Keras's loss-based metrics: the running mean of a loss's per-example value Cₙ.

Each is a [LossMean][lucidnet.metrics.LossMean]: the loss of [lucidnet.losses][] it
names, built with the metric's own constructor arguments that are the loss's too (`from_logits`,
`axis`), so a metric and its loss give the same number by the same formula.  Keras's functions
of the same losses are here under their `keras.metrics` names."""

from __future__ import annotations

import numpy as np

from .. import losses
from ..validation import boolean, integer, number, optional
from .base import Metric, paired, register


class LossMean(Metric):
    """The weighted mean over the epoch of the loss `loss_class`'s Cₙ, the same formula
    (its `per_sample`), as Keras's `MeanMetricWrapper` over a loss function.

    The loss is built with the metric's attributes named in `loss_arguments` (its constructor
    arguments that are the loss's too), and reads the targets and outputs that
    [loss_inputs][lucidnet.metrics.LossMean.loss_inputs] makes of the batch's: as
    given, unless a metric prepares them first (label smoothing, class labels as indices)."""

    direction = "down"

    loss_class: type = losses.Loss
    #: The names of the constructor arguments the metric passes on to its loss.
    loss_arguments: tuple[str, ...] = ()
    #: (the class and arguments, the loss built with them), kept between batches.
    _built_loss: tuple | None = None

    def loss(self) -> losses.Loss:
        """The loss whose `per_sample` values the metric averages.

        It is built again only when the metric's arguments have changed: every batch of a fit
        reads the same loss, whose constructor's checks cost more than its `per_sample` on a
        small batch.

        Returns
        -------
        Loss
            An instance of `loss_class` with the metric's `loss_arguments`.
        """
        arguments = {name: getattr(self, name) for name in self.loss_arguments}
        key = (self.loss_class, arguments)
        if self._built_loss is None or self._built_loss[0] != key:
            self._built_loss = (key, self.loss_class(**arguments))
        return self._built_loss[1]

    def loss_inputs(self, y_true, y_pred):
        """(y_true, y_pred) as the loss reads them.

        Parameters
        ----------
        y_true : array_like
            The batch's targets.
        y_pred : array_like
            The batch's outputs.

        Returns
        -------
        tuple of array_like
            The targets and outputs to give the loss; as given, unless a metric prepares them.
        """
        return y_true, y_pred

    def score(self, y_true, y_pred):
        return self.loss().per_sample(*self.loss_inputs(y_true, y_pred))


def _targets_like_outputs(metric: Metric, y_true, y_pred):
    """The targets shaped like the outputs (see `paired`), in
    their dtype."""
    y_true, y_pred = paired(metric, y_true, y_pred)
    return y_true.astype(y_pred.dtype, copy=False), y_pred


@register("binary_crossentropy", "bce")
class BinaryCrossentropy(LossMean):
    """(1/k) Σⱼ −[yⱼ ln ŷⱼ + (1 − yⱼ) ln(1 − ŷⱼ)] per example, averaged over examples;
    label smoothing s replaces y by y(1 − s) + s/2 (`keras.metrics.BinaryCrossentropy`)."""

    loss_class, loss_arguments = losses.BinaryCrossentropy, ("from_logits",)

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0, name: str | None = None,
                 dtype=None):
        self.from_logits = boolean("BinaryCrossentropy from_logits", from_logits)
        self.label_smoothing = number("BinaryCrossentropy label_smoothing", label_smoothing,
                                      at_least=0, at_most=1)
        super().__init__(name, dtype)

    def loss_inputs(self, y_true, y_pred):
        y_true, y_pred = _targets_like_outputs(self, y_true, y_pred)
        if self.label_smoothing:
            y_true = y_true * (1.0 - self.label_smoothing) + 0.5 * self.label_smoothing
        return y_true, y_pred


@register("categorical_crossentropy")
class CategoricalCrossentropy(LossMean):
    """−Σⱼ yⱼ ln ŷⱼ per example, for one-hot targets, averaged over examples; label
    smoothing s replaces y by y(1 − s) + s/k (`keras.metrics.CategoricalCrossentropy`)."""

    loss_class, loss_arguments = losses.CategoricalCrossentropy, ("from_logits",)

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0, name: str | None = None,
                 dtype=None):
        self.from_logits = boolean("CategoricalCrossentropy from_logits", from_logits)
        self.label_smoothing = number("CategoricalCrossentropy label_smoothing", label_smoothing,
                                      at_least=0, at_most=1)
        super().__init__(name, dtype)

    def loss_inputs(self, y_true, y_pred):
        y_true, y_pred = _targets_like_outputs(self, y_true, y_pred)
        if self.label_smoothing:
            y_true = y_true * (1.0 - self.label_smoothing) + self.label_smoothing / y_pred.shape[-1]
        return y_true, y_pred


@register("sparse_categorical_crossentropy")
class SparseCategoricalCrossentropy(LossMean):
    """−ln ŷ_{yₙ} per example, for integer class labels, averaged over examples
    (`keras.metrics.SparseCategoricalCrossentropy`).

    An example whose label is `ignore_class` scores 0 and, when sample weights are
    given, weighs 0; without weights it still counts in the mean, as in Keras.

    Parameters
    ----------
    from_logits : bool
        The outputs are logits.
    ignore_class : int, optional
        A label to leave out (-1 for padding, say).
    name, dtype : optional
        As for every [Metric][lucidnet.metrics.Metric].

    Examples
    --------
    >>> metric = SparseCategoricalCrossentropy(ignore_class=0)
    >>> round(metric([0, 1, 2], [[0.8, 0.1, 0.1], [0.05, 0.95, 0], [0.1, 0.8, 0.1]]), 5)
    0.78463
    """

    sparse_targets = True
    loss_class, loss_arguments = losses.SparseCategoricalCrossentropy, ("from_logits",)

    def __init__(self, from_logits: bool = False, ignore_class: int | None = None,
                 name: str | None = None, dtype=None):
        self.from_logits = boolean("SparseCategoricalCrossentropy from_logits", from_logits)
        self.ignore_class = optional(integer, "SparseCategoricalCrossentropy ignore_class",
                                     ignore_class)
        super().__init__(name, dtype)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if self.ignore_class is None:
            return super().update_state(y_true, y_pred, sample_weight)
        labels, y_pred = self.loss_inputs(y_true, y_pred)
        kept = labels != self.ignore_class
        values = self.loss().per_sample(np.where(kept, labels, 0), y_pred) * kept
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=np.float64)
            sample_weight = weights * kept.reshape(kept.shape + (1,) * (weights.ndim - 1))
        self.accumulate(values, sample_weight)

    def loss_inputs(self, y_true, y_pred):
        y_pred = np.asarray(y_pred)
        labels = np.asarray(y_true).reshape(-1)
        if labels.size != len(y_pred):
            raise ValueError(
                f"SparseCategoricalCrossentropy expects one integer class label per example, "
                f"shape ({len(y_pred)},), got shape {np.shape(y_true)}. Hint: for one-hot "
                f"targets use CategoricalCrossentropy.")
        return labels.astype(np.intp), y_pred


@register("mean_absolute_percentage_error", "mape")
class MeanAbsolutePercentageError(LossMean):
    """(100/k) Σⱼ |yⱼ − ŷⱼ| / max(|yⱼ|, ε) (see [lucidnet.losses.MeanAbsolutePercentageError][])."""

    loss_class = losses.MeanAbsolutePercentageError


@register("mean_squared_logarithmic_error", "msle")
class MeanSquaredLogarithmicError(LossMean):
    """(1/k) Σⱼ (ln(1 + ŷⱼ) − ln(1 + yⱼ))² (see [lucidnet.losses.MeanSquaredLogarithmicError][])."""

    loss_class = losses.MeanSquaredLogarithmicError


@register("logcosh", "log_cosh_error", "log_cosh")
class LogCoshError(LossMean):
    """(1/k) Σⱼ ln cosh(ŷⱼ − yⱼ) (see [lucidnet.losses.LogCosh][]); logged as `logcosh`,
    Keras's name for it."""

    loss_class = losses.LogCosh


@register("kl_divergence", "kld", "kullback_leibler_divergence")
class KLDivergence(LossMean):
    """Σⱼ yⱼ ln(yⱼ/ŷⱼ), both clipped to [ε, 1] (see [lucidnet.losses.KLDivergence][])."""

    loss_class = losses.KLDivergence


@register("poisson")
class Poisson(LossMean):
    """(1/k) Σⱼ [ŷⱼ − yⱼ ln(ŷⱼ + ε)] (see [lucidnet.losses.Poisson][])."""

    loss_class = losses.Poisson


@register("hinge")
class Hinge(LossMean):
    """(1/k) Σⱼ max(1 − yⱼŷⱼ, 0), 0/1 labels read as −1/1 (see [lucidnet.losses.Hinge][])."""

    loss_class = losses.Hinge


@register("squared_hinge")
class SquaredHinge(LossMean):
    """(1/k) Σⱼ max(1 − yⱼŷⱼ, 0)² (see [lucidnet.losses.SquaredHinge][])."""

    loss_class = losses.SquaredHinge


@register("categorical_hinge")
class CategoricalHinge(LossMean):
    """max(maxⱼ (1 − yⱼ)ŷⱼ − Σⱼ yⱼŷⱼ + 1, 0) (see [lucidnet.losses.CategoricalHinge][])."""

    loss_class = losses.CategoricalHinge


@register("cosine_similarity")
class CosineSimilarity(LossMean):
    """cos(y, ŷ) = Σⱼ ỹⱼŷ̃ⱼ with ṽ = v / max(‖v‖, ε) along `axis`: 1 for a perfect match, as
    Keras's metric, the opposite of the loss [lucidnet.losses.CosineSimilarity][]."""

    direction = "up"

    loss_class, loss_arguments = losses.CosineSimilarity, ("axis",)

    def __init__(self, axis: int = -1, name: str | None = None, dtype=None):
        self.axis = losses.CosineSimilarity(axis).axis
        super().__init__(name, dtype)

    def score(self, y_true, y_pred):
        return -super().score(y_true, y_pred)


#: Keras's `keras.metrics` functions of the same losses: the same functions.
mean_absolute_percentage_error = losses.mean_absolute_percentage_error
mean_squared_logarithmic_error = losses.mean_squared_logarithmic_error
log_cosh, kl_divergence, poisson = losses.log_cosh, losses.kl_divergence, losses.poisson
hinge, squared_hinge, categorical_hinge = losses.hinge, losses.squared_hinge, losses.categorical_hinge


def cosine_similarity(y_true, y_pred, axis: int = -1) -> np.ndarray:
    """cos(y, ŷ) for each example, as `keras.metrics.cosine_similarity` (the loss's opposite).

    Examples
    --------
    >>> cosine_similarity([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]).round(6) + 0.0
    array([ 0.,  1., -1.], dtype=float32)
    """
    return -losses.cosine_similarity(y_true, y_pred, axis)
