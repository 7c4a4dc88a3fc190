"""`clone_model`: the same architecture with new weights, as Keras's `keras.models.clone_model`.

It knows the model classes by their registered names (`lucidnet.registry.MODELS`) and
models by their public methods, so [`lucidnet.models`][lucidnet.models] can offer it without a
loop.
"""

from __future__ import annotations

from .layers import Input, Layer
from .registry import MODELS
from .validation import boolean


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive: bool = False):
    """A new model with the same architecture and freshly initialized weights, as Keras's
    `clone_model`; compiled like `model` (with a new optimizer) when `model` is.

    Parameters
    ----------
    model : Model
        The [`Sequential`][lucidnet.models.Sequential] model to copy.
    input_tensors : KerasTensor, list of one KerasTensor, or None
        An `Input(shape)` (or a list holding one) to build the copy for
        instead of `model`'s input shape.
    clone_function : callable or None
        `fn(layer) -> layer`, called on each layer in order; by default
        `type(layer).from_config(layer.get_config())`, a new layer with the same
        settings.  Returning `layer` itself shares it (and its weights) with `model`.
    call_function : None
        For Keras's functional models; a Sequential model's layers are listed,
        not called, so it must be None, as in Keras.
    recursive : bool, optional
        Accepted for Keras's signature; a lucidnet model holds no inner models, so
        there is nothing to recurse into.

    Examples
    --------
    >>> from lucidnet import Dense, Input, Sequential
    >>> model = Sequential([Input((4,)), Dense(3, activation="softmax")], seed=0)
    >>> twin = clone_model(model)
    >>> twin.get_config() == model.get_config(), twin.layers[0] is model.layers[0]
    (True, False)
    """
    if not isinstance(model, MODELS.lookup("Sequential")):
        raise TypeError(
            f"clone_model expects a Sequential model, got {model!r:.60} (of type "
            f"{type(model).__name__})."
        )
    if clone_function is not None and not callable(clone_function):
        raise TypeError(
            f"clone_function must be a function taking a layer and returning a layer, got "
            f"{clone_function!r:.60}."
        )
    if call_function is not None:
        raise ValueError(
            f"clone_model: call_function applies to Keras's functional models; the layers of "
            f"a Sequential model are listed, not called. Got call_function={call_function!r:.60}; "
            f"use clone_function to replace layers."
        )
    boolean("clone_model recursive", recursive)
    shape = _cloned_input_shape(model, input_tensors)
    layers = []
    for layer in model.layers:
        new = (clone_function or _copy_of)(layer)
        if not isinstance(new, Layer):
            raise TypeError(
                f"clone_function must return a Layer; for {layer.describe()} it returned "
                f"{new!r:.60} (of type {type(new).__name__})."
            )
        layers.append(new)
    clone = MODELS.lookup("Sequential")(([] if shape is None else [Input(shape)]) + layers, name=model.name,
                       dtype=model.dtype)
    if model.compiled:
        config = model.get_compile_config()
        clone.compile(optimizer=_copy_of(config["optimizer"]), loss=_copy_of(config["loss"]),
                      metrics=[identifier if isinstance(identifier, (str, dict, type))
                               else _copy_of(identifier) for identifier in config["metrics"]])
    return clone


def _cloned_input_shape(model, input_tensors) -> tuple | None:
    """The example shape a clone is built for: that of `input_tensors` when given."""
    if input_tensors is None:
        return None if model.input_shape is None else tuple(model.input_shape[1:])
    given = input_tensors
    if isinstance(given, (list, tuple)):
        if len(given) != 1:
            raise ValueError(
                f"clone_model: input_tensors must hold a single Input, got {len(given)} entries."
            )
        given = given[0]
    if not isinstance(given, Input):
        raise TypeError(
            f"clone_model: input_tensors must be an Input(shape) or a list holding one, got "
            f"{input_tensors!r:.60} (of type {type(input_tensors).__name__})."
        )
    return given.example_shape


def _copy_of(obj):
    """A new object with `obj`'s settings and none of its state: Keras's default clone."""
    return type(obj).from_config(obj.get_config())
