"""Reading a Keras 3 `.keras` file: `load_keras`, which imports a Sequential model.

A `.keras` file is a zip archive holding `config.json` (the architecture and the compile
config, as JSON), `metadata.json` and `model.weights.h5`, an HDF5 file in which the
variables of the n-th layer whose class is `Dense` (counted from 0, the input excluded)
are the datasets `layers/dense_<n>/vars/0, 1, ...` (`layers/dense` for n = 0), in the
order the layer created them.  That is lucidnet's order of `layer.weights` for every layer
read here: W then b for Dense; γ, β, then the moving mean and variance for
BatchNormalization; mean, variance and count for Normalization.

Reading runs no code: the config is parsed with `json`, and every class name and
config key is mapped to lucidnet's by the tables below; anything else (a `Conv2D`, a
`Lambda`, a custom object, a functional model, a key with a value lucidnet does not
implement) is refused with an error naming the layer and the key.  Sizes are checked before
anything is read or allocated: each archive member's uncompressed size against
`MAX_MEMBER_BYTES`, and each HDF5 dataset's shape against the shape the architecture
gives that weight, so that a forged file cannot make loading read or allocate more than the
archive's own bytes.  Every failure is a `ModelFileError`.

The weights are read with `h5py`, the optional `keras` extra
(`pip install "lucidnet[keras]"`).
"""

from __future__ import annotations

import inspect
import io
import json
import os
import stat
import zipfile

import numpy as np

from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import regularizers as regularizers_module
from ..errors import ModelFileError, warn_user
from ..io import check_stored_values
from ..layers import LAYERS, Input
from ..optimizers import OPTIMIZERS
from ..registry import MODELS, snake_case

#: The first bytes of a zip archive (a ``.keras`` file) and of an HDF5 file (Keras 2's ``.h5``).
ZIP_SIGNATURE = b"PK\x03\x04"
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
#: No archive member is read whose uncompressed size is larger than this.
MAX_MEMBER_BYTES = 1 << 30
#: The largest ``config.json`` read (a Sequential's config is a few KB per layer).
MAX_CONFIG_BYTES = 16 << 20
#: The generator of an imported model is seeded with this, as a loaded lucidnet model's is.
LOADED_MODEL_SEED = 0

#: Keras config keys that describe how Keras stores or builds a layer, not what it computes.
_IGNORED = frozenset({"name", "trainable", "dtype", "build_config", "kernel_initializer",
                      "bias_initializer", "beta_initializer", "gamma_initializer",
                      "moving_mean_initializer", "moving_variance_initializer",
                      "alpha_initializer", "seed", "renorm_momentum"})
#: Keras config keys lucidnet has no counterpart for, and the one value each may take.
_ONLY = {
    "quantization_config": None, "lora_rank": None, "lora_alpha": None, "noise_shape": None,
    "renorm": False, "renorm_clipping": None, "data_format": "channels_last",
    "kernel_constraint": None, "bias_constraint": None, "beta_constraint": None,
    "gamma_constraint": None, "alpha_constraint": None,
}
#: Keras class name -> (lucidnet class name, the Keras keys passed on as arguments).
#: Every other key must be in _IGNORED, or hold its _ONLY value.
LAYER_KEYS = {
    "Dense": ("Dense", ("units", "activation", "use_bias", "kernel_regularizer",
                        "bias_regularizer")),
    "Dropout": ("Dropout", ("rate",)),
    "Flatten": ("Flatten", ()),
    "Activation": ("Activation", ("activation",)),
    "ReLU": ("ReLU", ("max_value", "negative_slope", "threshold")),
    "LeakyReLU": ("LeakyReLU", ("negative_slope",)),
    "ELU": ("ELU", ("alpha",)),
    "Softmax": ("Softmax", ("axis",)),
    "PReLU": ("PReLU", ("alpha_regularizer", "shared_axes")),
    "GaussianNoise": ("GaussianNoise", ("stddev",)),
    "BatchNormalization": ("BatchNormalization", ("axis", "momentum", "epsilon", "center",
                                                  "scale", "beta_regularizer",
                                                  "gamma_regularizer", "synchronized")),
    "LayerNormalization": ("LayerNormalization", ("axis", "epsilon", "center", "scale",
                                                  "rms_scaling", "beta_regularizer",
                                                  "gamma_regularizer")),
    "Normalization": ("Normalization", ("axis", "invert", "mean", "variance")),
}
#: Keys whose value is a serialized Keras object, and the lucidnet registry that reads it.
_OBJECT_KEYS = {key: regularizers_module.REGULARIZERS for key in
                ("kernel_regularizer", "bias_regularizer", "beta_regularizer",
                 "gamma_regularizer", "alpha_regularizer")}
