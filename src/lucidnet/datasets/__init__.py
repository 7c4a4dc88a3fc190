"""Datasets returned as ``(x_train, y_train), (x_test, y_test)``, like ``keras.datasets``.

``digits`` is embedded (no network needed); ``mnist`` and ``fashion_mnist`` read the original
IDX files, found on disk or downloaded and checked; ``from_csv`` reads a user's own table.
"""

from . import digits, fashion_mnist, mnist
from .files import DatasetNotFoundError
from .idx import IDXError, read_idx, write_idx
from .tabular import TabularData, decode_labels, from_csv, from_npz

__all__ = ["digits", "mnist", "fashion_mnist", "from_csv", "from_npz", "TabularData",
           "decode_labels", "read_idx", "write_idx", "IDXError", "DatasetNotFoundError"]
