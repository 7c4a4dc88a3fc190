"""Data helpers the tutorials use: one-hot encoding, normalizing rows and train/test splits."""

from __future__ import annotations

import random

import numpy as np

from ..config import floatx, make_generator
from ..validation import (as_floats, boolean, integer, is_integer, is_number, non_negative_int,
                          number, optional)


def to_categorical(y, num_classes: int | None = None, dtype="float32") -> np.ndarray:
    """One-hot encode integer class labels: label k becomes a vector with a 1 at position k,
    as Keras's `to_categorical`.

    Labels of shape `s` give one-hot vectors of shape `s + (num_classes,)`; a last axis of
    size 1 (a column of labels, (N, 1)) is dropped first, as Keras does, so (N, 1) gives
    (N, num_classes).  Without `num_classes`, it is the largest label plus one.

    Parameters
    ----------
    y : array_like of int
        Class labels, integers >= 0 (floats equal to integers are taken).
    num_classes : int or None
        The number of classes, more than the largest label.
    dtype : str
        The type of the result.

    Returns
    -------
    numpy.ndarray
        The one-hot vectors, along a new last axis.

    Raises
    ------
    ValueError
        For labels that are negative, not whole, or not below `num_classes`.

    Examples
    --------
    >>> to_categorical([0, 2], num_classes=3)
    array([[1., 0., 0.],
           [0., 0., 1.]], dtype=float32)
    >>> to_categorical([[0, 1], [1, 1]]).shape
    (2, 2, 2)
    """
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] == 1:
        y = y[..., 0]
    if y.dtype.kind == "f" and not np.all(y == np.round(y)):
        raise ValueError("to_categorical expects integer labels, got non-integer values.")
    if y.dtype.kind not in "biuf":
        raise TypeError(f"to_categorical expects integer labels, got dtype {y.dtype}.")
    shape = y.shape
    y = y.astype(np.intp).ravel()
    if len(y) and y.min() < 0:
        raise ValueError(f"to_categorical expects labels >= 0, got {y.min()}.")
    num_classes = optional(non_negative_int, "to_categorical num_classes", num_classes)
    if num_classes is None:
        num_classes = int(y.max()) + 1 if len(y) else 0
    elif len(y) and y.max() >= num_classes:
        raise ValueError(
            f"to_categorical got label {y.max()} but num_classes={num_classes}; labels must be "
            f"in [0, {num_classes})."
        )
    one_hot = np.zeros((len(y), num_classes), dtype=dtype)
    one_hot[np.arange(len(y)), y] = 1
    return one_hot.reshape(shape + (num_classes,))


def normalize(x, axis: int = -1, order=2) -> np.ndarray:
    """x / ‖x‖ₚ along `axis`, p = `order`: each row (by default) scaled to unit length,
    as `keras.utils.normalize`.  A row of zeros, whose norm is 0, is left as it is.

    `order` is 2 (Euclidean, the default), 1 (the sum of absolute values), `np.inf` (the
    largest absolute value) or any other p > 0: ‖x‖ₚ = (Σᵢ |xᵢ|ᵖ)^(1/p).

    Examples
    --------
    >>> normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    array([[0.6, 0.8],
           [0. , 0. ]])
    >>> normalize(np.array([[1.0, 3.0]]), order=1)
    array([[0.25, 0.75]])
    """
    array = as_floats("normalize x", x, floatx())
    axis = integer("normalize axis", axis, at_least=-array.ndim, at_most=array.ndim - 1)
    if not (is_number(order) and order > 0) and order != np.inf:
        raise ValueError(f"normalize order must be a number > 0 or np.inf, got {order!r}.")
    norm = np.linalg.norm(array, ord=order, axis=axis, keepdims=True)
    norm[norm == 0] = 1
    return array / norm


def train_test_split(*arrays, test_size=0.25, shuffle: bool = True, stratify=None, seed=None):
    """Split arrays into train and test parts: `x_train, x_test, y_train, y_test = ...`.

    `test_size` is a fraction in (0, 1) or a number of examples.  `stratify` (usually
    the labels) keeps each class's share the same in both parts; it implies shuffling
    within classes.  `seed` fixes the shuffle.  Same order of outputs as scikit-learn.
    """
    if not arrays:
        raise ValueError("train_test_split needs at least one array.")
    arrays = [np.asarray(a) for a in arrays]
    n = len(arrays[0])
    for a in arrays[1:]:
        if len(a) != n:
            raise ValueError(
                f"train_test_split: all arrays need the same length, got {[len(a) for a in arrays]}."
            )
    n_test = _test_count(test_size, n)
    shuffle = boolean("train_test_split shuffle", shuffle)
    rng = np.random.default_rng(seed)
    if stratify is not None:
        test_index = _stratified_test_index(np.asarray(stratify), n_test, rng)
        train_mask = np.ones(n, dtype=bool)
        train_mask[test_index] = False
        train_index = rng.permutation(np.flatnonzero(train_mask))
        test_index = rng.permutation(test_index)
    else:
        order = rng.permutation(n) if shuffle else np.arange(n)
        train_index, test_index = order[: n - n_test], order[n - n_test :]
    result = []
    for a in arrays:
        result += [a[train_index], a[test_index]]
    return result


def _test_count(test_size, n: int) -> int:
    # An integer counts examples; anything else must be a share of them.
    if is_integer(test_size):
        count = int(test_size)
    else:
        number("test_size", test_size, greater_than=0, below=1)
        count = int(np.ceil(test_size * n))  # in test_size's own precision, float32 too
    if not 0 < count < n:
        raise ValueError(
            f"test_size={test_size!r} of {n} examples leaves {n - count} for training and "
            f"{count} for testing; both need at least one."
        )
    return count


