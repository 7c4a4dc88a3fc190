"""The UCI optical-recognition handwritten digits: 1,797 images of 8×8 pixels, ten classes.

Embedded in the package, so it works with no network: the offline "hello world".  Each
pixel counts the ink in a 4×4 block of the original 32×32 bitmap, so values run from
0 to 16 (`MAX_PIXEL`).  Source: E. Alpaydin and C. Kaynak, UCI Machine Learning
Repository, licensed CC BY 4.0.
"""

from __future__ import annotations

import gzip
from importlib import resources

import numpy as np

from ..utils.data import train_test_split

#: The largest pixel value: divide by it to scale images to [0, 1].
MAX_PIXEL = 16
NUM_CLASSES = 10
#: The split is fixed: the same examples are always in the test set.
TEST_SIZE = 0.2
SPLIT_SEED = 1797


def load_all() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 examples: images as uint8 of shape (1797, 8, 8), labels as uint8 (1797,)."""
    with resources.files(__package__).joinpath("data/digits.csv.gz").open("rb") as raw:
        with gzip.open(raw, "rt") as text:
            table = np.loadtxt(text, delimiter=",", dtype=np.uint8)
    return table[:, :64].reshape(-1, 8, 8), table[:, 64]


def load_data():
    """`(x_train, y_train), (x_test, y_test)`, like `keras.datasets.mnist.load_data()`.

    A fixed, stratified split: 1,437 training and 360 test images, each class in the same
    proportion in both.  Images are uint8 (N, 8, 8) with values 0..16; labels uint8 0..9.
    """
    images, labels = load_all()
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=TEST_SIZE, stratify=labels, seed=SPLIT_SEED
    )
    return (x_train, y_train), (x_test, y_test)
