"""Sequential: a stack of layers, trained with backpropagation, driven like Keras.

One training step on a mini-batch (x, y) is the textbook algorithm:

1. forward: a⁰ = x; for each layer, zˡ = aˡ⁻¹Wˡ + bˡ and aˡ = σ(zˡ);
2. cost: C = (1/N) Σₙ Cₙ(yₙ, aᴸₙ) + Σ R(W);
3. output error (BP1): δᴸ = ∇ₐC ⊙ σ'(zᴸ), or δᴸ = (aᴸ − y)/N when a softmax or sigmoid
   output meets its cross-entropy;
4. backward (BP2): δˡ = (δˡ⁺¹ (Wˡ⁺¹)ᵀ) ⊙ σ'(zˡ), layer by layer, collecting
   ∂C/∂bˡ = Σₙ δˡₙ (BP3) and ∂C/∂Wˡ = (aˡ⁻¹)ᵀ δˡ (BP4);
5. update: the optimizer moves every parameter against its gradient.

Beside the class, the functions Keras's ``keras.models`` holds: :func:`clone_model` (the same
architecture, new weights), and, from :mod:`lucidnet.saving`, ``load_model``, ``save_model``
and ``model_from_json``.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable

import numpy as np

from . import inspection
from .config import make_generator, standardize_dtype
from .errors import warn_deprecated
from .layers import Input, Layer
from .layers import get as get_layer_from_config
from .layers.base import shape_str
from .registry import EXPORTERS, MODELS, serialize
from .saving import load_model, load_training_state, model_from_json, model_to_json, save_model
from .saving.weights_file import load_weights, save_weights
from .training import Trainer
from .training.inputs import prepare_inputs
from .validation import (boolean, check_finite, integer, non_negative_int, optional,
                         positive_int)


@MODELS.register("Sequential")
class Sequential(Trainer):
    """A linear stack of layers: the multi-layer perceptron.

    >>> from lucidnet import Dense, Input, Sequential
    >>> model = Sequential([Input((784,)), Dense(256, "relu"), Dense(10, "softmax")])
    >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
    ...               metrics=["accuracy"])
    >>> model.count_params()   # (784·256 + 256) + (256·10 + 10)
    203530

    Parameters
    ----------
    layers : list of layers, optionally starting with ``Input(shape)``.
    name : the model's name (``"sequential"``).
    dtype : ``"float32"`` (default, from :func:`lucidnet.config.floatx`) or ``"float64"``.
    seed : seeds this model's generator, which draws initial weights, dropout masks and
        the shuffling order; without it the generator is drawn from the global one that
        :func:`lucidnet.utils.set_random_seed` seeds.
    """

    def __init__(self, layers=None, name: str | None = None, dtype=None, seed: int | None = None):
        super().__init__()
        self.name = name or "sequential"
        self.dtype = standardize_dtype(dtype)
        self.rng = make_generator(seed)
        self._layers: list[Layer] = []
        self._input_shape: tuple | None = None
        self.built = False
        #: Free-form JSON-able facts saved with the model, e.g. ``{"labels": ["cat", "dog"]}``.
        self.metadata: dict = {}
        self._layer_names: set[str] = set()
        self._trainable = True
        self._next_suffix: dict[str, int] = {}
        if isinstance(layers, (Layer, str, bytes)) or not isinstance(layers, (Iterable, type(None))):
            received = layers.describe() if isinstance(layers, Layer) else f"{layers!r:.80}"
            raise TypeError(
                f"Sequential expects a list of layers, e.g. Sequential([Input((4,)), Dense(3)]), "
                f"got {received}."
            )
        for layer in layers or []:
            self._append(layer)
        self._build_if_possible()  # once for the whole stack: linear in the number of layers

    # -- construction --------------------------------------------------------------
    def add(self, layer: Layer) -> None:
        """Append a layer; an ``Input`` (or a first layer's ``input_shape``) fixes the shape
        of one example and builds the model at once."""
        self._append(layer)
        self._build_if_possible()

    def _append(self, layer: Layer) -> None:
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential.add() expects a Layer such as Dense(10), got {layer!r} "
                f"(of type {type(layer).__name__})."
            )
        if isinstance(layer, Input):
            if self._layers or self._input_shape is not None:
                raise ValueError("Input(...) can only be the first entry of a Sequential model.")
            self._input_shape = (None,) + layer.shape
            return
        if layer.name is None:
            layer.name = self._unique_name(_snake_case(type(layer).__name__))
        elif layer.name in self._layer_names:
            raise ValueError(
                f"A layer named {layer.name!r} is already in model {self.name!r}; "
                f"layer names must be unique."
            )
        if not self._layers and self._input_shape is None and layer.declared_input_shape:
            self._input_shape = (None,) + layer.declared_input_shape
        self._layers.append(layer)
        self._layer_names.add(layer.name)
        self.built = False

    def _unique_name(self, base: str) -> str:
        """``dense_1``, ``dense_2``, ...: the first free suffix, found in constant time."""
        k = self._next_suffix.get(base, 1)
        while f"{base}_{k}" in self._layer_names:
            k += 1
        self._next_suffix[base] = k + 1
        return f"{base}_{k}"

    @property
    def layers(self) -> list[Layer]:
        return list(self._layers)

    def pop(self) -> Layer:
        """Remove the last layer and return it, as Keras's ``Sequential.pop`` does (to put
        another head on a trained body, for instance)."""
        if not self._layers:
            raise ValueError(f"Model {self.name!r} has no layer to pop.")
        layer = self._layers.pop()
        self._layer_names.discard(layer.name)
        self.built = self.built and bool(self._layers)
        return layer

    @property
    def trainable(self) -> bool:
        """Whether the model trains: ``model.trainable = False`` freezes every layer at once,
        as in Keras's transfer-learning recipe, and ``True`` unfreezes them all; a layer's own
        ``trainable`` can still be set afterwards."""
        return self._trainable

    @trainable.setter
    def trainable(self, value) -> None:
        self._trainable = boolean(f"Model {self.name!r} trainable", value)
        for layer in self._layers:
            layer.trainable = self._trainable

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """The layer called ``name``, or the one at ``index`` in :attr:`layers` (negative
        indices count from the end), as Keras's ``get_layer``; the ``Input`` is not in
        :attr:`layers`, so ``index=0`` is the first Dense."""
        names = [layer.name for layer in self._layers]
        if name is not None and index is not None:
            raise ValueError(
                f"get_layer takes a layer name or an index, not both; got name={name!r} and "
                f"index={index!r}."
            )
        if index is not None:
            if not self._layers:
                raise ValueError(f"Model {self.name!r} has no layers; add some first.")
            count = len(self._layers)
            return self._layers[integer(f"get_layer index (model {self.name!r} has {count} "
                                        f"layers)", index, at_least=-count, at_most=count - 1)]
        if name is None:
            raise ValueError(
                f"get_layer needs a layer name or an index, e.g. get_layer(index=0); the "
                f"layers of model {self.name!r} are {names}."
            )
        if not isinstance(name, str):
            raise TypeError(f"get_layer name must be a string such as 'dense_1', got {name!r}.")
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No layer named {name!r} in model {self.name!r}; its layers are {names}.")

    @property
    def input_shape(self) -> tuple | None:
        return self._input_shape

    @property
    def output_shape(self) -> tuple | None:
        return self._layers[-1].output_shape if self.built else None

    def _build_if_possible(self) -> None:
        if self._input_shape is not None and self._layers:
            self.build(self._input_shape)

    def build(self, input_shape) -> None:
        """Create every layer's parameters for inputs of ``input_shape`` (batch axis first,
        e.g. ``(None, 784)``).  All shapes are checked before any layer is built."""
        if not self._layers:
            raise ValueError(f"Model {self.name!r} has no layers to build; add some first.")
        input_shape = (None,) + tuple(input_shape[1:])
        shape = input_shape
        for layer in self._layers:
            if not layer.built:
                shape = layer.compute_output_shape(shape)
            elif tuple(layer.input_shape[1:]) != tuple(shape[1:]):
                raise ValueError(
                    f"{layer.describe()} was built for inputs {shape_str(layer.input_shape)} "
                    f"but receives {shape_str(shape)} in model {self.name!r}."
                )
            else:
                shape = layer.output_shape
        shape = input_shape
        for layer in self._layers:
            if not layer.built:
                layer.build(shape, self.dtype, self.rng)
            shape = layer.output_shape
        self._input_shape = input_shape
        self.built = True

    # -- forward and backward ------------------------------------------------------
    def __call__(self, x, training: bool = False):
        return self.forward(prepare_inputs(self, x, "x"), training=training)

    def forward(self, x, training: bool = False):
        """aᴸ from a⁰ = x, layer by layer (no checks: the hot path)."""
        a = x
        for layer in self._layers:
            a = layer.forward(a, training=training)
        return a

    @property
    def output_layer(self) -> Layer:
        return self._layers[-1]

    def backward(self, y, a, sample_weight=None) -> None:
        """Backpropagation: fill every layer's ``grads`` from the output ``a`` and targets ``y``.

        BP1 at the output: δᴸ = (a − y)/N in the fused softmax/sigmoid + cross-entropy case,
        else ∇ₐC ⊙ σ'(zᴸ) inside the last layer; then BP2–BP4 layer by layer.
        """
        lowest = self.lowest_backpropagated_layer()
        if lowest == len(self._layers):  # the last layer has no backward, and nothing learns
            return
        last = self._layers[-1]
        if self.fused_output_error:
            grad = last.backward_delta(self.loss.output_delta(y, a, sample_weight))
        else:
            grad = last.backward(self.loss.gradient(y, a, sample_weight))
        for index in range(len(self._layers) - 2, lowest - 1, -1):
            grad = self._layers[index].backward(grad, need_input_grad=index > lowest)

    def lowest_backpropagated_layer(self) -> int:
        """The index of the lowest layer the backward pass goes through: 0, or the one above
        the last layer that has no backward (a Lambda of a Python function).

        Such a layer is accepted only where no layer before it has trainable weights, since
        their gradients would have to pass through it; otherwise a ``ValueError`` names both
        layers.  ``compile``, ``fit`` and ``train_on_batch`` ask before training.
        """
        for index in range(len(self._layers) - 1, -1, -1):
            layer = self._layers[index]
            if layer.differentiable:
                continue
            learning = next((before for before in self._layers[:index] if before.trainable_weights), None)
            if learning is not None:
                raise ValueError(
                    f"{layer.describe()} in model {self.name!r} runs a Python function, which "
                    f"lucidnet cannot differentiate (it has no automatic differentiation), but "
                    f"{learning.describe()} before it has trainable weights whose gradients must "
                    f"pass through it. Put the Lambda before every layer that learns (to "
                    f"preprocess the inputs), use a layer with a backward pass instead "
                    f"(Rescaling(scale, offset), Activation(name), Reshape, or "
                    f"Lambda(lucidnet.activations.<name>)), or freeze the layers before it "
                    f"(trainable=False)."
                )
            return index + 1
        return 0

    @property
    def fused_output_error(self) -> bool:
        """True when BP1 takes the short form δᴸ = (aᴸ − y)/N: the last layer's activation is
        the one the compiled loss pairs with (softmax or sigmoid with its cross-entropy)."""
        last = self._layers[-1]
        activation = getattr(last, "activation", None)
        return (
            activation is not None
            and hasattr(last, "backward_delta")
            and self.loss.fuses_with(activation)
        )

    def trace(self, x, y, sample_weight=None, training: bool = False, check: bool = False):
        """One forward and backward pass on (x, y), every z, a, δ and gradient recorded per
        layer with the equation that produced it; the weights are not changed.  See
        :func:`lucidnet.inspection.trace`."""
        return inspection.trace(self, x, y, sample_weight, training=training, check=check)

    def explain(self, x, y, max_units: int = 6, max_terms: int = 6, show: bool = True) -> str:
        """One training step on one example, written out with its numbers (Markdown).  See
        :func:`lucidnet.inspection.explain`."""
        return inspection.explain(self, x, y, max_units=max_units, max_terms=max_terms, show=show)

    def regularization_loss(self) -> float:
        return sum(layer.regularization_loss() for layer in self._layers)

    # -- parameters ----------------------------------------------------------------
    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """The parameters θ the optimizer moves: those of every layer whose ``trainable`` is
        True, read afresh at each call."""
        return [w for layer in self._layers for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        """Frozen layers' parameters and every layer's state (saved, never optimized)."""
        return [w for layer in self._layers for w in layer.non_trainable_weights]

    @property
    def weights(self) -> list[np.ndarray]:
        return [w for layer in self._layers for w in layer.weights]

    def parameters_and_gradients(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The trainable parameters θ and their gradients ∂C/∂θ from the last backward pass,
        collected together, layer by layer, so that the two lists always pair up."""
        params, grads = [], []
        for layer in self._layers:
            layer_params = layer.trainable_weights
            if not layer_params:
                continue
            if len(layer.grads) != len(layer_params):
                raise RuntimeError(
                    f"{layer.describe()} has {len(layer_params)} trainable weights but "
                    f"{len(layer.grads)} gradients: run a backward pass after changing "
                    f"trainable."
                )
            params += layer_params
            grads += layer.grads
        return params, grads

    def count_params(self) -> int:
        return sum(layer.count_params() for layer in self._layers)

    def get_weights(self) -> list[np.ndarray]:
        """Copies of every parameter array, layer by layer (kernel, then bias)."""
        return [w.copy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Set every parameter from a list like :meth:`get_weights` returns.  All arrays are
        checked first, so a wrong list changes nothing."""
        weights = list(weights)
        expected = self.weights
        if len(weights) != len(expected):
            raise ValueError(
                f"Model {self.name!r} has {len(expected)} weight arrays, got {len(weights)}."
            )
        position = 0
        plan = []
        for layer in self._layers:
            count = len(layer.weights)
            plan.append((layer, weights[position : position + count]))
            position += count
        for layer, arrays in plan:  # check everything before changing anything
            for name, current, new in zip(layer.weight_names, layer.weights, arrays):
                if np.shape(new) != current.shape:
                    raise ValueError(
                        f"{layer.describe()}: {name} must have shape {current.shape}, "
                        f"got {np.shape(new)}."
                    )
                check_finite(f"{layer.name}/{name}", np.asarray(new, dtype=current.dtype))
        for layer, arrays in plan:
            layer.set_weights(arrays)

    def save_weights(self, path) -> None:
        """Write every parameter to a safetensors file (``dense_1/kernel``, ...), atomically."""
        save_weights(self, path)

    def load_weights(self, path) -> None:
        """Read parameters written by :meth:`save_weights`; all is checked before anything changes."""
        load_weights(self, path)

    def save(self, path, include_optimizer: bool = True, *, epoch: int | None = None,
             logs: dict | None = None) -> None:
        """Write the whole model (weights, architecture, compile config, ``metadata``, history
        and, with ``include_optimizer``, the state that resuming needs) to one file, atomically.
        :func:`lucidnet.load_model` reads it back.

        A checkpoint taken during training passes ``epoch`` (the epochs completed) and, from
        ``on_epoch_end``, that epoch's ``logs``; see :func:`lucidnet.saving.save_model`."""
        save_model(self, path, include_optimizer=include_optimizer, epoch=epoch, logs=logs)

    def load_training_state(self, path) -> int:
        """Take back, into this model, the training state of the model file at ``path``
        (saved with the optimizer): the weights, the optimizer's state and learning rate, the
        generators, and, in :attr:`saved_callback_states`, the callbacks' states.  Returns the
        number of epochs the saved run had completed.

        The file must hold this model's architecture and optimizer class; all is checked
        before anything changes (see :func:`lucidnet.saving.load_training_state`).  From a
        callback's ``on_train_begin``, :meth:`resume_from_epoch` with the returned number
        then continues the running ``fit`` where the saved run stopped, as
        :class:`lucidnet.callbacks.BackupAndRestore` does."""
        return load_training_state(self, path)

    # -- description ---------------------------------------------------------------
    def summary(self, print_fn=None) -> None:
        """Print a table of the layers with their output shapes and parameter counts."""
        print_fn = print_fn or print
        rows = [("Layer (type)", "Output Shape", "Param #")]
        for layer in self._layers:
            shape = shape_str(layer.output_shape) if layer.built else "(unbuilt)"
            count = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
            rows.append((f"{layer.name} ({type(layer).__name__})", shape, count))
        widths = [max(len(row[i]) for row in rows) + 2 for i in range(3)]
        total_width = sum(widths)

        def line(row):
            return "".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

        trainable = sum(w.size for w in self.trainable_weights)
        total = self.count_params()
        lines = [f'Model: "{self.name}"', "_" * total_width, line(rows[0]), "=" * total_width]
        for row in rows[1:]:
            lines.append(line(row))
        lines += [
            "=" * total_width,
            f"Total params: {total:,}",
            f"Trainable params: {trainable:,}",
            f"Non-trainable params: {total - trainable:,}",
            "_" * total_width,
        ]
        print_fn("\n".join(lines))

    def to_json(self, **kwargs) -> str:
        """The architecture as JSON text, ``{"class_name": "Sequential", "config": ...}`` (no
        weights, no compile settings); :func:`model_from_json` builds a new model from it.
        ``kwargs`` go to :func:`json.dumps`, e.g. ``indent=2``."""
        return model_to_json(self, **kwargs)

    def get_config(self) -> dict:
        layers = [serialize(layer) for layer in self._layers]
        if self._input_shape is not None:
            layers.insert(0, serialize(Input(self._input_shape[1:])))
        return {"name": self.name, "dtype": self.dtype, "layers": layers}

    @classmethod
    def from_config(cls, config: dict, seed: int | None = None) -> "Sequential":
        layers = [get_layer_from_config(entry) for entry in config.get("layers", [])]
        return cls(layers, name=config.get("name"), dtype=config.get("dtype"), seed=seed)

    # -- tf.keras 2 spellings ---------------------------------------------------------
    def predict_classes(self, x, batch_size: int = 32, verbose=0) -> np.ndarray:
        """Deprecated (removed in tf.keras 2.6): class labels, as tf.keras 2.0–2.5 gave them.

        The argmax of each output row when the output has several units (softmax), else
        ``output > 0.5`` as int32 of shape (N, 1) (one sigmoid unit).  Write
        ``np.argmax(model.predict(x), axis=-1)`` or ``(model.predict(x) > 0.5).astype("int32")``.
        """
        warn_deprecated("model.predict_classes(x)",
                        "np.argmax(model.predict(x), axis=-1) for a softmax output, or "
                        '(model.predict(x) > 0.5).astype("int32") for one sigmoid unit')
        probabilities = self.predict(x, batch_size=batch_size, verbose=verbose)
        if probabilities.shape[-1] > 1:
            return probabilities.argmax(axis=-1)
        return (probabilities > 0.5).astype("int32")

    def predict_proba(self, x, batch_size: int = 32, verbose=0) -> np.ndarray:
        """Deprecated (removed in tf.keras 2.6): :meth:`predict`, which already returns the
        probabilities of a softmax or sigmoid output; warns when the outputs leave [0, 1]."""
        warn_deprecated("model.predict_proba(x)", "model.predict(x)")
        probabilities = self.predict(x, batch_size=batch_size, verbose=verbose)
        if probabilities.min() < 0 or probabilities.max() > 1:
            warnings.warn(
                f"Model {self.name!r} returns values outside [0, 1], which are not "
                f"probabilities: its last layer has no softmax or sigmoid.", UserWarning,
                stacklevel=2)
        return probabilities

    def fit_generator(self, generator, steps_per_epoch: int | None = None, epochs: int = 1,
                      verbose=1, callbacks=None, validation_data=None,
                      validation_steps: int | None = None, validation_freq=1,
                      class_weight: dict | None = None, max_queue_size: int = 10,
                      workers: int = 1, use_multiprocessing: bool = False,
                      shuffle: bool = True, initial_epoch: int = 0):
        """Deprecated (tf.keras 2): :meth:`fit`, which takes the generator or PyDataset itself.

        tf.keras 2's queue arguments (``max_queue_size``, ``workers``, ``use_multiprocessing``)
        are checked and not used: lucidnet reads the batches in order, in the calling thread
        (see :class:`lucidnet.utils.PyDataset`).
        """
        warn_deprecated("model.fit_generator(generator, ...)", "model.fit(generator, ...)")
        _check_queue_arguments(max_queue_size, workers, use_multiprocessing)
        return self.fit(generator, epochs=epochs, verbose=verbose, callbacks=callbacks,
                        validation_data=validation_data, shuffle=shuffle,
                        class_weight=class_weight, initial_epoch=initial_epoch,
                        steps_per_epoch=steps_per_epoch, validation_steps=validation_steps,
                        validation_freq=validation_freq)

    def evaluate_generator(self, generator, steps: int | None = None, callbacks=None,
                           max_queue_size: int = 10, workers: int = 1,
                           use_multiprocessing: bool = False, verbose=0):
        """Deprecated (tf.keras 2): :meth:`evaluate`, which takes the generator itself."""
        warn_deprecated("model.evaluate_generator(generator, ...)", "model.evaluate(generator, ...)")
        _check_queue_arguments(max_queue_size, workers, use_multiprocessing)
        return self.evaluate(generator, steps=steps, callbacks=callbacks, verbose=verbose)

    def predict_generator(self, generator, steps: int | None = None, callbacks=None,
                          max_queue_size: int = 10, workers: int = 1,
                          use_multiprocessing: bool = False, verbose=0):
        """Deprecated (tf.keras 2): :meth:`predict`, which takes the generator itself."""
        warn_deprecated("model.predict_generator(generator, ...)", "model.predict(generator, ...)")
        _check_queue_arguments(max_queue_size, workers, use_multiprocessing)
        return self.predict(generator, steps=steps, callbacks=callbacks, verbose=verbose)

    # -- export --------------------------------------------------------------------------
    def export(self, filepath, format="tf_saved_model", verbose=None, input_signature=None,
               **kwargs):
        """Write the model for inference in another runtime, as Keras's ``model.export``.

        lucidnet exports ``format="onnx"`` (:func:`lucidnet.export.to_onnx`, needs
        ``lucidnet[onnx]``), with Keras's ``opset_version=`` choosing the operator set.
        Keras's default, ``"tf_saved_model"``, and its other formats need TensorFlow,
        OpenVINO, LiteRT or PyTorch graphs, which lucidnet does not write: they are refused
        with the list of what it can export.  ``input_signature`` must be None: the input
        shape is the model's own, with a dynamic batch axis.  Returns the path.
        """
        if not isinstance(format, str) or format.lower() not in EXPORTERS:
            raise ValueError(
                f"model.export format={format!r} is not one lucidnet can write; it exports "
                f"{', '.join(repr(name) for name in EXPORTERS.names())}, e.g. "
                f"model.export(filepath, format=\"onnx\")."
            )
        if input_signature is not None:
            raise ValueError(
                f"model.export input_signature must be None (the model's input shape "
                f"{shape_str(self.input_shape) if self.built else 'once built'} is used, with "
                f"a dynamic batch axis), got {input_signature!r:.80}."
            )
        optional(boolean, "model.export verbose", verbose)
        options = dict(kwargs)
        if "opset_version" in options:
            options["opset"] = options.pop("opset_version")
        if set(options) - {"opset"}:
            raise TypeError(
                f"model.export(format={format!r}) got unexpected options "
                f"{sorted(set(options) - {'opset'})}; it takes opset_version=."
            )
        exporter = EXPORTERS.lookup(format)
        exporter(self, filepath, **options)
        if verbose:
            print(f"Saved artifact at '{os.fspath(filepath)}'.")
        return filepath

    def __repr__(self) -> str:
        return f"<Sequential {self.name!r}: {len(self._layers)} layers, dtype={self.dtype}>"


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive: bool = False) -> Sequential:
    """A new model with the same architecture and freshly initialized weights, as Keras's
    ``clone_model``; compiled like ``model`` (with a new optimizer) when ``model`` is.

    >>> from lucidnet import Dense, Input, Sequential
    >>> model = Sequential([Input((4,)), Dense(3, activation="softmax")], seed=0)
    >>> twin = clone_model(model)
    >>> twin.get_config() == model.get_config(), twin.layers[0] is model.layers[0]
    (True, False)

    Parameters
    ----------
    model : the :class:`Sequential` model to copy.
    input_tensors : an ``Input(shape)`` (or a list holding one) to build the copy for
        instead of ``model``'s input shape.
    clone_function : ``fn(layer) -> layer``, called on each layer in order; by default
        ``type(layer).from_config(layer.get_config())``, a new layer with the same
        settings.  Returning ``layer`` itself shares it (and its weights) with ``model``.
    call_function : for Keras's functional models; a Sequential model's layers are listed,
        not called, so it must be None, as in Keras.
    recursive : accepted for Keras's signature; a lucidnet model holds no inner models, so
        there is nothing to recurse into.
    """
    if not isinstance(model, Sequential):
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
    clone = Sequential(([] if shape is None else [Input(shape)]) + layers, name=model.name,
                       dtype=model.dtype)
    if model.compiled:
        config = model.get_compile_config()
        clone.compile(optimizer=_copy_of(config["optimizer"]), loss=_copy_of(config["loss"]),
                      metrics=[identifier if isinstance(identifier, (str, dict, type))
                               else _copy_of(identifier) for identifier in config["metrics"]])
    return clone


def _cloned_input_shape(model, input_tensors) -> tuple | None:
    """The example shape a clone is built for: that of ``input_tensors`` when given."""
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
    return given.shape


def _copy_of(obj):
    """A new object with ``obj``'s settings and none of its state: Keras's default clone."""
    return type(obj).from_config(obj.get_config())


def _snake_case(name: str) -> str:
    """A layer class's name in snake case, split as Keras splits it: before each capital that
    starts a word ("LeakyReLU" → "leaky_re_lu", "PReLU" → "p_re_lu") and after each lower-case
    letter followed by a capital.

    >>> [_snake_case(name) for name in ("Dense", "LeakyReLU", "PReLU", "ELU", "Conv2D")]
    ['dense', 'leaky_re_lu', 'p_re_lu', 'elu', 'conv2d']
    """
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


__all__ = ["Sequential", "clone_model", "load_model", "model_from_json", "save_model"]


def _check_queue_arguments(max_queue_size, workers, use_multiprocessing) -> None:
    """tf.keras 2's generator-queue arguments: checked, then unused (batches are read in order)."""
    positive_int("max_queue_size", max_queue_size)
    non_negative_int("workers", workers)
    boolean("use_multiprocessing", use_multiprocessing)
