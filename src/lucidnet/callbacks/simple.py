"""Small callbacks: TerminateOnNaN, CSVLogger and LambdaCallback."""

from __future__ import annotations

import csv
import math
import os
import warnings

from ..validation import boolean
from .base import Callback


class TerminateOnNaN(Callback):
    """Stops training at the first batch whose loss is NaN or infinite.

    `fit` never applies the update of such a batch, so the model keeps the last finite
    weights; this callback makes the stop explicit and prints which batch it was.

    Parameters
    ----------
    raise_error : bool
        False (the default): stop gracefully, by `model.stop_training = True`, so that
        every callback's `on_train_end` still runs.  True: raise `RuntimeError` at once,
        as Keras does, so that no `on_train_end` runs (a `BackupAndRestore` keeps its
        backup to resume from, say).
    """

    def __init__(self, raise_error: bool = False):
        super().__init__()
        self.raise_error = boolean("TerminateOnNaN raise_error", raise_error)

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(loss):
            if self.raise_error:
                raise RuntimeError(f"NaN or Inf loss encountered at batch {batch}. Loss value: "
                                   f"{loss}. Terminating training immediately.")
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True


class CSVLogger(Callback):
    """Writes one row per epoch (`epoch` then every logged value, in sorted order) to a CSV file.

    The columns are those of the first epoch's logs; when these hold no `val_` value (no
    validation data, or `validation_freq` > 1), a `val_` column is added for each, as
    Keras adds them, so that a later validation has its place.  A value an epoch does not
    log is written `NA`.  With `append=True` rows are added to an existing file and the
    header is written only if the file is new or empty.

    Parameters
    ----------
    filename : str or os.PathLike
        The CSV file.
    separator : str
        The column separator.
    append : bool
        Add rows to an existing file instead of overwriting it.
    """

    rank_zero_only = True

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.separator = separator
        self.append = boolean("CSVLogger append", append)
        self._file = None
        self._writer = None
        self._keys = None

    def on_train_begin(self, logs=None):
        self.on_train_end()  # a fit that raised left its file open
        has_content = self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        self._header_needed = not has_content
        self._file = open(self.filename, "a" if self.append else "w", newline="", encoding="utf-8")
        self._keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self._keys is None:
            self._keys = sorted(logs)
            if not any(key.startswith("val_") for key in self._keys):
                self._keys += [f"val_{key}" for key in self._keys]
            self._writer = csv.DictWriter(self._file, fieldnames=["epoch"] + self._keys,
                                          delimiter=self.separator, extrasaction="ignore",
                                          restval="NA")
            if self._header_needed:
                self._writer.writeheader()
        self._writer.writerow({"epoch": epoch, **logs})
        self._file.flush()

    def on_train_end(self, logs=None):
        if self._file is not None:
            self._file.close()
            self._file = None


_HOOK_NAMES = sorted(name for name in vars(Callback) if name.startswith("on_"))


class LambdaCallback(Callback):
    """A callback from plain functions: `LambdaCallback(on_epoch_end=lambda epoch, logs: ...)`.

    Accepts any hook name of [lucidnet.callbacks.Callback][] as a keyword (`on_train_begin`,
    `on_epoch_end`, `on_train_batch_end`, ...), plus Keras's `on_batch_begin` and
    `on_batch_end` for the training-batch hooks.  Any other keyword becomes an attribute,
    as in Keras; one that looks like a hook (`on_epoch_ends`) but is none warns, since
    nothing will call it.

    Parameters
    ----------
    **hooks : callable
        The functions, by hook name, each called with the hook's arguments.
    """

    _ALIASES = {"on_batch_begin": "on_train_batch_begin", "on_batch_end": "on_train_batch_end"}

    def __init__(self, **hooks):
        super().__init__()
        for name, function in hooks.items():
            hook = self._ALIASES.get(name, name)
            if hook.startswith("on_") and not hasattr(Callback, hook):
                warnings.warn(f"LambdaCallback got {name!r}, which is not a callback hook, so "
                              f"nothing calls it; the hooks are {', '.join(_HOOK_NAMES)}.",
                              UserWarning, stacklevel=2)
            if function is not None:
                setattr(self, hook, function)
