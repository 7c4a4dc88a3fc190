"""Weights-only files: `model.save_weights(path)` and `model.load_weights(path)`.

A weights file is a safetensors file with one tensor per parameter (`dense_1/kernel`, ...)
and three metadata strings: the format, the lucidnet version that wrote it, and under
`"tensor_sha256"` a JSON object giving each tensor's SHA-256.  `load_weights` also
reads the weights of a full model file, whose document holds the same digests.  Either way
every tensor's bytes are checked against its digest, so a flipped bit is refused instead
of loading as a different weight.
"""

from __future__ import annotations

import json

import numpy as np

from ..errors import ModelFileError
from ..io import (
    MODEL_DOCUMENT_KEY,
    OPTIMIZER_PREFIX,
    WEIGHTS_FORMAT,
    TensorFile,
    atomic_write_bytes,
    check_stored_values,
    tensor_digest,
    weight_tensors,
)
from ..version import __version__
from .keras_file import warn_keras_extension
from .reader import read_document

WEIGHTS_FORMAT_VERSION = "1"
#: Metadata key of the weights file's digests: a JSON object {tensor name: SHA-256}.
DIGESTS_KEY = "tensor_sha256"


def save_weights(model, path) -> None:
    """Write every parameter of `model` to a safetensors file at `path`, atomically."""
    from safetensors.numpy import save

    warn_keras_extension(path, "model.load_weights(path)")
    if not model.built:
        raise ValueError(f"Model {model.name!r} has no weights to save yet: build or fit it first.")
    tensors = {name: np.asarray(w, order="C") for name, w in weight_tensors(model).items()}
    metadata = {"format": WEIGHTS_FORMAT, "format_version": WEIGHTS_FORMAT_VERSION,
                "lucidnet_version": __version__,
                DIGESTS_KEY: json.dumps({name: tensor_digest(w) for name, w in tensors.items()})}
    atomic_write_bytes(path, save(tensors, metadata=metadata))


def load_weights(model, path) -> None:
    """Set `model`'s parameters from a file written by `save_weights` or by
    `model.save` (whose optimizer state is then ignored).

    Names, shapes, digests and values are all checked before any weight changes; a file that
    does not fit the model gets a `ModelFileError` saying what differs.
    """
    if not model.built:
        raise ValueError(f"Model {model.name!r} must be built before loading weights into it.")
    expected = weight_tensors(model)
    with TensorFile(path) as file:
        digests = _stored_digests(file)
        stored = set(file.specs)
        if MODEL_DOCUMENT_KEY in file.metadata:
            stored = {name for name in stored if not name.startswith(OPTIMIZER_PREFIX)}
        missing = sorted(expected.keys() - stored)
        unexpected = sorted(stored - expected.keys())
        if missing or unexpected:
            raise ModelFileError(
                file.path,
                f"it does not fit model {model.name!r}: missing {missing or 'nothing'}, "
                f"unexpected {unexpected or 'nothing'}.",
            )
        for name, current in expected.items():
            spec = file.specs[name]
            if spec.shape != current.shape:
                raise ModelFileError(
                    file.path, f"{name} has shape {spec.shape}, the model expects {current.shape}."
                )
            if not spec.dtype.startswith("float"):
                raise ModelFileError(
                    file.path, f"{name} is stored as {spec.dtype}; weights must be floats."
                )
        arrays = [file.read(name) for name in expected]
    for name, array in zip(expected, arrays):
        if digests is not None and tensor_digest(array) != digests.get(name):
            raise ModelFileError(file.path, f"tensor {name!r} does not match its SHA-256 digest: "
                                            f"the file is corrupted.")
        check_stored_values(file.path, name, array)
    model.set_weights(arrays)


def _stored_digests(file: TensorFile) -> dict | None:
    """{tensor name: SHA-256} from a model file's checked document or a weights file's
    metadata; None for a weights file written before weights files carried digests."""
    if MODEL_DOCUMENT_KEY in file.metadata:
        return read_document(file)["tensors"]
    text = file.metadata.get(DIGESTS_KEY)
    if text is None:
        return None
    try:
        digests = json.loads(text)
    except ValueError:
        digests = None
    if not (isinstance(digests, dict) and set(digests) == set(file.specs)
            and all(isinstance(value, str) for value in digests.values())):
        raise ModelFileError(file.path, f"its {DIGESTS_KEY!r} metadata is not a digest for "
                                        f"every tensor.")
    return digests
