"""`keras.datasets.reuters`: [lucidnet.datasets.reuters][]'s `load_data`,
`get_word_index` and `get_label_names`."""

from ...datasets.reuters import get_label_names, get_word_index, load_data

__all__ = ["load_data", "get_word_index", "get_label_names"]
