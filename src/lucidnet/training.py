"""The training, evaluation and prediction loops behind ``fit``, ``evaluate`` and ``predict``.

:class:`Trainer` is mixed into :class:`lucidnet.models.Sequential`.  It relies on the model's
``forward``, ``loss_and_gradients``, ``loss``, ``metrics`` and ``optimizer``; it owns the
loops over epochs and mini-batches, the checks on the data, sample and class weights, and
the calls to callbacks.
"""

from __future__ import annotations

import contextlib
import math
import sys
import warnings

import numpy as np

from .callbacks import CallbackList, History
from .callbacks.progbar import ProgbarLogger
from .distributed import DataParallel
from .errors import NotReadyError
from .layers.base import shape_str
from .validation import as_float_array, check_finite, positive_int, same_length

DEFAULT_BATCH_SIZE = 32


class Trainer:
    """``fit``, ``evaluate``, ``predict`` and ``train_on_batch`` for a model."""

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
        validation_batch_size: int | None = None,
        validation_freq=1,
        distributed: bool = False,
    ):
        """Train for ``epochs`` passes over (x, y) in shuffled mini-batches of ``batch_size``.

        Mini-batch gradient descent: ``batch_size=1`` is stochastic gradient descent and
        ``batch_size=len(x)`` is batch gradient descent.

        Parameters
        ----------
        x, y : inputs and targets (labels, one-hot rows or values, as the loss expects).
        batch_size : examples per gradient step (default 32).
        epochs : index of the last epoch; training runs epochs ``initial_epoch … epochs − 1``.
        verbose : 0 silent, 1 a progress bar per epoch, 2 one line per epoch; ``"auto"`` is
            1 when standard output is a terminal and 2 otherwise (logs stay readable).
        callbacks : a list of :class:`lucidnet.callbacks.Callback` or a ``CallbackList``.
        validation_split : fraction of the data held out for validation.  It is the *last*
            fraction of ``x`` and ``y`` as given, taken before any shuffling, as in Keras.
        validation_data : ``(x_val, y_val)`` or ``(x_val, y_val, sample_weight)``; overrides
            ``validation_split``.
        shuffle : reshuffle the training examples before each epoch.
        class_weight : ``{label: weight}``; each example's loss and gradient are multiplied
            by its class's weight (labels without an entry weigh 1).
        sample_weight : one weight per example, multiplying its loss and gradient (and the
            class weight, when both are given).
        initial_epoch : the epoch to start from (to resume a run).
        steps_per_epoch : take only this many batches per epoch (from the shuffled order).
        validation_batch_size : batch size for validation (default: ``batch_size``).
        validation_freq : validate every N epochs (an int), or after the epochs listed
            (1-based, as Keras counts them).
        distributed : train together with the other processes of an MPI job (start the
            script with ``mpirun -n P``).  Every process passes the same model, data and
            arguments; each computes the gradient of its share of every batch, and one
            all-reduce per step combines them, so the run follows the single-process one on
            the same batches (see :mod:`lucidnet.distributed`).  Only rank 0 prints, logs and
            saves; the logs, the history and the decisions to stop are the same on every rank.
            An exception on any rank during training aborts the whole job, since the other
            ranks would otherwise wait for it forever.

        Returns a :class:`lucidnet.callbacks.History`: ``history.history`` maps ``loss``,
        each metric, their ``val_`` versions and ``learning_rate`` to per-epoch lists.

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
        if isinstance(initial_epoch, bool) or not isinstance(initial_epoch, (int, np.integer)) \
                or not 0 <= initial_epoch < epochs:
            raise ValueError(
                f"initial_epoch must be an integer in [0, epochs={epochs}), got {initial_epoch!r}."
            )
        if isinstance(validation_split, bool) or not isinstance(validation_split, (int, float)) \
                or not 0 <= validation_split < 1:
            raise ValueError(f"validation_split must be a number in [0, 1), got {validation_split!r}.")
        validate_on = _validation_schedule(validation_freq)
        verbose = resolve_verbose(verbose)
        if not isinstance(distributed, bool):
            raise TypeError(f"distributed must be True or False, got {distributed!r}.")
        parallel = DataParallel(self) if distributed else None

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
            validation = (x[split_at:], y[split_at:],
                          None if sample_weight is None else sample_weight[split_at:])
            x, y = x[:split_at], y[:split_at]
            sample_weight = None if sample_weight is None else sample_weight[:split_at]
        else:
            validation = None
        # Class weights shape the training loss only; validation reports the plain loss.
        sample_weight = self._apply_class_weight(class_weight, y, sample_weight)

        batches_available = math.ceil(len(x) / batch_size)
        steps = positive_int("steps_per_epoch", steps_per_epoch, allow_none=True) or batches_available
        if steps > batches_available:
            raise ValueError(
                f"steps_per_epoch={steps} asks for more batches than the data holds: "
                f"{len(x)} examples in batches of {batch_size} make {batches_available}."
            )

        if parallel is not None:
            parallel.begin(x, y, sample_weight, validation, settings={
                "batch_size": batch_size, "epochs": epochs, "initial_epoch": initial_epoch,
                "steps_per_epoch": steps, "shuffle": shuffle, "class_weight": repr(class_weight),
                "validation_batch_size": validation_batch_size,
                "validation_freq": repr(validation_freq)})

        history = History()
        callback_list = self._callback_list(callbacks, verbose, history=history, parallel=parallel,
                                            epochs=epochs, steps=steps, batch_size=batch_size)
        self.history = history
        self.stop_training = False
        with parallel.abort_on_failure() if parallel is not None else contextlib.nullcontext():
            callback_list.on_train_begin()
            for epoch in range(initial_epoch, epochs):
                callback_list.on_epoch_begin(epoch)
                logs = self._train_epoch(x, y, sample_weight, batch_size, steps, shuffle, epoch,
                                         callback_list, parallel)
                if validation is not None and not self.stop_training and validate_on(epoch):
                    val_logs = self._test_loop(*validation, batch_size=validation_batch_size,
                                               parallel=parallel)
                    logs.update({f"val_{key}": value for key, value in val_logs.items()})
                logs["learning_rate"] = self.optimizer.learning_rate
                callback_list.on_epoch_end(epoch, logs)
                if parallel is not None:  # a callback of one rank may stop them all
                    self.stop_training = parallel.any(self.stop_training)
                if self.stop_training:
                    break
            callback_list.on_train_end()
        return history

    def _train_epoch(self, x, y, sample_weight, batch_size, steps, shuffle, epoch, callback_list,
                     parallel=None):
        if parallel is None:
            order = self.rng.permutation(len(x)) if shuffle else None
        else:
            order = parallel.epoch_order(len(x), shuffle)
        for metric in self.metrics:
            metric.reset_state()
        loss_total = 0.0
        seen = 0
        for batch in range(steps):
            callback_list.on_train_batch_begin(batch)
            start = batch * batch_size
            rows = slice(start, start + batch_size) if order is None else order[start : start + batch_size]
            if parallel is None:
                xb, yb = x[rows], y[rows]
                wb = None if sample_weight is None else sample_weight[rows]
                loss, grads, a = self.loss_and_gradients(xb, yb, wb, training=True)
                count = len(xb)
            else:  # the whole batch's loss and gradients, from this rank's share of it
                loss, grads, (yb, a, wb) = parallel.loss_and_gradients(x, y, sample_weight, rows)
                count = len(rows)
            loss_total += loss * count
            seen += count
            if not (math.isfinite(loss) and _all_finite(grads)):
                self.stop_training = True
                warnings.warn(
                    f"Epoch {epoch + 1}, batch {batch + 1}: the loss is {loss} or a gradient is "
                    f"not finite; training stopped before this update, keeping the last finite "
                    f"weights. Try a smaller learning rate or check the data.",
                    RuntimeWarning,
                    stacklevel=3,
                )
                callback_list.on_train_batch_end(batch, {"loss": loss})
                break
            self.optimizer.apply(self._params, grads)
            for metric in self.metrics:
                metric.update_state(yb, a, wb)
            callback_list.on_train_batch_end(batch, self._logs(loss_total / seen))
        if parallel is not None:
            # Every rank ends the epoch with the metrics of all shares, and stops if any does.
            (stops,) = parallel.sum_over_ranks(self.metrics, float(self.stop_training))
            self.stop_training = stops > 0
        return self._logs(loss_total / seen)

    def _logs(self, loss: float) -> dict:
        logs = {"loss": loss}
        logs.update({metric.log_name: metric.result() for metric in self.metrics})
        return logs

    def train_on_batch(self, x, y, sample_weight=None, class_weight=None) -> float:
        """One gradient step on one batch; returns the batch loss (before the step)."""
        self._require_compiled("train_on_batch")
        x, y, sample_weight = self._prepare_data(x, y, sample_weight)
        sample_weight = self._apply_class_weight(class_weight, y, sample_weight)
        loss, grads, _ = self.loss_and_gradients(x, y, sample_weight, training=True)
        if math.isfinite(loss) and _all_finite(grads):
            self.optimizer.apply(self._params, grads)
        return loss

    # -- evaluate and predict ----------------------------------------------------------
    def evaluate(self, x, y=None, batch_size: int | None = None, verbose="auto",
                 sample_weight=None, steps: int | None = None, callbacks=None,
                 return_dict: bool = False):
        """The loss (and metrics) on (x, y), in inference mode (dropout off).

        Returns the scalar loss when the model has no metrics, else ``[loss, *metrics]`` in
        the order of :attr:`metrics_names`, or a dict with ``return_dict=True``.  The loss
        includes the weight penalties (L1/L2), as in training.
        """
        self._require_compiled("evaluate")
        batch_size = positive_int("batch_size", batch_size, allow_none=True) or DEFAULT_BATCH_SIZE
        x, y, sample_weight = self._prepare_data(x, y, sample_weight)
        if steps is not None:
            rows = positive_int("steps", steps) * batch_size
            x, y = x[:rows], y[:rows]
            sample_weight = None if sample_weight is None else sample_weight[:rows]
        callback_list = self._callback_list(callbacks, resolve_verbose(verbose),
                                            steps=math.ceil(len(x) / batch_size))
        logs = self._test_loop(x, y, sample_weight, batch_size, callback_list)
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def _test_loop(self, x, y, sample_weight, batch_size, callback_list=None, parallel=None) -> dict:
        callback_list = callback_list or CallbackList()
        callback_list.on_test_begin()
        if parallel is not None:  # each rank evaluates a share; the sums are combined below
            x, y, sample_weight = parallel.share_of(x, y, sample_weight)
        for metric in self.metrics:
            metric.reset_state()
        loss_total = 0.0
        seen = 0
        for batch, start in enumerate(range(0, len(x), batch_size)):
            callback_list.on_test_batch_begin(batch)
            rows = slice(start, start + batch_size)
            a = self.forward(x[rows], training=False)
            wb = None if sample_weight is None else sample_weight[rows]
            loss_total += self.loss(y[rows], a, wb) * len(a)
            seen += len(a)
            for metric in self.metrics:
                metric.update_state(y[rows], a, wb)
            callback_list.on_test_batch_end(batch, self._logs(loss_total / seen))
        if parallel is not None:
            loss_total, seen = parallel.sum_over_ranks(self.metrics, loss_total, seen)
        logs = self._logs(loss_total / seen + self.regularization_loss())
        callback_list.on_test_end(logs)
        return logs

    def predict(self, x, batch_size: int | None = None, verbose="auto", steps: int | None = None,
                callbacks=None):
        """The network's output aᴸ for every example in ``x``, in inference mode."""
        batch_size = positive_int("batch_size", batch_size, allow_none=True) or DEFAULT_BATCH_SIZE
        x = self._prepare_x(x, "x")
        if steps is not None:
            x = x[: positive_int("steps", steps) * batch_size]
        callback_list = self._callback_list(callbacks, resolve_verbose(verbose),
                                            steps=math.ceil(len(x) / batch_size))
        callback_list.on_predict_begin()
        outputs = []
        for batch, start in enumerate(range(0, len(x), batch_size)):
            callback_list.on_predict_batch_begin(batch)
            outputs.append(self.forward(x[start : start + batch_size]))
            callback_list.on_predict_batch_end(batch, {"outputs": outputs[-1]})
        callback_list.on_predict_end()
        return np.concatenate(outputs)

    # -- callbacks -----------------------------------------------------------------------
    def _callback_list(self, callbacks, verbose: int, history=None, parallel=None,
                       **params) -> CallbackList:
        """The user's callbacks, then History (in fit) and a ProgbarLogger when verbose, as
        Keras orders them, so that History records what the user's callbacks wrote.  In
        distributed training, ranks other than 0 leave out the progress bar and the callbacks
        that only write (logs, checkpoints): rank 0 writes them for the job."""
        callbacks = _as_callback_list(callbacks)
        if parallel is not None and parallel.rank != 0:
            callbacks, verbose = parallel.callbacks_for_this_rank(callbacks), 0
        callback_list = CallbackList(callbacks)
        if history is not None:
            callback_list.append(history)
        if verbose and not any(isinstance(c, ProgbarLogger) for c in callback_list):
            callback_list.append(ProgbarLogger())
        callback_list.set_model(self)
        callback_list.set_params({"verbose": verbose, **params})
        return callback_list

    # -- input checks --------------------------------------------------------------------
    def _require_compiled(self, method: str) -> None:
        if not self.compiled:
            raise NotReadyError(
                f"Model {self.name!r} must be compiled before {method}(): call "
                f"model.compile(optimizer=..., loss=...) first."
            )

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
                    f"input_shape= on the first layer), or call "
                    f"build((None, {', '.join(map(str, x.shape[1:]))}))."
                )
        if x.shape[1:] != self._input_shape[1:]:
            self._layers[0].compute_output_shape(x.shape)  # the first layer names the problem
            raise ValueError(
                f"Model {self.name!r} expects {name} of shape {shape_str(self._input_shape)}, "
                f"got {shape_str(x.shape)}."
            )
        return x

    def _prepare_data(self, x, y, sample_weight, prefix: str = ""):
        if y is None:
            raise ValueError(f"{prefix}y is required: pass the targets after {prefix}x.")
        x = self._prepare_x(x, f"{prefix}x", build=True)
        same_length(f"{prefix}x", x, f"{prefix}y", y)
        output = self._layers[-1]
        y = self.loss.prepare_targets(y, output.output_shape[1:], self.dtype, output.describe())
        check_finite(f"{prefix}y", y)
        if sample_weight is not None:
            name = f"{prefix}sample_weight"
            sample_weight = as_float_array(name, sample_weight, self.dtype)
            if sample_weight.ndim != 1:
                raise ValueError(
                    f"{name} must hold one weight per example, shape ({len(x)},), got "
                    f"shape {sample_weight.shape}."
                )
            same_length(f"{prefix}x", x, name, sample_weight)
            if (sample_weight < 0).any():
                raise ValueError(f"{name} must be non-negative, got a minimum of {sample_weight.min()}.")
        return x, y, sample_weight

    def _prepare_validation(self, validation_data):
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError(
                "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight), "
                f"got {type(validation_data).__name__}"
                f"{' of length ' + str(len(validation_data)) if isinstance(validation_data, (tuple, list)) else ''}."
            )
        x_val, y_val, *rest = validation_data
        return self._prepare_data(x_val, y_val, rest[0] if rest else None, prefix="validation ")

    def _apply_class_weight(self, class_weight, y, sample_weight):
        """Per-example weights w = class_weight[label of the example] (× sample_weight)."""
        if class_weight is None:
            return sample_weight
        if not isinstance(class_weight, dict):
            raise TypeError(f"class_weight must be a dict {{label: weight}}, got {type(class_weight).__name__}.")
        units = self._layers[-1].output_shape[-1]
        n_classes = 2 if units == 1 else units
        labels = _class_labels(y, self.loss.sparse_targets)
        table = np.ones(n_classes, dtype=self.dtype)
        for label, weight in class_weight.items():
            if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label < n_classes:
                raise ValueError(
                    f"class_weight has label {label!r}, but the model's output has classes "
                    f"0..{n_classes - 1}."
                )
            if not isinstance(weight, (int, float, np.number)) or not math.isfinite(weight) or weight < 0:
                raise ValueError(f"class_weight[{label}] must be a non-negative number, got {weight!r}.")
            table[label] = weight
        weights = table[labels]
        return weights if sample_weight is None else weights * sample_weight


