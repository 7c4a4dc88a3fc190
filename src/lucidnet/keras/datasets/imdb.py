"""`keras.datasets.imdb`: [lucidnet.datasets.imdb][]'s `load_data` and `get_word_index`."""

from ...datasets.imdb import get_word_index, load_data

__all__ = ["load_data", "get_word_index"]
