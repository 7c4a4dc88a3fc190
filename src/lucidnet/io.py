"""Files: safetensors reading, atomic writes, tensor names and digests.

Every file lucidnet writes is a safetensors file (an 8-byte header length, a JSON header
naming each tensor's dtype, shape and byte range, then the raw little-endian arrays; nothing
executable), with one tensor per parameter named `<layer name>/<weight name>` as in
`dense_1/kernel`.  A weights file adds metadata saying which format and lucidnet version
wrote it (`lucidnet.saving.weights_file`); a full model file (`lucidnet.saving`)
adds the architecture and training state.  Every write goes to a temporary file in the same directory, is flushed and fsynced,
then renamed over the target: a crash at any moment leaves either the old file or the new
one.  The file gets the permissions any program's new file would (`0o666` less the
process's umask), or keeps those of the file it replaces.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from typing import NamedTuple

import numpy as np

from .errors import ModelFileError

#: The `format` metadata of a weights-only file (`lucidnet.saving.weights_file`).
WEIGHTS_FORMAT = "lucidnet-weights"
#: The metadata key under which a full model file keeps its JSON document.
MODEL_DOCUMENT_KEY = "lucidnet"
#: Tensors whose names start with this belong to the optimizer, not to a layer.
OPTIMIZER_PREFIX = "optimizer/"
#: Where a model file keeps the arrays of its callbacks' states (`callbacks/EarlyStopping/0/
#: best_weights/0`).
CALLBACK_PREFIX = "callbacks/"

# safetensors dtype codes → NumPy dtype names (the codes NumPy cannot represent, such as
# BF16, keep their code and so never equal a model's dtype).
_DTYPE_NAMES = {
    "BOOL": "bool", "U8": "uint8", "I8": "int8", "U16": "uint16", "I16": "int16",
    "U32": "uint32", "I32": "int32", "U64": "uint64", "I64": "int64",
    "F16": "float16", "F32": "float32", "F64": "float64",
}


class TensorSpec(NamedTuple):
    """What a safetensors header declares for one tensor, before its data is read."""

    dtype: str   # a NumPy dtype name such as "float32"
    shape: tuple


class TensorFile:
    """An open safetensors file: its metadata and each tensor's `TensorSpec` come
    from the header alone; `read` loads one tensor.

    The safetensors library checks the header before anything is read: its declared length
    against the file size, and every tensor's byte range against its shape and dtype, so a
    file claiming huge tensors is refused without allocating them.  Use as a context manager.
    """

    def __init__(self, path):
        from safetensors import SafetensorError, safe_open

        self.path = os.fspath(path)
        try:  # a FIFO or a device would block the reader or never end: refuse it unopened
            is_file = stat.S_ISREG(os.stat(self.path).st_mode)
        except OSError as error:
            raise ModelFileError(self.path, f"not a readable safetensors file ({error}).") from None
        if not is_file:
            raise ModelFileError(self.path, "it is not a regular file (a directory, a FIFO or a "
                                            "device), so it cannot be a safetensors file.")
        try:
            self._handle = safe_open(self.path, framework="numpy")
        except (SafetensorError, OSError) as error:
            raise ModelFileError(self.path, f"not a readable safetensors file ({error}).") from None
        try:
            self.metadata: dict[str, str] = self._handle.metadata() or {}
            self.specs: dict[str, TensorSpec] = {}
            names = self._handle.keys()  # safe_open is not a mapping
            for name in names:
                declared = self._handle.get_slice(name)
                dtype = declared.get_dtype()
                self.specs[name] = TensorSpec(_DTYPE_NAMES.get(dtype, dtype),
                                              tuple(declared.get_shape()))
        except (SafetensorError, OSError) as error:
            self.close()
            problem = f"its safetensors header is unreadable ({error})."
            raise ModelFileError(self.path, problem) from None

    def read(self, name: str) -> np.ndarray:
        from safetensors import SafetensorError

        try:
            return self._handle.get_tensor(name)
        except (SafetensorError, OSError, TypeError, ValueError) as error:
            raise ModelFileError(self.path, f"tensor {name!r} cannot be read ({error}).") from None

    def close(self) -> None:
        self._handle.__exit__(None, None, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _permissions_for(path: str) -> int:
    """The mode bits `open(path, "w")` would leave: the existing file's, or 0o666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_current_umask()


def _current_umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # the only portable way to read it is to set it, then put it back
    os.umask(mask)
    return mask


def atomic_write_bytes(path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=os.path.basename(path))
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes the file 0o600 whatever the umask says
            os.fchmod(handle, _permissions_for(path))
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
    """`{"dense_1/kernel": W, "dense_1/bias": b, ...}` for every layer of `model` (those of
    a nested model in its place: layer names are unique across them)."""
    return {
        f"{layer.name}/{name}": weight
        for layer in model.flat_layers
        for name, weight in zip(layer.weight_names, layer.weights)
    }


def tensor_digest(array: np.ndarray) -> str:
    """SHA-256 of the array's bytes as safetensors stores them (C order, little-endian)."""
    stored = np.asarray(array, dtype=array.dtype.newbyteorder("<"), order="C")
    return hashlib.sha256(stored.reshape(-1).view(np.uint8)).hexdigest()


def check_stored_values(path, name: str, array: np.ndarray) -> None:
    """Raise `ModelFileError` if a stored float tensor holds a NaN or an infinity."""
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        count = int(np.size(array) - np.isfinite(array).sum())
        raise ModelFileError(path, f"tensor {name!r} holds {count} NaN or infinite value(s).")
