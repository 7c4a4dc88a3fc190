"""Reading the `.npz` files Keras publishes its datasets in, with no code run from them.

Plain arrays are read with NumPy's `allow_pickle=False`.  IMDB's and Reuters' reviews are
ragged (a list of word indices each), which NumPy can only store as an object array, that is,
as a pickle stream.  Those streams are read by an unpickler that may look up exactly three
names, the ones that rebuild an array (`numpy.ndarray`, `numpy.dtype` and
`multiarray._reconstruct`, under NumPy 1's and 2's module names): anything else a stream
names (`os.system`, `builtins.eval`, a class with a `__reduce__` gadget) is refused
before it is looked up, so nothing but arrays, lists and numbers can come out.  Each member
is read whole into memory only when its declared size is within `MAX_MEMBER_BYTES`.
"""

from __future__ import annotations

import io
import os
import pickle
import zipfile

import numpy as np

#: The most bytes one array of a dataset file may take uncompressed (1 GiB).
MAX_MEMBER_BYTES = 1 << 30

_ARRAY_GLOBALS = frozenset({
    ("numpy", "ndarray"), ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
})


class DatasetFileError(ValueError):
    """A dataset file that is not what its publisher distributes (the message says how)."""


class _ArraysOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _ARRAY_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"it names {module}.{name}, which is not part of an array")


def load_npz(path, keys) -> dict[str, np.ndarray]:
    """`{key: array}` for each of `keys`, read from the `.npz` file at `path`."""
    path = os.fspath(path)
    arrays = {}
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            for key in keys:
                info = members.get(f"{key}.npy")
                if info is None:
                    raise DatasetFileError(f"{path} has no array {key!r}; it holds "
                                           f"{sorted(name.removesuffix('.npy') for name in members)}.")
                if info.file_size > MAX_MEMBER_BYTES:
                    raise DatasetFileError(f"{path}: array {key!r} takes {info.file_size:,} "
                                           f"bytes, more than the {MAX_MEMBER_BYTES:,} allowed.")
                with archive.open(info) as member:
                    arrays[key] = _read_array(io.BytesIO(member.read()))
    except (OSError, zipfile.BadZipFile, pickle.UnpicklingError, EOFError) as error:
        raise DatasetFileError(f"{path} is not a dataset file lucidnet can read: {error}.") from None
    except ValueError as error:
        if isinstance(error, DatasetFileError):
            raise
        raise DatasetFileError(f"{path} is not a dataset file lucidnet can read: {error}.") from None
    return arrays


def _read_array(stream: io.BytesIO) -> np.ndarray:
    version = np.lib.format.read_magic(stream)
    read_header = (np.lib.format.read_array_header_1_0 if version[0] == 1
                   else np.lib.format.read_array_header_2_0)
    _, _, dtype = read_header(stream)
    stream.seek(0)
    if not dtype.hasobject:
        return np.lib.format.read_array(stream, allow_pickle=False)
    np.lib.format.read_magic(stream)
    read_header(stream)
    array = _ArraysOnly(stream).load()
    if not isinstance(array, np.ndarray):
        raise pickle.UnpicklingError(f"it holds a {type(array).__name__}, not an array")
    return array


def sequences(path, key: str, array: np.ndarray) -> list[list[int]]:
    """The rows of a ragged array of word indices, each checked to be a list of integers."""
    if array.ndim != 1:
        raise DatasetFileError(f"{path}: {key!r} must be one sequence per example, got shape "
                               f"{array.shape}.")
    rows = []
    for index, row in enumerate(array):
        values = np.asarray(row)
        if values.ndim != 1 or (values.size and values.dtype.kind not in "iu"):
            raise DatasetFileError(f"{path}: {key!r} entry {index} must be a list of word "
                                   f"indices, got {type(row).__name__} {row!r:.60}.")
        rows.append([int(value) for value in values])
    return rows
