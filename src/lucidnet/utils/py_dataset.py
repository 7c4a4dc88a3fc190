"""`PyDataset`: a dataset written in Python as a list of batches, as Keras 3 defines it.

A subclass implements `__len__` (the number of batches) and `__getitem__(index)` (batch
`index`, a tuple `(x, y)`, `(x, y, sample_weight)` or `(x,)`), and may implement
`on_epoch_begin()` and `on_epoch_end()`.  `fit` reads every batch once per epoch, in a
fresh order drawn from the model's generator when `shuffle=True`, so a seeded run repeats
bit for bit.

The constructor's `workers`, `use_multiprocessing` and `max_queue_size` are Keras's and
are accepted and kept, but lucidnet reads the batches in the calling thread, one after the
other: a pool of workers would make the order in which `__getitem__` runs (and so any
randomness it draws) depend on timing.

`Sequence` is Keras 2's name for the same class; subclassing it works and warns.
"""

from __future__ import annotations

from ..errors import warn_deprecated
from ..validation import boolean, non_negative_int, positive_int


class PyDataset:
    """A dataset of batches: `__len__` batches, batch `i` is `self[i]`.

    Parameters
    ----------
    workers : int, optional
        Keras's number of loading workers (accepted; batches are read in order here).
    use_multiprocessing : bool, optional
        Keras's choice of processes over threads (accepted, unused).
    max_queue_size : int, optional
        Keras's bound on prefetched batches (accepted, unused).
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False,
                 max_queue_size: int = 10):
        self.workers = non_negative_int("workers", workers)
        self.use_multiprocessing = boolean("use_multiprocessing", use_multiprocessing)
        self.max_queue_size = positive_int("max_queue_size", max_queue_size)

    def __getitem__(self, index: int):
        """Batch `index`: `(x, y)`, `(x, y, sample_weight)` or `(x,)`."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement __getitem__(index), returning batch index.")

    def __len__(self) -> int:
        raise NotImplementedError(
            f"{type(self).__name__} must implement __len__(), returning its number of batches.")

    @property
    def num_batches(self) -> int:
        """The number of batches (`len(self)`), as Keras 3 names it."""
        return len(self)

    def on_epoch_begin(self) -> None:
        """Called at the start of every epoch."""

    def on_epoch_end(self) -> None:
        """Called at the end of every epoch (shuffle or augment here)."""


class Sequence(PyDataset):
    """Keras 2's name for [`PyDataset`][lucidnet.utils.PyDataset]; a subclass of it warns where it
    is defined."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        warn_deprecated("keras.utils.Sequence", "keras.utils.PyDataset")
