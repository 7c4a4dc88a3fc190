"""Fashion-MNIST: 70,000 28×28 grey photos of clothing in ten classes, MNIST's drop-in sibling.

Read from the original IDX files (H. Xiao, K. Rasul and R. Vollgraf, "Fashion-MNIST: a Novel
Image Dataset for Benchmarking Machine Learning Algorithms", 2017; MIT licence), found on
disk — including where Debian's and Ubuntu's `dataset-fashion-mnist` package installs
them — or downloaded and checked against the SHA-256 digests that TensorFlow Datasets
publishes; see `.files` for the search order.  Pixels are uint8 from 0 to 255.
"""

from __future__ import annotations

from .files import DatasetSource, RemoteFile
from .mnist_format import load_splits

MAX_PIXEL = 255
#: Label k names class k.
CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
NUM_CLASSES = len(CLASS_NAMES)

SOURCE = DatasetSource(
    name="fashion_mnist",
    title="Fashion-MNIST",
    files=(
        RemoteFile("train-images-idx3-ubyte.gz", 26421880,
                   "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        RemoteFile("train-labels-idx1-ubyte.gz", 29515,
                   "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        RemoteFile("t10k-images-idx3-ubyte.gz", 4422102,
                   "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        RemoteFile("t10k-labels-idx1-ubyte.gz", 5148,
                   "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
    ),
    mirrors=(
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
    ),
    system_package="dataset-fashion-mnist",
    system_folder="/usr/share/datasets/fashion-mnist",
)


def load_data(path=None):
    """`(x_train, y_train), (x_test, y_test)`, like `keras.datasets.fashion_mnist.load_data()`.

    Images are uint8 of shape (60000, 28, 28) and (10000, 28, 28), labels uint8 0-9 naming
    `CLASS_NAMES`.  `path` is a folder holding the four files, or receiving them.
    """
    train, test = load_splits(SOURCE, ("train", "test"), path)
    return train, test


def load_test_data(path=None):
    """`(x_test, y_test)`: only the 10,000 test images, from the two `t10k-…` files."""
    (test,) = load_splits(SOURCE, ("test",), path)
    return test
