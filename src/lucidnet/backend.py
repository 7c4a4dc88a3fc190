"""`keras.backend`'s settings over lucidnet's: the default float type, the fuzz factor ε,
the image data format, and `clear_session`, which tutorials call before building each model.

lucidnet has one backend, NumPy, and keeps little global state: the default float type, ε,
the image data format and the global generator live in [`lucidnet.config`][lucidnet.config], and
automatic layer names are counted per model (each `Sequential` names its first `Dense`
`dense_1`), so no name counter grows from one model to the next.  `clear_session` therefore has no
counters to reset; it frees the memory of the models no longer referenced, as Keras's does.
"""

from __future__ import annotations

import gc

from .config import (epsilon, floatx, image_data_format, set_epsilon, set_floatx,
                     set_image_data_format)
from .validation import boolean


def backend() -> str:
    """The name of the backend: `"numpy"`, the only one lucidnet runs on."""
    return "numpy"


def clear_session(free_memory: bool = True) -> None:
    """Keras's reset of its global state before a new model.

    lucidnet's layer names are counted per model, not globally, so a model built after this
    call names its layers as one built before it does; settings
    ([`floatx`][lucidnet.backend.floatx], the seed of
    [`lucidnet.utils.set_random_seed`][lucidnet.utils.set_random_seed]) are kept, as in Keras.
    With `free_memory` the garbage collector runs, so the arrays of models no longer referenced
    are freed now.
    """
    if boolean("clear_session free_memory", free_memory):
        gc.collect()


__all__ = ["backend", "clear_session", "epsilon", "set_epsilon", "floatx", "set_floatx",
           "image_data_format", "set_image_data_format"]
