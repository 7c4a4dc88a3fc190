"""Model files: round trips, exact resume, and the loader's checks, one behaviour per test."""

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import save

import lucidnet as ln
from lucidnet import Dense, Dropout, Flatten, Input, Sequential, activations, optimizers
from lucidnet.io import tensor_digest
from lucidnet.saving import FORMAT_VERSION, ModelFileError, load_model, schema
from lucidnet.saving.model_file import DOCUMENT_DIGEST_KEY, MAX_DOCUMENT_LENGTH

DOCUMENT_KEY = "lucidnet"


@activations.register("test_saving_cube")
class Cube(activations.Activation):
    """σ(z) = z³;  σ'(z) = 3z² (registered by this test module only)."""

    def forward(self, z):
        return z**3

    def derivative(self, z, a):
        return 3 * z**2


# -- helpers ----------------------------------------------------------------------------------

@pytest.fixture
def data(rng):
    x = rng.normal(size=(64, 4))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int) + (x[:, 2] > 1)
    return x, y


def make_model(optimizer="adam", dtype=None, seed=0):
    """A small classifier using both kinds of generator: a Dropout sharing the model's and a
    Dropout with a seed of its own."""
    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dropout(0.3),
                        Dense(6, activation="tanh"), Dropout(0.2, seed=7),
                        Dense(3, activation="softmax")], dtype=dtype, seed=seed)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def trained_file(tmp_path, data, name="model.lucid", **save_options):
    model = make_model()
    model.fit(*data, epochs=2, batch_size=16, verbose=0)
    model.metadata = {"labels": ["low", "middle", "high"]}
    path = tmp_path / name
    model.save(path, **save_options)
    return model, path


def read_parts(path):
    """(document, tensors) of a model file, read without lucidnet."""
    with safe_open(path, framework="numpy") as file:
        metadata = file.metadata()
        names = file.keys()  # safe_open is not a mapping
        tensors = {name: file.get_tensor(name) for name in names}
    return json.loads(metadata[DOCUMENT_KEY]), tensors


def forge(path, document, tensors, sign=True):
    """Write a model file as a careful forger would, with every digest recomputed, so that only
    the loader's deeper checks (schema, names, shapes, dtypes, values) can catch it."""
    document = dict(document)
    if sign:
        document["tensors"] = {name: tensor_digest(array) for name, array in tensors.items()}
    text = json.dumps(document)
    metadata = {DOCUMENT_KEY: text, DOCUMENT_DIGEST_KEY: hashlib.sha256(text.encode()).hexdigest()}
    with open(path, "wb") as file:
        file.write(save(tensors, metadata=metadata))


def edited(path, edit):
    """Apply ``edit(document, tensors)`` to the file at ``path`` and forge the result."""
    document, tensors = read_parts(path)
    edit(document, tensors)
    forge(path, document, tensors)
    return path


def load_error(path) -> str:
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert caught.value.path == os.fspath(path)
    assert str(caught.value).startswith(f"Cannot load {os.fspath(path)!r}: ")
    return str(caught.value)


def assert_same_weights(first, second):
    assert len(first.get_weights()) == len(second.get_weights())
    for a, b in zip(first.get_weights(), second.get_weights()):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


# -- round trip -------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_loaded_model_predicts_exactly_as_the_saved_one(tmp_path, data, dtype):
    model = make_model(dtype=dtype)
    model.fit(*data, epochs=1, verbose=0)
    model.save(tmp_path / "m.lucid")
    loaded = load_model(tmp_path / "m.lucid")
    assert loaded.get_config() == model.get_config()
    assert_same_weights(loaded, model)
    np.testing.assert_array_equal(loaded.predict(data[0], verbose=0), model.predict(data[0], verbose=0))


