"""Activation functions σ, each with its derivative σ' beside it.

Every activation is a small class with

- `forward(z)`: a = σ(z), applied elementwise (softmax and log-softmax: along an axis);
- `derivative(z, a)`: σ'(z), elementwise, given z and the already computed a;
- `backward(z, a, grad)`: ∂C/∂z from ∂C/∂a.  For elementwise functions this is the
  `⊙ σ'(z)` factor of backpropagation's BP1 and BP2: ∂C/∂z = ∂C/∂a ⊙ σ'(z).

Activations are looked up by name with [`get`][lucidnet.activations.get] (`get("relu")`); a new
one is added with `@register("name")` and is then tested and serialized like the built-in ones.

Each one is also a function under Keras 3's name and signature, usable on arrays (`relu(x,
max_value=6.0)`) and as `Dense(10, activation=relu)`, where [`get`][lucidnet.activations.get]
turns it into its class.  A function computes through its class (`relu(x, **options)` is
`ReLU(**options)(x)`), except the formulas that other code shares,
[`sigmoid`][lucidnet.activations.sigmoid], [`softplus`][lucidnet.activations.softplus],
[`hard_sigmoid`][lucidnet.activations.hard_sigmoid], [`softmax`][lucidnet.activations.softmax]
and [`log_softmax`][lucidnet.activations.log_softmax]: those are written as functions, which the
classes' `forward` and the losses that take logits call. Either way each formula is written
once.  The functions take numbers, lists and arrays; a float array keeps its dtype, anything
else becomes [lucidnet.config.floatx][].

The package holds one module per family: `base` (the contract and the registry), `formulas`
(the formulas other code shares), `rectifiers`, `smooth`, `normalizing` and `functions` (Keras's
names, and `get`).  Every name is importable from `lucidnet.activations` itself.
"""

from .base import ACTIVATIONS, Activation, AxisActivation, register
from .formulas import (hard_sigmoid, l2_normalize, l2_normalize_backward, log_softmax, sigmoid,
                       softmax, softplus)
from .functions import (FUNCTIONS, celu, elu, exponential, gelu, get, hard_shrink, hard_silu,
                        hard_swish, hard_tanh, leaky_relu, linear, log_sigmoid, mish, names,
                        relu, relu6, selu, serialize, silu, soft_shrink, softsign, sparse_plus,
                        sparse_sigmoid, squareplus, swish, tanh, tanh_shrink, threshold)
from .normalizing import LogSoftmax, Softmax
from .rectifiers import (CELU, ELU, GELU, SELU, Exponential, HardShrink, LeakyReLU, Linear, ReLU,
                         ReLU6, SoftShrink, Step, Threshold)
from .smooth import (HardSigmoid, HardSiLU, HardTanh, LogSigmoid, Mish, Sigmoid, Softplus,
                     Softsign, SparsePlus, SparseSigmoid, Squareplus, Swish, Tanh, TanhShrink)

__all__ = [
    "Activation",
    "AxisActivation",
    "ACTIVATIONS",
    "FUNCTIONS",
    "register",
    "get",
    "names",
    "serialize",
    # the functions, Keras's names
    "relu", "relu6", "leaky_relu", "elu", "celu", "selu", "gelu", "sigmoid", "hard_sigmoid",
    "hard_silu", "hard_swish", "silu", "swish", "mish", "softplus", "softsign", "tanh",
    "exponential", "linear", "softmax", "log_softmax", "log_sigmoid", "sparse_sigmoid",
    "hard_tanh", "tanh_shrink", "squareplus", "sparse_plus", "hard_shrink", "soft_shrink",
    "threshold",
    # the classes
    "Linear",
    "Step",
    "Sigmoid",
    "HardSigmoid",
    "HardSiLU",
    "Tanh",
    "ReLU",
    "ReLU6",
    "LeakyReLU",
    "ELU",
    "CELU",
    "SELU",
    "GELU",
    "Softplus",
    "Swish",
    "Mish",
    "Softsign",
    "Exponential",
    "Softmax",
    "LogSoftmax",
    "LogSigmoid",
    "SparseSigmoid",
    "HardTanh",
    "TanhShrink",
    "Squareplus",
    "SparsePlus",
    "HardShrink",
    "SoftShrink",
    "Threshold",
]
