"""Parameter-free layers: Input, Activation, Dropout, Flatten, Reshape, Identity; RandomLayer,
the base of the layers that draw random numbers in training."""

from __future__ import annotations

import numpy as np

from .. import activations
from ..config import floatx, image_data_format
from ..errors import warn_deprecated
from ..registry import resolve, serialize
from ..symbolic import KerasTensor
from ..validation import (choice, fraction, is_integer, non_negative_int, optional,
                          positive_int, sequence)
from .base import Layer, _as_shape, register, shape_str


@register("InputLayer", "Input")
class Input(Layer):
    """Declares the shape of one example, e.g. `Input(shape=(784,))`, as the first entry of
    a Sequential model, so that the model is built (and summarised) before seeing data.

    It is also the functional API's input: `Dense(64)(inputs)` calls the layer on
    `inputs.output`, a `KerasTensor` of shape `(None,) + shape`
    and of the default float type, and `Model(inputs=inputs, outputs=...)` starts there.
    As in Keras, `inputs.shape` (and `batch_shape`) is that batch shape, `(None, 784)`;
    `example_shape` is one example's, `(784,)`, the `shape` its config and the model
    file store.

    Examples
    --------
    >>> inputs = Input(shape=(784,))
    >>> inputs.shape, inputs.example_shape
    ((None, 784), (784,))

    `InputLayer(input_shape=(784,))`, tf.keras 2's spelling, still works and warns.

    As in Keras, `batch_size` fixes the batch axis of `batch_shape` (None otherwise), or
    `batch_shape` gives the whole shape, batch axis first, instead of `shape`; `dtype` is
    the symbolic tensor's type (the default float type when None).

    >>> Input(batch_shape=(4, 2, 3)).batch_shape, Input(shape=(3,), batch_size=8).shape
    ((4, 2, 3), (8, 3))
    """

    _config_keys = ("shape",)

    def __init__(self, shape=None, batch_size=None, dtype=None, batch_shape=None,
                 name: str | None = None, *, input_shape=None):
        super().__init__(name=name)
        if input_shape is not None:
            warn_deprecated("InputLayer(input_shape=...)", "InputLayer(shape=...)")
            if shape is not None:
                raise ValueError(f"Pass shape= only, got shape={shape!r} and "
                                 f"input_shape={input_shape!r}.")
            shape = input_shape
        if batch_shape is not None:
            if shape is not None:
                raise ValueError(f"You cannot pass both `shape` and `batch_shape` to Input(), "
                                 f"got shape={shape!r} and batch_shape={batch_shape!r}.")
            if batch_size is not None:
                raise ValueError(f"You cannot pass both `batch_size` and `batch_shape` to "
                                 f"Input(), got batch_size={batch_size!r} and "
                                 f"batch_shape={batch_shape!r}.")
            entries = (tuple(sequence("Input batch_shape", batch_shape, "sizes"))
                       if isinstance(batch_shape, (list, tuple)) else ())
            if len(entries) < 2:
                raise ValueError(f"Input batch_shape must be the batch axis (None or a size) "
                                 f"then one example's axes, got {batch_shape!r}.")
            batch_size, shape = entries[0], entries[1:]
        if shape is None:
            raise TypeError("Input() needs the shape of one example, e.g. Input(shape=(784,)): "
                            "pass a `shape` argument.")
        #: The shape of one example, without the batch axis: `(784,)`.
        self.example_shape = _as_shape(shape, f"{type(self).__name__} shape")
        self.declared_input_shape = self.example_shape
        #: The size of the batch axis of `batch_shape`, or None (any size).
        self.batch_size = optional(positive_int, "Input batch_size", batch_size)
        self.dtype = None if dtype is None else choice("Input dtype", str(np.dtype(dtype)),
                                                      ("float32", "float64"))
        # The functional API's input: a layer called on this Input is called on this tensor.
        self._inbound_calls.append((None, KerasTensor(self.batch_shape, self.dtype or floatx(),
                                                      layer=self)))

    @property
    def batch_shape(self) -> tuple:
        """`(batch_size,) + example_shape`: the shape of a batch, batch axis None (any size)
        unless `batch_size` was given."""
        return (self.batch_size,) + self.example_shape

    @property
    def shape(self) -> tuple:
        """The batch shape `(None, 784)`, as Keras's `keras.Input(shape=(784,)).shape`."""
        return self.batch_shape

    def get_config(self):
        config = {"shape": list(self.example_shape), "name": self.name}
        if self.batch_size is not None:
            config["batch_size"] = self.batch_size
        if self.dtype is not None:
            config["dtype"] = self.dtype
        return config

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


