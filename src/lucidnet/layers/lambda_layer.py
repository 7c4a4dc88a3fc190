"""Lambda: a layer that applies a function to the batch.

A Python function has no derivative lucidnet can compute (there is no automatic
differentiation here), so a Lambda of one is `differentiable = False`: it runs forward, and
the model accepts it only where no layer before it has weights to learn, as in Keras's usual
`Lambda(lambda x: x / 255.0)` in front of the network; [`backward`][lucidnet.models.Sequential.backward] stops
below it.  A Lambda of one of lucidnet's activations (`Lambda(lucidnet.activations.tanh)`,
an `Activation` instance, or its name) has that activation's σ' and is an ordinary layer.

A model file never holds code, so only the second kind is saved (by the activation's name);
`get_config` of the first refuses and says what to use instead.
"""

from __future__ import annotations

import numpy as np

from .. import activations
from ..registry import serialize
from .base import Layer, _as_shape, register


def _registered_activation(function):
    """The [`Activation`][lucidnet.activations.Activation] that `function` names, or None."""
    if isinstance(function, (str, dict)):  # a saved Lambda: an activation's name or config
        try:
            return activations.get(function)
        except ValueError as error:
            raise ValueError(f"Lambda function given by name must name an activation: {error}") from None
    if isinstance(function, activations.Activation):
        return function
    if any(function is known for known in activations.FUNCTIONS):
        return activations.get(function)
    return None


@register("Lambda")
class Lambda(Layer):
    """a = f(x), f = `function` applied to the whole batch, as Keras's `Lambda`.

    Backward: σ'(x) ⊙ ∂C/∂a when f is a lucidnet activation; otherwise none, so the layer must
    come before every layer that learns (see the module's docstring).  `output_shape` (one
    example's shape, or a function of the batch's input shape) saves calling f on a dummy
    example of zeros to find it.

    Examples
    --------
    >>> import numpy as np
    >>> scale = Lambda(lambda x: x / 255.0)
    >>> scale(np.array([[255.0, 51.0]])).tolist(), scale.differentiable
    ([[1.0, 0.2]], False)
    """

    _config_keys = ()  # get_config adds function and output_shape itself

    def __init__(self, function, output_shape=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function) and not isinstance(function, (str, dict)):
            raise TypeError(
                f"Lambda function must be a function of the batch, e.g. Lambda(lambda x: x / 255.0), "
                f"got {function!r:.60} (of type {type(function).__name__})."
            )
        self.activation_function = _registered_activation(function)
        self.function = self.activation_function or function
        #: True when the function is a lucidnet activation, whose derivative is known.
        self.differentiable = self.activation_function is not None
        if output_shape is not None and not callable(output_shape):
            output_shape = tuple(self._checked_shape(output_shape))
        self.output_shape_given = output_shape
        self.x = self.a = None

    @staticmethod
    def _checked_shape(shape):
        return _as_shape(shape, "Lambda output_shape")

    def _function_name(self) -> str:
        if self.activation_function is not None:
            return self.activation_function.name
        return getattr(self.function, "__name__", type(self.function).__name__)

    def _describe_args(self):
        return {"function": self._function_name()}

    def __repr__(self) -> str:
        return self.describe()

    def get_config(self):
        if self.activation_function is None:
            raise ValueError(
                f"{self.describe()} holds a Python function, which a model file cannot store "
                f"safely: it would have to hold code, and loading would run it. Use a registered "
                f"layer instead: Rescaling(scale, offset) for x·scale + offset, Activation(name) "
                f"or Lambda(lucidnet.activations.<name>) for an activation (saved by name), "
                f"Reshape, Flatten or Identity."
            )
        config = super().get_config()
        config["function"] = serialize(self.activation_function)
        output_shape = self.output_shape_given
        config["output_shape"] = list(output_shape) if isinstance(output_shape, tuple) else None
        return config

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        given = self.output_shape_given
        if callable(given):
            return (input_shape[0],) + tuple(self._checked_shape(tuple(given(input_shape))[1:]))
        if given is not None:
            return (input_shape[0],) + given
        if self.activation_function is not None:
            self.activation_function.check_input_shape(input_shape, self.describe())
            return input_shape
        example = np.zeros((1,) + tuple(input_shape[1:]), dtype=self.dtype or "float32")
        try:
            result = np.asarray(self.function(example))
        except Exception as error:
            raise ValueError(
                f"{self.describe()} could not be applied to an example of shape "
                f"{tuple(input_shape[1:])} to find its output shape ({type(error).__name__}: "
                f"{error}); pass output_shape=."
            ) from error
        if result.ndim < 1 or result.shape[0] != 1:
            raise ValueError(
                f"{self.describe()} must return one output per example of the batch, got shape "
                f"{result.shape} for a batch of 1."
            )
        return (input_shape[0],) + result.shape[1:]

    def forward(self, x, training=False):
        self.x = x
        self.a = np.asarray(self.function(x), dtype=x.dtype)
        return self.a

    def backward(self, grad, need_input_grad=True):
        if self.activation_function is None:
            raise TypeError(
                f"{self.describe()} has no backward pass: lucidnet cannot differentiate a Python "
                f"function."
            )
        return self.activation_function.backward(self.x, self.a, grad)
