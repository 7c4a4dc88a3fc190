"""The IDX file format of MNIST and Fashion-MNIST, read strictly and written back.

An IDX file is a small header followed by a C-order array, everything big-endian, as
described under "File formats" on the MNIST page (Y. LeCun, C. Cortes, C. J. C. Burges,
"The MNIST database of handwritten digits"):

====== ======= =============================================================================
offset bytes   content
====== ======= =============================================================================
0      2       zero
2      1       type code: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
               0x0E float64
3      1       number of dimensions d
4      4·d     the size of each dimension, unsigned
4 + 4d n·size  the values, last index changing fastest
====== ======= =============================================================================

So `t10k-images-idx3-ubyte` begins `00 00 08 03`, then 10000, 28 and 28.  A file must hold
exactly the bytes its header promises: a short or overlong file is an error that names the
file and both byte counts, never an array of the wrong shape.  Files may be gzipped; gzip is
recognised by its content, and a file named `.gz` that is not gzip is an error.
"""

from __future__ import annotations

import gzip
import math
import os
import struct
import zlib

import numpy as np

from ..errors import IDXError
from ..io import atomic_write_bytes

#: IDX type code → the big-endian dtype of the values it stands for.
TYPE_CODES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
GZIP_MAGIC = b"\x1f\x8b"
MAX_DIMENSIONS = 255  # the count is a single byte


def read_idx(path) -> np.ndarray:
    """The array stored in the IDX file at `path` (gzipped or not), in native byte order.

    Raises [`IDXError`][lucidnet.datasets.IDXError] naming the file and what is wrong with it.
    """
    path = os.fspath(path)
    with open(path, "rb") as file:
        raw = file.read()
    return decode_idx(_decompressed(raw, path), source=path)


def decode_idx(data: bytes, source: str = "IDX data") -> np.ndarray:
    """Parse the bytes of an (uncompressed) IDX file; `source` names it in error messages."""
    if len(data) < 4:
        raise IDXError(
            f"{source} is truncated: an IDX file starts with a 4-byte magic number, but the "
            f"file holds only {len(data)} byte(s)."
        )
    magic = int.from_bytes(data[:4], "big")
    type_code, ndim = data[2], data[3]
    if data[:2] != b"\x00\x00":
        hint = " It looks gzipped: name it with .gz or gunzip it." if data[:2] == GZIP_MAGIC else ""
        raise IDXError(
            f"{source} is not an IDX file: its magic number is 0x{magic:08X}, but an IDX magic "
            f"number starts with two zero bytes (e.g. 0x00000803 for uint8 images).{hint}"
        )
    if type_code not in TYPE_CODES:
        known = ", ".join(f"0x{code:02X} ({dtype.name})" for code, dtype in TYPE_CODES.items())
        raise IDXError(
            f"{source} has an unknown IDX type code 0x{type_code:02X} in its magic number "
            f"0x{magic:08X}; the known codes are {known}."
        )
    if ndim == 0:
        raise IDXError(
            f"{source} declares 0 dimensions (magic 0x{magic:08X}); an IDX array has at least one."
        )
    dtype = TYPE_CODES[type_code]
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise IDXError(
            f"{source} is truncated: its header declares {ndim} dimension(s), which needs "
            f"{header_size} header bytes, but the file holds only {len(data)}."
        )
    shape = struct.unpack(f">{ndim}I", data[4:header_size])
    count = math.prod(shape)
    expected = header_size + count * dtype.itemsize
    described = f"shape {shape} of {dtype.name}"
    if len(data) < expected:
        raise IDXError(
            f"{source} is truncated: its header declares {described}, which needs "
            f"{expected} bytes, but the file holds only {len(data)}. Hint: fetch the file again."
        )
    if len(data) > expected:
        raise IDXError(
            f"{source} has {len(data) - expected} unexpected trailing byte(s): its header "
            f"declares {described}, which needs {expected} bytes, but the file holds "
            f"{len(data)}. Hint: check the dimensions in the header, or fetch the file again."
        )
    values = np.frombuffer(data, dtype=dtype, count=count, offset=header_size).reshape(shape)
    # A native-order copy: writable, and as fast to compute with as any other array.
    return values.astype(dtype.newbyteorder("="))


def encode_idx(array) -> bytes:
    """The bytes of an IDX file holding `array` (one of the six IDX dtypes, 1 to 255 dims)."""
    array = np.asarray(array)
    type_code = _type_code(array.dtype)
    if not 1 <= array.ndim <= MAX_DIMENSIONS:
        raise ValueError(
            f"An IDX file holds 1 to {MAX_DIMENSIONS} dimensions, got shape {array.shape}."
        )
    if max(array.shape) >= 2**32:
        raise ValueError(f"An IDX dimension must be below 2**32, got shape {array.shape}.")
    header = bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.ascontiguousarray(array, dtype=TYPE_CODES[type_code]).tobytes()


def write_idx(path, array) -> None:
    """Write `array` as an IDX file, gzipped when `path` ends in `.gz`; atomically."""
    data = encode_idx(array)
    if os.fspath(path).endswith(".gz"):
        data = gzip.compress(data, mtime=0)  # mtime=0: the same array always gives the same bytes
    atomic_write_bytes(path, data)


def _type_code(dtype: np.dtype) -> int:
    for code, idx_dtype in TYPE_CODES.items():
        if dtype.kind == idx_dtype.kind and dtype.itemsize == idx_dtype.itemsize:
            return code
    supported = ", ".join(dtype.name for dtype in TYPE_CODES.values())
    raise ValueError(f"IDX cannot store dtype {dtype}; it stores {supported}.")


def _decompressed(raw: bytes, path: str) -> bytes:
    if raw[:2] == GZIP_MAGIC:
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise IDXError(
                f"{path} is a corrupt or truncated gzip file ({error}). Hint: fetch the file again."
            ) from None
    if path.endswith(".gz"):
        raise IDXError(
            f"{path} is named .gz but is not gzip data: it starts with "
            f"{raw[:4].hex(' ') or 'nothing'}, and gzip data starts with 1f 8b. Hint: if it is "
            f"a plain IDX file, drop the .gz from its name."
        )
    return raw