def _class_labels(y, sparse: bool) -> np.ndarray:
    """The class index of each example: the label itself, the one-hot argmax, or 0/1."""
    if sparse:
        return y
    if y.shape[-1] == 1:
        return (y[:, 0] > 0.5).astype(np.intp)
    return np.argmax(y, axis=-1)


def _validation_schedule(validation_freq):
    """A predicate on the 0-based epoch: validate every N epochs, or on the listed epochs."""
    if isinstance(validation_freq, (int, np.integer)) and not isinstance(validation_freq, bool):
        every = positive_int("validation_freq", validation_freq)
        return lambda epoch: (epoch + 1) % every == 0
    if isinstance(validation_freq, (list, tuple, set, range)) and all(
        isinstance(e, (int, np.integer)) and e >= 1 for e in validation_freq
    ):
        chosen = {int(e) for e in validation_freq}
        return lambda epoch: epoch + 1 in chosen
    raise ValueError(
        "validation_freq must be a positive integer or a collection of epochs (1-based), "
        f"got {validation_freq!r}."
    )


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


def resolve_verbose(verbose) -> int:
    """0, 1 or 2; ``"auto"`` is 1 on an interactive terminal and 2 otherwise."""
    if verbose == "auto":
        return 1 if sys.stdout.isatty() else 2
    if isinstance(verbose, bool) or verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 'auto', 0, 1 or 2, got {verbose!r}.")
    return int(verbose)
