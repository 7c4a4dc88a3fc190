"""TensorBoard: training curves, weight histograms and the model's description as event files.

The files are the ones `keras.callbacks.TensorBoard` writes, laid out the same way, so
`tensorboard --logdir logs` shows a lucidnet run as it would show a Keras one:

```text
logs/                  the hyper-parameter session (HParams dashboard)
logs/train/            epoch_loss, epoch_accuracy, epoch_learning_rate, batch_* scalars,
                       weight and gradient histograms, weight images, the model's
                       conceptual graph, its summary and config
logs/validation/       epoch_loss, epoch_accuracy, ... from the val_* logs
```

The events are written by `tensorboardX` (`pip install "lucidnet[tensorboard]"`), which
needs neither TensorFlow nor PyTorch.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
import warnings

import numpy as np

from ..validation import batch_range, boolean, choice_or, non_negative_int, positive_int
from .base import Callback

TRAIN_RUN = "train"
VALIDATION_RUN = "validation"
# The hyper-parameter session sits in log_dir itself: the HParams dashboard then finds the
# train/ and validation/ scalars below it as the session's metrics (train/epoch_loss,
# validation/epoch_loss, ...), as it does for TensorFlow's hp.KerasCallback.
SESSION_RUN = "."

# tensorboardX 2.6.5 names an event file after the current second and the host only, and
# opens it for writing from scratch: a second writer in the same directory within the same
# second (a second fit, another callback) would erase the first file.  TensorFlow's files end
# in ".<pid>.<uid>" for this reason; ours do too.
_writer_ids = itertools.count()

# A tensorboardX writer hands events to a thread that writes them and flushes the file every
# flush_secs (120 by default).  A flush() of our own at each epoch's end would not do better:
# it covers only the events the thread has already taken, and it fsyncs on the training
# thread (about 0.2 ms per run per epoch here, far more on network disks).  So each epoch
# reaches the disk within this many seconds, flushed by the writer's thread.
FLUSH_SECONDS = 1

# The clock of steps_per_second: monotonic, unlike the wall clock Keras reads.
clock = time.perf_counter

# TensorBoard's graph dashboard draws a Keras model's conceptual graph (its layers and how
# they connect) from the model's JSON filed under this plugin, as keras.callbacks.TensorBoard
# files it; tensorboardX's own add_graph needs PyTorch.
KERAS_GRAPH_PLUGIN = "graph_keras_model"


class TensorBoard(Callback):
    """Writes logs that TensorBoard displays: `tensorboard --logdir logs`.

    At the end of every epoch each logged value `name` becomes the scalar `epoch_<name>`
    at step `epoch`: training values in the `train` run, `val_<name>` values as
    `epoch_<name>` in the `validation` run (Keras's naming), and the optimizer's
    learning rate as `epoch_learning_rate` in the `train` run.

    Parameters
    ----------
    log_dir : str or os.PathLike
        The directory of the logs; the `train` and `validation` runs are created below
        it (`validation` only once validation metrics appear).
    histogram_freq : int
        Every how many epochs to write histograms of each layer's weights
        (`dense_1/kernel`, `dense_1/bias`) and of their gradients on the epoch's last
        batch (`dense_1/kernel_gradient`), at epochs where `epoch % histogram_freq == 0`.
        `0` (default) writes none: as in Keras, binning every weight is the one costly
        thing this callback can do, so it is asked for explicitly.
    write_graph : bool
        When training begins, write the model's conceptual graph as Keras does
        (its `to_json()` under the tag `keras`, which the Graphs dashboard draws as one
        node per layer, each joined to the one before), and the summary table and JSON
        config as text (tags `model/summary` and `model/config`).  A NumPy model has no
        graph of operations, so there is no op-level graph; tensorboardX writes one only
        from a PyTorch model.
    write_images : bool
        At the epochs where histograms are written, also write each weight as a
        greyscale image (`dense_1/kernel/image`), with Keras's rules: size-1 axes dropped,
        a vector as a column, a matrix with more rows than columns transposed, anything
        else skipped.  As in Keras a weight `w` is the grey level `clip(w, 0, 1)`, so
        negative weights are black.  Without `histogram_freq` no images are written.
    write_steps_per_second : bool
        Also write `epoch_steps_per_second` (the epoch's batches over
        the seconds since it began) and, when batch scalars are written,
        `batch_steps_per_second` (one over that batch's seconds), in the `train` run.
    update_freq : {"epoch", "batch"} or int
        `"epoch"` (default) writes scalars once per epoch; `"batch"` also writes
        `batch_<name>` for the running values in every batch's logs, and an integer `N`
        does so every `N` batches.  The step is the number of batches trained since
        `fit` began, counting from 1, as in Keras.
    profile_batch, embeddings_freq, embeddings_metadata : object
        Accepted and checked as Keras
        checks them, so Keras code runs unchanged, but they have no effect: there is no
        profiler of TensorFlow or JAX ops to run, and no `Embedding` layer to project.  A
        value other than the default warns so.
    write_hparams : bool
        Record the run's hyper-parameters (optimizer and its numeric settings,
        loss, batch size, the epochs run and the epochs asked for, parameter count), when
        training ends, for TensorBoard's HParams dashboard, which
        shows them beside the last value of each of the run's scalars.  To compare runs, give
        each its own `log_dir` in one folder (`logs/adam`, `logs/sgd`) and start
        `tensorboard --logdir logs`: TensorBoard looks for a session's metrics only in the
        folders below it, which a `--logdir` pointing at the session itself does not have.

    Notes
    -----
    After every evaluation (each validation of `fit` too, and `evaluate` given this
    callback) the `validation` run also gets `evaluation_<name>_vs_iterations`, the
    values against the optimizer's step count, as in Keras.

    Each epoch's values reach the disk within a second.  The writers are opened when
    training begins and closed when it ends, so one callback can serve several `fit`
    calls; each call adds new event files to the same runs.
    """

    rank_zero_only = True

    def __init__(
        self,
        log_dir="logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq: int = 0,
        embeddings_metadata=None,
        write_hparams: bool = True,
    ):
        super().__init__()
        # Imported here so that lucidnet itself never needs tensorboardX.
        try:
            from tensorboardX import SummaryWriter
            from tensorboardX.summary import hparams
        except ImportError as error:
            raise ImportError(
                'TensorBoard callback needs the tensorboardX package: '
                'pip install "lucidnet[tensorboard]"'
            ) from error
        self._summary_writer = SummaryWriter
        self._hparams_summaries = hparams
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = non_negative_int("TensorBoard histogram_freq", histogram_freq)
        self.write_graph = boolean("TensorBoard write_graph", write_graph)
        self.write_images = boolean("TensorBoard write_images", write_images)
        self.write_steps_per_second = boolean(
            "TensorBoard write_steps_per_second", write_steps_per_second
        )
        # "epoch", or how many batches apart batch scalars are written ("batch" is every one).
        update_freq = choice_or(positive_int, "TensorBoard update_freq", update_freq, ("epoch", "batch"))
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.write_hparams = boolean("TensorBoard write_hparams", write_hparams)
        self.profile_batch = _profile_batch(profile_batch)
        self.embeddings_freq = non_negative_int("TensorBoard embeddings_freq", embeddings_freq)
        self.embeddings_metadata = _embeddings_metadata(embeddings_metadata)
        if self.profile_batch != (0, 0):
            _warn_no_effect("profile_batch", profile_batch,
                            "there is no profiler of TensorFlow or JAX ops to run")
        for name, value, default in (("embeddings_freq", embeddings_freq, 0),
                                     ("embeddings_metadata", embeddings_metadata, None)):
            if value != default:
                _warn_no_effect(name, value, "lucidnet has no Embedding layer to project")
        self._writers: dict = {}
        self._global_train_batch = 0
        self._epoch_batches = 0
        self._epoch_start = self._batch_start = 0.0
        self._session_end = None
        self._epochs_run = 0

    # -- hooks ---------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._close_writers()  # a fit that raised never reached on_train_end
        self._global_train_batch = 0
        if self.write_graph:
            self._write_model_graph()
            self._write_model_description()
        self._epochs_run = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_batches = 0
        if self.write_steps_per_second:
            self._epoch_start = clock()

    def on_train_batch_begin(self, batch, logs=None):
        if self.write_steps_per_second and self.update_freq != "epoch":
            self._batch_start = clock()

    def on_train_batch_end(self, batch, logs=None):
        self._epoch_batches += 1
        if self.update_freq == "epoch":
            return
        self._global_train_batch += 1
        if self._global_train_batch % self.update_freq == 0:
            batch_logs = dict(logs or {})
            if self.write_steps_per_second:
                batch_logs["steps_per_second"] = 1.0 / (clock() - self._batch_start)
            self._write_scalars(TRAIN_RUN, "batch_", batch_logs, self._global_train_batch)

    def on_epoch_end(self, epoch, logs=None):
        self._epochs_run += 1
        logs = logs or {}
        train_logs = {name: value for name, value in logs.items() if not name.startswith("val_")}
        val_logs = {
            name.removeprefix("val_"): value for name, value in logs.items() if name.startswith("val_")
        }
        # fit logs the learning rate; the optimizer is the same source for any other caller.
        train_logs.setdefault("learning_rate", self.model.optimizer.learning_rate)
        if self.write_steps_per_second:
            train_logs["steps_per_second"] = self._epoch_batches / (clock() - self._epoch_start)
        self._write_scalars(TRAIN_RUN, "epoch_", train_logs, epoch)
        if val_logs:
            self._write_scalars(VALIDATION_RUN, "epoch_", val_logs, epoch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._write_histograms(epoch)

    def on_test_end(self, logs=None):
        # As Keras: every evaluation (each of fit's validations too) also writes its values
        # against the optimizer's step count, as evaluation_<name>_vs_iterations.
        optimizer = getattr(self.model, "optimizer", None)
        if logs and optimizer is not None:
            values = {f"{name}_vs_iterations": value for name, value in logs.items()}
            self._write_scalars(VALIDATION_RUN, "evaluation_", values, int(optimizer.iterations))

    def on_train_end(self, logs=None):
        if self.write_hparams:
            # Written at the end, when the epochs run are known (early stopping ends runs early).
            self._write_session_start()
        if self._session_end is not None:
            self._writer(SESSION_RUN).file_writer.add_summary(self._session_end)
            self._session_end = None
        self._close_writers()

    # -- writing -------------------------------------------------------------------
    def _writer(self, run: str):
        """The writer of `run`, opened on first use, so a run without data gets no directory."""
        if run not in self._writers:
            self._writers[run] = self._summary_writer(
                os.path.normpath(os.path.join(self.log_dir, run)),
                flush_secs=FLUSH_SECONDS,
                filename_suffix=f".{os.getpid()}.{next(_writer_ids):06d}",
            )
        return self._writers[run]

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _write_scalars(self, run: str, prefix: str, logs: dict, step: int) -> None:
        writer = self._writer(run)
        for name, value in logs.items():
            writer.add_scalar(prefix + name, float(value), step)

    def _write_histograms(self, epoch: int) -> None:
        writer = self._writer(TRAIN_RUN)
        for layer in self.model.flat_layers:
            for name, weight in zip(layer.weight_names, layer.weights):
                writer.add_histogram(f"{layer.name}/{name}", weight, epoch)
                image = _weight_image(weight) if self.write_images else None
                if image is not None:
                    writer.add_image(f"{layer.name}/{name}/image", image, epoch, dataformats="HW")
            for name, gradient in zip(layer.weight_names, layer.grads):
                # fit stops at a batch whose gradients hold NaN or inf without applying them,
                # and such values cannot be binned; the weights themselves stay finite.
                if np.isfinite(gradient).all():
                    writer.add_histogram(f"{layer.name}/{name}_gradient", gradient, epoch)

    def _write_model_graph(self) -> None:
        from tensorboardX.proto.summary_pb2 import Summary, SummaryMetadata
        from tensorboardX.proto.tensor_pb2 import TensorProto

        config = json.loads(self.model.to_json())
        for layer in config["config"]["layers"]:
            # The dashboard names a node after its layer; an unnamed Input would show as
            # "None", so it takes the name Keras gives it.
            if layer["class_name"] == "InputLayer" and layer["config"].get("name") is None:
                layer["config"]["name"] = "input_layer"
        metadata = SummaryMetadata(
            plugin_data=SummaryMetadata.PluginData(plugin_name=KERAS_GRAPH_PLUGIN, content=b"1")
        )
        tensor = TensorProto(dtype="DT_STRING", string_val=[json.dumps(config).encode()])
        summary = Summary(value=[Summary.Value(tag="keras", metadata=metadata, tensor=tensor)])
        self._writer(TRAIN_RUN).file_writer.add_summary(summary, 0)

    def _write_model_description(self) -> None:
        lines = []
        self.model.summary(print_fn=lines.append)
        config = json.dumps(self.model.get_config(), indent=2)
        writer = self._writer(TRAIN_RUN)
        # TensorBoard renders text as Markdown; a fenced block keeps the table's columns.
        writer.add_text("model/summary", _code_block("\n".join(lines)), 0)
        writer.add_text("model/config", _code_block(config, "json"), 0)

    def _write_session_start(self) -> None:
        # tensorboardX's add_hparams would put the session in a new timestamped run and pin
        # the dashboard's metric columns to the ones it is given; writing the session's start
        # and end ourselves, with no experiment summary, lets TensorBoard list every scalar
        # of train/ and validation/ as a metric and show its last (final epoch) value.
        _experiment, session_start, session_end = self._hparams_summaries(
            self._hyperparameters(), {}
        )
        self._writer(SESSION_RUN).file_writer.add_summary(session_start)
        self._session_end = session_end

    def _hyperparameters(self) -> dict:
        optimizer, loss = self.model.optimizer, self.model.loss
        return {
            "optimizer": optimizer.registry_name,
            **_numeric_settings("optimizer", optimizer.get_config()),
            "loss": loss.registry_name,
            **_numeric_settings("loss", loss.get_config()),
            "batch_size": self.params.get("batch_size"),
            "epochs": self._epochs_run,
            "epochs_planned": self.params.get("epochs"),
            "num_params": self.model.count_params(),
        }


def _numeric_settings(prefix: str, config: dict) -> dict:
    """`{"optimizer.beta_1": 0.9, ...}`: the numbers and flags of a config, the values the
    HParams dashboard can filter and plot (unset options and schedules are left out)."""
    return {
        f"{prefix}.{key}": value
        for key, value in config.items()
        if isinstance(value, (bool, int, float))
    }


def _weight_image(weight: np.ndarray) -> np.ndarray | None:
    """A weight as Keras's TensorBoard shows it: a greyscale `(height, width)` image of
    bytes, or None for a weight Keras does not draw (a scalar, or more than two axes).

    Size-1 axes are dropped; a vector becomes a column, and a matrix with more rows than
    columns is transposed, so that the image is wider than it is tall.  The grey level of
    `w` is `clip(w, 0, 1)`, Keras's conversion of floats to pixels."""
    w = np.squeeze(weight)
    if w.ndim == 1:
        w = w[:, np.newaxis]
    elif w.ndim == 2 and w.shape[0] > w.shape[1]:
        w = w.T
    elif w.ndim != 2:
        return None
    return np.rint(np.clip(w, 0.0, 1.0) * 255.0).astype(np.uint8)


def _profile_batch(value) -> tuple[int, int]:
    """Keras's profile_batch as `(start, stop)`: an integer, a pair, or the string
    `"start,stop"` (or `"start"`) that TensorFlow 2 took."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*(,\s*\d+\s*)?", value):
        parts = tuple(int(part) for part in value.split(","))
        value = parts[0] if len(parts) == 1 else parts
    return batch_range("TensorBoard profile_batch", value)


def _embeddings_metadata(value):
    """None, one metadata file name for every embedding, or a dict of them by layer name."""
    if value is None or isinstance(value, (str, os.PathLike)):
        return value
    if isinstance(value, dict) and all(isinstance(name, str) for name in value):
        return dict(value)
    raise TypeError(
        "TensorBoard embeddings_metadata must be None, a file name or a dict of file names "
        f"by layer name, got {value!r}."
    )


def _warn_no_effect(name: str, value, reason: str) -> None:
    warnings.warn(
        f"TensorBoard {name}={value!r} has no effect in lucidnet: {reason}. It is accepted "
        "so that Keras code runs unchanged.",
        UserWarning,
        stacklevel=3,
    )


def _code_block(text: str, language: str = "") -> str:
    return f"```{language}\n{text}\n```"
