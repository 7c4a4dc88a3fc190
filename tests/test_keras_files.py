"""Keras files: importing a Keras 3 ``.keras`` archive, and the warning when lucidnet writes
its own format under a Keras file name.

``tests/data/keras-3-sequential.keras`` was written by Keras 3 (``python
tests/test_keras_files.py`` writes it again, with Keras installed); the ``.npz`` beside it
holds inputs and the predictions Keras made for them, so the reader is tested without Keras.
"""

from __future__ import annotations

import builtins
import importlib.util
import json
import os
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

import lucidnet
from lucidnet import Dense, Input, ModelFileError, Sequential
from lucidnet.saving import keras_file

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "keras-3-sequential.keras"
EXPECTED = DATA / "keras-3-sequential-expected.npz"

needs_h5py = pytest.mark.skipif(importlib.util.find_spec("h5py") is None,
                                reason='needs h5py (pip install "lucidnet[keras]")')


def write_keras_fixture(folder: Path) -> tuple[Path, Path]:
    """Train a small Keras Sequential model briefly, save it, and save its predictions."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(4,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dropout(0.25),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0.5)
    model.fit(x, y, epochs=5, batch_size=16, verbose=0)  # moves the BatchNormalization statistics
    model_path, expected_path = folder / FIXTURE.name, folder / EXPECTED.name
    model.save(model_path)
    x_test = rng.normal(size=(10, 4)).astype("float32")
    np.savez(expected_path, x=x_test, y=model.predict(x_test, verbose=0))
    return model_path, expected_path


def rewrite_archive(source: Path, target: Path, change) -> Path:
    """A copy of the archive ``source`` with ``change(name, data)`` -> data for each member."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info.filename)))
    return target


def with_config(tmp_path, edit) -> Path:
    def change(name, data):
        if name != "config.json":
            return data
        config = json.loads(data)
        edit(config)
        return json.dumps(config).encode()
    return rewrite_archive(FIXTURE, tmp_path / "edited.keras", change)


def layer_entry(config, class_name):
    return next(entry for entry in config["config"]["layers"] if entry["class_name"] == class_name)


# -- importing --------------------------------------------------------------------------------
@needs_h5py
def test_keras_fixture_predicts_as_keras_did():
    model = lucidnet.load_model(FIXTURE)
    expected = np.load(EXPECTED)
    np.testing.assert_allclose(model.predict(expected["x"], verbose=0), expected["y"],
                               rtol=0, atol=1e-6)
    assert [type(layer).__name__ for layer in model.layers] == [
        "Dense", "Dropout", "BatchNormalization", "Dense"]
    assert model.layers[0].name == "dense" and model.layers[1].rate == 0.25


@needs_h5py
def test_keras_fixture_comes_back_compiled_and_trains_further():
    model = lucidnet.load_model(FIXTURE)
    assert type(model.optimizer).__name__ == "Adam"
    assert model.optimizer.learning_rate == 0.01  # the rate written, not its float32 value
    assert type(model.loss).__name__ == "SparseCategoricalCrossentropy"
    x = np.load(EXPECTED)["x"]
    y = (x[:, 0] > 0).astype("int64")
    before = model.evaluate(x, y, verbose=0)[0]
    model.fit(x, y, epochs=20, verbose=0)
    assert model.evaluate(x, y, verbose=0)[0] < before


@needs_h5py
def test_keras_fixture_can_be_traced():
    model = lucidnet.load_model(FIXTURE)
    trace = model.trace(np.load(EXPECTED)["x"][:2], np.array([0, 2]), check=True)
    assert trace is not None


@needs_h5py
def test_load_keras_without_compile_leaves_the_model_uncompiled():
    assert lucidnet.saving.load_keras(FIXTURE, compile=False).optimizer is None


@needs_h5py
def test_keras_archive_is_recognised_by_its_bytes_not_its_name(tmp_path):
    renamed = tmp_path / "model.lucid"
    renamed.write_bytes(FIXTURE.read_bytes())
    assert lucidnet.load_model(renamed).count_params() == FIXTURE_PARAMS


FIXTURE_PARAMS = (4 * 8 + 8) + 4 * 8 + (8 * 3 + 3)


