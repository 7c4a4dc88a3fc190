"""Export a model to ONNX, the open graph format that onnxruntime and other runtimes execute.

Each layer becomes the standard operators that compute its equation:

- `Dense`: one `Gemm` node, Y = X·W + b (`MatMul` when `use_bias=False`), with the
  kernel and bias stored as initializers under the model file's names (`dense_1/kernel`);
- its activation (or an `Activation` layer, or one of the activation layers `ReLU`,
  `LeakyReLU`, `ELU`, `Softmax`): the ONNX operator of the same function, or a short
  exact composition where ONNX has none in every operator set from 13 on: swish is
  x·Sigmoid(x), hard swish x·HardSigmoid(x), mish x·Tanh(Softplus(x)), CELU α·Elu(x/α) (ONNX's
  `Celu` takes float32 only), a scaled or steepened sigmoid multiplies around `Sigmoid`,
  step is `Cast(Greater(x, 0))`, relu with a ceiling is `Clip` and with a threshold a
  `Where`, and GELU is built from `Erf` (or from `Tanh` for `approximate=True`) so
  that the file does not need opset 20's `Gelu`;
- `Softmax` and `LogSoftmax` over their axis (ONNX normalizes over one axis, so a softmax
  over several is refused); `PReLU` a `PRelu` node with its α; `Flatten` a
  `Flatten(axis=1)` node and `Reshape` a `Reshape` to (batch, target shape);
  `Dropout`, `GaussianNoise`, `GaussianDropout`, `AlphaDropout`, `Identity` and
  `ActivityRegularization` nothing, since they are the identity at inference;
- `Rescaling`: x·scale + offset as `Mul` and `Add`; `UnitNormalization`:
  x / max(√ΣX², 10⁻¹²) from `Mul`, `ReduceSum`, `Sqrt`, `Max` and `Div`; a `Lambda`
  of a lucidnet activation, that activation (a Lambda of a Python function has no ONNX form
  and is refused by name);
- `BatchNormalization`: ONNX's `BatchNormalization` in inference form, with the moving
  statistics (`bn/moving_mean`, `bn/moving_variance`);
- `LayerNormalization`: ONNX's `LayerNormalization` (opset 17 and later) when it normalizes
  the trailing axes of a float32 model, else the same equation from `ReduceMean`, `Sub`,
  `Mul`, `Sqrt` and `Div` (older opsets, other axes, `rms_scaling`, float64);
- `Normalization`: (X − μ)/σ as `Sub` and `Div` (`Mul` and `Add` when inverted), with
  μ and σ = max(√σ², 10⁻⁷) as initializers.

The input is named `input` with a dynamic batch dimension `batch`, the output
`output`; the element type is the model's dtype (float32 or float64).  A layer or
activation with no lowering here (a user's own) is refused with an error naming it; add one
with `register_activation`.  Needs the `onnx` package (`pip install lucidnet[onnx]`).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable

import numpy as np

from .. import activations
from ..errors import NotReadyError
from ..io import atomic_write_bytes
from ..layers import (
    Activation,
    ActivityRegularization,
    AlphaDropout,
    BatchNormalization,
    Dense,
    Dropout,
    Flatten,
    GaussianDropout,
    GaussianNoise,
    Identity,
    Lambda,
    LayerNormalization,
    Normalization,
    Reshape,
    Rescaling,
    UnitNormalization,
)
from ..layers import activations as activation_layers
from ..models import Model
from ..registry import EXPORTERS
from ..saving.writer import plain_json
from ..validation import integer
from ..version import __version__

#: The default operator set: 17, which onnxruntime reads since version 1.13 and the first with
#: LayerNormalization; 13 is the oldest whose Softmax normalises over one axis only.
DEFAULT_OPSET = 17
MIN_OPSET = 13
#: The first operator set whose ReduceMean takes its axes as an input, not an attribute.
REDUCE_AXES_AS_INPUT_OPSET = 18


class _Graph:
    """The nodes and initializers of the graph being built, all in one element type, for one
    operator set (`opset`)."""

    def __init__(self, onnx, dtype: str, opset: int = DEFAULT_OPSET):
        self.onnx = onnx
        self.opset = opset
        self.dtype = np.dtype(dtype)
        self.elem_type = onnx.helper.np_dtype_to_tensor_dtype(self.dtype)
        self.nodes: list = []
        self.initializers: list = []
        self._names: set[str] = set()

    def fresh(self, hint: str) -> str:
        name, k = hint, 1
        while name in self._names:
            k += 1
            name = f"{hint}_{k}"
        self._names.add(name)
        return name

    def initializer(self, name: str, value, dtype=None) -> str:
        """A constant of the graph (a weight array or a scalar), in the graph's element type
        unless `dtype` says otherwise (int64 axes)."""
        name = self.fresh(name)
        array = np.asarray(value, dtype=self.dtype if dtype is None else dtype)
        self.initializers.append(self.onnx.numpy_helper.from_array(array, name=name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str, **attributes) -> str:
        output = self.fresh(f"{hint}/{op_type}")
        self.nodes.append(self.onnx.helper.make_node(op_type, inputs, [output], name=output,
                                                     **attributes))
        return output


# -- activations -------------------------------------------------------------------------------

Lowering = Callable[[_Graph, str, str, activations.Activation], str]
#: Activation class → function(graph, x, where, activation) returning the output's name.
ACTIVATION_LOWERINGS: dict[type, Lowering] = {}


def register_activation(cls: type):
    """Decorator adding the ONNX lowering of the activation class `cls`::

        @register_activation(Cube)
        def cube(graph, x, where, activation):
            return graph.op("Mul", [graph.op("Mul", [x, x], where), x], where)
    """
    def add(lowering: Lowering) -> Lowering:
        ACTIVATION_LOWERINGS[cls] = lowering
        return lowering
    return add


def _single(op_type: str, **attributes) -> Lowering:
    return lambda graph, x, where, activation: graph.op(op_type, [x], where, **attributes)


ACTIVATION_LOWERINGS.update({
    activations.Tanh: _single("Tanh"),
    activations.Softplus: _single("Softplus"),
    activations.Softsign: _single("Softsign"),
    activations.HardSigmoid: _single("HardSigmoid", alpha=1 / 6, beta=0.5),
    activations.SELU: _single("Selu", alpha=activations.SELU.alpha, gamma=activations.SELU.scale),
    activations.Exponential: _single("Exp"),
})


@register_activation(activations.Linear)
def _linear(graph, x, where, activation):
    return x


@register_activation(activations.ReLU)
@register_activation(activations.ReLU6)
@register_activation(activations.LeakyReLU)
def _relu(graph, x, where, activation):
    """Relu, LeakyRelu or Clip(x, 0, m) when one option shapes it; in general
    Where(x > t, min(x, m), s·(x − t))."""
    slope, ceiling, threshold = activation.negative_slope, activation.max_value, activation.threshold
    if threshold == 0.0 and ceiling is None:
        if slope == 0.0:
            return graph.op("Relu", [x], where)
        return graph.op("LeakyRelu", [x], where, alpha=slope)
    if threshold == 0.0 and slope == 0.0:
        zero = graph.initializer(f"{where}/zero", 0.0)
        return graph.op("Clip", [x, zero, graph.initializer(f"{where}/max_value", ceiling)], where)
    t = graph.initializer(f"{where}/threshold", threshold)
    passed = x if ceiling is None else graph.op(
        "Min", [x, graph.initializer(f"{where}/max_value", ceiling)], where)
    below = graph.op("Mul", [graph.op("Sub", [x, t], where),
                             graph.initializer(f"{where}/negative_slope", slope)], where)
    return graph.op("Where", [graph.op("Greater", [x, t], where), passed, below], where)


@register_activation(activations.ELU)
def _elu(graph, x, where, activation):
    return graph.op("Elu", [x], where, alpha=activation.alpha)


@register_activation(activations.CELU)
def _celu(graph, x, where, activation):
    """α·Elu(x/α): ONNX's Celu is the same function, but for float32 only."""
    if activation.alpha == 1.0:
        return graph.op("Elu", [x], where, alpha=1.0)
    alpha = graph.initializer(f"{where}/alpha", activation.alpha)
    scaled = graph.op("Elu", [graph.op("Div", [x, alpha], where)], where, alpha=1.0)
    return graph.op("Mul", [scaled, alpha], where)


