"""Keras's BackupAndRestore cases (`keras/src/callbacks/backup_and_restore_test.py`).

Keras counts the training batches with a custom layer whose non-trainable counter is backed
up with the weights; lucidnet's count is the optimizer's `iterations`, which the backup
holds too.  Keras interrupts from the `on_epoch_end` of a callback listed after
BackupAndRestore, after that epoch's backup; lucidnet runs BackupAndRestore after the other
callbacks (see docs/keras.md), so the same point, "two epochs backed up", is reached by
raising when the third epoch begins.
"""

import numpy as np
import pytest

from lucidnet import keras

callbacks, layers = keras.callbacks, keras.layers


class InterruptingCallback(callbacks.Callback):
    """Raises when epoch `epoch_int` (0-based) begins, after `epoch_int` epochs."""

    def __init__(self, epoch_int):
        super().__init__()
        self.epoch_int = epoch_int

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch_int:
            raise RuntimeError("EpochInterruption")


def make_model():
    model = keras.Sequential([layers.Input((3,)), layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd", metrics=["mse"])
    return model


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.random((10, 3)), rng.random((10, 1))


def interrupted_then_resumed(data, backup_dir, backup, corrupt=None):
    model = make_model()
    with pytest.raises(RuntimeError, match="EpochInterruption"):
        model.fit(*data, batch_size=4, callbacks=[backup, InterruptingCallback(epoch_int=2)],
                  epochs=6, verbose=0)
    assert backup_dir.exists()
    assert int(model.optimizer.iterations) == 6  # two epochs of 3 batches
    if corrupt is not None:
        corrupt()
    history = model.fit(*data, batch_size=4, callbacks=[backup], epochs=5, verbose=0)
    return model, history


# keras: callbacks/backup_and_restore_test.py::BackupAndRestoreCallbackTest::test_save_freq_unknown_error
@pytest.mark.parametrize("save_freq", ["batch", 0.15])
def test_save_freq_unknown_error(save_freq):
    with pytest.raises(ValueError, match="save_freq must be 'epoch' or a positive integer"):
        callbacks.BackupAndRestore(backup_dir="backup_dir", save_freq=save_freq)


# keras: callbacks/backup_and_restore_test.py::BackupAndRestoreCallbackTest::test_best_case_epoch
def test_best_case_epoch(data, tmp_path):
    backup_dir = tmp_path / "subdir"
    assert not backup_dir.exists()
    model, history = interrupted_then_resumed(
        data, backup_dir, callbacks.BackupAndRestore(backup_dir=backup_dir, save_freq="epoch"))
    assert history.epoch == [2, 3, 4]
    assert int(model.optimizer.iterations) == 5 * 3


# keras: callbacks/backup_and_restore_test.py::BackupAndRestoreCallbackTest::test_backup_corrupted
def test_backup_corrupted(data, tmp_path):
    backup_dir = tmp_path / "subdir"
    backup = callbacks.BackupAndRestore(backup_dir=backup_dir, save_freq="epoch",
                                        double_checkpoint=True)

    def corrupt():
        assert (backup_dir / "latest.lucid").exists() and (backup_dir / "previous.lucid").exists()
        (backup_dir / "latest.lucid").write_text("0")

    with pytest.warns(RuntimeWarning, match="cannot be read"):
        model, history = interrupted_then_resumed(data, backup_dir, backup, corrupt)
    # The previous backup (one epoch) is the one restored; the run still ends at epoch 5.
    assert history.epoch[-1] == 4
    assert int(model.optimizer.iterations) == 5 * 3


# keras: callbacks/backup_and_restore_test.py::BackupAndRestoreCallbackTest::test_model_deleted_case_epoch
def test_model_deleted_case_epoch(data, tmp_path):
    backup_dir = tmp_path / "subdir"
    make_model().fit(*data, batch_size=4, epochs=2, verbose=0,
                     callbacks=[callbacks.BackupAndRestore(backup_dir, save_freq="epoch")])
    assert not backup_dir.exists()


# keras: callbacks/backup_and_restore_test.py::BackupAndRestoreCallbackTest::test_backup_dir_empty_error
# keras: callbacks/backup_and_restore_test.py::BackupAndRestoreCallbackTest::test_backup_dir_none_error
@pytest.mark.parametrize("backup_dir", ["", None], ids=["empty", "none"])
def test_backup_dir_empty_or_none_error(backup_dir):
    with pytest.raises(ValueError, match="backup_dir must be the path of a folder"):
        callbacks.BackupAndRestore(backup_dir=backup_dir, save_freq="epoch")
