"""A user's own table as training data: a CSV file with a header row, or a NumPy `.npz`.

CSV (RFC 4180, read with the standard `csv` module): the first row names the columns and
every later row is one example.  Feature columns hold numbers; the target column holds class
labels (any text, or integers) or numbers to regress on.  Class labels become class ids
0..k-1 in sorted order and are kept, so predictions can be turned back into them::

    data = from_csv("iris.csv", target="species")
    (x_train, y_train), (x_test, y_test) = data.split(test_size=0.2, seed=0)
    data.labels                          # ['setosa', 'versicolor', 'virginica']
    data.decode(model.predict(x_test))   # array(['setosa', 'virginica', ...])

`.npz` (`numpy.savez`): array `x` of features, one row per example; array `y` of
targets (or the array named by `target=`); optionally `labels`, the class labels in
class-id order (`y` then holds the ids), and `feature_names`.

Which task: a target column with any non-numeric value is classification; a numeric one is
classification when every value is a whole number and there are at most
`MAX_INFERRED_CLASSES` distinct values, and regression otherwise.  `task=` decides
explicitly, and `labels=` fixes the class ids (say, to those a trained model uses).
"""

from __future__ import annotations

import csv
import difflib
import os
import zipfile
from dataclasses import dataclass

import numpy as np

from ..config import standardize_dtype
from ..utils.data import train_test_split
from ..validation import as_float_array, boolean, choice_or, same_length

TASKS = ("classification", "regression")
#: A numeric target with at most this many distinct whole numbers is taken as class labels.
MAX_INFERRED_CLASSES = 20
#: Cell texts (compared in lower case, stripped) that mean "no value".
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "none", "?"})
_SHOWN = 5  # how many offending lines or values an error message quotes


@dataclass
class TabularData:
    """Features `x`, targets `y` and what is needed to read predictions back.

    `labels[k]` is the user's label of class id `k` (`None` for regression); `y` is
    None for a table without a target column (data to predict on).
    """

    x: np.ndarray
    y: np.ndarray | None
    feature_names: list[str]
    target: str | None
    task: str | None
    labels: list | None = None

    @property
    def num_classes(self) -> int | None:
        return None if self.labels is None else len(self.labels)

    def split(self, test_size=0.2, seed=None, stratify: bool | None = None):
        """`(x_train, y_train), (x_test, y_test)`; stratified by class for classification."""
        if self.y is None:
            raise ValueError("This table has no target column to split on; load it with target=.")
        stratify = choice_or(boolean, "TabularData.split stratify", stratify, (None,))
        if stratify is None:
            stratify = self.task == "classification"
        x_train, x_test, y_train, y_test = train_test_split(
            self.x, self.y, test_size=test_size, stratify=self.y if stratify else None, seed=seed
        )
        return (x_train, y_train), (x_test, y_test)

    def decode(self, predictions) -> np.ndarray:
        """Class ids or predicted probabilities as the user's labels; see
        [`decode_labels`][lucidnet.datasets.decode_labels]."""
        if self.labels is None:
            raise ValueError(
                "Only class predictions can be decoded; this table's target is numeric."
            )
        return decode_labels(predictions, self.labels)

    def metadata(self) -> dict:
        """What a saved model needs to read its inputs and outputs again (JSON-ready)."""
        return {"task": self.task, "target": self.target,
                "feature_names": list(self.feature_names), "labels": self.labels}


