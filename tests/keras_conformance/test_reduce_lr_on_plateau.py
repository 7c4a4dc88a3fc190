"""Keras's ReduceLROnPlateau cases (`keras/src/callbacks/reduce_lr_on_plateau_test.py`)."""

import pytest

from lucidnet import keras

from .training_data import get_test_data

callbacks, layers, optimizers = keras.callbacks, keras.layers, keras.optimizers


@pytest.fixture
def setup():
    (x_train, y_train), (x_test, y_test) = get_test_data(
        train_samples=10, test_samples=10, input_shape=(3,), num_classes=2)
    model = keras.Sequential([layers.Dense(5), layers.Dense(2)])
    model.compile(loss="mse", optimizer=optimizers.Adam(0.1))
    to_categorical = keras.utils.to_categorical
    return model, x_train, to_categorical(y_train), (x_test, to_categorical(y_test))


def fit(setup, reduce_lr, epochs):
    model, x, y, validation = setup
    model.fit(x, y, validation_data=validation, callbacks=[reduce_lr], epochs=epochs, verbose=0)
    return model


# keras: callbacks/reduce_lr_on_plateau_test.py::ReduceLROnPlateauTest::test_reduces_lr_with_model_fit
def test_reduces_lr_with_model_fit(setup):
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="val_loss", min_delta=100)
    assert fit(setup, reduce_lr, 2).optimizer.learning_rate == pytest.approx(0.01)


# keras: callbacks/reduce_lr_on_plateau_test.py::ReduceLROnPlateauTest::test_throws_when_optimizer_has_schedule
def test_throws_when_optimizer_has_schedule(setup):
    model = setup[0]
    model.compile(loss="mse", optimizer=optimizers.Adam(
        optimizers.schedules.PolynomialDecay(initial_learning_rate=0.1, decay_steps=10)))
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="val_loss", min_delta=100)
    with pytest.raises(TypeError, match="This optimizer was created with a `LearningRateSchedule`"):
        fit(setup, reduce_lr, 2)


# keras: callbacks/reduce_lr_on_plateau_test.py::ReduceLROnPlateauTest::test_verbose_logging
def test_verbose_logging(setup, capsys):
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="val_loss",
                                            min_delta=100, verbose=1)
    fit(setup, reduce_lr, 2)
    assert "ReduceLROnPlateau reducing learning rate to 0.01" in capsys.readouterr().out


# keras: callbacks/reduce_lr_on_plateau_test.py::ReduceLROnPlateauTest::test_honors_min_lr
def test_honors_min_lr(setup):
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="val_loss",
                                            min_delta=10, min_lr=0.005)
    assert fit(setup, reduce_lr, 4).optimizer.learning_rate == 0.005


# keras: callbacks/reduce_lr_on_plateau_test.py::ReduceLROnPlateauTest::test_cooldown
def test_cooldown(setup):
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="val_loss",
                                            min_delta=100, cooldown=2)
    # A cooldown of 2 epochs reduces every other epoch: twice in 4 epochs.
    assert fit(setup, reduce_lr, 4).optimizer.learning_rate == pytest.approx(0.001)


# keras: callbacks/reduce_lr_on_plateau_test.py::ReduceLROnPlateauTest::test_state_reset_across_fit_calls
def test_state_reset_across_fit_calls(setup):
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="loss", min_delta=0,
                                            cooldown=2)
    reduce_lr.set_model(setup[0])
    reduce_lr.on_train_begin()
    reduce_lr.best, reduce_lr.wait, reduce_lr.cooldown_counter = 0.5, 3, 2
    reduce_lr.on_train_begin()
    assert reduce_lr.best is None
    assert reduce_lr.wait == 0
    assert reduce_lr.cooldown_counter == 0
