"""Keras's LearningRateScheduler cases (`keras/src/callbacks/learning_rate_scheduler_test.py`)."""

import pytest

from lucidnet import keras

from .training_data import get_test_data

callbacks, layers, optimizers = keras.callbacks, keras.layers, keras.optimizers


@pytest.fixture
def setup():
    (x_train, y_train), _ = get_test_data(train_samples=10, test_samples=10, input_shape=(3,),
                                          num_classes=2)
    model = keras.Sequential([layers.Dense(5), layers.Dense(2)])
    model.compile(loss="mse", optimizer="sgd")
    return model, x_train, keras.utils.to_categorical(y_train)


# keras: callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::test_updates_learning_rate
def test_updates_learning_rate(setup):
    model, x, y = setup
    scheduler = callbacks.LearningRateScheduler(lambda step: 1.0 / (2.0 + step), verbose=1)
    model.fit(x, y, callbacks=[scheduler], epochs=1, verbose=0)
    assert model.optimizer.learning_rate == 0.5


# keras: callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::test_verbose_logging
def test_verbose_logging(setup, capsys):
    model, x, y = setup
    scheduler = callbacks.LearningRateScheduler(lambda step: 1.0 / (1.0 + step), verbose=1)
    model.fit(x, y, callbacks=[scheduler], epochs=1, verbose=0)
    assert "LearningRateScheduler setting learning rate to 1.0" in capsys.readouterr().out


# keras: callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::test_schedule_dependent_on_previous_learning_rate
def test_schedule_dependent_on_previous_learning_rate(setup):
    model, x, y = setup
    initial_lr = 0.03
    model.compile(loss="mse", optimizer=optimizers.Adam(initial_lr))
    scheduler = callbacks.LearningRateScheduler(lambda step, lr: lr / 2)
    model.fit(x, y, callbacks=[scheduler], epochs=2, verbose=0)
    assert model.optimizer.learning_rate == initial_lr / 4.0


# keras: callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::test_throws_when_optimizer_has_schedule
def test_throws_when_optimizer_has_schedule(setup):
    model, x, y = setup
    schedule = optimizers.schedules.PolynomialDecay(initial_learning_rate=0.1, decay_steps=10)
    model.compile(loss="mse", optimizer=optimizers.Adam(schedule))
    scheduler = callbacks.LearningRateScheduler(lambda step, lr: lr / 2)
    with pytest.raises(TypeError, match="This optimizer was created with a `LearningRateSchedule`"):
        model.fit(x, y, callbacks=[scheduler], epochs=2, verbose=0)
    assert model.optimizer.schedule is schedule  # kept, not replaced by a constant


# keras: callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::test_learning_rate_in_history
def test_learning_rate_in_history(setup):
    model, x, y = setup
    scheduler = callbacks.LearningRateScheduler(lambda step, lr: 0.5)
    history = model.fit(x, y, callbacks=[scheduler], epochs=1, verbose=0)
    assert "learning_rate" in history.history
    assert type(history.history["learning_rate"][0]) is float
    assert history.history["learning_rate"][0] == 0.5