def test_the_file_is_safetensors_with_stable_tensor_names(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    document, tensors = read_parts(path)
    weights = {name for name in tensors if not name.startswith("optimizer/")}
    assert weights == {f"dense_{k}/{w}" for k in (1, 2, 3) for w in ("kernel", "bias")}
    assert "optimizer/iterations" in tensors and int(tensors["optimizer/iterations"]) == 8
    assert set(document["tensors"]) == set(tensors)


def test_the_document_records_versions_configs_metadata_and_history(tmp_path, data):
    model, path = trained_file(tmp_path, data)
    document, _ = read_parts(path)
    assert document["format_version"] == FORMAT_VERSION
    assert document["lucidnet_version"] == ln.__version__
    assert document["model"] == model.get_config()
    assert document["compile"]["optimizer"]["class_name"] == "adam"
    assert document["compile"]["loss"]["class_name"] == "sparse_categorical_crossentropy"
    assert document["compile"]["metrics"] == ["accuracy"]
    assert document["metadata"] == {"labels": ["low", "middle", "high"]}
    assert document["history"]["epoch"] == [0, 1]
    assert document["history"]["history"]["loss"] == model.history.history["loss"]
    assert document["training_state"]["epoch"] == 2


def test_loading_restores_compile_settings_metadata_and_history(tmp_path, data):
    model, path = trained_file(tmp_path, data)
    loaded = load_model(path)
    assert loaded.compiled and type(loaded.optimizer) is optimizers.Adam
    assert loaded.optimizer.iterations == model.optimizer.iterations
    assert loaded.metrics_names == model.metrics_names
    assert loaded.metadata == {"labels": ["low", "middle", "high"]}
    assert loaded.history.epoch == [0, 1]
    assert loaded.history.history == model.history.history
    assert loaded.evaluate(*data, verbose=0) == model.evaluate(*data, verbose=0)


@pytest.mark.parametrize("optimizer, dtype", [
    ("adam", "float32"),
    ("adam", "float64"),
    (lambda: optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True), "float32"),
    (lambda: optimizers.RMSprop(centered=True, momentum=0.5), "float32"),
    (lambda: optimizers.Adagrad(learning_rate=0.05), "float32"),
    (lambda: optimizers.Nadam(), "float32"),
    (lambda: optimizers.AdamW(learning_rate=optimizers.schedules.ExponentialDecay(0.01, 5, 0.9)),
     "float32"),
], ids=["adam", "adam-float64", "sgd-nesterov", "rmsprop-centered", "adagrad", "nadam",
        "adamw-schedule"])
def test_resuming_from_a_saved_model_is_bit_identical_to_never_stopping(tmp_path, data, optimizer,
                                                                        dtype):
    def fresh():
        return make_model(optimizer() if callable(optimizer) else optimizer, dtype=dtype)

    fit = {"batch_size": 16, "validation_split": 0.25, "verbose": 0}
    straight = fresh()
    straight.fit(*data, epochs=4, **fit)
    first_half = fresh()
    first_half.fit(*data, epochs=2, **fit)
    first_half.save(tmp_path / "half.lucid")
    resumed = load_model(tmp_path / "half.lucid")
    history = resumed.fit(*data, epochs=4, initial_epoch=resumed.history.epoch[-1] + 1, **fit)

    assert_same_weights(resumed, straight)
    resumed_state, straight_state = resumed.optimizer.get_state(), straight.optimizer.get_state()
    assert resumed_state.keys() == straight_state.keys()
    for name in straight_state:
        np.testing.assert_array_equal(resumed_state[name], straight_state[name])
    assert history.history["val_loss"] == straight.history.history["val_loss"][2:]


