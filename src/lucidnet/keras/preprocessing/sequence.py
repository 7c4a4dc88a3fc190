"""`keras.preprocessing.sequence`: [lucidnet.utils.pad_sequences][], the same object."""

from ...utils.sequences import pad_sequences

__all__ = ["pad_sequences"]
