"""Training, evaluation and prediction: `compile`, `fit`, `evaluate`, `predict`, and
their one-batch forms `train_on_batch`, `test_on_batch` and `predict_on_batch`.

`Trainer` is the base class of [lucidnet.models.Model][], as Keras's
`Trainer` is of its `Model`.  It owns what learning adds to a network: the optimizer,
the loss, the metrics, `stop_training` and `history` (set in `Trainer.__init__`), the
loops over epochs and mini-batches, and the calls to callbacks.

The contract: a Trainer needs from the model, in public terms,

- `layers` and `flat_layers` (a nested model's layers in its place), `output_layer`,
  `name`, `dtype` and `rng` (the generator that shuffles); each flat layer's
  `trainable`, `constraints` and `apply_constraints()`, which projects its constrained
  parameters after every optimizer update;
- `built`, `build(input_shape)` and `input_shape`;
- `infer(x)` → aᴸ in inference mode, keeping nothing for backward (`predict`);
- `forward(x, training)` → aᴸ, and `backward(y, a, sample_weight)`, which fills every
  layer's gradients from BP1 down (using `self.loss`); `lowest_backpropagated_layer()`,
  which refuses a model whose gradients cannot flow down to every layer that learns, asked
  before training;
- `regularization_loss()` → Σ R(W) plus the activity penalties of the last forward pass
  (so it is asked after each one), and `parameters_and_gradients()` → the trainable
  parameters θ and their ∂C/∂θ from the last backward pass, collected together so that
  they always pair up.

What the Trainer offers callbacks, besides `stop_training`, `history` and the model's own
methods: `callback_states()` (the states of the running `fit`'s callbacks, which a
checkpoint saves) and `Trainer.resume_from_epoch`, by which a callback's
`on_train_begin` moves the start of the running `fit` to a later epoch, as
`fit(initial_epoch=...)` would have started it, handing the callbacks the states waiting in
`saved_callback_states` (`model.load_training_state(path)` fills them, with the weights,
optimizer and generators, from a model file).  `fit` calls a callback whose class sets
`runs_last` after the other callbacks passed to it, and tells each callback in
`params["writes"]` whether this process writes the run's files (in distributed training,
rank 0 only).

Parameters are collected afresh at the start of every `fit` and every
`train_on_batch`, so setting a layer's `trainable` between calls takes effect without
anything cached going stale.  The work of each step is asked of a training strategy
(`lucidnet.strategy`): one process, or several over MPI; the loops do not know which.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .. import config, flat, jit
from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers as optimizers_module
from ..callbacks import CallbackList, History
from ..callbacks.progbar import ProgbarLogger
from ..distributed import DataParallel
from ..errors import NotReadyError
from ..registry import resolve
from ..strategy import SingleProcess
from ..validation import all_finite, boolean, fraction, integer, positive_int
from . import data as data_module
from . import inputs

DEFAULT_BATCH_SIZE = 32


class Trainer:
    """`compile`, `fit`, `evaluate`, `predict` and their `*_on_batch` forms for a model."""

    def __init__(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        #: As `stop_training`, for a callback to end `evaluate` or `predict` (and a
        #: validation) after the current batch, as in Keras.
        self.stop_evaluating = False
        self.stop_predicting = False
        self.history: History | None = None
        #: The callbacks' states a model file held (`{class name: [state, ...]}`), kept
        #: until the next `fit`: one resuming with `initial_epoch > 0` gives them to its
        #: callbacks, and any `fit` then drops them.
        self.saved_callback_states: dict[str, list[dict]] | None = None
        self._running_callbacks: CallbackList | None = None
        #: While the callbacks' on_train_begin runs: the running fit's `epochs`, the last
        #: epoch resume_from_epoch may start from; and the epoch it chose, if any.
        self._resumable_until: int | None = None
        self._resume_epoch: int | None = None
        self._metric_identifiers: list = []
        self._metrics: list = []
        self._metrics_units: int | None = None
        #: The flat arrays the step's gradients and parameters are views of, if they are
        #: (see `lucidnet.flat`): one dot product checks all of them.
        self._gradient_span = flat.SpanCache()
        self._parameter_span = flat.SpanCache()

    # -- compile ---------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, jit_compile="auto") -> None:
        """Choose how to learn: the optimizer, the cost function and the metrics to report.

        Each accepts a name (`"adam"`, `"categorical_crossentropy"`, `"accuracy"`) or an
        object.  `"accuracy"` becomes binary, categorical or sparse categorical accuracy
        according to the loss, as in Keras.

        Parameters
        ----------
        optimizer : str, Optimizer or dict
            The update rule, by name or as an object (see [lucidnet.optimizers.get][]).
        loss : str, Loss or callable
            The cost function; required.
        metrics : list of str or Metric, optional
            The metrics reported beside the loss.
        jit_compile : bool or "auto"
            As in Keras, whether to run compiled code.  `"auto"` (the default) and False
            leave it to lucidnet: training loads the compiled kernels (numba, when installed)
            for models large enough to repay the half second it takes, and predictions use
            them once they are loaded.  True loads them now, so that a model that only
            predicts, or a small one, uses them from its first call (with a warning when
            numba is not installed).  The kernels give the NumPy code's results either way;
            [lucidnet.config.set_kernels][] turns them off.

        Raises
        ------
        ValueError
            When no loss is given, or a metric reads another kind of target than the loss.
        TypeError
            When `metrics` is not a list, or one of its entries is None.
        """
        if not (isinstance(jit_compile, bool) or isinstance(jit_compile, str)
                and jit_compile == "auto"):
            raise ValueError(f"jit_compile must be True, False or 'auto', got {jit_compile!r}.")
        if loss is None:
            raise ValueError(
                "compile() needs a loss, e.g. loss='sparse_categorical_crossentropy' for "
                f"integer class labels. Valid names: {', '.join(losses_module.names())}."
            )
        if metrics is not None and (isinstance(metrics, (str, dict)) or not hasattr(metrics, "__iter__")):
            raise TypeError(
                f"metrics must be a list, e.g. metrics=['accuracy'], got {metrics!r}."
            )
        optimizer = resolve("optimizer", optimizers_module.get, optimizer)
        loss = resolve("loss", losses_module.get, loss)
        loss.check_trainable()
        identifiers = list(metrics or [])
        units = self.output_layer.output_shape[-1] if self.built else None
        for identifier in identifiers:  # fail now, not at the first fit
            if not (isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc")):
                metric = resolve("metrics", metrics_module.get, identifier)
                if metric is None:  # metrics.get(None) is None, as in Keras; a list entry must be a metric
                    raise TypeError("metrics=[..., None, ...]: each entry must be a metric name, "
                                    "class, instance or config, got None.")
                inputs.check_metric_for_loss(identifier, metric, loss, units)
        if self.built:
            self.lowest_backpropagated_layer()
        self.optimizer, self.loss, self._metric_identifiers = optimizer, loss, identifiers
        self._metrics, self._metrics_units = [], None
        self.compiled = True
        if jit_compile is True and config.kernels_enabled() and not jit.load():
            warnings.warn("compile(jit_compile=True): numba is not installed or failed to "
                          "import, so lucidnet computes with NumPy (pip install numba for the "
                          "compiled kernels).",
                          UserWarning, stacklevel=2)

    def get_compile_config(self) -> dict | None:
        """What `compile` was given, as Keras's `get_compile_config`: the optimizer and
        loss objects and the metric identifiers as passed (`None` before `compile`)."""
        if not self.compiled:
            return None
        return {"optimizer": self.optimizer, "loss": self.loss,
                "metrics": list(self._metric_identifiers)}

    @property
    def metrics(self) -> list:
        """The compiled metric objects; `"accuracy"` is resolved once the output width is known."""
        if self.compiled and self.built:
            units = self.output_layer.output_shape[-1]
            if units != self._metrics_units:
                metrics = [metrics_module.get(identifier, self.loss, units)
                           for identifier in self._metric_identifiers]
                for identifier, metric in zip(self._metric_identifiers, metrics):
                    inputs.check_metric_for_loss(identifier, metric, self.loss, units)
                self._metrics = metrics
                self._metrics_units = units
        return self._metrics

    @property
    def metrics_names(self) -> list[str]:
        return ["loss"] + [metric.log_name for metric in self.metrics]

    def _require_compiled(self, method: str) -> None:
        if not self.compiled:
            raise NotReadyError(
                f"Model {self.name!r} must be compiled before {method}(): call "
                f"model.compile(optimizer=..., loss=...) first."
            )

    # -- one batch -------------------------------------------------------------------
    def loss_and_gradients(self, x, y, sample_weight=None, training: bool = True):
        """(C, [∂C/∂θ for θ in trainable_weights], aᴸ) for one batch, without changing weights.

        C = (1/N) Σₙ wₙ Cₙ(yₙ, aᴸₙ) + Σ R(W).  `x` and `y` must already be prepared
        (`prepare_data`); `fit` and `lucidnet.utils.gradcheck` use this.
        """
        a = self.forward(x, training=training)
        loss = float(self.loss(y, a, sample_weight)) + self.regularization_loss()
        self.backward(y, a, sample_weight)
        _, grads = self.parameters_and_gradients()
        return loss, grads, a

    def prepare_data(self, x, y, sample_weight=None):
        """(x, y, sample_weight) as `fit` uses them: checked against the model and its loss,
        floats of the model's dtype, targets in the loss's form.  Builds an unbuilt model from
        the shape of `x`."""
        self._require_compiled("prepare_data")
        return inputs.prepare_data(self, x, y, sample_weight)

    def reset_metrics(self) -> None:
        """Start every compiled metric afresh (`fit` and `evaluate` do it themselves)."""
        for metric in self.metrics:
            metric.reset_state()

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict: bool = False):
        """One gradient step on one batch, measured as Keras measures it.

        A batch whose loss or gradients are not finite leaves the weights as they were.

        Parameters
        ----------
        x, y : array-like
            The inputs and targets of the batch.
        sample_weight : array-like, optional
            One weight per example.
        class_weight : dict, optional
            `{label: weight}`, as for `fit`.
        return_dict : bool
            Return the logs as a dict.

        Returns
        -------
        float, list of float or dict
            The loss of the batch before the step (with the weight penalties) when the
            model has no metrics, else `[loss, *metrics]` in the order of
            [metrics_names][lucidnet.models.Model.metrics_names], the metrics computed on
            this batch alone; with `return_dict=True`, the dict
            `{"loss": ..., <metric>: ...}`.
        """
        self._require_compiled("train_on_batch")
        return_dict = boolean("return_dict", return_dict)
        x, y, sample_weight = inputs.prepare_data(self, x, y, sample_weight)
        sample_weight = inputs.class_weighted(self, class_weight, y, sample_weight)
        self.metrics  # noqa: B018 - resolved (and checked against the loss) before the step
        self.lowest_backpropagated_layer()
        self.lay_out_flat()
        loss, _, a = self.loss_and_gradients(x, y, sample_weight, training=True)
        params, grads = self.parameters_and_gradients()
        if math.isfinite(loss) and _squares_finite(grads):
            self.optimizer.apply(params, grads, self._parameter_names(params))
            constrained = self._constrained_layers()
            for layer in constrained:
                layer.apply_constraints()
            problem = self._non_finite_after_update(params, constrained)
            if problem:
                warnings.warn(f"train_on_batch: {problem}.", RuntimeWarning, stacklevel=2)
        self.reset_metrics()
        for metric in self.metrics:
            metric.update_state(y, a, sample_weight)
        return _returned(self._logs(loss), return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict: bool = False):
        """The loss (and metrics) of one batch in inference mode, as
        [evaluate][lucidnet.models.Model.evaluate] gives them for a whole dataset.

        The weights are not changed.

        Parameters
        ----------
        x, y : array-like
            The inputs and targets of the batch.
        sample_weight : array-like, optional
            One weight per example.
        return_dict : bool
            Return the logs as a dict.

        Returns
        -------
        float, list of float or dict
            The loss alone, `[loss, *metrics]`, or a dict with `return_dict=True`.
        """
        self._require_compiled("test_on_batch")
        return_dict = boolean("return_dict", return_dict)
        x, y, sample_weight = inputs.prepare_data(self, x, y, sample_weight)
        batch = data_module.ArrayData(x, y, sample_weight, batch_size=len(x))
        return _returned(self._test_loop(batch), return_dict)

    def predict_on_batch(self, x):
        """aᴸ for the examples of one batch, in inference mode
        ([predict][lucidnet.models.Model.predict] without the batching and the callbacks);
        an unbuilt model is built from the shape of `x`."""
        x = inputs.prepare_inputs(self, x, "x", build=True)
        # A copy: for a model of identity layers the output would otherwise be x itself.
        return self.infer(x).copy()

    # -- fit -------------------------------------------------------------------------
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
        class_weight: dict | None = None,
        sample_weight=None,
        initial_epoch: int = 0,
        steps_per_epoch: int | None = None,
        validation_steps: int | None = None,
        validation_batch_size: int | None = None,
        validation_freq=1,
        distributed: bool = False,
    ):
        """Train for `epochs` passes over (x, y) in shuffled mini-batches of `batch_size`.

        Mini-batch gradient descent: `batch_size=1` is stochastic gradient descent and
        `batch_size=len(x)` is batch gradient descent.

        Parameters
        ----------
        x, y : array-like, generator or PyDataset
            Inputs and targets (labels, one-hot rows or values, as the loss expects).
            `x` may also be a Python generator or iterator yielding `(x, y)` or
            `(x, y, sample_weight)` batches, or a [lucidnet.utils.PyDataset][];
            then `y` and `sample_weight` are not given, and `batch_size` is the data's
            own.  A `numpy.memmap` is read a batch at a time, never copied whole.
        batch_size : int or None
            Examples per gradient step (default 32).
        epochs : int
            Index of the last epoch; training runs epochs `initial_epoch … epochs − 1`.
        verbose : {0, 1, 2, "auto"}
            0 silent, 1 a progress bar per epoch, 2 one line per epoch; `"auto"` is
            1 when standard output is a terminal and 2 otherwise (logs stay readable).
        callbacks : list of Callback or CallbackList, optional
            The callbacks of the run (see [lucidnet.callbacks.Callback][]).
        validation_split : float
            Fraction of the data held out for validation.  It is the *last*
            fraction of `x` and `y` as given, taken before any shuffling, as in Keras.
        validation_data : tuple, generator or PyDataset, optional
            `(x_val, y_val)` or `(x_val, y_val, sample_weight)`, or a
            generator or PyDataset of such batches; overrides `validation_split`.
        shuffle : bool
            Reshuffle the training examples (a PyDataset's batches) before each epoch;
            a generator's order is its own.
        class_weight : dict, optional
            `{label: weight}`; each example's loss and gradient are multiplied
            by its class's weight (labels without an entry weigh 1).
        sample_weight : array-like, optional
            One weight per example, multiplying its loss and gradient (and the
            class weight, when both are given).
        initial_epoch : int
            The epoch to start from (to resume a run).  When it is above 0
            and the model was loaded from a file that holds its callbacks' states
            (`saved_callback_states`), each callback passed here gets the state of the
            callback of the same class and position in the saved run, after every
            callback's `on_train_begin` and before epoch `initial_epoch` begins.  A
            callback's `on_train_begin` may move it with `resume_from_epoch`
            ([lucidnet.callbacks.BackupAndRestore][] does, when it finds a backup).
        steps_per_epoch : int or None
            Batches per epoch.  Arrays are read in passes as Keras reads
            them: below a pass, the next epoch continues it; an epoch that reaches the end
            of a pass stops there, short, with a warning (see `ArrayData` in
            `lucidnet.training.data`).
            Required for an endless generator; a finite one without it gives one epoch of
            all its batches, and training stops with a warning when it has none left.
        validation_steps : int or None
            Batches per validation (default: all of them); a validation
            generator is read on from where the last validation stopped.
        validation_batch_size : int or None
            Batch size for validation (default: `batch_size`).
        validation_freq : int or list of int
            Validate every N epochs (an int), or after the epochs listed
            (1-based, as Keras counts them).
        distributed : bool
            Train together with the other processes of an MPI job (start the
            script with `mpirun -n P`).  Every process passes the same model, data and
            arguments; each computes the gradient of its share of every batch, and one
            all-reduce per step combines them, so the run follows the single-process one on
            the same batches (see `lucidnet.distributed`).  Only rank 0 prints, logs and
            saves; the logs, the history and the decisions to stop are the same on every rank.
            An exception on any rank during training aborts the whole job, since the other
            ranks would otherwise wait for it forever.

        Returns
        -------
        History
            A [lucidnet.callbacks.History][]: `history.history` maps `loss`,
            each metric and their `val_` versions to per-epoch lists (and `learning_rate`
            when a learning-rate callback logs it, as in Keras).

        Notes
        -----
        If a batch's loss or gradients are not finite, its update is not applied and training
        stops, so the weights stay the last finite ones; a warning says where.  An exception
        raised by a callback stops training with the model as of the last completed batch,
        and is re-raised unchanged.
        """
        self._require_compiled("fit")
        batch_size = positive_int("batch_size", batch_size, allow_none=True) or DEFAULT_BATCH_SIZE
        validation_batch_size = positive_int(
            "validation_batch_size", validation_batch_size, allow_none=True
        ) or batch_size
        epochs = positive_int("epochs", epochs)
        integer("initial_epoch", initial_epoch, at_least=0, at_most=epochs - 1)  # an epoch of the run
        validation_split = fraction("validation_split", validation_split)
        shuffle = boolean("shuffle", shuffle)
        validate_on = inputs.validation_schedule(validation_freq)
        verbose = inputs.resolve_verbose(verbose)
        if not isinstance(distributed, bool):
            raise TypeError(f"distributed must be True or False, got {distributed!r}.")

        validation_steps = positive_int("validation_steps", validation_steps, allow_none=True)
        data, validation = self._fit_data(x, y, sample_weight, batch_size, class_weight,
                                          validation_split, validation_data,
                                          validation_batch_size, distributed)
        self.metrics  # noqa: B018 - resolved once the output width is known, checked before any callback
        steps = positive_int("steps_per_epoch", steps_per_epoch, allow_none=True) or data.num_batches
        # Arrays read on across epochs (ArrayData); a PyDataset's epoch is one pass over it.
        if (steps is not None and data.num_batches is not None and steps > data.num_batches
                and not isinstance(data, data_module.ArrayData)):
            raise ValueError(
                f"steps_per_epoch={steps} asks for more batches than the data holds: "
                f"the PyDataset has {data.num_batches}."
            )
        self.lowest_backpropagated_layer()  # the data built the model: refuse before any callback
        strategy = DataParallel(self) if distributed else SingleProcess(self)

        strategy.begin(*data.arrays(), None if validation is None else validation.arrays(), settings={
            "batch_size": batch_size, "epochs": epochs, "initial_epoch": initial_epoch,
            "steps_per_epoch": steps, "shuffle": shuffle, "class_weight": repr(class_weight),
            "validation_batch_size": validation_batch_size,
            "validation_freq": repr(validation_freq)})
        history = History()
        callback_list = self._callback_list(callbacks, verbose, history=history, strategy=strategy,
                                            epochs=epochs, steps=steps, batch_size=batch_size)
        self.history = history
        self.stop_training = False
        self.lay_out_flat()  # one optimizer call per step, if nothing holds the parameters
        params = self.trainable_weights  # afresh: a layer's trainable may have changed
        names = self._parameter_names(params)
        constrained = self._constrained_layers()  # once, so that a step without any costs nothing
        saved_states, self.saved_callback_states = self.saved_callback_states, None
        self._running_callbacks = callback_list  # for callback_states(), as checkpoints save
        try:
            with strategy.running():
                self._resumable_until, self._resume_epoch = epochs, None
                try:
                    callback_list.on_train_begin()
                finally:
                    self._resumable_until = None
                if self._resume_epoch is not None:  # a callback restored a saved run
                    initial_epoch, self._resume_epoch = self._resume_epoch, None
                    saved_states, self.saved_callback_states = self.saved_callback_states, None
                # After on_train_begin, which starts every callback afresh.
                if saved_states and initial_epoch > 0:
                    callback_list.set_states(saved_states)
                last_logs = None  # the last epoch's, for on_train_end, as Keras passes them
                # Validation calls the on_test_* hooks of fit's callbacks, as Keras's does;
                # the progress bar shows the epoch's line only (Keras's skips them in fit).
                validation_callbacks = CallbackList(
                    [c for c in callback_list if not isinstance(c, ProgbarLogger)])
                for epoch in range(initial_epoch, epochs):
                    callback_list.on_epoch_begin(epoch)
                    logs = self._train_epoch(strategy, params, names, constrained, data, steps,
                                             shuffle, epoch, callback_list)
                    if logs is None:  # the input ran dry before this epoch's first batch
                        break
                    if validation is not None and not self.stop_training and validate_on(epoch):
                        val_logs = self._test_loop(validation, validation_callbacks,
                                                   strategy=strategy, steps=validation_steps)
                        logs.update({f"val_{key}": value for key, value in val_logs.items()})
                    callback_list.on_epoch_end(epoch, logs)
                    last_logs = logs
                    # A callback of one rank may stop them all.
                    self.stop_training = strategy.any(self.stop_training)
                    if self.stop_training:
                        break
                # With use_ema the weights take their moving averages, as in Keras.
                self.optimizer.finalize_variable_values(params)
                callback_list.on_train_end(last_logs)
        finally:
            self._running_callbacks = None
        return history

    def _fit_data(self, x, y, sample_weight, batch_size, class_weight, validation_split,
                  validation_data, validation_batch_size, distributed):
        """The training data and the validation data (or None) as adapters (`data`)."""
        if data_module.is_stream(x):
            if validation_split:
                raise ValueError(
                    f"validation_split={validation_split} needs arrays to split, got x a "
                    f"{type(x).__name__}; pass validation_data= instead."
                )
            data = data_module.adapt(self, x, y, sample_weight, class_weight=class_weight,
                                     distributed=distributed)
        else:
            x, y, sample_weight = data_module.prepare_arrays(self, x, y, sample_weight)
            if validation_split and validation_data is None:
                (x, y, sample_weight), split = data_module.split_validation(
                    x, y, sample_weight, validation_split)
                validation_data = data_module.ArrayData(*split, validation_batch_size)
            # Class weights shape the training loss only; validation reports the plain loss.
            sample_weight = inputs.class_weighted(self, class_weight, y, sample_weight)
            data = data_module.ArrayData(x, y, sample_weight, batch_size)
        if validation_data is None or isinstance(validation_data, data_module.ArrayData):
            return data, validation_data
        if data_module.is_stream(validation_data):
            return data, data_module.adapt(self, validation_data, name="validation_data",
                                           distributed=distributed)
        return data, data_module.ArrayData(*inputs.prepare_validation(self, validation_data),
                                           validation_batch_size)

    def _train_epoch(self, strategy, params, names, constrained, data, steps, shuffle, epoch,
                     callback_list):
        metrics = self.metrics
        for metric in metrics:
            metric.reset_state()
        loss_total = 0.0
        seen = 0
        batches = data.train_batches(strategy, shuffle, steps, epoch)
        for batch, (x, y, sample_weight, rows, count) in enumerate(batches):
            callback_list.on_train_batch_begin(batch)
            loss, grads, (yb, a, wb) = strategy.loss_and_gradients(x, y, sample_weight, rows)
            loss_total += loss * count
            seen += count
            if not (math.isfinite(loss) and _squares_finite(grads, self._gradient_span(grads))):
                self.stop_training = True
                warnings.warn(
                    f"Epoch {epoch + 1}, batch {batch + 1}: the loss is {loss} or a gradient is "
                    f"not finite (or too large to square, as the optimizer's second moments "
                    f"do); training stopped before this update, keeping the last finite "
                    f"weights. Try a smaller learning rate or check the data.",
                    RuntimeWarning,
                    stacklevel=3,
                )
                callback_list.on_train_batch_end(batch, {"loss": loss})
                break
            if len(grads) != len(params):
                raise RuntimeError(
                    f"Model {self.name!r} has {len(grads)} gradients for the {len(params)} "
                    f"parameters it started fit() with: a layer's trainable was changed during "
                    f"fit(). The change takes effect at the next fit()."
                )
            self.optimizer.apply(params, grads, names)
            # Every rank applied the same update to the same weights, so each projects alike.
            for layer in constrained:
                layer.apply_constraints()
            problem = self._non_finite_after_update(params, constrained)
            if problem:
                self.stop_training = True
                warnings.warn(f"Epoch {epoch + 1}, batch {batch + 1}: {problem}; training "
                              f"stopped after this update. Try a smaller learning rate, "
                              f"clipnorm=, or check the data.", RuntimeWarning, stacklevel=3)
                callback_list.on_train_batch_end(batch, {"loss": loss})
                break
            for metric in metrics:
                metric.update_state(yb, a, wb)
            callback_list.on_train_batch_end(batch, self._logs(loss_total / seen))
            # As Keras: a callback's stop_training ends the epoch after this batch.  A callback
            # that steers runs on every rank and decides alike, so the ranks stop together.
            if self.stop_training:
                break
        data.on_epoch_end()
        if data.ran_short:  # as Keras: warn, and go on with a new pass
            warnings.warn(data.ran_short, UserWarning, stacklevel=3)
        if data.ran_out:  # as Keras: warn and stop
            warnings.warn(data.ran_out, UserWarning, stacklevel=3)
            self.stop_training = True
            if not seen:
                return None
        # Every rank ends the epoch with the metrics of all shares, and stops if any does.
        (stops,) = strategy.sum_over_ranks(metrics, float(self.stop_training))
        self.stop_training = stops > 0
        return self._logs(loss_total / seen)

    def _non_finite_after_update(self, params, constrained=()) -> str | None:
        """What went non-finite in the step just taken, naming the optimizer slot or the
        weight and its layer, or None.  Gradients whose squares fit pass the check before the
        step; a slot that accumulates (Adagrad's Σg², a momentum) can still overflow.  Nothing
        is looked at when the optimizer's kernels found all they wrote finite and no
        constraint has moved a weight since (`constrained`, the layers with one)."""
        if self.optimizer.last_step_finite and not constrained:
            return None
        found = self.optimizer.non_finite_slot()
        if found is not None:
            slot, index = found
            return (f"{type(self.optimizer).__name__}'s slot {slot!r} of "
                    f"{self._weight_name(params[index])} became NaN or infinite")
        whole = self._parameter_span(params)
        if whole is not None and all_finite(whole):
            return None
        bad = next((w for w in params if not all_finite(w)), None)
        if bad is not None:
            return f"the weight {self._weight_name(bad)} became NaN or infinite"
        return None

    def _parameter_names(self, params) -> list[str]:
        """`<layer>/<weight>` (`dense_1/bias`) for each of `params` (found by identity):
        the names `Optimizer.exclude_from_weight_decay(var_names=...)` matches."""
        names = {id(weight): f"{layer.name}/{name}" for layer in self.flat_layers
                 for name, weight in zip(layer.weight_names, layer.weights)}
        return [names.get(id(param), "") for param in params]

    def _weight_name(self, param) -> str:
        """`dense_1/kernel` for the parameter `param` (found by identity)."""
        for layer in self.layers:
            for name, weight in zip(layer.weight_names, layer.weights):
                if weight is param:
                    return f"{layer.name}/{name} (layer {layer.name!r})"
        return "a parameter"

    def _constrained_layers(self) -> list:
        """The trainable layers with a constraint: those whose parameters are projected,
        θ ← c(θ), after each optimizer update (a frozen layer's parameters do not move)."""
        return [layer for layer in self.flat_layers if layer.trainable and layer.constraints]

    def _logs(self, loss: float) -> dict:
        logs = {"loss": loss}
        logs.update({metric.log_name: metric.result() for metric in self.metrics})
        return logs

    # -- evaluate and predict ----------------------------------------------------------
    def evaluate(self, x, y=None, batch_size: int | None = None, verbose="auto",
                 sample_weight=None, steps: int | None = None, callbacks=None,
                 return_dict: bool = False):
        """The loss (and metrics) on (x, y), in inference mode (dropout off).

        The loss includes the weight penalties (L1/L2), as in training.

        Parameters
        ----------
        x, y : array-like, generator or PyDataset
            Inputs and targets; `x` may be a generator or a PyDataset of `(x, y)` or
            `(x, y, sample_weight)` batches, and `y` is then not given.
        batch_size : int or None
            Examples per batch (default 32).
        verbose : {0, 1, 2, "auto"}
            As for `fit`.
        sample_weight : array-like, optional
            One weight per example.
        steps : int or None
            The batches read (required for an endless generator, unless a callback ends
            the loop by setting `model.stop_evaluating = True`).
        callbacks : list of Callback or CallbackList, optional
            Callbacks whose `on_test_*` hooks run.
        return_dict : bool
            Return the logs as a dict.

        Returns
        -------
        float, list of float or dict
            The scalar loss when the model has no metrics, else `[loss, *metrics]` in the
            order of [metrics_names][lucidnet.models.Model.metrics_names], or a dict with
            `return_dict=True`.
        """
        self._require_compiled("evaluate")
        return_dict = boolean("return_dict", return_dict)
        batch_size = positive_int("batch_size", batch_size, allow_none=True) or DEFAULT_BATCH_SIZE
        steps = positive_int("steps", steps, allow_none=True)
        data = data_module.adapt(self, x, y, sample_weight, batch_size)
        callback_list = self._callback_list(callbacks, inputs.resolve_verbose(verbose),
                                            steps=data.steps(steps))
        return _returned(self._test_loop(data, callback_list, steps=steps), return_dict)

    def _test_loop(self, data, callback_list=None, strategy=None, steps=None) -> dict:
        callback_list = callback_list or CallbackList()
        strategy = strategy or SingleProcess(self)
        self.stop_evaluating = False
        callback_list.on_test_begin()
        metrics = self.metrics
        for metric in metrics:
            metric.reset_state()
        loss_total = 0.0
        seen = 0
        # Each process evaluates a share; the sums are combined below.
        for batch, (x, y, sample_weight) in enumerate(data.test_batches(strategy, steps)):
            callback_list.on_test_batch_begin(batch)
            a = self.forward(x, training=False)
            # The penalty after each forward pass: an activity penalty is the batch's own.
            loss_total += (float(self.loss(y, a, sample_weight)) + self.regularization_loss()) * len(a)
            seen += len(a)
            for metric in metrics:
                metric.update_state(y, a, sample_weight)
            callback_list.on_test_batch_end(batch, self._logs(loss_total / seen))
            if self.stop_evaluating:
                break
        loss_total, seen = strategy.sum_over_ranks(metrics, loss_total, seen)
        logs = self._logs(loss_total / seen)
        callback_list.on_test_end(logs)
        return logs

    def predict(self, x, batch_size: int | None = None, verbose="auto", steps: int | None = None,
                callbacks=None):
        """The network's output aᴸ for every example in `x`, in inference mode.

        A model without an input shape is built from the shape of `x`, as Keras builds it.

        Parameters
        ----------
        x : array-like, generator or PyDataset
            The inputs; a generator or a PyDataset yields batches `x` or `(x,)` (any
            targets after `x` are ignored).
        batch_size : int or None
            Examples per batch (default 32).
        verbose : {0, 1, 2, "auto"}
            As for `fit`.
        steps : int or None
            The batches read; a callback setting `model.stop_predicting = True` ends the
            loop after the current batch.
        callbacks : list of Callback or CallbackList, optional
            Callbacks whose `on_predict_*` hooks run.

        Returns
        -------
        numpy.ndarray
            The outputs, one row per example.
        """
        batch_size = positive_int("batch_size", batch_size, allow_none=True) or DEFAULT_BATCH_SIZE
        steps = positive_int("steps", steps, allow_none=True)
        data = data_module.adapt(self, x, batch_size=batch_size, targets=False)
        verbose = inputs.resolve_verbose(verbose)
        self.stop_predicting = False
        if callbacks is None and verbose == 0:
            # Nothing would observe the hooks: the same batches, without building callbacks.
            single = data.single_batch()
            if single is not None:  # the inputs themselves, with no batches to cut
                return self.infer(single).copy()
            outputs = [self.infer(batch) for batch in data.predict_batches(steps)]
            # A copy of a single batch, as concatenating several makes one: the caller's own.
            return outputs[0].copy() if len(outputs) == 1 else np.concatenate(outputs)
        callback_list = self._callback_list(callbacks, verbose, steps=data.steps(steps))
        callback_list.on_predict_begin()
        outputs = []
        for batch, x in enumerate(data.predict_batches(steps)):
            callback_list.on_predict_batch_begin(batch)
            outputs.append(self.infer(x))
            callback_list.on_predict_batch_end(batch, {"outputs": outputs[-1]})
            if self.stop_predicting:
                break
        callback_list.on_predict_end()
        return np.concatenate(outputs)

    # -- callbacks -----------------------------------------------------------------------
    def resume_from_epoch(self, epoch: int) -> None:
        """Start the running `fit` at `epoch` instead of its `initial_epoch`: for a
        callback's `on_train_begin` that has put a saved run's state back into the model
        (`load_training_state`).

        After every callback's `on_train_begin`, `fit` continues as
        `fit(initial_epoch=epoch)` would: the callbacks get the states waiting in
        `saved_callback_states` (by class and position), then epochs `epoch … epochs
        − 1` run; `epoch == epochs` runs none (the saved run had finished).
        """
        if self._resumable_until is None:
            raise NotReadyError(
                f"Model {self.name!r}: resume_from_epoch() moves the start of a running fit(), "
                f"so it is called from a callback's on_train_begin, before the first epoch."
            )
        self._resume_epoch = integer("resume_from_epoch epoch", epoch, at_least=0,
                                     at_most=self._resumable_until)

    def callback_states(self) -> dict[str, list[dict]]:
        """The states of the callbacks of the `fit` running now (what a checkpoint keeps),
        `{class name: [Callback.get_state() of each, in order]}`; outside `fit`, the states
        loaded from a model file and not yet used, or none."""
        if self._running_callbacks is not None:
            return self._running_callbacks.get_states()
        return dict(self.saved_callback_states or {})

    def _callback_list(self, callbacks, verbose: int, history=None, strategy=None,
                       **params) -> CallbackList:
        """The user's callbacks, then History (in fit) and a ProgbarLogger when verbose, as
        Keras orders them, so that History records what the user's callbacks wrote.  The
        strategy decides which of them run in this process (in distributed training, ranks
        other than 0 leave out the progress bar and the callbacks that only write) and
        whether this process writes (`params["writes"]`).  A callback whose class sets
        `runs_last` comes after the user's others (still before History), so that it sees
        what they did at each hook."""
        callbacks = _as_callback_list(callbacks)
        if strategy is not None:
            callbacks, verbose = strategy.callbacks(callbacks, verbose)
            params["writes"] = strategy.writes
        # Stable: the others keep the order they were given in.
        callback_list = CallbackList(sorted(callbacks, key=_runs_last))
        if history is not None:
            callback_list.append(history)
        if verbose and not any(isinstance(c, ProgbarLogger) for c in callback_list):
            callback_list.append(ProgbarLogger())
        callback_list.set_model(self)
        callback_list.set_params({"verbose": verbose, **params})
        return callback_list


def _returned(logs: dict, return_dict: bool):
    """Logs as Keras's `evaluate` and `*_on_batch` return them: the dict itself, or its
    values in order (the loss, then each metric), the loss alone when there are no metrics."""
    if return_dict:
        return logs
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _squares_finite(arrays, whole=None) -> bool:
    """True if no array holds a NaN or ±inf and each one's Σg² fits its dtype, so that no
    square g² (Adam's, RMSprop's, Adagrad's second moment) can overflow: one dot product each,
    or one for all over `whole`, the flat array they are views of (when the sum of all fits,
    each one's does)."""
    if whole is not None and math.isfinite(float(np.vdot(whole, whole))):
        return True
    return all(math.isfinite(float(np.vdot(array, array))) for array in arrays)




def _runs_last(callback) -> bool:
    return bool(getattr(callback, "runs_last", False))


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
