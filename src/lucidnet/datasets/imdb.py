"""IMDB: 50,000 movie reviews labelled positive (1) or negative (0), 25,000 to train on and
25,000 to test, each a list of word indices, in Keras's `imdb.npz` (A. L. Maas et al.,
"Learning Word Vectors for Sentiment Analysis", 2011).

Word w of the file is the w-th most frequent word of the training reviews; `load_data`
shifts them by `index_from` to leave 0 (padding), 1 (start) and 2 (out of vocabulary)
free, exactly as Keras's loader does, so the numbers are Keras's.  The reviews are pickled
object arrays in the file; `.npz` reads them without running code from it.
"""

from __future__ import annotations

import numpy as np

from .files import DatasetSource, RemoteFile
from .keras_files import (KERAS_ORIGIN, check_encoding, fetch, limit_vocabulary,
                          mark_and_shift, object_array, shorter_than, word_index)
from .npz import load_npz, sequences

SOURCE = DatasetSource(
    name="imdb", title="IMDB",
    files=(RemoteFile("imdb.npz", 17464789,
                      "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
           RemoteFile("imdb_word_index.json", 1641221, "bfafd718b763782e994055a2d397834f",
                      algorithm="md5")),
    mirrors=(KERAS_ORIGIN,),
)


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3):
    """`(x_train, y_train), (x_test, y_test)`, as `keras.datasets.imdb.load_data`.

    `x` is an object array of lists of word indices, `y` the labels (0 negative,
    1 positive).  Each split is shuffled by one `np.random.RandomState(seed)`, train
    first.  Every review starts with `start_char` (None: no start mark) and word w
    becomes w + `index_from`; with `maxlen` only the reviews shorter than `maxlen`
    are kept; words outside [`skip_top`, `num_words`) become `oov_char` (dropped when
    it is None).  Turn the lists into a matrix with
    [`lucidnet.utils.pad_sequences`][lucidnet.utils.pad_sequences].
    """
    num_words, skip_top, maxlen, seed, start_char, oov_char, index_from = check_encoding(
        num_words, skip_top, maxlen, seed, start_char, oov_char, index_from)
    file = fetch(SOURCE, "imdb.npz", path)
    arrays = load_npz(file, ("x_train", "y_train", "x_test", "y_test"))
    rng = np.random.RandomState(seed)
    splits = []
    for part in ("train", "test"):
        xs, labels = sequences(file, f"x_{part}", arrays[f"x_{part}"]), arrays[f"y_{part}"]
        if len(xs) != len(labels):
            raise ValueError(f"{file} holds {len(xs)} x_{part} reviews but {len(labels)} labels.")
        indices = np.arange(len(xs))
        rng.shuffle(indices)
        splits.append(([xs[index] for index in indices], labels[indices]))
    splits = [(mark_and_shift(xs, start_char, index_from), labels) for xs, labels in splits]
    if maxlen:
        splits = [shorter_than(maxlen, xs, labels) for xs, labels in splits]
        if not splits[0][0] or not splits[1][0]:
            raise ValueError(f"No review is shorter than maxlen={maxlen} in both the training "
                             f"and the test set; increase maxlen.")
    count = len(splits[0][0])
    xs = limit_vocabulary(splits[0][0] + splits[1][0], num_words, skip_top, oov_char)
    labels = np.concatenate([splits[0][1], splits[1][1]])
    return (object_array(xs[:count]), labels[:count]), (object_array(xs[count:]), labels[count:])


def get_word_index(path="imdb_word_index.json"):
    """`{word: rank}`: rank r is the r-th most frequent word, which `load_data` writes as
    r + `index_from`, as `keras.datasets.imdb.get_word_index`."""
    return word_index(fetch(SOURCE, "imdb_word_index.json", path))
