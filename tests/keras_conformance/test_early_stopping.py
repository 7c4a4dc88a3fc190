"""Keras's EarlyStopping cases (`keras/src/callbacks/early_stopping_test.py`), on lucidnet."""

import numpy as np
import pytest

from lucidnet import keras

callbacks, layers, models = keras.callbacks, keras.layers, keras.models


def two_relu_units():
    return models.Sequential((layers.Dense(1, activation="relu"),
                              layers.Dense(1, activation="relu")))


@pytest.fixture
def regression_data():
    rng = np.random.default_rng(0)
    return [rng.random(shape) for shape in ((10, 5), (10, 1), (10, 5), (10, 1))]


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping
@pytest.mark.parametrize("mode, monitor, expected", [
    ("max", "val_mse", "max"), ("min", "val_loss", "min"), ("auto", "val_mse", "min"),
    ("auto", "loss", "min"), ("auto", "acc", "max"), ("auto", "val_accuracy", "max"),
    ("auto", "hinge", "min"), ("auto", "f1_score", "max"),
])
def test_early_stopping_mode_and_auto_direction(regression_data, mode, monitor, expected):
    x_train, y_train, x_test, y_test = regression_data
    model = two_relu_units()
    # Keras's "acc"/"accuracy" follow the loss; with mae they are binary accuracy here.
    model.compile(loss="mae", optimizer="adam",
                  metrics=["mse", "acc", "accuracy", "hinge", keras.metrics.F1Score(name="f1_score")])
    stopper = callbacks.EarlyStopping(patience=0, monitor=monitor, mode=mode)
    model.fit(x_train, y_train, batch_size=5, validation_data=(x_test, y_test),
              callbacks=[stopper], epochs=2, verbose=0)
    assert stopper.watch.direction == expected


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping
def test_early_stopping_unknown_monitor_in_auto_mode_raises(regression_data):
    x_train, y_train, x_test, y_test = regression_data
    model = two_relu_units()
    model.compile(loss="mae", optimizer="adam", metrics=["mse"])
    with pytest.raises(ValueError, match="monitor='unknown'.*mode='max'"):
        model.fit(x_train, y_train, batch_size=5, validation_data=(x_test, y_test),
                  callbacks=[callbacks.EarlyStopping(patience=0, monitor="unknown")],
                  epochs=2, verbose=0)


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_patience
@pytest.mark.parametrize("patience", [0, 1, 2, 3])
def test_early_stopping_patience(patience):
    losses = [10.0, 9.0, 8.0, 9.0, 8.9, 8.8, 8.7, 8.6, 8.5]
    stopper = callbacks.EarlyStopping(monitor="loss", patience=patience)
    stopper.set_model(models.Sequential())
    stopper.model.compile(loss="mse", optimizer="sgd")
    stopper.on_train_begin()
    for epoch, loss in enumerate(losses):
        stopper.on_epoch_end(epoch=epoch, logs={"loss": loss})
        if stopper.model.stop_training:
            break
    assert stopper.stopped_epoch == max(patience, 1) + 2


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_reuse
def test_early_stopping_reuse():
    patience = 3
    data = np.random.default_rng(1).random((100, 1))
    labels = np.where(data > 0.5, 1, 0)
    model = two_relu_units()
    model.compile(optimizer="sgd", loss="mae", metrics=["mse"])
    stopper = callbacks.EarlyStopping(monitor="mse", patience=patience)
    history1 = model.fit(data, labels, callbacks=[stopper], verbose=0, epochs=20)
    assert len(history1.epoch) >= patience
    history2 = model.fit(data, labels, callbacks=[stopper], verbose=0, epochs=20)
    assert len(history2.epoch) >= patience


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_state_reset_across_fit_calls
def test_state_reset_across_fit_calls():
    stopper = callbacks.EarlyStopping(monitor="loss", patience=3)
    stopper.set_model(models.Sequential())
    stopper.on_train_begin()
    stopper.best, stopper.wait, stopper.stopped_epoch, stopper.best_epoch = 0.1, 3, 5, 5
    stopper.best_weights = object()
    stopper.on_train_begin()
    assert stopper.best is None
    assert stopper.wait == 0
    assert stopper.stopped_epoch == 0
    assert stopper.best_epoch == 0
    assert stopper.best_weights is None


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_with_baseline
def test_early_stopping_with_baseline(regression_data):
    x_train, y_train, _, _ = regression_data
    model = two_relu_units()
    model.compile(optimizer="sgd", loss="mae", metrics=["mse"])
    patience = 3
    stopper = callbacks.EarlyStopping(monitor="mse", patience=patience, baseline=0.6)
    history = model.fit(x_train, y_train, callbacks=[stopper], verbose=0, epochs=20)
    assert len(history.epoch) >= patience


class DummyModel:
    """Keras's stand-in: its "weights" are the number of the epoch that set them."""

    def __init__(self):
        self.stop_training = False
        self.weights = -1

    def get_weights(self):
        return self.weights

    def set_weights(self, weights):
        self.weights = weights


def run_on_losses(early_stop, losses, stop_at=None):
    early_stop.set_model(DummyModel())
    epochs_trained = 0
    early_stop.on_train_begin()
    for epoch, loss in enumerate(losses):
        epochs_trained += 1
        early_stop.model.set_weights(epoch)
        early_stop.on_epoch_end(epoch, logs={"val_loss": loss})
        if epoch == stop_at:
            early_stop.model.stop_training = True
        if early_stop.model.stop_training:
            break
    early_stop.on_train_end()
    return epochs_trained


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_final_weights_when_restoring_model_weights
def test_early_stopping_final_weights_when_restoring_model_weights():
    early_stop = callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    run_on_losses(early_stop, [0.2, 0.15, 0.1, 0.11, 0.12])
    assert early_stop.model.get_weights() == 2  # the best epoch, loss 0.1


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_final_weights_when_restoring_model_weights
def test_early_stopping_restores_the_best_weights_when_no_epoch_beats_the_baseline():
    early_stop = callbacks.EarlyStopping(monitor="val_loss", patience=5, baseline=0.5,
                                         restore_best_weights=True)
    epochs_trained = run_on_losses(early_stop, [0.9, 0.8, 0.7, 0.71, 0.72, 0.73])
    assert epochs_trained == 5
    assert early_stop.model.get_weights() == 2


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_final_weights_when_restoring_model_weights
def test_early_stopping_restores_the_best_weights_when_another_callback_stops():
    early_stop = callbacks.EarlyStopping(monitor="val_loss", patience=5, baseline=0.5,
                                         restore_best_weights=True)
    epochs_trained = run_on_losses(early_stop, [0.9, 0.8, 0.7, 0.71, 0.72, 0.73], stop_at=3)
    assert epochs_trained == 4
    assert early_stop.model.get_weights() == 2


# keras: callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_with_start_from_epoch
@pytest.mark.parametrize("patience", [3, 0])
def test_early_stopping_with_start_from_epoch(regression_data, patience):
    x_train, y_train, _, _ = regression_data
    model = two_relu_units()
    model.compile(optimizer="sgd", loss="mae", metrics=["mse"])
    start_from_epoch = 2
    stopper = callbacks.EarlyStopping(monitor="mse", patience=patience,
                                      start_from_epoch=start_from_epoch)
    history = model.fit(x_train, y_train, callbacks=[stopper], verbose=0, epochs=20)
    assert len(history.epoch) >= patience + start_from_epoch
