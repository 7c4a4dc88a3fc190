"""Reuters-21578 newswires: 11,228 short news stories in 46 topics, each a list of word
indices, in Keras's `reuters.npz` (arrays `x` and `y`).

Word w is the w-th most frequent word; `load_data` shifts and trims the indices as
Keras's loader does (see `.imdb`), then splits the stories by `test_split`.
"""

from __future__ import annotations

import numpy as np

from .files import DatasetSource, RemoteFile
from .keras_files import (KERAS_ORIGIN, check_encoding, check_split, fetch, limit_vocabulary,
                          mark_and_shift, object_array, shorter_than, word_index)
from .npz import load_npz, sequences

SOURCE = DatasetSource(
    name="reuters", title="Reuters newswires",
    files=(RemoteFile("reuters.npz", 2110848,
                      "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"),
           RemoteFile("reuters_word_index.json", None, "4d44cc38712099c9e383dc6e5f11a921",
                      algorithm="md5")),
    mirrors=(KERAS_ORIGIN,),
)

#: Topic k names label k, as ``keras.datasets.reuters.get_label_names()`` gives them.
LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply",
    "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas",
    "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin",
    "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs",
    "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead",
)


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2,
              seed=113, start_char=1, oov_char=2, index_from=3):
    """`(x_train, y_train), (x_test, y_test)`, as `keras.datasets.reuters.load_data`.

    The stories are shuffled by `np.random.RandomState(seed)`, encoded as in
    [`lucidnet.datasets.imdb.load_data`][lucidnet.datasets.imdb.load_data] (`maxlen` drops the
    longer ones), and the first `int(n · (1 − test_split))` are the training set.  `y` holds the
    topics 0-45 (`LABEL_NAMES`).
    """
    num_words, skip_top, maxlen, seed, start_char, oov_char, index_from = check_encoding(
        num_words, skip_top, maxlen, seed, start_char, oov_char, index_from)
    test_split, seed = check_split(test_split, seed)
    file = fetch(SOURCE, "reuters.npz", path)
    arrays = load_npz(file, ("x", "y"))
    xs, labels = sequences(file, "x", arrays["x"]), arrays["y"]
    if len(xs) != len(labels):
        raise ValueError(f"{file} holds {len(xs)} stories but {len(labels)} labels.")
    indices = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(indices)
    xs, labels = [xs[index] for index in indices], labels[indices]
    xs = mark_and_shift(xs, start_char, index_from)
    if maxlen:
        xs, labels = shorter_than(maxlen, xs, labels)
    xs = limit_vocabulary(xs, num_words, skip_top, oov_char)
    cut = int(len(xs) * (1 - test_split))
    return ((object_array(xs[:cut]), np.array(labels[:cut])),
            (object_array(xs[cut:]), np.array(labels[cut:])))


def get_word_index(path="reuters_word_index.json"):
    """`{word: rank}`: rank r is written r + `index_from` by `load_data`, as
    `keras.datasets.reuters.get_word_index`."""
    return word_index(fetch(SOURCE, "reuters_word_index.json", path))


def get_label_names():
    """The 46 topic names, label k first at index k, as Keras's `get_label_names`."""
    return LABEL_NAMES
