"""Global settings: the default float type, the fuzz factor ε, the image data format, the
random seed, and the compiled kernels.

float32 is the default because it halves memory traffic and is what the matrix
multiply runs fastest in; float64 is there for gradient checks and for users who
want it (`set_floatx("float64")` globally, or `Sequential(dtype="float64")`).
"""

from __future__ import annotations

import contextlib
import os
import random
import threading

import numpy as np

from .validation import boolean, choice, non_negative_int, number

_VALID_FLOATX = ("float32", "float64")
_floatx = "float32"
_epsilon = 1e-7
_IMAGE_DATA_FORMATS = ("channels_last", "channels_first")
_image_data_format = "channels_last"
_generator = np.random.default_rng()
#: Serializes the swaps made by :func:`seeded_generators` (re-entrant: a block may nest another).
_generator_lock = threading.RLock()


def floatx() -> str:
    """The default float type of new models and layers: `"float32"` or `"float64"`."""
    return _floatx


def set_floatx(dtype) -> None:
    """Set the default float type of models created from now on."""
    global _floatx
    _floatx = standardize_dtype(dtype)


def epsilon() -> float:
    """ε, the fuzz factor (Keras's `keras.backend.epsilon()`, 1e-7 by default).

    The losses clip probabilities to [ε, 1 − ε] inside logarithms (binary cross-entropy of a
    prediction ŷ = 0 for a target 1 is −ln ε), and ε keeps the denominators of F1/Fβ, of the
    norm constraints and of Normalization's σ away from 0.  Each reads it when it computes,
    once per call, so [`set_epsilon`][lucidnet.config.set_epsilon] changes them from then on.

    Examples
    --------
    >>> epsilon()
    1e-07
    """
    return _epsilon


def set_epsilon(value) -> None:
    """Set ε (Keras's `keras.backend.set_epsilon`): a number in (0, 0.5), so that the clip
    [ε, 1 − ε] is an interval.

    Examples
    --------
    >>> set_epsilon(1e-5); epsilon()
    1e-05
    >>> set_epsilon(1e-7)
    >>> set_epsilon(0)
    Traceback (most recent call last):
        ...
    ValueError: set_epsilon value must be a number in (0, 0.5), got 0.
    """
    global _epsilon
    _epsilon = number("set_epsilon value", value, greater_than=0, below=0.5)


def image_data_format() -> str:
    """Keras's image data format convention, `"channels_last"` (the default) or
    `"channels_first"`: where the channels axis of an image batch is.

    lucidnet has no image layers (convolutions, pooling), so no lucidnet layer reads this
    setting; it is stored and checked so that code which sets or reads it runs unchanged.
    """
    return _image_data_format


def set_image_data_format(data_format) -> None:
    """Set the image data format, `"channels_last"` or `"channels_first"` (any case, as
    Keras's accepts it); see [`image_data_format`][lucidnet.config.image_data_format].

    Examples
    --------
    >>> set_image_data_format("channels_first"); image_data_format()
    'channels_first'
    >>> set_image_data_format("channels_last")
    >>> set_image_data_format("nhwc")
    Traceback (most recent call last):
        ...
    ValueError: set_image_data_format data_format must be one of 'channels_last' or 'channels_first', got 'nhwc'.
    """
    global _image_data_format
    lowered = data_format.lower() if isinstance(data_format, str) else data_format
    _image_data_format = choice("set_image_data_format data_format", lowered, _IMAGE_DATA_FORMATS)


def standardize_dtype(dtype) -> str:
    """Return `"float32"` or `"float64"` for a dtype-like value, or raise a clear error."""
    if dtype is None:
        return _floatx
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = str(dtype)
    if name not in _VALID_FLOATX:
        raise ValueError(
            f"dtype must be one of {', '.join(_VALID_FLOATX)}, got {dtype!r}."
        )
    return name


#: ``LUCIDNET_KERNELS`` as it was when lucidnet was imported: ``0`` turns the kernels off.
#: Read once, as numba and BLAS read their own variables, because `kernels_enabled` is asked
#: by every layer of every prediction, where reading the environment would be a third of a
#: small kernel's cost.
_environment_kernels: bool = os.environ.get("LUCIDNET_KERNELS", "1").strip() != "0"
#: Set by :func:`set_kernels`; None: the environment's setting decides.
_kernels: bool | None = None


def kernels_enabled() -> bool:
    """Whether optimizers may update large parameters, and Dense layers with ReLU or softmax
    make their element-wise steps, with compiled kernels.

    True unless [`set_kernels`][lucidnet.config.set_kernels] turned them off, or, when it was
    never called (or called with None), the environment variable `LUCIDNET_KERNELS` was `0`
    when lucidnet was imported (it is read then, once; `set_kernels` changes the setting
    later). The kernels compute the same formulas as the NumPy code, which stays the
    reference; turning them off is for debugging and for checking one against the other.
    """
    return _environment_kernels if _kernels is None else _kernels


def set_kernels(enabled: bool | None) -> None:
    """Allow (True) or forbid (False) the compiled kernels from the next step on;
    None gives the decision back to `LUCIDNET_KERNELS` as it was when lucidnet was imported."""
    global _kernels
    _kernels = None if enabled is None else boolean("enabled", enabled)


def set_random_seed(seed: int) -> None:
    """Seed every source of randomness lucidnet uses (and Python's and NumPy's legacy ones).

    Models created after this call draw their weights, dropout masks and shuffling
    order from generators derived from `seed`, so the same seed on the same machine
    gives bit-identical weights and training.
    """
    global _generator
    seed = non_negative_int("seed", seed)
    _generator = np.random.default_rng(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)


def make_generator(seed: int | None = None) -> np.random.Generator:
    """A new, independent generator: from `seed` if given, else drawn from the global one."""
    if seed is not None:
        return np.random.default_rng(non_negative_int("seed", seed))
    return np.random.default_rng(_generator.integers(0, 2**63 - 1))


@contextlib.contextmanager
def seeded_generators(seed: int):
    """Within the block, new generators (`Sequential()` without `seed=`, `make_generator()`)
    are drawn from `seed`; afterwards the global generator is restored, untouched.

    For code that creates models it does not control, such as a user's model-building function,
    and must still make them repeatable.
    """
    global _generator
    with _generator_lock:
        saved = _generator
        _generator = np.random.default_rng(seed)
        try:
            yield
        finally:
            _generator = saved
