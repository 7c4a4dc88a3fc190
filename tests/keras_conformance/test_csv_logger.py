"""Keras's CSVLogger cases (`keras/src/callbacks/csv_logger_test.py`)."""

import csv
import re

import numpy as np
import pytest

from lucidnet import keras

from .training_data import overflowing_classifier

callbacks, layers = keras.callbacks, keras.layers
TRAIN_SAMPLES, TEST_SAMPLES, INPUT_DIM, BATCH_SIZE = 10, 10, 3, 4


@pytest.fixture
def data():
    rng = np.random.default_rng(1337)
    return (rng.random((TRAIN_SAMPLES, INPUT_DIM)), rng.random((TRAIN_SAMPLES, 1)),
            rng.random((TEST_SAMPLES, INPUT_DIM)), rng.random((TEST_SAMPLES, 1)))


def make_model():
    model = keras.Sequential([layers.Dense(2, activation="relu"), layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd", metrics=["mse"])
    return model


def fit(model, data, logger, **kwargs):
    x_train, y_train, x_test, y_test = data
    return model.fit(x_train, y_train, batch_size=BATCH_SIZE, validation_data=(x_test, y_test),
                     callbacks=[logger], verbose=0, **{"epochs": 1, **kwargs})


# keras: callbacks/csv_logger_test.py::CSVLoggerTest::test_CSVLogger
def test_csv_logger_separator_append_and_reuse(data, tmp_path):
    path, sep = tmp_path / "log.tsv", "\t"
    fit(make_model(), data, callbacks.CSVLogger(path, separator=sep))
    assert path.exists()
    assert csv.Sniffer().sniff(path.read_text()).delimiter == sep
    # Appending to the file skips the header; the same logger serves a second fit.
    model, logger = make_model(), callbacks.CSVLogger(path, separator=sep, append=True)
    fit(model, data, logger)
    fit(model, data, logger, epochs=2)
    lines = path.read_text().splitlines(keepends=True)
    assert all(line.count(sep) == 4 for line in lines)  # epoch, loss, mse, val_loss, val_mse
    assert len(lines) == 5
    assert len(re.findall("epoch", " ".join(lines))) == 1


# keras: callbacks/csv_logger_test.py::CSVLoggerTest::test_CSVLogger
def test_csv_logger_writes_na_for_epochs_without_validation(data, tmp_path):
    path, sep = tmp_path / "log.tsv", "\t"
    history = fit(make_model(), data, callbacks.CSVLogger(path, separator=sep), epochs=5,
                  validation_freq=3)
    with open(path) as file:
        rows = list(csv.DictReader(file, delimiter=sep))
    assert len(rows) == 5
    for index, row in enumerate(rows, 1):
        assert "val_loss" in row
        assert row["val_loss"] == (str(history.history["val_loss"][0]) if index == 3 else "NA")


# keras: callbacks/csv_logger_test.py::CSVLoggerTest::test_stop_training_csv
def test_stop_training_csv(tmp_path):
    path = tmp_path / "csv_logger.csv"
    model, (x_train, y_train, x_test, y_test) = overflowing_classifier(TRAIN_SAMPLES, INPUT_DIM)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning, match="not finite"):
        history = model.fit(x_train, y_train, batch_size=BATCH_SIZE,
                            validation_data=(x_test, y_test),
                            callbacks=[callbacks.TerminateOnNaN(), callbacks.CSVLogger(path)],
                            epochs=20, verbose=0)
    loss = history.history["loss"]
    assert len(loss) == 1
    assert np.isnan(loss[0]) or np.isinf(loss[0])
    with open(path) as file:
        values = [row for row in csv.reader(file) if row]
    assert any(value in ("nan", "inf") for value in values[-1]), values
