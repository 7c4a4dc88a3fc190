"""Model files: `model.save(path)` and `load_model`.

One safetensors file holds the weights, the architecture, the compile config, the user's
`model.metadata` (a dataset's label names, for instance) and the training history; saved
with the optimizer (the default), it also holds everything that resuming needs to continue
bit-identically.  `.model_file` describes the format, `.writer` writes it, `.reader` reads
it back (into a new model, or with `load_training_state` into a running one), `.schema` defines
and checks its JSON document, `.weights_file` is the weights-only format, `.training_state`
handles the generators, optimizer and history; `.architecture` writes and reads the architecture
alone, as JSON (`model.to_json()`); `.keras_file` imports a Keras 3 `.keras` archive
(`load_keras`, which `load_model` calls for one); `.export` checks `model.export`'s arguments and
calls the exporter registered for the format.  As in Keras 3's `keras.saving`, the functions that
register or lend custom classes and write Keras's dict form of objects are here too (they
live in [`lucidnet.utils`][lucidnet.utils]).
"""

from ..io import ModelFileError
from .architecture import model_from_json, model_to_json
from .keras_file import load_keras
from .reader import load_model, load_training_state
from .schema import FORMAT, FORMAT_VERSION
from ..utils.registration import (CustomObjectScope, custom_object_scope, get_custom_objects,
                                  get_registered_name, get_registered_object,
                                  register_keras_serializable)
from ..utils.serialization import deserialize_keras_object, serialize_keras_object
from .writer import save_model

__all__ = ["FORMAT", "FORMAT_VERSION", "ModelFileError", "load_keras", "load_model", "save_model",
           "model_from_json", "model_to_json", "load_training_state",
           "register_keras_serializable", "get_custom_objects", "get_registered_name",
           "get_registered_object", "custom_object_scope", "CustomObjectScope",
           "serialize_keras_object", "deserialize_keras_object"]
