"""Save the model (or only its weights) during training."""

from __future__ import annotations

import os
import string

from ..validation import (
    boolean,
    choice_or,
    non_negative_int,
    number,
    optional,
    positive_int,
)
from .base import Callback, check_state_keys
from .monitor import Monitor


class ModelCheckpoint(Callback):
    """Saves the model at the end of every epoch (or of every `save_freq` batches).

    `filepath` may contain `{epoch:02d}` (1-based, as Keras prints epochs) and any logged
    value, e.g. `"ckpt-{epoch:02d}-{val_loss:.3f}.lucid"`.  With `save_best_only`,
    a file is written only when `monitor` improves on the best so far (or on
    `initial_value_threshold`), or, with a warning, when the logs lack `monitor`, as
    Keras does.  Files are written atomically (temporary file, fsync,
    rename), so an interrupted save never leaves a half-written checkpoint.

    By default each file is a full model file, with the optimizer state and the generators:
    `lucidnet.load_model(path)` followed by `fit(..., initial_epoch=model.history.epoch[-1]
    + 1)` continues the run exactly as if it had never stopped, the callbacks that steer
    training included: the file keeps the `get_state()` of every callback of the run
    (`model.callback_states()`), and that `fit` gives each to the callback of the same
    class and position, this checkpoint's own best value (`save_best_only`) included.
    List the checkpoint after those callbacks, so that it saves them as the epoch it ends
    left them.  With
    `save_weights_only=True` it holds the weights only, for `model.load_weights`.

    Parameters
    ----------
    filepath : str or os.PathLike
        Where to save, a pattern that may hold `{epoch:02d}` and logged values.
    monitor : str
        The logged quantity `save_best_only` compares.
    verbose : int
        1 prints a line for every save, 0 is silent.
    save_best_only : bool
        Save only when `monitor` improves on the best so far.
    save_weights_only : bool
        Save the weights only, for `model.load_weights`.
    mode : {"auto", "min", "max"}
        Whether smaller or larger values of `monitor` are better.
    save_freq : {"epoch"} or int
        Save after every epoch, or after every this many batches.
    initial_value_threshold : float or None
        The value a first save must beat with `save_best_only`.
    """

    rank_zero_only = True

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch",
                 initial_value_threshold=None):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.fields = _fields(self.filepath)
        self.watch = Monitor(monitor, mode, owner="ModelCheckpoint")
        self.verbose = non_negative_int("ModelCheckpoint verbose", verbose)
        self.save_best_only = boolean("ModelCheckpoint save_best_only", save_best_only)
        self.save_weights_only = boolean("ModelCheckpoint save_weights_only", save_weights_only)
        self.save_freq = choice_or(positive_int, "ModelCheckpoint save_freq", save_freq, ("epoch",))
        self.initial_value_threshold = optional(
            number, "ModelCheckpoint initial_value_threshold", initial_value_threshold
        )

    def on_train_begin(self, logs=None):
        # Refuse a field no epoch can fill now, not after the first epoch's work.
        known = {"epoch", "batch", "learning_rate"}
        for name in getattr(self.model, "metrics_names", []):
            known |= {name, f"val_{name}"}
        unknown = sorted(self.fields - known)
        if unknown:
            raise ValueError(
                f"ModelCheckpoint filepath {self.filepath!r} names {unknown}, which no epoch "
                f"logs; it may use {sorted(known)}."
            )
        self.watch.bind(self.model)
        self.best = self.initial_value_threshold
        self._batches_seen = 0
        self._epoch = 0

    def get_state(self) -> dict:
        """The best value so far (what `save_best_only` compares with) and the batches
        counted towards `save_freq`, so that a resumed run saves when the uninterrupted
        one would have."""
        return {"best": self.watch.saved_best(self.best), "batches_seen": self._batches_seen}

    def set_state(self, state: dict) -> None:
        check_state_keys("ModelCheckpoint", state, self.get_state())
        self.best = self.watch.restored_best(state["best"])
        self._batches_seen = non_negative_int("ModelCheckpoint batches_seen", state["batches_seen"])

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_seen += 1
        if self._batches_seen % self.save_freq == 0:
            self._save(self._epoch, logs, batch=batch + 1)  # as Keras: the batches done

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, logs, epoch_finished=True)

    def _save(self, epoch, logs, batch=None, epoch_finished=False):
        logs = dict(logs or {})
        missing = sorted(self.fields - {"epoch", "batch", *logs})
        if missing:  # e.g. {val_loss} when fit() has no validation data
            raise ValueError(
                f"ModelCheckpoint filepath {self.filepath!r} needs {missing}, which epoch "
                f"{epoch + 1}'s logs do not hold (they hold {sorted(logs)})."
            )
        path = self.filepath.format(epoch=epoch + 1, batch=batch, **logs)
        # As in Keras, save_best_only without the monitored value (it warns) saves anyway.
        current = self.watch.read(logs) if self.save_best_only else None
        if current is not None:
            best = "None" if self.best is None else f"{self.best:.5f}"
            if not self.watch.improves(current, self.best):
                if self.verbose > 0:
                    print(f"Epoch {epoch + 1}: {self.watch.monitor} did not improve from {best}")
                return
            if self.verbose > 0:
                print(f"Epoch {epoch + 1}: {self.watch.monitor} improved from {best} "
                      f"to {current:.5f}, saving model to {path}")
            self.best = current
        elif self.verbose > 0:
            print(f"Epoch {epoch + 1}: saving model to {path}")
        if self.save_weights_only:
            self.model.save_weights(path)
        elif epoch_finished:
            # History records the epoch after this callback runs, so its logs are passed on.
            self.model.save(path, epoch=epoch + 1, logs=logs)
        else:
            self.model.save(path, epoch=epoch)


def _fields(filepath: str) -> set[str]:
    """The names a `str.format` pattern fills, e.g. {"epoch", "val_loss"}; a malformed
    pattern, or a field by position or attribute, is refused now."""
    try:
        parts = list(string.Formatter().parse(filepath))
    except ValueError as error:
        raise ValueError(
            f"ModelCheckpoint filepath {filepath!r} is not a valid pattern ({error}); write "
            f"literal braces as {{{{ and }}}}."
        ) from None
    fields = set()
    for _, field, _, _ in parts:
        if field is None:
            continue
        if not field.isidentifier():
            raise ValueError(
                f"ModelCheckpoint filepath {filepath!r} has the field {{{field}}}; a field names "
                f"a logged value, such as {{epoch:02d}} or {{val_loss:.3f}}."
            )
        fields.add(field)
    sample = {field: 1 if field in ("epoch", "batch") else 1.0 for field in fields}
    try:  # a bad format spec, such as {val_loss:.3q}, fails now rather than after an epoch
        filepath.format(**sample)
    except ValueError as error:
        raise ValueError(f"ModelCheckpoint filepath {filepath!r} cannot be filled in "
                         f"({error}).") from None
    return fields