#: Keras optimizer config keys lucidnet's optimizers have no counterpart for, with the value
#: that makes each irrelevant; ``name`` is the optimizer's Keras name.
_OPTIMIZER_NEUTRAL = {"use_ema": False, "loss_scale_factor": None,
                      "gradient_accumulation_steps": None}
_LOSS_NEUTRAL = {"ignore_class": None, "axis": -1, "label_smoothing": 0.0}
_OPTIMIZER_IGNORED = frozenset({"name", "ema_momentum", "ema_overwrite_frequency"})


#: File names that say "Keras" (``model.keras``, ``model.h5``, ``model.weights.h5``).
KERAS_EXTENSIONS = (".keras", ".h5", ".hdf5")


def warn_keras_extension(path, reader: str) -> None:
    """Warn, when `path` is named like a Keras file, that lucidnet writes its own format
    there, and say what reads it back (`reader`, such as `"lucidnet.load_model(path)"`)."""
    path = os.fspath(path)
    if path.lower().endswith(KERAS_EXTENSIONS):
        warn_user(
            f"{path!r} is written in lucidnet's format (a safetensors file), not Keras's, "
            f"whatever its extension: Keras cannot read it, and {reader} reads it back. Name "
            f"it '*.lucid' to say so and silence this warning.", UserWarning)


def is_keras_file(path) -> bool:
    """Whether `path` starts like a Keras file (a zip archive, or Keras 2's HDF5)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # opening a FIFO would block
            return False
        with open(path, "rb") as file:
            start = file.read(len(HDF5_SIGNATURE))
    except OSError:  # let the caller's own reader report it (a missing file, ...)
        return False
    return start.startswith(ZIP_SIGNATURE) or start == HDF5_SIGNATURE


def load_keras(path, compile: bool = True):
    """The Sequential model saved by Keras 3 at `path` (`model.save("m.keras")`).

    Dense, Dropout, Flatten, Activation, the activation layers (ReLU, LeakyReLU, ELU,
    Softmax, PReLU), GaussianNoise, BatchNormalization, LayerNormalization and Normalization
    are read, with the layers' Keras names; the model predicts as the Keras one does, and
    can be inspected (`trace()`) and trained further.  With `compile` (the default),
    when the file's compile config names an optimizer, a loss and metrics that lucidnet has,
    the model is compiled with them, with a fresh optimizer state (the Keras optimizer's
    slots are not read); otherwise it comes back uncompiled, with a `UserWarning` saying
    why, and `model.compile(...)` is up to the caller.  Initializers are not read (the
    weights are loaded).

    Raises `ModelFileError` naming the file, the layer and the key
    that cannot be read, and `ImportError` when `h5py` is missing.
    """
    path = os.fspath(path)
    with open(path, "rb") as file:
        if file.read(len(HDF5_SIGNATURE)) == HDF5_SIGNATURE:
            raise ModelFileError(
                path, "it is a Keras 2 HDF5 (.h5) model, which lucidnet does not read. Open it "
                "in Keras and save it as a Keras 3 file: model.save(\"model.keras\").")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelFileError(path, f"it is not a readable .keras archive ({error}).") from None
    with archive:
        config = _parse_config(path, _read_member(path, archive, "config.json", MAX_CONFIG_BYTES))
        weights = _read_member(path, archive, "model.weights.h5", MAX_MEMBER_BYTES,
                               hint=_sharded_hint(archive))
    model_config = _sequential_config(path, config)
    dtype = _dtype(path, "the model", model_config.get("dtype", "float32"))
    input_shape, entries = _input_and_layers(path, model_config)
    layers = [_layer(path, index, entry) for index, entry in entries]
    arrays = _read_weights(path, weights, input_shape, layers,
                           [entry["class_name"] for _, entry in entries], dtype)
    model = _built(path, "the model", lambda: MODELS.lookup("Sequential")(
        [Input(input_shape), *layers], name=model_config.get("name"), dtype=dtype,
        seed=LOADED_MODEL_SEED))
    model.set_weights(arrays)
    if compile and config.get("compile_config") is not None:
        _compile(path, model, config["compile_config"])
    return model


# -- the archive -------------------------------------------------------------------------------
def _read_member(path: str, archive: zipfile.ZipFile, name: str, limit: int,
                 hint: str = "") -> bytes:
    """The bytes of `name`, after its declared size is checked against `limit`; never
    more than `limit` bytes are decompressed, whatever the header says."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ModelFileError(path, f"the archive has no {name!r}, so it is not a Keras 3 "
                                   f".keras file.{hint}") from None
    if info.file_size > limit:
        raise ModelFileError(
            path, f"its {name!r} would uncompress to {info.file_size:,} bytes, more than the "
            f"{limit:,} lucidnet reads (stored as {info.compress_size:,} bytes: a zip bomb, "
            f"or a model too large for lucidnet).")
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise ModelFileError(path, f"its {name!r} cannot be read ({error}).") from None
    if len(data) > limit:
        raise ModelFileError(path, f"its {name!r} uncompresses to more than the {limit:,} bytes "
                                   f"its header declares.")
    return data


