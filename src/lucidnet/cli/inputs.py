"""What the command line trains on, and how a saved model reads its inputs again.

Training records in `model.metadata` how raw inputs become network inputs (image pixels
scaled by their maximum, or table columns standardized with the training set's mean and
spread) and what the outputs mean (class labels, or a regression target), so that
`lucidnet evaluate` and `lucidnet predict` apply exactly the same steps.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..datasets import DatasetNotFoundError, digits, fashion_mnist, from_csv, mnist
from ..preprocessing import Standardizer
from .files import check_npz, existing_file, small_enough

IMAGE_DATASETS = {"digits": digits, "mnist": mnist, "fashion_mnist": fashion_mnist}
TABLE_SUFFIXES = (".csv", ".npz")

#: The recommended recipe per kind of data: what ``lucidnet train`` uses unless told otherwise.
RECIPES = {
    "digits": {"hidden": [64], "epochs": 50, "batch_size": 32, "learning_rate": 0.003, "dropout": 0.1},
    "mnist": {"hidden": [256, 128], "epochs": 30, "batch_size": 128, "learning_rate": 0.001, "dropout": 0.2},
    "fashion_mnist": {"hidden": [256, 128], "epochs": 30, "batch_size": 128, "learning_rate": 0.001,
                      "dropout": 0.2},
    "table": {"hidden": [64], "epochs": 100, "batch_size": 32, "learning_rate": 0.003, "dropout": 0.0},
}


@dataclass
class Prepared:
    """Network-ready arrays and the metadata a saved model keeps about them."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    metadata: dict

    @property
    def task(self) -> str:
        return self.metadata["task"]

    @property
    def labels(self) -> list | None:
        return self.metadata.get("labels")


def data_kind(data: str) -> str:
    """`"digits"`, `"mnist"`, `"fashion_mnist"` or `"table"`; a clear error otherwise."""
    if data in IMAGE_DATASETS:
        return data
    if data.lower().endswith(TABLE_SUFFIXES):
        existing_file(data, "--data")
        # Refused before reading: a CSV too long, a .npz whose arrays are too large or not numbers.
        if data.lower().endswith(".npz"):
            check_npz(data)
        else:
            small_enough(data)
        return "table"
    raise ValueError(
        f"--data {data!r} is neither a dataset name nor a table: use one of "
        f"{', '.join(IMAGE_DATASETS)}, or a path ending in .csv or .npz (with --target)."
    )


def dataset_name(data: str) -> str:
    return data if data in IMAGE_DATASETS else os.path.splitext(os.path.basename(data))[0]


def load_for_training(data: str, target: str | None, seed: int, data_dir: str | None = None) -> Prepared:
    """Training and test arrays for `--data`, with the metadata that reproduces the inputs."""
    kind = data_kind(data)
    if kind == "table":
        if target is None:
            raise ValueError(f"--data {data} is a table: say which column to predict with --target.")
        table = from_csv(data, target=target)
        (x_train, y_train), (x_test, y_test) = table.split(test_size=0.2, seed=seed)
        scaler = Standardizer().fit(x_train)
        metadata = {"dataset": dataset_name(data), **table.metadata(),
                    "input": {"kind": "table", "standardizer": scaler.get_config()}}
        return Prepared(dataset_name(data), scaler.transform(x_train), y_train,
                        scaler.transform(x_test), y_test, metadata)
    module = IMAGE_DATASETS[kind]
    if kind == "digits":
        (x_train, y_train), (x_test, y_test) = module.load_data()
    else:
        with _in_one_line(kind, data_dir):
            (x_train, y_train), (x_test, y_test) = module.load_data(path=data_dir)
    labels = list(getattr(module, "CLASS_NAMES", [str(k) for k in range(module.NUM_CLASSES)]))
    metadata = {"dataset": kind, "task": "classification", "labels": labels,
                "input": {"kind": "image", "shape": list(x_train.shape[1:]),
                          "max_pixel": int(module.MAX_PIXEL)}}
    return Prepared(kind, to_network_input(x_train, metadata), y_train.astype(np.int64),
                    to_network_input(x_test, metadata), y_test.astype(np.int64), metadata)


def load_for_evaluation(data: str, target: str | None, metadata: dict, data_dir: str | None = None,
                        model_name: str = "This model"):
    """(x, y) to evaluate a saved model on: an image dataset's test set, or a whole table."""
    kind = data_kind(data)
    if kind == "table":
        stored = metadata.get("input", {})
        if stored.get("kind") != "table":
            raise ValueError(f"{model_name} was trained on {metadata.get('dataset', 'images')}, "
                             f"not on a table such as {data}.")
        table = from_csv(data, target=target or metadata.get("target"),
                         features=metadata.get("feature_names"), labels=metadata.get("labels"),
                         task=metadata.get("task"))
        return to_network_input(table.x, metadata), table.y
    if kind == "digits":
        _, (x, y) = digits.load_data()
    else:
        with _in_one_line(kind, data_dir):
            x, y = IMAGE_DATASETS[kind].load_test_data(path=data_dir)
    return to_network_input(x, metadata), y.astype(np.int64)


@contextmanager
def _in_one_line(kind: str, data_dir: str | None):
    """The datasets' explanation of missing files (which files, from where, which folders were
    searched) takes many lines; the command's error is one, with the long one under --debug."""
    try:
        yield
    except DatasetNotFoundError as error:
        where = data_dir if data_dir is not None else "the folders searched"
        raise DatasetNotFoundError(
            f"--data {kind}: the files are not in {where} and could not be downloaded; "
            f"put them in a folder named by --data-dir (--debug lists them and the folders)."
        ) from error


def to_network_input(x, metadata: dict) -> np.ndarray:
    """Raw examples (images or table rows) → the network's inputs, as recorded at training."""
    stored = metadata.get("input") or {}
    x = np.asarray(x)
    if stored.get("kind") == "image":
        pixels = int(np.prod(stored["shape"]))
        if x.ndim == len(stored["shape"]):  # a single image
            x = x[None]
        flat = x.reshape(len(x), -1)
        if flat.shape[1] != pixels:
            raise ValueError(
                f"The model reads {'x'.join(map(str, stored['shape']))} images ({pixels} pixels), "
                f"got examples of shape {x.shape[1:]}."
            )
        return flat.astype(np.float32) / np.float32(stored["max_pixel"])
    if stored.get("kind") == "table":
        if x.ndim == 1:
            x = x[None]
        return Standardizer.from_config(stored["standardizer"]).transform(x)
    raise ValueError("This model file does not say how its inputs were prepared; "
                     "it was not saved by `lucidnet train`.")
