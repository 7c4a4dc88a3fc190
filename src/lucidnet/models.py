"""Sequential: a stack of layers, trained with backpropagation, driven like Keras.

One training step on a mini-batch (x, y) is the textbook algorithm:

1. forward: a⁰ = x; for each layer, zˡ = aˡ⁻¹Wˡ + bˡ and aˡ = σ(zˡ);
2. cost: C = (1/N) Σₙ Cₙ(yₙ, aᴸₙ) + Σ R(W);
3. output error (BP1): δᴸ = ∇ₐC ⊙ σ'(zᴸ), or δᴸ = (aᴸ − y)/N when a softmax or sigmoid
   output meets its cross-entropy;
4. backward (BP2): δˡ = (δˡ⁺¹ (Wˡ⁺¹)ᵀ) ⊙ σ'(zˡ), layer by layer, collecting
   ∂C/∂bˡ = Σₙ δˡₙ (BP3) and ∂C/∂Wˡ = (aˡ⁻¹)ᵀ δˡ (BP4);
5. update: the optimizer moves every parameter against its gradient.
"""

from __future__ import annotations

import math
import sys
import time
import warnings

import numpy as np

from . import losses as losses_module
from . import metrics as metrics_module
from . import optimizers as optimizers_module
from .callbacks import CallbackList, History
from .config import make_generator, standardize_dtype
from .errors import NotReadyError
from .layers import Input, Layer
from .layers import get as get_layer_from_config
from .layers.base import shape_str
from .registry import serialize
from .validation import as_float_array, check_finite, positive_int, same_length


