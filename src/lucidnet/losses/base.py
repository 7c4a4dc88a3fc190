"""The base class of every loss, its registry, and the checks on targets the families share.

Every loss is a small class with

- `per_sample(y, p)`: the loss of each example, shape `(N,)`;
- `__call__(y, p, sample_weight=None)`: the cost of the batch, C = (1/N) Σₙ wₙ Cₙ;
- `gradient(y, p, sample_weight=None)`: ∇_ŷ C of that mean, the ∇ₐC that enters BP1.

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
from ..validation import as_array, as_output_batch, check_finite, rows_summing_to_one, same_length, values_within


def batch_weights(sample_weight, n, dtype):
    """The factor wₙ/N applied to each example's gradient, shaped to broadcast over outputs."""
    if sample_weight is None:
        return dtype.type(1.0 / n)
    return (np.asarray(sample_weight, dtype=dtype) / n).reshape(n, 1)


class Loss(Named):
    """Base class.  Subclasses implement ``per_sample`` and ``gradient_unweighted``."""

    #: The output activation whose pairing with this loss gives δᴸ = (a − y)/N.
    fused_activation: str | None = None
    #: True when targets are integer class indices rather than arrays shaped like ŷ.
    sparse_targets = False
    from_logits = False

    def __call__(self, y_true, y_pred, sample_weight=None) -> float:
        """C = (1/N) Σₙ wₙ Cₙ (with wₙ = 1 when no sample weights are given)."""
        losses = self.per_sample(y_true, y_pred)
        if sample_weight is not None:
            losses = losses * np.asarray(sample_weight, dtype=losses.dtype)
        return float(losses.mean())

    def per_sample(self, y_true, y_pred):
        raise NotImplementedError

    def gradient(self, y_true, y_pred, sample_weight=None):
        """∇_ŷ C for C the (weighted) batch mean: the ∇ₐC of BP1."""
        n = len(y_pred)
        return self.gradient_unweighted(y_true, y_pred) * batch_weights(
            sample_weight, n, y_pred.dtype
        )

    def gradient_unweighted(self, y_true, y_pred):
        """∂Cₙ/∂ŷₙ for each example (no 1/N, no weights)."""
        raise NotImplementedError

    def output_delta(self, y_true, a, sample_weight=None):
        """δᴸ = ∂C/∂zᴸ = (a − y)·wₙ/N for the fused activation (or the logits)."""
        raise TypeError(f"{self.name} has no fused output activation.")

    def fuses_with(self, activation) -> bool:
        """True when ``activation`` is exactly the standard function this loss fuses with, so
        that δᴸ = ∇ₐC ⊙ σ'(zᴸ) may be replaced by :meth:`output_delta`."""
        return (
            not self.from_logits
            and activation.registry_name == self.fused_activation
            and activation.get_config() == default_config(type(activation))
        )

    def prepare_targets(self, y, output_shape, dtype, where: str):
        """Check targets against the network's output and convert them; raise a clear error.

        ``output_shape`` is the output's shape without the batch axis; ``where`` names the
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
        return y.astype(dtype, copy=False)


def label_hint(y: np.ndarray, loss: str) -> str:
    """The loss that fits targets ``y`` refused by ``loss``, when their form suggests one."""
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
    """``y`` if each value is a 0/1 label or a probability in [0, 1], else a ValueError."""
    values_within(f"{loss.name} y", y, 0, 1, label_hint(y, loss.name))
    return y


def distribution_targets(loss: Loss, y: np.ndarray) -> np.ndarray:
    """``y`` if each row is one-hot or a probability distribution, else a ValueError."""
    hint = label_hint(y, loss.name)
    values_within(f"{loss.name} y", y, 0, 1, hint)
    rows_summing_to_one(f"{loss.name} y", y, hint)
    return y


@functools.cache  # asked at every training step, and a class's defaults are fixed
def default_config(cls) -> dict:
    """The config of ``cls()``: what an activation left at its defaults reports."""
    return cls().get_config()


LOSSES = Registry("loss", Loss)
register = LOSSES.register


def per_example(loss: Loss, y_true, y_pred) -> np.ndarray:
    """Cₙ for each example, shape (N,), with the targets checked as ``fit`` checks them.

    ``y_pred`` is a batch of outputs of shape (N, k); ``y_true`` is shaped like it, or holds
    one class label per example for a sparse loss.  The result has ``y_pred``'s float dtype.
    """
    y_pred = as_output_batch(f"{loss.name} y_pred", y_pred, floatx())
    y_true = as_array(f"{loss.name} y_true", y_true)
    same_length(f"{loss.name} y_true", y_true, f"{loss.name} y_pred", y_pred)
    y_true = loss.prepare_targets(y_true, y_pred.shape[1:], y_pred.dtype, "y_pred")
    check_finite(f"{loss.name} y_true", y_true)
    return loss.per_sample(y_true, y_pred)
