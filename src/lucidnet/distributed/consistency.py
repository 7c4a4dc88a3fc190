"""The check, before the first step, that every rank is about to train the same thing.

Data parallelism is correct only if every rank builds the same model, compiles it the same
way, holds the same training data in the same order and calls `fit` with the same
settings: each rank computes its share of each batch from its own copy.  A rank that
differs would, at best, hang at the first collective operation whose buffer size differs
and, at worst, train silently on other examples.  So each rank describes what it is about
to do, the descriptions are exchanged (one `allgather`), and every rank raises the same
error, naming the differences, when they disagree.
"""

from __future__ import annotations

import zlib

import numpy as np

from ..registry import serialize

#: At most this many differences are listed in the error.
SHOWN_DIFFERENCES = 8


def describe_training(model, x, y, sample_weight, validation, settings: dict) -> dict:
    """A flat `{"where.it.is": value}` description of the model, data and settings.

    Data are described by shape, dtype and a CRC-32 of their bytes (one fast pass over
    them), which tells identical arrays from different or differently ordered ones.
    """
    description = {
        "model": model.get_config(),
        "optimizer": serialize(model.optimizer),
        "loss": serialize(model.loss),
        "metrics": [serialize(metric) for metric in model.metrics],
        "weights": [list(w.shape) for w in model.weights],
        "x": _describe_array(x),
        "y": _describe_array(y),
        "sample_weight": _describe_array(sample_weight),
        "validation": None if validation is None else [_describe_array(a) for a in validation],
        "fit": settings,
    }
    return dict(_flatten(description, ""))


def check_same_everywhere(descriptions: list[dict]) -> None:
    """Raise a `ValueError` listing where ranks 1, 2, … differ from rank 0, if anywhere."""
    reference = descriptions[0]
    differences = []
    for rank, description in enumerate(descriptions[1:], start=1):
        keys = [*reference, *(key for key in description if key not in reference)]
        for key in keys:
            ours, theirs = reference.get(key, "(nothing)"), description.get(key, "(nothing)")
            if ours != theirs:
                differences.append(f"  {key}: rank 0 has {_short(ours)}, rank {rank} has {_short(theirs)}")
    if differences:
        more = len(differences) - SHOWN_DIFFERENCES
        listed = differences[:SHOWN_DIFFERENCES] + ([f"  ... and {more} more"] if more > 0 else [])
        raise ValueError(
            f"fit(distributed=True): the {len(descriptions)} ranks are not training the same "
            f"model on the same data with the same settings:\n" + "\n".join(listed) + "\n"
            "Every rank must build and compile the same model and pass the same full training "
            "set in the same order (each rank takes its share of every batch itself). Look for "
            "code that depends on the rank, or on files that differ between machines."
        )


def _describe_array(array) -> dict | None:
    if array is None:
        return None
    array = np.ascontiguousarray(array)
    return {"examples": len(array), "example shape": list(array.shape[1:]),
            "dtype": array.dtype.name, "crc32 of the values": zlib.crc32(memoryview(array).cast("B"))}


def _flatten(value, where: str):
    """`("model.layers.1.config.units", 32)` pairs; any value that is not plain data is
    described by its type, so that every description can be pickled and compared."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, (list, tuple)) and all(map(_is_plain, value)):
        yield where, list(value)
    elif isinstance(value, (list, tuple)):
        yield where + ".length", len(value)
        for index, item in enumerate(value):
            yield from _flatten(item, f"{where}.{index}")
    elif _is_plain(value):
        yield where, value
    elif isinstance(value, (np.integer, np.floating, np.bool_)):
        yield where, value.item()
    else:  # a callable learning-rate schedule, say: compared by its type only
        yield where, f"<{type(value).__module__}.{type(value).__qualname__}>"


def _is_plain(value) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