@register("Activation")
class Activation(Layer):
    """aˡ = σ(zˡ) as a layer of its own; `Dense(10); Activation("softmax")` equals
    `Dense(10, activation="softmax")`.  Backward: ∂C/∂z = ∂C/∂a ⊙ σ'(z)."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = resolve("activation", activations.get, activation)
        self.z = self.a = None

    def _describe_args(self):
        return {"activation": self.activation.name}

    def get_config(self):
        config = super().get_config()
        config["activation"] = serialize(self.activation)
        return config

    def compute_output_shape(self, input_shape):
        self.activation.check_input_shape(tuple(input_shape), self.describe())
        return tuple(input_shape)

    def forward(self, x, training=False):
        self.z = x
        self.a = self.activation.forward(x)
        return self.a

    def backward(self, grad, need_input_grad=True):
        return self.activation.backward(self.z, self.a, grad)

    def backward_delta(self, delta, need_input_grad=True):
        """Given δ = ∂C/∂z directly (the fused softmax/sigmoid + cross-entropy case)."""
        return delta


class RandomLayer(Layer):
    """A layer that draws random numbers in training (Dropout, GaussianNoise).

    With `seed` it owns a generator seeded with it; without, it draws from the model's
    generator, the one `build` receives, so that `Sequential(seed=n)` repeats a whole
    run.  The model file records the state of a generator the layer owns
    ([`training_state`][lucidnet.saving.training_state]), so a resumed run draws what it would have.
    """

    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.seed = optional(non_negative_int, f"{type(self).__name__} seed", seed)
        self.rng = None if seed is None else np.random.default_rng(seed)

    def create_weights(self, input_shape, dtype, rng):
        if self.rng is None:
            self.rng = rng


def noise_shape_argument(kind: str, noise_shape) -> tuple | None:
    """`noise_shape` as a tuple of positive integers and None (an axis's own size), or None;
    anything else is refused, as in Keras, with a message naming `kind` (the layer's class)."""
    if noise_shape is None:
        return None
    requirement = "a tuple of positive integers or None (an axis's own size)"
    if isinstance(noise_shape, (str, bytes)) or not hasattr(noise_shape, "__iter__"):
        raise ValueError(f"{kind} noise_shape must be {requirement}, got {noise_shape!r}.")
    entries = tuple(noise_shape)
    if not all(d is None or (is_integer(d) and d > 0) for d in entries):
        raise ValueError(f"{kind} noise_shape must be {requirement}, got {noise_shape!r}.")
    return tuple(None if d is None else int(d) for d in entries)


def check_noise_shape(layer, input_shape) -> None:
    """A `ValueError` naming `layer` if its `noise_shape` does not broadcast to `input_shape`:
    one entry per axis, each None, 1 or that axis's size."""
    noise_shape = layer.noise_shape
    if noise_shape is not None and (
            len(noise_shape) != len(input_shape)
            or any(d not in (None, 1, size) and size is not None
                   for d, size in zip(noise_shape, input_shape))):
        raise ValueError(
            f"{layer.describe()} has noise_shape {noise_shape}, which does not broadcast to its "
            f"inputs of shape {shape_str(input_shape)}: give one entry per axis, each None, 1 "
            f"or that axis's size."
        )


def drawn_shape(noise_shape, shape) -> tuple:
    """The shape of the random draw: `shape`, or `noise_shape` with None read as the size
    of that axis of `shape` (the draw is then shared along the axes where it is 1)."""
    if noise_shape is None:
        return tuple(shape)
    return tuple(size if d is None else d for d, size in zip(noise_shape, shape))


@register("Dropout")
class Dropout(RandomLayer):
    """Inverted dropout: in training, a = x ⊙ m / (1 − p) with mᵢ ~ Bernoulli(1 − p).

    Each unit is zeroed with probability p = `rate`; survivors are scaled by 1/(1 − p)
    so the expected activation is unchanged, and at inference the layer is the identity.
    Backward: ∂C/∂x = ∂C/∂a ⊙ m / (1 − p), the same mask.  `noise_shape` (one entry per
    axis of the batch, None for that axis's size) draws one mask shared along the axes
    where it is 1, as in Keras.  Srivastava et al. (2014), "Dropout: A Simple Way to
    Prevent Neural Networks from Overfitting".

    Parameters
    ----------
    rate : float
        p, in [0, 1).
    noise_shape : tuple or None
        The shape of the mask, broadcast to the inputs'.
    seed : int or None
        Seeds a generator of the layer's own; without one it draws from the model's.

    Examples
    --------
    >>> import numpy as np
    >>> layer = Dropout(0.5, noise_shape=(None, 1), seed=0)
    >>> a = np.asarray(layer(np.ones((4, 3)), training=True))
    >>> bool(np.all(a == a[:, :1]))   # one draw per example, shared by its three values
    True
    """

    _config_keys = ("rate", "noise_shape", "seed")

    def __init__(self, rate: float, noise_shape=None, seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        kind = type(self).__name__
        self.rate = fraction(f"{kind} rate", rate)
        self.noise_shape = noise_shape_argument(kind, noise_shape)
        self.mask = None

    def _describe_args(self):
        return {"rate": self.rate}

    def get_config(self):
        config = super().get_config()
        if self.noise_shape is not None:
            config["noise_shape"] = list(self.noise_shape)
        return config

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        check_noise_shape(self, input_shape)
        return input_shape

    def forward(self, x, training=False):
        """a = x ⊙ m / (1 − p) in training, with a fresh mask m; x itself at inference.

        ```formula
        a = x ⊙ m / (1 − p),    mᵢ ~ Bernoulli(1 − p)
        ```

        Parameters
        ----------
        x : ndarray
            The inputs.
        training : bool
            Whether to drop units (True in `fit`); at inference the layer is the identity.

        Returns
        -------
        ndarray
            The outputs, of the shape of `x`.
        """
        if not training or self.rate == 0:
            self.mask = None
            return x
        self.mask = self.draw_mask(x, drawn_shape(self.noise_shape, x.shape))
        return x * self.mask

    def draw_mask(self, x, shape):
        """m / (1 − p), m a Bernoulli(1 − p) draw per value of `shape`, in x's dtype."""
        keep = 1.0 - self.rate
        mask = (self.rng.random(shape, dtype=x.dtype) < keep).astype(x.dtype)
        mask /= x.dtype.type(keep)
        return mask

    def backward(self, grad, need_input_grad=True):
        return grad if self.mask is None else grad * self.mask


@register("Flatten")
class Flatten(Layer):
    """Reshapes each example to a vector: (batch, 28, 28) → (batch, 784), as Keras's `Flatten`.

    A batch of scalars, shape (batch,), becomes (batch, 1).  With
    `data_format="channels_first"` (by default the setting of
    [lucidnet.config.set_image_data_format][], "channels_last" unless changed) an example of shape (channels, ...) is first moved to
    (..., channels), so that its vector lists the values in the order a channels-last
    example of the same image would.  Backward: the gradient reshaped (and moved) back.

    Examples
    --------
    >>> Flatten()(np.arange(3.0)).tolist()
    [[0.0], [1.0], [2.0]]
    >>> Flatten(data_format="channels_first")(np.arange(8.0).reshape(1, 2, 2, 2)).tolist()
    [[0.0, 4.0, 1.0, 5.0, 2.0, 6.0, 3.0, 7.0]]
    """

    _config_keys = ("data_format",)

    def __init__(self, data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        # None is the setting of keras.backend.set_image_data_format, as in Keras.
        self.data_format = choice("Flatten data_format",
                                  image_data_format() if data_format is None else data_format,
                                  ("channels_last", "channels_first"))

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) < 1:
            raise ValueError(f"{self.describe()} expected inputs with a batch axis, got shape "
                             f"{shape_str(input_shape)}.")
        sizes = input_shape[1:]
        return (input_shape[0], None if None in sizes else int(np.prod(sizes)))

    def _moved(self, x):
        """x with the channels axis moved last, for `channels_first` inputs of rank ≥ 3."""
        if self.data_format == "channels_first" and x.ndim > 2:
            return np.moveaxis(x, 1, -1)
        return x

    def forward(self, x, training=False):
        self._input_shape = x.shape
        return self._moved(x).reshape(len(x), -1)

    def backward(self, grad, need_input_grad=True):
        if self.data_format == "channels_first" and len(self._input_shape) > 2:
            shape = self._input_shape
            moved = grad.reshape((shape[0],) + shape[2:] + (shape[1],))
            return np.moveaxis(moved, -1, 1)
        return grad.reshape(self._input_shape)


@register("Reshape")
class Reshape(Layer):
    """Reshapes each example to `target_shape`, e.g. (batch, 784) → (batch, 28, 28) with
    `Reshape((28, 28))`; one entry may be −1, the size that makes the values fit, as in
    Keras.  Backward: the gradient reshaped back to the input's shape.

    Examples
    --------
    >>> Reshape((-1, 2)).compute_output_shape((None, 6))
    (None, 3, 2)
    """

    _config_keys = ("target_shape",)

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        entries = (target_shape,) if is_integer(target_shape) else target_shape
        if (isinstance(entries, (str, bytes)) or not hasattr(entries, "__iter__")
                or not all(is_integer(d) and (d > 0 or d == -1) for d in entries)
                or list(entries).count(-1) > 1):
            raise ValueError(
                f"Reshape target_shape must be a tuple of positive integers with at most one "
                f"-1, got {target_shape!r}."
            )
        self.target_shape = tuple(int(d) for d in entries)

    def _describe_args(self):
        return {"target_shape": self.target_shape}

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = list(self.target_shape)
        return config

    def compute_output_shape(self, input_shape):
        input_shape = self.batched_shape(input_shape)
        size = int(np.prod(input_shape[1:]))
        known = int(np.prod([d for d in self.target_shape if d != -1]))
        if (-1 in self.target_shape and size % known) or (
                -1 not in self.target_shape and size != known):
            raise ValueError(
                f"{self.describe()} cannot reshape inputs of shape {shape_str(input_shape)}, "
                f"{size} values per example, to {self.target_shape}"
                + (f", a multiple of {known}." if -1 in self.target_shape else f", {known} values.")
            )
        shape = tuple(size // known if d == -1 else d for d in self.target_shape)
        return (input_shape[0],) + shape

    def forward(self, x, training=False):
        self._input_shape = x.shape
        return x.reshape((len(x),) + self.compute_output_shape(x.shape)[1:])

    def backward(self, grad, need_input_grad=True):
        return grad.reshape(self._input_shape)


@register("Identity")
class Identity(Layer):
    """a = x, as Keras's `Identity`: a placeholder, e.g. where a layer was removed.
    Backward: ∂C/∂x = ∂C/∂a."""

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def forward(self, x, training=False):
        return x

    def backward(self, grad, need_input_grad=True):
        return grad
