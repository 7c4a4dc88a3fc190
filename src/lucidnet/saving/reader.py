"""Reading a model file: `load_model`, which checks everything before it builds.

The format is described in `lucidnet.saving.model_file`.  Loading reads the header and
the document first and checks, in order: the digests, the format version, the document's
schema, every registry name, the widths the architecture implies, then each tensor's name,
dtype and shape against the model built from the config, and finally the values (digest,
finiteness).  Only when all of it passes is the model filled in and returned; every failure
is a `ModelFileError`.
"""

from __future__ import annotations

import json
import math
import os
import re

import numpy as np

from .. import losses as losses_module
from .. import metrics as metrics_module
from ..errors import ModelFileError
from ..io import (
    MODEL_DOCUMENT_KEY,
    OPTIMIZER_PREFIX,
    WEIGHTS_FORMAT,
    TensorFile,
    check_stored_values,
    tensor_digest,
    weight_tensors,
)
from ..layers import LAYERS
from ..optimizers import OPTIMIZERS
from ..registry import MODELS
from ..utils.registration import custom_objects_argument
from ..version import __version__
from . import schema
from .keras_file import is_keras_file, load_keras
from .schema import (
    DOCUMENT_DIGEST_KEY,
    FORMAT,
    FLOAT_DTYPES,
    FORMAT_VERSION,
    MAX_DOCUMENT_LENGTH,
    SchemaError,
    document_digest,
)
from .training_state import (
    callback_states,
    callback_tensor_names,
    check_generator_states,
    history_from_summary,
    restore_generators,
    state_from_tensors,
)

#: The generator of a model loaded from a file without training state is seeded with this:
#: loading never draws from the global generator, so it does not shift the random stream
#: of the code that runs after it.
LOADED_MODEL_SEED = 0
#: The registered name of the model class a file's ``"model"`` config describes (lucidnet
#: models are Sequential stacks).
MODEL_CLASS = "Sequential"

_READER_MAJOR, _READER_MINOR = (int(part) for part in FORMAT_VERSION.split("."))


def load_model(path, custom_objects=None, compile: bool = True):
    """The model saved at `path` by `save_model` (`model.save`).

    With `compile` (the default) the model comes back compiled as it was saved, with its
    optimizer state if the file holds it, ready to `fit(..., initial_epoch=...)` and
    continue exactly.  The history is in `model.history`; a run saved after `k` epochs
    resumes with `initial_epoch=model.history.epoch[-1] + 1`; the states of the saved
    run's callbacks wait in `model.saved_callback_states` for that `fit`, which gives
    them to its callbacks of the same classes.  Custom layers, activations, losses, ...
    must be registered before loading, or given by the names the file uses in
    `custom_objects` (`{name: class}`, as Keras's argument; the same as loading inside
    `custom_object_scope(custom_objects)`): the file only names them.  A Keras 3
    `.keras` archive is imported by `load_keras`.

    Raises `ModelFileError` naming the file and the problem; nothing
    outside the returned model is changed.
    """
    path = os.fspath(path)
    with custom_objects_argument("load_model", custom_objects):
        if is_keras_file(path):  # by its first bytes, whatever its name
            return load_keras(path, compile=compile)
        return _read_model(path, compile)[0]


