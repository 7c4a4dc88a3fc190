"""Callbacks that change the optimizer's learning rate between epochs."""

from __future__ import annotations

from ..validation import non_negative_int, non_negative_number, number, positive_number
from .base import Callback, check_state_keys
from .monitor import Monitor


def _set_learning_rate(model, value, owner: str) -> None:
    model.optimizer.learning_rate = positive_number(f"The learning rate {owner} produced", value)


class LearningRateScheduler(Callback):
    """At the start of each epoch, sets lr ← schedule(epoch, lr) (epoch counted from 0).

    It keeps no state of its own: the epoch is fit's, and lr is the optimizer's, which a model
    file holds, so a resumed run sets the same rates as the uninterrupted one.
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler needs a callable schedule(epoch, lr), got {schedule!r}.")
        self.schedule = schedule
        self.verbose = non_negative_int("LearningRateScheduler verbose", verbose)

    def on_epoch_begin(self, epoch, logs=None):
        value = self.schedule(epoch, self.model.optimizer.learning_rate)
        _set_learning_rate(self.model, value, "LearningRateScheduler")
        if self.verbose > 0:
            print(f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {value}.")


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by ``factor`` after ``patience`` epochs without improvement.

    lr ← max(lr · factor, min_lr).  After a reduction, ``cooldown`` epochs pass before the
    patience count starts again.  An improvement beats the best value by more than
    ``min_delta``.

    Its state (``wait``, ``best``, ``cooldown_counter``) is kept in the checkpoints of
    :class:`ModelCheckpoint`, and the learning rate it set is the optimizer's, which they
    hold too: a resumed run reduces the rate when the uninterrupted one would have.
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
        if self.model.optimizer.schedule is not None:
            raise TypeError(
                "ReduceLROnPlateau cannot change a learning rate that is a schedule; "
                "use a constant learning rate, or the schedule alone."
            )
        self.best = self.watch.worst
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
