"""The playground's data: the two-feature sets of the tutorials, generated from a seed, the
embedded digits, a table that `from_csv` reads, or arrays a Python caller passes.

Every set is split into a training and a test part by `train_ratio`; a two-feature set lies
in the square [-1, 1]², which the views sample on a grid (`EXTENT`).  The same name, size,
noise and seed give the same points on every machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..datasets import digits, from_csv
from ..utils.data import train_test_split
from ..config import floatx
from ..validation import choice, number

#: The two-feature generators, by the name the page shows, then the 1-D regression curve.
GENERATED = ("xor", "gauss", "circle", "moons", "spiral", "regression")
#: The square the views sample: a little wider than the points, so the boundary shows.
EXTENT = 1.3


@dataclass
class Data:
    """A training and a test part, and what the views need to know of them.

    `task` is `"binary"` (targets 0/1), `"multiclass"` (class ids) or `"regression"`;
    `source` names where the data came from (a generator's name, `"digits"`, a path, or
    `"python"`).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: str
    source: str
    num_classes: int | None = None

    @property
    def num_features(self) -> int:
        return self.x_train.shape[1]

    @property
    def planar(self) -> bool:
        """Whether the points can be drawn on the plane of their two features."""
        return self.num_features == 2

    def points(self) -> dict:
        """The points as the page draws them (two-feature and one-feature sets only)."""
        if self.num_features > 2:
            return {"train": [], "test": []}
        def rows(x, y):
            return [[*map(float, features), float(target)] for features, target in zip(x, y)]
        return {"train": rows(self.x_train, self.y_train), "test": rows(self.x_test, self.y_test)}


def generate(name: str, n: int = 200, noise: float = 0.0, seed: int = 0):
    """`(x, y)` of one of the tutorials' sets: `n` points, features float64 in about [-1, 1].

    `noise` is the standard deviation of the Gaussian jitter added to the points (for the
    regression curve, to the targets), as a fraction of the square's half-width.

    Examples
    --------
    >>> x, y = generate("xor", n=4, seed=0)
    >>> x.shape, sorted(set(y.tolist())) <= [0.0, 1.0]
    ((4, 2), True)
    """
    name = choice("the playground dataset", name, GENERATED)
    rng = np.random.default_rng(seed)
    half = n // 2
    if name == "xor":
        x = rng.uniform(-1.0, 1.0, size=(n, 2))
        x += np.sign(x) * 0.05  # a margin along the axes, as in the tutorials' picture
        y = (x[:, 0] * x[:, 1] >= 0).astype(float)
    elif name == "gauss":
        centres = np.array([[0.5, 0.5], [-0.5, -0.5]])
        y = np.repeat([1.0, 0.0], [half, n - half])
        x = centres[(1 - y).astype(int)] + rng.normal(0.0, 0.25, size=(n, 2))
    elif name == "circle":
        inner = rng.uniform(0.0, 0.45, size=half)
        outer = rng.uniform(0.7, 1.0, size=n - half)
        radius = np.concatenate([inner, outer])
        angle = rng.uniform(0.0, 2 * np.pi, size=n)
        x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
        y = np.repeat([1.0, 0.0], [half, n - half])
    elif name == "moons":
        t = rng.uniform(0.0, np.pi, size=n)
        y = np.repeat([1.0, 0.0], [half, n - half])
        upper = np.stack([np.cos(t), np.sin(t) - 0.25], axis=1)
        lower = np.stack([1.0 - np.cos(t), 0.25 - np.sin(t)], axis=1)
        x = np.where(y[:, None] == 1.0, upper, lower) * 0.65 - [0.33, 0.0]
    elif name == "spiral":
        t = np.sqrt(rng.uniform(0.0, 1.0, size=n)) * 2.2 * np.pi
        y = np.repeat([1.0, 0.0], [half, n - half])
        angle = t + np.pi * (1.0 - y)
        radius = t / (2.4 * np.pi)
        x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    else:  # the regression curve: one feature, y = sin(πx)·0.8
        x = np.sort(rng.uniform(-1.0, 1.0, size=(n, 1)), axis=0)
        y = 0.8 * np.sin(np.pi * x[:, 0]) + rng.normal(0.0, noise, size=n)
        return x, y
    return x + rng.normal(0.0, noise, size=x.shape), y