def _read_model(path: str, compile: bool):
    """(the model, its document): what `load_model` returns, and what it read."""
    with TensorFile(path) as file:
        document = read_document(file)
        _resolve_names(document, path)
        _check_architecture(document["model"], file, path)
        model = _from_config(path, "the model", lambda: MODELS.lookup(MODEL_CLASS).from_config(
            document["model"], seed=LOADED_MODEL_SEED))
        weight_names = _check_weight_specs(model, file)
        optimizer, loss, state_names = _compile_objects(document, model, file)
        callback_names = _check_callback_specs(document, file)
        _check_tensor_names(file, document, weight_names + state_names + callback_names)
        tensors = {name: _read_checked(file, name, document) for name in file.specs}

    training_state = document["training_state"]
    if training_state is not None:
        check_generator_states(training_state["generators"], model, path)
    if state_names:
        problem = optimizer.negative_slot(state_from_tensors(tensors), _trained_weights(model),
                                          OPTIMIZER_PREFIX)
        if problem is not None:
            raise ModelFileError(path, problem)
        try:
            optimizer.set_state(state_from_tensors(tensors))
        except (ValueError, TypeError, RuntimeError) as error:
            raise ModelFileError(path, f"the optimizer state does not fit ({error}).") from None

    # Everything is checked: fill the new model in.
    model.set_weights([tensors[name] for name in weight_names])
    if compile and document["compile"] is not None:
        model.compile(optimizer=optimizer, loss=loss, metrics=document["compile"]["metrics"])
    if training_state is not None:
        restore_generators(model, training_state["generators"])
    model.history = history_from_summary(document["history"])
    model.saved_callback_states = callback_states(document.get("callbacks"), tensors, path)
    model.metadata = document["metadata"]
    return model, document


def load_training_state(model, path) -> int:
    """Put the training state saved at `path` into `model` itself, and return the number
    of epochs that run had completed: what resuming in the same model needs
    (`BackupAndRestore` does it at `on_train_begin`).

    The file is read and checked by `load_model`, then compared with `model`: the
    same layers (names, configs, dtype) and the same optimizer class.  Only when all of it
    fits does `model` take, in place, the saved weights, the optimizer's slots, step count
    and learning rate, and the state of every generator; the saved callbacks' states wait in
    `model.saved_callback_states`, as after `load_model`.  The parameter arrays stay
    the same objects, so a running `fit` (and its optimizer) keeps them.

    Raises `ModelFileError` naming the file and what does not fit;
    `model` is then unchanged.
    """
    path = os.fspath(path)
    if is_keras_file(path):
        raise ModelFileError(path, "it is a Keras archive, which holds no lucidnet training "
                                   "state to resume from.")
    saved, document = _read_model(path, compile=True)
    training_state = document["training_state"]
    if training_state is None or not saved.compiled:
        raise ModelFileError(path, "it holds no training state to resume from (it was saved "
                                   "uncompiled, or with include_optimizer=False).")
    ours, theirs = model.get_config(), saved.get_config()
    if (ours["layers"], ours["dtype"]) != (theirs["layers"], theirs["dtype"]):
        raise ModelFileError(
            path, f"it holds another architecture than model {model.name!r}: "
            f"{_layer_summary(theirs)} in the file, {_layer_summary(ours)} here.")
    optimizer = model.optimizer
    if not model.compiled or type(saved.optimizer) is not type(optimizer):
        found = type(optimizer).__name__ if model.compiled else "not compiled"
        raise ModelFileError(path, f"its run trained with {type(saved.optimizer).__name__}, "
                                   f"and model {model.name!r} is {found}.")
    check_generator_states(training_state["generators"], model, path)
    saved.optimizer.build(saved.trainable_weights)  # a fresh state if it had not stepped
    state = saved.optimizer.get_state()
    optimizer.build(model.trainable_weights)
    expected = {name: np.shape(value) for name, value in optimizer.get_state().items()}
    if expected != {name: np.shape(value) for name, value in state.items()}:
        raise ModelFileError(path, f"its optimizer state does not fit the trainable weights "
                                   f"of model {model.name!r} (a layer's trainable differs).")

    # Everything is checked: the model takes the saved state, in place.
    model.set_weights(saved.get_weights())
    optimizer.set_state(state)
    optimizer.learning_rate = saved.optimizer.schedule or saved.optimizer.learning_rate
    restore_generators(model, training_state["generators"])
    model.saved_callback_states = saved.saved_callback_states
    return int(training_state["epoch"])


def _layer_summary(config: dict) -> str:
    return f"[{', '.join(entry['class_name'] for entry in config['layers'])}] in {config['dtype']}"


