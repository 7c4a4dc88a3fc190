"""Keras 3's dict form of an object, `{"module", "class_name", "config", "registered_name"}`:
[`serialize_keras_object`][lucidnet.utils.serialize_keras_object] writes it for lucidnet's
registered objects, and [`deserialize_keras_object`][lucidnet.utils.deserialize_keras_object]
builds the object back from it.

The contract.  A dict is resolved through lucidnet's registries only: its `class_name` (or
its `registered_name`, `"package>name"`, for a class registered with
[`register_keras_serializable`][lucidnet.utils.register_keras_serializable] or lent by
[`custom_object_scope`][lucidnet.utils.CustomObjectScope]) is looked up by name, and its `module`
says at most which registry to look in; no module named in a dict is ever imported, so a config
from a file cannot run code.  A name no registry holds raises a `ValueError` naming it.

Keras's own dicts are read where lucidnet's class takes the config Keras writes (the
regularizers, the norm constraints, the constant initializers, Keras's
`{"class_name": "function", "config": "relu"}` form of an activation, lucidnet's own
configs); a config key lucidnet's class does not take is refused, naming the class.
"""

from __future__ import annotations

import numpy as np

from .. import activations, constraints, initializers, losses, metrics, regularizers
from ..layers import LAYERS
from ..optimizers import OPTIMIZERS
from ..optimizers.schedules import SCHEDULES
from ..registry import snake_case, unknown_name
from ..validation import boolean
from .registration import (custom_objects_argument, get_custom_objects, get_registered_object,
                           scoped_name)

#: (the word of a module path, its registry, Keras's public module of that kind); the
#: schedules before the optimizers, whose module path theirs extends.
_GROUPS = (
    ("schedules", SCHEDULES, "keras.optimizers.schedules"),
    ("layers", LAYERS, "keras.layers"),
    ("activations", activations.ACTIVATIONS, "keras.activations"),
    ("losses", losses.LOSSES, "keras.losses"),
    ("metrics", metrics.METRICS, "keras.metrics"),
    ("optimizers", OPTIMIZERS, "keras.optimizers"),
    ("initializers", initializers.INITIALIZERS, "keras.initializers"),
    ("regularizers", regularizers.REGULARIZERS, "keras.regularizers"),
    ("constraints", constraints.CONSTRAINTS, "keras.constraints"),
)
#: Keras's ``class_name`` and ``registered_name`` of a function.
_FUNCTION = "function"


