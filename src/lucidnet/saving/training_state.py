"""What a model file keeps besides the weights so that training resumes exactly where it
stopped: the random generators, the optimizer's state tensors, the training history, and
the state of the callbacks that steer training (`Callback.get_state()`).

Resuming is bit-identical when every number that the next step reads is restored: the
weights, each optimizer slot and its step count (Adam's bias correction reads t), and the
state of every generator (the next epoch's shuffling order and dropout masks come from it).
Dropout layers built without a seed draw from the model's own generator, the same object;
the state is therefore written back into the existing generators, never into new ones, so
that sharing survives a load.
"""

from __future__ import annotations

import math

import numpy as np

from ..callbacks.base import History
from ..io import CALLBACK_PREFIX, OPTIMIZER_PREFIX, ModelFileError
from .schema import BIT_GENERATORS, FLOAT_DTYPES


# -- generators --------------------------------------------------------------------------------

def layer_generators(model) -> dict[str, np.random.Generator]:
    """The layers that own a generator of their own (`Dropout(seed=...)`), by layer name.

    A layer drawing from the model's generator holds that very object and is not listed.
    """
    return {
        layer.name: layer.rng
        for layer in model.flat_layers
        if isinstance(getattr(layer, "rng", None), np.random.Generator)
        and layer.rng is not model.rng
    }


def generator_states(model) -> dict:
    """`{"model": state, "layers": {name: state}}`, each a JSON-ready `bit_generator.state`."""
    owners = {"model": model.rng}
    owners.update({f"layer {name!r}": g for name, g in layer_generators(model).items()})
    for owner, generator in owners.items():
        kind = type(generator.bit_generator).__name__
        if kind not in BIT_GENERATORS:
            raise ValueError(
                f"The {owner} generator uses {kind}; a model file records "
                f"{', '.join(BIT_GENERATORS)} generators (what numpy.random.default_rng makes). "
                f"Save with include_optimizer=False to leave the generators out."
            )
    return {
        "model": model.rng.bit_generator.state,
        "layers": {name: g.bit_generator.state for name, g in layer_generators(model).items()},
    }


def check_generator_states(states: dict, model, path) -> None:
    """Check the states saved in the file at `path` against the freshly built `model`,
    before any is applied."""
    owners = set(layer_generators(model))
    missing = sorted(owners - states["layers"].keys())
    unexpected = sorted(states["layers"].keys() - owners)
    if missing or unexpected:
        raise ModelFileError(
            path,
            f"the generator states do not match the layers that own a generator: missing "
            f"{missing or 'none'}, unexpected {unexpected or 'none'}."
        )
    targets = [("the model", model.rng, states["model"])]
    targets += [(f"layer {name!r}", generator, states["layers"][name])
                for name, generator in layer_generators(model).items()]
    for owner, generator, state in targets:
        scratch = type(generator.bit_generator)()  # a throwaway of the kind the state will set
        try:
            scratch.state = state
        except (TypeError, ValueError, KeyError, OverflowError) as error:
            problem = f"the generator state of {owner} is invalid ({error})."
            raise ModelFileError(path, problem) from None


def restore_generators(model, states: dict) -> None:
    """Write the saved states into the model's existing generators (keeping shared ones shared)."""
    model.rng.bit_generator.state = states["model"]
    for name, generator in layer_generators(model).items():
        generator.bit_generator.state = states["layers"][name]


# -- optimizer ---------------------------------------------------------------------------------

def optimizer_tensors(optimizer) -> dict[str, np.ndarray]:
    """`optimizer.get_state()` under file names (`optimizer/iterations`, `optimizer/m/0`)."""
    return {OPTIMIZER_PREFIX + name: np.asarray(value, order="C")
            for name, value in optimizer.get_state().items()}


