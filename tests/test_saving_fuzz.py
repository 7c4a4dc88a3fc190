"""Property-based tests: a mutated model file ends in a ModelFileError with a clear message.

Five families of mutation, 280 files in all: truncations, flipped bytes, edited documents,
tensors of the wrong shape or dtype, and headers declaring huge sizes.  Edited documents and
tensors are written with every digest recomputed, as a careful forger would, so that the
checks behind the digests are exercised too.  The only file allowed to load is one whose
content did not change (a flipped byte that turned JSON whitespace into other whitespace),
and then it must load as the very same model.
"""

import json
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_saving import assert_same_weights, forge, read_parts

from lucidnet import Dense, Dropout, Input, Sequential
from lucidnet.saving import ModelFileError, load_model


def fuzz_settings(examples):
    return settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Original:
    """A small trained model, its file's bytes, and a scratch path for mutated copies."""

    def __init__(self, directory):
        rng = np.random.default_rng(0)
        x = rng.normal(size=(32, 4))
        y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 1)
        self.model = Sequential([Input((4,)), Dense(6, activation="relu"), Dropout(0.2, seed=1),
                                 Dense(3, activation="softmax")], seed=0)
        self.model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                           metrics=["accuracy"])
        self.model.fit(x, y, epochs=1, batch_size=8, verbose=0)
        self.model.metadata = {"labels": ["a", "b", "c"]}
        path = directory / "original.lucid"
        self.model.save(path)
        self.content = path.read_bytes()
        self.document, self.tensors = read_parts(path)
        self.mutated = directory / "mutated.lucid"

    def expect_refusal(self, content: bytes) -> None:
        self.mutated.write_bytes(content)
        self._assert_refused()

    def expect_forged_refusal(self, document, tensors) -> None:
        forge(self.mutated, document, tensors)
        self._assert_refused()

    def _assert_refused(self) -> None:
        with pytest.raises(ModelFileError) as caught:
            load_model(self.mutated)
        assert str(caught.value).startswith(f"Cannot load {str(self.mutated)!r}: ")
        assert len(caught.value.problem) > 20

    def expect_same_model(self, content: bytes) -> None:
        self.mutated.write_bytes(content)
        loaded = load_model(self.mutated)
        assert loaded.get_config() == self.model.get_config()
        assert_same_weights(loaded, self.model)


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    return Original(tmp_path_factory.mktemp("fuzz"))


def split_file(content: bytes):
    """(header dict or None, data bytes) of a safetensors file."""
    (length,) = struct.unpack("<Q", content[:8])
    try:
        header = json.loads(content[8:8 + length])
    except ValueError:
        return None, content[8 + length:]
    return header, content[8 + length:]


def join_file(header: dict, data: bytes) -> bytes:
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


# -- truncations and flipped bytes -----------------------------------------------------------

@fuzz_settings(40)
@given(data=st.data())
def test_every_truncation_is_refused(original, data):
    length = data.draw(st.integers(0, len(original.content) - 1))
    original.expect_refusal(original.content[:length])


@fuzz_settings(90)
@given(data=st.data())
def test_flipped_bytes_are_refused_unless_the_content_is_unchanged(original, data):
    size = len(original.content)
    flips = data.draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(1, 255)),
                               min_size=1, max_size=4))
    content = bytearray(original.content)
    for position, mask in flips:
        content[position] ^= mask
    content = bytes(content)
    if content[:8] == original.content[:8] and split_file(content) == split_file(original.content):
        original.expect_same_model(content)  # only JSON whitespace changed
    else:
        original.expect_refusal(content)


def read_parts_copy(original):
    """A deep copy of the original (document, tensors), free to edit."""
    return json.loads(json.dumps(original.document)), {k: v.copy() for k, v in original.tensors.items()}


# -- edited documents -------------------------------------------------------------------------

# Places whose shape the format fixes (free-form places such as metadata are left out: any
# JSON is valid there; so is "tensors", which forging rewrites).
SCHEMA_PATHS = [
    ("format",), ("format_version",), ("lucidnet_version",), ("model",), ("model", "name"),
    ("model", "dtype"), ("model", "layers"), ("model", "layers", 0), ("model", "layers", 1),
    ("model", "layers", 1, "class_name"), ("model", "layers", 1, "config"),
    ("compile",), ("compile", "optimizer"), ("compile", "optimizer", "class_name"),
    ("compile", "optimizer", "config"), ("compile", "loss"), ("compile", "metrics"),
    ("compile", "metrics", 0), ("metadata",), ("history",), ("history", "epoch"),
    ("history", "history"), ("history", "history", "loss"), ("training_state",),
    ("training_state", "epoch"), ("training_state", "optimizer"), ("training_state", "generators"),
    ("training_state", "generators", "model"), ("training_state", "generators", "model", "state"),
    ("training_state", "generators", "model", "state", "inc"),
    ("training_state", "generators", "layers", "dropout_1", "has_uint32"),
]

# Keys that must be present (list items and the keys of free-form objects may come and go).
REQUIRED_KEYS = [path for path in SCHEMA_PATHS
                 if isinstance(path[-1], str) and path != ("history", "history", "loss")]

JSON_SCALARS = st.one_of(st.booleans(), st.integers(-2**70, 2**70),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=6))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=5)


