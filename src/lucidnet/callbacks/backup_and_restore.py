"""Back up the whole training state at every epoch's end, and resume from it after a failure."""

from __future__ import annotations

import os
import warnings

from ..errors import ModelFileError
from ..validation import boolean, choice_or, folder_path, positive_int
from .base import Callback

#: The newest backup, and (with `double_checkpoint`) the one before it, in `backup_dir`.
LATEST = "latest.lucid"
PREVIOUS = "previous.lucid"


class BackupAndRestore(Callback):
    """Backs up the training state to `backup_dir` after every epoch; a `fit` interrupted
    (by an exception, or a killed process) and called again with this callback continues
    from the last backup, ending bit for bit as the uninterrupted run would have.

    The backup is a full model file (`model.save(path, epoch=, logs=)`, written atomically):
    the weights, the optimizer's slots, step count and learning rate, the number of completed
    epochs, the state of every random generator (the next shuffle and dropout masks) and the
    `get_state()` of every callback of the run (EarlyStopping's patience and best weights,
    ReduceLROnPlateau's count, ...).  At `on_train_begin`, when a backup exists, the model
    takes it back (`model.load_training_state`) and `fit` skips to the first epoch not
    backed up (`model.resume_from_epoch`), handing each callback its saved state; so
    `fit(epochs=10)` interrupted during epoch 5 (1-based) runs epochs 5 to 10 when called
    again, and its history holds those.  The model given to the second `fit` must have the
    same layers and optimizer class as the one backed up (the same object, or one built and
    compiled by the same code); the data and `fit`'s arguments must be the same too, as in
    Keras, for the resumed run to be the same.

    `fit` runs this callback after the other callbacks passed to it (`runs_last`), so
    that each backup holds the state the epoch left them in, whatever the list's order.  In
    distributed training every rank restores from `backup_dir` (a folder all ranks can
    read) and rank 0 alone writes.

    Parameters
    ----------
    backup_dir : str or os.PathLike
        The folder of the backups, created if need be; no other run or callback may
        write there.
    save_freq : {"epoch"}
        `"epoch"`, a backup after every epoch.  Keras also takes a number of
        batches; lucidnet refuses one with `NotImplementedError`, since its model files
        record a position between epochs, not inside one (see the notes).
    double_checkpoint : bool
        Keep the previous backup too (`previous.lucid` beside
        `latest.lucid`), and resume from it, with a warning, when the newest cannot be
        read.
    delete_checkpoint : bool
        Delete the backups when `fit` completes (the default); False keeps
        the last one, so that a later `fit` with this callback finds the run finished.

    Notes
    -----
    A backup every `save_freq` batches would have to resume inside an epoch: with that
    epoch's shuffled order, the batch reached, the running sums of the loss and metrics and
    the position of a generator or PyDataset.  A model file keeps none of these, so such a
    resume could not continue bit-identically; Keras's restarts the interrupted epoch from
    its first batch with the weights of the middle of it, training on some batches twice.
    """

    runs_last = True

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False,
                 delete_checkpoint=True):
        super().__init__()
        self.backup_dir = folder_path("BackupAndRestore backup_dir", backup_dir)
        self.save_freq = choice_or(positive_int, "BackupAndRestore save_freq", save_freq,
                                   ("epoch",))
        if self.save_freq != "epoch":
            raise NotImplementedError(
                f"BackupAndRestore save_freq={self.save_freq} (a backup every "
                f"{self.save_freq} batches) would resume from inside an epoch, and a lucidnet "
                f"model file records a position between epochs only (not the epoch's shuffled "
                f"order, the batch reached or the running metrics), so the resumed run could "
                f"not continue exactly. Use save_freq='epoch'."
            )
        self.double_checkpoint = boolean("BackupAndRestore double_checkpoint", double_checkpoint)
        self.delete_checkpoint = boolean("BackupAndRestore delete_checkpoint", delete_checkpoint)
        self.latest_path = os.path.join(self.backup_dir, LATEST)
        self.previous_path = os.path.join(self.backup_dir, PREVIOUS)

    def on_train_begin(self, logs=None):
        epoch = self._restore()
        if epoch is not None:
            self.model.resume_from_epoch(epoch)

    def _restore(self) -> int | None:
        """The completed epochs of the backup put back into the model, or None (no backup)."""
        fallback = self.double_checkpoint and os.path.isfile(self.previous_path)
        if os.path.exists(self.latest_path):
            try:
                return self.model.load_training_state(self.latest_path)
            except (ModelFileError, OSError) as error:
                if not fallback:
                    raise
                warnings.warn(
                    f"BackupAndRestore: the newest backup {self.latest_path} cannot be read "
                    f"({error}); resuming from the one before it, {self.previous_path}.",
                    RuntimeWarning, stacklevel=2)
                if self._writes():  # so that the next backup does not keep it as the previous
                    os.remove(self.latest_path)
        if fallback:
            return self.model.load_training_state(self.previous_path)
        return None

    def on_epoch_end(self, epoch, logs=None):
        if not self._writes():
            return
        if self.double_checkpoint and os.path.exists(self.latest_path):
            os.replace(self.latest_path, self.previous_path)
        # History records the epoch after this callback runs, so its logs are passed on.
        self.model.save(self.latest_path, epoch=epoch + 1, logs=logs)

    def on_train_end(self, logs=None):
        if not (self.delete_checkpoint and self._writes()):
            return
        for path in (self.latest_path, self.previous_path):
            if os.path.exists(path):
                os.remove(path)
        if os.path.isdir(self.backup_dir) and not os.listdir(self.backup_dir):
            os.rmdir(self.backup_dir)

    def _writes(self) -> bool:
        return self.params.get("writes", True)