def state_from_tensors(tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The inverse of `optimizer_tensors`, for the tensors under the optimizer prefix."""
    return {name[len(OPTIMIZER_PREFIX):]: value for name, value in tensors.items()
            if name.startswith(OPTIMIZER_PREFIX)}


# -- callbacks ---------------------------------------------------------------------------------

def callback_tensor_name(class_name: str, position: int, key: str, index: int) -> str:
    return f"{CALLBACK_PREFIX}{class_name}/{position}/{key}/{index}"


def callback_document(states: dict, tensors: dict) -> dict | None:
    """The document's `callbacks` from `model.callback_states()`; adds each array of a
    state to `tensors`.  Refuses, naming the place, what loading would refuse: a value that
    is neither a finite number, `None` nor a list of float arrays with finite values.
    """
    if not states:
        return None
    document = {}
    for class_name, entries in states.items():
        document[class_name] = []
        for position, state in enumerate(entries):
            values, counts = {}, {}
            for key, value in state.items():
                where = f"callbacks[{class_name!r}][{position}][{key!r}]"
                if isinstance(value, (list, tuple)):
                    for index, array in enumerate(value):
                        name = callback_tensor_name(class_name, position, key, index)
                        tensors[name] = _callback_array(array, f"{where}[{index}]")
                    counts[key] = len(value)
                else:
                    values[key] = _callback_number(value, where)
            document[class_name].append({"values": values, "tensors": counts})
    return document


def _callback_number(value, where: str):
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer,
                                                                     np.floating)):
        raise TypeError(
            f"Cannot save {where}: it is {type(value).__name__} {value!r:.60}; a callback's "
            f"state holds finite numbers, None, or lists of float arrays."
        )
    if not math.isfinite(value):
        raise ValueError(f"Cannot save {where}: it is {value}, and a model file holds finite "
                         f"numbers only (store None for 'not yet').")
    return int(value) if isinstance(value, (int, np.integer)) else float(value)


def _callback_array(array, where: str) -> np.ndarray:
    if not isinstance(array, np.ndarray) or array.dtype.name not in FLOAT_DTYPES:
        kind = array.dtype.name if isinstance(array, np.ndarray) else type(array).__name__
        raise TypeError(f"Cannot save {where}: it is {kind}; a callback's arrays are "
                        f"{' or '.join(FLOAT_DTYPES)}.")
    if not np.isfinite(array).all():
        raise ValueError(f"Cannot save {where}: it holds NaN or infinite values.")
    return np.ascontiguousarray(array)


def callback_tensor_names(document: dict | None) -> list[str]:
    """The tensors a document's `callbacks` says the file holds."""
    return [callback_tensor_name(class_name, position, key, index)
            for class_name, entries in (document or {}).items()
            for position, entry in enumerate(entries)
            for key, count in entry["tensors"].items()
            for index in range(count)]


def callback_states(document: dict | None, tensors: dict, path) -> dict | None:
    """The inverse of `callback_document`: `{class name: [state, ...]}`."""
    if document is None:
        return None
    states = {}
    for class_name, entries in document.items():
        states[class_name] = []
        for position, entry in enumerate(entries):
            both = sorted(entry["values"].keys() & entry["tensors"].keys())
            if both:
                raise ModelFileError(path, f"callbacks[{class_name!r}][{position}] names "
                                           f"{both} both as values and as tensors.")
            state = dict(entry["values"])
            state.update({key: [tensors[callback_tensor_name(class_name, position, key, index)]
                                for index in range(count)]
                          for key, count in entry["tensors"].items()})
            states[class_name].append(state)
    return states


# -- history -----------------------------------------------------------------------------------

def history_summary(history) -> dict | None:
    """The epochs and per-epoch logs of a [`History`][lucidnet.callbacks.History], as JSON (NaN
    and ±inf become null).

    Only the series of numbers are kept: a metric whose result is an array (`F1Score()`
    per class, `TruePositives` at several thresholds) stays in the History in memory.
    """
    if history is None:
        return None
    return {
        "epoch": [int(epoch) for epoch in history.epoch],
        "history": {str(key): [_json_number(value) for value in values]
                    for key, values in history.history.items()
                    if all(np.ndim(value) == 0 for value in values)},
    }


def with_epoch(summary: dict | None, epoch: int, logs: dict) -> dict:
    """`summary` plus the logs of `epoch` (0-based), unless it already holds that epoch.

    `ModelCheckpoint` saves in `on_epoch_end` before [`History`][lucidnet.callbacks.History] (the
    last callback, as in Keras) has recorded the epoch, and passes the epoch's logs on so that
    none is lost.
    """
    summary = summary or {"epoch": [], "history": {}}
    if summary["epoch"] and summary["epoch"][-1] >= epoch:
        return summary
    summary["epoch"].append(int(epoch))
    for key, value in logs.items():
        if np.ndim(value) == 0:
            summary["history"].setdefault(str(key), []).append(_json_number(value))
    return summary


def history_from_summary(summary: dict | None) -> History | None:
    if summary is None:
        return None
    history = History()
    history.epoch = list(summary["epoch"])
    history.history = {key: [math.nan if value is None else float(value) for value in values]
                       for key, values in summary["history"].items()}
    return history


def completed_epochs(history) -> int:
    """The number of epochs a run has finished: the `initial_epoch` to resume from."""
    if history is None or not history.epoch:
        return 0
    return int(history.epoch[-1]) + 1


def _json_number(value):
    value = float(value)
    return value if math.isfinite(value) else None