def decode_labels(predictions, labels) -> np.ndarray:
    """The user's labels for `predictions`: class ids, or scores of shape (N, k).

    Scores of shape (N, k > 1) pick the largest (softmax); of shape (N, 1) they are the
    probability of class 1 (sigmoid), so class 1 above 0.5.
    """
    scores = np.asarray(predictions)
    if scores.dtype.kind in "iu":
        ids = scores.reshape(-1) if scores.ndim == 2 and scores.shape[1] == 1 else scores
    elif scores.dtype.kind == "f" and scores.ndim == 2:
        ids = scores.argmax(axis=1) if scores.shape[1] > 1 else (scores[:, 0] > 0.5).astype(np.intp)
    else:
        raise ValueError(
            f"decode_labels expects class ids (integers) or scores of shape (N, classes), got "
            f"{scores.dtype} of shape {scores.shape}."
        )
    if ids.size and (ids.min() < 0 or ids.max() >= len(labels)):
        raise ValueError(
            f"decode_labels got class id {ids.max() if ids.max() >= len(labels) else ids.min()}, "
            f"but there are {len(labels)} classes {list(labels)}."
        )
    return np.asarray(labels)[ids]


def from_csv(path, target=None, *, features=None, task=None, labels=None, delimiter=",",
             dtype=None) -> TabularData:
    """Read a table with a header row; `.npz` files go to [`from_npz`][lucidnet.datasets.from_npz].

    `target` names the column to predict (`None`: a table of features only, to predict
    on); `features` picks and orders the feature columns (default: all the others).
    `task` is `"classification"`, `"regression"` or `None` to infer it; `labels`
    fixes the class ids.  Features become `dtype` (default: lucidnet's float type).
    """
    path = os.fspath(path)
    _check_task(task)
    if path.lower().endswith(".npz"):
        return from_npz(path, target="y" if target is None else target, task=task,
                        labels=labels, dtype=dtype)
    header, lines, rows = _read_rows(path, delimiter)
    columns = dict(zip(header, zip(*rows)))
    if target is not None and target not in header:
        raise ValueError(f"{path} has no column {target!r}.{_columns_hint(target, header)}")
    feature_names = _feature_names(path, header, target, features)
    used = [*feature_names, target] if target is not None else feature_names
    _check_no_missing(path, lines, {name: columns[name] for name in used})
    x = _numeric_features(path, lines, feature_names, columns).astype(standardize_dtype(dtype))
    if target is None:
        return TabularData(x, None, feature_names, None, None)
    text = np.array([value.strip() for value in columns[target]])
    numbers = _as_numbers(text)
    where = f"{path} column {target!r}"
    y, task, labels = _encode_target(text, numbers, task, labels, where)
    if task == "regression":
        y = y.astype(x.dtype)
    return TabularData(x, y, feature_names, target, task, labels)


def from_npz(path, target="y", *, task=None, labels=None, dtype=None) -> TabularData:
    """Read arrays `x` and `target` (default `y`), and `labels` / `feature_names` if
    present, from a `numpy.savez` file.  Arguments as for
    [`from_csv`][lucidnet.datasets.from_csv]."""
    path = os.fspath(path)
    _check_task(task)
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise ValueError(
            f"{path} is not a readable .npz file of plain arrays ({error}). Hint: write it with "
            f"numpy.savez(path, x=features, y=targets)."
        ) from None
    missing = [key for key in ("x", target) if key not in arrays]
    if missing:
        raise ValueError(
            f"{path} has no array {' or '.join(map(repr, missing))}; it holds "
            f"{', '.join(map(repr, arrays)) or 'nothing'}. Expected 'x' (features, one row per "
            f"example) and {target!r} (targets), and optionally 'labels' and 'feature_names'."
        )
    x = as_float_array(f"{path} array 'x'", arrays["x"], standardize_dtype(dtype))
    if x.ndim == 1:
        x = x.reshape(-1, 1)
    values = arrays[target]
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ValueError(
            f"{path} array {target!r} must hold one target per example, got shape {values.shape}."
        )
    same_length(f"{path} array 'x'", x, f"array {target!r}", values)
    names = arrays.get("feature_names")
    feature_names = [str(name) for name in names] if names is not None else [
        f"x{i}" for i in range(int(np.prod(x.shape[1:])))]
    where = f"{path} array {target!r}"
    if "labels" in arrays and labels is None:
        y, task, labels = _ids_with_stored_labels(values, arrays["labels"].tolist(), task, where)
    else:
        numbers = values.astype(np.float64) if values.dtype.kind in "biuf" else None
        if numbers is not None:
            as_float_array(where, numbers, np.float64)  # names the first NaN, if any
        y, task, labels = _encode_target(values.astype(str), numbers, task, labels, where)
    if task == "regression":
        y = y.astype(x.dtype)
    return TabularData(x, y, feature_names, target, task, labels)


