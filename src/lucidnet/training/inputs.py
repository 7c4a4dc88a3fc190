"""The checks `fit`, `evaluate` and `predict` run on their data before any step.

Each function takes the model and the user's arrays and returns them in the form the loops
use (floats of the model's dtype, targets as the loss expects them), or raises an error that
names the argument, the shape or value received and what was expected.  Nothing here runs
inside the per-batch loop.  The model is read through its public attributes only
(`layers`, `built`, `build`, `input_shape`, `output_layer`, `dtype`, `name`,
`loss`).
"""

from __future__ import annotations

import math
import sys

import numpy as np

from ..errors import NotReadyError
from ..layers.base import shape_str
from ..validation import (as_array, as_float_array, check_finite, check_magnitude, is_integer,
                          non_negative_number, positive_int, same_length)


def prepare_inputs(model, x, name: str = "x", build: bool = False) -> np.ndarray:
    """`x` as a float array of the model's dtype whose example shape the model accepts;
    with `build`, an unbuilt model is built for it.  A vector given to a model of one
    input feature is one example per value, shape (N, 1), as Keras reads it."""
    x = as_float_array(name, x, model.dtype, squares=True)
    if x.ndim == 1 and model.built and tuple(model.input_shape[1:]) == (1,):
        x = x.reshape(-1, 1)
    return check_inputs(model, x, name, build)


def check_inputs(model, x, name: str = "x", build: bool = False):
    """`x` (anything with `len`, `ndim` and `shape`) if the model accepts its example
    shape; with `build`, an unbuilt model is built for it."""
    if model.built and len(x) and x.shape[1:] == model.input_shape[1:]:
        return x  # what every check below would find: a built model has layers and a shape
    if not model.layers:
        raise ValueError(f"Model {model.name!r} has no layers; add some first.")
    if len(x) == 0:
        raise ValueError(f"{name} is empty: it needs at least one example.")
    if x.ndim < 2 or 0 in x.shape[1:]:
        raise ValueError(
            f"{name} must hold examples with at least one feature each, shape (examples, "
            f"features), got shape {x.shape}."
            + (" Hint: a single feature per example is x.reshape(-1, 1)." if x.ndim == 1 else "")
        )
    if not model.built:
        if build:
            model.build(x.shape)
        else:
            raise NotReadyError(
                f"Model {model.name!r} has not been built, so it has no weights to predict "
                f"with. Train it with fit(), give it an input shape (Input(shape) or "
                f"input_shape= on the first layer), or call "
                f"build((None, {', '.join(map(str, x.shape[1:]))}))."
            )
    if x.shape[1:] != model.input_shape[1:]:
        model.layers[0].compute_output_shape(x.shape)  # the first layer names the problem
        raise ValueError(
            f"Model {model.name!r} expects {name} of shape {shape_str(model.input_shape)}, "
            f"got {shape_str(x.shape)}."
        )
    return x


def prepare_data(model, x, y, sample_weight, prefix: str = ""):
    """(x, y, sample_weight) checked against each other, the model and its compiled loss."""
    if y is None:
        raise ValueError(f"{prefix}y is required: pass the targets after {prefix}x.")
    x = prepare_inputs(model, x, f"{prefix}x", build=True)
    return (x, *prepare_targets(model, x, y, sample_weight, prefix))


def prepare_targets(model, x, y, sample_weight, prefix: str = ""):
    """(y, sample_weight) checked against the prepared `x`, the model and its loss."""
    y = as_array(f"{prefix}y", y)
    check_magnitude(f"{prefix}y", y, model.dtype)
    same_length(f"{prefix}x", x, f"{prefix}y", y)
    output = model.output_layer
    y = model.loss.prepare_targets(y, output.output_shape[1:], model.dtype, output.describe())
    check_finite(f"{prefix}y", y)
    if sample_weight is not None:
        name = f"{prefix}sample_weight"
        sample_weight = as_float_array(name, sample_weight, model.dtype)
        if sample_weight.ndim != 1:
            raise ValueError(
                f"{name} must hold one weight per example, shape ({len(x)},), got "
                f"shape {sample_weight.shape}."
            )
        same_length(f"{prefix}x", x, name, sample_weight)
        if (sample_weight < 0).any():
            raise ValueError(f"{name} must be non-negative, got a minimum of {sample_weight.min()}.")
    return y, sample_weight


def prepare_validation(model, validation_data):
    """`validation_data` = (x_val, y_val) or (x_val, y_val, sample_weight), checked."""
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        raise ValueError(
            "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight), "
            f"got {type(validation_data).__name__}"
            f"{' of length ' + str(len(validation_data)) if isinstance(validation_data, (tuple, list)) else ''}."
        )
    x_val, y_val, *rest = validation_data
    return prepare_data(model, x_val, y_val, rest[0] if rest else None, prefix="validation ")


