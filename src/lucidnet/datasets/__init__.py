"""Datasets returned as `(x_train, y_train), (x_test, y_test)`, like `keras.datasets`.

`digits` is embedded (no network needed); `mnist` and `fashion_mnist` read the original
IDX files, `cifar10` and `cifar100` the authors' binary records, and `boston_housing`,
`california_housing`, `imdb` and `reuters` the files Keras publishes, each found on
disk or downloaded and checked; `from_csv` reads a user's own table.
"""

from . import (boston_housing, california_housing, cifar10, cifar100, digits, fashion_mnist,
               imdb, mnist, reuters)
from .files import DatasetNotFoundError
from .idx import IDXError, read_idx, write_idx
from .tabular import TabularData, decode_labels, from_csv, from_npz

__all__ = ["digits", "mnist", "fashion_mnist", "cifar10", "cifar100", "boston_housing",
           "california_housing", "imdb", "reuters", "from_csv", "from_npz", "TabularData",
           "decode_labels", "read_idx", "write_idx", "IDXError", "DatasetNotFoundError"]
