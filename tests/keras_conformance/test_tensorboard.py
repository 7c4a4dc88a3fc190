"""Keras's TensorBoard cases (`keras/src/callbacks/tensorboard_test.py`) that are not
TensorFlow's: which scalars each run holds after `fit`.  Keras lists them with TensorFlow's
summary iterator; here TensorBoard's own reader reads the event files."""

import os

import numpy as np
import pytest

pytest.importorskip("tensorboardX")
event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")

from lucidnet import keras

callbacks, layers, optimizers = keras.callbacks, keras.layers, keras.optimizers


def get_model(compile_model=True):
    model = keras.Sequential([layers.Input((10, 10, 1)), layers.Flatten(), layers.Dense(1)])
    if compile_model:
        model.compile("sgd", "mse")
    return model


def data():
    return np.ones((10, 10, 10, 1)), np.ones((10, 1))


def scalars(logdir):
    """{(run, tag)} of every scalar written under `logdir`, as Keras's `list_summaries`."""
    found = set()
    for dirpath, _, filenames in os.walk(logdir):
        if any(name.startswith("events.out.") for name in filenames):
            run = event_accumulator.EventAccumulator(dirpath).Reload()
            found |= {(os.path.relpath(dirpath, logdir), tag) for tag in run.Tags()["scalars"]}
    return found


WITH_VALIDATION = {("train", "epoch_loss"), ("validation", "epoch_loss"),
                   ("train", "epoch_learning_rate"),
                   ("validation", "evaluation_loss_vs_iterations")}


# keras: callbacks/tensorboard_test.py::TestTensorBoardV2::test_TensorBoard_basic
def test_tensorboard_basic(tmp_path):
    logdir = tmp_path / "tb"
    get_model().fit(*data(), batch_size=2, epochs=2, validation_data=data(), verbose=0,
                    callbacks=[callbacks.TensorBoard(logdir)])
    assert scalars(logdir) == WITH_VALIDATION


# keras: callbacks/tensorboard_test.py::TestTensorBoardV2::test_TensorBoard_across_invocations
def test_tensorboard_across_invocations(tmp_path):
    logdir, model, board = tmp_path / "tb", get_model(), callbacks.TensorBoard(tmp_path / "tb")
    for _ in (1, 2):
        model.fit(*data(), batch_size=2, epochs=2, validation_data=data(), verbose=0,
                  callbacks=[board])
    assert scalars(logdir) == WITH_VALIDATION


# keras: callbacks/tensorboard_test.py::TestTensorBoardV2::test_TensorBoard_no_spurious_event_files
def test_tensorboard_no_spurious_event_files(tmp_path):
    logdir = tmp_path / "tb"
    get_model().fit(*data(), batch_size=2, epochs=2, verbose=0,
                    callbacks=[callbacks.TensorBoard(logdir)])
    runs = {os.path.basename(dirpath) for dirpath, _, filenames in os.walk(logdir / "train")
            if any(name.startswith("events.out.") for name in filenames)}
    assert runs == {"train"}


# keras: callbacks/tensorboard_test.py::TestTensorBoardV2::test_TensorBoard_batch_metrics
def test_tensorboard_batch_metrics(tmp_path):
    logdir = tmp_path / "tb"
    get_model().fit(*data(), batch_size=2, epochs=2, validation_data=data(), verbose=0,
                    callbacks=[callbacks.TensorBoard(logdir, update_freq=1)])
    assert scalars(logdir) == WITH_VALIDATION | {("train", "batch_loss")}


# keras: callbacks/tensorboard_test.py::TestTensorBoardV2::test_TensorBoard_learning_rate_schedules
def test_tensorboard_learning_rate_schedules(tmp_path):
    logdir, model = tmp_path / "tb", get_model(compile_model=False)
    model.compile(optimizers.SGD(optimizers.schedules.CosineDecay(0.01, 1)), "mse")
    model.fit(*data(), batch_size=2, epochs=2, verbose=0, callbacks=[callbacks.TensorBoard(logdir)])
    assert scalars(logdir) == {("train", "epoch_loss"), ("train", "epoch_learning_rate")}


# keras: callbacks/tensorboard_test.py::TestTensorBoardV2::test_TensorBoard_global_step
def test_tensorboard_global_step(tmp_path):
    logdir, model = tmp_path / "tb", get_model(compile_model=False)
    model.compile(optimizers.SGD(optimizers.schedules.CosineDecay(0.01, 1)), "mse")
    model.fit(*data(), batch_size=2, epochs=2, verbose=0, callbacks=[callbacks.TensorBoard(
        logdir, update_freq=1, profile_batch=0, write_steps_per_second=True)])
    assert scalars(logdir) == {("train", "batch_loss"), ("train", "epoch_loss"),
                               ("train", "epoch_learning_rate"),
                               ("train", "epoch_steps_per_second"),
                               ("train", "batch_steps_per_second")}
