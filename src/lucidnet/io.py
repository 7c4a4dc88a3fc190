"""Files: weights saved as safetensors, written atomically.

A weights file is a safetensors file (a JSON header and raw little-endian arrays, nothing
executable) with one tensor per parameter, named ``<layer name>/<weight name>`` as in
``dense_1/kernel``, and metadata saying which format and lucidnet version wrote it.  Every
write goes to a temporary file in the same directory, is flushed and fsynced, then renamed
over the target: a crash at any moment leaves either the old file or the new one.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np

WEIGHTS_FORMAT = "lucidnet-weights"
WEIGHTS_FORMAT_VERSION = "1"


def atomic_write_bytes(path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=os.path.basename(path))
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    # Make the rename itself durable where the platform allows syncing a directory.
    if hasattr(os, "O_DIRECTORY"):
        directory_handle = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory_handle)
        finally:
            os.close(directory_handle)


def weight_tensors(model) -> dict[str, np.ndarray]:
    """``{"dense_1/kernel": W, "dense_1/bias": b, ...}`` for every layer of ``model``."""
    return {
        f"{layer.name}/{name}": weight
        for layer in model.layers
        for name, weight in zip(layer.weight_names, layer.weights)
    }


def save_weights(model, path) -> None:
    """Write every parameter of ``model`` to a safetensors file at ``path``, atomically."""
    from safetensors.numpy import save

    from . import __version__

    if not model.built:
        raise ValueError(f"Model {model.name!r} has no weights to save yet: build or fit it first.")
    tensors = {name: np.ascontiguousarray(w) for name, w in weight_tensors(model).items()}
    metadata = {"format": WEIGHTS_FORMAT, "format_version": WEIGHTS_FORMAT_VERSION,
                "lucidnet_version": __version__}
    atomic_write_bytes(path, save(tensors, metadata=metadata))


def load_weights(model, path) -> None:
    """Set ``model``'s parameters from a file written by :func:`save_weights`.

    Names, shapes and values are all checked before any weight changes; a file that does not
    fit the model gets a ``ValueError`` listing what differs.
    """
    from safetensors import SafetensorError
    from safetensors.numpy import load

    path = os.fspath(path)
    try:
        with open(path, "rb") as file:
            tensors = load(file.read())
    except SafetensorError as error:
        raise ValueError(f"{path} is not a readable safetensors weights file: {error}") from None
    if not model.built:
        raise ValueError(f"Model {model.name!r} must be built before loading weights into it.")
    expected = weight_tensors(model)
    missing = sorted(expected.keys() - tensors.keys())
    unexpected = sorted(tensors.keys() - expected.keys())
    if missing or unexpected:
        raise ValueError(
            f"{path} does not fit model {model.name!r}: missing {missing or 'nothing'}, "
            f"unexpected {unexpected or 'nothing'}."
        )
    for name, current in expected.items():
        if tensors[name].shape != current.shape:
            raise ValueError(
                f"{path}: {name} has shape {tensors[name].shape}, the model expects {current.shape}."
            )
    model.set_weights([tensors[name] for name in expected])
