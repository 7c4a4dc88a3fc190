"""Parameter-free layers: Input, Activation, Dropout, Flatten; RandomLayer, the base of the
layers that draw random numbers in training."""

from __future__ import annotations

import numpy as np

from .. import activations
from ..config import floatx
from ..errors import warn_deprecated
from ..registry import serialize
from ..symbolic import KerasTensor
from ..validation import fraction, non_negative_int, optional
from .base import Layer, _as_shape, register


@register("InputLayer", "Input")
class Input(Layer):
    """Declares the shape of one example, e.g. ``Input(shape=(784,))``, as the first entry of
    a Sequential model, so that the model is built (and summarised) before seeing data.

    It is also the functional API's input: ``Dense(64)(inputs)`` calls the layer on
    ``inputs.output``, a :class:`~lucidnet.symbolic.KerasTensor` of shape ``(None,) + shape``
    and of the default float type, and ``Model(inputs=inputs, outputs=...)`` starts there.
    As in Keras, ``inputs.shape`` (and ``batch_shape``) is that batch shape, ``(None, 784)``;
    ``example_shape`` is one example's, ``(784,)``, the ``shape`` its config and the model
    file store.

    >>> inputs = Input(shape=(784,))
    >>> inputs.shape, inputs.example_shape
    ((None, 784), (784,))

    ``InputLayer(input_shape=(784,))``, tf.keras 2's spelling, still works and warns."""

    _config_keys = ("shape",)

    def __init__(self, shape=None, name: str | None = None, *, input_shape=None):
        super().__init__(name=name)
        if input_shape is not None:
            warn_deprecated("InputLayer(input_shape=...)", "InputLayer(shape=...)")
            if shape is not None:
                raise ValueError(f"Pass shape= only, got shape={shape!r} and "
                                 f"input_shape={input_shape!r}.")
            shape = input_shape
        if shape is None:
            raise TypeError("Input() needs the shape of one example, e.g. Input(shape=(784,)).")
        #: The shape of one example, without the batch axis: ``(784,)``.
        self.example_shape = _as_shape(shape, f"{type(self).__name__} shape")
        self.declared_input_shape = self.example_shape
        # The functional API's input: a layer called on this Input is called on this tensor.
        self._inbound_calls.append((None, KerasTensor(self.batch_shape, floatx(), layer=self)))

    @property
    def batch_shape(self) -> tuple:
        """``(None,) + example_shape``: the shape of a batch, batch axis unknown."""
        return (None,) + self.example_shape

    @property
    def shape(self) -> tuple:
        """The batch shape ``(None, 784)``, as Keras's ``keras.Input(shape=(784,)).shape``."""
        return self.batch_shape

    def get_config(self):
        return {"shape": list(self.example_shape), "name": self.name}

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


@register("Activation")
class Activation(Layer):
    """aˡ = σ(zˡ) as a layer of its own; ``Dense(10); Activation("softmax")`` equals
    ``Dense(10, activation="softmax")``.  Backward: ∂C/∂z = ∂C/∂a ⊙ σ'(z)."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
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

    With ``seed`` it owns a generator seeded with it; without, it draws from the model's
    generator, the one ``build`` receives, so that ``Sequential(seed=n)`` repeats a whole
    run.  The model file records the state of a generator the layer owns
    (:mod:`lucidnet.saving.training_state`), so a resumed run draws what it would have.
    """

    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.seed = optional(non_negative_int, f"{type(self).__name__} seed", seed)
        self.rng = None if seed is None else np.random.default_rng(seed)

    def create_weights(self, input_shape, dtype, rng):
        if self.rng is None:
            self.rng = rng


@register("Dropout")
class Dropout(RandomLayer):
    """Inverted dropout: in training, a = x ⊙ m / (1 − p) with mᵢ ~ Bernoulli(1 − p).

    Each unit is zeroed with probability p = ``rate``; survivors are scaled by 1/(1 − p)
    so the expected activation is unchanged, and at inference the layer is the identity.
    Backward: ∂C/∂x = ∂C/∂a ⊙ m / (1 − p), the same mask.  Srivastava et al. (2014),
    "Dropout: A Simple Way to Prevent Neural Networks from Overfitting".
    """

    _config_keys = ("rate", "seed")

    def __init__(self, rate: float, seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.rate = fraction("Dropout rate", rate)
        self.mask = None

    def _describe_args(self):
        return {"rate": self.rate}

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def forward(self, x, training=False):
        if not training or self.rate == 0:
            self.mask = None
            return x
        keep = 1.0 - self.rate
        self.mask = (self.rng.random(x.shape, dtype=x.dtype) < keep).astype(x.dtype)
        self.mask /= x.dtype.type(keep)
        return x * self.mask

    def backward(self, grad, need_input_grad=True):
        return grad if self.mask is None else grad * self.mask


@register("Flatten")
class Flatten(Layer):
    """Reshapes each example to a vector: (batch, 28, 28) → (batch, 784)."""

    def compute_output_shape(self, input_shape):
        input_shape = self.batched_shape(input_shape)
        return (input_shape[0], int(np.prod(input_shape[1:])))

    def forward(self, x, training=False):
        self._input_shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, grad, need_input_grad=True):
        return grad.reshape(self._input_shape)
