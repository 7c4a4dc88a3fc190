"""Sequential: a stack of layers, trained with backpropagation, driven like Keras.

One training step on a mini-batch (x, y) is the textbook algorithm:

1. forward: a⁰ = x, then each layer's weighted input zˡ and activation aˡ;
2. cost: the mean of the examples' costs plus the weight penalties;
3. output error (BP1), or δᴸ = (aᴸ − y)/N when a softmax or sigmoid output meets its
   cross-entropy;
4. backward (BP2), layer by layer, collecting the gradients of the biases (BP3) and of the
   weights (BP4);
5. update: the optimizer moves every parameter against its gradient.

```formula
zˡ = aˡ⁻¹Wˡ + bˡ,    aˡ = σ(zˡ),    C = (1/N) Σₙ Cₙ(yₙ, aᴸₙ) + Σ R(W)
BP1    δᴸ = ∇ₐC ⊙ σ'(zᴸ)
BP2    δˡ = (δˡ⁺¹ (Wˡ⁺¹)ᵀ) ⊙ σ'(zˡ)
BP3    ∂C/∂bˡ = Σₙ δˡₙ
BP4    ∂C/∂Wˡ = (aˡ⁻¹)ᵀ δˡ
```

Beside the classes, `keras.models`' functions: `clone_model`, and `load_model`,
`save_model` and `model_from_json` from `lucidnet.saving`.  The chain itself (its
names, its flat layers) is a `LayerList`; `export` is in `saving`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from . import inspection, symbolic
from .cloning import clone_model
from .config import make_generator, standardize_dtype
from .layer_list import LayerList, entry_from_config, functional_from_config
from .layers import Input, Layer
from .registry import MODELS, serialize, snake_case
from .saving import load_model, load_training_state, model_from_json, model_to_json, save_model
from .saving.export import export_model
from .saving.weights_file import load_weights, save_weights
from .symbolic import KerasTensor
from .tensor import wrap
from .training import Trainer
from .training.inputs import prepare_inputs
from .training.legacy import LegacyGenerators, LegacyPredictions
from .validation import boolean


@MODELS.register("Functional", "Model")
class Model(Trainer, LegacyPredictions, LegacyGenerators):
    """A chain of layers from one input to one output, trained with backpropagation: the
    base of every lucidnet model, built in one of Keras's three ways.

    - the functional API, for a chain: `Model(inputs=inputs, outputs=outputs)` where
      `inputs` is a `keras.Input` and `outputs` the last of the layers called one
      after the other on it (layers already built, such as a trained model's, keep their
      weights: the new model shares them);
    - subclassing: `class MyModel(Model)` creates its layers in `__init__` and chains
      them in `call(self, x)`, which is traced once, on a symbolic input, when the model is
      built (first call, `fit` or `build`);
    - [`Sequential`][lucidnet.models.Sequential], a list of layers.

    A graph that is not a chain (several inputs or outputs, a layer used twice, arithmetic
    on tensors) raises a `ValueError`: lucidnet models are chains of layers.

    Parameters
    ----------
    inputs, outputs : KerasTensor or list of one KerasTensor
        The symbolic input (a `keras.Input`, or a list holding one) and the
        symbolic output (or a list holding one).
    name : str or None
        The model's name (`"functional"`; a subclass's name in snake case).
    dtype : str or None
        `"float32"` or `"float64"` (by default that of `inputs`).
    seed : int or None
        Seeds this model's generator (initial weights, dropout masks, shuffling).

    Examples
    --------
    >>> from lucidnet import Dense, Input
    >>> inputs = Input((784,))
    >>> x = Dense(64, activation="relu")(inputs)
    >>> outputs = Dense(10)(x)
    >>> model = Model(inputs=inputs, outputs=outputs, name="mnist_model")
    >>> model.count_params(), model.output_shape   # (784·64 + 64) + (64·10 + 10)
    (50890, (None, 10))
    """

    def __init__(self, inputs=None, outputs=None, name: str | None = None, dtype=None,
                 seed: int | None = None):
        if inputs is None and outputs is None:
            if type(self).call is Model.call:
                raise TypeError(
                    "Model() needs inputs= and outputs=, e.g. Model(inputs=inputs, "
                    "outputs=Dense(10)(inputs)), or a subclass of Model that defines call(); "
                    "Sequential([...]) takes a list of layers."
                )
            self._setup(name or snake_case(type(self).__name__), dtype, seed, traced=False)
            return
        input_tensor, layers = symbolic.functional(inputs, outputs)
        self._setup(name or "functional", dtype or input_tensor.dtype, seed)
        self._input_tensor = input_tensor
        for layer in layers:
            self._append(layer)
        self.build(input_tensor.shape)

    def _setup(self, name: str, dtype, seed: int | None, traced: bool = True) -> None:
        """The state every model starts with, empty of layers."""
        self._tracked_layers: list = []  # a subclass's layers, in the order __init__ set them
        super().__init__()
        self.name = name
        self.dtype = standardize_dtype(dtype)
        self.rng = make_generator(seed)
        self._layers = LayerList(self)
        self._input_shape: tuple | None = None
        self._input_tensor: KerasTensor | None = None
        self._inbound_calls: list = []  # when called on a symbolic tensor, as a layer is
        self._traced = traced
        self.built = False
        #: Free-form JSON-able facts saved with the model, e.g. ``{"labels": ["cat", "dog"]}``.
        self.metadata: dict = {}
        self._trainable = True

    def __setattr__(self, name, value):
        if isinstance(value, (Layer, Model)) and not name.startswith("_"):
            tracked = self.__dict__.get("_tracked_layers")
            if tracked is None:
                raise RuntimeError(
                    f"{type(self).__name__}.__init__ must call super().__init__() before it "
                    f"sets layers such as self.{name}."
                )
            if value not in tracked:
                tracked.append(value)
        super().__setattr__(name, value)

    def call(self, inputs, training: bool = False):
        """A subclass's forward pass, a chain of layer calls: `return self.out(self.hidden(x))`."""
        raise NotImplementedError

    def _trace(self, input_shape) -> None:
        """Make a subclass's chain from its `call` (see `lucidnet.symbolic.trace`)."""
        tensor = KerasTensor(input_shape, self.dtype)
        layers = symbolic.trace(self.call, tensor, f"{type(self).__name__}.call()")
        self._input_tensor, self._traced = tensor, True
        for layer in layers:
            self._append(layer)

    # -- construction --------------------------------------------------------------
    def _append(self, layer) -> None:
        if not isinstance(layer, (Layer, Model)):
            raise TypeError(
                f"Sequential.add() expects a Layer such as Dense(10), got {layer!r} "
                f"(of type {type(layer).__name__})."
            )
        if isinstance(layer, Input):
            if self._layers or self._input_shape is not None:
                raise ValueError("Input(...) can only be the first entry of a Sequential model.")
            self._input_shape = layer.batch_shape
            self._input_tensor = layer.output
            return
        first = not self._layers and self._input_shape is None
        if isinstance(layer, Model):  # its layers run in its place and share its weights
            self._layers.append_model(layer)
            declared = layer.input_shape
        else:
            self._layers.append_layer(layer)
            declared = layer.declared_input_shape and (None,) + layer.declared_input_shape
        if first and declared:
            self._input_shape = declared
        self.built = False

    @property
    def layers(self) -> list:
        """The layers in order, a nested model as one entry (as Keras lists them); a
        subclass's layers before its `call` is traced."""
        return list(self._layers if self._traced else self._tracked_layers)

    @property
    def flat_layers(self) -> list[Layer]:
        """Every layer of the chain, a nested model's layers in its place: what forward,
        backward, the weights, the model file and ONNX go through."""
        return self._layers.flat()

    def pop(self) -> Layer:
        """Remove the last layer and return it, as Keras's `Sequential.pop` does (to put
        another head on a trained body, for instance)."""
        layer = self._layers.pop()
        self.built = self.built and bool(self._layers)
        return layer

    @property
    def trainable(self) -> bool:
        """Whether the model trains: `model.trainable = False` freezes every layer at once,
        as in Keras's transfer-learning recipe, and `True` unfreezes them all; a layer's own
        `trainable` can still be set afterwards.
        """
        return self._trainable

    @trainable.setter
    def trainable(self, value) -> None:
        self._trainable = boolean(f"Model {self.name!r} trainable", value)
        for layer in self._layers:
            layer.trainable = self._trainable

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """The layer called `name`, or the one at `index` in
        [`layers`][lucidnet.models.Model.layers] (negative indices count from the end), as Keras's
        `get_layer`; the `Input` is not in [`layers`][lucidnet.models.Model.layers], so `index=0`
        is the first Dense.
        """
        return self._layers.get(name, index)

    @property
    def input_shape(self) -> tuple | None:
        return self._input_shape

    @property
    def output_shape(self) -> tuple | None:
        return self._layers[-1].output_shape if self.built else None

    @property
    def inputs(self) -> list[KerasTensor]:
        """`[model.input]`, as Keras's `model.inputs`."""
        return [self.input]

    @property
    def outputs(self) -> list[KerasTensor]:
        """`[model.output]`, as Keras's `model.outputs`."""
        return [self.output]

    @property
    def input(self) -> KerasTensor:
        """The symbolic input of a built model (an `Input`'s tensor when it has one)."""
        if not self.built:
            raise AttributeError(f"Model {self.name!r} has no defined input yet: build it, "
                                 f"or start it with keras.Input(shape).")
        return self._input_tensor

    @property
    def output(self) -> KerasTensor:
        """The symbolic output of a built model: its layers called in turn on
        [`input`][lucidnet.models.Model.input], so `model.layers[-2].output` is the input of the
        last layer, as in Keras."""
        return symbolic.call_chain(self._layers, self.input)

    def _build_if_possible(self) -> None:
        if self._input_shape is not None and self._layers:
            self.build(self._input_shape)

    def compute_output_shape(self, input_shape) -> tuple:
        """The output shape for inputs of `input_shape`, every layer's shape rule applied
        in turn (a built layer must receive the shape it was built for)."""
        shape = (None,) + tuple(input_shape[1:])
        if not self._traced:
            self._trace(shape)
        for layer in self._layers:
            shape = symbolic.output_shape(layer, shape, self.name)
        return shape

    def build(self, input_shape, dtype=None, rng=None) -> None:
        """Create every layer's parameters for inputs of `input_shape` (batch axis first,
        e.g. `(None, 784)`).  All shapes are checked before any layer is built.  (`dtype`
        and `rng` are the layer protocol's, passed by a model that holds this one: it
        keeps its own.)
        """
        if not self._layers and self._traced:
            raise ValueError(f"Model {self.name!r} has no layers to build; add some first.")
        input_shape = (None,) + tuple(input_shape[1:])
        self.compute_output_shape(input_shape)
        shape = input_shape
        for layer in self._layers:
            if not layer.built:
                layer.build(shape, self.dtype, self.rng)
            shape = layer.output_shape
        self._input_shape = input_shape
        tensor = self._input_tensor
        if tensor is None or tensor.shape != input_shape or tensor.dtype != self.dtype:
            self._input_tensor = KerasTensor(input_shape, self.dtype)
        self.built = True
        symbolic.call_chain(self._layers, self.input)  # layer.input and .output, as in Keras

    # -- forward and backward ------------------------------------------------------
    def __call__(self, x, training: bool = False):
        """On an array, the model's output (a subclass is built by its first call), a
        `Tensor` whose `numpy()` is the plain array, as in the
        TensorFlow tutorials' `model(x_train[:1]).numpy()`; on a symbolic tensor, the
        symbolic output, so that the model is one layer of a chain.
        """
        x = symbolic.as_tensor(x)
        if isinstance(x, KerasTensor):
            return symbolic.call(self, x)
        x = prepare_inputs(self, x, "x", build=not self.built)
        return wrap(self.forward(x, training=True) if training else self.infer(x))

    def forward(self, x, training: bool = False):
        """aᴸ from a⁰ = x, layer by layer (no checks: the hot path)."""
        a = x
        for layer in self._layers:
            a = layer.forward(a, training=training)
        return a

    def infer(self, x):
        """aᴸ from a⁰ = x in inference mode, each layer's `infer` (no checks): what
        `predict`, `predict_on_batch` and `model(x)` run.  The layers keep nothing for
        backward (a Dense layer computes σ over z in place), so training,
        [`trace`][lucidnet.models.Model.trace] and gradient checks go through `forward`."""
        a = x
        for layer in self._layers:
            a = layer.infer(a)
        return a

    @property
    def output_layer(self) -> Layer:
        return self.flat_layers[-1]

    def backward(self, y, a, sample_weight=None) -> None:
        """Backpropagation: fill every layer's `grads` from the output `a` and targets `y`.

        BP1 at the output: δᴸ = (a − y)/N in the fused softmax/sigmoid + cross-entropy case,
        else ∇ₐC ⊙ σ'(zᴸ) inside the last layer; then BP2–BP4 layer by layer.
        """
        lowest = self.lowest_backpropagated_layer()
        layers = self.flat_layers
        if lowest == len(layers):  # the last layer has no backward, and nothing learns
            return
        last = layers[-1]
        if self.fused_output_error:
            grad = last.backward_delta(self.loss.output_delta(y, a, sample_weight))
        else:
            grad = last.backward(self.loss.gradient(y, a, sample_weight))
        for index in range(len(layers) - 2, lowest - 1, -1):
            grad = layers[index].backward(grad, need_input_grad=index > lowest)

    def lowest_backpropagated_layer(self) -> int:
        """The index in [`flat_layers`][lucidnet.models.Model.flat_layers] of the lowest layer the
        backward pass goes through: 0, or the one above the last layer that has no backward (a
        Lambda of a Python function).

        Such a layer is accepted only where no layer before it has trainable weights, since
        their gradients would have to pass through it; otherwise a `ValueError` names both
        layers.  `compile`, `fit` and `train_on_batch` ask before training.
        """
        return self._layers.lowest_backpropagated()

    @property
    def fused_output_error(self) -> bool:
        """True when BP1 takes the short form δᴸ = (aᴸ − y)/N: the last layer's activation is
        the one the compiled loss pairs with (softmax or sigmoid with its cross-entropy)."""
        last = self.output_layer
        activation = getattr(last, "activation", None)
        return (
            activation is not None
            and hasattr(last, "backward_delta")
            and self.loss.fuses_with(activation)
        )

    def trace(self, x, y, sample_weight=None, training: bool = False, check: bool = False):
        """One forward and backward pass on (x, y), every z, a, δ and gradient recorded per
        layer with the equation that produced it; the weights are not changed.  See
        [`lucidnet.inspection.trace`][lucidnet.inspection.trace].
        """
        return inspection.trace(self, x, y, sample_weight, training=training, check=check)

    def explain(self, x, y, max_units: int = 6, max_terms: int = 6, show: bool = True) -> str:
        """One training step on one example, written out with its numbers (Markdown).  See
        [`lucidnet.inspection.explain`][lucidnet.inspection.explain]."""
        return inspection.explain(self, x, y, max_units=max_units, max_terms=max_terms, show=show)

    def regularization_loss(self) -> float:
        return sum(layer.regularization_loss() for layer in self.flat_layers)

    # -- parameters ----------------------------------------------------------------
    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """The parameters θ the optimizer moves: those of every layer whose `trainable` is
        True, read afresh at each call."""
        return [w for layer in self.flat_layers for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        """Frozen layers' parameters and every layer's state (saved, never optimized)."""
        return [w for layer in self.flat_layers for w in layer.non_trainable_weights]

    @property
    def weights(self) -> list[np.ndarray]:
        return [w for layer in self.flat_layers for w in layer.weights]

    def parameters_and_gradients(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The trainable parameters θ and their gradients ∂C/∂θ from the last backward pass,
        collected together, layer by layer, so that the two lists always pair up."""
        return self._layers.parameters_and_gradients()

    def lay_out_flat(self) -> bool:
        """Keep the trainable parameters θ₁ … θₖ, and their gradients, as views of one flat
        array each, `[θ₁ | … | θₖ]`, so that the optimizer steps all of them in one call;
        True when they are so.  `fit` and `train_on_batch` ask for it.

        A parameter is moved into the flat array only when nothing but its layer holds it:
        so the layout happens before the optimizer first holds the parameters, and never
        when a reference to one was kept (by the user, or by a layer in an attribute of its
        own), nor with parameters of mixed dtypes; then everything stays as it is and the
        optimizer steps each parameter apart, to the same result."""
        return self._layers.lay_out_flat()

    def count_params(self) -> int:
        return sum(layer.count_params() for layer in self.flat_layers)

    def get_weights(self) -> list[np.ndarray]:
        """Copies of every parameter array, layer by layer (kernel, then bias)."""
        return [w.copy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Set every parameter from a list like [`get_weights`][lucidnet.models.Model.get_weights]
        returns.  All arrays are checked first, so a wrong list changes nothing."""
        self._layers.set_weights(weights)

    def save_weights(self, path) -> None:
        """Write every parameter to a safetensors file (`dense_1/kernel`, ...), atomically."""
        save_weights(self, path)

    def load_weights(self, path) -> None:
        """Read parameters written by [`save_weights`][lucidnet.models.Model.save_weights]; all is
        checked before anything changes."""
        load_weights(self, path)

    def save(self, path, include_optimizer: bool = True, *, epoch: int | None = None,
             logs: dict | None = None) -> None:
        """Write the whole model (weights, architecture, compile config, `metadata`, history
        and, with `include_optimizer`, the state that resuming needs) to one file, atomically.
        `lucidnet.load_model` reads it back.

        A checkpoint taken during training passes `epoch` (the epochs completed) and, from
        `on_epoch_end`, that epoch's `logs`; see `lucidnet.saving.save_model`.
        """
        save_model(self, path, include_optimizer=include_optimizer, epoch=epoch, logs=logs)

    def load_training_state(self, path) -> int:
        """Take back, into this model, the training state of the model file at `path`
        (saved with the optimizer): the weights, the optimizer's state and learning rate, the
        generators, and, in `saved_callback_states`, the callbacks' states.  Returns the
        number of epochs the saved run had completed.

        The file must hold this model's architecture and optimizer class; all is checked
        before anything changes (see `lucidnet.saving.load_training_state`).  From a
        callback's `on_train_begin`, `resume_from_epoch` with the returned number
        then continues the running `fit` where the saved run stopped, as
        [`lucidnet.callbacks.BackupAndRestore`][lucidnet.callbacks.BackupAndRestore] does.
        """
        return load_training_state(self, path)

    # -- description ---------------------------------------------------------------
    def summary(self, print_fn=None) -> None:
        """Print a table of the layers with their output shapes and parameter counts."""
        (print_fn or print)(inspection.summary(self))

    def to_json(self, **kwargs) -> str:
        """The architecture as JSON text, `{"class_name": "Sequential", "config": ...}` (no
        weights, no compile settings); `model_from_json` builds a new model from it.
        `kwargs` go to `json.dumps`, e.g. `indent=2`.
        """
        return model_to_json(self, **kwargs)

    def get_config(self) -> dict:
        """`{"name", "dtype", "layers"}`: the chain as a list (`InputLayer` first when the
        input shape is known), a nested model as its own `{"class_name", "config"}`."""
        layers = [serialize(layer) for layer in self._layers]
        if self._input_shape is not None:
            layers.insert(0, serialize(Input(self._input_shape[1:])))
        return {"name": self.name, "dtype": self.dtype, "layers": layers}

    @classmethod
    def from_config(cls, config: dict, seed: int | None = None) -> Model:
        """The chain of `config` (from [`get_config`][lucidnet.models.Model.get_config]) as a
        functional model."""
        inputs, outputs = functional_from_config(config)
        return cls(inputs, outputs, name=config.get("name"), dtype=config.get("dtype"),
                   seed=seed)

    def export(self, filepath, format="tf_saved_model", verbose=None, input_signature=None,
               **kwargs):
        """Write the model for inference in another runtime, as Keras's `model.export`.

        lucidnet exports `format="onnx"` (`lucidnet.export.to_onnx`, needs
        `lucidnet[onnx]`), with Keras's `opset_version=` choosing the operator set.
        Keras's default, `"tf_saved_model"`, and its other formats need TensorFlow,
        OpenVINO, LiteRT or PyTorch graphs, which lucidnet does not write: they are refused
        with the list of what it can export.  `input_signature` must be None: the input
        shape is the model's own, with a dynamic batch axis.  Returns the path.
        """
        return export_model(self, filepath, format, verbose, input_signature, **kwargs)

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.name!r}: {len(self._layers)} layers, "
                f"dtype={self.dtype}>")