def _one_axis(where: str, activation) -> int:
    """The one axis ONNX's Softmax and LogSoftmax normalize over, or a ValueError."""
    if not isinstance(activation.axis, int):
        raise ValueError(
            f"{where} normalizes over the axes {activation.axis}, but ONNX's "
            f"{type(activation).__name__} normalizes over a single axis: it has no ONNX form."
        )
    return activation.axis


@register_activation(activations.Softmax)
def _softmax(graph, x, where, activation):
    return graph.op("Softmax", [x], where, axis=_one_axis(where, activation))


@register_activation(activations.LogSoftmax)
def _log_softmax(graph, x, where, activation):
    return graph.op("LogSoftmax", [x], where, axis=_one_axis(where, activation))


@register_activation(activations.Sigmoid)
def _sigmoid(graph, x, where, activation):
    """c·Sigmoid(β·x), with the multiplications left out when c = β = 1."""
    if activation.steepness != 1.0:
        steepness = graph.initializer(f"{where}/steepness", activation.steepness)
        x = graph.op("Mul", [x, steepness], where)
    a = graph.op("Sigmoid", [x], where)
    if activation.scale != 1.0:
        a = graph.op("Mul", [a, graph.initializer(f"{where}/scale", activation.scale)], where)
    return a


@register_activation(activations.Swish)
def _swish(graph, x, where, activation):
    """x·σ(x)."""
    return graph.op("Mul", [x, graph.op("Sigmoid", [x], where)], where)


