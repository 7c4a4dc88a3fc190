"""Symbolic tensors: the functional API's placeholders, for chains of layers.

The contract.  A `KerasTensor` stands for a batch that does not exist yet: it has a
`shape` (batch axis `None`), a `dtype` and a `name`, and remembers the layer that
produced it and the tensor that layer was called on.  `Input(shape)` holds one; calling a
layer (or a model) on one checks the shape with the layer's `compute_output_shape` and
returns a new tensor, recording the call on the layer (`call`), without building it
or computing anything.  `chain` walks from an output back to an input and returns the
layers between them in order, which is all a lucidnet model is: a chain of layers, each
called once on the output of the one before.  Anything else (arithmetic on tensors, a layer
called on several tensors, a layer used twice) is refused with a `ValueError` that says so.

This module knows layers only by what it asks of them: `name`, `compute_output_shape`,
`describe()` when there is one, and the list `_inbound_calls` it keeps on them, whose
first entry is what `layer.input` and `layer.output` return, as in Keras.
"""

from __future__ import annotations

import inspect
import itertools

import numpy as np

_names = itertools.count(1)

CHAINS_ONLY = ("lucidnet models are chains of layers: each layer is called once, on the "
               "output of the layer before it")


class KerasTensor:
    """A symbolic batch: `shape` (batch axis `None`), `dtype` and `name`.

    Examples
    --------
    >>> from lucidnet.layers import Dense, Input
    >>> inputs = Input((784,))
    >>> x = Dense(64, activation="relu")(inputs)
    >>> x.shape, x.dtype
    ((None, 64), 'float32')
    """

    __slots__ = ("shape", "dtype", "name", "layer", "source")

    def __init__(self, shape, dtype: str = "float32", name: str | None = None, *, layer=None,
                 source: KerasTensor | None = None):
        self.shape = (None,) + tuple(shape[1:])
        self.dtype = dtype
        self.name = name or f"keras_tensor_{next(_names)}"
        #: The layer whose output this is (the ``Input`` for an input), and the tensor it was
        #: called on (None for an input).
        self.layer = layer
        self.source = source

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, name={self.name}>"

    def _refuse(self, *_args, **_kwargs):
        raise ValueError(
            f"{self!r} is symbolic: it has no values, and arithmetic or NumPy functions on it "
            f"cannot be part of a lucidnet model ({CHAINS_ONLY}). Apply a layer instead, e.g. "
            f"Activation('relu')(x)."
        )

    __array__ = numpy = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __truediv__ = __rtruediv__ = __matmul__ = __rmatmul__ = __pow__ = __neg__ = _refuse
    __getitem__ = _refuse


def describe(layer) -> str:
    return layer.describe() if hasattr(layer, "describe") else f"{type(layer).__name__} {layer.name!r}"


def output_shape(layer, shape: tuple, model_name: str | None = None) -> tuple:
    """What `layer` outputs for inputs of `shape`: its shape rule when it is not built,
    else its built output shape, after checking that `shape` is what it was built for."""
    if not layer.built:
        return layer.compute_output_shape(shape)
    if tuple(layer.input_shape[1:]) != tuple(shape[1:]):
        where = f" in model {model_name!r}" if model_name else ""
        raise ValueError(f"{describe(layer)} was built for inputs {_shape(layer.input_shape)} "
                         f"but receives {_shape(shape)}{where}.")
    return layer.output_shape


def _shape(shape) -> str:
    return "(" + ", ".join(map(str, shape)) + (",)" if len(shape) == 1 else ")")


def call(layer, tensor: KerasTensor) -> KerasTensor:
    """The output tensor of `layer` called on `tensor`: the shape is checked by the layer
    (a `ValueError` naming it), and the call is recorded on the layer.  Calling again on
    the same tensor returns the same output and records nothing new.
    """
    for source, output in layer._inbound_calls:
        if source is tensor:
            return output
    shape = output_shape(layer, tensor.shape)
    output = KerasTensor(shape, tensor.dtype, layer=layer, source=tensor)
    layer._inbound_calls.append((tensor, output))
    return output


