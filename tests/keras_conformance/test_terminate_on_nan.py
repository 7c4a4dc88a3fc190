"""Keras's TerminateOnNaN cases (`keras/src/callbacks/terminate_on_nan_test.py`).

Keras's cases make the loss infinite with infinite targets; lucidnet refuses non-finite
targets when `fit` is called (a `ValueError` naming `y`), so here the loss overflows
inside the network instead, from weights of 1e5 (Keras's own first case) or 1e30 (a float32
square of 1e30 · x is inf).  What each case asserts is kept.
"""

import numpy as np
import pytest

from lucidnet import keras

from .training_data import overflowing_classifier

callbacks, layers, models = keras.callbacks, keras.layers, keras.models


def huge_model(*, units=1, input_dim=1, depth=1, value=1e30):
    """Dense layers whose weights are `value`: the loss of any non-zero input overflows."""
    model = models.Sequential([layers.Input((input_dim,))] + [
        layers.Dense(units, kernel_initializer=keras.initializers.Constant(value))
        for _ in range(depth)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def overflowing_fit(model, x, y, **kwargs):
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning, match="not finite"):
        return model.fit(x, y, verbose=0, **kwargs)


# keras: callbacks/terminate_on_nan_test.py::TerminateOnNaNTest::test_TerminateOnNaN
def test_terminate_on_nan():
    model, (x_train, y_train, x_test, y_test) = overflowing_classifier()
    history = overflowing_fit(model, x_train, y_train, batch_size=4,
                              validation_data=(x_test, y_test),
                              callbacks=[callbacks.TerminateOnNaN()], epochs=20)
    loss = history.history["loss"]
    assert len(loss) == 1
    assert np.isnan(loss[0]) or np.isinf(loss[0])


# keras: callbacks/terminate_on_nan_test.py::TerminateOnNaNTest::test_terminate_on_nan_graceful_stop
def test_terminate_on_nan_graceful_stop(capsys):
    history = overflowing_fit(huge_model(), np.array([[1.0], [2.0]]), np.array([[1.0], [2.0]]),
                              epochs=2, batch_size=1,
                              callbacks=[callbacks.TerminateOnNaN(raise_error=False)])
    assert len(history.history["loss"]) < 4
    assert "Batch 0: Invalid loss, terminating training" in capsys.readouterr().out


# keras: callbacks/terminate_on_nan_test.py::TerminateOnNaNTest::test_terminate_on_nan_raise_error_raises_error
def test_terminate_on_nan_raise_error_raises_error():
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered"):
        overflowing_fit(huge_model(), np.array([[1.0], [2.0]]), np.array([[1.0], [2.0]]),
                        epochs=1, batch_size=1, callbacks=[callbacks.TerminateOnNaN(raise_error=True)])


class TrackingCallback(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.train_end_called = False

    def on_train_end(self, logs=None):
        self.train_end_called = True


# keras: callbacks/terminate_on_nan_test.py::TerminateOnNaNTest::test_raise_error_terminate_does_not_trigger_on_train_end
def test_raise_error_terminate_does_not_trigger_on_train_end():
    tracking = TrackingCallback()
    with pytest.raises(RuntimeError):
        overflowing_fit(huge_model(), np.array([[1.0]]), np.array([[1.0]]), epochs=1,
                        callbacks=[tracking, callbacks.TerminateOnNaN(raise_error=True)])
    assert not tracking.train_end_called


# keras: callbacks/terminate_on_nan_test.py::TerminateOnNaNTest::test_raise_error_terminate_preserves_backup
def test_raise_error_terminate_preserves_backup(tmp_path):
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    fake_file = backup_dir / "checkpoint.txt"
    fake_file.write_text("dummy checkpoint")
    backup = callbacks.BackupAndRestore(backup_dir=backup_dir)
    backup.on_train_end = lambda logs=None: None  # as Keras's case: no clean-up either way
    with pytest.raises(RuntimeError):
        overflowing_fit(huge_model(), np.array([[1.0]]), np.array([[1.0]]), epochs=1,
                        callbacks=[backup, callbacks.TerminateOnNaN(raise_error=True)])
    assert backup_dir.exists()
    assert fake_file.read_text() == "dummy checkpoint"


# keras: callbacks/terminate_on_nan_test.py::TerminateOnNaNTest::test_normal_training_does_not_raise
@pytest.mark.parametrize("raise_error", [False, True], ids=["raise_error_false", "raise_error_true"])
def test_normal_training_does_not_raise(raise_error):
    model = models.Sequential([layers.Input((1,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(np.array([[1.0], [2.0]]), np.array([[1.0], [2.0]]), epochs=2, verbose=0,
                        callbacks=[callbacks.TerminateOnNaN(raise_error=raise_error)])
    assert len(history.history["loss"]) == 2


# keras: callbacks/terminate_on_nan_test.py::TerminateOnNaNTest::test_raise_error_terminate_stops_on_later_batch
def test_raise_error_terminate_stops_on_later_batch():
    # A zero first input keeps the first batch's loss finite; the second overflows.
    model = huge_model()
    with pytest.raises(RuntimeError) as raised:
        overflowing_fit(model, np.array([[0.0], [2.0]]), np.array([[0.0], [1.0]]), epochs=1,
                        batch_size=1, shuffle=False,
                        callbacks=[callbacks.TerminateOnNaN(raise_error=True)])
    assert "batch 1" in str(raised.value)