@register_activation(activations.HardSiLU)
def _hard_silu(graph, x, where, activation):
    """x·h(x), h the hard sigmoid (ONNX's HardSwish needs opset 14)."""
    return graph.op("Mul", [x, graph.op("HardSigmoid", [x], where, alpha=1 / 6, beta=0.5)], where)


@register_activation(activations.Mish)
def _mish(graph, x, where, activation):
    """x·tanh(softplus(x)) (ONNX's Mish needs opset 18)."""
    return graph.op("Mul", [x, graph.op("Tanh", [graph.op("Softplus", [x], where)], where)], where)


@register_activation(activations.LogSigmoid)
def _log_sigmoid(graph, x, where, activation):
    """−softplus(−x)."""
    return graph.op("Neg", [graph.op("Softplus", [graph.op("Neg", [x], where)], where)], where)


@register_activation(activations.SparseSigmoid)
def _sparse_sigmoid(graph, x, where, activation):
    """Clip(½(x + 1), 0, 1): HardSigmoid with slope ½ and offset ½."""
    return graph.op("HardSigmoid", [x], where, alpha=0.5, beta=0.5)


@register_activation(activations.HardTanh)
def _hard_tanh(graph, x, where, activation):
    """Clip(x, −1, 1)."""
    return graph.op("Clip", [x, graph.initializer(f"{where}/minus_one", -1.0),
                             graph.initializer(f"{where}/one", 1.0)], where)


@register_activation(activations.TanhShrink)
def _tanh_shrink(graph, x, where, activation):
    """x − tanh(x)."""
    return graph.op("Sub", [x, graph.op("Tanh", [x], where)], where)


@register_activation(activations.Squareplus)
def _squareplus(graph, x, where, activation):
    """(x + √(x² + b))/2."""
    root = graph.op("Sqrt", [graph.op("Add", [graph.op("Mul", [x, x], where),
                                              graph.initializer(f"{where}/b", activation.b)],
                                      where)], where)
    return graph.op("Mul", [graph.op("Add", [x, root], where),
                            graph.initializer(f"{where}/half", 0.5)], where)