@needs_h5py
def test_compile_config_lucidnet_lacks_leaves_the_model_uncompiled_with_a_warning(tmp_path):
    def edit(config):
        config["compile_config"]["optimizer"]["class_name"] = "Lamb"
    with pytest.warns(UserWarning, match="loaded uncompiled.*Unknown optimizer 'Lamb'"):
        model = lucidnet.load_model(with_config(tmp_path, edit))
    assert model.optimizer is None


@needs_h5py
@pytest.mark.skipif(importlib.util.find_spec("keras") is None, reason="needs keras")
def test_a_model_keras_writes_now_predicts_the_same_here(tmp_path):
    model_path, expected_path = write_keras_fixture(tmp_path)
    expected = np.load(expected_path)
    np.testing.assert_allclose(lucidnet.load_model(model_path).predict(expected["x"], verbose=0),
                               expected["y"], rtol=0, atol=1e-6)


@needs_h5py
@pytest.mark.skipif(importlib.util.find_spec("keras") is None, reason="needs keras")
def test_every_layer_lucidnet_reads_predicts_as_keras_does(tmp_path):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(1)
    x = rng.normal(2.0, 3.0, size=(64, 4)).astype("float32")
    normalization = keras.layers.Normalization()
    normalization.adapt(x)
    model = keras.Sequential([
        keras.Input(shape=(4,)), normalization, keras.layers.GaussianNoise(0.1),
        keras.layers.Dense(8, use_bias=False, kernel_regularizer=keras.regularizers.L2(0.01)),
        keras.layers.PReLU(), keras.layers.LayerNormalization(epsilon=1e-4),
        keras.layers.Dense(8, activation="gelu"), keras.layers.LeakyReLU(0.2),
        keras.layers.ReLU(max_value=6.0), keras.layers.ELU(), keras.layers.Flatten(),
        keras.layers.BatchNormalization(momentum=0.5), keras.layers.Dense(8),
        keras.layers.Activation("tanh"), keras.layers.Normalization(mean=0.5, variance=4.0),
        keras.layers.Dense(3), keras.layers.Softmax(),
    ])
    model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=["accuracy"])
    model.fit(x, (x[:, 0] > 2).astype("int64"), epochs=3, batch_size=16, verbose=0)
    model.save(tmp_path / "wide.keras")
    loaded = lucidnet.load_model(tmp_path / "wide.keras")
    assert type(loaded.optimizer).__name__ == "SGD"
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=0, atol=1e-5)


# -- refusals ---------------------------------------------------------------------------------
@needs_h5py
def test_unsupported_layer_is_refused_by_name(tmp_path):
    def edit(config):
        layer_entry(config, "Dense")["class_name"] = "Conv2D"
    with pytest.raises(ModelFileError, match=r"layers\[1\] \(Conv2D 'dense'\): the Keras layer "
                                             r"'Conv2D' has no lucidnet counterpart"):
        lucidnet.load_model(with_config(tmp_path, edit))


@needs_h5py
def test_lambda_layer_is_refused(tmp_path):
    def edit(config):
        layer_entry(config, "Dropout")["class_name"] = "Lambda"
    with pytest.raises(ModelFileError, match=r"layers\[2\] \(Lambda 'dropout'\)"):
        lucidnet.load_model(with_config(tmp_path, edit))


@needs_h5py
def test_custom_object_is_refused(tmp_path):
    def edit(config):
        layer_entry(config, "Dense")["registered_name"] = "my_package>MyDense"
    with pytest.raises(ModelFileError, match="'my_package>MyDense' has no lucidnet counterpart"):
        lucidnet.load_model(with_config(tmp_path, edit))


@needs_h5py
def test_unknown_config_key_is_refused_with_the_layer_and_the_key(tmp_path):
    def edit(config):
        layer_entry(config, "BatchNormalization")["config"]["renorm"] = True
    with pytest.raises(ModelFileError, match=r"\(BatchNormalization 'batch_normalization'\): "
                                             r"renorm=True is not supported"):
        lucidnet.load_model(with_config(tmp_path, edit))


@needs_h5py
def test_config_key_lucidnet_does_not_know_is_refused(tmp_path):
    def edit(config):
        layer_entry(config, "Dense")["config"]["lora_rank"] = 4
    with pytest.raises(ModelFileError, match=r"\(Dense 'dense'\): lora_rank=4 is not supported"):
        lucidnet.load_model(with_config(tmp_path, edit))
    def edit(config):
        layer_entry(config, "Dense")["config"]["dilation_rate"] = 2
    with pytest.raises(ModelFileError, match="the config key 'dilation_rate'"):
        lucidnet.load_model(with_config(tmp_path, edit))