def split(x, y, train_ratio: float, seed: int, task: str, source: str, num_classes=None) -> Data:
    """`Data` of `x`, `y` split with `train_ratio` of the examples for training
    (stratified by class for classification), features in lucidnet's float type."""
    train_ratio = number("train_ratio", train_ratio, greater_than=0, below=1)
    x = np.asarray(x, dtype=floatx())
    y = np.asarray(y)
    y = y.astype(floatx()) if task != "multiclass" else y.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=max(1, round(len(x) * (1.0 - train_ratio))), seed=seed,
        stratify=y if task != "regression" else None)
    return Data(x_train, y_train, x_test, y_test, task, source, num_classes)


def load(name: str = "xor", *, n: int = 200, noise: float = 0.0, train_ratio: float = 0.5,
         seed: int = 0, target: str | None = None) -> Data:
    """The `Data` for `name`: a generator of `GENERATED`, `"digits"`, or the path of a table
    (`.csv` or `.npz`) whose `target` column (default: the last) is predicted."""
    if name in GENERATED:
        x, y = generate(name, n=n, noise=noise, seed=seed)
        task = "regression" if name == "regression" else "binary"
        return split(x, y, train_ratio, seed, task, name)
    if name == "digits":
        images, labels = digits.load_all()
        x = images.reshape(len(images), -1) / 16.0
        return split(x, labels, train_ratio, seed, "multiclass", name, num_classes=10)
    if not os.path.isfile(name):
        raise ValueError(f"Unknown playground dataset {name!r}: expected one of "
                         f"{[*GENERATED, 'digits']} or the path of a .csv or .npz table.")
    return from_table(name, target=target, train_ratio=train_ratio, seed=seed)


def from_table(path: str, target: str | None = None, train_ratio: float = 0.5, seed: int = 0) -> Data:
    """`Data` from a table that [lucidnet.datasets.from_csv][] reads; `target` defaults to
    the last column."""
    if target is None:
        with open(path, encoding="utf-8") as handle:
            target = handle.readline().strip().split(",")[-1]
    table = from_csv(path, target=target)
    if table.task == "regression":
        return split(table.x, table.y, train_ratio, seed, "regression", path)
    task = "binary" if table.num_classes == 2 else "multiclass"
    return split(table.x, table.y, train_ratio, seed, task, path, num_classes=table.num_classes)


def from_arrays(x, y, train_ratio: float = 0.8, seed: int = 0) -> Data:
    """`Data` from arrays a caller passes: `x` of shape (N, features), `y` class ids, one-hot
    rows or numbers (a `y` with values other than whole numbers, or more than 20 of them, is
    taken as regression)."""
    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim != 2:
        raise ValueError(f"x must have shape (examples, features), got shape {x.shape}.")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    elif y.ndim == 2 and len(y) == len(x):  # one-hot rows: the class ids they mark
        y = np.argmax(y, axis=1)
    if y.ndim != 1 or len(y) != len(x):
        raise ValueError(f"y must have one target per example of x ({len(x)}), got shape {y.shape}.")
    whole = np.issubdtype(y.dtype, np.integer) or bool(np.all(np.mod(y, 1) == 0))
    if not whole or len(np.unique(y)) > 20:
        return split(x, y, train_ratio, seed, "regression", "python")
    classes = int(y.max()) + 1
    task = "binary" if classes <= 2 else "multiclass"
    return split(x, y, train_ratio, seed, task, "python", num_classes=max(classes, 2))
