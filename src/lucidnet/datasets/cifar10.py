"""CIFAR-10: 60,000 32×32 colour photos in ten classes (6,000 each), 50,000 to train on and
10,000 to test, read from the authors' binary version (see `.cifar`)."""

from __future__ import annotations

from .cifar import archive, read_records
from .files import DatasetSource, RemoteFile

#: Label k names class k.
CLASS_NAMES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
               "truck")
FOLDER = "cifar-10-batches-bin"
SOURCE = DatasetSource(
    name="cifar10", title="CIFAR-10",
    files=(RemoteFile("cifar-10-binary.tar.gz", 170052171, "c32a1d4ab5d03f1284b67883e8d87530",
                      algorithm="md5"),),
    mirrors=("https://www.cs.toronto.edu/~kriz/",),
)


def load_data(path=None):
    """`(x_train, y_train), (x_test, y_test)`, like `keras.datasets.cifar10.load_data()`.

    Images are uint8 of shape (50000, 32, 32, 3) and (10000, 32, 32, 3), channels last;
    labels uint8 of shape (N, 1), 0-9 naming `CLASS_NAMES`, as Keras gives them.
    `path` is a folder holding `cifar-10-binary.tar.gz` (a lucidnet argument; Keras's
    takes none), or receiving it.
    """
    tarball = archive(SOURCE, path)
    batches = [f"{FOLDER}/data_batch_{i}.bin" for i in range(1, 6)]
    x_train, y_train = read_records(tarball, batches, 1)
    x_test, y_test = read_records(tarball, [f"{FOLDER}/test_batch.bin"], 1)
    return (x_train, y_train), (x_test, y_test)
