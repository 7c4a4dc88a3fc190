"""The TensorBoard callback, checked by reading its event files back with TensorBoard's reader."""

import inspect
import io
import itertools
import json
import sys
import warnings

import numpy as np
import pytest

pytest.importorskip("tensorboardX")
event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
from tensorboard.plugins.hparams import api_pb2 as hparams_api
from tensorboard.plugins.graph import keras_util
from tensorboard.plugins.hparams import metadata as hparams_metadata

from lucidnet import Dense, Input, Sequential
from lucidnet.callbacks import Callback, LambdaCallback
from lucidnet.callbacks import tensorboard
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
    assert "epoch_steps_per_second" not in train.Tags()["scalars"]
    assert train.Tags()["images"] == []


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


def test_hparams_record_the_epochs_an_early_stopped_run_trained(tmp_path, data):
    model = classifier()
    stop = LambdaCallback(
        on_epoch_end=lambda epoch, logs: setattr(model, "stop_training", epoch == 2))
    model.fit(*data, epochs=50, verbose=0, callbacks=[stop, TensorBoard(tmp_path)])
    content = read_run(tmp_path).PluginTagToContent(hparams_metadata.PLUGIN_NAME)
    start = hparams_metadata.parse_session_start_info_plugin_data(
        content[hparams_metadata.SESSION_START_INFO_TAG]
    )
    hparams = {name: getattr(value, value.WhichOneof("kind"))
               for name, value in start.hparams.items()}
    assert (hparams["epochs"], hparams["epochs_planned"]) == (3, 50)
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
    ({"write_images": 1}, "TensorBoard write_images must be True or False, got 1"),
    ({"write_steps_per_second": "no"},
     "TensorBoard write_steps_per_second must be True or False, got 'no'"),
    ({"profile_batch": -1}, "TensorBoard profile_batch must be a non-negative integer or a pair "
                            r"\(start, stop\) of them with start <= stop, got -1"),
    ({"profile_batch": (20, 10)}, r"TensorBoard profile_batch must be .* got \(20, 10\)"),
    ({"profile_batch": "ten"}, "TensorBoard profile_batch must be .* got 'ten'"),
    ({"embeddings_freq": -2}, "TensorBoard embeddings_freq must be a non-negative integer, got -2"),
])
def test_bad_arguments_are_rejected_with_the_value_received(tmp_path, arguments, message):
    with pytest.raises(ValueError, match=message):
        TensorBoard(tmp_path, **arguments)


def test_arguments_and_defaults_are_keras_3s_in_its_order():
    keras_defaults = {
        "log_dir": "logs", "histogram_freq": 0, "write_graph": True, "write_images": False,
        "write_steps_per_second": False, "update_freq": "epoch", "profile_batch": 0,
        "embeddings_freq": 0, "embeddings_metadata": None,
    }
    parameters = list(inspect.signature(TensorBoard).parameters.values())
    assert {p.name: p.default for p in parameters[:len(keras_defaults)]} == keras_defaults
    assert list(keras_defaults) == [p.name for p in parameters[:len(keras_defaults)]]


def test_write_graph_writes_the_conceptual_graph_the_graphs_dashboard_draws(tmp_path, data):
    model = classifier()
    model.fit(*data, epochs=1, verbose=0, callbacks=[TensorBoard(tmp_path)])
    train = read_run(tmp_path / "train")
    assert train.PluginTagToContent(tensorboard.KERAS_GRAPH_PLUGIN) == {"keras": b"1"}
    (event,) = train.Tensors("keras")
    assert event.step == 0
    config = json.loads(event.tensor_proto.string_val[0])
    graph = keras_util.keras_model_to_graph_def(config)
    nodes = {node.name: (list(node.input), node.attr["keras_class"].s) for node in graph.node}
    assert nodes == {
        "sequential/input_layer": ([], b"InputLayer"),
        "sequential/dense_1": (["sequential/input_layer"], b"Dense"),
        "sequential/dense_2": (["sequential/dense_1"], b"Dense"),
    }


def test_write_graph_false_writes_neither_graph_nor_text(tmp_path, data):
    classifier().fit(*data, epochs=1, verbose=0,
                     callbacks=[TensorBoard(tmp_path, write_graph=False)])
    train = read_run(tmp_path / "train")
    assert train.Tags()["tensors"] == []


def decoded(image_event):
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(image_event.encoded_image_string)))[..., 0]