def serialize_keras_object(obj):
    """`obj` in Keras 3's dict form, as `keras.saving.serialize_keras_object`.

    A registered lucidnet object (layer, activation, loss, metric, optimizer, schedule,
    initializer, regularizer, constraint) gives `{"module": "keras.<kind>", "class_name":
    <its registered name>, "config": obj.get_config(), "registered_name": None}`; one of a
    class registered as `"package>name"` (or lent by a scope) gives its own module and
    class name, and that name as `registered_name`, as Keras writes them.  One of
    [`lucidnet.activations`][lucidnet.activations]' functions gives Keras's form of a function.
    `None`, numbers and strings are returned as they are, lists and dicts entry by entry.

    Examples
    --------
    >>> from lucidnet import regularizers
    >>> serialize_keras_object(regularizers.L2(0.01))
    {'module': 'keras.regularizers', 'class_name': 'l2', 'config': {'l2': 0.01}, 'registered_name': None}
    >>> serialize_keras_object(activations.relu)["config"]
    'relu'
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(item) for item in obj]
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if any(function is obj for function in activations.FUNCTIONS):
        return {"module": "builtins", "class_name": _FUNCTION, "config": obj.__name__,
                "registered_name": _FUNCTION}
    for _, registry, module in _GROUPS:
        if isinstance(obj, registry.base):
            cls = type(obj)
            custom = next((name for name, registered in get_custom_objects().items()
                           if registered is cls), None) or scoped_name(cls)
            if custom is not None:
                return {"module": cls.__module__, "class_name": cls.__name__,
                        "config": obj.get_config(), "registered_name": custom}
            name = getattr(obj, "registry_name", None)
            if not (isinstance(name, str) and name in registry and registry.lookup(name) is cls):
                raise ValueError(
                    f"serialize_keras_object cannot serialize {cls.__name__}: it is not "
                    f"registered, so no name would bring it back. Register it with "
                    f"@lucidnet.utils.register_keras_serializable(package=...).")
            return {"module": module, "class_name": name, "config": obj.get_config(),
                    "registered_name": None}
    raise TypeError(
        f"serialize_keras_object serializes lucidnet's layers, activations, losses, metrics, "
        f"optimizers, schedules, initializers, regularizers and constraints, got "
        f"{obj!r:.80} of type {type(obj).__name__}.")


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """The object `config` describes, in Keras 3's dict form (as
    [`serialize_keras_object`][lucidnet.utils.serialize_keras_object] writes it, or Keras's of the
    same object where lucidnet's class takes Keras's config), as
    `keras.saving.deserialize_keras_object`.

    `custom_objects` (`{name: class}`) is searched first, as under a
    [`custom_object_scope`][lucidnet.utils.CustomObjectScope] for the call, then the open scopes,
    then the registered names.  A plain string is looked up there and gives the class; lists
    give lists, and `None` and numbers themselves.  `safe_mode` is accepted for Keras's
    signature: lucidnet never runs code from a config, so there is nothing unsafe to allow.

    Examples
    --------
    >>> from lucidnet import regularizers
    >>> deserialize_keras_object({"module": "keras.regularizers", "class_name": "L2",
    ...                           "config": {"l2": 0.01}, "registered_name": None})
    L2(l2=0.01)
    >>> deserialize_keras_object({"module": "keras.layers", "class_name": "Conv2D", "config": {}})
    Traceback (most recent call last):
        ...
    ValueError: deserialize_keras_object: Unknown layer 'Conv2D'. Valid names: ...
    """
    if kwargs:
        raise TypeError(f"deserialize_keras_object takes config, custom_objects and safe_mode, "
                        f"got {', '.join(sorted(kwargs))}.")
    boolean("deserialize_keras_object safe_mode", safe_mode)
    with custom_objects_argument("deserialize_keras_object", custom_objects):
        return _deserialize(config)


def _deserialize(value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_deserialize(item) for item in value]
    if isinstance(value, str):
        cls = get_registered_object(value)
        if cls is None:
            raise ValueError(
                f"deserialize_keras_object: {value!r} is neither a custom object nor a "
                f"registered 'package>name'. Pass the dict form serialize_keras_object writes.")
        return cls
    if not isinstance(value, dict):
        raise TypeError(f"deserialize_keras_object expects a dict with 'class_name' and "
                        f"'config', got {type(value).__name__} {value!r:.60}.")
    class_name = value.get("class_name")
    if not isinstance(class_name, str):
        raise ValueError(f"deserialize_keras_object expects a dict with a string 'class_name', "
                         f"got keys {sorted(value)}.")
    config = value.get("config", {})
    if class_name == _FUNCTION:
        return _function(value)
    registered = value.get("registered_name")
    for name in (registered, class_name):
        cls = get_registered_object(name) if isinstance(name, str) else None
        if cls is not None:
            return _built(cls, config, name)
    if isinstance(registered, str) and registered != class_name:
        raise ValueError(
            f"deserialize_keras_object: unknown object {registered!r} (class {class_name!r} of "
            f"module {value.get('module')!r}). Register the class with "
            f"@lucidnet.utils.register_keras_serializable or pass it in custom_objects; no "
            f"module a config names is imported.")
    registry = _registry(value.get("module"), class_name)
    name = class_name if class_name in registry else snake_case(class_name)
    if name not in registry:
        raise ValueError(f"deserialize_keras_object: "
                         f"{unknown_name(registry.kind, class_name, registry.names())}")
    return _built(registry.lookup(name), config, class_name)


def _registry(module, class_name: str):
    """The registry `module` names (by a word of its path), else the one holding
    `class_name` when exactly one does."""
    if isinstance(module, str):
        words = module.split(".")
        for word, registry, _ in _GROUPS:
            if word in words:
                return registry
    holders = [registry for _, registry, _ in _GROUPS
               if class_name in registry or snake_case(class_name) in registry]
    if len(holders) == 1:
        return holders[0]
    kinds = ", ".join(registry.kind for registry in holders) or "none"
    raise ValueError(f"deserialize_keras_object: {class_name!r} with module {module!r} names "
                     f"no single kind of object (registries holding it: {kinds}); give the "
                     f"'module' serialize_keras_object writes, such as 'keras.losses'.")


def _function(value):
    """One of lucidnet.activations' functions, from Keras's dict form of a function."""
    name = value.get("config")
    function = next((function for function in activations.FUNCTIONS
                     if function.__name__ == name), None)
    if function is None:
        valid = sorted(function.__name__ for function in activations.FUNCTIONS)
        unknown = unknown_name("activation function", name, valid)
        raise ValueError(f"deserialize_keras_object: {unknown} A custom function cannot be "
                         f"read: lucidnet needs a registered class with its derivative.")
    return function


def _built(cls, config, name: str):
    if not isinstance(config, dict):
        raise ValueError(f"deserialize_keras_object: the config of {name!r} must be a dict, got "
                         f"{type(config).__name__} {config!r:.60}.")
    try:
        return cls.from_config(config)
    except (TypeError, ValueError) as error:
        raise type(error)(f"deserialize_keras_object: {name!r} ({cls.__name__}) cannot be built "
                          f"from its config: {error}") from None


__all__ = ["serialize_keras_object", "deserialize_keras_object"]
