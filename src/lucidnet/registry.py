"""One small mechanism shared by every registry (activations, losses, initializers, ...).

A registry maps lowercase names to classes, so that `get("relu")`, `get(ReLU())`
and `get({"class_name": "relu", "config": {}})` all resolve to an object, and so
that a model file can name its parts without ever storing code. `Configurable` gives
the registered classes their config: the constructor's arguments, found from its signature.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any


class Registry:
    """Names → classes for one concept (`kind` is used in error messages)."""

    def __init__(self, kind: str, base: type, providers: tuple[str, ...] = ()):
        self.kind = kind
        self.base = base
        self._classes: dict[str, type] = {}
        #: Modules whose import registers entries here, imported when the registry is first
        #: read, so that a package of a higher floor can fill it without `import lucidnet`
        #: paying for that package (the import graph still points downward).
        self._providers = providers
        #: The custom objects of the open ``custom_object_scope`` blocks, innermost last.
        self._scopes: list[dict[str, type]] = []

    def register(self, *names: str):
        """Class decorator adding the class under each of `names` (the first is canonical)."""

        def add(cls):
            for name in names:
                key = name.lower()
                if key in self._classes and self._classes[key] is not cls:
                    raise ValueError(f"{self.kind} name {name!r} is already registered.")
                self._classes[key] = cls
            cls.registry_name = names[0]
            return cls

        return add

    def push_scope(self, classes: dict[str, type]) -> dict[str, type]:
        """Let `lookup` (and so `get`, `from_config` and loading) also find
        `classes` by name, before the registered names, until `pop_scope` is given
        what this returns; the innermost of nested scopes wins.  The mechanism of
        [`lucidnet.utils.custom_object_scope`][lucidnet.utils.CustomObjectScope].
        """
        for name, cls in classes.items():
            if not (isinstance(cls, type) and issubclass(cls, self.base)):
                raise TypeError(f"A scoped {self.kind} must be a subclass of "
                                f"{self.base.__name__}, got {name!r}: {cls!r:.60}.")
        scope = {name.lower(): cls for name, cls in classes.items()}
        self._scopes.append(scope)
        return scope

    def pop_scope(self, scope: dict[str, type]) -> None:
        """End the scope `push_scope` returned (by identity, whatever the order)."""
        for index in range(len(self._scopes) - 1, -1, -1):
            if self._scopes[index] is scope:
                del self._scopes[index]
                return
        raise ValueError(f"That {self.kind} scope is not open.")

    def _load_providers(self) -> None:
        """Import the `providers` once, before the first read of the registered names."""
        providers, self._providers = self._providers, ()
        for module in providers:
            importlib.import_module(module)

    def names(self) -> list[str]:
        """The registered names and those of the open scopes."""
        self._load_providers()
        return sorted(set(self._classes).union(*self._scopes))

    def __contains__(self, name: str) -> bool:
        self._load_providers()
        key = name.lower()
        return key in self._classes or any(key in scope for scope in self._scopes)

    def __iter__(self):
        return iter(self.names())

    def items(self):
        """The registered (name, class) pairs, without those of scopes."""
        self._load_providers()
        return sorted(self._classes.items())

    def lookup(self, name: str) -> type:
        self._load_providers()
        key = name.lower()
        for scope in reversed(self._scopes):
            if key in scope:
                return scope[key]
        try:
            return self._classes[key]
        except KeyError:
            raise unknown_name(self.kind, name, self.names()) from None

    def get(self, identifier: Any):
        """Resolve a name, an instance, a class or a `{"class_name", "config"}` dict."""
        if isinstance(identifier, self.base):
            return identifier
        if isinstance(identifier, str):
            return self.lookup(identifier)()
        if isinstance(identifier, dict):
            if "class_name" not in identifier:
                raise ValueError(
                    f"A {self.kind} given as a dict needs a 'class_name' key, got keys "
                    f"{sorted(identifier)}."
                )
            if not isinstance(identifier["class_name"], str):
                raise ValueError(
                    f"A {self.kind} dict's 'class_name' must be a string, got "
                    f"{identifier['class_name']!r}."
                )
            cls = self.lookup(identifier["class_name"])
            return cls.from_config(identifier.get("config", {}))
        if isinstance(identifier, type) and issubclass(identifier, self.base):
            return identifier()
        article = "an" if self.kind[0] in "aeiou" else "a"
        raise TypeError(
            f"Could not interpret {identifier!r} (of type {type(identifier).__name__}) as "
            f"{article} {self.kind}. Pass a name such as {self.names()[0]!r} or "
            f"{article} {self.base.__name__} instance."
        )


def unknown_name(kind: str, name: str, valid: Iterable[str]) -> ValueError:
    """The error for a name no registry of `kind` holds: the valid names, and the close
    matches (`difflib.get_close_matches`, case-insensitive) when there are any.

    Examples
    --------
    >>> print(unknown_name("activation", "rleu", ["elu", "relu", "selu", "tanh"]))
    Unknown activation 'rleu'. Valid names: elu, relu, selu, tanh. Did you mean 'relu', 'elu' or 'selu'?
    """
    valid = list(valid)
    close = difflib.get_close_matches(str(name).lower(), valid, n=3, cutoff=0.5)
    hint = f" Did you mean {_either(close)}?" if close else ""
    return ValueError(f"Unknown {kind} {name!r}. Valid names: {', '.join(valid)}.{hint}")


def _either(options: list[str]) -> str:
    """`'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`."""
    words = [repr(option) for option in options]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def resolve(argument: str, get: Callable[..., Any], identifier: Any, **options: Any):
    """`get(identifier, **options)`, with a refusal that starts with the argument the user
    gave it, `activation='rleu': Unknown activation 'rleu'. ...`, since the registry
    knows the value but not which argument held it.  Every constructor and `compile`
    resolves its registry names through this.

    Examples
    --------
    >>> from lucidnet import activations
    >>> resolve("activation", activations.get, "rleu")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ValueError: activation='rleu': Unknown activation 'rleu'. Valid names: ... Did you mean 'relu'...?
    """
    try:
        return get(identifier, **options)
    except (TypeError, ValueError) as error:
        shown = repr(identifier)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        raise type(error)(f"{argument}={shown}: {error}") from None


def serialize(obj) -> dict:
    """`{"class_name": <registered name>, "config": obj.get_config()}`."""
    return {"class_name": obj.registry_name, "config": obj.get_config()}


class Configurable:
    """`get_config`/`from_config`/`repr` for classes built from keyword arguments.

    The config is the constructor's arguments, each read back from the attribute of the
    same name, which is where every constructor stores them. The keys come from the
    constructor's signature (`constructor_arguments`), so an argument added to a
    constructor is saved and restored without being listed anywhere else. A class whose
    constructor also takes arguments that are not its own config lists the keys to save
    in `_config_keys` instead (the layers do: the rest of their `**kwargs` belong to
    `Layer`, which saves them itself).
    """

    _config_keys: tuple[str, ...] | None = None

    def get_config(self) -> dict:
        keys = constructor_arguments(type(self)) if self._config_keys is None else self._config_keys
        config = {}
        for key in keys:
            try:
                config[key] = getattr(self, key)
            except AttributeError:
                raise AttributeError(
                    f"{type(self).__name__}.get_config() reads the constructor argument {key!r} "
                    f"from self.{key}, which the constructor did not set."
                ) from None
        return config

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


@functools.cache  # a class's signature is fixed, and get_config runs in training steps
def constructor_arguments(cls: type) -> tuple[str, ...]:
    """The names `cls(...)` accepts as keywords, in signature order.

    Those of the nearest `__init__`, then, as long as the one just read passes
    `**kwargs` on to its parent, those of the next `__init__` up the method
    resolution order. `*args` and `**kwargs` themselves are not names.

    Examples
    --------
    >>> class Base(Configurable):
    ...     def __init__(self, rate=0.1, *, name=None): ...
    >>> class Child(Base):
    ...     def __init__(self, size=3, **kwargs): ...
    >>> constructor_arguments(Child)
    ('size', 'rate', 'name')
    """
    names: dict[str, None] = {}
    for klass in cls.__mro__:
        if klass is object:
            break
        if "__init__" not in vars(klass):
            continue
        parameters = list(inspect.signature(klass.__init__).parameters.values())[1:]  # not self
        for parameter in parameters:
            if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                names.setdefault(parameter.name)
        if not any(parameter.kind is parameter.VAR_KEYWORD for parameter in parameters):
            break
    return tuple(names)


class Named(Configurable):
    """A registered function-like object whose `name` is its registry name."""

    registry_name = "unregistered"

    @property
    def name(self) -> str:
        return self.registry_name


def snake_case(name: str) -> str:
    """A layer class's name in snake case, split as Keras splits it: before each capital that
    starts a word ("LeakyReLU" → "leaky_re_lu", "PReLU" → "p_re_lu") and after each lower-case
    letter followed by a capital.

    Examples
    --------
    >>> [snake_case(name) for name in ("Dense", "LeakyReLU", "PReLU", "ELU", "Conv2D")]
    ['dense', 'leaky_re_lu', 'p_re_lu', 'elu', 'conv2d']
    """
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


#: Model classes by name (``"Sequential"``), so that a model file names its model's class and
#: loading finds it here, without the file format knowing the class.
MODELS = Registry("model", object)

#: Export functions by format name (``"onnx"``), each ``export(model, path, **options)``, so
#: that ``model.export(path, format=...)`` finds the exporters of the edge floor, which
#: register themselves when their package is imported: on the first read of this registry.
EXPORTERS = Registry("export format", object, providers=("lucidnet.export",))
