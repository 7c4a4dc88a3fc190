"""The model file format: one safetensors file for a whole model.

A model file is a safetensors file.  Its tensors are the weights (`dense_1/kernel`, ...)
and, when saved with the optimizer, the optimizer's state (`optimizer/iterations`,
`optimizer/m/0`, ...).  Its metadata holds two strings: under `"lucidnet"` a JSON
document (format version, the model's config, the compile config, the user's
`model.metadata`, the training history, the generator states, and a SHA-256 digest of every
tensor; see `lucidnet.saving.schema`), and under `"lucidnet_sha256"` the digest of
that document.  Classes are named, never stored as code: loading looks every name up in
lucidnet's registries, so nothing is unpickled or evaluated.

`.writer` writes it (`save_model`), `.reader` reads it back
(`load_model`), `.schema` defines the document and `.training_state` the
state that resuming needs.
"""

from .reader import LOADED_MODEL_SEED, MODEL_CLASS, load_model
from .schema import DOCUMENT_DIGEST_KEY, MAX_DOCUMENT_LENGTH
from .writer import plain_json, save_model

__all__ = ["DOCUMENT_DIGEST_KEY", "LOADED_MODEL_SEED", "MAX_DOCUMENT_LENGTH", "MODEL_CLASS",
           "load_model", "plain_json", "save_model"]