# -- reading the CSV -------------------------------------------------------------------------
def _read_rows(path: str, delimiter: str):
    """Header, line numbers and rows of a CSV file, each row as long as the header."""
    try:
        return _read_text_rows(path, delimiter)
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path} is not UTF-8 text: byte {error.object[error.start]:#04x} at position "
            f"{error.start} cannot be decoded. Save the table as UTF-8 (a binary file is not a "
            f"CSV table)."
        ) from None
    except csv.Error as error:  # a NUL byte, or an unterminated quote at the end
        raise ValueError(f"{path} is not a readable CSV table ({error}).") from None


def _read_text_rows(path: str, delimiter: str):
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{path} is empty: a CSV table needs a header row naming its columns.")
        header = [name.strip() for name in header]
        lines, rows = [], []
        for row in reader:
            if not row or not any(cell.strip() for cell in row):
                continue  # blank lines carry no example
            if any("\x00" in cell for cell in row):
                raise ValueError(f"{path} line {reader.line_num} holds a NUL character: it is a "
                                 f"binary file, not a CSV table.")
            if len(row) != len(header):
                raise ValueError(
                    f"{path} line {reader.line_num} has {len(row)} value(s), but the header names "
                    f"{len(header)} columns. Hint: check for a missing or extra {delimiter!r}, or "
                    f"quote values that contain one."
                )
            lines.append(reader.line_num)
            rows.append(row)
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated or "" in header:
        problem = (f"repeats {', '.join(map(repr, duplicated))}" if duplicated
                   else "has an unnamed column")
        raise ValueError(f"{path}: the header row {problem}; every column needs its own name.")
    if _as_numbers(np.array(header)) is not None:
        raise ValueError(
            f"{path}: the first row ({', '.join(header[:_SHOWN])}, ...) holds only numbers, so it "
            f"looks like data; a CSV table needs a header row naming its columns."
        )
    if not rows:
        raise ValueError(f"{path} has a header row but no examples below it.")
    return header, lines, rows


def _feature_names(path, header, target, features) -> list[str]:
    if features is None:
        return [name for name in header if name != target]
    features = list(features)
    unknown = [name for name in features if name not in header]
    if unknown:
        raise ValueError(
            f"{path} has no column(s) {', '.join(map(repr, unknown))}."
            f"{_columns_hint(unknown[0], header)}"
        )
    if target in features:
        raise ValueError(f"{path}: the target {target!r} cannot also be a feature.")
    if not features:
        raise ValueError(f"{path}: features= names no columns; give at least one.")
    return features


def _columns_hint(name: str, header) -> str:
    close = difflib.get_close_matches(name, header, n=1) or [
        column for column in header if name.lower() in column.lower()]
    suggestion = f" Did you mean {close[0]!r}?" if close else ""
    return f"{suggestion} Its columns are: {', '.join(map(repr, header))}."


def _check_no_missing(path, lines, columns: dict) -> None:
    problems = []
    for name, values in columns.items():
        at = [line for line, value in zip(lines, values)
              if value.strip().lower() in MISSING_MARKERS]
        if at:
            shown = ", ".join(map(str, at[:_SHOWN])) + (", ..." if len(at) > _SHOWN else "")
            problems.append(f"{name!r} on line(s) {shown} ({len(at)} in all)")
    if problems:
        raise ValueError(
            f"{path} has missing values in column(s) {'; '.join(problems)}. Fill them in or "
            f"drop those rows: lucidnet does not guess missing values."
        )


