"""CIFAR-100: 60,000 32×32 colour photos in 100 fine classes grouped in 20 coarse ones,
50,000 to train on and 10,000 to test, read from the authors' binary version (see
`.cifar`).
"""

from __future__ import annotations

import numpy as np

from ..validation import choice
from .cifar import archive, read_records
from .files import DatasetSource, RemoteFile

FOLDER = "cifar-100-binary"
SOURCE = DatasetSource(
    name="cifar100", title="CIFAR-100",
    files=(RemoteFile("cifar-100-binary.tar.gz", 168513733, "03b5dce01913d631647c71ecec9e9cb8",
                      algorithm="md5"),),
    mirrors=("https://www.cs.toronto.edu/~kriz/",),
)


def load_data(label_mode="fine", path=None):
    """`(x_train, y_train), (x_test, y_test)`, like `keras.datasets.cifar100.load_data()`.

    Images are uint8 (N, 32, 32, 3), channels last; labels of shape (N, 1) are the fine
    classes 0-99 (`label_mode="fine"`) or the coarse ones 0-19 (`"coarse"`), int64 as
    Keras gives them.  `path` is a folder holding `cifar-100-binary.tar.gz`, or
    receiving it.
    """
    label_mode = choice("cifar100 label_mode", label_mode, ("fine", "coarse"))
    column = 1 if label_mode == "fine" else 0  # each record starts coarse, fine
    tarball = archive(SOURCE, path)
    x_train, y_train = read_records(tarball, [f"{FOLDER}/train.bin"], 2)
    x_test, y_test = read_records(tarball, [f"{FOLDER}/test.bin"], 2)
    return ((x_train, y_train[:, column:column + 1].astype(np.int64)),
            (x_test, y_test[:, column:column + 1].astype(np.int64)))