def json_kind(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def parent_and_key(document, path):
    target = document
    for key in path[:-1]:
        target = target[key]
    return target, path[-1]


def remove_a_required_entry(document, tensors, data):
    parent, key = parent_and_key(document, data.draw(st.sampled_from(REQUIRED_KEYS)))
    del parent[key]


def change_the_type_of_an_entry(document, tensors, data):
    parent, key = parent_and_key(document, data.draw(st.sampled_from(SCHEMA_PATHS)))
    kind = json_kind(parent[key])
    parent[key] = data.draw(JSON_VALUES.filter(lambda value: json_kind(value) != kind))


def name_an_unregistered_class(document, tensors, data):
    path = data.draw(st.sampled_from([
        ("model", "layers", 1, "class_name"), ("model", "layers", 3, "class_name"),
        ("model", "layers", 1, "config", "activation", "class_name"),
        ("model", "layers", 1, "config", "kernel_initializer", "class_name"),
        ("compile", "optimizer", "class_name"), ("compile", "loss", "class_name"),
        ("compile", "metrics", 0),
    ]))
    parent, key = parent_and_key(document, path)
    parent[key] = data.draw(st.text(min_size=1, max_size=12).map(lambda name: f"unknown_{name}"))


def declare_a_different_architecture(document, tensors, data):
    layers = document["model"]["layers"]
    edit = data.draw(st.sampled_from(["units", "input", "rate", "dtype", "drop-layer"]))
    if edit == "units":
        config = layers[data.draw(st.sampled_from([1, 3]))]["config"]
        config["units"] = data.draw(st.one_of(st.integers(-5, 0), st.integers(10**3, 10**18),
                                              st.sampled_from([1, 2, 4, 5, 7])))
    elif edit == "input":
        layers[0]["config"]["shape"] = data.draw(st.sampled_from(
            [[5], [3], [4, 1], [0], [-4], [10**12], [2**40, 2**40]]))
    elif edit == "rate":
        layers[2]["config"]["rate"] = data.draw(st.sampled_from([-0.5, 1.0, 7, "half"]))
    elif edit == "dtype":
        document["model"]["dtype"] = "float64"
    else:
        del layers[data.draw(st.integers(1, len(layers) - 1))]


def break_the_training_state(document, tensors, data):
    state = document["training_state"]
    edit = data.draw(st.sampled_from(["no-optimizer", "no-compile", "generator", "generator-kind",
                                      "unknown-owner", "version"]))
    if edit == "no-optimizer":
        state["optimizer"] = False
    elif edit == "no-compile":
        document["compile"] = None
    elif edit == "generator":
        state["generators"]["model"]["state"]["state"] = data.draw(
            st.one_of(st.integers(2**128, 2**140), st.integers(-2**64, -1)))
    elif edit == "generator-kind":
        state["generators"]["model"]["bit_generator"] = data.draw(st.sampled_from(["MT19937", "Philox"]))
    elif edit == "unknown-owner":
        state["generators"]["layers"]["dense_1"] = state["generators"]["model"]
    else:
        document["format_version"] = data.draw(st.sampled_from(["2.0", "10.3", "0.9", "1", "1.0.0"]))


DOCUMENT_EDITS = [remove_a_required_entry, change_the_type_of_an_entry, name_an_unregistered_class,
                  declare_a_different_architecture, break_the_training_state]


@fuzz_settings(90)
@given(data=st.data())
def test_edited_documents_are_refused_even_with_new_digests(original, data):
    document, tensors = read_parts_copy(original)
    data.draw(st.sampled_from(DOCUMENT_EDITS))(document, tensors, data)
    original.expect_forged_refusal(document, tensors)


# -- tensors of the wrong shape or dtype ------------------------------------------------------

@fuzz_settings(30)
@given(data=st.data())
def test_tensors_of_the_wrong_shape_or_dtype_are_refused(original, data):
    document, tensors = read_parts_copy(original)
    name = data.draw(st.sampled_from(sorted(tensors)))
    array = tensors[name]
    change = data.draw(st.sampled_from(["transpose", "grow", "shrink", "add-axis", "dtype"]))
    if change == "transpose" and array.ndim == 2 and array.shape[0] != array.shape[1]:
        tensors[name] = array.T.copy()
    elif change == "grow" or array.size == 1:
        tensors[name] = np.concatenate([array.reshape(-1), array.reshape(-1)[:1]])
    elif change == "shrink":
        tensors[name] = array.reshape(-1)[:-1].copy()
    elif change == "add-axis":
        tensors[name] = array[None].copy()
    else:
        kinds = [np.float16, np.float64, np.int32, np.uint8]
        wanted = data.draw(st.sampled_from([kind for kind in kinds if kind != array.dtype]))
        tensors[name] = array.astype(wanted)
    original.expect_forged_refusal(document, tensors)


# -- headers declaring huge sizes -------------------------------------------------------------

@fuzz_settings(30)
@given(data=st.data())
def test_headers_declaring_huge_sizes_are_refused(original, data):
    header, payload = split_file(original.content)
    name = data.draw(st.sampled_from(sorted(key for key in header if key != "__metadata__")))
    huge = data.draw(st.integers(2**31, 2**63 - 1))
    change = data.draw(st.sampled_from(["shape", "shape-overflow", "offsets", "length"]))
    if change == "shape":
        header[name]["shape"] = [huge]
    elif change == "shape-overflow":
        header[name]["shape"] = [huge, huge, huge]
    elif change == "offsets":
        header[name]["data_offsets"][1] = huge
    else:
        content = join_file(header, payload)
        original.expect_refusal(struct.pack("<Q", huge) + content[8:])
        return
    original.expect_refusal(join_file(header, payload))
