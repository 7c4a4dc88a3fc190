"""What the command line trains on, and how a saved model reads its inputs again.

Training records in `model.metadata` how raw inputs become network inputs (image pixels
scaled by their maximum, or table columns standardized with the training set's mean and
spread) and what the outputs mean (class labels, or a regression target), so that
`lucidnet evaluate` and `lucidnet predict` apply exactly the same steps.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..datasets import DatasetNotFoundError, digits, fashion_mnist, from_csv, mnist
from ..preprocessing import Standardizer
from .files import check_npz, existing_file, small_enough

IMAGE_DATASETS = {"digits": digits, "mnist": mnist, "fashion_mnist": fashion_mnist}
TABLE_SUFFIXES = (".csv", ".npz")
#: The share of a table's rows `lucidnet train` holds out as its test set.
TABLE_TEST_SIZE = 0.2

#: The recommended recipe per kind of data: what `lucidnet train` uses unless told otherwise.
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
    close = difflib.get_close_matches(data.lower(), IMAGE_DATASETS, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(
        f"--data {data!r} is neither a dataset name nor a table: use one of "
        f"{', '.join(IMAGE_DATASETS)}, or a path ending in .csv or .npz (with --target).{hint}"
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
        (x_train, y_train), (x_test, y_test) = table.split(test_size=TABLE_TEST_SIZE, seed=seed)
        scaler = Standardizer().fit(x_train)
        # Where the table was and how it was split, so that evaluate scores the held-out rows.
        split = {"test_size": TABLE_TEST_SIZE, "seed": seed, "rows": len(table.x),
                 "digest": table_digest(table)}
        metadata = {"dataset": dataset_name(data), "data": data, **table.metadata(),
                    "input": {"kind": "table", "standardizer": scaler.get_config()},
                    "split": split}
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


def table_digest(table) -> str:
    """SHA-256 of a table's features and targets: says whether it is the table trained on."""
    digest = hashlib.sha256(np.ascontiguousarray(table.x, dtype=np.float64).tobytes())
    digest.update(np.ascontiguousarray(table.y, dtype=np.float64).tobytes())
    return digest.hexdigest()


def data_of(data: str | None, metadata: dict, model_name: str) -> str:
    """`--data`, or when it is left out the data the model file says it was trained on."""
    if data is not None:
        return data
    recorded = metadata.get("data") or metadata.get("dataset")
    if recorded in IMAGE_DATASETS or (recorded and recorded.lower().endswith(TABLE_SUFFIXES)):
        return recorded
    raise ValueError(f"{model_name} does not record the data it was trained on; name it with --data.")


def load_for_evaluation(data: str, target: str | None, metadata: dict, data_dir: str | None = None,
                        model_name: str = "This model"):
    """(x, y, description) to evaluate a saved model on: an image dataset's test set, or the
    rows of a table that training held out.

    A table that is not the one trained on (other rows, or changed values) is scored whole,
    with a note on stderr that the score is not a held-out one.
    """
    kind = data_kind(data)
    if kind == "table":
        stored = metadata.get("input", {})
        if stored.get("kind") != "table":
            raise ValueError(f"{model_name} was trained on {metadata.get('dataset', 'images')}, "
                             f"not on a table such as {data}.")
        table = from_csv(data, target=target or metadata.get("target"),
                         features=metadata.get("feature_names"), labels=metadata.get("labels"),
                         task=metadata.get("task"))
        split = metadata.get("split") or {}
        if split.get("rows") == len(table.x) and split.get("digest") == table_digest(table):
            _, (x, y) = table.split(test_size=split["test_size"], seed=split["seed"])
            return to_network_input(x, metadata), y, "held-out examples (the rows training left out)"
        print(f"note: {data} is not the table {model_name} was trained on (or it changed), so all "
              f"{len(table.x)} of its rows are scored, including any it trained on: this is NOT a "
              f"held-out score.", file=sys.stderr)
        return to_network_input(table.x, metadata), table.y, "rows (all of the table)"
    if kind == "digits":
        _, (x, y) = digits.load_data()
    else:
        with _in_one_line(kind, data_dir):
            x, y = IMAGE_DATASETS[kind].load_test_data(path=data_dir)
    return to_network_input(x, metadata), y.astype(np.int64), f"examples (the test set of {kind})"


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


def in_training_range(x, metadata: dict, source: str) -> np.ndarray:
    """Raw image pixels in the range the model was trained on (0..max_pixel), or as given.

    Pixels already scaled to [0, 1] (fractions, none above 1) for a model trained on 0..16
    or 0..255 are scaled back, with a note on stderr; pixels above the model's maximum are
    kept, with a warning that the predictions may be wrong.
    """
    stored = metadata.get("input") or {}
    x = np.asarray(x)
    if stored.get("kind") != "image" or x.size == 0:
        return x
    max_pixel = stored["max_pixel"]
    largest = float(np.max(x))
    if max_pixel > 1 and largest <= 1 and not np.all(x == np.rint(x)):
        print(f"note: {source} holds pixels in [0, 1]; the model was trained on 0..{max_pixel}, "
              f"so they are read as already scaled.", file=sys.stderr)
        return x * max_pixel
    if largest > max_pixel:
        print(f"warning: {source} holds pixels up to {largest:g}, but the model was trained on "
              f"0..{max_pixel}: scale them to that range, or the predictions may be wrong.",
              file=sys.stderr)
    return x


def to_network_input(x, metadata: dict) -> np.ndarray:
    """Raw examples (images or table rows) → the network's inputs, as recorded at training."""
    stored = metadata.get("input") or {}
    x = np.asarray(x)
    if stored.get("kind") == "image":
        pixels = int(np.prod(stored["shape"]))
        if x.shape == tuple(stored["shape"]) or (x.ndim == 1 and x.size == pixels):
            x = x[None]  # a single image, square or flat
        if x.ndim < 2:
            raise ValueError(f"The model reads {'x'.join(map(str, stored['shape']))} images "
                             f"({pixels} pixels), got an array of shape {x.shape}.")
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
