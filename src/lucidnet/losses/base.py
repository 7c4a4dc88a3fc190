"""The base class of every loss, its registry, and the checks on targets the families share.

Every loss is a small class with

- `per_sample(y, p)`: the loss of each example, shape `(N,)` for a batch of shape `(N, k)`;
- `__call__(y, p, sample_weight=None)`: the cost of the batch, by default
  C = (1/N) Σₙ wₙ Cₙ (the other reductions are in [lucidnet.losses.reduction][]);
- `gradient(y, p, sample_weight=None)`: ∇_ŷ C of that cost, the ∇ₐC that enters BP1.

The inputs are converted as Keras converts them: to the loss's float type, a trailing axis
of length 1 squeezed or added when the ranks differ by one, other differences refused.

Cross-entropies also know the output activation they pair with (`fused_activation`).
When the network ends in that activation, BP1's product ∇ₐC ⊙ σ'(zᴸ) collapses to the
short and numerically stable δᴸ = (a − y)/N, given by `output_delta`; the same
expression is the gradient with respect to the logits when `from_logits=True`.
"""

from __future__ import annotations

import functools

import numpy as np

from ..config import floatx
from ..registry import Named, Registry
from ..validation import as_array, check_finite, rows_summing_to_one, values_within
from .reduction import reduce, require_reduced, same_rank, standardize_reduction, value_weights


