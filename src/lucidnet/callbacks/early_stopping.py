"""Stop training when a monitored quantity has stopped improving."""

from __future__ import annotations

import numpy as np

from ..validation import boolean, non_negative_int, number, optional
from .base import Callback, check_state_keys
from .monitor import Monitor


class EarlyStopping(Callback):
    """Stops after `patience` epochs without improvement of `monitor`.

    An epoch improves when its value beats the best so far by more than `min_delta` (in
    the direction `mode` says).  Its state (`wait`, `best`, `best_epoch`, `stopped_epoch`
    and `best_weights`) is kept in the checkpoints of [lucidnet.callbacks.ModelCheckpoint][],
    so a resumed run stops when the uninterrupted one would have.

    Parameters
    ----------
    monitor : str
        The logged quantity to watch, such as `"val_loss"`.
    min_delta : float
        The smallest change that counts as an improvement.
    patience : int
        Epochs without improvement before training stops.
    verbose : int
        1 prints a line when training stops, 0 is silent.
    mode : {"auto", "min", "max"}
        Whether smaller or larger values are better; `"auto"` reads it from the metric.
    baseline : float or None
        Training also stops if the value has not beaten this level after `patience`
        epochs.
    restore_best_weights : bool
        End with the weights of the best epoch, whether training stopped early or ran
        to the last epoch.
    start_from_epoch : int
        Epochs before it are not watched (a warm-up).
    """

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__()
        self.watch = Monitor(monitor, mode, min_delta, owner="EarlyStopping")
        self.monitor = monitor
        self.patience = non_negative_int("EarlyStopping patience", patience)
        self.verbose = non_negative_int("EarlyStopping verbose", verbose)
        self.baseline = optional(number, "EarlyStopping baseline", baseline)
        self.restore_best_weights = boolean("EarlyStopping restore_best_weights", restore_best_weights)
        self.start_from_epoch = non_negative_int("EarlyStopping start_from_epoch", start_from_epoch)

    def on_train_begin(self, logs=None):
        self.watch.bind(self.model)
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_epoch = 0
        self.best_weights = None

    def get_state(self) -> dict:
        return {
            "wait": self.wait,
            "best": self.watch.saved_best(self.best),
            "best_epoch": self.best_epoch,
            "stopped_epoch": self.stopped_epoch,
            "best_weights": None if self.best_weights is None else list(self.best_weights),
        }

    def set_state(self, state: dict) -> None:
        check_state_keys("EarlyStopping", state, self.get_state())
        self.wait = non_negative_int("EarlyStopping wait", state["wait"])
        self.best = self.watch.restored_best(state["best"])
        self.best_epoch = non_negative_int("EarlyStopping best_epoch", state["best_epoch"])
        self.stopped_epoch = non_negative_int("EarlyStopping stopped_epoch", state["stopped_epoch"])
        weights = state["best_weights"]
        self.best_weights = None if not weights else [np.array(w) for w in weights]

    def on_epoch_end(self, epoch, logs=None):
        current = self.watch.read(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Until something improves, the weights of the first watched epoch are the best.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self.watch.improves(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self.watch.improves(current, self.baseline):
                self.wait = 0
                return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
