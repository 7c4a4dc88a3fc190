"""MNIST: 70,000 handwritten digits of 28×28 grey pixels, 60,000 to train on and 10,000 to test.

Read from the original IDX files (Y. LeCun, C. Cortes and C. J. C. Burges, "The MNIST
database of handwritten digits"), found on disk or downloaded and checked against the
SHA-256 digests that TensorFlow Datasets publishes for them; see `.files` for where
they are looked for.  Pixels are uint8 from 0 (background) to 255 (ink).
"""

from __future__ import annotations

from .files import DatasetSource, RemoteFile
from .mnist_format import load_splits

MAX_PIXEL = 255
NUM_CLASSES = 10

SOURCE = DatasetSource(
    name="mnist",
    title="MNIST",
    files=(
        RemoteFile("train-images-idx3-ubyte.gz", 9912422,
                   "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
        RemoteFile("train-labels-idx1-ubyte.gz", 28881,
                   "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        RemoteFile("t10k-images-idx3-ubyte.gz", 1648877,
                   "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        RemoteFile("t10k-labels-idx1-ubyte.gz", 4542,
                   "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ),
    mirrors=(
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://yann.lecun.com/exdb/mnist/",
    ),
)


def load_data(path=None):
    """`(x_train, y_train), (x_test, y_test)`, like `keras.datasets.mnist.load_data()`.

    Images are uint8 of shape (60000, 28, 28) and (10000, 28, 28), labels uint8 digits 0-9.
    `path` is a folder holding the four files (gzipped or not), or receiving them.
    """
    train, test = load_splits(SOURCE, ("train", "test"), path)
    return train, test


def load_test_data(path=None):
    """`(x_test, y_test)`: only the 10,000 test images, from the two `t10k-…` files."""
    (test,) = load_splits(SOURCE, ("test",), path)
    return test
