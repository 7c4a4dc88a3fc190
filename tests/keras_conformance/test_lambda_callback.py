"""Keras's LambdaCallback cases (`keras/src/callbacks/lambda_callback_test.py`).

Keras's cases log a word from each hook and look for it in the captured log records; here
each hook appends its word to a list, which is the same observation without a logger.
"""

import numpy as np
import pytest

from lucidnet import keras

callbacks, layers = keras.callbacks, keras.layers
BATCH_SIZE = 4


@pytest.fixture
def model():
    # Keras's case also fixes the batch axis, Input(shape=(2,), batch_size=4); lucidnet's
    # Input takes the example shape only, and every batch here has 4 examples anyway.
    model = keras.Sequential([layers.Input(shape=(2,)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(), loss=keras.losses.MeanSquaredError())
    return model


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.standard_normal((16, 2)), rng.standard_normal((16, 1))


# keras: callbacks/lambda_callback_test.py::LambdaCallbackTest::test_lambda_callback
def test_lambda_callback(model, data):
    called = []
    callback = callbacks.LambdaCallback(
        on_train_begin=lambda logs: called.append("on_train_begin"),
        on_epoch_begin=lambda epoch, logs: called.append("on_epoch_begin"),
        on_epoch_end=lambda epoch, logs: called.append("on_epoch_end"),
        on_train_end=lambda logs: called.append("on_train_end"))
    model.fit(*data, batch_size=BATCH_SIZE, validation_split=0.2, callbacks=[callback], epochs=5,
              verbose=0)
    assert called == ["on_train_begin"] + ["on_epoch_begin", "on_epoch_end"] * 5 + ["on_train_end"]


# keras: callbacks/lambda_callback_test.py::LambdaCallbackTest::test_lambda_callback_with_batches
def test_lambda_callback_with_batches(model, data):
    called = []
    callback = callbacks.LambdaCallback(
        on_train_batch_begin=lambda batch, logs: called.append("on_train_batch_begin"),
        on_train_batch_end=lambda batch, logs: called.append("on_train_batch_end"))
    model.fit(*data, batch_size=BATCH_SIZE, validation_split=0.2, callbacks=[callback], epochs=5,
              verbose=0)
    # 16 · (1 − 0.2) = 12.8: the first 12 examples train, 3 batches an epoch.
    assert called == ["on_train_batch_begin", "on_train_batch_end"] * 3 * 5


# keras: callbacks/lambda_callback_test.py::LambdaCallbackTest::test_lambda_callback_with_kwargs
def test_lambda_callback_with_kwargs(model, data):
    model.fit(*data, batch_size=BATCH_SIZE, epochs=1, verbose=0)
    called = []
    callback = callbacks.LambdaCallback(
        on_test_begin=lambda logs: called.append("custom_on_test_begin_executed"))
    model.evaluate(*data, batch_size=BATCH_SIZE, callbacks=[callback], verbose=0)
    assert called == ["custom_on_test_begin_executed"]


# keras: callbacks/lambda_callback_test.py::LambdaCallbackTest::test_lambda_callback_no_args
def test_lambda_callback_no_args():
    assert isinstance(callbacks.LambdaCallback(), callbacks.LambdaCallback)


# keras: callbacks/lambda_callback_test.py::LambdaCallbackTest::test_lambda_callback_with_additional_kwargs
def test_lambda_callback_with_additional_kwargs():
    def custom_callback(logs):
        pass

    callback = callbacks.LambdaCallback(custom_method=custom_callback)
    assert callback.custom_method is custom_callback


# keras: callbacks/lambda_callback_test.py::LambdaCallbackTest::test_lambda_callback_during_prediction
def test_lambda_callback_during_prediction(model, data):
    called = []
    callback = callbacks.LambdaCallback(
        on_predict_begin=lambda logs: called.append("on_predict_begin_executed"))
    model.predict(data[0], batch_size=BATCH_SIZE, callbacks=[callback], verbose=0)
    assert called == ["on_predict_begin_executed"]
