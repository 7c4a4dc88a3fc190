"""Training: :class:`Trainer` (``compile``, ``fit``, ``evaluate``, ``predict``) in
:mod:`.trainer`, the checks on the data it is given in :mod:`.inputs`, and the batches it
reads from arrays, memmaps, generators and PyDatasets in :mod:`.data`."""

from .inputs import resolve_verbose
from .trainer import DEFAULT_BATCH_SIZE, Trainer

__all__ = ["DEFAULT_BATCH_SIZE", "Trainer", "resolve_verbose"]
