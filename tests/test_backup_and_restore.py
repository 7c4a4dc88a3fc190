"""BackupAndRestore: a run interrupted and started again ends as if it had never stopped."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import Dense, Dropout, Input, Sequential
from lucidnet.callbacks import (BackupAndRestore, Callback, EarlyStopping, LearningRateScheduler,
                                ReduceLROnPlateau)
from lucidnet.errors import ModelFileError, NotReadyError

EPOCHS = 6
FIT = {"epochs": EPOCHS, "batch_size": 16, "validation_split": 0.25, "shuffle": True,
       "verbose": 0}


@pytest.fixture
def data(rng):
    x = rng.normal(size=(80, 4))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int) + (x[:, 2] > 1).astype(int)
    return x, y


def make_model(dtype="float32"):
    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dropout(0.3),
                        Dense(3, activation="softmax")], dtype=dtype, seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def steering_callbacks():
    """Callbacks whose state the resumed run needs: the learning rate is halved at every epoch
    (no epoch beats the best by min_delta), and early stopping counts and keeps the best."""
    return [ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_delta=10.0),
            EarlyStopping(monitor="val_loss", patience=EPOCHS, restore_best_weights=True)]


class RaiseOnce(Callback):
    """Interrupts training once, in ``on_epoch_end`` of epoch ``epoch`` (0-based)."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch, self.raised = epoch, False

    def on_epoch_end(self, epoch, logs=None):
        if epoch == self.epoch and not self.raised:
            self.raised = True
            raise RuntimeError(f"interrupted at the end of epoch {epoch}")