def _numeric_features(path, lines, names, columns) -> np.ndarray:
    problems, matrix = [], []
    for name in names:
        values = np.array(columns[name])
        numbers = _as_numbers(values)
        if numbers is None:
            line, value = next((line, value) for line, value in zip(lines, values)
                               if _as_numbers(np.array([value])) is None)
            problems.append(f"{name!r} ({value.strip()!r} on line {line})")
        matrix.append(numbers)
    if problems:
        raise ValueError(
            f"{path} has non-numeric values in feature column(s) {', '.join(problems)}. Features "
            f"must be finite numbers: encode such a column as numbers (one 0/1 column per "
            f"category, say), or leave it out with features=[...]."
        )
    return np.stack(matrix, axis=1)


def _as_numbers(text: np.ndarray) -> np.ndarray | None:
    """`text` as finite float64 numbers, or None if any entry is not one."""
    try:
        numbers = text.astype(np.float64)
    except ValueError:
        return None
    return numbers if np.isfinite(numbers).all() else None


# -- the target ------------------------------------------------------------------------------
def _check_task(task) -> None:
    if task not in (None, *TASKS):
        raise ValueError(
            f"task must be one of {', '.join(map(repr, TASKS))} or None, got {task!r}."
        )


def _encode_target(text, numbers, task, labels, where):
    """`(y, task, labels)` from a target column given as text and, if numeric, as numbers."""
    if labels is not None:
        if task == "regression":
            raise ValueError("labels= names classes, so it cannot go with task='regression'.")
        labels = list(labels)
        return _ids_for(text, numbers, labels, where), "classification", labels
    if task is None:
        task = "classification" if numbers is None or _looks_like_classes(numbers) else "regression"
    if task == "regression":
        if numbers is None:
            bad = [value for value in dict.fromkeys(text.tolist())
                   if _as_numbers(np.array([value])) is None]
            raise ValueError(
                f"{where} must hold numbers for regression, but holds "
                f"{', '.join(map(repr, bad[:_SHOWN]))}. Hint: drop task='regression' to treat "
                f"them as class labels."
            )
        return numbers, task, None
    if numbers is not None:
        classes, y = np.unique(numbers, return_inverse=True)
        labels = [int(c) if c == round(c) else float(c) for c in classes]
    else:
        classes, y = np.unique(text, return_inverse=True)
        labels = classes.tolist()
    return y.reshape(-1).astype(np.int64), task, labels


def _looks_like_classes(numbers: np.ndarray) -> bool:
    whole = bool(np.all(numbers == np.round(numbers)))
    return whole and len(np.unique(numbers)) <= MAX_INFERRED_CLASSES


def _ids_for(text, numbers, labels: list, where) -> np.ndarray:
    """Class ids of the target values under a given list of labels."""
    numeric_labels = all(
        isinstance(label, (int, float)) and not isinstance(label, bool) for label in labels
    )
    if numeric_labels and numbers is not None:
        index = {float(label): k for k, label in enumerate(labels)}
        keys = numbers.tolist()
    else:
        index = {str(label): k for k, label in enumerate(labels)}
        keys = text.tolist()
    unknown = [key for key in dict.fromkeys(keys) if key not in index]
    if unknown:
        raise ValueError(
            f"{where} holds label(s) {', '.join(map(repr, unknown[:_SHOWN]))} that are not among "
            f"the known classes {labels}."
        )
    return np.array([index[key] for key in keys], dtype=np.int64)


def _ids_with_stored_labels(values, labels: list, task, where):
    if task == "regression":
        raise ValueError(
            f"{where} comes with 'labels', so it holds classes, not a regression target."
        )
    out_of_range = values.size and (values.min() < 0 or values.max() >= len(labels))
    if values.dtype.kind not in "iu" or out_of_range:
        raise ValueError(
            f"{where} must hold class ids 0..{len(labels) - 1} to go with the {len(labels)} "
            f"stored 'labels', got {values.dtype} values {np.unique(values)[:_SHOWN].tolist()}."
        )
    return values.astype(np.int64), "classification", labels