@MODELS.register("Sequential")
class Sequential(Model):
    """A linear stack of layers: the multi-layer perceptron.

    A model can be a layer of another: `Sequential([trained, Softmax()])` runs `trained`
    and shares its weights (`trained.trainable = False` freezes them), and `summary()`
    shows it as one row.

    Parameters
    ----------
    layers : list of Layer or None
        List of layers (or models), optionally starting with `Input(shape)`.
    name : str or None
        The model's name (`"sequential"`).
    dtype : str or None
        `"float32"` (default, from [`lucidnet.config.floatx`][lucidnet.config.floatx]) or
        `"float64"`.
    seed : int or None
        Seeds this model's generator, which draws initial weights, dropout masks and
        the shuffling order; without it the generator is drawn from the global one that
        [`lucidnet.utils.set_random_seed`][lucidnet.utils.set_random_seed] seeds.

    Examples
    --------
    >>> from lucidnet import Dense, Input, Sequential
    >>> model = Sequential([Input((784,)), Dense(256, "relu"), Dense(10, "softmax")])
    >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
    ...               metrics=["accuracy"])
    >>> model.count_params()   # (784·256 + 256) + (256·10 + 10)
    203530
    """

    def __init__(self, layers=None, name: str | None = None, dtype=None, seed: int | None = None):
        self._setup(name or "sequential", dtype, seed)
        if isinstance(layers, (Layer, Model, str, bytes)) or not isinstance(
                layers, (Iterable, type(None))):
            received = symbolic.describe(layers) if isinstance(layers, (Layer, Model)) \
                else f"{layers!r:.80}"
            raise TypeError(
                f"Sequential expects a list of layers, e.g. Sequential([Input((4,)), Dense(3)]), "
                f"got {received}."
            )
        for layer in () if layers is None else layers:  # not `layers or ()`: an array has no truth
            self._append(layer)
        self._build_if_possible()  # once for the whole stack: linear in the number of layers

    def add(self, layer) -> None:
        """Append a layer (or a model); an `Input` (or a first layer's `input_shape`)
        fixes the shape of one example and builds the model at once."""
        self._append(layer)
        self._build_if_possible()

    @classmethod
    def from_config(cls, config: dict, seed: int | None = None) -> Sequential:
        layers = [entry_from_config(entry) for entry in config.get("layers", [])]
        return cls(layers, name=config.get("name"), dtype=config.get("dtype"), seed=seed)


__all__ = ["Model", "Sequential", "clone_model", "load_model", "model_from_json", "save_model"]
