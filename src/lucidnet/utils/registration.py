"""Registering a user's own classes under Keras's `"package>name"`, so that model files,
`from_config` and `get` find them by name; or lending them for a block, by
[`custom_object_scope`][lucidnet.utils.CustomObjectScope], under the names a file gives them.

A class is added to the registry of the concept it subclasses (a
[`lucidnet.layers.Layer`][lucidnet.layers.Layer] to the layers', an
[`lucidnet.activations.Activation`][lucidnet.activations.Activation] to the activations', a
[`lucidnet.losses.Loss`][lucidnet.losses.Loss] to the losses', and so on), under `"package>name"`,
the name its objects are then saved under.  A file can only name classes the running program has
registered or scoped: loading looks the name up and never imports or runs anything the file says.
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
#: The custom objects of the open scopes, innermost last (for :func:`get_registered_object`).
_scopes: list[dict[str, type]] = []


def _registries_of(cls, call: str, verb: str) -> list:
    """The registries `cls` may join, by the base classes it subclasses, or a `TypeError`
    saying what `call` (which `verb`s classes: "registers", "lends") cannot take."""
    if not inspect.isclass(cls):
        raise TypeError(
            f"{call} {verb} classes, got {cls!r:.80}. Hint: write an activation as a subclass "
            f"of lucidnet.activations.Activation with forward and derivative, a loss as one of "
            f"lucidnet.losses.Loss with per_sample and gradient.")
    registries = [registry for registry in _REGISTRIES if issubclass(cls, registry.base)]
    if not registries:
        bases = ", ".join(registry.base.__name__ for registry in _REGISTRIES)
        raise TypeError(f"{call} cannot {verb[:-1]} {cls.__name__}: it subclasses none of "
                        f"{bases}.")
    return registries


def register_keras_serializable(package="Custom", name=None):
    """A class decorator registering the class as `"package>name"` (`name` defaults to
    the class's name), as `keras.saving.register_keras_serializable` does.

    Examples
    --------
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
        if inspect.isclass(cls) and not hasattr(cls, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        registries = _registries_of(cls, "register_keras_serializable", "registers")
        registered_name = f"{package}>{name if name is not None else cls.__name__}"
        for registry in registries:
            registry.register(registered_name)(cls)
        _registered[registered_name] = cls
        return cls

    return decorator


def get_registered_name(obj) -> str:
    """The name `obj` (a class or an instance) is saved under, as Keras's function of that
    name: `"package>name"` for a class registered here, else its class's name."""
    cls = obj if inspect.isclass(obj) else type(obj)
    for registered_name, registered in _registered.items():
        if registered is cls:
            return registered_name
    return cls.__name__


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The class lent or registered as `name`, or None, as Keras's function of that name,
    which looks in the same order: the open
    [`custom_object_scope`][lucidnet.utils.CustomObjectScope] blocks (innermost first), the
    classes registered as `"package>name"`, then `custom_objects` and `module_objects` when given.
    """
    for mapping in (*reversed(_scopes), _registered, custom_objects, module_objects):
        if mapping and name in mapping:
            return mapping[name]
    return None


def scoped_name(cls) -> str | None:
    """The name the innermost open [`custom_object_scope`][lucidnet.utils.CustomObjectScope] lends
    `cls` under, or None."""
    for scope in reversed(_scopes):
        for name, lent in scope.items():
            if lent is cls:
                return name
    return None


def get_custom_objects():
    """The classes registered with
    [`register_keras_serializable`][lucidnet.utils.register_keras_serializable], `{"package>name":
    class}`: a read-only view, since registering goes through the decorator (Keras's is a dict to
    write into, which lucidnet's registries would not see).
    """
    return types.MappingProxyType(_registered)


class CustomObjectScope:
    """A `with` block in which loading finds the given classes by the names given, as
    `keras.utils.custom_object_scope` (`CustomObjectScope`) makes Keras find them:
    `load_model`, `model_from_json`, `from_config`, `clone_model`,
    [`deserialize_keras_object`][lucidnet.utils.deserialize_keras_object] and every `get()`
    (activations, losses, metrics, layers, optimizers, ...).

    Each argument is a dict `{name: class}` (Keras 3's one argument) or a class, which is
    found by its `__name__`; later ones win over earlier ones, an inner block over an
    outer one, and any of them over a registered class of the same name.  The names are
    forgotten when the block ends, by an exception too.  A class is lent to the registries
    of the base classes it subclasses, as
    [`register_keras_serializable`][lucidnet.utils.register_keras_serializable] registers it; a
    plain function cannot be, since lucidnet needs a derivative and a config beside the formula.
    Scopes are process-wide: a block opened in one thread is seen by the others.

    Examples
    --------
    >>> from lucidnet import activations
    >>> class Tripled(activations.Activation):
    ...     \"\"\"σ(z) = 3z;  σ'(z) = 3.\"\"\"
    ...     def forward(self, z):
    ...         return 3 * z
    ...     def derivative(self, z, a):
    ...         return 3 + 0 * z
    >>> with custom_object_scope({"tripled": Tripled}):
    ...     type(activations.get("tripled")).__name__
    'Tripled'
    >>> "tripled" in activations.names()
    False
    """

    def __init__(self, *custom_objects):
        self.custom_objects: dict[str, type] = {}
        for entry in custom_objects:
            pairs = (entry.items() if isinstance(entry, dict) else
                     [(getattr(entry, "__name__", None), entry)] if entry is not None else [])
            for name, obj in pairs:
                if not isinstance(name, str) or not name:
                    raise ValueError(f"custom_object_scope names must be non-empty strings, got "
                                     f"{name!r} for {obj!r:.60}.")
                _registries_of(obj, f"custom_object_scope ({name!r})", "lends")
                self.custom_objects[name] = obj
        self._open: list[list] = []

    def __enter__(self):
        opened = []
        try:
            for registry in _REGISTRIES:
                mine = {name: cls for name, cls in self.custom_objects.items()
                        if issubclass(cls, registry.base)}
                if mine:
                    opened.append((registry, registry.push_scope(mine)))
        except BaseException:
            for registry, scope in opened:
                registry.pop_scope(scope)
            raise
        _scopes.append(self.custom_objects)
        self._open.append(opened)
        return self

    def __exit__(self, *exception) -> bool:
        for registry, scope in self._open.pop():
            registry.pop_scope(scope)
        for index in range(len(_scopes) - 1, -1, -1):
            if _scopes[index] is self.custom_objects:
                del _scopes[index]
                break
        return False


#: Keras's lowercase spelling of the same class.
custom_object_scope = CustomObjectScope


def custom_objects_argument(call: str, custom_objects) -> CustomObjectScope:
    """The scope of the `custom_objects` argument of `call` (`load_model`, ...): a dict
    of names to classes, or None for none."""
    if custom_objects is not None and not isinstance(custom_objects, dict):
        raise TypeError(f"{call} custom_objects must be a dict of names to classes, got "
                        f"{type(custom_objects).__name__} {custom_objects!r:.60}.")
    return CustomObjectScope(custom_objects or {})
