"""The TensorBoard callback, checked by reading its event files back with TensorBoard's reader."""

import json
import sys

import numpy as np
import pytest

pytest.importorskip("tensorboardX")
event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
from tensorboard.plugins.hparams import api_pb2 as hparams_api
from tensorboard.plugins.hparams import metadata as hparams_metadata

from lucidnet import Dense, Input, Sequential
from lucidnet.callbacks import Callback
from lucidnet.callbacks.tensorboard import TensorBoard

EPOCHS = 3
BATCH_SIZE = 8


def classifier():
    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dense(3, activation="softmax")],
                       seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture
def data(rng):
    x = rng.normal(size=(40, 4))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5)
    return x, y


def read_run(path):
    """Everything TensorBoard would load from the run at ``path`` (no sampling)."""
    accumulator = event_accumulator.EventAccumulator(
        str(path), size_guidance={kind: 0 for kind in event_accumulator.DEFAULT_SIZE_GUIDANCE}
    )
    return accumulator.Reload()


def scalar_series(run, tag):
    events = run.Scalars(tag)
    return [event.step for event in events], np.array([event.value for event in events], np.float32)


def text(run, tag):
    # tensorboardX files text under "<tag>/text_summary", TensorBoard's legacy text tag.
    (event,) = run.Tensors(f"{tag}/text_summary")
    return event.tensor_proto.string_val[0].decode()


def test_epoch_scalars_match_history_in_train_and_validation_runs(tmp_path, data):
    model = classifier()
    history = model.fit(*data, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_split=0.25,
                        verbose=0, callbacks=[TensorBoard(tmp_path)])
    train, validation = read_run(tmp_path / "train"), read_run(tmp_path / "validation")
    epochs = list(range(EPOCHS))
    for run, prefix in ((train, ""), (validation, "val_")):
        for name in ("loss", "accuracy"):
            steps, values = scalar_series(run, f"epoch_{name}")
            assert steps == epochs
            np.testing.assert_array_equal(values, np.float32(history.history[prefix + name]))
    steps, values = scalar_series(train, "epoch_learning_rate")
    assert steps == epochs
    np.testing.assert_array_equal(values, np.float32(model.optimizer.learning_rate))
    assert not [tag for tag in train.Tags()["scalars"] if tag.startswith("batch_")]
    assert "epoch_learning_rate" not in validation.Tags()["scalars"]


def test_validation_run_is_created_only_when_validation_metrics_appear(tmp_path, data):
    classifier().fit(*data, epochs=1, verbose=0, callbacks=[TensorBoard(tmp_path)])
    assert (tmp_path / "train").is_dir()
    assert not (tmp_path / "validation").exists()


def test_histograms_of_weights_and_gradients_are_written_every_epoch(tmp_path, data):
    model = classifier()
    model.fit(*data, epochs=EPOCHS, batch_size=BATCH_SIZE, verbose=0,
              callbacks=[TensorBoard(tmp_path, histogram_freq=1)])
    train = read_run(tmp_path / "train")
    layer = model.get_layer("dense_1")
    for name, weight in zip(layer.weight_names, layer.weights):
        for tag in (f"dense_1/{name}", f"dense_1/{name}_gradient"):
            events = train.Histograms(tag)
            assert [event.step for event in events] == list(range(EPOCHS))
            assert all(event.histogram_value.num == weight.size for event in events)
    kernel = train.Histograms("dense_1/kernel")[-1].histogram_value
    final_kernel = layer.weights[layer.weight_names.index("kernel")]
    assert (kernel.min, kernel.max) == (final_kernel.min(), final_kernel.max())


@pytest.mark.parametrize("histogram_freq, steps", [(0, None), (2, [0, 2])])
def test_histograms_are_written_at_epochs_divisible_by_histogram_freq(tmp_path, data,
                                                                      histogram_freq, steps):
    classifier().fit(*data, epochs=EPOCHS, verbose=0,
                     callbacks=[TensorBoard(tmp_path, histogram_freq=histogram_freq)])
    train = read_run(tmp_path / "train")
    if steps is None:
        assert train.Tags()["histograms"] == []
    else:
        assert [event.step for event in train.Histograms("dense_2/bias")] == steps


