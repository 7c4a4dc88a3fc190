"""One small mechanism shared by every registry (activations, losses, initializers, ...).

A registry maps lowercase names to classes, so that ``get("relu")``, ``get(ReLU())``
and ``get({"class_name": "relu", "config": {}})`` all resolve to an object, and so
that a model file can name its parts without ever storing code.
"""

from __future__ import annotations

from typing import Any


class Registry:
    """Names → classes for one concept (``kind`` is used in error messages)."""

    def __init__(self, kind: str, base: type):
        self.kind = kind
        self.base = base
        self._classes: dict[str, type] = {}

    def register(self, *names: str):
        """Class decorator adding the class under each of ``names`` (the first is canonical)."""

        def add(cls):
            for name in names:
                key = name.lower()
                if key in self._classes and self._classes[key] is not cls:
                    raise ValueError(f"{self.kind} name {name!r} is already registered.")
                self._classes[key] = cls
            cls.registry_name = names[0]
            return cls

        return add

    def names(self) -> list[str]:
        return sorted(self._classes)

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._classes

    def __iter__(self):
        return iter(self.names())

    def items(self):
        return sorted(self._classes.items())

    def lookup(self, name: str) -> type:
        try:
            return self._classes[name.lower()]
        except KeyError:
            raise ValueError(
                f"Unknown {self.kind} {name!r}. Valid names: {', '.join(self.names())}."
            ) from None

    def get(self, identifier: Any):
        """Resolve a name, an instance, a class or a ``{"class_name", "config"}`` dict."""
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


def serialize(obj) -> dict:
    """``{"class_name": <registered name>, "config": obj.get_config()}``."""
    return {"class_name": obj.registry_name, "config": obj.get_config()}


class Configurable:
    """``get_config``/``from_config`` for classes whose constructor takes keyword arguments.

    Subclasses list the constructor arguments to save in ``_config_keys``; each must be
    stored as an attribute of the same name.
    """

    _config_keys: tuple[str, ...] = ()

    def get_config(self) -> dict:
        return {key: getattr(self, key) for key in self._config_keys}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Named(Configurable):
    """A registered function-like object whose ``name`` is its registry name."""

    registry_name = "unregistered"

    @property
    def name(self) -> str:
        return self.registry_name