def split_validation(x, y, sample_weight, validation_split: float):
    """The last `validation_split` of the examples, as given (before any shuffling), as in
    Keras: the first ⌊N(1 − s)⌋ examples train and the rest validate.  Returns
    `(x, y, sample_weight), (x_val, y_val, sample_weight_val)`."""
    split_at = int(math.floor(len(x) * (1.0 - validation_split)))
    if split_at in (0, len(x)):
        raise ValueError(
            f"validation_split={validation_split} of {len(x)} examples leaves "
            f"{split_at} for training and {len(x) - split_at} for validation; both "
            f"need at least one."
        )
    weights = (None, None) if sample_weight is None else (sample_weight[:split_at],
                                                          sample_weight[split_at:])
    return (x[:split_at], y[:split_at], weights[0]), (x[split_at:], y[split_at:], weights[1])


def class_weighted(model, class_weight, y, sample_weight):
    """Per-example weights w = class_weight[label of the example] (× sample_weight)."""
    if class_weight is None:
        return sample_weight
    if not isinstance(class_weight, dict):
        raise TypeError(f"class_weight must be a dict {{label: weight}}, got {type(class_weight).__name__}.")
    units = model.output_layer.output_shape[-1]
    n_classes = 2 if units == 1 else units
    labels = class_labels(y, model.loss.sparse_targets)
    table = np.ones(n_classes, dtype=model.dtype)
    for label, weight in class_weight.items():
        if not is_integer(label) or not 0 <= label < n_classes:
            raise ValueError(
                f"class_weight has label {label!r}, but the model's output has classes "
                f"0..{n_classes - 1}."
            )
        weight = non_negative_number(f"class_weight[{label}]", weight)
        largest = float(np.finfo(model.dtype).max)
        if weight > largest:
            raise ValueError(f"class_weight[{label}] = {weight!r} is too large for the model's "
                             f"{model.dtype} (at most {largest:.3g}).")
        table[label] = weight
    weights = table[labels]
    return weights if sample_weight is None else weights * sample_weight


def class_labels(y, sparse: bool) -> np.ndarray:
    """The class index of each example: the label itself, the one-hot argmax, or 0/1."""
    if sparse:
        return y
    if y.shape[-1] == 1:
        return (y[:, 0] > 0.5).astype(np.intp)
    return np.argmax(y, axis=-1)


def validation_schedule(validation_freq):
    """A predicate on the 0-based epoch: validate every N epochs, or on the listed epochs."""
    if is_integer(validation_freq):
        every = positive_int("validation_freq", validation_freq)
        return lambda epoch: (epoch + 1) % every == 0
    if isinstance(validation_freq, (list, tuple, set, range)) and all(
        is_integer(e) and e >= 1 for e in validation_freq
    ):
        chosen = {int(e) for e in validation_freq}
        return lambda epoch: epoch + 1 in chosen
    raise ValueError(
        "validation_freq must be a positive integer or a collection of epochs (1-based), "
        f"got {validation_freq!r}."
    )


#: What each kind of classification target is, in words.
_TARGET_WORDS = {"labels": "integer class labels", "one-hot": "one-hot rows",
                 "binary": "0/1 targets, one column per output"}


def check_metric_for_loss(identifier, metric, loss, units: int | None) -> None:
    """Refuse a metric that reads another kind of target than the loss takes, naming the
    metric, the loss and the metric that fits: `sparse_categorical_crossentropy` takes
    labels, so `categorical_accuracy` (one-hot rows) would compare an argmax with nothing
    meaningful.  Only class-picking metrics (`Metric.class_targets`) against the
    cross-entropies are checked; `"accuracy"` follows the loss, as in Keras, and needs
    none.  `units` (the output width, None while unknown) decides the one case that needs
    it: a one-hot metric over a single sigmoid output, whose argmax is always 0."""
    reads = metric.class_targets
    if reads is None or loss.fused_activation is None:
        return
    takes = "labels" if loss.sparse_targets else \
        "binary" if loss.fused_activation == "sigmoid" else "one-hot"
    name = metric.registry_name
    if takes == "labels" and reads == "one-hot":
        right = f"sparse_{name}"
    elif takes == "one-hot" and reads == "labels":
        right = name.removeprefix("sparse_")
    elif takes == "binary" and (reads == "labels" or units == 1):
        right = "binary_accuracy"
    else:
        return
    if takes == "binary" and reads == "one-hot":
        problem = (f"picks the largest of the outputs, but with loss={loss.registry_name!r} "
                   f"the model has a single output, so it would always pick class 0")
    else:
        problem = (f"reads {_TARGET_WORDS[reads]}, but loss={loss.registry_name!r} takes "
                   f"{_TARGET_WORDS[takes]}")
    raise ValueError(f"metrics=[{identifier!r}] {problem}: use {right!r}, or 'accuracy', "
                     f"which follows the loss.")


def resolve_verbose(verbose) -> int:
    """0, 1 or 2; `"auto"` is 1 on an interactive terminal and 2 otherwise.

    `False` and `True` are 0 and 1, as Keras reads them (tutorials write
    `fit(..., verbose=False)`).
    """
    if type(verbose) is int and 0 <= verbose <= 2:  # the common case, first: predict(x, verbose=0)
        return verbose
    if verbose == "auto":
        return 1 if sys.stdout.isatty() else 2
    if isinstance(verbose, (bool, np.bool_)):
        return int(verbose)
    if not is_integer(verbose) or verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 'auto', 0, 1, 2 or a boolean, got {verbose!r}.")
    return int(verbose)
