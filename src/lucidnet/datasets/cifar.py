"""CIFAR-10 and CIFAR-100 read from their authors' binary version, which holds no pickle.

Keras downloads the Python version of CIFAR, whose batches are pickles; lucidnet reads the
binary version the authors publish beside it (A. Krizhevsky, "Learning Multiple Layers of
Features from Tiny Images", 2009; https://www.cs.toronto.edu/~kriz/cifar.html), the same
images in the same order.  Each file is a run of records: the label byte(s) (CIFAR-100:
coarse then fine), then 3072 bytes of pixels, the 1024 red values of the 32×32 image row by
row, then the green, then the blue.  The members are read straight from the tarball, never
unpacked to disk, and each must be a regular file of whole records, at most
`MAX_RECORDS` of them (the authors' files hold 10,000 or 50,000).
"""

from __future__ import annotations

import os
import tarfile

import numpy as np

from .files import locate
from .npz import DatasetFileError

SIDE = 32
PIXELS = 3 * SIDE * SIDE
MAX_RECORDS = 50000


def read_records(archive_path, members, label_bytes: int):
    """`(images, labels)` from the records of the tar members `members`, in order:
    uint8 images (N, 32, 32, 3) and the uint8 labels (N, label_bytes)."""
    record = label_bytes + PIXELS
    chunks = []
    try:
        with tarfile.open(archive_path) as archive:
            for name in members:
                try:
                    member = archive.getmember(name)
                except KeyError:
                    raise DatasetFileError(f"{archive_path} has no member {name!r}; is it the "
                                           f"binary version of CIFAR?") from None
                if (not member.isfile() or member.size % record
                        or not 0 < member.size <= MAX_RECORDS * record):
                    raise DatasetFileError(
                        f"{archive_path}: {name!r} must be a file of 1 to {MAX_RECORDS} "
                        f"records of {record} bytes, got "
                        f"{member.size:,} bytes{'' if member.isfile() else ' that are no file'}.")
                chunks.append(archive.extractfile(member).read())
    except (tarfile.TarError, EOFError, OSError) as error:
        raise DatasetFileError(f"{os.fspath(archive_path)} is not a readable CIFAR tarball: "
                               f"{error}.") from None
    records = np.frombuffer(b"".join(chunks), dtype=np.uint8).reshape(-1, record)
    images = records[:, label_bytes:].reshape(-1, 3, SIDE, SIDE).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), records[:, :label_bytes].copy()


def archive(source, path) -> str:
    """The source's one tarball on disk (`path`: its folder, as for MNIST), found or fetched."""
    name = source.files[0].name
    return os.fspath(locate(source, [name], path)[name])
