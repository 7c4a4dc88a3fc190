"""`keras.preprocessing`: of Keras's module, the `sequence` helpers that the text
datasets' users need (`pad_sequences`); lucidnet's own preprocessing is
[lucidnet.preprocessing][]."""

from . import sequence

__all__ = ["sequence"]
