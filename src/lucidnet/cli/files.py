"""The files the command reads, checked before they are read.

Every check here happens before the contents are loaded, so that a file that is missing, a
directory, or far larger than it looks (a `.npy` whose header promises terabytes, a
compressed `.npz` or PNG that would inflate to gigabytes) is refused with a message naming
the file, not met with NumPy's or Pillow's words, or with an attempt to allocate the memory.

Limits: an array may hold at most `MAX_INPUT_BYTES` bytes once loaded, a CSV file may be
at most that large, and an image at most `MAX_IMAGE_PIXELS` pixels.  Arrays are read
with `allow_pickle=False`: a `.npy` of Python objects is refused, never unpickled.
"""

from __future__ import annotations

import os
import zipfile

import numpy as np

from ..validation import as_floats

#: The most bytes an input array (a .npy, or one array of a .npz) may take in memory: 1 GiB.
MAX_INPUT_BYTES = 2**30

#: The most pixels an input image may have: 4096 x 4096, more than a phone's photo.
MAX_IMAGE_PIXELS = 4096 * 4096


def existing_file(path: str, option: str | None = None) -> str:
    """`path` if it names a file; a FileNotFoundError or IsADirectoryError naming it (after
    the `option` that gave it, if any) otherwise."""
    named = f"{option} {path}" if option else path
    if os.path.isdir(path):
        raise IsADirectoryError(f"{named}: is a directory, not a file.")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{named}: no such file.")
    return path


def small_enough(path: str) -> str:
    """`path` if the file is at most `MAX_INPUT_BYTES` long (a CSV read whole)."""
    size = os.path.getsize(existing_file(path))
    if size > MAX_INPUT_BYTES:
        raise ValueError(f"{path}: {size:,} bytes is more than the limit of {MAX_INPUT_BYTES:,} bytes.")
    return path


_HEADER_READERS = {(1, 0): np.lib.format.read_array_header_1_0,
                   (2, 0): np.lib.format.read_array_header_2_0}


def _check_array_header(path: str, file, what: str, numbers: bool = True) -> None:
    """Refuse, from its header alone, an array that is too large, or (when `numbers`) that
    does not hold plain numbers."""
    try:
        version = np.lib.format.read_magic(file)
        read_header = _HEADER_READERS.get(version)
        if read_header is None:  # 3.0 exists only for structured dtypes, refused below anyway
            raise ValueError(f"format version {version[0]}.{version[1]} is not read here")
        shape, _, dtype = read_header(file)
    except (ValueError, OSError, SyntaxError) as error:
        raise ValueError(f"{path}: {what} is not a NumPy array file ({error}).") from None
    if numbers and (dtype.hasobject or dtype.kind not in "biuf"):
        raise TypeError(f"{path}: {what} holds {dtype} values; expected numbers (integers or floats).")
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if nbytes > MAX_INPUT_BYTES:
        raise ValueError(f"{path}: {what} of shape {shape} and dtype {dtype} would take {nbytes:,} "
                         f"bytes, more than the limit of {MAX_INPUT_BYTES:,} bytes.")


def read_npy(path: str) -> np.ndarray:
    """The examples in a `.npy` file: plain numbers, finite, with at least one example."""
    with open(existing_file(path), "rb") as file:
        _check_array_header(path, file, "the array")
    try:
        array = np.load(path, allow_pickle=False)
    except ValueError as error:
        raise ValueError(f"{path}: not a complete NumPy array file ({error}).") from None
    array = as_floats(path, array, "float32")
    if array.size == 0:
        raise ValueError(f"{path}: holds no examples (shape {array.shape}).")
    return array


def check_npz(path: str) -> str:
    """`path` if no array in the `.npz` archive is too large and its features `x` are
    numbers (targets, labels and feature names may be text)."""
    existing_file(path)
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.filename.endswith(".npy"):
                    with archive.open(member) as file:
                        name = member.filename[:-4]
                        _check_array_header(path, file, f"array {name!r}", numbers=name == "x")
    except zipfile.BadZipFile as error:
        raise ValueError(f"{path}: not a .npz archive ({error}).") from None
    return path