@register_activation(activations.SparsePlus)
def _sparse_plus(graph, x, where, activation):
    """Where(x > −1, Where(x < 1, ¼(x + 1)², x), 0)."""
    one = graph.initializer(f"{where}/one", 1.0)
    shifted = graph.op("Add", [x, one], where)
    middle = graph.op("Mul", [graph.op("Mul", [shifted, shifted], where),
                              graph.initializer(f"{where}/quarter", 0.25)], where)
    upper = graph.op("Where", [graph.op("Less", [x, one], where), middle, x], where)
    above = graph.op("Greater", [x, graph.initializer(f"{where}/minus_one", -1.0)], where)
    return graph.op("Where", [above, upper, graph.initializer(f"{where}/zero", 0.0)], where)


@register_activation(activations.HardShrink)
@register_activation(activations.SoftShrink)
def _shrink(graph, x, where, activation):
    """ONNX's Shrink: x ∓ bias beyond ±λ, 0 between; bias 0 for the hard form, λ for the soft."""
    bias = activation.threshold if isinstance(activation, activations.SoftShrink) else 0.0
    return graph.op("Shrink", [x], where, lambd=activation.threshold, bias=bias)


@register_activation(activations.Threshold)
def _threshold(graph, x, where, activation):
    """Where(x > t, x, v)."""
    above = graph.op("Greater", [x, graph.initializer(f"{where}/threshold", activation.threshold)],
                     where)
    return graph.op("Where", [above, x, graph.initializer(f"{where}/default_value",
                                                          activation.default_value)], where)


@register_activation(activations.Step)
def _step(graph, x, where, activation):
    """1 where x > 0, else 0, in the model's float type."""
    positive = graph.op("Greater", [x, graph.initializer(f"{where}/zero", 0.0)], where)
    return graph.op("Cast", [positive], where, to=graph.elem_type)


@register_activation(activations.GELU)
def _gelu(graph, x, where, activation):
    """½x(1 + erf(x/√2)), or ½x(1 + tanh(√(2/π)(x + 0.044715x³))) when approximate."""
    def times(a, value, name):
        return graph.op("Mul", [a, graph.initializer(f"{where}/{name}", value)], where)

    if activation.approximate:
        cube = graph.op("Mul", [graph.op("Mul", [x, x], where), x], where)
        inner = graph.op("Add", [x, times(cube, 0.044715, "c")], where)
        curve = graph.op("Tanh", [times(inner, math.sqrt(2 / math.pi), "k")], where)
    else:
        curve = graph.op("Erf", [times(x, 1 / math.sqrt(2), "inv_sqrt2")], where)
    one_plus = graph.op("Add", [curve, graph.initializer(f"{where}/one", 1.0)], where)
    return graph.op("Mul", [times(x, 0.5, "half"), one_plus], where)


def _lower_activation(graph: _Graph, x: str, layer, activation) -> str:
    lowering = ACTIVATION_LOWERINGS.get(type(activation))
    if lowering is None:
        exportable = sorted(cls.registry_name for cls in ACTIVATION_LOWERINGS)
        raise ValueError(
            f"{layer.describe()} uses the activation {type(activation).__name__}, which has no "
            f"ONNX form here. Exportable activations: {', '.join(exportable)}. Add one with "
            f"@lucidnet.export.onnx.register_activation({type(activation).__name__})."
        )
    return lowering(graph, x, f"{layer.name}/{activation.name}", activation)


# -- layers ------------------------------------------------------------------------------------

def _dense(graph: _Graph, x: str, layer) -> str:
    """Y = X·W + b (Gemm), then the activation."""
    kernel = graph.initializer(f"{layer.name}/kernel", layer.kernel)
    if layer.use_bias:
        bias = graph.initializer(f"{layer.name}/bias", layer.bias)
        z = graph.op("Gemm", [x, kernel, bias], layer.name)
    else:
        z = graph.op("MatMul", [x, kernel], layer.name)
    return _lower_activation(graph, z, layer, layer.activation)