class Sequential:
    """A linear stack of layers: the multi-layer perceptron.

    >>> model = Sequential([Input((784,)), Dense(256, "relu"), Dense(10, "softmax")])
    >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
    ...               metrics=["accuracy"])

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
        self.name = name or "sequential"
        self.dtype = standardize_dtype(dtype)
        self.rng = make_generator(seed)
        self._layers: list[Layer] = []
        self._input_shape: tuple | None = None
        self.built = False
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.metrics: list = []
        self._metric_identifiers: list = []
        self.stop_training = False
        self.history: History | None = None
        for layer in layers or []:
            self.add(layer)

    # -- construction --------------------------------------------------------------
    def add(self, layer: Layer) -> None:
        """Append a layer; an ``Input`` (or a first layer's ``input_shape``) fixes the shape
        of one example and builds the model at once."""
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential.add() expects a Layer such as Dense(10), got {layer!r} "
                f"(of type {type(layer).__name__})."
            )
        if isinstance(layer, Input):
            if self._layers or self._input_shape is not None:
                raise ValueError("Input(...) can only be the first entry of a Sequential model.")
            self._input_shape = (None,) + layer.shape
            self._build_if_possible()
            return
        if layer.name is None:
            layer.name = self._unique_name(_snake_case(type(layer).__name__))
        elif any(existing.name == layer.name for existing in self._layers):
            raise ValueError(
                f"A layer named {layer.name!r} is already in model {self.name!r}; "
                f"layer names must be unique."
            )
        if not self._layers and self._input_shape is None and layer.declared_input_shape:
            self._input_shape = (None,) + layer.declared_input_shape
        self._layers.append(layer)
        self.built = False
        self._build_if_possible()

    def _unique_name(self, base: str) -> str:
        taken = {layer.name for layer in self._layers}
        k = 1
        while f"{base}_{k}" in taken:
            k += 1
        return f"{base}_{k}"

    @property
    def layers(self) -> list[Layer]:
        return list(self._layers)

    def get_layer(self, name: str) -> Layer:
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No layer named {name!r} in model {self.name!r}; its layers are "
            f"{[layer.name for layer in self._layers]}."
        )

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
        self._params = self.trainable_weights
        if self.compiled:
            self._resolve_metrics()

    # -- compiling -----------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None) -> None:
        """Choose how to learn: the optimizer, the cost function and the metrics to report.

        Each accepts a name (``"adam"``, ``"categorical_crossentropy"``, ``"accuracy"``) or an
        object.  ``"accuracy"`` becomes binary, categorical or sparse categorical accuracy
        according to the loss, as in Keras.
        """
        if loss is None:
            raise ValueError(
                "compile() needs a loss, e.g. loss='sparse_categorical_crossentropy' for "
                f"integer class labels. Valid names: {', '.join(losses_module.names())}."
            )
        if metrics is not None and (isinstance(metrics, (str, dict)) or not hasattr(metrics, "__iter__")):
            raise TypeError(
                f"metrics must be a list, e.g. metrics=['accuracy'], got {metrics!r}."
            )
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = losses_module.get(loss)
        self._metric_identifiers = list(metrics or [])
        for identifier in self._metric_identifiers:  # fail now, not at the first fit
            if not (isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc")):
                metrics_module.get(identifier)
        self.compiled = True
        self.metrics = []
        if self.built:
            self._resolve_metrics()

    def _resolve_metrics(self) -> None:
        units = self._layers[-1].output_shape[-1]
        self.metrics = [
            metrics_module.get(identifier, self.loss, units)
            for identifier in self._metric_identifiers
        ]

    @property
    def metrics_names(self) -> list[str]:
        return ["loss"] + [metric.log_name for metric in self.metrics]

    def _require_compiled(self, method: str) -> None:
        if not self.compiled:
            raise NotReadyError(
                f"Model {self.name!r} must be compiled before {method}(): call "
                f"model.compile(optimizer=..., loss=...) first."
            )

    # -- forward and backward ------------------------------------------------------
    def __call__(self, x, training: bool = False):
        x = self._prepare_x(x, "x")
        return self.forward(x, training=training)

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
        last = self._layers[-1]
        if self._fused_output():
            grad = last.backward_delta(self.loss.output_delta(y, a, sample_weight))
        else:
            grad = last.backward(self.loss.gradient(y, a, sample_weight))
        for index in range(len(self._layers) - 2, -1, -1):
            grad = self._layers[index].backward(grad, need_input_grad=index > 0)

    def _fused_output(self) -> bool:
        last = self._layers[-1]
        activation = getattr(last, "activation", None)
        return (
            activation is not None
            and hasattr(last, "backward_delta")
            and self.loss.fuses_with(activation)
        )

    def regularization_loss(self) -> float:
        return sum(layer.regularization_loss() for layer in self._layers)

    def loss_and_gradients(self, x, y, sample_weight=None, training: bool = True):
        """(C, [∂C/∂θ for θ in trainable_weights]) for one batch, without changing weights.

        ``x`` and ``y`` must already be prepared (float arrays of the model's dtype, targets
        as the loss expects them); ``fit`` and :func:`lucidnet.utils.gradcheck` use this.
        """
        a = self.forward(x, training=training)
        loss = self.loss(y, a, sample_weight) + self.regularization_loss()
        self.backward(y, a, sample_weight)
        return loss, [g for layer in self._layers if layer.trainable for g in layer.grads], a

    # -- training ------------------------------------------------------------------
    def fit(
        self,
        x,
        y=None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose="auto",
        callbacks=None,
        validation_split: float = 0.0,
        validation_data=None,
        shuffle: bool = True,
        sample_weight=None,
        initial_epoch: int = 0,
    ) -> History:
        """Train for ``epochs`` passes over (x, y) in shuffled mini-batches of ``batch_size``.

        Mini-batch gradient descent: ``batch_size=1`` is stochastic gradient descent and
        ``batch_size=len(x)`` is batch gradient descent.  ``validation_split`` holds out the
        *last* fraction of the data, taken before shuffling (as Keras does); alternatively
        pass ``validation_data=(x_val, y_val)``.  Returns a :class:`History` whose
        ``history`` dict holds per-epoch ``loss``, the metrics, and their ``val_`` versions.

        If a batch's loss or gradients are not finite, training stops before that update
        is applied, so the weights stay the last finite ones, and a warning says where.
        """
        self._require_compiled("fit")
        batch_size = positive_int("batch_size", batch_size, allow_none=True) or 32
        epochs = positive_int("epochs", epochs)
        if isinstance(initial_epoch, bool) or not isinstance(initial_epoch, (int, np.integer)) or not 0 <= initial_epoch < epochs:
            raise ValueError(
                f"initial_epoch must be an integer in [0, epochs={epochs}), got {initial_epoch!r}."
            )
        if not isinstance(validation_split, (int, float)) or not 0 <= validation_split < 1:
            raise ValueError(f"validation_split must be in [0, 1), got {validation_split!r}.")
        verbose = _resolve_verbose(verbose)

        x, y, sample_weight = self._prepare_data(x, y, sample_weight)
        if validation_data is not None:
            validation = self._prepare_validation(validation_data)
        elif validation_split:
            split_at = int(math.ceil(len(x) * (1.0 - validation_split)))
            if split_at in (0, len(x)):
                raise ValueError(
                    f"validation_split={validation_split} of {len(x)} examples leaves "
                    f"{split_at} for training and {len(x) - split_at} for validation; both "
                    f"need at least one."
                )
            validation = (x[split_at:], y[split_at:], None if sample_weight is None else sample_weight[split_at:])
            x, y = x[:split_at], y[:split_at]
            sample_weight = None if sample_weight is None else sample_weight[:split_at]
        else:
            validation = None

        history = History()
        callback_list = CallbackList(
            [history] + list(_as_callback_list(callbacks)),
            model=self,
            epochs=epochs,
            steps=math.ceil(len(x) / batch_size),
            verbose=verbose,
            batch_size=batch_size,
        )
        self.history = history
        self.stop_training = False
        callback_list.on_train_begin()
        for epoch in range(initial_epoch, epochs):
            if self.stop_training:
                break
            callback_list.on_epoch_begin(epoch)
            started = time.perf_counter()
            logs = self._train_epoch(x, y, sample_weight, batch_size, shuffle, epoch, callback_list)
            if validation is not None and not self.stop_training:
                val_logs = self._evaluate_prepared(*validation, batch_size=batch_size)
                logs.update({f"val_{key}": value for key, value in val_logs.items()})
            if verbose:
                _print_epoch(epoch, epochs, time.perf_counter() - started, logs)
            callback_list.on_epoch_end(epoch, logs)
        callback_list.on_train_end()
        return history

    def _train_epoch(self, x, y, sample_weight, batch_size, shuffle, epoch, callback_list) -> dict:
        n = len(x)
        order = self.rng.permutation(n) if shuffle else None
        for metric in self.metrics:
            metric.reset_state()
        loss_total = 0.0
        for batch, start in enumerate(range(0, n, batch_size)):
            callback_list.on_train_batch_begin(batch)
            if order is None:
                rows = slice(start, start + batch_size)
            else:
                rows = order[start : start + batch_size]
            xb, yb = x[rows], y[rows]
            wb = None if sample_weight is None else sample_weight[rows]
            loss, grads, a = self.loss_and_gradients(xb, yb, wb, training=True)
            loss_total += loss * len(xb)
            seen = min(start + batch_size, n)
            if not (math.isfinite(loss) and _all_finite(grads)):
                self.stop_training = True
                warnings.warn(
                    f"Epoch {epoch + 1}, batch {batch + 1}: the loss is {loss} or a gradient is "
                    f"not finite; training stopped before this update, keeping the last finite "
                    f"weights. Try a smaller learning rate or check the data.",
                    RuntimeWarning,
                    stacklevel=3,
                )
                break
            self.optimizer.apply(self._params, grads)
            for metric in self.metrics:
                metric.update_state(yb, a, wb)
            logs = {"loss": loss_total / seen}
            callback_list.on_train_batch_end(batch, logs)
        logs = {"loss": loss_total / seen}
        logs.update({metric.log_name: metric.result() for metric in self.metrics})
        return logs

    def train_on_batch(self, x, y, sample_weight=None) -> float:
        """One gradient step on one batch; returns the batch loss (before the step)."""
        self._require_compiled("train_on_batch")
        x, y, sample_weight = self._prepare_data(x, y, sample_weight)
        loss, grads, _ = self.loss_and_gradients(x, y, sample_weight, training=True)
        if math.isfinite(loss) and _all_finite(grads):
            self.optimizer.apply(self._params, grads)
        return loss

    # -- evaluation and prediction -------------------------------------------------
    def evaluate(self, x, y=None, batch_size: int | None = None, verbose="auto",
                 sample_weight=None, return_dict: bool = False):
        """The loss (and metrics) on (x, y), in inference mode (dropout off).

        Returns the scalar loss when the model has no metrics, else ``[loss, *metrics]``
        in the order of :attr:`metrics_names`, or a dict with ``return_dict=True``.
        """
        self._require_compiled("evaluate")
        batch_size = positive_int("batch_size", batch_size, allow_none=True) or 32
        x, y, sample_weight = self._prepare_data(x, y, sample_weight)
        logs = self._evaluate_prepared(x, y, sample_weight, batch_size)
        if _resolve_verbose(verbose):
            print(" - ".join(f"{key}: {value:.4f}" for key, value in logs.items()))
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def _evaluate_prepared(self, x, y, sample_weight, batch_size) -> dict:
        for metric in self.metrics:
            metric.reset_state()
        loss_total = 0.0
        for start in range(0, len(x), batch_size):
            rows = slice(start, start + batch_size)
            a = self.forward(x[rows], training=False)
            wb = None if sample_weight is None else sample_weight[rows]
            loss_total += self.loss(y[rows], a, wb) * len(a)
            for metric in self.metrics:
                metric.update_state(y[rows], a, wb)
        logs = {"loss": loss_total / len(x) + self.regularization_loss()}
        logs.update({metric.log_name: metric.result() for metric in self.metrics})
        return logs

    def predict(self, x, batch_size: int | None = None, verbose="auto"):
        """The network's output aᴸ for every example in ``x``, in inference mode."""
        batch_size = positive_int("batch_size", batch_size, allow_none=True) or 32
        x = self._prepare_x(x, "x")
        outputs = [self.forward(x[start : start + batch_size]) for start in range(0, len(x), batch_size)]
        return np.concatenate(outputs)

    # -- input checks --------------------------------------------------------------
    def _prepare_x(self, x, name: str, build: bool = False):
        x = as_float_array(name, x, self.dtype)
        if not self._layers:
            raise ValueError(f"Model {self.name!r} has no layers; add some first.")
        if len(x) == 0:
            raise ValueError(f"{name} is empty: it needs at least one example.")
        if not self.built:
            if build:
                self.build(x.shape)
            else:
                raise NotReadyError(
                    f"Model {self.name!r} has not been built, so it has no weights to predict "
                    f"with. Train it with fit(), give it an input shape (Input(shape) or "
                    f"input_shape= on the first layer), or call build((None, {', '.join(map(str, x.shape[1:]))}))."
                )
        if x.shape[1:] != self._input_shape[1:]:
            self._layers[0].compute_output_shape(x.shape)  # the first layer names the problem
            raise ValueError(
                f"Model {self.name!r} expects inputs of shape {shape_str(self._input_shape)}, "
                f"got {shape_str(x.shape)}."
            )
        return x

    def _prepare_data(self, x, y, sample_weight):
        if y is None:
            raise ValueError("y is required: pass the targets as the second argument.")
        x = self._prepare_x(x, "x", build=True)
        same_length("x", x, "y", y)
        y = self.loss.prepare_targets(y, self._layers[-1].output_shape[1:], self.dtype,
                                      self._layers[-1].describe())
        check_finite("y", y)
        if sample_weight is not None:
            sample_weight = as_float_array("sample_weight", sample_weight, self.dtype).reshape(-1)
            same_length("x", x, "sample_weight", sample_weight)
            if (sample_weight < 0).any():
                raise ValueError("sample_weight must be non-negative.")
        return x, y, sample_weight

    def _prepare_validation(self, validation_data):
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError(
                "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight), "
                f"got {type(validation_data).__name__}."
            )
        x_val, y_val, *rest = validation_data
        return self._prepare_data(x_val, y_val, rest[0] if rest else None)

    # -- parameters ----------------------------------------------------------------
    @property
    def trainable_weights(self) -> list[np.ndarray]:
        return [w for layer in self._layers if layer.trainable for w in layer.weights]

    @property
    def weights(self) -> list[np.ndarray]:
        return [w for layer in self._layers for w in layer.weights]

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

    def get_config(self) -> dict:
        layers = [serialize(layer) for layer in self._layers]
        if self._input_shape is not None:
            layers.insert(0, serialize(Input(self._input_shape[1:])))
        return {"name": self.name, "dtype": self.dtype, "layers": layers}

    @classmethod
    def from_config(cls, config: dict, seed: int | None = None) -> "Sequential":
        layers = [get_layer_from_config(entry) for entry in config.get("layers", [])]
        return cls(layers, name=config.get("name"), dtype=config.get("dtype"), seed=seed)

    def __repr__(self) -> str:
        return f"<Sequential {self.name!r}: {len(self._layers)} layers, dtype={self.dtype}>"


def _snake_case(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _all_finite(arrays) -> bool:
    # A NaN or ±inf anywhere makes the sum non-finite: one reduction per array, no mask.
    return all(math.isfinite(float(array.sum())) for array in arrays)


def _as_callback_list(callbacks):
    if callbacks is None:
        return []
    if isinstance(callbacks, CallbackList):
        return callbacks.callbacks
    if not isinstance(callbacks, (list, tuple)):
        raise TypeError(
            f"callbacks must be a list of Callback objects, got {type(callbacks).__name__}."
        )
    return callbacks


def _resolve_verbose(verbose) -> int:
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2) or isinstance(verbose, bool):
        raise ValueError(f"verbose must be 'auto', 0, 1 or 2, got {verbose!r}.")
    return int(verbose)


def _print_epoch(epoch: int, epochs: int, seconds: float, logs: dict) -> None:
    metrics = " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
    print(f"Epoch {epoch + 1}/{epochs} - {seconds:.2f}s - {metrics}", file=sys.stdout, flush=True)
