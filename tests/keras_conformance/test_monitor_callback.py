"""Keras's MonitorCallback cases (`keras/src/callbacks/monitor_callback_test.py`).

lucidnet's `Monitor` (shared by EarlyStopping, ModelCheckpoint and ReduceLROnPlateau) is
what Keras's `MonitorCallback` base class is; the cases run through EarlyStopping, the
public face of it, and through `Monitor` for the improvement rule.
"""

import numpy as np
import pytest

from lucidnet import keras
from lucidnet.callbacks.monitor import Monitor

layers, models = keras.layers, keras.models


def compiled_model():
    model = models.Sequential((layers.Dense(1, activation="relu"),
                               layers.Dense(1, activation="relu")))
    model.compile(loss="mae", optimizer="adam",
                  metrics=["mse", "acc", "accuracy", "hinge", keras.metrics.F1Score(name="f1_score")])
    rng = np.random.default_rng(0)
    x_train, y_train, x_test, y_test = (rng.random(s) for s in ((10, 5), (10, 1), (10, 5), (10, 1)))
    model.fit(x_train, y_train, batch_size=5, validation_data=(x_test, y_test), epochs=2, verbose=0)
    return model


# keras: callbacks/monitor_callback_test.py::MonitorCallbackTest::test_monitor_op_logic
@pytest.mark.parametrize("mode, monitor, expected", [
    ("max", "val_mse", "max"), ("min", "val_loss", "min"), ("auto", "val_mse", "min"),
    ("auto", "loss", "min"), ("auto", "acc", "max"), ("auto", "val_accuracy", "max"),
    ("auto", "hinge", "min"), ("auto", "f1_score", "max"),
])
def test_monitor_op_logic(mode, monitor, expected):
    watch = Monitor(monitor, mode)
    watch.bind(compiled_model())
    assert watch.direction == expected


# keras: callbacks/monitor_callback_test.py::MonitorCallbackTest::test_monitor_op_logic
def test_monitor_op_logic_unknown_monitor_raises():
    watch = Monitor("unknown")
    with pytest.raises(ValueError, match="monitor='unknown'"):
        watch.bind(compiled_model())


# keras: callbacks/monitor_callback_test.py::MonitorCallbackTest::test_min_delta
def test_min_delta():
    watch = Monitor("val_loss", mode="max", min_delta=0.5)
    assert watch.improves(0.75, 0)
    assert watch.improves(0.5, None)
    assert not watch.improves(0.5, 0)
    assert not watch.improves(0.2, 0.5)