def assert_same_training(model, history, straight, straight_history):
    for a, b in zip(model.get_weights(), straight.get_weights(), strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    ours, theirs = model.optimizer.get_state(), straight.optimizer.get_state()
    assert ours.keys() == theirs.keys()
    for name in theirs:
        np.testing.assert_array_equal(ours[name], theirs[name])
    start = history.epoch[0]
    assert history.epoch == straight_history.epoch[start:]
    assert history.history == {key: values[start:]
                               for key, values in straight_history.history.items()}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("backup_first", [True, False], ids=["backup-first", "backup-last"])
def test_a_run_interrupted_and_fitted_again_ends_as_the_uninterrupted_one(data, tmp_path, dtype,
                                                                         backup_first):
    straight = make_model(dtype)
    straight_history = straight.fit(*data, callbacks=steering_callbacks(), **FIT)
    rates = straight_history.history["learning_rate"]
    assert rates == sorted(rates, reverse=True) and rates[-1] < rates[0]  # the state matters

    model, backup, raiser = make_model(dtype), BackupAndRestore(tmp_path / "backup"), RaiseOnce(2)
    callbacks = steering_callbacks() + [raiser]
    callbacks = [backup] + callbacks if backup_first else callbacks + [backup]
    with pytest.raises(RuntimeError, match="interrupted at the end of epoch 2"):
        model.fit(*data, callbacks=callbacks, **FIT)
    assert os.listdir(tmp_path / "backup") == ["latest.lucid"]
    history = model.fit(*data, callbacks=callbacks, **FIT)

    # The backup is written after every other callback's on_epoch_end, so wherever it is
    # listed, the interruption in epoch 2's came before epoch 2 was backed up.
    assert history.epoch == [2, 3, 4, 5]
    assert_same_training(model, history, straight, straight_history)
    assert not (tmp_path / "backup").exists()  # deleted once fit completes


def test_a_new_process_resumes_from_the_backup_of_one_that_was_killed(data, tmp_path):
    """The interrupted run is a separate process, killed (SIGKILL) at the end of epoch 3; a
    model built anew from the same code, with new callbacks, continues it."""
    x_path = tmp_path / "data.npz"
    np.savez(x_path, x=data[0], y=data[1])
    script = textwrap.dedent(f"""
        import os, signal, sys
        import numpy as np
        sys.path[:0] = [{os.path.dirname(__file__)!r}]
        from test_backup_and_restore import FIT, make_model, steering_callbacks
        from lucidnet.callbacks import BackupAndRestore, LambdaCallback
        arrays = np.load({str(x_path)!r})
        kill = LambdaCallback(on_epoch_end=lambda epoch, logs: epoch == 3 and os.kill(
            os.getpid(), signal.SIGKILL))
        make_model().fit(arrays["x"], arrays["y"], **FIT, callbacks=steering_callbacks()
                         + [BackupAndRestore({str(tmp_path / "backup")!r}), kill])
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == -9, result.stderr

    straight = make_model()
    straight_history = straight.fit(*data, callbacks=steering_callbacks(), **FIT)
    model = make_model()
    history = model.fit(*data, **FIT, callbacks=steering_callbacks()
                        + [BackupAndRestore(tmp_path / "backup")])
    assert history.epoch == [3, 4, 5]
    assert_same_training(model, history, straight, straight_history)


def test_the_learning_rate_a_scheduler_set_is_restored_with_the_backup(data, tmp_path):
    def callbacks():
        return [LearningRateScheduler(lambda epoch, lr: lr / 2)]

    straight = make_model()
    straight_history = straight.fit(*data, callbacks=callbacks(), **FIT)
    model, backup = make_model(), BackupAndRestore(tmp_path / "backup")
    with pytest.raises(RuntimeError):
        model.fit(*data, callbacks=callbacks() + [RaiseOnce(3), backup], **FIT)
    model.optimizer.learning_rate = 1.0  # what the restore must undo
    history = model.fit(*data, callbacks=callbacks() + [backup], **FIT)
    assert history.history["learning_rate"] == [0.001 / 2**k for k in range(4, 7)]
    assert_same_training(model, history, straight, straight_history)


def test_without_a_backup_the_run_starts_from_initial_epoch(data, tmp_path):
    model = make_model()
    history = model.fit(*data, callbacks=[BackupAndRestore(tmp_path / "backup")], **FIT)
    assert history.epoch == list(range(EPOCHS))


def test_with_delete_checkpoint_false_the_backup_of_the_last_epoch_is_kept(data, tmp_path):
    model = make_model()
    backup = BackupAndRestore(tmp_path / "backup", delete_checkpoint=False)
    model.fit(*data, callbacks=[backup], **FIT)
    assert os.listdir(tmp_path / "backup") == ["latest.lucid"]
    restored = make_model()
    assert restored.load_training_state(tmp_path / "backup" / "latest.lucid") == EPOCHS
    for a, b in zip(restored.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    # Fitted again with the same callback, the finished run has no epoch left to run.
    assert model.fit(*data, callbacks=[backup], **FIT).epoch == []


def corrupt(path):
    """Flip one byte in the middle of the file's tensor data: its digest no longer matches."""
    content = bytearray(path.read_bytes())
    content[-40] ^= 0xFF
    path.write_bytes(bytes(content))


def test_double_checkpoint_falls_back_to_the_previous_backup_when_the_newest_is_corrupted(
        data, tmp_path):
    straight = make_model()
    straight_history = straight.fit(*data, callbacks=steering_callbacks(), **FIT)
    model = make_model()
    backup = BackupAndRestore(tmp_path / "backup", double_checkpoint=True)
    callbacks = steering_callbacks() + [RaiseOnce(3), backup]
    with pytest.raises(RuntimeError):
        model.fit(*data, callbacks=callbacks, **FIT)
    folder = tmp_path / "backup"
    assert sorted(os.listdir(folder)) == ["latest.lucid", "previous.lucid"]
    corrupt(folder / "latest.lucid")  # the backup of epoch 2: epoch 1's is the previous one
    with pytest.warns(RuntimeWarning, match=r"latest\.lucid.*cannot be read.*previous\.lucid"):
        history = model.fit(*data, callbacks=callbacks, **FIT)
    assert history.epoch == [2, 3, 4, 5]
    assert_same_training(model, history, straight, straight_history)


def test_without_double_checkpoint_a_corrupted_backup_is_an_error(data, tmp_path):
    model, backup = make_model(), BackupAndRestore(tmp_path / "backup")
    with pytest.raises(RuntimeError):
        model.fit(*data, callbacks=[RaiseOnce(1), backup], **FIT)
    corrupt(tmp_path / "backup" / "latest.lucid")
    with pytest.raises(ModelFileError, match="latest.lucid.*digest"):
        model.fit(*data, callbacks=[backup], **FIT)


def test_a_backup_of_another_architecture_is_refused(data, tmp_path):
    model, backup = make_model(), BackupAndRestore(tmp_path / "backup")
    with pytest.raises(RuntimeError):
        model.fit(*data, callbacks=[RaiseOnce(1), backup], **FIT)
    other = Sequential([Input((4,)), Dense(5, activation="relu"), Dense(3, activation="softmax")],
                       seed=0)
    other.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(ModelFileError, match="another architecture"):
        other.fit(*data, callbacks=[backup], **FIT)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"save_freq": 0}, ValueError,
     r"BackupAndRestore save_freq must be 'epoch' or a positive integer, got 0"),
    ({"save_freq": "batch"}, ValueError,
     r"BackupAndRestore save_freq must be 'epoch' or a positive integer, got 'batch'"),
    ({"save_freq": 1.5}, ValueError,
     r"BackupAndRestore save_freq must be 'epoch' or a positive integer, got 1.5"),
    ({"save_freq": 10}, NotImplementedError,
     r"BackupAndRestore save_freq=10.*inside an epoch.*save_freq='epoch'"),
    ({"backup_dir": ""}, ValueError, r"BackupAndRestore backup_dir must be .*folder.*got ''"),
    ({"backup_dir": None}, ValueError, r"BackupAndRestore backup_dir must be .*folder.*got None"),
    ({"backup_dir": 3}, ValueError, r"BackupAndRestore backup_dir must be .*folder.*got 3"),
    ({"double_checkpoint": "yes"}, ValueError,
     r"BackupAndRestore double_checkpoint must be True or False, got 'yes'"),
    ({"delete_checkpoint": 1}, ValueError,
     r"BackupAndRestore delete_checkpoint must be True or False, got 1"),
])
def test_bad_arguments_are_refused_naming_the_argument(tmp_path, kwargs, error, message):
    arguments = {"backup_dir": tmp_path / "backup", **kwargs}
    with pytest.raises(error, match=message):
        BackupAndRestore(**arguments)


