"""The JSON document of a model file, and a small explicit validator for it.

A check is a function `check(value, where)` that returns nothing or raises
`SchemaError` naming the place in the document (`model.layers[2].class_name`) and
what was expected there.  Checks are built from a few combinators (`record`,
`list_of`, `mapping_of`, ...), so `DOCUMENT` below reads as the format's
specification.  Only the shape of the document is checked here; whether the names it holds
are registered, and whether the tensors fit the architecture, is checked by the loader.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from typing import Any

from ..errors import SchemaError

FORMAT = "lucidnet-model"
#: "<major>.<minor>": a reader accepts every minor version of its major version; a newer
#: minor version may only add optional top-level keys, which an older reader ignores.
#: 1.1 added ``callbacks``, the callbacks' states (an older reader refuses a file whose
#: callbacks keep arrays, as tensors it does not expect, rather than misread it).
FORMAT_VERSION = "1.1"
FLOAT_DTYPES = ("float32", "float64")
#: How format versions are written: "<major>.<minor>".
#: safetensors metadata key of the document's SHA-256 digest.
DOCUMENT_DIGEST_KEY = "lucidnet_sha256"
#: A longer document is refused unparsed (safetensors itself caps the whole header at 100 MB).
MAX_DOCUMENT_LENGTH = 8 * 2**20
VERSION_PATTERN = r"(\d{1,4})\.(\d{1,4})"
#: The bit generators whose state a model file records (``np.random.default_rng`` makes PCG64).
BIT_GENERATORS = ("PCG64",)

Check = Callable[[Any, str], None]


def _received(value) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"got {text} ({_json_type(value)})"


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def string(value, where: str) -> None:
    if not isinstance(value, str):
        raise SchemaError(where, f"must be a string, {_received(value)}.")


def boolean(value, where: str) -> None:
    if not isinstance(value, bool):
        raise SchemaError(where, f"must be true or false, {_received(value)}.")


def number(value, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SchemaError(where, f"must be a finite number, {_received(value)}.")


def json_value(value, where: str) -> None:
    """Any JSON value (the parser has already refused NaN and infinities)."""


def integer(minimum: int = 0, maximum: int | None = None) -> Check:
    def check(value, where: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum \
                or (maximum is not None and value > maximum):
            bound = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
            raise SchemaError(where, f"must be an integer {bound}, {_received(value)}.")
    return check


def one_of(*choices) -> Check:
    def check(value, where: str) -> None:
        if not any(value == choice and type(value) is type(choice) for choice in choices):
            raise SchemaError(where, f"must be one of {list(choices)}, {_received(value)}.")
    return check


def matching(pattern: str, description: str) -> Check:
    compiled = re.compile(pattern)

    def check(value, where: str) -> None:
        string(value, where)
        if not compiled.fullmatch(value):
            raise SchemaError(where, f"must be {description}, {_received(value)}.")
    return check


def nullable(inner: Check) -> Check:
    def check(value, where: str) -> None:
        if value is not None:
            inner(value, where)
    return check


def either(description: str, *options: Check) -> Check:
    def check(value, where: str) -> None:
        for option in options:
            try:
                option(value, where)
                return
            except SchemaError:
                continue
        raise SchemaError(where, f"must be {description}, {_received(value)}.")
    return check


def list_of(item: Check, max_length: int | None = None) -> Check:
    """An array of values passing `item`, with at most `max_length` of them."""
    def check(value, where: str) -> None:
        if not isinstance(value, list):
            raise SchemaError(where, f"must be an array, {_received(value)}.")
        if max_length is not None and len(value) > max_length:
            raise SchemaError(where, f"may hold at most {max_length:,} entries, got {len(value):,}.")
        for index, element in enumerate(value):
            item(element, f"{where}[{index}]")
    return check


def mapping_of(item: Check, key: Check | None = None) -> Check:
    """An object with any keys (each passing `key`, if given), each value passing `item`."""
    def check(value, where: str) -> None:
        if not isinstance(value, dict):
            raise SchemaError(where, f"must be an object, {_received(value)}.")
        for name, element in value.items():
            if key is not None:
                key(name, f"{where} key {name!r}")
            item(element, f"{where}[{name!r}]")
    return check


def record(fields: dict[str, Check], optional: tuple[str, ...] = ()) -> Check:
    """An object with exactly the keys of `fields`, those in `optional` allowed absent."""
    def check(value, where: str) -> None:
        if not isinstance(value, dict):
            raise SchemaError(where, f"must be an object, {_received(value)}.")
        missing = sorted(fields.keys() - value.keys() - set(optional))
        unexpected = sorted(value.keys() - fields.keys())
        if missing or unexpected:
            raise SchemaError(
                where, f"must have the keys {sorted(fields)}: missing {missing or 'none'}, "
                f"unexpected {unexpected or 'none'}."
            )
        for key, field in fields.items():
            if key in value:
                field(value[key], f"{where}.{key}" if where else key)
    return check


#: The most layers a model file may describe: far beyond any feed-forward network, and few
#: enough that a forged document cannot make loading slow.
MAX_LAYERS = 10_000

#: A registry reference: ``{"class_name": "Dense", "config": {...}}``.
CLASS_CONFIG = record({"class_name": string, "config": mapping_of(json_value)})

GENERATOR_STATE = record({
    "bit_generator": one_of(*BIT_GENERATORS),
    "state": record({"state": integer(0, 2**128 - 1), "inc": integer(0, 2**128 - 1)}),
    "has_uint32": integer(0, 1),
    "uinteger": integer(0, 2**32 - 1),
})

#: A model's ``get_config()``: its name, its dtype and its layers, each by registered name.
MODEL_CONFIG = record({
    "name": string,
    "dtype": one_of(*FLOAT_DTYPES),
    "layers": list_of(CLASS_CONFIG, max_length=MAX_LAYERS),
})

#: What ``model.to_json()`` writes: the model's class by registered name, and its config.
ARCHITECTURE = record({"class_name": string, "config": MODEL_CONFIG})

#: A callback's class name, or the name of a value in its state: they become parts of tensor
#: names (``callbacks/<class>/<position>/<name>/<index>``), so no "/" and nothing empty.
IDENTIFIER = matching(r"[A-Za-z_][A-Za-z0-9_]{0,99}", "a Python identifier")
#: The most callbacks of one class, and the most arrays under one name of a state.
MAX_CALLBACKS = 1_000
MAX_CALLBACK_ARRAYS = 100_000

#: One callback's ``get_state()``: its numbers (``null`` where the callback holds none yet) and,
#: for each list of arrays, how many tensors hold it.
CALLBACK_STATE = record({
    "values": mapping_of(nullable(number), key=IDENTIFIER),
    "tensors": mapping_of(integer(0, MAX_CALLBACK_ARRAYS), key=IDENTIFIER),
})

#: Format 1.1, key by key (keys in ``OPTIONAL_FIELDS`` may be absent, as in 1.0 files).
#: ``tensors`` maps every tensor of the file to the SHA-256 of its
#: bytes, so a flipped bit anywhere in the data is found; the document has its own digest.
DOCUMENT_FIELDS: dict[str, Check] = {
    "format": one_of(FORMAT),
    "format_version": matching(VERSION_PATTERN, 'a version such as "1.0"'),
    "lucidnet_version": string,
    "model": MODEL_CONFIG,
    "compile": nullable(record({
        "optimizer": CLASS_CONFIG,
        "loss": CLASS_CONFIG,
        "metrics": list_of(either("a metric name or a {class_name, config} object",
                                  string, CLASS_CONFIG)),
    })),
    "metadata": mapping_of(json_value),
    "history": nullable(record({
        "epoch": list_of(integer(0)),
        "history": mapping_of(list_of(nullable(number))),
    })),
    "training_state": nullable(record({
        "epoch": integer(0),
        "optimizer": boolean,
        "generators": record({"model": GENERATOR_STATE, "layers": mapping_of(GENERATOR_STATE)}),
    })),
    "callbacks": nullable(mapping_of(list_of(CALLBACK_STATE, max_length=MAX_CALLBACKS),
                                     key=IDENTIFIER)),
    "tensors": mapping_of(matching(r"[0-9a-f]{64}", "a SHA-256 digest in hexadecimal")),
}
#: Added by a minor version: a file of an earlier minor version has none of them.
OPTIONAL_FIELDS = ("callbacks",)
DOCUMENT = record(DOCUMENT_FIELDS, optional=OPTIONAL_FIELDS)


def validate(document) -> None:
    """Raise `SchemaError` unless `document` has the shape of format 1.x."""
    DOCUMENT(document, "")


def document_digest(text: str) -> str:
    """The SHA-256 digest of the document, in hex, as stored under `DOCUMENT_DIGEST_KEY`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
