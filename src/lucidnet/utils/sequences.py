"""`pad_sequences`: lists of token ids of different lengths as one rectangular array."""

from __future__ import annotations

import numpy as np

from ..validation import choice, positive_int


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """Pad (or cut) each sequence to `maxlen` entries, as `keras.utils.pad_sequences`.

    Row i of the result is sequence i: cut to its last `maxlen` entries
    (`truncating="pre"`) or its first (`"post"`), then filled with `value` before it
    (`padding="pre"`) or after it (`"post"`).  `maxlen` defaults to the longest length.
    Entries may themselves be arrays (of one shape), which becomes the trailing shape.

    Examples
    --------
    >>> pad_sequences([[1], [2, 3], [4, 5, 6]])
    array([[0, 0, 1],
           [0, 2, 3],
           [4, 5, 6]], dtype=int32)
    >>> pad_sequences([[1], [2, 3], [4, 5, 6]], maxlen=2, padding="post", truncating="post")
    array([[1, 0],
           [2, 3],
           [4, 5]], dtype=int32)
    """
    if isinstance(sequences, (str, bytes)) or not hasattr(sequences, "__len__"):
        raise ValueError(f"pad_sequences sequences must be a list of sequences, got "
                         f"{type(sequences).__name__} {sequences!r:.80}.")
    padding = choice("pad_sequences padding", padding, ("pre", "post"))
    truncating = choice("pad_sequences truncating", truncating, ("pre", "post"))
    maxlen = positive_int("pad_sequences maxlen", maxlen, allow_none=True)
    lengths, sample_shape = [], None
    for index, sequence in enumerate(sequences):
        try:
            lengths.append(len(sequence))
        except TypeError:
            raise ValueError(f"pad_sequences sequences must be a list of sequences, but entry "
                             f"{index} is {sequence!r:.80}.") from None
        if sample_shape is None and len(sequence):
            sample_shape = np.asarray(sequence).shape[1:]
    sample_shape = sample_shape or ()
    if maxlen is None:
        maxlen = max(lengths, default=0)
    if isinstance(value, str) and dtype is not object and \
            not np.issubdtype(dtype, np.str_) and not np.issubdtype(dtype, np.bytes_):
        raise ValueError(f"pad_sequences value {value!r} is a string but dtype is {dtype!r}; "
                         f"pass dtype=object for strings of any length.")
    padded = np.full((len(sequences), maxlen, *sample_shape), value, dtype=dtype)
    for index, sequence in enumerate(sequences):
        if not len(sequence):
            continue
        kept = np.asarray(sequence[-maxlen:] if truncating == "pre" else sequence[:maxlen],
                          dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ValueError(f"pad_sequences: entry {index} has items of shape {kept.shape[1:]}, "
                             f"but the first non-empty one has {sample_shape}.")
        if padding == "post":
            padded[index, :len(kept)] = kept
        else:
            padded[index, maxlen - len(kept):] = kept
    return padded