def _activation(graph: _Graph, x: str, layer) -> str:
    return _lower_activation(graph, x, layer, layer.activation)


def _prelu(graph: _Graph, x: str, layer) -> str:
    """PRelu(x, α), α broadcast over the batch and the shared axes as in the layer."""
    return graph.op("PRelu", [x, graph.initializer(f"{layer.name}/alpha", layer.alpha)], layer.name)


def _flatten(graph: _Graph, x: str, layer) -> str:
    """Flatten(axis=1), after a Transpose of the channels axis to the end for a
    `channels_first` layer, as the layer moves it."""
    rank = len(layer.input_shape)
    if layer.data_format == "channels_first" and rank > 2:
        x = graph.op("Transpose", [x], layer.name, perm=[0, *range(2, rank), 1])
    return graph.op("Flatten", [x], layer.name, axis=1)


def _identity(graph: _Graph, x: str, layer) -> str:
    return x


def _reduce_mean(graph: _Graph, x: str, axes, where: str) -> str:
    """The mean over `axes`, kept as axes of size 1: the attribute form before opset 18,
    the input form from it on."""
    axes = [int(axis) for axis in axes]
    if graph.opset >= REDUCE_AXES_AS_INPUT_OPSET:
        names = graph.initializer(f"{where}/axes", axes, dtype=np.int64)
        return graph.op("ReduceMean", [x, names], where, keepdims=1)
    return graph.op("ReduceMean", [x], where, axes=axes, keepdims=1)


def _batch_normalization(graph: _Graph, x: str, layer) -> str:
    """Y = γ(X − moving_mean)/√(moving_variance + ε) + β: BatchNormalization at inference,
    with γ = 1 and β = 0 when the layer has none.  (ONNX keeps ε as a float32 attribute.)
    ONNX's statistics are per axis 1, so inputs of rank > 2 normalized along another axis
    are refused."""
    rank = len(layer.input_shape)
    if rank > 2 and layer.axis % rank != 1:
        raise ValueError(
            f"{layer.describe()} normalizes axis {layer.axis} of inputs of rank {rank}; ONNX's "
            f"BatchNormalization normalizes axis 1 only, so this model cannot be exported."
        )
    features = layer.moving_mean.shape
    gamma = np.ones(features) if layer.gamma is None else layer.gamma
    beta = np.zeros(features) if layer.beta is None else layer.beta
    inputs = [x, graph.initializer(f"{layer.name}/{'gamma' if layer.scale else 'ones'}", gamma),
              graph.initializer(f"{layer.name}/{'beta' if layer.center else 'zeros'}", beta),
              graph.initializer(f"{layer.name}/moving_mean", layer.moving_mean),
              graph.initializer(f"{layer.name}/moving_variance", layer.moving_variance)]
    return graph.op("BatchNormalization", inputs, layer.name, epsilon=layer.epsilon)