def test_update_freq_writes_batch_scalars_every_n_batches(tmp_path, data):
    class BatchLogs(Callback):
        def on_train_begin(self, logs=None):
            self.losses = []

        def on_train_batch_end(self, batch, logs=None):
            self.losses.append(logs["loss"])

    recorder = BatchLogs()
    classifier().fit(*data, epochs=2, batch_size=BATCH_SIZE, verbose=0,
                     callbacks=[recorder, TensorBoard(tmp_path, update_freq=2)])
    steps, values = scalar_series(read_run(tmp_path / "train"), "batch_loss")
    # 40 examples in batches of 8: 5 batches an epoch, counted across epochs from 1.
    assert steps == [2, 4, 6, 8, 10]
    np.testing.assert_array_equal(values, np.float32(recorder.losses[1::2]))


def test_write_graph_writes_the_summary_and_config_as_text(tmp_path, data):
    model = classifier()
    model.fit(*data, epochs=1, verbose=0, callbacks=[TensorBoard(tmp_path)])
    train = read_run(tmp_path / "train")
    summary, config = text(train, "model/summary"), text(train, "model/config")
    assert summary.startswith("```\n") and summary.endswith("\n```")
    assert "dense_1 (Dense)" in summary and "dense_2 (Dense)" in summary
    assert json.loads(config.removeprefix("```json\n").removesuffix("\n```")) == model.get_config()


def test_hparams_session_is_recorded_in_log_dir(tmp_path, data):
    model = classifier()
    model.fit(*data, epochs=2, batch_size=BATCH_SIZE, verbose=0, callbacks=[TensorBoard(tmp_path)])
    content = read_run(tmp_path).PluginTagToContent(hparams_metadata.PLUGIN_NAME)
    start = hparams_metadata.parse_session_start_info_plugin_data(
        content[hparams_metadata.SESSION_START_INFO_TAG]
    )
    hparams = {name: getattr(value, value.WhichOneof("kind"))
               for name, value in start.hparams.items()}
    assert hparams["optimizer"] == "adam" and hparams["optimizer.learning_rate"] == 0.001
    assert hparams["loss"] == "sparse_categorical_crossentropy"
    assert (hparams["batch_size"], hparams["epochs"]) == (BATCH_SIZE, 2)
    assert hparams["num_params"] == model.count_params()
    end = hparams_metadata.parse_session_end_info_plugin_data(
        content[hparams_metadata.SESSION_END_INFO_TAG]
    )
    assert end.status == hparams_api.STATUS_SUCCESS


def test_one_callback_serves_two_fits_with_a_new_event_file_each(tmp_path, data):
    model, callback = classifier(), TensorBoard(tmp_path)
    model.fit(*data, epochs=2, verbose=0, callbacks=[callback])
    second = model.fit(*data, epochs=2, verbose=0, callbacks=[callback])
    files = sorted((tmp_path / "train").iterdir())
    assert len(files) == 2
    _, values = scalar_series(read_run(files[-1]), "epoch_loss")
    np.testing.assert_array_equal(values, np.float32(second.history["loss"]))


def test_non_finite_gradients_are_left_out_of_histograms(tmp_path, data):
    model = classifier()
    model.fit(*data, epochs=1, verbose=0)
    callback = TensorBoard(tmp_path, histogram_freq=1, write_graph=False, write_hparams=False)
    callback.set_model(model)
    callback.on_train_begin()
    layer = model.get_layer("dense_1")
    layer.grads[0][0, 0] = np.nan
    callback.on_epoch_end(0, {"loss": float("nan")})
    callback.on_train_end()
    histograms = read_run(tmp_path / "train").Tags()["histograms"]
    assert "dense_1/kernel" in histograms and "dense_1/bias_gradient" in histograms
    assert "dense_1/kernel_gradient" not in histograms


def test_missing_tensorboardx_raises_import_error_with_install_hint(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "tensorboardX", None)
    hint = r'needs the tensorboardX package: pip install "lucidnet\[tensorboard\]"'
    with pytest.raises(ImportError, match=hint):
        TensorBoard(tmp_path)


@pytest.mark.parametrize("arguments, message", [
    ({"histogram_freq": -1}, "TensorBoard histogram_freq must be a non-negative integer, got -1"),
    ({"histogram_freq": 1.5}, "TensorBoard histogram_freq must be a non-negative integer, got 1.5"),
    ({"update_freq": "often"},
     "TensorBoard update_freq must be 'epoch', 'batch' or a positive integer, got 'often'"),
    ({"update_freq": 0}, "update_freq must be .* got 0"),
    ({"update_freq": True}, "update_freq must be 'epoch', 'batch' or a positive integer, got True"),
    ({"write_graph": "yes"}, "TensorBoard write_graph must be True or False, got 'yes'"),
])
def test_bad_arguments_are_rejected_with_the_value_received(tmp_path, arguments, message):
    with pytest.raises(ValueError, match=message):
        TensorBoard(tmp_path, **arguments)