def read_document(file: TensorFile) -> dict:
    """The JSON document, after its digest, its format version and its schema are checked."""
    path = file.path
    text = file.metadata.get(MODEL_DOCUMENT_KEY)
    if text is None:
        if file.metadata.get("format") == WEIGHTS_FORMAT:
            raise ModelFileError(
                path, "it holds weights only (written by save_weights). Build the model and "
                "call model.load_weights(path) instead."
            )
        raise ModelFileError(path, "it is a safetensors file but not a lucidnet model file "
                                   "(its metadata has no 'lucidnet' document).")
    if len(text) > MAX_DOCUMENT_LENGTH:
        raise ModelFileError(path, f"its model document is {len(text):,} characters long, more "
                                   f"than the {MAX_DOCUMENT_LENGTH:,} a model file may hold.")
    if file.metadata.get(DOCUMENT_DIGEST_KEY) != document_digest(text):
        raise ModelFileError(path, "its model document does not match its SHA-256 digest: the "
                                   "file is corrupted (or was edited by hand).")
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ModelFileError(path, f"its model document is not valid JSON ({error}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        raise ModelFileError(path, f"its document is not a lucidnet model document (format "
                                   f"{found!r}, expected {FORMAT!r}).")
    document = _readable_version(document, path)
    try:
        schema.validate(document)
    except SchemaError as error:
        raise ModelFileError(path, f"its model document is malformed: {error}") from None
    return document


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _readable_version(document: dict, path: str) -> dict:
    """Accept every minor version of this major version, dropping keys a newer minor added."""
    version = document.get("format_version")
    match = re.fullmatch(schema.VERSION_PATTERN, version) if isinstance(version, str) else None
    if match is None:
        raise ModelFileError(path, f"its format_version must look like \"1.0\", got {version!r}.")
    major, minor = int(match[1]), int(match[2])
    writer = document.get("lucidnet_version")
    if major > _READER_MAJOR:
        raise ModelFileError(
            path, f"it was written by lucidnet {writer} in model-file format {version}, and this "
            f"lucidnet ({__version__}) reads format {_READER_MAJOR}.x only. Upgrade lucidnet "
            f"(pip install --upgrade lucidnet) to load it."
        )
    if major < _READER_MAJOR:
        raise ModelFileError(path, f"model-file format {version} is no longer supported; this "
                                   f"lucidnet reads format {_READER_MAJOR}.x.")
    if minor > _READER_MINOR:
        document = {key: value for key, value in document.items() if key in schema.DOCUMENT_FIELDS}
    return document


def _resolve_names(document: dict, path: str) -> None:
    """Look every top-level class name up in its registry before anything is constructed."""
    references = [(f"model.layers[{index}]", LAYERS, entry["class_name"])
                  for index, entry in enumerate(document["model"]["layers"])]
    compile_config = document["compile"]
    if compile_config is not None:
        references += [
            ("compile.optimizer", OPTIMIZERS, compile_config["optimizer"]["class_name"]),
            ("compile.loss", losses_module.LOSSES, compile_config["loss"]["class_name"]),
        ]
        for index, metric in enumerate(compile_config["metrics"]):
            if isinstance(metric, dict):
                references.append((f"compile.metrics[{index}]", metrics_module.METRICS,
                                   metric["class_name"]))
            elif metric.lower() not in metrics_module.names():
                raise ModelFileError(path, f"compile.metrics[{index}]: unknown metric {metric!r}. "
                                           f"Valid names: {', '.join(metrics_module.names())}.")
    for where, registry, name in references:
        try:
            registry.lookup(name)
        except ValueError as error:
            raise ModelFileError(path, f"{where}: {error} A custom class must be registered, "
                                       f"or given in custom_objects, when the model is "
                                       f"loaded.") from None


def _from_config(path: str, where: str, build):
    """`build()`, with any failure reported as a `ModelFileError` about `where`.

    Values from a file can make a constructor (or a shape rule) fail in any way, including a
    user's own, so every exception is caught here and named.
    """
    try:
        return build()
    except Exception as error:  # noqa: BLE001 (see the docstring)
        raise ModelFileError(path, f"{where} cannot be built from its config ({error}).") from None


def _check_architecture(model_config: dict, file: TensorFile, path: str) -> None:
    """Refuse an architecture that asks for more than the file holds, before it is built.

    Building allocates every layer's weights from the config alone, so a forged config
    (`Dense(units=10**9)`) could ask for terabytes before any shape is compared.  Two
    rules bound every allocation by the file's own bytes:

    - widths: in a genuine file each width a parametric layer sees is spanned by one of
      its stored tensors (a Dense kernel is inputs × units), so no per-example size of any
      layer may exceed the largest dimension of a stored, non-empty tensor (a dimension of
      an empty tensor costs no bytes); with no weights stored, none may exceed the input's
      size;
    - weights: each layer says what it would allocate (`Layer.weight_shapes`), and
      the file must store each of those tensors with exactly that shape, so that building
      allocates no more values than the file holds.
    """
    layers = [_from_config(path, f"model.layers[{index}] ({entry['class_name']})",
                           lambda entry=entry: LAYERS.get(entry))
              for index, entry in enumerate(model_config["layers"])]
    if not layers:
        return
    example_shape = getattr(layers[0], "declared_input_shape", None)
    if example_shape is None:  # no input shape: the model stays unbuilt and allocates nothing
        return
    layer_names = {layer.name for layer in layers}
    layer_specs = {name: spec for name, spec in file.specs.items()
                   if name.rpartition("/")[0] in layer_names}
    stored_dimensions = [d for spec in layer_specs.values() if math.prod(spec.shape) > 0
                         for d in spec.shape]
    limit = max(stored_dimensions, default=math.prod(example_shape))
    dtype = model_config["dtype"]
    missing, planned_names = [], set()
    shape = (None, *example_shape)
    for index, layer in enumerate(layers):
        where = f"model.layers[{index}] ({layer.describe()})"
        input_shape = shape
        shape = _from_config(path, where,
                             lambda layer=layer, shape=shape: layer.compute_output_shape(shape))
        sizes = [*shape[1:], math.prod(shape[1:])]
        if max(sizes) > limit:
            raise ModelFileError(
                path, f"{where} would output shape {shape}, wider than any tensor stored in "
                f"the file (at most {limit}): the architecture does not match the weights."
            )
        planned = _from_config(path, where, lambda layer=layer, input_shape=input_shape:
                               layer.weight_shapes(input_shape, dtype)) or {}
        for weight_name, weight_shape in planned.items():
            name = f"{layer.name}/{weight_name}"
            planned_names.add(name)
            spec = file.specs.get(name)
            if spec is None:
                missing.append(name)
            elif spec.shape != weight_shape:
                raise ModelFileError(
                    path, f"tensor {name!r} is stored as {spec.dtype} of shape {spec.shape}; "
                    f"the architecture needs {dtype} of shape {weight_shape}."
                )
    if missing:
        unexpected = sorted(set(layer_specs) - planned_names)
        raise ModelFileError(
            path, f"its tensors do not match the saved architecture and optimizer: missing "
            f"{sorted(missing)}, unexpected {unexpected or 'none'}."
        )


def _check_weight_specs(model, file: TensorFile) -> list[str]:
    """The model's weight names, after each stored tensor's dtype and shape are checked."""
    expected = weight_tensors(model)
    for name, weight in expected.items():
        spec = file.specs.get(name)
        if spec is None:
            continue  # reported with every other missing name by _check_tensor_names
        if spec.shape != weight.shape or spec.dtype != model.dtype:
            raise ModelFileError(
                file.path, f"tensor {name!r} is stored as {spec.dtype} of shape {spec.shape}; "
                f"the architecture needs {model.dtype} of shape {weight.shape}."
            )
    return list(expected)


def _compile_objects(document: dict, model, file: TensorFile):
    """(optimizer, loss, optimizer state names), built from the config and checked against
    the stored optimizer tensors; the optimizer is built on the model's weights."""
    path = file.path
    compile_config = document["compile"]
    if compile_config is None:
        return None, None, []
    optimizer = _from_config(path, "compile.optimizer",
                             lambda: OPTIMIZERS.get(compile_config["optimizer"]))
    loss = _from_config(path, "compile.loss", lambda: losses_module.get(compile_config["loss"]))
    for index, identifier in enumerate(compile_config["metrics"]):
        if not (isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc")):
            _from_config(path, f"compile.metrics[{index}]",
                         lambda identifier=identifier: metrics_module.get(identifier))
    training_state = document["training_state"]
    if training_state is None or not training_state["optimizer"]:
        return optimizer, loss, []
    # The optimizer decides which state it has; the file must hold exactly that.
    optimizer.build(model.trainable_weights)
    template = optimizer.get_state()
    for name, value in template.items():
        spec = file.specs.get(OPTIMIZER_PREFIX + name)
        value = np.asarray(value)
        if spec is not None and (spec.shape != value.shape or spec.dtype != value.dtype.name):
            raise ModelFileError(
                path, f"tensor {OPTIMIZER_PREFIX + name!r} is stored as {spec.dtype} of shape "
                f"{spec.shape}; {type(optimizer).__name__} needs {value.dtype.name} of shape "
                f"{value.shape}."
            )
    return optimizer, loss, [OPTIMIZER_PREFIX + name for name in template]


def _trained_weights(model) -> list[str]:
    """The weight of each parameter the optimizer moves, in its order, for messages:
    `"dense_1/kernel, layer 'dense_1'"`."""
    return [f"{layer.name}/{name}, layer {layer.name!r}" for layer in model.layers
            for name, weight in zip(layer.weight_names, layer.weights)
            if any(weight is trainable for trainable in layer.trainable_weights)]


def _check_callback_specs(document: dict, file: TensorFile) -> list[str]:
    """The names of the callbacks' tensors, after each stored one's dtype is checked."""
    names = callback_tensor_names(document.get("callbacks"))
    for name in names:
        spec = file.specs.get(name)
        if spec is not None and spec.dtype not in FLOAT_DTYPES:
            raise ModelFileError(file.path, f"tensor {name!r} is stored as {spec.dtype}; a "
                                            f"callback's arrays are {' or '.join(FLOAT_DTYPES)}.")
    return names


def _check_tensor_names(file: TensorFile, document: dict, expected: list[str]) -> None:
    stored = set(file.specs)
    missing = sorted(set(expected) - stored)
    unexpected = sorted(stored - set(expected))
    if missing or unexpected:
        raise ModelFileError(
            file.path, f"its tensors do not match the saved architecture and optimizer: missing "
            f"{missing or 'none'}, unexpected {unexpected or 'none'}."
        )
    if set(document["tensors"]) != stored:
        raise ModelFileError(file.path, "the document's list of tensor digests does not match the "
                                        "tensors stored in the file.")


def _read_checked(file: TensorFile, name: str, document: dict) -> np.ndarray:
    array = file.read(name)
    spec = file.specs[name]
    if array.shape != spec.shape or array.dtype.name != spec.dtype:
        raise ModelFileError(file.path, f"tensor {name!r} does not match its header.")
    if tensor_digest(array) != document["tensors"][name]:
        raise ModelFileError(file.path, f"tensor {name!r} does not match its SHA-256 digest: the "
                                        f"file is corrupted.")
    check_stored_values(file.path, name, array)
    if array.dtype.kind in "iu" and (array < 0).any():
        raise ModelFileError(file.path, f"tensor {name!r} holds a negative count.")
    return array
