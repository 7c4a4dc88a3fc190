"""California Housing: 20,640 block groups of the 1990 U.S. census, 8 features each, and the
median house value in dollars to predict, in Keras's `california_housing.npz` (`x`, `y`).

The features are, in order: median income, median house age, average rooms, average
bedrooms, population, average occupancy, latitude and longitude.  `version="small"` keeps
the first 600 block groups, Keras's stand-in for Boston Housing.
"""

from __future__ import annotations

from ..validation import choice
from .files import DatasetSource, RemoteFile
from .keras_files import KERAS_ORIGIN, check_split, fetch, shuffled_split
from .npz import load_npz

SOURCE = DatasetSource(
    name="california_housing", title="California Housing",
    files=(RemoteFile("california_housing.npz", 743530,
                      "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"),),
    mirrors=(KERAS_ORIGIN,),
)
SMALL = 600


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """`(x_train, y_train), (x_test, y_test)`, as `keras.datasets.california_housing.load_data`.

    `version` is `"large"` (all 20,640 examples) or `"small"` (the first 600).  They
    are shuffled by `np.random.RandomState(seed)` and the first `int(n · (1 − test_split))`
    are the training set.  `x` has shape (N, 8), `y` shape (N,).
    """
    version = choice("california_housing version", version, ("small", "large"))
    test_split, seed = check_split(test_split, seed)
    file = fetch(SOURCE, "california_housing.npz", path)
    arrays = load_npz(file, ("x", "y"))
    x, y = arrays["x"], arrays["y"]
    if version == "small":
        x, y = x[:SMALL], y[:SMALL]
    return shuffled_split(x, y, test_split, seed)