def test_dropout_layers_share_the_model_generator_after_loading_as_before(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    loaded = load_model(path)
    shared, own = loaded.get_layer("dropout_1"), loaded.get_layer("dropout_2")
    assert shared.rng is loaded.rng
    assert own.rng is not loaded.rng


def test_the_generators_continue_from_their_saved_states(tmp_path, data):
    model, path = trained_file(tmp_path, data)
    loaded = load_model(path)
    assert loaded.rng.random() == model.rng.random()
    assert loaded.get_layer("dropout_2").rng.random() == model.get_layer("dropout_2").rng.random()


def test_without_the_optimizer_only_weights_are_stored_and_the_optimizer_starts_fresh(tmp_path, data):
    _, path = trained_file(tmp_path, data, include_optimizer=False)
    document, tensors = read_parts(path)
    assert not any(name.startswith("optimizer/") for name in tensors)
    assert document["training_state"] is None
    loaded = load_model(path)
    assert loaded.compiled and loaded.optimizer.iterations == 0


def test_an_optimizer_that_has_not_stepped_is_saved_as_its_config_alone(tmp_path):
    model = make_model()
    model.save(tmp_path / "new.lucid")
    document, tensors = read_parts(tmp_path / "new.lucid")
    assert document["training_state"]["optimizer"] is False
    assert not any(name.startswith("optimizer/") for name in tensors)
    assert load_model(tmp_path / "new.lucid").optimizer.iterations == 0


def test_compile_false_returns_the_model_uncompiled(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    loaded = load_model(path, compile=False)
    assert not loaded.compiled and loaded.optimizer is None


def test_an_uncompiled_model_round_trips(tmp_path):
    model = Sequential([Input((4,)), Dense(2)], seed=3)
    model.save(tmp_path / "plain.lucid")
    loaded = load_model(tmp_path / "plain.lucid")
    assert not loaded.compiled
    assert_same_weights(loaded, model)


def test_an_unbuilt_model_round_trips_as_config_alone(tmp_path):
    model = Sequential([Dense(5, activation="relu"), Dense(1)])
    model.save(tmp_path / "unbuilt.lucid")
    loaded = load_model(tmp_path / "unbuilt.lucid")
    assert not loaded.built and loaded.get_config() == model.get_config()


def test_a_registered_custom_activation_is_restored_by_name(tmp_path):
    model = Sequential([Input((3,)), Dense(2, activation="test_saving_cube")], seed=0)
    model.save(tmp_path / "cube.lucid")
    loaded = load_model(tmp_path / "cube.lucid")
    assert type(loaded.layers[0].activation) is Cube


def test_non_finite_history_values_come_back_as_nan(tmp_path):
    model = Sequential([Input((3,)), Dense(2)], seed=0)
    model.history = ln.callbacks.History()
    model.history.epoch, model.history.history = [0], {"loss": [float("inf")]}
    model.save(tmp_path / "nan.lucid")
    assert np.isnan(load_model(tmp_path / "nan.lucid").history.history["loss"][0])


def test_loading_leaves_the_global_generator_and_float_type_alone(tmp_path):
    Sequential([Input((3,)), Dense(2)], dtype="float64", seed=0).save(tmp_path / "f64.lucid")
    ln.set_random_seed(11)
    load_model(tmp_path / "f64.lucid")
    after_load = Sequential([Input((3,)), Dense(2)]).get_weights()
    ln.set_random_seed(11)
    untouched = Sequential([Input((3,)), Dense(2)]).get_weights()
    assert ln.floatx() == "float32"
    for a, b in zip(after_load, untouched):
        np.testing.assert_array_equal(a, b)


def test_a_negative_step_count_is_refused(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    edited(path, lambda document, tensors: tensors.update(
        {"optimizer/iterations": np.array(-1, dtype=np.int64)}))
    assert "negative" in load_error(path)


# -- saving refuses what it could not load back ----------------------------------------------

@pytest.mark.parametrize("change, error, message", [
    (lambda m: setattr(m, "metadata", {"labels": object()}), TypeError, "metadata.labels: it is object"),
    (lambda m: setattr(m, "metadata", {"threshold": float("nan")}), ValueError,
     "metadata.threshold: it is nan"),
    (lambda m: setattr(m, "metadata", {1: "one"}), TypeError, "key 1 is not a string"),
    (lambda m: setattr(m, "metadata", ["not", "a", "dict"]), ValueError, "metadata must be an object"),
    (lambda m: m.compile(optimizer=optimizers.SGD(learning_rate=lambda step: 0.1), loss="mse"),
     TypeError, "compile.optimizer.config.learning_rate: it is function"),
], ids=["object", "nan", "non-string-key", "list", "function-schedule"])
def test_save_refuses_values_a_model_file_cannot_hold_and_names_them(tmp_path, change, error,
                                                                     message):
    model = Sequential([Input((3,)), Dense(2)], seed=0)
    change(model)
    with pytest.raises(error, match="Cannot save") as caught:
        model.save(tmp_path / "bad.lucid")
    assert message in str(caught.value)
    assert not (tmp_path / "bad.lucid").exists()


def test_save_with_the_optimizer_refuses_a_generator_it_cannot_record(tmp_path):
    model = Sequential([Input((3,)), Dense(2)], seed=0)
    model.rng = np.random.Generator(np.random.MT19937(0))
    with pytest.raises(ValueError, match="The model generator uses MT19937.*include_optimizer=False"):
        model.save(tmp_path / "mt.lucid")
    model.save(tmp_path / "mt.lucid", include_optimizer=False)


def test_numpy_values_in_metadata_are_saved_as_plain_json(tmp_path):
    model = Sequential([Input((3,)), Dense(2)], seed=0)
    model.metadata = {"labels": np.array(["a", "b"]), "count": np.int64(2)}
    model.save(tmp_path / "np.lucid")
    assert load_model(tmp_path / "np.lucid").metadata == {"labels": ["a", "b"], "count": 2}


def test_save_refuses_an_unregistered_optimizer_subclass(tmp_path):
    class Tweaked(optimizers.SGD):
        pass

    model = Sequential([Input((3,)), Dense(2)], seed=0)
    model.compile(optimizer=Tweaked(), loss="mse")
    with pytest.raises(ValueError, match="optimizer Tweaked: it is not registered"):
        model.save(tmp_path / "tweaked.lucid")


# -- the loader's checks ----------------------------------------------------------------------

def test_a_missing_file_is_a_model_file_error(tmp_path):
    assert "No such file" in load_error(tmp_path / "absent.lucid")


def test_a_weights_only_file_points_to_load_weights(tmp_path):
    model = Sequential([Input((3,)), Dense(2)], seed=0)
    model.save_weights(tmp_path / "w.safetensors")
    assert "model.load_weights(path)" in load_error(tmp_path / "w.safetensors")


def test_a_file_with_a_newer_major_format_asks_to_upgrade(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    edited(path, lambda document, tensors: document.update(format_version="2.0"))
    message = load_error(path)
    assert "format 2.0" in message and "Upgrade lucidnet" in message


def test_a_newer_minor_format_loads_and_ignores_keys_it_adds(tmp_path, data):
    model, path = trained_file(tmp_path, data)
    edited(path, lambda document, tensors: document.update(format_version="1.7", later={"x": 1}))
    assert_same_weights(load_model(path), model)


def test_an_edited_document_without_a_new_digest_is_refused(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    document, tensors = read_parts(path)
    document["model"]["layers"][1]["config"]["units"] = 9
    text = json.dumps(document)
    with open(path, "wb") as file:
        file.write(save(tensors, metadata={DOCUMENT_KEY: text, DOCUMENT_DIGEST_KEY: "0" * 64}))
    assert "does not match its SHA-256 digest" in load_error(path)


def test_a_flipped_bit_in_the_weights_is_caught_by_the_digest(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    content = bytearray(path.read_bytes())
    content[-3] ^= 0x01  # the last tensor's data ends the file
    path.write_bytes(bytes(content))
    assert "does not match its SHA-256 digest: the file is corrupted" in load_error(path)


def test_a_document_larger_than_the_cap_is_refused_unparsed(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    edited(path, lambda document, tensors: document["metadata"].update(blob="x" * MAX_DOCUMENT_LENGTH))
    assert "more than the" in load_error(path)


def test_a_document_nested_too_deeply_is_refused_as_invalid_json(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    document, tensors = read_parts(path)
    document["metadata"] = {"deep": "HOLE"}
    text = json.dumps(document).replace('"HOLE"', "[" * 100_000 + "]" * 100_000)
    digest = hashlib.sha256(text.encode()).hexdigest()
    path.write_bytes(save(tensors, metadata={DOCUMENT_KEY: text, DOCUMENT_DIGEST_KEY: digest}))
    assert "its model document is not valid JSON" in load_error(path)


def unknown(where):
    def edit(document, tensors):
        target = document
        for key in where[:-1]:
            target = target[key]
        target[where[-1]] = "no_such_thing"
    return edit


@pytest.mark.parametrize("edit, kind, known", [
    (unknown(["model", "layers", 1, "class_name"]), "layer", "Dense"),
    (unknown(["model", "layers", 1, "config", "activation", "class_name"]), "activation", "relu"),
    (unknown(["compile", "optimizer", "class_name"]), "optimizer", "adam"),
    (unknown(["compile", "loss", "class_name"]), "loss", "mse"),
    (unknown(["compile", "metrics", 0]), "metric", "accuracy"),
], ids=["layer", "activation", "optimizer", "loss", "metric"])
def test_an_unknown_class_name_is_refused_with_the_known_names(tmp_path, data, edit, kind, known):
    _, path = trained_file(tmp_path, data)
    message = load_error(edited(path, edit))
    assert f"Unknown {kind} 'no_such_thing'" in message or f"unknown {kind} 'no_such_thing'" in message
    assert "Valid names:" in message and known.lower() in message.lower()


@pytest.mark.parametrize("edit, message", [
    (lambda d, t: d.pop("history"), "missing ['history']"),
    (lambda d, t: d["model"].update(dtype="float16"), "model.dtype must be one of"),
    (lambda d, t: d["model"]["layers"].__setitem__(0, ["Input"]), "model.layers[0] must be an object"),
    (lambda d, t: d["training_state"].update(epoch=-1), "training_state.epoch must be an integer >= 0"),
    (lambda d, t: d["history"]["history"].update(loss=["low"]), "history.history['loss'][0]"),
    (lambda d, t: d["training_state"]["generators"]["model"]["state"].update(inc=2**130),
     "training_state.generators.model.state.inc"),
    (lambda d, t: d.update(format_version="one"), "format_version must look like"),
], ids=["missing-key", "dtype", "layer-not-object", "negative-epoch", "history-string",
        "generator-overflow", "version"])
def test_a_malformed_document_is_refused_naming_the_place(tmp_path, data, edit, message):
    _, path = trained_file(tmp_path, data)
    assert message in load_error(edited(path, edit))


@pytest.mark.parametrize("edit, message", [
    (lambda d, t: t.update({"dense_1/kernel": t["dense_1/kernel"].T.copy()}),
     "'dense_1/kernel' is stored as float32 of shape (8, 4); the architecture needs float32 of shape (4, 8)"),
    (lambda d, t: t.update({"dense_1/bias": t["dense_1/bias"].astype(np.float64)}),
     "'dense_1/bias' is stored as float64"),
    (lambda d, t: t.pop("dense_2/bias"), "missing ['dense_2/bias']"),
    (lambda d, t: t.update({"dense_9/kernel": np.zeros((2, 2), np.float32)}), "unexpected ['dense_9/kernel']"),
    (lambda d, t: t["dense_3/kernel"].__setitem__((0, 0), np.nan), "'dense_3/kernel' holds 1 NaN"),
    (lambda d, t: t.update({"optimizer/iterations": np.array(8, np.int32)}),
     "'optimizer/iterations' is stored as int32"),
    (lambda d, t: [t.pop(name) for name in list(t) if name.startswith("optimizer/m/")],
     "missing ['optimizer/m/0'"),
    (lambda d, t: d["model"]["layers"][1]["config"].update(units=5), "needs float32 of shape (4, 5)"),
    (lambda d, t: d["training_state"]["generators"]["layers"].clear(), "missing ['dropout_2']"),
], ids=["transposed", "dtype", "missing", "unexpected", "nan", "state-dtype", "state-missing",
        "units", "generator-missing"])
def test_contents_that_do_not_fit_the_architecture_are_refused(tmp_path, data, edit, message):
    _, path = trained_file(tmp_path, data)
    assert message in load_error(edited(path, edit))


def test_a_config_wider_than_the_stored_tensors_is_refused_before_building(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    edited(path, lambda d, t: d["model"]["layers"][1]["config"].update(units=10**9))
    start = time.perf_counter()
    message = load_error(path)
    assert time.perf_counter() - start < 1.0  # nothing of 10⁹ units was allocated
    assert "wider than any tensor stored in the file" in message


def test_an_empty_tensor_with_a_huge_dimension_does_not_widen_the_limit(tmp_path, data):
    _, path = trained_file(tmp_path, data)

    def forge_width(document, tensors):
        tensors["dense_1/extra"] = np.zeros((10**9, 0), np.float32)  # 0 bytes, 10⁹ "wide"
        document["model"]["layers"][1]["config"].update(units=10**9)

    start = time.perf_counter()
    message = load_error(edited(path, forge_width))
    assert time.perf_counter() - start < 1.0
    assert "wider than any tensor stored in the file" in message


def test_an_architecture_needing_more_values_than_the_file_stores_is_refused(tmp_path, data):
    # Every width stays within a stored tensor's, but their product does not: a kernel of
    # 30,000 × 30,000 values (3.6 GB) from a file of a few kilobytes, its own tensor left out.
    _, path = trained_file(tmp_path, data)

    def forge_product(document, tensors):
        tensors["dense_1/bias"] = np.zeros(30_000, np.float32)
        del tensors["dense_1/kernel"]
        document["model"]["layers"][0]["config"]["shape"] = [30_000]
        document["model"]["layers"][1]["config"].update(units=30_000)

    start = time.perf_counter()
    message = load_error(edited(path, forge_product))
    assert time.perf_counter() - start < 1.0
    assert re.search(r"missing \['dense_1/kernel'\]|the architecture needs float32 of shape \(30000,",
                     message)


def test_a_config_a_constructor_rejects_is_refused_naming_the_layer(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    edited(path, lambda d, t: d["model"]["layers"][2]["config"].update(rate=1.5))
    message = load_error(path)
    assert "model.layers[2] (Dropout)" in message and "Dropout rate must be" in message


# -- callbacks' states ------------------------------------------------------------------------

def checkpoint_with_callback_state(tmp_path, data):
    """A checkpoint of a run with EarlyStopping(restore_best_weights): numbers and arrays."""
    path = tmp_path / "ckpt.lucid"
    make_model().fit(*data, epochs=2, batch_size=16, verbose=0, callbacks=[
        ln.callbacks.EarlyStopping(monitor="loss", patience=5, restore_best_weights=True),
        ln.callbacks.ModelCheckpoint(path)])
    return path


def test_a_checkpoint_keeps_the_callbacks_states_as_numbers_and_tensors(tmp_path, data):
    document, tensors = read_parts(checkpoint_with_callback_state(tmp_path, data))
    [entry] = document["callbacks"]["EarlyStopping"]
    assert entry["values"].keys() == {"wait", "best", "best_epoch", "stopped_epoch"}
    assert entry["tensors"] == {"best_weights": 6}
    assert "callbacks/EarlyStopping/0/best_weights/5" in tensors
    states = load_model(tmp_path / "ckpt.lucid").saved_callback_states
    assert len(states["EarlyStopping"][0]["best_weights"]) == 6


@pytest.mark.parametrize("without", ["no key", "null"])
def test_a_file_without_callback_states_loads(tmp_path, data, without):
    path = edited(checkpoint_with_callback_state(tmp_path, data), lambda d, t: (
        [t.pop(name) for name in list(t) if name.startswith("callbacks/")],
        d.pop("callbacks") if without == "no key" else d.update(callbacks=None)))
    model = load_model(path)
    assert model.saved_callback_states is None
    model.fit(*data, epochs=3, initial_epoch=2, verbose=0)


def _first_state(document):
    return document["callbacks"]["EarlyStopping"][0]


@pytest.mark.parametrize("edit, message", [
    (lambda d, t: _first_state(d)["values"].update(best="low"),
     r"callbacks\['EarlyStopping'\]\[0\]\.values\['best'\] must be a finite number"),
    (lambda d, t: _first_state(d)["values"].update(wait=True),
     r"callbacks\['EarlyStopping'\]\[0\]\.values\['wait'\] must be a finite number"),
    (lambda d, t: _first_state(d)["tensors"].update(best_weights=7),
     r"missing \['callbacks/EarlyStopping/0/best_weights/6'\]"),
    (lambda d, t: _first_state(d)["tensors"].update({"best/weights": 0}),
     r"callbacks\['EarlyStopping'\]\[0\]\.tensors key 'best/weights' must be a Python identifier"),
    (lambda d, t: d["callbacks"].update({"Early Stopping": []}),
     r"callbacks key 'Early Stopping' must be a Python identifier"),
    (lambda d, t: _first_state(d).update(extra={}), r"unexpected \['extra'\]"),
    (lambda d, t: _first_state(d)["values"].update(best_weights=1.0),
     r"names \['best_weights'\] both as values and as tensors"),
    (lambda d, t: t.update({"callbacks/EarlyStopping/0/best_weights/0": np.zeros((4, 8), np.int64)}),
     r"tensor 'callbacks/EarlyStopping/0/best_weights/0' is stored as int64"),
    (lambda d, t: t.update({"callbacks/EarlyStopping/0/best_weights/0": np.full((4, 8), np.inf,
                                                                                np.float32)}),
     r"tensor 'callbacks/EarlyStopping/0/best_weights/0' holds 32 NaN or infinite value"),
], ids=["string", "boolean", "count", "key", "class", "extra-key", "both", "dtype", "infinite"])
def test_a_forged_callback_state_is_refused_naming_the_key(tmp_path, data, edit, message):
    path = edited(checkpoint_with_callback_state(tmp_path, data), edit)
    assert re.search(message, load_error(path))


def test_a_callback_state_with_the_wrong_keys_is_refused_when_fit_resumes(tmp_path, data):
    path = edited(checkpoint_with_callback_state(tmp_path, data),
                  lambda d, t: _first_state(d)["values"].pop("wait"))
    model = load_model(path)
    stopper = ln.callbacks.EarlyStopping(monitor="loss", patience=5, restore_best_weights=True)
    with pytest.raises(ValueError, match=r"EarlyStopping must have the keys .* missing \['wait'\]"):
        model.fit(*data, epochs=3, initial_epoch=2, verbose=0, callbacks=[stopper])


def test_a_layer_named_like_the_callbacks_tensors_is_refused_on_save(tmp_path):
    model = Sequential([Input((2,)), Dense(3, name="callbacks")])
    with pytest.raises(ValueError, match="the name a model file keeps for the callbacks' state"):
        model.save(tmp_path / "m.lucid")


# -- weights files ----------------------------------------------------------------------------

def test_load_weights_reads_the_weights_of_a_full_model_file(tmp_path, data):
    model, path = trained_file(tmp_path, data)
    other = make_model(seed=5)
    other.load_weights(path)
    assert_same_weights(other, model)


def test_load_weights_names_what_does_not_fit(tmp_path):
    Sequential([Input((3,)), Dense(2)], seed=0).save_weights(tmp_path / "w.safetensors")
    other = Sequential([Input((3,)), Dense(2), Dense(1)], seed=0)
    with pytest.raises(ModelFileError, match=r"missing \['dense_2/bias', 'dense_2/kernel'\]"):
        other.load_weights(tmp_path / "w.safetensors")


def flip_one_bit_of_tensor(path, name):
    """Flip one bit inside the stored bytes of tensor ``name``, leaving the header intact."""
    content = bytearray(path.read_bytes())
    header_length = int.from_bytes(content[:8], "little")
    header = json.loads(content[8 : 8 + header_length])
    start, _ = header[name]["data_offsets"]
    content[8 + header_length + start] ^= 0x01
    path.write_bytes(bytes(content))


def test_load_weights_refuses_a_flipped_bit_in_a_weights_file(tmp_path):
    model = Sequential([Input((3,)), Dense(2)], seed=0)
    path = tmp_path / "w.safetensors"
    model.save_weights(path)
    flip_one_bit_of_tensor(path, "dense_1/kernel")
    other = Sequential([Input((3,)), Dense(2)], seed=1)
    before = other.get_weights()
    with pytest.raises(ModelFileError, match="'dense_1/kernel' does not match its SHA-256 digest"):
        other.load_weights(path)
    assert_same_weights(other, Sequential([Input((3,)), Dense(2)], seed=1))
    assert all(np.array_equal(a, b) for a, b in zip(before, other.get_weights()))


def test_load_weights_refuses_a_flipped_bit_in_a_model_file(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    flip_one_bit_of_tensor(path, "dense_1/bias")
    with pytest.raises(ModelFileError, match="'dense_1/bias' does not match its SHA-256 digest"):
        make_model(seed=5).load_weights(path)


def test_a_weights_file_from_before_digests_still_loads(tmp_path):
    model = Sequential([Input((3,)), Dense(2)], seed=0)
    tensors = {"dense_1/kernel": model.get_weights()[0], "dense_1/bias": model.get_weights()[1]}
    path = tmp_path / "old.safetensors"
    path.write_bytes(save(tensors, metadata={"format": "lucidnet-weights", "format_version": "1",
                                             "lucidnet_version": "0.1.0"}))
    other = Sequential([Input((3,)), Dense(2)], seed=1)
    other.load_weights(path)
    assert_same_weights(other, model)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    import threading

    fifo = tmp_path / "model.lucid"
    os.mkfifo(fifo)
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(load_error(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # let the blocked open return, so the test run can end
        with open(fifo, "wb"):
            pass
    assert outcome and "it is not a regular file" in outcome[0]


def test_a_directory_is_refused_as_a_model_file(tmp_path):
    assert "it is not a regular file" in load_error(tmp_path)


def test_a_document_with_more_layers_than_the_limit_is_refused(tmp_path, data):
    _, path = trained_file(tmp_path, data)
    flatten = {"class_name": "Flatten", "config": {"name": None, "trainable": True}}

    def add_layers(document, tensors):
        document["model"]["layers"] += [flatten] * schema.MAX_LAYERS

    assert f"may hold at most {schema.MAX_LAYERS:,} entries" in load_error(edited(path, add_layers))


def test_a_model_with_more_layers_than_a_file_may_hold_is_refused_before_writing(tmp_path):
    model = Sequential([Input((2,)), *[Flatten() for _ in range(schema.MAX_LAYERS)], Dense(1)])
    with pytest.raises(ValueError, match="may hold at most"):
        model.save(tmp_path / "many.lucid")
    assert not (tmp_path / "many.lucid").exists()


# -- crash safety -----------------------------------------------------------------------------

def test_a_save_killed_at_any_moment_leaves_the_old_file_or_the_new_one(tmp_path):
    """Every file is self-consistent: weights, optimizer state and step count from one save."""
    path = tmp_path / "big.lucid"
    script = textwrap.dedent(f"""
        import numpy as np
        import lucidnet as ln
        model = ln.Sequential([ln.Input((1200,)), ln.Dense(1200)], seed=0)
        model.compile(optimizer="adam", loss="mse")
        model.train_on_batch(np.zeros((1, 1200)), np.zeros((1, 1200)))
        step = 1
        while True:
            model.set_weights([np.full(w.shape, step, w.dtype) for w in model.get_weights()])
            model.optimizer.iterations = step
            model.save({str(path)!r})
            if step == 1:
                print("saved", flush=True)
            step += 1
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    for delay in (0.05, 0.17, 0.31):
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                                   env=env)
        assert process.stdout.readline().strip() == "saved"
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        model = load_model(path)  # never a truncated or mixed file
        step = model.optimizer.iterations
        assert all((w == step).all() for w in model.get_weights())


# -- interop ----------------------------------------------------------------------------------

def test_a_model_file_loads_into_pytorch_as_the_readme_shows(tmp_path, data):
    torch = pytest.importorskip("torch")
    from safetensors.torch import load_file

    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dense(3, activation="softmax")],
                       seed=0)
    model.save(tmp_path / "mlp.lucid")
    tensors = load_file(tmp_path / "mlp.lucid")
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3),
                              torch.nn.Softmax(dim=-1))
    with torch.no_grad():
        for linear, name in [(net[0], "dense_1"), (net[2], "dense_2")]:
            linear.weight.copy_(tensors[f"{name}/kernel"].T)  # torch keeps W as (out, in)
            linear.bias.copy_(tensors[f"{name}/bias"])
        expected = net(torch.from_numpy(data[0].astype(np.float32))).numpy()
    np.testing.assert_allclose(model.predict(data[0], verbose=0), expected, atol=1e-6)


# -- files written by an earlier lucidnet ------------------------------------------------------

DATA = os.path.join(os.path.dirname(__file__), "data")


def test_a_file_of_format_1_0_written_by_lucidnet_0_1_0_loads_predicts_and_resumes():
    # The file holds Input(4) → Dense(8, relu, l2) → Dropout(0.2, seed=3) → Dense(3, softmax),
    # trained with Adam for 3 epochs; the numbers beside it were computed by the lucidnet
    # that wrote it, before its modules were reorganised.
    expected = np.load(os.path.join(DATA, "format-1.0-expected.npz"))
    model = load_model(os.path.join(DATA, "format-1.0.lucid"))
    assert model.metadata == {"labels": ["a", "b", "c"]}
    assert model.history.epoch == [0, 1, 2]
    np.testing.assert_allclose(model.predict(expected["probe"], verbose=0), expected["expected"],
                               rtol=1e-6, atol=1e-7)
    model.fit(expected["x"], expected["y"], epochs=4, initial_epoch=3, batch_size=8, verbose=0)
    resumed = np.concatenate([w.ravel() for w in model.get_weights()])
    np.testing.assert_allclose(resumed, expected["resumed_weights"], rtol=1e-6, atol=1e-7)


# -- save refuses what load would refuse ------------------------------------------------------

def test_saving_an_unregistered_layer_subclass_is_refused_before_writing(tmp_path):
    class DoubledDense(Dense):  # would load back as a plain Dense, silently different
        def forward(self, x, training=False):
            return 2 * super().forward(x, training)

    model = Sequential([Input((2,)), DoubledDense(3)])
    with pytest.raises(ValueError, match=r"Cannot save the layer DoubledDense: it is not registered"):
        model.save(tmp_path / "m.lucid")
    assert not (tmp_path / "m.lucid").exists()


def test_a_layer_named_like_the_optimizer_state_is_refused_before_writing(tmp_path):
    model = Sequential([Input((2,)), Dense(3, name="optimizer")])
    with pytest.raises(ValueError, match=r"the layer 'optimizer' has the name a model file keeps"):
        model.save(tmp_path / "m.lucid", include_optimizer=False)
    assert not (tmp_path / "m.lucid").exists()


def test_metadata_beyond_the_document_limit_is_refused_before_writing(tmp_path):
    model = Sequential([Input((2,)), Dense(3)])
    model.metadata = {"notes": "x" * MAX_DOCUMENT_LENGTH}
    with pytest.raises(ValueError, match=r"more than the 8,388,608 a model file may hold"):
        model.save(tmp_path / "m.lucid")
    assert not (tmp_path / "m.lucid").exists()


@pytest.mark.parametrize("optimizer, slot", [
    ("adam", "v"), ("rmsprop", "v"), ("adagrad", "G"), ("adadelta", "avg_g2"),
    ("adadelta", "avg_delta2"), ("nadam", "v"), ("adamax", "u"), ("adamw", "v"),
    ({"class_name": "adam", "config": {"amsgrad": True}}, "v_max"), ("ftrl", "accumulator"),
])
def test_a_negative_second_moment_is_refused_naming_the_slot_and_the_layer(tmp_path, data, optimizer, slot):
    model = Sequential([Input((4,)), Dense(3, activation="relu"), Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    model.fit(*data, epochs=1, verbose=0)
    path = tmp_path / "m.lucid"
    model.save(path)

    def negative(document, tensors):
        tensors[f"optimizer/{slot}/2"] = tensors[f"optimizer/{slot}/2"] - 1.0

    message = load_error(edited(path, negative))
    assert f"slot {slot!r} of dense_2/kernel, layer 'dense_2') holds " in message
    # the words of Optimizer.set_state's refusal, with the file's key and the weight's name
    assert f"the optimizer state optimizer/{slot}/2 (" in message
    assert "negative value(s), as low as " in message and "never negative." in message


@pytest.mark.parametrize("edit, where", [
    (lambda layers: layers[1]["config"].update(use_bias="yes"), "use_bias"),
    (lambda layers: layers[1]["config"].update(trainable="no"), "trainable"),
    (lambda layers: layers[0]["config"].update(shape="4"), "shape"),
    (lambda layers: layers[0]["config"].update(shape=[4.0]), "shape"),
    (lambda layers: layers[1]["config"].update(units=3.0), "units"),
    (lambda layers: layers[1]["config"].update(units=True), "units"),
    (lambda layers: layers[1]["config"].update(dtype="float16"), "dtype"),
])
def test_type_lies_in_a_resigned_document_are_refused(tmp_path, data, edit, where):
    _, path = trained_file(tmp_path, data)
    message = load_error(edited(path, lambda document, tensors: edit(document["model"]["layers"])))
    assert where in message