def _sharded_hint(archive: zipfile.ZipFile) -> str:
    if "model.weights.json" in archive.namelist():
        return " Its weights are sharded, which lucidnet does not read: save it unsharded."
    return ""


def _parse_config(path: str, data: bytes) -> dict:
    try:
        config = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise ModelFileError(path, f"its config.json is not valid JSON ({error}).") from None
    if not isinstance(config, dict):
        raise ModelFileError(path, "its config.json does not hold a model config.")
    return config


def _sequential_config(path: str, config: dict) -> dict:
    class_name = config.get("class_name")
    if class_name != "Sequential":
        raise ModelFileError(
            path, f"it holds a Keras {class_name!r} model, and lucidnet reads Sequential "
            f"models only (a functional model, with branches or several inputs, has no "
            f"lucidnet counterpart).")
    model_config = config.get("config")
    if not isinstance(model_config, dict) or not isinstance(model_config.get("layers"), list):
        raise ModelFileError(path, "its Sequential config has no list of layers.")
    return model_config


def _dtype(path: str, where: str, policy) -> str:
    """The float type of a Keras dtype policy (`"float32"` or a DTypePolicy dict)."""
    if isinstance(policy, dict):
        policy = (policy.get("config") or {}).get("name")
    if policy not in ("float32", "float64"):
        raise ModelFileError(path, f"{where} has dtype policy {policy!r}; lucidnet computes in "
                                   f"float32 or float64 only.")
    return policy


def _input_and_layers(path: str, model_config: dict):
    """(the per-example input shape, [(index, layer entry)] after the InputLayer)."""
    entries = list(enumerate(model_config["layers"]))
    for index, entry in entries:
        if not (isinstance(entry, dict) and isinstance(entry.get("config"), dict)
                and isinstance(entry.get("class_name"), str)):
            raise ModelFileError(path, f"layers[{index}] is not a Keras layer config.")
    if entries and entries[0][1]["class_name"] == "InputLayer":
        layer_config = entries.pop(0)[1]["config"]
        batch_shape = layer_config.get("batch_shape", layer_config.get("batch_input_shape"))
        for key in ("sparse", "ragged", "optional"):
            if layer_config.get(key):
                raise ModelFileError(path, f"layers[0] (InputLayer): {key}=True is not supported.")
    else:
        batch_shape = model_config.get("build_input_shape")
    if not (isinstance(batch_shape, list) and len(batch_shape) >= 2
            and all(isinstance(d, int) and not isinstance(d, bool) and d > 0
                    for d in batch_shape[1:])):
        raise ModelFileError(path, f"its input shape {batch_shape!r} is not a batch shape "
                                   f"with known, positive sizes, such as [null, 4].")
    return tuple(batch_shape[1:]), entries


