"""Writing a model file: `save_model`, and what it checks before it writes.

The format is described in `lucidnet.saving.model_file`.  Everything that
`lucidnet.saving.load_model` would refuse is refused here first, with the same
message, so that no file is written that this lucidnet could not read back.
"""

from __future__ import annotations

import json
import math

import numpy as np

from .. import losses as losses_module
from .. import metrics as metrics_module
from ..io import (CALLBACK_PREFIX, MODEL_DOCUMENT_KEY, OPTIMIZER_PREFIX, atomic_write_bytes,
                  tensor_digest, weight_tensors)
from ..layers import LAYERS
from ..optimizers import OPTIMIZERS
from ..registry import MODELS, serialize
from ..version import __version__
from . import schema
from .keras_file import warn_keras_extension
from .schema import (DOCUMENT_DIGEST_KEY, FORMAT, FORMAT_VERSION, MAX_DOCUMENT_LENGTH, SchemaError,
                     document_digest)
from .training_state import (callback_document, completed_epochs, generator_states,
                             history_summary, optimizer_tensors, with_epoch)

def save_model(model, path, include_optimizer: bool = True, *, epoch: int | None = None,
               logs: dict | None = None) -> None:
    """Write `model` to one safetensors file at `path`, atomically.

    The file holds the weights, the architecture, the compile config, `model.metadata`
    and the training history.  With `include_optimizer` it also holds what resuming needs
    to continue bit-identically: the optimizer's state tensors and step count, the number of
    completed epochs, the state of every random generator, and the states of the callbacks
    of the `fit` running now (`model.callback_states()`: a checkpoint's run).

    `epoch` is the number of completed epochs (by default read from `model.history`);
    `logs` are that last epoch's logs when `model.history` has not recorded it yet, as
    in a callback's `on_epoch_end`.
    """
    from safetensors.numpy import save

    warn_keras_extension(path, "lucidnet.load_model(path)")
    _check_layers(model)
    tensors = {name: np.asarray(w, order="C") for name, w in weight_tensors(model).items()}
    history = history_summary(model.history)
    if epoch is not None and logs is not None and epoch > 0:
        history = with_epoch(history, epoch - 1, logs)
    training_state = _training_state(model, epoch, tensors) if include_optimizer else None
    callbacks = None
    if include_optimizer:
        try:
            callbacks = callback_document(model.callback_states(), tensors)
        except (TypeError, ValueError) as error:
            raise type(error)(f"Cannot save model {model.name!r}: {error}") from None
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "lucidnet_version": __version__,
        "model": flat_config(model.get_config()),
        "compile": _compile_config(model),
        "metadata": model.metadata,
        "history": history,
        "training_state": training_state,
        "callbacks": callbacks,
        "tensors": {name: tensor_digest(array) for name, array in tensors.items()},
    }
    document = plain_json(document, "")
    try:  # never write a file that this lucidnet could not read back
        schema.validate(document)
    except SchemaError as error:
        raise ValueError(f"Cannot save model {model.name!r}: {error}") from None
    text = json.dumps(document, allow_nan=False, separators=(",", ":"))
    if len(text) > MAX_DOCUMENT_LENGTH:
        raise ValueError(
            f"Cannot save model {model.name!r}: its model document is {len(text):,} characters "
            f"long, more than the {MAX_DOCUMENT_LENGTH:,} a model file may hold. Keep large "
            f"data out of model.metadata."
        )
    metadata = {MODEL_DOCUMENT_KEY: text, DOCUMENT_DIGEST_KEY: document_digest(text)}
    atomic_write_bytes(path, save(tensors, metadata=metadata))


def flat_config(config: dict) -> dict:
    """A model's config with each nested model replaced by its layers (less its
    `InputLayer`): a model file holds one chain of layers, which loads as a Sequential of
    the same layers, names and weights, so that files keep the shape older readers know.
    """
    layers = []
    for entry in config["layers"]:
        if entry["class_name"] in MODELS:
            layers += [inner for inner in flat_config(entry["config"])["layers"]
                       if inner["class_name"] != "InputLayer"]
        else:
            layers.append(entry)
    return {**config, "layers": layers}


def _check_layers(model) -> None:
    """Refuse what loading would refuse or misread: a layer class a file cannot name (an
    unregistered subclass would come back as its registered parent), or a layer whose
    tensors would be taken for the optimizer's or the callbacks'.
    """
    for layer in model.flat_layers:
        _registered(layer, LAYERS, "layer")
        for prefix, owner in ((OPTIMIZER_PREFIX, "the optimizer's"), (CALLBACK_PREFIX,
                                                                       "the callbacks'")):
            if f"{layer.name}/".startswith(prefix):
                raise ValueError(
                    f"Cannot save model {model.name!r}: the layer {layer.name!r} has the name a "
                    f"model file keeps for {owner} state. Give it another name."
                )


def _training_state(model, epoch: int | None, tensors: dict) -> dict:
    """The document's `training_state`; adds the optimizer's tensors to `tensors`."""
    # An optimizer that has not taken a step equals a fresh one built from its config.
    with_optimizer = model.optimizer is not None and model.optimizer.iterations > 0
    if with_optimizer:
        for name, value in optimizer_tensors(model.optimizer).items():
            if name in tensors:
                raise ValueError(
                    f"Cannot save model {model.name!r}: the weight {name!r} has the name of an "
                    f"optimizer state tensor. Rename the layer {name.split('/')[0]!r}."
                )
            tensors[name] = value
    return {
        "epoch": completed_epochs(model.history) if epoch is None else int(epoch),
        "optimizer": with_optimizer,
        "generators": generator_states(model),
    }


def _compile_config(model) -> dict | None:
    config = model.get_compile_config()
    if config is None:
        return None
    return {
        "optimizer": _registered(config["optimizer"], OPTIMIZERS, "optimizer"),
        "loss": _registered(config["loss"], losses_module.LOSSES, "loss"),
        "metrics": [_metric_entry(identifier) for identifier in config["metrics"]],
    }


def _registered(obj, registry, kind: str) -> dict:
    """`serialize(obj)`, after checking that its name gives back its own class on load."""
    name = getattr(obj, "registry_name", None)
    if not (isinstance(name, str) and name in registry and registry.lookup(name) is type(obj)):
        raise ValueError(
            f"Cannot save the {kind} {type(obj).__name__}: it is not registered, so a model file "
            f"could not name it. Register it with @{registry.base.__module__}.register(\"name\")."
        )
    return serialize(obj)


def _metric_entry(identifier):
    if isinstance(identifier, (str, dict)):
        return identifier
    if isinstance(identifier, type):
        identifier = identifier()
    return _registered(identifier, metrics_module.METRICS, "metric")


def plain_json(value, where: str):
    """`value` as plain JSON types (NumPy scalars and arrays become numbers and lists), or a
    `TypeError` (`ValueError` for NaN and ±inf) naming the first entry JSON cannot hold."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"Cannot save {where}: it is {value}, which JSON cannot hold.")
        return float(value)
    if isinstance(value, np.ndarray):
        return plain_json(value.tolist(), where)
    if isinstance(value, (list, tuple)):
        return [plain_json(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"Cannot save {where}: its key {key!r} is not a string.")
            plain[key] = plain_json(item, f"{where}.{key}" if where else key)
        return plain
    raise TypeError(
        f"Cannot save {where}: it is {type(value).__name__} {value!r:.60}, and a model file "
        f"holds only JSON values (numbers, strings, lists, dicts). Classes are stored by their "
        f"registered name: use a registered class (a lucidnet.optimizers.schedules schedule "
        f"rather than a function, for example)."
    )