def _layer_normalization(graph: _Graph, x: str, layer) -> str:
    """ONNX's LayerNormalization where it computes the same thing, else
    y = γ ⊙ (x − μ)/√(σ² + ε) + β from primitives.

    The operator needs opset 17, normalizes the trailing axes from its `axis` on, and keeps
    μ and 1/σ in float32 (its `stash_type` allows no other), so a float64 model, other axes
    and `rms_scaling` take the primitives.
    """
    axes, rank = layer.normalized_axes, len(layer.input_shape)
    trailing = axes == tuple(range(axes[0], rank))
    if graph.opset >= 17 and trailing and not layer.rms_scaling and graph.dtype == np.float32:
        gamma = np.ones(layer.broadcast_shape[axes[0]:]) if layer.gamma is None else layer.gamma
        inputs = [x, graph.initializer(f"{layer.name}/{'gamma' if layer.scale else 'ones'}", gamma)]
        if layer.beta is not None:
            inputs.append(graph.initializer(f"{layer.name}/beta", layer.beta))
        return graph.op("LayerNormalization", inputs, layer.name, axis=axes[0],
                        epsilon=layer.epsilon)
    centered = graph.op("Sub", [x, _reduce_mean(graph, x, axes, layer.name)], layer.name)
    variance = _reduce_mean(graph, graph.op("Mul", [centered, centered], layer.name), axes,
                            layer.name)
    epsilon = graph.initializer(f"{layer.name}/epsilon", layer.epsilon)
    std = graph.op("Sqrt", [graph.op("Add", [variance, epsilon], layer.name)], layer.name)
    y = graph.op("Div", [x if layer.rms_scaling else centered, std], layer.name)
    example_shape = layer.broadcast_shape[1:]  # γ and β lined up with one example's axes
    if layer.gamma is not None:
        gamma = graph.initializer(f"{layer.name}/gamma", layer.gamma.reshape(example_shape))
        y = graph.op("Mul", [y, gamma], layer.name)
    if layer.beta is not None:
        beta = graph.initializer(f"{layer.name}/beta", layer.beta.reshape(example_shape))
        y = graph.op("Add", [y, beta], layer.name)
    return y


def _normalization(graph: _Graph, x: str, layer) -> str:
    """(X − μ)/σ, or X·σ + μ when inverted, with the layer's μ and σ = max(√σ², 10⁻⁷)."""
    mean, std = layer.statistics()  # refuses a layer that has not been adapted
    mean = graph.initializer(f"{layer.name}/mean", mean)
    std = graph.initializer(f"{layer.name}/std", std)
    if layer.invert:
        return graph.op("Add", [graph.op("Mul", [x, std], layer.name), mean], layer.name)
    return graph.op("Div", [graph.op("Sub", [x, mean], layer.name), std], layer.name)


def _reshape(graph: _Graph, x: str, layer) -> str:
    """Reshape to (batch, target shape), the batch size left to ONNX (−1)."""
    shape = graph.initializer(f"{layer.name}/shape", [-1, *layer.output_shape[1:]], dtype=np.int64)
    return graph.op("Reshape", [x, shape], layer.name)


def _rescaling(graph: _Graph, x: str, layer) -> str:
    """x·scale + offset, the Add left out when the offset is 0."""
    y = graph.op("Mul", [x, graph.initializer(f"{layer.name}/scale", layer.scale)], layer.name)
    if layer.offset:
        y = graph.op("Add", [y, graph.initializer(f"{layer.name}/offset", layer.offset)], layer.name)
    return y


def _unit_normalization(graph: _Graph, x: str, layer) -> str:
    """x / max(√(Σ x²), ε) over the layer's axes (ReduceSum takes them as an input from 13 on)."""
    axes = graph.initializer(f"{layer.name}/axes", [int(a) for a in
                                                     _positions(layer)], dtype=np.int64)
    squares = graph.op("ReduceSum", [graph.op("Mul", [x, x], layer.name), axes], layer.name,
                       keepdims=1)
    norm = graph.op("Max", [graph.op("Sqrt", [squares], layer.name),
                            graph.initializer(f"{layer.name}/epsilon", layer.epsilon)], layer.name)
    return graph.op("Div", [x, norm], layer.name)


def _positions(layer) -> tuple[int, ...]:
    rank = len(layer.input_shape)
    return tuple(sorted(axis % rank for axis in ((layer.axis,) if isinstance(layer.axis, int)
                                                  else layer.axis)))


def _lambda(graph: _Graph, x: str, layer) -> str:
    """A Lambda of a lucidnet activation is that activation; of a Python function, refused."""
    if layer.activation_function is None:
        raise ValueError(
            f"{layer.describe()} cannot be exported to ONNX: it runs a Python function, which "
            f"has no ONNX form. Use a layer that has one (Rescaling, Reshape, Activation) or "
            f"Lambda(lucidnet.activations.<name>)."
        )
    return _lower_activation(graph, x, layer, layer.activation_function)


