"""What the datasets Keras publishes share: where their files come from and how Keras
splits and encodes them.

Each file is looked for as MNIST's are (`.files`: `$LUCIDNET_DATA/<dataset>/`, then
`~/.cache/lucidnet/<dataset>/`) under the name `path` (Keras's argument, a file name
in Keras's cache), and downloaded from Keras's own bucket when no folder has it, checked
against the digest Keras's loader checks.  A `path` with a folder in it names the file
itself, which is then read as it is.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import numpy as np

from ..errors import DatasetNotFoundError
from ..validation import non_negative_int, number, optional, positive_int
from .files import DatasetSource, locate
from .npz import DatasetFileError

#: Where Keras downloads its datasets from.
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
#: The largest word index file read (IMDB's is 1.6 MB).
MAX_WORD_INDEX_BYTES = 1 << 26


def fetch(source: DatasetSource, name: str, path) -> Path:
    """The file `name` of `source` on disk, found as `path` or downloaded under it."""
    path = os.fspath(path)
    if not isinstance(path, str) or not path:
        raise ValueError(f"{source.title} path must be a file name, got {path!r}.")
    if os.sep in path or (os.altsep and os.altsep in path):
        given = Path(path).expanduser()
        if not given.is_file():
            raise DatasetNotFoundError(f"{given} is not a file. Hint: path= is a file name in "
                                       f"lucidnet's dataset folder, or the path of a {source.title} "
                                       f"file you have.")
        return given
    remote = source.file(name)
    if path != name:
        remote = dataclasses.replace(remote, name=path, url_name=name)
    return locate(dataclasses.replace(source, files=(remote,)), [path])[path]


def check_split(test_split, seed) -> tuple[float, int | None]:
    """`test_split` in [0, 1) and `seed` (None or an integer >= 0), checked."""
    return (number("test_split", test_split, at_least=0, below=1),
            optional(non_negative_int, "seed", seed))


def shuffled_split(x, y, test_split: float, seed: int | None):
    """Keras's split of (x, y): shuffled by `np.random.RandomState(seed)`, the first
    `int(n · (1 − test_split))` examples to train on and the rest to test."""
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x))
    rng.shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))


def check_encoding(num_words, skip_top, maxlen, seed, start_char, oov_char, index_from):
    """The arguments of IMDB's and Reuters' `load_data` that shape the word indices."""
    return (optional(positive_int, "num_words", num_words), non_negative_int("skip_top", skip_top),
            optional(positive_int, "maxlen", maxlen), optional(non_negative_int, "seed", seed),
            optional(non_negative_int, "start_char", start_char),
            optional(non_negative_int, "oov_char", oov_char), non_negative_int("index_from", index_from))


def mark_and_shift(xs, start_char, index_from):
    """Keras's first step: word w becomes w + `index_from`, behind `start_char` (None:
    no start mark), leaving the indices below `index_from` to padding, start and unknown."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    return [[w + index_from for w in x] for x in xs] if index_from else [list(x) for x in xs]


def limit_vocabulary(xs, num_words, skip_top, oov_char):
    """Keras's last step: the indices outside [`skip_top`, `num_words`) become
    `oov_char`, or are dropped when it is None; `num_words` None keeps every word."""
    if not num_words:
        num_words = max((max(x) for x in xs if x), default=0)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def shorter_than(maxlen, xs, labels):
    """The sequences shorter than `maxlen` (Keras drops the others whole) and their labels."""
    kept = [index for index, x in enumerate(xs) if len(x) < maxlen]
    return [xs[index] for index in kept], np.asarray(labels)[kept]


def object_array(rows) -> np.ndarray:
    """A 1-D object array of lists, one per example, as Keras returns the reviews."""
    array = np.empty(len(rows), dtype=object)
    array[:] = rows
    return array


def word_index(path) -> dict[str, int]:
    """`{word: rank}` from a word index JSON file, checked to be exactly that."""
    size = os.path.getsize(path)
    if size > MAX_WORD_INDEX_BYTES:
        raise DatasetFileError(f"{path} takes {size:,} bytes, more than the "
                               f"{MAX_WORD_INDEX_BYTES:,} a word index may.")
    try:
        index = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetFileError(f"{path} is not a JSON word index: {error}.") from None
    if not isinstance(index, dict) or not all(
            isinstance(word, str) and isinstance(rank, int) and not isinstance(rank, bool)
            for word, rank in index.items()):
        raise DatasetFileError(f"{path} must hold one JSON object of words and their integer "
                               f"ranks.")
    return index