# -- the layers --------------------------------------------------------------------------------
def _layer(path: str, index: int, entry: dict):
    """The lucidnet layer for one Keras layer entry, every key of its config accounted for."""
    class_name, keras_config = entry["class_name"], entry["config"]
    where = f"layers[{index}] ({class_name} {keras_config.get('name')!r})"
    if class_name not in LAYER_KEYS or entry.get("registered_name") not in (None, class_name):
        raise ModelFileError(
            path, f"{where}: the Keras layer {entry.get('registered_name') or class_name!r} has "
            f"no lucidnet counterpart that can be read from a file. lucidnet reads "
            f"{', '.join(sorted(LAYER_KEYS))}.")
    lucid_name, passed = LAYER_KEYS[class_name]
    arguments = {}
    for key, value in keras_config.items():
        if key in passed:
            arguments[key] = _argument(path, where, key, value)
        elif key in _ONLY:
            if value != _ONLY[key]:
                raise ModelFileError(path, f"{where}: {key}={value!r} is not supported (lucidnet "
                                           f"reads only {key}={_ONLY[key]!r}).")
        elif key not in _IGNORED:
            raise ModelFileError(path, f"{where}: the config key {key!r} (= {value!r:.60}) has "
                                       f"no lucidnet counterpart.")
    _dtype(path, where, keras_config.get("dtype", "float32"))
    name = keras_config.get("name")
    trainable = keras_config.get("trainable", True)
    return _built(path, where, lambda: LAYERS.lookup(lucid_name)(
        **arguments, name=name, trainable=trainable))


def _argument(path: str, where: str, key: str, value):
    """A Keras config value as lucidnet's constructor takes it."""
    if key == "activation" and not isinstance(value, str):
        raise ModelFileError(path, f"{where}: activation {value!r:.80} is not one of Keras's "
                                   f"named activations; a custom activation cannot be read.")
    if key in _OBJECT_KEYS and value is not None:
        if not (isinstance(value, dict) and isinstance(value.get("class_name"), str)):
            raise ModelFileError(path, f"{where}: {key} {value!r:.80} is not a Keras object.")
        registry = _OBJECT_KEYS[key]
        return _built(path, f"{where} {key}", lambda: registry.get(
            {"class_name": value["class_name"], "config": value.get("config") or {}}))
    return value


def _built(path: str, where: str, build):
    """`build()`, with any failure reported as a `ModelFileError` about `where`
    (values from a file can make a constructor fail in any way)."""
    try:
        return build()
    except Exception as error:  # noqa: BLE001 (see the docstring)
        raise ModelFileError(path, f"{where} cannot be built from its config ({error}).") from None


# -- the weights -------------------------------------------------------------------------------
def _h5py():
    try:
        import h5py
    except ImportError:
        raise ImportError('Reading a Keras .keras file needs h5py, the "keras" extra: '
                          'pip install "lucidnet[keras]".') from None
    return h5py


def keras_weight_groups(class_names) -> list[str]:
    """The HDF5 group of each layer's variables, named as Keras names them (not by the
    layer's name): the snake-case class name, with `_1`, `_2`, ... for the second,
    third, ... layer of that class.
    """
    counts, groups = {}, []
    for class_name in class_names:
        base = snake_case(class_name)
        counts[base] = counts.get(base, -1) + 1
        groups.append(f"layers/{base}" + (f"_{counts[base]}" if counts[base] else ""))
    return groups


def _read_weights(path: str, data: bytes, input_shape: tuple, layers, class_names,
                  dtype: str) -> list:
    """Every layer's arrays, in the model's order, each dataset's shape checked against the
    architecture before it is read."""
    h5py = _h5py()
    plans, shape = [], (None, *input_shape)
    for layer in layers:
        where = layer.describe()
        planned = _built(path, where, lambda: layer.weight_shapes(shape, dtype)) or {}
        shape = _built(path, where, lambda: layer.compute_output_shape(shape))
        plans.append((layer, where, planned))
    arrays = []
    try:
        file = h5py.File(io.BytesIO(data), "r")
    except OSError as error:
        raise ModelFileError(path, f"its model.weights.h5 is not an HDF5 file ({error}).") from None
    with file:
        for group_name, (layer, where, planned) in zip(keras_weight_groups(class_names), plans):
            group = file.get(f"{group_name}/vars")
            if group is None and group_name.startswith("layers/"):  # Keras 3.0's spelling
                group = file.get(f"_layer_checkpoint_dependencies/{group_name[7:]}/vars")
            stored = sorted(group.keys()) if isinstance(group, h5py.Group) else []
            expected = [str(k) for k in range(len(planned))]
            if sorted(stored) != sorted(expected):
                raise ModelFileError(
                    path, f"{where}: model.weights.h5 holds the variables {stored} under "
                    f"{group_name!r}; the layer needs {expected} ({', '.join(planned)}).")
            for key, (weight_name, weight_shape) in zip(expected, planned.items()):
                dataset = group[key]
                if not isinstance(dataset, h5py.Dataset) or dataset.shape != weight_shape \
                        or dataset.dtype.kind not in "fiu":  # Normalization's count is int32
                    found = (f"{dataset.dtype} of shape {dataset.shape}"
                             if isinstance(dataset, h5py.Dataset) else "a group")
                    raise ModelFileError(
                        path, f"{where}: {group_name}/vars/{key} ({weight_name}) is {found}; "
                        f"the architecture needs numbers of shape {weight_shape}.")
                array = np.asarray(dataset[()], dtype=dtype)
                check_stored_values(path, f"{group_name}/vars/{key}", array)
                if weight_name == "count" and type(layer).__name__ == "Normalization":
                    # Keras 3 keeps count at 0 ("for older saved models") and normalizes with
                    # the stored statistics whatever it is; lucidnet reads 0 as "not adapted".
                    array = np.maximum(array, 1).astype(dtype)
                arrays.append(array)
    return arrays