class Loss(Named):
    """Base class: a loss C(y, ŷ) with its gradient ∇_ŷ C.

    Subclasses implement `per_sample` (the loss Cᵢ of each example, reducing the last axis)
    and `gradient_unweighted` (∂Cᵢ/∂ŷᵢ, shaped like ŷ); this class converts the inputs as
    Keras does, reduces the values (see [lucidnet.losses.reduction][]) and weighs the gradient
    consistently with that reduction.

    Parameters
    ----------
    reduction : str or None
        `"sum_over_batch_size"` (the default) or `"mean"`: Σᵢ wᵢCᵢ / M over the M values;
        `"sum"`: Σᵢ wᵢCᵢ; `"mean_with_sample_weight"`: Σᵢ wᵢCᵢ / Σᵢ wᵢ; `"none"` or `None`:
        the weighted values, one per example (no gradient: such a loss cannot train).
    name : str, optional
        The name of the loss; its registered name by default.
    dtype : str, optional
        The float type the loss computes in (`"float16"`, `"float32"`, `"float64"`); by
        default that of `y_pred` when it is a float array, else `floatx()`.

    Examples
    --------
    >>> from lucidnet.losses import MeanSquaredError
    >>> mse = MeanSquaredError(reduction="sum")
    >>> float(mse([[1.0, 2.0], [0.0, 0.0]], [[0.0, 4.0], [1.0, 1.0]]))
    3.5
    """

    #: The output activation whose pairing with this loss gives δᴸ = (a − y)/N.
    fused_activation: str | None = None
    #: True when targets are integer class indices rather than arrays shaped like ŷ.
    sparse_targets = False
    from_logits = False
    #: The axis `per_sample` reduces (the classes of a cross-entropy); moved last first.
    axis = -1
    #: False for a loss whose `per_sample` keeps every element (a value per prediction).
    reduces_axis = True
    # The defaults of a subclass whose constructor does not call this one's.
    reduction = "sum_over_batch_size"
    _name = None
    _dtype = None

    def __init__(self, reduction="sum_over_batch_size", name=None, dtype=None):
        self.reduction = standardize_reduction(reduction)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__} name must be a string or None, got {name!r}.")
        self._name = name
        self._dtype = None if dtype is None else float_dtype(f"{type(self).__name__} dtype", dtype)

    @property
    def name(self) -> str:
        """The name given, else the registered name."""
        return self._name or self.registry_name

    @property
    def dtype(self) -> str | None:
        """The float type given to the constructor (None: that of `y_pred`, or `floatx()`)."""
        return self._dtype

    def get_config(self) -> dict:
        """The constructor's arguments; `dtype` only when one was given, as Keras's omits it."""
        config = super().get_config()
        if config.get("dtype", 0) is None:
            del config["dtype"]
        return config

    def compute_dtype(self, y_pred) -> np.dtype:
        """The dtype the loss computes in for predictions `y_pred`."""
        if self._dtype is not None:
            return np.dtype(self._dtype)
        if isinstance(y_pred, np.ndarray) and y_pred.dtype.kind == "f":
            return y_pred.dtype
        return np.dtype(floatx())

    def standardize(self, y_true, y_pred):
        """(y_true, y_pred) as float arrays of one shape, the reduced axis last.

        A trailing axis of length 1 is squeezed or added when the ranks differ by one (see
        [lucidnet.losses.reduction.same_rank][]); other shapes that differ are refused.

        Parameters
        ----------
        y_true, y_pred : array_like
            Targets and predictions, as given to the loss.

        Returns
        -------
        tuple of numpy.ndarray
            Both in the loss's dtype ([lucidnet.losses.Loss.compute_dtype][]).

        Raises
        ------
        ValueError
            If the shapes differ otherwise, naming both.
        """
        dtype = self.compute_dtype(y_pred)
        y_pred = numeric_array(f"{self.name} y_pred", y_pred).astype(dtype, copy=False)
        y_true = numeric_array(f"{self.name} y_true", y_true).astype(dtype, copy=False)
        y_true, y_pred = same_rank(y_true, y_pred)
        if y_true.shape != y_pred.shape:
            hint = ""
            if y_true.ndim == 2 and y_true.shape[-1] == 1 and self.fused_activation == "softmax":
                hint = (" Hint: one integer class label per example is "
                        "loss='sparse_categorical_crossentropy'.")
            raise ValueError(
                f"{self.name} y_true and y_pred must have the same shape, got shapes "
                f"{y_true.shape} and {y_pred.shape}.{hint}")
        y_pred, y_true = self.axis_last(y_pred, y_true)
        return y_true, y_pred

    def axis_last(self, y_pred, y_true=None):
        """(y_pred, y_true) with `axis` moved last, for a loss that reduces another axis."""
        if y_pred.ndim == 0:
            raise ValueError(f"{self.name} y_pred must have at least one axis, got a scalar.")
        axis = self.axis
        if not -y_pred.ndim <= axis < y_pred.ndim:
            raise ValueError(f"{self.name} axis {axis} is out of range for y_pred of shape "
                             f"{y_pred.shape}.")
        if axis % y_pred.ndim != y_pred.ndim - 1:
            y_pred = np.moveaxis(y_pred, axis, -1)
            if y_true is not None:
                y_true = np.moveaxis(y_true, axis, -1)
        return y_pred, y_true

    def value_mask(self, y_true):
        """False for the values the reduction leaves out (labels equal to `ignore_class`)."""
        return None

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The loss of the batch: the values Cᵢ of `per_sample`, weighted and reduced.

        Parameters
        ----------
        y_true : array_like
            Targets, shaped like `y_pred` (integer labels for a sparse loss).
        y_pred : array_like
            Predictions (or logits with `from_logits=True`).
        sample_weight : array_like, optional
            A scalar, or one weight per example (or per value).

        Returns
        -------
        numpy.floating or numpy.ndarray
            C, of the loss's dtype; the weighted values for `reduction="none"`.
        """
        y_true, y_pred = self.standardize(y_true, y_pred)
        return reduce(self.per_sample(y_true, y_pred), sample_weight, self.value_mask(y_true),
                      self.reduction)

    def per_sample(self, y_true, y_pred):
        """Cᵢ for each example, the last axis reduced (inputs as `standardize` returns them)."""
        raise NotImplementedError

    def value_weights(self, y_true, y_pred, sample_weight=None):
        """∂C/∂Cᵢ for the values of standardized inputs, with a trailing axis to broadcast."""
        shape = y_pred.shape[:-1] if self.reduces_axis else y_pred.shape
        weights = value_weights(shape, sample_weight, self.value_mask(y_true), self.reduction,
                                y_pred.dtype)
        return weights[..., None] if self.reduces_axis else weights

    def gradient(self, y_true, y_pred, sample_weight=None):
        """∇_ŷ C of the reduced loss: the ∇ₐC of BP1, shaped like `y_pred`.

        ∂C/∂ŷᵢ = (∂C/∂Cᵢ)(∂Cᵢ/∂ŷᵢ), the first factor the weight of the value in the
        reduction (wᵢ/M by default).
        """
        shape = np.shape(y_pred)
        y_true, y = self.standardize(y_true, y_pred)
        grad = self.gradient_unweighted(y_true, y) * self.value_weights(y_true, y, sample_weight)
        return self.restore(grad, shape)

    def restore(self, grad, shape):
        """`grad` of standardized predictions back in the axes and shape `y_pred` came in."""
        if self.axis % len(grad.shape) != grad.ndim - 1:
            grad = np.moveaxis(grad, -1, self.axis)
        return grad.reshape(shape)

    def gradient_unweighted(self, y_true, y_pred):
        """∂Cᵢ/∂ŷᵢ for each example (no 1/N, no weights)."""
        raise NotImplementedError

    def output_delta(self, y_true, a, sample_weight=None):
        """δᴸ = ∂C/∂zᴸ = (a − y)·wᵢ/N for the fused activation (or the logits)."""
        raise TypeError(f"{self.name} has no fused output activation.")

    def fuses_with(self, activation) -> bool:
        """True when `activation` is exactly the standard function this loss fuses with, so
        that δᴸ = ∇ₐC ⊙ σ'(zᴸ) may be replaced by `output_delta`."""
        return (
            not self.from_logits
            and self.axis == -1
            and activation.registry_name == self.fused_activation
            and activation.get_config() == default_config(type(activation))
        )

    def check_trainable(self) -> None:
        """Nothing if the loss gives one number to train on, else a ValueError (`compile`
        asks: `reduction="none"` gives one loss per example)."""
        require_reduced(self.reduction)

    def check_targets(self, y):
        """`y` if its values suit this loss (as `fit` checks them), else a ValueError."""
        return y

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Check targets against the network's output and convert them; raise a clear error.

        `output_shape` is the output's shape without the batch axis; `where` names the
        output layer for messages.
        """
        y = np.asarray(y)
        if y.dtype.kind not in "biuf":
            raise TypeError(
                f"{self.name} expects numeric targets, got an array of dtype {y.dtype}."
            )
        units = output_shape[-1]
        if y.ndim == 1 and len(output_shape) == 1 and units == 1:
            y = y.reshape(-1, 1)
        if y.shape[1:] != tuple(output_shape):
            hint = ""
            if y.ndim == 1 and units > 1:
                hint = (
                    " Hint: these look like integer labels; one-hot encode them with "
                    "lucidnet.utils.to_categorical(y, num_classes) or use "
                    "loss='sparse_categorical_crossentropy'."
                )
            raise ValueError(
                f"{self.name} expects targets shaped like the output of {where}, "
                f"(batch, {', '.join(map(str, output_shape))}), got shape {y.shape}.{hint}"
            )
        return self.check_targets(y.astype(dtype, copy=False))


def float_dtype(name: str, value) -> str:
    """The name of the float type `value` names (`"float16"`, `"float32"`, `"float64"`)."""
    try:
        dtype = np.dtype(value)
    except TypeError:
        dtype = None
    if dtype is None or dtype.kind != "f":
        raise ValueError(f"{name} must be a float type such as 'float32', got {value!r}.")
    return dtype.name


def clip(x, low, high):
    """clip(x, low, high) = min(max(x, low), high), as `np.clip` computes it (NaN stays NaN).

    The two ufuncs give `np.clip`'s values without its Python wrapper, which costs more than
    the arithmetic on the batch of a training step.

    Parameters
    ----------
    x : numpy.ndarray
        The values.
    low, high : float
        The bounds.

    Returns
    -------
    numpy.ndarray
        The clipped values, of `x`'s dtype.

    Examples
    --------
    >>> clip(np.array([0.0, 0.5, 1.0]), 0.1, 0.9)
    array([0.1, 0.5, 0.9])
    """
    return np.minimum(np.maximum(x, low), high)


def at_labels(labels: np.ndarray) -> tuple:
    """The index of each row's entry at its label: `p[at_labels(y)]` is p_{n, yₙ} for `p`
    with the classes on its last axis, and `p[at_labels(y)] -= 1` is p − onehot(y).

    A batch of rows is indexed by `(arange(N), y)`; `np.take_along_axis` and
    `np.put_along_axis` build that index in Python, which costs more than the gather on the
    batch of a training step.

    Parameters
    ----------
    labels : numpy.ndarray of intp
        One class index per row, shaped like `p` without its last axis.

    Returns
    -------
    tuple of numpy.ndarray
        The index, which selects an array shaped like `labels`.

    Examples
    --------
    >>> p = np.array([[0.1, 0.9], [0.8, 0.2]])
    >>> p[at_labels(np.array([1, 0]))]
    array([0.9, 0.8])
    """
    if labels.ndim == 1:
        return np.arange(len(labels)), labels
    return (*np.indices(labels.shape, sparse=True), labels)


def numeric_array(name: str, value) -> np.ndarray:
    """`value` as an array of numbers (booleans, integers or floats), else a TypeError."""
    array = as_array(name, value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {array.dtype}.")
    return array


def label_hint(y: np.ndarray, loss: str) -> str:
    """The loss that fits targets `y` refused by `loss`, when their form suggests one."""
    if not len(y) or not np.all(y == np.round(y)) or y.min() < 0:
        return ""
    if y.max() > 1:
        return ("Hint: these look like integer class labels: use "
                "loss='sparse_categorical_crossentropy' with one softmax output per class.")
    if "binary" not in loss and y.ndim == 2 and (y.sum(axis=-1) > 1).any():
        return ("Hint: rows with several 1s look like multi-label targets: use "
                "loss='binary_crossentropy' with a sigmoid output.")
    return ""


def probability_targets(loss: Loss, y: np.ndarray) -> np.ndarray:
    """`y` if each value is a 0/1 label or a probability in [0, 1], else a ValueError."""
    values_within(f"{loss.name} y", y, 0, 1, label_hint(y, loss.name))
    return y


def non_negative_targets(loss: Loss, y: np.ndarray) -> np.ndarray:
    """`y` if no value is negative (counts, rates), else a ValueError."""
    values_within(f"{loss.name} y", y, 0, np.inf)
    return y


def distribution_targets(loss: Loss, y: np.ndarray) -> np.ndarray:
    """`y` if each row is one-hot or a probability distribution, else a ValueError."""
    hint = label_hint(y, loss.name)
    values_within(f"{loss.name} y", y, 0, 1, hint)
    rows_summing_to_one(f"{loss.name} y", y, hint)
    return y


@functools.cache  # asked at every training step, and a class's defaults are fixed
def default_config(cls) -> dict:
    """The config of `cls()`: what an activation left at its defaults reports."""
    return cls().get_config()


LOSSES = Registry("loss", Loss)
register = LOSSES.register


def per_example(loss: Loss, y_true, y_pred) -> np.ndarray:
    """Cᵢ for each example, as Keras's function of the loss's name returns them.

    Parameters
    ----------
    loss : Loss
        The loss.
    y_true, y_pred : array_like
        Targets and predictions, as [lucidnet.losses.Loss][] takes them.

    Returns
    -------
    numpy.ndarray
        The values Cᵢ: `y_pred`'s shape without its last axis (or `axis`), of the loss's dtype.

    Raises
    ------
    ValueError
        If the shapes do not match, or an input holds NaN or infinite values.
    """
    y_true, y_pred = loss.standardize(y_true, y_pred)
    check_finite(f"{loss.name} y_true", y_true)
    check_finite(f"{loss.name} y_pred", y_pred)
    return loss.per_sample(y_true, y_pred)
