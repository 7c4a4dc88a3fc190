"""Forged model files: every one ends in a ModelFileError, or loads if it is valid, within
bounded memory and time.

Where ``test_saving_fuzz.py`` mutates a file at random, this generator forges files as an
attacker would, with every digest recomputed so that the schema, the registries and the
allocation bounds are what must refuse them.  The families:

- every numeric field of the document set to a huge, negative, zero, fractional, string,
  boolean, null or list value;
- tensors whose stored shape lies about the architecture, and headers whose shapes lie about
  the bytes;
- dtype strings, in the header and in the document;
- layer counts, up to one beyond the format's cap;
- deeply nested JSON, and duplicate keys;
- header byte ranges that overlap, run backwards or run past the end of the file.

Each file is loaded in a child process whose address space is capped (``RLIMIT_AS``) a few
hundred megabytes above what the interpreter already uses, so a loader that tried to
allocate what the file does not justify would die there, and each load must end within
``SECONDS``.  The outcome must be lucidnet's ``ModelFileError`` or a model: never another
exception, a MemoryError or a hang.  A fast subset (about 200 files) runs by default, the
rest under ``-m slow``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import save

from lucidnet import Dense, Dropout, Input, Sequential
from lucidnet.io import MODEL_DOCUMENT_KEY, tensor_digest
from lucidnet.saving.schema import DOCUMENT_DIGEST_KEY, MAX_LAYERS

#: The most a single load may take, and how far above its starting size the child's address
#: space may grow.
SECONDS = 2.0
HEADROOM = 300 * 2**20
#: One forged file in this many runs by default; the others run under the slow marker.
FAST_EVERY = 2

REPLACEMENTS = {"huge": 10**30, "negative": -7, "zero": 0, "float": 2.5, "str": "4",
                "bool": True, "null": None, "list": [4]}


def original_parts():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 1)
    model = Sequential([Input((4,)), Dense(6, activation="relu", kernel_regularizer="l2"),
                        Dropout(0.2, seed=1), Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    model.metadata = {"labels": ["a", "b", "c"]}
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "original.lucid"
        model.save(path)
        with safe_open(path, framework="numpy") as file:
            document = json.loads(file.metadata()[MODEL_DOCUMENT_KEY])
            tensors = {name: file.get_tensor(name) for name in file.keys()}
    return document, tensors


def signed(document, tensors, text=None) -> bytes:
    """The file's bytes with every digest recomputed (``text``: the document as given)."""
    if text is None:
        document = dict(document, tensors={n: tensor_digest(a) for n, a in tensors.items()})
        text = json.dumps(document)
    metadata = {MODEL_DOCUMENT_KEY: text,
                DOCUMENT_DIGEST_KEY: hashlib.sha256(text.encode()).hexdigest()}
    return save(tensors, metadata=metadata)


def split(content: bytes):
    (length,) = struct.unpack("<Q", content[:8])
    return json.loads(content[8:8 + length]), content[8 + length:]


def joined(header: dict, data: bytes, text: str | None = None) -> bytes:
    text = (json.dumps(header) if text is None else text).encode()
    return struct.pack("<Q", len(text)) + text + data


def numeric_paths(value, path=()):
    """The path of every number (not a boolean) in the document but its digests."""
    if isinstance(value, dict):
        for key, item in value.items():
            if path == () and key == "tensors":
                continue
            yield from numeric_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from numeric_paths(item, path + (index,))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield path