@needs_h5py
def test_custom_activation_is_refused(tmp_path):
    def edit(config):
        layer_entry(config, "Dense")["config"]["activation"] = {
            "module": "builtins", "class_name": "function", "config": "my_activation"}
    with pytest.raises(ModelFileError, match="a custom activation cannot be read"):
        lucidnet.load_model(with_config(tmp_path, edit))


@needs_h5py
def test_functional_model_is_refused(tmp_path):
    def edit(config):
        config["class_name"] = "Functional"
    with pytest.raises(ModelFileError, match="it holds a Keras 'Functional' model, and lucidnet "
                                             "reads Sequential models only"):
        lucidnet.load_model(with_config(tmp_path, edit))


@needs_h5py
def test_weights_whose_shape_differs_from_the_architecture_are_refused(tmp_path):
    def edit(config):
        layer_entry(config, "Dense")["config"]["units"] = 10**9
    with pytest.raises(ModelFileError, match=r"layers/dense/vars/0 \(kernel\) is float32 of "
                                             r"shape \(4, 8\); the architecture needs numbers of "
                                             r"shape \(4, 1000000000\)"):
        lucidnet.load_model(with_config(tmp_path, edit))


def test_zip_bomb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.keras"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", fixture_config_text())
        archive.writestr("model.weights.h5", b"\0" * (4 << 20))  # 4 MB of zeros: a few KB stored
    assert bomb.stat().st_size < 64 << 10
    monkeypatch.setattr(keras_file, "MAX_MEMBER_BYTES", 1 << 20)
    with pytest.raises(ModelFileError, match=r"'model.weights.h5' would uncompress to "
                                             r"4,194,304 bytes, more than the 1,048,576"):
        lucidnet.load_model(bomb)


def fixture_config_text() -> str:
    with zipfile.ZipFile(FIXTURE) as archive:
        return archive.read("config.json").decode()


def test_keras_2_h5_model_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.h5"
    path.write_bytes(keras_file.HDF5_SIGNATURE + bytes(504))  # how every HDF5 file starts
    with pytest.raises(ModelFileError, match=r"Keras 2 HDF5 \(.h5\) model.*model.keras"):
        lucidnet.load_model(path)


def test_missing_h5py_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def without_h5py(name, *args, **kwargs):
        if name == "h5py":
            raise ImportError("No module named 'h5py'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_h5py)
    with pytest.raises(ImportError, match=r'pip install "lucidnet\[keras\]"'):
        lucidnet.load_model(FIXTURE)


# -- lucidnet's files under Keras's names ------------------------------------------------------
def small_model():
    return Sequential([Input((3,)), Dense(2)], seed=0)


@pytest.mark.parametrize("name", ["model.keras", "model.h5", "MODEL.HDF5"])
def test_save_under_a_keras_name_warns_once_and_still_round_trips(tmp_path, name):
    model = small_model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.save(tmp_path / name)
    assert [str(w.message) for w in caught if w.category is UserWarning] == [
        f"{str(tmp_path / name)!r} is written in lucidnet's format (a safetensors file), not "
        f"Keras's, whatever its extension: Keras cannot read it, and lucidnet.load_model(path) "
        f"reads it back. Name it '*.lucid' to say so and silence this warning."]
    assert caught[0].filename == __file__  # the user's line, not lucidnet's
    np.testing.assert_array_equal(lucidnet.load_model(tmp_path / name).get_weights()[0],
                                  model.get_weights()[0])


def test_save_weights_under_a_keras_name_warns_and_names_load_weights(tmp_path):
    model = small_model()
    with pytest.warns(UserWarning, match=r"model\.load_weights\(path\) reads it back") as caught:
        model.save_weights(tmp_path / "model.weights.h5")
    assert len(caught) == 1
    other = small_model()
    other.load_weights(tmp_path / "model.weights.h5")
    np.testing.assert_array_equal(other.get_weights()[0], model.get_weights()[0])


def test_save_under_a_lucidnet_name_does_not_warn(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        small_model().save(tmp_path / "model.lucid")
        small_model().save_weights(tmp_path / "model.weights.lucid")


if __name__ == "__main__":
    for written in write_keras_fixture(DATA):
        print(f"wrote {written} ({written.stat().st_size:,} bytes)")