def test_a_backup_dir_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "taken").write_text("not a folder")
    with pytest.raises(ValueError, match=r"BackupAndRestore backup_dir .*taken.* is a file"):
        BackupAndRestore(tmp_path / "taken")


def test_resume_from_epoch_is_refused_outside_on_train_begin(data):
    model = make_model()
    with pytest.raises(NotReadyError, match=r"resume_from_epoch.*on_train_begin"):
        model.resume_from_epoch(2)

    class Late(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.model.resume_from_epoch(1)

    with pytest.raises(NotReadyError, match=r"resume_from_epoch.*on_train_begin"):
        model.fit(*data, callbacks=[Late()], **FIT)


@pytest.mark.parametrize("epoch, error, message", [
    (7, ValueError, r"resume_from_epoch epoch must be an integer in \[0, 6\], got 7"),
    (-1, ValueError, r"resume_from_epoch epoch must be an integer in \[0, 6\], got -1"),
    (2.0, ValueError, r"resume_from_epoch epoch must be an integer in \[0, 6\], got 2.0"),
])
def test_resume_from_epoch_checks_the_epoch_against_the_run(data, epoch, error, message):
    class Resume(Callback):
        def on_train_begin(self, logs=None):
            self.model.resume_from_epoch(epoch)

    with pytest.raises(error, match=message):
        make_model().fit(*data, callbacks=[Resume()], **FIT)


def test_a_callback_can_move_the_start_of_fit(data):
    class StartAt(Callback):
        def on_train_begin(self, logs=None):
            self.model.resume_from_epoch(4)

    assert make_model().fit(*data, callbacks=[StartAt()], **FIT).epoch == [4, 5]


def test_load_training_state_refuses_a_file_without_training_state(data, tmp_path):
    model = make_model()
    model.fit(*data, **FIT)
    model.save(tmp_path / "plain.lucid", include_optimizer=False)
    with pytest.raises(ModelFileError, match="no training state"):
        make_model().load_training_state(tmp_path / "plain.lucid")


def test_the_callback_is_reachable_under_keras_callbacks():
    import lucidnet.keras as keras
    assert keras.callbacks.BackupAndRestore is ln.callbacks.BackupAndRestore


class RaiseAtEpochBegin(Callback):
    def on_epoch_begin(self, epoch, logs=None):
        if epoch == 4:
            raise RuntimeError("Interrupting!")


def test_the_epochs_left_after_an_interruption_are_keras_docstring_example(tmp_path):
    """Keras's docstring: interrupted as epoch 4 (0-based) of 10 begins, the second fit runs
    the 6 epochs 4 … 9."""
    x, y = np.arange(100.0).reshape(5, 20) / 100, np.zeros((5, 10))
    model = Sequential([Input((20,)), Dense(10)], seed=0)
    model.compile(ln.optimizers.SGD(), loss="mse")
    backup = BackupAndRestore(backup_dir=tmp_path / "backup")
    with pytest.raises(RuntimeError, match="Interrupting!"):
        model.fit(x, y, epochs=10, batch_size=1, callbacks=[backup, RaiseAtEpochBegin()],
                  verbose=0)
    history = model.fit(x, y, epochs=10, batch_size=1, callbacks=[backup], verbose=0)
    assert len(history.history["loss"]) == 6 and history.epoch == [4, 5, 6, 7, 8, 9]


def test_keras_runs_as_many_epochs_after_the_same_interruption(tmp_path):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 4:
                raise RuntimeError("Interrupting!")

    x, y = np.arange(100.0).reshape(5, 20) / 100, np.zeros((5, 10))
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(10)])
    model.compile(keras.optimizers.SGD(), loss="mse")
    backup = keras.callbacks.BackupAndRestore(backup_dir=str(tmp_path / "backup"))
    with pytest.raises(RuntimeError, match="Interrupting!"):
        model.fit(x, y, epochs=10, batch_size=1, callbacks=[backup, Interrupt()], verbose=0)
    history = model.fit(x, y, epochs=10, batch_size=1, callbacks=[backup], verbose=0)
    assert len(history.history["loss"]) == 6
    assert not (tmp_path / "backup").exists()
