"""Training: `Trainer` (`compile`, `fit`, `evaluate`, `predict`) in `trainer`, the checks on
the data it is given in `inputs`, and the batches it reads from arrays, memmaps, generators
and PyDatasets in `data`."""

from .inputs import resolve_verbose
from .trainer import DEFAULT_BATCH_SIZE, Trainer

__all__ = ["DEFAULT_BATCH_SIZE", "Trainer", "resolve_verbose"]