def set_at(document, path, value):
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def forged_files(document, tensors):
    """{label: bytes} for every forged file of every family."""
    files = {}
    plain = signed(document, tensors)

    # numeric fields
    for path in numeric_paths(document):
        for label, value in REPLACEMENTS.items():
            edited = copy.deepcopy(document)
            set_at(edited, path, value)
            files[f"number {'.'.join(map(str, path))} = {label}"] = signed(edited, tensors)

    # tensors of the wrong shape, digests recomputed; headers whose shapes lie about the bytes
    for name, array in tensors.items():
        for label, reshaped in {"flat": array.reshape(-1), "extra axis": array[None],
                                "doubled": np.concatenate([array.reshape(-1)] * 2),
                                "empty": array.reshape(-1)[:0]}.items():
            files[f"shape {name} {label}"] = signed(document, {**tensors, name: reshaped.copy()})
        header, data = split(plain)
        for label, shape in {"huge": [2**40], "zero": [0], "negative": [-1],
                             "many axes": [2] * 64, "product overflow": [2**32, 2**32, 2**32]}.items():
            lying = copy.deepcopy(header)
            lying[name]["shape"] = shape
            files[f"header shape {name} {label}"] = joined(lying, data)

    # dtype strings
    header, data = split(plain)
    for name in [n for n in header if n != "__metadata__"][:4]:
        for dtype in ("F16", "BF16", "F64", "I64", "U8", "BOOL", "F8_E4M3", "X99", "", "f32"):
            lying = copy.deepcopy(header)
            lying[name]["dtype"] = dtype
            files[f"header dtype {name} {dtype!r}"] = joined(lying, data)
    for dtype in ("float16", "bfloat16", "int32", "float", "", "FLOAT32"):
        edited = copy.deepcopy(document)
        edited["model"]["dtype"] = dtype
        files[f"document dtype {dtype!r}"] = signed(edited, tensors)
        edited = copy.deepcopy(document)
        edited["model"]["layers"][1]["config"]["dtype"] = dtype
        files[f"layer dtype {dtype!r}"] = signed(edited, tensors)

    # layer counts
    for count in (0, 2, 50, 1_000, MAX_LAYERS + 1):
        edited = copy.deepcopy(document)
        dense = edited["model"]["layers"][1]
        extra = [{"class_name": dense["class_name"],
                  "config": dict(dense["config"], name=f"forged_{i}")} for i in range(count)]
        edited["model"]["layers"] = edited["model"]["layers"][:1] + extra + edited["model"]["layers"][1:]
        files[f"layers +{count} Dense"] = signed(edited, tensors)
    edited = copy.deepcopy(document)
    edited["model"]["layers"] = []
    files["layers none"] = signed(edited, tensors)

    # nested depth and duplicate keys, in the document's own text
    text = json.dumps(dict(document, tensors={n: tensor_digest(a) for n, a in tensors.items()}))
    for depth in (100, 10_000, 1_000_000):
        nested = "[" * depth + "]" * depth
        files[f"nested metadata depth {depth}"] = signed(
            None, tensors, text.replace('"metadata": {', f'"metadata": {{"deep": {nested}, ', 1))
        files[f"nested layer config depth {depth}"] = signed(
            None, tensors, text.replace('"config": {', f'"config": {{"deep": {nested}, ', 1))
    body = text[1:]
    files["duplicate key, the genuine one last"] = signed(None, tensors, '{"model": 3, ' + body)
    files["duplicate key, the forged one last"] = signed(None, tensors, text[:-1] + ', "model": 3}')
    files["duplicate format_version"] = signed(None, tensors, text[:-1] + ', "format_version": "9.0"}')
    header, data = split(plain)
    raw = json.dumps(header)
    first = next(n for n in header if n != "__metadata__")
    files["duplicate header tensor"] = joined(
        header, data, raw[:-1] + f', {json.dumps(first)}: {json.dumps(header[first])}}}')

    # header byte ranges
    names = sorted((n for n in header if n != "__metadata__"), key=lambda n: header[n]["data_offsets"])
    for name in names[:6]:
        begin, end = header[name]["data_offsets"]
        for label, offsets in {"overlapping": [0, end - begin], "past the end": [begin, len(data) + 8],
                               "backwards": [end, begin], "far": [2**62, 2**62 + end - begin],
                               "negative": [-8, end - begin - 8]}.items():
            lying = copy.deepcopy(header)
            lying[name]["data_offsets"] = offsets
            files[f"offsets {name} {label}"] = joined(lying, data)
    files["data truncated"] = joined(header, data[:-4])
    files["data with trailing bytes"] = joined(header, data + b"\0" * 16)
    return files


