"""Boston Housing: 506 suburbs of Boston in the 1970s, 13 attributes each, and the median
home value in k$ to predict, in Keras's `boston_housing.npz` (arrays `x` and `y`).

Keras warns against it: one attribute, "B", was built on the assumption that racial
self-segregation influences house prices.  It is here because tutorials use it; California
Housing (`.california_housing`, `version="small"`) is the replacement Keras suggests.
"""

from __future__ import annotations

from .files import DatasetSource, RemoteFile
from .keras_files import KERAS_ORIGIN, check_split, fetch, shuffled_split
from .npz import load_npz

SOURCE = DatasetSource(
    name="boston_housing", title="Boston Housing",
    files=(RemoteFile("boston_housing.npz", 57026,
                      "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"),),
    mirrors=(KERAS_ORIGIN,),
)


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """`(x_train, y_train), (x_test, y_test)`, as `keras.datasets.boston_housing.load_data`.

    The 506 examples are shuffled by `np.random.RandomState(seed)`; the first
    `int(506 · (1 − test_split))` are the training set (404 by default).  `x` is float64
    of shape (N, 13), `y` float64 of shape (N,).
    """
    test_split, seed = check_split(test_split, seed)
    file = fetch(SOURCE, "boston_housing.npz", path)
    arrays = load_npz(file, ("x", "y"))
    return shuffled_split(arrays["x"], arrays["y"], test_split, seed)