def as_single_tensor(value, what: str) -> KerasTensor:
    """`value` (a tensor, an `Input`, or a list or tuple holding one) as one tensor;
    several raise a `ValueError` (what: `"inputs"` or `"outputs"`)."""
    if isinstance(value, (list, tuple)):
        if len(value) != 1:
            raise ValueError(
                f"Model {what} must be a single tensor, got {len(value)}: {CHAINS_ONLY}, from "
                f"one input to one output."
            )
        value = value[0]
    if isinstance(value, dict):
        raise ValueError(f"Model {what} must be a single tensor, got a dict: {CHAINS_ONLY}.")
    value = as_tensor(value)
    if not isinstance(value, KerasTensor):
        raise TypeError(
            f"Model {what} must be a symbolic tensor such as keras.Input((784,)) or the "
            f"output of a layer called on one, got {value!r:.80} (of type "
            f"{type(value).__name__})."
        )
    return value


def as_tensor(value):
    """An `Input` layer's tensor for the layer itself (it is the one layer whose first
    call has no source); anything else unchanged."""
    if isinstance(value, np.ndarray):  # data, the common case, which has no calls to look up
        return value
    calls = getattr(value, "_inbound_calls", None)
    if calls and calls[0][0] is None:
        return calls[0][1]
    return value


def chain(inputs: KerasTensor, outputs: KerasTensor) -> list:
    """The layers from `inputs` to `outputs`, first to last; a `ValueError` when
    `outputs` was not computed from `inputs` or when a layer appears twice."""
    layers, seen = [], set()
    tensor = outputs
    while tensor is not inputs:
        if tensor.source is None:
            raise ValueError(
                f"The output {tensor!r} of {describe(tensor.layer)} was not computed from the "
                f"input {inputs!r}: {CHAINS_ONLY}, from the model's input to its output."
            )
        if id(tensor.layer) in seen:
            raise ValueError(
                f"{describe(tensor.layer)} is called more than once between the input and the "
                f"output: {CHAINS_ONLY}, and a layer is used once."
            )
        seen.add(id(tensor.layer))
        layers.append(tensor.layer)
        tensor = tensor.source
    return layers[::-1]


def functional(inputs, outputs) -> tuple[KerasTensor, list]:
    """What `Model(inputs=inputs, outputs=outputs)` is made of: the input tensor and the
    layers from it to the output (see `chain`), at least one."""
    if inputs is None or outputs is None:
        raise ValueError(f"Model() needs both inputs= and outputs=, got inputs={inputs!r:.60} "
                         f"and outputs={outputs!r:.60}.")
    input_tensor = as_single_tensor(inputs, "inputs")
    layers = chain(input_tensor, as_single_tensor(outputs, "outputs"))
    if not layers:
        raise ValueError(f"Model outputs {outputs!r:.80} are its inputs: a model needs at "
                         f"least one layer between them.")
    return input_tensor, layers


def call_chain(layers, tensor: KerasTensor) -> KerasTensor:
    """The output of `layers` called in turn on `tensor` (each call recorded, see `call`)."""
    for layer in layers:
        tensor = call(layer, tensor)
    return tensor


def trace(call, tensor: KerasTensor, where: str) -> list:
    """The layers a model subclass's `call` chains, found by running it once on the
    symbolic `tensor` (and once more with `training=True` when it takes `training`, to
    check that the chain does not depend on it); `where` names it in errors.
    """
    takes_training = "training" in inspect.signature(call).parameters

    def run(*training):
        try:
            output = call(tensor, *training)
        except ValueError as error:
            raise ValueError(f"{where}, traced on {tensor!r}: {error}") from None
        if not isinstance(output, KerasTensor):
            raise ValueError(f"{where} must return the output of a layer, got {output!r:.80}: "
                             f"{CHAINS_ONLY}.")
        return chain(tensor, output)

    layers = run(False) if takes_training else run()
    if takes_training and run(True) != layers:
        raise ValueError(
            f"{where} chains other layers when training=True: lucidnet traces call() once, so "
            f"pass training on instead, e.g. self.dropout(x, training=training)."
        )
    if not layers:
        raise ValueError(f"{where} returns its input: a model needs at least one layer.")
    return layers


def first_call(layer, attribute: str) -> KerasTensor:
    """`layer.input` (`attribute="input"`) or `layer.output`: the tensors of the first
    symbolic call, or Keras's `AttributeError` when there has been none."""
    if not layer._inbound_calls:
        raise AttributeError(
            f"The layer {layer.name} has never been called and thus has no defined {attribute}."
        )
    source, output = layer._inbound_calls[0]
    return output if attribute == "output" or source is None else source


__all__ = ["KerasTensor", "call", "call_chain", "chain", "first_call", "functional",
           "as_single_tensor", "as_tensor", "trace"]
