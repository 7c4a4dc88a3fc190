"""Keras's ModelCheckpoint cases (`keras/src/callbacks/model_checkpoint_test.py`).

Keras's single long test is cut into one test per behaviour it checks.  The files are
lucidnet model files (`.lucid`) instead of `.keras` archives and `.weights.h5` files (see
docs/keras.md, "Model files are lucidnet's format"); which files are written, and when, is
Keras's.
"""

import numpy as np
import pytest

from lucidnet import keras

from .training_data import get_test_data

callbacks, layers, metrics = keras.callbacks, keras.layers, keras.metrics
NUM_CLASSES, INPUT_DIM, NUM_HIDDEN, BATCH_SIZE = 3, 3, 5, 5


def get_model(metric=None):
    model = keras.Sequential([layers.Dense(NUM_HIDDEN, activation="relu"),
                              layers.Dense(NUM_CLASSES, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="sgd",
                  metrics=[metric or metrics.Accuracy("acc")])
    return model


@pytest.fixture
def data():
    (x_train, y_train), (x_test, y_test) = get_test_data(
        random_seed=42, train_samples=30, test_samples=30, input_shape=(INPUT_DIM,),
        num_classes=NUM_CLASSES)
    to_categorical = keras.utils.to_categorical
    return (x_train, to_categorical(y_train, NUM_CLASSES),
            (x_test, to_categorical(y_test, NUM_CLASSES)))


def fit(model, data, checkpoint, batch_size=BATCH_SIZE, epochs=1):
    x, y, validation = data
    model.fit(x, y, batch_size=batch_size, validation_data=validation, callbacks=[checkpoint],
              epochs=epochs, verbose=0)


# keras: callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options
@pytest.mark.parametrize("monitor, mode, save_best_only", [
    ("val_loss", "auto", False), ("val_loss", "min", False), ("val_acc", "max", False),
    ("val_acc", "max", True),
])
def test_model_checkpoint_saves_with_each_mode(data, tmp_path, monitor, mode, save_best_only):
    filepath = tmp_path / "subdir" / "checkpoint.lucid"
    fit(get_model(), data, callbacks.ModelCheckpoint(filepath, monitor=monitor, mode=mode,
                                                     save_best_only=save_best_only))
    assert filepath.exists()


# keras: callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options
def test_model_checkpoint_unknown_monitor_warns_and_saves(data, tmp_path):
    filepath = tmp_path / "checkpoint.lucid"
    checkpoint = callbacks.ModelCheckpoint(filepath, monitor="unknown", save_best_only=True,
                                           mode="min")
    with pytest.warns(UserWarning, match="'unknown'"):
        fit(get_model(), data, checkpoint)
    assert filepath.exists()


# keras: callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options
@pytest.mark.parametrize("save_weights_only", [False, True])
def test_model_checkpoint_save_freq_in_batches(data, tmp_path, save_weights_only):
    filepath = str(tmp_path / "checkpoint.epoch{epoch:02d}.lucid")
    checkpoint = callbacks.ModelCheckpoint(filepath, monitor="val_acc", mode="max", save_freq=15,
                                           save_weights_only=save_weights_only)
    # 30 examples in batches of 6 are 5 batches an epoch: a save every 3 epochs.
    fit(get_model(), data, checkpoint, batch_size=6, epochs=10)
    saved = [epoch for epoch in range(1, 11) if (tmp_path / filepath.format(epoch=epoch)).exists()]
    assert saved == [3, 6, 9]


# keras: callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options
def test_model_checkpoint_save_freq_is_checked(tmp_path):
    filepath = tmp_path / "checkpoint.lucid"
    with pytest.raises(ValueError, match="save_freq must be 'epoch' or a positive integer, got "
                                         "'invalid_save_freq'"):
        callbacks.ModelCheckpoint(filepath, save_weights_only=True, save_freq="invalid_save_freq")
    callbacks.ModelCheckpoint(filepath, save_weights_only=True, save_freq="epoch")
    callbacks.ModelCheckpoint(filepath, save_weights_only=True, save_freq=3)


# keras: callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options
@pytest.mark.parametrize("save_weights_only", [False, True])
def test_model_checkpoint_batch_field_counts_from_one(data, tmp_path, save_weights_only):
    filepath = str(tmp_path / "checkpoint.epoch{epoch:02d}batch{batch:02d}.lucid")
    checkpoint = callbacks.ModelCheckpoint(filepath, monitor="val_loss", save_freq=1,
                                           save_weights_only=save_weights_only)
    fit(get_model(), data, checkpoint, batch_size=15, epochs=5)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(f"checkpoint.epoch{epoch:02d}batch{batch:02d}.lucid"
                           for epoch in range(1, 6) for batch in (1, 2))


# keras: callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options
@pytest.mark.parametrize("monitor, mode, threshold, saved", [
    ("val_acc", "max", -0.01, True),   # any accuracy beats -0.01
    ("val_loss", "auto", None, True),  # the first value beats None
    ("val_loss", "min", 0, False),     # no cross-entropy is below 0
    ("val_loss", "auto", 0, False),
])
def test_model_checkpoint_initial_value_threshold(data, tmp_path, monitor, mode, threshold, saved):
    filepath = tmp_path / "checkpoint.lucid"
    fit(get_model(), data, callbacks.ModelCheckpoint(
        filepath, monitor=monitor, mode=mode, save_best_only=True,
        initial_value_threshold=threshold))
    assert filepath.exists() is saved


# keras: callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options
def test_model_checkpoint_initial_value_threshold_of_auc(data, tmp_path):
    filepath = tmp_path / "checkpoint.lucid"
    fit(get_model(metrics.AUC()), data, callbacks.ModelCheckpoint(
        filepath, monitor="val_auc", mode="auto", save_best_only=True, initial_value_threshold=1))
    assert not filepath.exists()  # "auto" maximises AUC, and none beats 1


# keras: callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_loading
@pytest.mark.parametrize("save_weights_only", [False, True])
def test_model_checkpoint_loading(data, tmp_path, save_weights_only):
    filepath = tmp_path / "checkpoint.model.lucid"
    model = get_model()
    fit(model, data, callbacks.ModelCheckpoint(filepath, monitor="val_loss", mode="auto",
                                               save_best_only=True,
                                               save_weights_only=save_weights_only))
    assert filepath.exists()
    if save_weights_only:
        new_model = get_model()
        new_model.build((None, INPUT_DIM))
        new_model.load_weights(filepath)
    else:
        new_model = keras.saving.load_model(filepath)
    reference, loaded = model.get_weights(), new_model.get_weights()
    assert len(reference) == len(loaded)
    for ref_w, w in zip(reference, loaded):
        np.testing.assert_allclose(w, ref_w)