LAYER_LOWERINGS: dict[type, Callable[[_Graph, str, object], str]] = {
    Dense: _dense, Activation: _activation, Flatten: _flatten, Dropout: _identity,
    GaussianNoise: _identity, BatchNormalization: _batch_normalization,
    LayerNormalization: _layer_normalization, Normalization: _normalization,
    activation_layers.ReLU: _activation, activation_layers.LeakyReLU: _activation,
    activation_layers.ELU: _activation, activation_layers.Softmax: _activation,
    activation_layers.PReLU: _prelu, GaussianDropout: _identity, AlphaDropout: _identity,
    Identity: _identity, ActivityRegularization: _identity, Reshape: _reshape,
    Rescaling: _rescaling, UnitNormalization: _unit_normalization, Lambda: _lambda,
}


# -- export ------------------------------------------------------------------------------------

@EXPORTERS.register("onnx")
def to_onnx(model, path, *, opset: int = DEFAULT_OPSET):
    """Write `model` as an ONNX file at `path` (atomically) and return the `ModelProto`.

    The graph computes `model.predict`: input `input` of shape (batch, …) in the
    model's dtype, output `output`.  `model.metadata` travels along as the ONNX
    metadata property `lucidnet.metadata` (JSON).  Raises `ValueError` for a layer or
    activation that has no ONNX form, before anything is written.
    """
    if not isinstance(model, Model):
        raise TypeError(
            f"to_onnx model must be a lucidnet model, got {type(model).__name__} "
            f"{model!r:.80}."
        )
    onnx = _import_onnx()
    if not model.built:
        raise NotReadyError(
            f"Model {model.name!r} has not been built, so it has no weights to export. Give it an "
            f"input shape (Input(shape)) or fit it first."
        )
    newest = onnx.defs.onnx_opset_version()
    opset = integer("opset", opset, at_least=MIN_OPSET, at_most=newest)
    helper = onnx.helper
    graph = _Graph(onnx, model.dtype, opset)
    x = graph.fresh("input")
    source = x
    for layer in model.flat_layers:
        lowering = LAYER_LOWERINGS.get(type(layer))
        if lowering is None:
            exportable = sorted(cls.__name__ for cls in LAYER_LOWERINGS)
            raise ValueError(
                f"{layer.describe()} cannot be exported to ONNX: the exportable layers are "
                f"{', '.join(exportable)}."
            )
        x = lowering(graph, x, layer)
    if not graph.nodes or graph.nodes[-1].output[0] != x:  # e.g. a model of Dropout only
        x = graph.op("Identity", [x], "output")
    output = "output"
    graph.nodes[-1].output[0] = output
    example_shape = list(model.input_shape[1:])
    onnx_graph = helper.make_graph(
        graph.nodes, model.name,
        inputs=[helper.make_tensor_value_info(source, graph.elem_type, ["batch", *example_shape])],
        outputs=[helper.make_tensor_value_info(output, graph.elem_type,
                                               ["batch", *model.output_shape[1:]])],
        initializer=graph.initializers,
    )
    opset_ids = [helper.make_opsetid("", opset)]
    proto = helper.make_model(onnx_graph, opset_imports=opset_ids, producer_name="lucidnet",
                              producer_version=__version__,
                              ir_version=helper.find_min_ir_version_for(opset_ids))
    if model.metadata:
        metadata = json.dumps(plain_json(model.metadata, "metadata"))
        helper.set_model_props(proto, {"lucidnet.metadata": metadata})
    onnx.checker.check_model(proto, full_check=True)
    atomic_write_bytes(os.fspath(path), proto.SerializeToString())
    return proto


def _import_onnx():
    try:
        import onnx
    except ImportError:
        raise ImportError(
            "Exporting to ONNX needs the onnx package: pip install 'lucidnet[onnx]'."
        ) from None
    return onnx