RUNNER = r"""
import json, os, resource, sys, time
import numpy as np
import lucidnet
from lucidnet.errors import ModelFileError

def address_space():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024

paths = sys.argv[2:]
lucidnet.load_model(sys.argv[1])  # warm every import and code path before the cap
limit = address_space() + int(os.environ["FORGED_HEADROOM"])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
for path in paths:
    start = time.perf_counter()
    try:
        model = lucidnet.load_model(path)
        outcome = "loaded" if all(np.isfinite(w).all() for w in model.get_weights()) else "non-finite"
    except ModelFileError as error:
        outcome = "ModelFileError"
    except BaseException as error:
        outcome = f"{type(error).__name__}: {str(error)[:300]}"
    print(json.dumps({"path": path, "outcome": outcome, "seconds": time.perf_counter() - start}),
          flush=True)
if os.environ.get("FORGED_PROBE"):  # the cap itself: an allocation beyond it must fail
    try:
        probe = np.ones(int(os.environ["FORGED_PROBE"]), dtype=np.uint8)
        print(json.dumps({"path": "probe", "outcome": "allocated", "seconds": 0.0}), flush=True)
    except MemoryError:
        print(json.dumps({"path": "probe", "outcome": "MemoryError", "seconds": 0.0}), flush=True)
"""


@pytest.fixture(scope="module")
def forged(tmp_path_factory):
    document, tensors = original_parts()
    directory = tmp_path_factory.mktemp("forged")
    (directory / "original.lucid").write_bytes(signed(document, tensors))
    labels = {}
    for index, (label, content) in enumerate(sorted(forged_files(document, tensors).items())):
        path = directory / f"{index:05d}.lucid"
        path.write_bytes(content)
        labels[str(path)] = label
    return directory, labels


def load_all_capped(directory, paths, **extra):
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                   "FORGED_HEADROOM": str(HEADROOM), **extra}
    done = subprocess.run([sys.executable, "-c", RUNNER, str(directory / "original.lucid"), *paths],
                          capture_output=True, text=True, env=environment,
                          timeout=60 + SECONDS * len(paths), check=False)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and len(results) == len(paths) + bool(extra), done.stderr[-3000:]
    return results


def check(forged, fast: bool):
    directory, labels = forged
    paths = [path for index, path in enumerate(sorted(labels)) if (index % FAST_EVERY == 0) == fast]
    failures = [f"{labels[r['path']]}: {r['outcome']} in {r['seconds']:.2f} s"
                for r in load_all_capped(directory, paths)
                if r["outcome"] not in ("ModelFileError", "loaded") or r["seconds"] > SECONDS]
    assert not failures, f"{len(failures)} of {len(paths)} forged files:\n" + "\n".join(failures)
    return len(paths)


def test_the_generator_forges_every_family(forged):
    _, labels = forged
    families = {label.split(" ")[0] for label in labels.values()}
    assert families >= {"number", "shape", "header", "document", "layer", "layers", "nested",
                        "duplicate", "offsets", "data"}
    assert len(labels) >= 400


def test_the_cap_refuses_an_allocation_beyond_the_headroom(forged):
    directory, _ = forged
    (probe,) = load_all_capped(directory, [], FORGED_PROBE=str(2 * HEADROOM))
    assert probe["outcome"] == "MemoryError"


def test_forged_files_are_refused_or_load_within_bounded_memory_and_time(forged):
    assert check(forged, fast=True) >= 200


@pytest.mark.slow
def test_every_other_forged_file_is_refused_or_loads_within_bounded_memory_and_time(forged):
    check(forged, fast=False)