def test_write_images_writes_each_weight_as_keras_draws_it(tmp_path, data):
    model = classifier()
    model.fit(*data, epochs=EPOCHS, batch_size=BATCH_SIZE, verbose=0,
              callbacks=[TensorBoard(tmp_path, histogram_freq=2, write_images=True)])
    train = read_run(tmp_path / "train")
    # kernels (4, 8) as they are and (8, 3) transposed: wider than tall; biases as columns.
    expected = {"dense_1/kernel": lambda w: w, "dense_2/kernel": lambda w: w.T,
                "dense_1/bias": lambda w: w[:, None], "dense_2/bias": lambda w: w[:, None]}
    assert sorted(train.Tags()["images"]) == sorted(f"{tag}/image" for tag in expected)
    for tag, arrange in expected.items():
        layer_name, weight_name = tag.split("/")
        layer = model.get_layer(layer_name)
        weight = arrange(layer.weights[layer.weight_names.index(weight_name)])
        events = train.Images(f"{tag}/image")
        assert [event.step for event in events] == [0, 2]
        assert (events[-1].height, events[-1].width) == weight.shape
        np.testing.assert_array_equal(decoded(events[-1]),
                                      np.rint(np.clip(weight, 0, 1) * 255).astype(np.uint8))


def test_write_images_without_histogram_freq_writes_no_images(tmp_path, data):
    classifier().fit(*data, epochs=1, verbose=0,
                     callbacks=[TensorBoard(tmp_path, write_images=True)])
    assert read_run(tmp_path / "train").Tags()["images"] == []


@pytest.mark.parametrize("shape, image_shape", [
    ((1, 5), (5, 1)), ((5, 1, 2), (2, 5)), ((3,), (3, 1)), ((), None), ((2, 3, 4), None),
])
def test_weight_images_follow_keras_reshape_rules(shape, image_shape):
    image = tensorboard._weight_image(np.full(shape, 0.5, np.float32))
    assert (None if image is None else image.shape) == image_shape


def ticking_clock(monkeypatch, seconds):
    """A clock that advances ``seconds`` each time it is read, so rates are exact."""
    ticks = itertools.count(step=seconds)
    monkeypatch.setattr(tensorboard, "clock", lambda: next(ticks))


def test_steps_per_second_per_batch_and_per_epoch(monkeypatch, tmp_path, data):
    ticking_clock(monkeypatch, 0.5)
    classifier().fit(*data, epochs=2, batch_size=BATCH_SIZE, verbose=0, callbacks=[
        TensorBoard(tmp_path, update_freq="batch", write_steps_per_second=True)])
    train = read_run(tmp_path / "train")
    steps, values = scalar_series(train, "batch_steps_per_second")
    assert steps == list(range(1, 11))
    np.testing.assert_array_equal(values, np.float32(1 / 0.5))
    # Each epoch: begin, then a read at each of 5 batches' begin and end, then its end.
    steps, values = scalar_series(train, "epoch_steps_per_second")
    assert steps == [0, 1]
    np.testing.assert_allclose(values, 5 / (11 * 0.5), rtol=1e-6)


def test_steps_per_second_with_epoch_updates_is_written_per_epoch_only(monkeypatch, tmp_path,
                                                                        data):
    ticking_clock(monkeypatch, 0.25)
    classifier().fit(*data, epochs=2, batch_size=BATCH_SIZE, verbose=0,
                     callbacks=[TensorBoard(tmp_path, write_steps_per_second=True)])
    scalars = read_run(tmp_path / "train").Tags()["scalars"]
    assert not [tag for tag in scalars if tag.startswith("batch_")]
    _, values = scalar_series(read_run(tmp_path / "train"), "epoch_steps_per_second")
    np.testing.assert_allclose(values, 5 / 0.25, rtol=1e-6)


@pytest.mark.parametrize("arguments, message", [
    ({"profile_batch": 5}, "TensorBoard profile_batch=5 has no effect in lucidnet: there is no "
                           "profiler of TensorFlow or JAX ops to run"),
    ({"profile_batch": (10, 20)}, r"TensorBoard profile_batch=\(10, 20\) has no effect"),
    ({"profile_batch": "10,20"}, "TensorBoard profile_batch='10,20' has no effect"),
    ({"embeddings_freq": 1}, "TensorBoard embeddings_freq=1 has no effect in lucidnet: lucidnet "
                             "has no Embedding layer to project"),
    ({"embeddings_metadata": "metadata.tsv"},
     "TensorBoard embeddings_metadata='metadata.tsv' has no effect in lucidnet"),
    ({"embeddings_metadata": {"embedding": "metadata.tsv"}},
     "TensorBoard embeddings_metadata=.* has no effect in lucidnet"),
])
def test_arguments_without_effect_warn_when_given(tmp_path, arguments, message):
    with pytest.warns(UserWarning, match=message) as record:
        TensorBoard(tmp_path, **arguments)
    assert len(record) == 1
    assert record[0].filename == __file__


def test_arguments_without_effect_are_silent_at_their_defaults(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        TensorBoard(tmp_path, profile_batch=0, embeddings_freq=0, embeddings_metadata=None)
        TensorBoard(tmp_path, profile_batch=(0, 0))


def test_embeddings_metadata_of_another_type_is_refused(tmp_path):
    with pytest.raises(TypeError, match="TensorBoard embeddings_metadata must be None, a file name "
                                        "or a dict of file names by layer name, got 3"):
        TensorBoard(tmp_path, embeddings_metadata=3)
