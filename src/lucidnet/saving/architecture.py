"""A model's architecture alone, as JSON: `model.to_json()` and `model_from_json`.

The text is Keras's shape, `{"class_name": "Sequential", "config": {...}}`, holding
lucidnet's own config (the one a model file stores under `"model"`): no weights, no
compile settings.  Reading it parses JSON and looks every class up by its registered name
(`lucidnet.registry.MODELS`, the layer registry), so no code from the text ever runs.
"""

from __future__ import annotations

import json

from ..registry import MODELS, serialize
from ..utils.registration import custom_objects_argument
from . import schema
from .schema import SchemaError
from .writer import plain_json


def model_to_json(model, **kwargs) -> str:
    """`{"class_name": ..., "config": model.get_config()}` as JSON text; `kwargs` go to
    `json.dumps` (`indent=2`, say), as in Keras."""
    document = plain_json(serialize(model), "the model's architecture")
    schema.ARCHITECTURE(document, "")  # what model_from_json would refuse is refused here
    return json.dumps(document, **kwargs)


def model_from_json(json_string, custom_objects=None):
    """A new, uncompiled model with the architecture `json_string` describes (as written by
    `model.to_json()`) and freshly initialized weights, like Keras's `model_from_json`.

    Custom layers and activations must be registered before the call, or given by the names
    the text uses in `custom_objects` (`{name: class}`, as under `custom_object_scope`):
    lucidnet finds every class by its name, and the text holds no code.

    Examples
    --------
    >>> from lucidnet import Dense, Input, Sequential
    >>> model = Sequential([Input((3,)), Dense(2, activation="softmax")], name="tiny")
    >>> copy = model_from_json(model.to_json())
    >>> copy.name, [layer.name for layer in copy.layers], copy.count_params()
    ('tiny', ['dense_1'], 8)
    """
    if not isinstance(json_string, (str, bytes, bytearray)):
        raise TypeError(
            f"model_from_json expects the JSON text model.to_json() returns, got "
            f"{type(json_string).__name__} {json_string!r:.60}."
        )
    try:
        document = json.loads(json_string)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"model_from_json expects JSON text, and this is not JSON ({error}).") \
            from None
    try:
        schema.ARCHITECTURE(document, "")
    except SchemaError as error:
        hint = ""
        if isinstance(document, dict) and "module" in document:
            hint = (" Hint: this looks written by Keras, whose configs lucidnet does not read; "
                    "build the model with lucidnet.keras and call its to_json().")
        raise ValueError(f"model_from_json: {error}{hint}") from None
    with custom_objects_argument("model_from_json", custom_objects):
        return MODELS.lookup(document["class_name"]).from_config(document["config"])
