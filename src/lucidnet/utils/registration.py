"""Registering a user's own classes under Keras's ``"package>name"``, so that model files,
``from_config`` and ``get`` find them by name.

A class is added to the registry of the concept it subclasses (a :class:`lucidnet.layers.Layer`
to the layers', an :class:`lucidnet.activations.Activation` to the activations', a
:class:`lucidnet.losses.Loss` to the losses', and so on), under ``"package>name"``, the name
its objects are then saved under.  A file can only name classes the running program has
registered: loading looks the name up and never imports or runs anything the file says.
"""

from __future__ import annotations

import inspect
import types

from .. import (activations, constraints, initializers, losses, metrics, regularizers)
from ..layers import LAYERS
from ..optimizers import OPTIMIZERS
from ..optimizers.schedules import SCHEDULES

#: The registries a class may join, found by the base class it subclasses.
_REGISTRIES = (LAYERS, activations.ACTIVATIONS, losses.LOSSES, metrics.METRICS, OPTIMIZERS,
               SCHEDULES, initializers.INITIALIZERS, regularizers.REGULARIZERS,
               constraints.CONSTRAINTS)
_registered: dict[str, type] = {}


def register_keras_serializable(package="Custom", name=None):
    """A class decorator registering the class as ``"package>name"`` (``name`` defaults to
    the class's name), as ``keras.saving.register_keras_serializable`` does.

    >>> from lucidnet import activations
    >>> @register_keras_serializable(package="demo")
    ... class Doubled(activations.Activation):
    ...     \"\"\"σ(z) = 2z;  σ'(z) = 2.\"\"\"
    ...     def forward(self, z):
    ...         return 2 * z
    ...     def derivative(self, z, a):
    ...         return 2 + 0 * z
    >>> activations.serialize(Doubled())
    {'class_name': 'demo>Doubled', 'config': {}}
    >>> type(activations.get("demo>Doubled")).__name__
    'Doubled'

    Only classes are registered, and only subclasses of a lucidnet base class that has a
    registry (a layer, activation, loss, metric, optimizer, schedule, initializer,
    regularizer or constraint): a plain function cannot be, since lucidnet needs a
    derivative and a config beside the formula.
    """
    for argument, value in (("package", package), ("name", name)):
        if value is not None and (not isinstance(value, str) or not value or ">" in value):
            raise ValueError(f"register_keras_serializable {argument} must be a non-empty "
                             f"string without '>', got {value!r}.")

    def decorator(cls):
        if not inspect.isclass(cls):
            raise TypeError(
                f"register_keras_serializable registers classes, got {cls!r:.80}. Hint: write "
                f"an activation as a subclass of lucidnet.activations.Activation with forward "
                f"and derivative.")
        if not hasattr(cls, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        registries = [registry for registry in _REGISTRIES if issubclass(cls, registry.base)]
        if not registries:
            bases = ", ".join(registry.base.__name__ for registry in _REGISTRIES)
            raise TypeError(f"register_keras_serializable cannot register {cls.__name__}: it "
                            f"subclasses none of {bases}.")
        registered_name = f"{package}>{name if name is not None else cls.__name__}"
        for registry in registries:
            registry.register(registered_name)(cls)
        _registered[registered_name] = cls
        return cls

    return decorator


def get_registered_name(obj) -> str:
    """The name ``obj`` (a class or an instance) is saved under, as Keras's function of that
    name: ``"package>name"`` for a class registered here, else its class's name."""
    cls = obj if inspect.isclass(obj) else type(obj)
    for registered_name, registered in _registered.items():
        if registered is cls:
            return registered_name
    return cls.__name__


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The class registered as ``name`` (``"package>name"``), or None, as Keras's function of
    that name; ``custom_objects`` and ``module_objects`` are looked in first when given."""
    for mapping in (custom_objects, module_objects):
        if mapping and name in mapping:
            return mapping[name]
    return _registered.get(name)


def get_custom_objects():
    """The classes registered with :func:`register_keras_serializable`, ``{"package>name":
    class}``: a read-only view, since registering goes through the decorator (Keras's is a
    dict to write into, which lucidnet's registries would not see)."""
    return types.MappingProxyType(_registered)