def _stratified_test_index(labels, n_test: int, rng) -> np.ndarray:
    """Pick `n_test` indices so each class gets its proportional share (largest remainder)."""
    if len(labels) and labels.ndim > 1:
        labels = np.argmax(labels, axis=1) if labels.shape[1] > 1 else labels[:, 0]
    classes, inverse = np.unique(labels, return_inverse=True)
    counts = np.bincount(inverse)
    exact = counts * n_test / len(labels)
    share = np.floor(exact).astype(int)
    remaining = n_test - share.sum()
    # Give the leftover examples to the classes with the largest fractional parts.
    share[np.argsort(-(exact - share), kind="stable")[:remaining]] += 1
    chosen = [
        rng.permutation(np.flatnonzero(inverse == k))[: share[k]] for k in range(len(classes))
    ]
    return np.concatenate(chosen)


def split_dataset(dataset, left_size=None, right_size=None, shuffle: bool = False, seed=None):
    """Split arrays into a left and a right part, as `keras.utils.split_dataset`.

    `dataset` is an array, or a tuple, list or dict of arrays of the same length (such
    as `(x, y)`); each part has the same structure.  `left_size` and `right_size`
    are fractions in (0, 1), rounded as Keras rounds them (`round(f · n)`), or numbers of
    examples in [1, n); one may be None, the rest of the data; when both are given they may
    leave examples out (from the middle: left is the first `left_size`, right the last
    `right_size`).  `shuffle` shuffles the examples first, in the order Keras gives for
    the same `seed` (Python's `random.Random(seed).shuffle`, on a generator of its own:
    Python's global one is left alone); without a seed it is drawn from lucidnet's global
    generator, so [`set_random_seed`][lucidnet.utils.set_random_seed] repeats it.

    Examples
    --------
    >>> left, right = split_dataset((np.arange(5), np.arange(5) * 10), left_size=0.6)
    >>> left
    (array([0, 1, 2]), array([ 0, 10, 20]))
    >>> right
    (array([3, 4]), array([30, 40]))
    """
    columns, rebuild = _columns(dataset)
    n = len(columns[0])
    if left_size is None and right_size is None:
        raise ValueError("split_dataset needs left_size or right_size (or both), got neither.")
    left = _split_count("left_size", left_size, n)
    right = _split_count("right_size", right_size, n)
    if is_number(left_size) and is_number(right_size) and not is_integer(left_size) \
            and not is_integer(right_size) and left_size + right_size > 1:
        raise ValueError(f"split_dataset left_size={left_size!r} and right_size={right_size!r} "
                         f"sum to more than 1.")
    left = n - right if left is None else left
    right = n - left if right is None else right
    if left + right > n:
        raise ValueError(f"split_dataset left_size={left_size!r} and right_size={right_size!r} "
                         f"ask for {left} + {right} examples of {n}.")
    for side, count in (("left", left), ("right", right)):
        if count == 0:
            raise ValueError(f"split_dataset left_size={left_size!r} and right_size="
                             f"{right_size!r} leave the {side} part of {n} examples empty.")
    order = np.arange(n)
    if boolean("split_dataset shuffle", shuffle):
        if seed is None:
            seed = int(make_generator().integers(0, 10**6 + 1))
        shuffled = order.tolist()
        random.Random(non_negative_int("split_dataset seed", seed)).shuffle(shuffled)
        order = np.asarray(shuffled, dtype=np.intp)
    return (rebuild([column[order[:left]] for column in columns]),
            rebuild([column[order[n - right:]] for column in columns]))


def _columns(dataset):
    """The arrays of `dataset` and a function that puts arrays back in its structure."""
    if isinstance(dataset, dict):
        keys = list(dataset)
        columns, rebuild = [dataset[key] for key in keys], lambda parts: dict(zip(keys, parts))
    elif isinstance(dataset, (tuple, list)):
        kind = type(dataset)
        columns, rebuild = list(dataset), lambda parts: kind(parts)
    else:
        columns, rebuild = [dataset], lambda parts: parts[0]
    if not columns:
        raise ValueError(f"split_dataset needs at least one array, got {dataset!r}.")
    arrays = []
    for column in columns:
        if not isinstance(column, np.ndarray) and not isinstance(column, (list, tuple)):
            raise TypeError(
                f"split_dataset dataset must be an array or a tuple, list or dict of arrays, "
                f"got {type(column).__name__} {column!r:.80}."
            )
        arrays.append(np.asarray(column))
    lengths = [len(array) if array.ndim else None for array in arrays]
    if None in lengths or len(set(lengths)) != 1:
        raise ValueError(f"split_dataset: the arrays need the same length, got lengths {lengths}.")
    return arrays, rebuild


def _split_count(name: str, size, n: int) -> int | None:
    """A split size as a number of examples: None, a count in [1, n), or round(f · n)."""
    if size is None:
        return None
    if is_integer(size):
        return integer(f"split_dataset {name}", size, at_least=1, at_most=n - 1)
    if is_number(size):
        number(f"split_dataset {name}", size, greater_than=0, below=1)
        return round(float(size) * n)
    raise TypeError(f"split_dataset {name} must be a fraction in (0, 1), a number of examples "
                    f"or None, got {type(size).__name__} {size!r}.")
