"""Callbacks that change the optimizer's learning rate between epochs."""

from __future__ import annotations

from ..validation import non_negative_int, non_negative_number, number, positive_number
from .base import Callback, check_state_keys
from .monitor import Monitor


def _set_learning_rate(model, value, owner: str) -> None:
    """Give the optimizer the constant rate `value`; one whose rate is a schedule refuses,
    with Keras's `TypeError`, rather than lose its schedule."""
    if model.optimizer.schedule is not None:
        raise TypeError(
            "This optimizer was created with a `LearningRateSchedule` object as its "
            "`learning_rate` constructor argument, hence its learning rate is not settable "
            f"by {owner}. If you need the learning rate to be settable, instantiate the "
            f"optimizer with a float `learning_rate` argument (it has "
            f"{model.optimizer.schedule!r})."
        )
    model.optimizer.learning_rate = positive_number(f"The learning rate {owner} produced", value)


def _log_learning_rate(model, logs) -> None:
    """`logs["learning_rate"]`: Keras's two learning-rate callbacks add it to the epoch's
    logs (so History and CSVLogger record it); `fit` alone does not."""
    if logs is not None:
        logs["learning_rate"] = float(model.optimizer.learning_rate)


class LearningRateScheduler(Callback):
    """At the start of each epoch, sets lr ← schedule(epoch, lr) (epoch counted from 0).

    As in Keras, a `schedule(epoch)` of one argument is called so when calling it with two
    raises `TypeError`, and the epoch's rate is added to its logs as `learning_rate`.  An
    optimizer whose learning rate is a schedule refuses the new rate with `TypeError`.

    It keeps no state of its own: the epoch is fit's, and lr is the optimizer's, which a model
    file holds, so a resumed run sets the same rates as the uninterrupted one.

    Parameters
    ----------
    schedule : callable
        `schedule(epoch, lr)` (or `schedule(epoch)`), returning the epoch's learning rate.
    verbose : int
        1 prints the rate set at each epoch, 0 is silent.
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler needs a callable schedule(epoch, lr), got {schedule!r}.")
        self.schedule = schedule
        self.verbose = non_negative_int("LearningRateScheduler verbose", verbose)

    def on_epoch_begin(self, epoch, logs=None):
        try:
            value = self.schedule(epoch, float(self.model.optimizer.learning_rate))
        except TypeError:  # Keras's older form, schedule(epoch)
            value = self.schedule(epoch)
        _set_learning_rate(self.model, value, "LearningRateScheduler")
        if self.verbose > 0:
            print(f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {value}.")

    def on_epoch_end(self, epoch, logs=None):
        _log_learning_rate(self.model, logs)


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by `factor` after `patience` epochs without improvement.

    lr ← max(lr · factor, min_lr).  After a reduction, `cooldown` epochs pass before the
    patience count starts again.  An improvement beats the best value by more than
    `min_delta`.

    Its state (`wait`, `best`, `cooldown_counter`) is kept in the checkpoints of
    [lucidnet.callbacks.ModelCheckpoint][], and the learning rate it set is the optimizer's,
    which they hold too: a resumed run reduces the rate when the uninterrupted one would have.

    Parameters
    ----------
    monitor : str
        The logged quantity to watch, such as `"val_loss"`.
    factor : float
        The multiplier of the learning rate, in (0, 1).
    patience : int
        Epochs without improvement before a reduction.
    verbose : int
        1 prints a line for every reduction, 0 is silent.
    mode : {"auto", "min", "max"}
        Whether smaller or larger values are better.
    min_delta : float
        The smallest change that counts as an improvement.
    cooldown : int
        Epochs after a reduction before the patience count starts again.
    min_lr : float
        The lowest learning rate a reduction sets.
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0):
        super().__init__()
        self.factor = number("ReduceLROnPlateau factor", factor, greater_than=0, below=1)
        self.watch = Monitor(monitor, mode, min_delta, owner="ReduceLROnPlateau")
        self.patience = non_negative_int("ReduceLROnPlateau patience", patience)
        self.verbose = non_negative_int("ReduceLROnPlateau verbose", verbose)
        self.cooldown = non_negative_int("ReduceLROnPlateau cooldown", cooldown)
        self.min_lr = non_negative_number("ReduceLROnPlateau min_lr", min_lr)

    def on_train_begin(self, logs=None):
        self.watch.bind(self.model)
        self.best = None
        self.wait = 0
        self.cooldown_counter = 0

    def get_state(self) -> dict:
        return {"wait": self.wait, "best": self.watch.saved_best(self.best),
                "cooldown_counter": self.cooldown_counter}

    def set_state(self, state: dict) -> None:
        check_state_keys("ReduceLROnPlateau", state, self.get_state())
        self.wait = non_negative_int("ReduceLROnPlateau wait", state["wait"])
        self.best = self.watch.restored_best(state["best"])
        self.cooldown_counter = non_negative_int("ReduceLROnPlateau cooldown_counter",
                                                 state["cooldown_counter"])

    def on_epoch_end(self, epoch, logs=None):
        _log_learning_rate(self.model, logs)
        current = self.watch.read(logs)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.watch.improves(current, self.best):
            self.best = current
            self.wait = 0
        elif self.cooldown_counter == 0:
            self.wait += 1
            if self.wait >= self.patience:
                old = self.model.optimizer.learning_rate
                if old > self.min_lr:
                    new = max(old * self.factor, self.min_lr)
                    _set_learning_rate(self.model, new, "ReduceLROnPlateau")
                    if self.verbose > 0:
                        print(f"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}.")
                    self.cooldown_counter = self.cooldown
                    self.wait = 0
