"""The layer protocol every layer follows.

A layer maps a batch of inputs to a batch of outputs (`forward`) and maps the gradient
of the cost with respect to its outputs back to the gradient with respect to its inputs
(`backward`), storing the gradients of its own parameters in `grads` on the way.
Shapes always include the batch axis first (`None` when unknown), as in Keras.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from .. import constraints as constraints_module
from .. import initializers, symbolic
from ..tensor import wrap
from ..registry import Configurable, Registry, resolve, serialize
from ..validation import as_shape, boolean, positive_int


class Layer(Configurable):
    """Base class.  Subclasses implement `compute_output_shape`, `forward` and
    `backward`, and `build` when they hold parameters."""

    _config_keys: tuple[str, ...] = ()
    #: False for a layer with no backward pass (a Lambda of a Python function): the model
    #: then accepts it only where no layer before it has weights to learn.
    differentiable = True

    def __init__(self, name: str | None = None, input_shape=None, trainable: bool = True,
                 input_dim: int | None = None):
        if name is not None and (not isinstance(name, str) or not name):
            raise ValueError(f"A layer name must be a non-empty string, got {name!r}.")
        self.name = name
        self.trainable = boolean(f"{type(self).__name__} trainable", trainable)
        if input_dim is not None:  # Keras's shorthand: input_dim=784 is input_shape=(784,)
            if input_shape is not None:
                raise ValueError(f"Pass input_shape= or input_dim=, not both; got "
                                 f"input_shape={input_shape!r} and input_dim={input_dim!r}.")
            input_shape = (positive_int(f"{type(self).__name__} input_dim", input_dim),)
        #: Per-example input shape given by the user (`input_shape=(784,)`), if any.
        self.declared_input_shape = None if input_shape is None else _as_shape(input_shape, f"{type(self).__name__} input_shape")
        self.built = False
        self.dtype = None
        self.input_shape = None
        self.output_shape = None
        #: Every array the layer holds, and their names (`"kernel"`, `"bias"`) in the
        #: same order: its parameters, then any state (see [`add_weight`][lucidnet.layers.Layer.add_weight]).
        self.weights: list[np.ndarray] = []
        self.weight_names: list[str] = []
        #: Names of the arrays that are state, not parameters: updated by the layer itself
        #: (moving statistics), saved with the model, never given to the optimizer.
        self.state_names: set[str] = set()
        #: The constraint of each parameter that has one, by weight name: the projection
        #: θ ← c(θ) that [`apply_constraints`][lucidnet.layers.Layer.apply_constraints] makes after every optimizer update.
        self.constraints: dict[str, constraints_module.Constraint] = {}
        #: ∂C/∂θ after `backward`, in the order of [`trainable_weights`][lucidnet.layers.Layer.trainable_weights]; empty for a
        #: layer that is not trainable.
        self.grads: list[np.ndarray] = []
        #: Views that `backward` may write `grads` into (set by a model that keeps all its
        #: gradients in one flat array, see [lucidnet.models.Model.lay_out_flat][]),
        #: or None; a layer that ignores them is copied into them.
        self.grad_out: list[np.ndarray] | None = None
        #: (input tensor, output tensor) of each call on a symbolic tensor, first call first
        #: (see [`symbolic`][lucidnet.symbolic]).
        self._inbound_calls: list = []

    # -- description ---------------------------------------------------------------
    def describe(self) -> str:
        """`Dense(units=10) named 'dense_1'`: how error messages refer to the layer."""
        args = ", ".join(f"{k}={v!r}" for k, v in self._describe_args().items())
        named = f" named {self.name!r}" if self.name else ""
        return f"{type(self).__name__}({args}){named}"

    def _describe_args(self) -> dict:
        return {}

    def _named_weight(self, name: str) -> np.ndarray | None:
        """The array kept under `name` (the layer's own, for its computations), or None."""
        return self.weights[self.weight_names.index(name)] if name in self.weight_names else None

    def get_config(self) -> dict:
        config = {"name": self.name, "trainable": self.trainable}
        if self.declared_input_shape is not None:
            config["input_shape"] = list(self.declared_input_shape)
        config.update(super().get_config())
        return config

    # -- building ------------------------------------------------------------------
    def compute_output_shape(self, input_shape: tuple) -> tuple:
        """The output shape for `input_shape`; raises a `ValueError` naming the layer
        when the input cannot be accepted."""
        raise NotImplementedError

    def batched_shape(self, input_shape) -> tuple:
        """`input_shape` as a tuple, if it has the batch axis and at least one more; else a
        `ValueError` naming the layer."""
        input_shape = tuple(input_shape)
        if len(input_shape) < 2:
            raise ValueError(
                f"{self.describe()} expected inputs with a batch axis and at least one more, "
                f"got shape {shape_str(input_shape)}."
            )
        return input_shape

    def build(self, input_shape: tuple, dtype: str = "float32", rng=None) -> None:
        """Create the parameters for inputs of `input_shape` (checked first)."""
        self.output_shape = self.compute_output_shape(input_shape)
        self.input_shape = (None,) + tuple(input_shape[1:])
        self.output_shape = (None,) + tuple(self.output_shape[1:])
        self.dtype = dtype
        self.create_weights(self.input_shape, dtype, rng if rng is not None else np.random.default_rng())
        self.built = True

    def create_weights(self, input_shape, dtype, rng) -> None:
        """Layers with parameters or state create them here, with [`add_weight`][lucidnet.layers.Layer.add_weight]."""

    _planning = False

    def weight_shapes(self, input_shape: tuple, dtype: str = "float32") -> dict[str, tuple] | None:
        """`{weight name: shape}` that building for `input_shape` would allocate, found
        without allocating anything (loading checks a file's architecture against its
        tensors with it before building).  None when the layer cannot say: one that creates
        arrays without [`add_weight`][lucidnet.layers.Layer.add_weight], or writes into them while creating them."""
        planner = copy.copy(self)
        planner.weights, planner.weight_names, planner.state_names = [], [], set()
        planner.constraints = {}
        planner.dtype, planner._planning = dtype, True
        try:
            planner.create_weights((None,) + tuple(input_shape[1:]), dtype, None)
        except ValueError:  # it wrote into a read-only planned array
            return None
        if len(planner.weights) != len(planner.weight_names):
            return None
        return {name: tuple(w.shape) for name, w in zip(planner.weight_names, planner.weights)}

    def add_weight(self, name: str, shape, initializer, rng, trainable: bool = True,
                   constraint=None) -> np.ndarray:
        """Create one array of the layer's dtype from `initializer` and keep it under `name`.

        `trainable=True` makes it a parameter θ: backward gives it a gradient and the
        optimizer moves it.  `trainable=False` makes it state, as Keras's
        `add_weight(trainable=False)` does: the layer updates it itself, it is saved
        with the model, and it never reaches the optimizer.

        `constraint` (a [`Constraint`][lucidnet.constraints.Constraint] or its name, or None) is
        projected onto the parameter after every optimizer update, θ ← c(θ) (see
        [`apply_constraints`][lucidnet.layers.Layer.apply_constraints]); state takes none, since no update ever moves it.
        """
        shape = tuple(shape)
        constraint = resolve(f"{self.describe()} {name} constraint", constraints_module.get, constraint)
        if constraint is not None:
            if not trainable:
                raise ValueError(
                    f"{self.describe()}: the state {name!r} (trainable=False) cannot take a "
                    f"constraint, got {constraint!r}; constraints follow optimizer updates, "
                    f"which state never receives."
                )
            constraint.check_shape(f"{self.describe()} {name}", shape)
        if initializer is None:  # Keras's add_weight: a float weight without one is Glorot's
            initializer = "glorot_uniform"
        if self._planning:  # see weight_shapes: a read-only view of one value, no memory
            array = np.broadcast_to(np.zeros((), dtype=self.dtype), shape)
        else:
            try:
                array = resolve(f"{self.describe()} {name} initializer", initializers.get,
                                initializer)(shape, self.dtype, rng)
            except MemoryError:
                size = math.prod(shape) * np.dtype(self.dtype).itemsize
                raise ValueError(
                    f"{self.describe()}: its {name} of shape {shape} needs {size:,} bytes "
                    f"of {self.dtype}, more than this machine can allocate."
                ) from None
        self.weights.append(array)
        self.weight_names.append(name)
        if not trainable:
            self.state_names.add(name)
        if constraint is not None:
            self.constraints[name] = constraint
        return array

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """The parameters the optimizer moves: none when `trainable` is False (frozen)."""
        if not self.trainable:
            return []
        if not self.state_names:
            return list(self.weights)
        return [w for w, name in zip(self.weights, self.weight_names) if name not in self.state_names]

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        """The state, and the parameters too when the layer is frozen."""
        if not self.trainable:
            return list(self.weights)
        return [w for w, name in zip(self.weights, self.weight_names) if name in self.state_names]

    @property
    def input(self):
        """The input tensor of the layer's first call on a symbolic tensor, as Keras's
        `layer.input` (an `AttributeError` when there has been none)."""
        return symbolic.first_call(self, "input")

    @property
    def output(self):
        """The output tensor of the layer's first call on a symbolic tensor (`layer.output`)."""
        return symbolic.first_call(self, "output")

    # -- computing -----------------------------------------------------------------
    def __call__(self, x, training: bool = False):
        """On an array, the layer's output (built on first use for the array's shape), a
        `Tensor` with Keras's `numpy()`; on a symbolic tensor (`keras.Input` or a layer's output), the symbolic output, the call
        recorded for the functional API (the layer is built by the model that holds it)."""
        x = symbolic.as_tensor(x)
        if isinstance(x, symbolic.KerasTensor):
            return symbolic.call(self, x)
        if isinstance(x, (list, tuple)) and any(isinstance(t, symbolic.KerasTensor) for t in x):
            raise ValueError(f"{self.describe()} takes one input tensor, got {len(x)}: "
                             f"{symbolic.CHAINS_ONLY}.")
        x = np.asarray(x)
        if not self.built:
            dtype = x.dtype.name if x.dtype.name in ("float32", "float64") else "float32"
            self.build(x.shape, dtype)
        else:
            self.compute_output_shape(x.shape)
        return wrap(self.forward(x.astype(self.dtype, copy=False), training=training))

    def forward(self, x, training: bool = False):
        raise NotImplementedError

    def infer(self, x):
        """The output for `x` in inference mode, as `forward(x, training=False)` gives it,
        for a pass that needs no backward (`predict`, `model(x)`): a layer may then keep
        nothing and reuse its own intermediate arrays.  The default is `forward`; `x`
        itself is never overwritten.
        """
        return self.forward(x, training=False)

    def backward(self, grad, need_input_grad: bool = True):
        """∂C/∂(input) from ∂C/∂(output); also sets `self.grads`.

        `need_input_grad=False` (the first layer) lets a layer skip that last product.
        """
        raise NotImplementedError

    def regularization_loss(self) -> float:
        """Σ R(θ) over this layer's regularized parameters (0 when there are none)."""
        return 0.0

    def apply_constraints(self, weights=None) -> None:
        """θ ← c(θ) for every parameter with a constraint, in place; nothing when none has one.

        The training loop calls it right after each optimizer update, for trainable layers
        that have constraints, as Keras applies a variable's constraint after the
        optimizer assigns it.  The arrays keep their identity (the optimizer's slots are
        keyed by it) and their dtype.  `weights`, arrays in the order of `weights`,
        are projected instead of the layer's own (`explain` projects copies).
        """
        arrays = self.weights if weights is None else weights
        for name, constraint in self.constraints.items():
            w = arrays[self.weight_names.index(name)]
            w[...] = constraint(w)

    # -- parameters ----------------------------------------------------------------
    def count_params(self) -> int:
        return int(sum(w.size for w in self.weights))

    def get_weights(self) -> list[np.ndarray]:
        return [w.copy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Replace the parameters in place; checks every array before changing any."""
        weights = list(weights)
        if len(weights) != len(self.weights):
            raise ValueError(
                f"{self.describe()} has {len(self.weights)} weight arrays "
                f"({', '.join(self.weight_names) or 'none'}), got {len(weights)}."
            )
        arrays = []
        for name, current, new in zip(self.weight_names, self.weights, weights):
            new = np.asarray(new)
            if new.shape != current.shape:
                raise ValueError(
                    f"{self.describe()}: {name} must have shape {current.shape}, got {new.shape}."
                )
            if not np.all(np.isfinite(new)):
                raise ValueError(f"{self.describe()}: {name} contains NaN or infinite values.")
            arrays.append(new)
        for current, new in zip(self.weights, arrays):
            current[...] = new


LAYERS = Registry("layer", Layer)
register = LAYERS.register


def serialize_optional(value) -> dict | None:
    """The `{"class_name", "config"}` of an initializer, regularizer or constraint argument,
    or None for None (an argument left unset, as Keras writes it)."""
    return None if value is None else serialize(value)


def _as_shape(value, name: str) -> tuple:
    """A per-example shape given by the user (`(784,)`, `784`) as a tuple of ints; a
    refusal names the argument, `name`."""
    return as_shape(name, value)


def shape_str(shape) -> str:
    """`(None, 784)` style, with `batch` for an unknown batch size."""
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (",)" if len(shape) == 1 else ")")