# -- compiling ---------------------------------------------------------------------------------
def _compile(path: str, model, compile_config: dict) -> None:
    """Compile `model` as the Keras file's compile config says, or warn why it is not."""
    try:
        optimizer = _optimizer(compile_config.get("optimizer"))
        loss = _loss(compile_config.get("loss"))
        metrics = compile_config.get("metrics") or []
        if compile_config.get("loss_weights") is not None or compile_config.get(
                "weighted_metrics"):
            raise ValueError("loss_weights and weighted_metrics are not supported")
        if not isinstance(metrics, list):
            raise ValueError(f"metrics {metrics!r:.60} are not a list")
        metrics = [_metric(metric) for metric in metrics]
        model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    except Exception as error:  # noqa: BLE001 (any failure leaves the model uncompiled)
        warn_user(f"{path!r} was loaded uncompiled: its Keras compile config cannot be "
                  f"followed ({error}). Call model.compile(...) before fit.", UserWarning)


def _keras_object(value, kind: str) -> tuple[str, dict]:
    if not (isinstance(value, dict) and isinstance(value.get("class_name"), str)
            and isinstance(value.get("config", {}), dict)):
        raise ValueError(f"the {kind} {value!r:.60} is not a Keras {kind}")
    return value["class_name"], value.get("config") or {}


def _optimizer(value):
    class_name, config = _keras_object(value, "optimizer")
    cls = OPTIMIZERS.lookup(class_name)
    accepted = _parameters(cls)
    arguments = {}
    for key, item in config.items():
        if key in _OPTIMIZER_NEUTRAL:
            if item != _OPTIMIZER_NEUTRAL[key]:
                raise ValueError(f"the optimizer's {key}={item!r} has no lucidnet counterpart")
        elif key in accepted and key != "name":
            arguments[key] = item
        elif key not in _OPTIMIZER_IGNORED:
            raise ValueError(f"the optimizer's {key!r} has no lucidnet counterpart")
    if isinstance(arguments.get("learning_rate"), (int, float)):
        # Keras stores the float32 nearest the rate (0.0010000000474974513 for 1e-3): take
        # the shortest decimal that float32 rounds to it, the rate the user wrote.
        arguments["learning_rate"] = float(
            np.format_float_positional(np.float32(arguments["learning_rate"])))
    return cls(**arguments)


def _parameters(cls) -> set[str]:
    names = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            names |= set(inspect.signature(klass.__init__).parameters) - {"self", "kwargs"}
    return names


def _loss(value):
    if isinstance(value, str):
        return losses_module.get(value)
    class_name, config = _keras_object(value, "loss")
    cls = losses_module.LOSSES.lookup(snake_case(class_name))
    accepted = _parameters(cls)
    arguments = {key: item for key, item in config.items() if key in accepted}
    if config.get("reduction", "sum_over_batch_size") in ("none", None):
        raise ValueError("the loss's reduction 'none' gives no single loss to train on")
    for key in sorted(set(config) - accepted - {"name", "reduction", "dtype"}):
        if key not in _LOSS_NEUTRAL or config[key] != _LOSS_NEUTRAL[key]:
            raise ValueError(f"the loss's {key}={config[key]!r} has no lucidnet counterpart")
    return cls(**arguments)


def _metric(value):
    if isinstance(value, str):
        if value.lower() not in ("accuracy", "acc"):  # compile resolves these by the loss
            metrics_module.get(value)
        return value
    class_name, config = _keras_object(value, "metric")
    cls = metrics_module.METRICS.lookup(class_name)
    accepted = _parameters(cls)
    return cls(**{key: item for key, item in config.items() if key in accepted})
