"""The fully connected layer: every input feeds every unit."""

from __future__ import annotations

import numpy as np

from .. import activations, constraints, initializers, regularizers
from ..registry import resolve, serialize
from ..tensor import wrap
from ..validation import boolean, positive_int
from .base import Layer, register, serialize_optional, shape_str


@register("Dense")
class Dense(Layer):
    """zˡ = aˡ⁻¹ Wˡ + bˡ;  aˡ = σ(zˡ).

    ```formula
    zˡ = aˡ⁻¹ Wˡ + bˡ,    aˡ = σ(zˡ)
    ```

    `W` (the kernel) has shape (inputs, units) and `b` shape (units,).  The tutorials
    write one neuron as z = wᵀx + b and one layer as z = Wᵀx + b for a column vector x.
    Here a batch of N examples arrives as the rows of a matrix aˡ⁻¹ of shape (N, inputs);
    stacking the row vectors xᵀ gives (Wᵀx)ᵀ = xᵀW for each row, so the whole batch is the
    single matrix product aˡ⁻¹W, plus b broadcast to every row.

    Backward, with δˡ = ∂C/∂zˡ (BP1 for the output layer, BP2 for hidden ones):

    ```formula
    δˡ = ∂C/∂aˡ ⊙ σ'(zˡ)
    ∂C/∂bˡ = Σₙ δˡₙ    (BP3)
    ∂C/∂Wˡ = (aˡ⁻¹)ᵀ δˡ    (BP4)
    ∂C/∂aˡ⁻¹ = δˡ (Wˡ)ᵀ
    ```

    The first product is the activation's `backward`, the bias gradient is summed over the
    batch, and the last product is the one that BP2 multiplies by σ'(zˡ⁻¹).

    After a forward pass the layer keeps `x` (= aˡ⁻¹), `z` and `a`; after a backward
    pass `delta` and `grads` = [∂C/∂W, ∂C/∂b], so every quantity can be inspected.  The
    inference pass ([`infer`][lucidnet.layers.Dense.infer]: `predict`, `model(x)`) keeps
    none of them and computes σ in place over z.

    The constraints project W ← c(W) and b ← c(b) after every optimizer update, in `fit`
    and `train_on_batch`, as in Keras; a frozen layer's are not applied.  They change
    training only: the forward pass, the gradients above and the model that
    `to_onnx` writes are the same with or without them.

    Parameters
    ----------
    units : int
        The number of units, the width of the output.
    activation : str, callable, Activation or None
        σ, anything [lucidnet.activations.get][] takes; None is linear.
    use_bias : bool
        Whether the layer adds b.
    kernel_initializer, bias_initializer : str or Initializer
        How W and b start, anything [lucidnet.initializers.get][] takes.
    kernel_regularizer, bias_regularizer : str, Regularizer or None
        Penalties R(W) and R(b) added to the cost.
    kernel_constraint, bias_constraint : str, Constraint or None
        Projections c applied after each update, anything [lucidnet.constraints.get][] takes.
    **kwargs : dict
        `name`, `dtype`, `trainable` and the other options of [lucidnet.layers.Layer][].

    Examples
    --------
    One neuron with weights w = [1, 0, −1] and bias 3, fed x = [1, 2, 1]:
    z = 1·1 + 0·2 + (−1)·1 + 3 = 3.

    >>> import numpy as np
    >>> neuron = Dense(1)
    >>> neuron.build((None, 3), "float64")
    >>> neuron.set_weights([np.array([[1.0], [0.0], [-1.0]]), np.array([3.0])])
    >>> neuron(np.array([[1.0, 2.0, 1.0]]))
    array([[3.]])
    """

    _config_keys = ("units", "use_bias")

    def __init__(
        self,
        units: int,
        activation=None,
        use_bias: bool = True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.units = positive_int("Dense units", units)
        self.activation = activation
        self.use_bias = boolean("Dense use_bias", use_bias)
        self.kernel_initializer = resolve("kernel_initializer", initializers.get, kernel_initializer)
        self.bias_initializer = resolve("bias_initializer", initializers.get, bias_initializer)
        self.kernel_regularizer = resolve("kernel_regularizer", regularizers.get, kernel_regularizer)
        self.bias_regularizer = resolve("bias_regularizer", regularizers.get, bias_regularizer)
        self.kernel_constraint = resolve("kernel_constraint", constraints.get, kernel_constraint)
        self.bias_constraint = resolve("bias_constraint", constraints.get, bias_constraint)
        self.x = self.z = self.a = self.delta = None

    def _describe_args(self):
        return {"units": self.units}

    def get_config(self):
        config = super().get_config()
        config["activation"] = serialize(self.activation)
        for key in ("kernel_initializer", "bias_initializer", "kernel_regularizer",
                    "bias_regularizer", "kernel_constraint", "bias_constraint"):
            config[key] = serialize_optional(getattr(self, key))
        return config

    @property
    def activation(self):
        """σ, an [Activation][lucidnet.activations.Activation]; assigning a name, a function
        or None (linear) resolves it, as Keras's `layer.activation = None` does."""
        return self._activation

    @activation.setter
    def activation(self, value):
        self._activation = resolve("activation", activations.get, value)

    @property
    def kernel(self) -> np.ndarray:
        """W, shape (inputs, units): a `Tensor` view of the layer's
        array, so it follows training, and `layer.kernel.numpy()` is a copy."""
        return wrap(self.weights[0])

    @property
    def bias(self) -> np.ndarray | None:
        """b, shape (units,) (a live view, like [`kernel`][lucidnet.layers.Dense.kernel]), or None when
        `use_bias=False`."""
        return wrap(self.weights[1]) if self.use_bias else None

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) != 2:
            hint = ""
            if len(input_shape) > 2:
                hint = (
                    "\nHint: flatten images first, e.g. x.reshape(len(x), -1), or put a "
                    "Flatten() layer before this one."
                )
            raise ValueError(
                f"{self.describe()} expected inputs of shape (batch, features), got shape "
                f"{shape_str(input_shape)}.{hint}"
            )
        if self.built and input_shape[1] != self.input_shape[1]:
            raise ValueError(
                f"{self.describe()} expected inputs with {self.input_shape[1]} features, "
                f"got shape {shape_str(input_shape)}."
            )
        self.activation.check_input_shape((input_shape[0], self.units), self.describe())
        return (input_shape[0], self.units)

    def create_weights(self, input_shape, dtype, rng):
        self.add_weight("kernel", (input_shape[1], self.units), self.kernel_initializer, rng,
                        constraint=self.kernel_constraint)
        if self.use_bias:
            self.add_weight("bias", (self.units,), self.bias_initializer, rng,
                            constraint=self.bias_constraint)

    def forward(self, x, training=False):
        """zˡ = aˡ⁻¹Wˡ + bˡ, then aˡ = σ(zˡ).

        ```formula
        zˡ = aˡ⁻¹ Wˡ + bˡ,    aˡ = σ(zˡ)
        ```

        Parameters
        ----------
        x : ndarray of shape (N, inputs)
            aˡ⁻¹, the batch of inputs.
        training : bool
            Whether this is a training pass (Dense behaves the same either way).

        Returns
        -------
        ndarray of shape (N, units)
            aˡ.
        """
        self.x = x
        z = np.dot(x, self.weights[0])  # matmul's result, bit for bit, with less overhead
        if self.use_bias:  # z += b and σ, fused where the activation can
            self.a = self._activation.add_bias_forward(z, self.weights[1])
        else:
            self.a = self._activation.forward(z)
        self.z = z
        return self.a

    def infer(self, x):
        """aˡ = σ(aˡ⁻¹Wˡ + bˡ) in inference mode, σ written over zˡ, which is not kept.

        One array per layer instead of two, and nothing stored: `x`, `z` and `a` stay those
        of the last [`forward`][lucidnet.layers.Dense.forward], which backward and
        [lucidnet.inspection.trace][] read.

        Parameters
        ----------
        x : ndarray of shape (N, inputs)
            aˡ⁻¹, the batch of inputs (left as it was).

        Returns
        -------
        ndarray of shape (N, units)
            aˡ, a new array.
        """
        z = np.dot(x, self.weights[0])
        if self.use_bias:
            return self._activation.add_bias_forward_in_place(z, self.weights[1])
        return self._activation.forward_in_place(z)

    def backward(self, grad, need_input_grad=True):
        """δˡ = ∂C/∂aˡ ⊙ σ'(zˡ), then [`backward_delta`][lucidnet.layers.Dense.backward_delta].

        Parameters
        ----------
        grad : ndarray of shape (N, units)
            ∂C/∂aˡ.
        need_input_grad : bool
            Whether to compute ∂C/∂aˡ⁻¹ (the first layer needs none).

        Returns
        -------
        ndarray of shape (N, inputs) or None
            ∂C/∂aˡ⁻¹ = δˡ(Wˡ)ᵀ, or None without `need_input_grad`.
        """
        if self.trainable and self.use_bias:  # δ and Σₙ δ, fused where the activation can
            delta, grad_bias = self._activation.backward_and_bias_sum(
                self.z, self.a, grad, self._grad_outs()[1])
            return self.backward_delta(delta, need_input_grad, grad_bias)
        return self.backward_delta(self._activation.backward(self.z, self.a, grad),
                                   need_input_grad)

    def _grad_outs(self):
        """Where BP4 and BP3 write ∂C/∂W and ∂C/∂b: the model's flat gradient array when it
        gave this layer views of it (`grad_out`), else (None, None), new arrays."""
        out = self.grad_out
        return out if out is not None and len(out) == 1 + self.use_bias else (None, None)

    def backward_delta(self, delta, need_input_grad=True, grad_bias=None):
        """From δˡ = ∂C/∂zˡ: BP4 ∂C/∂W = (aˡ⁻¹)ᵀδˡ, BP3 ∂C/∂b = Σₙ δˡₙ; returns δˡ(Wˡ)ᵀ.

        ```formula
        ∂C/∂Wˡ = (aˡ⁻¹)ᵀ δˡ,    ∂C/∂bˡ = Σₙ δˡₙ,    ∂C/∂aˡ⁻¹ = δˡ (Wˡ)ᵀ
        ```

        The gradients are stored in `grads`.  A frozen layer (`trainable=False`) skips BP3
        and BP4 and only passes δ on.

        Parameters
        ----------
        delta : ndarray of shape (N, units)
            δˡ = ∂C/∂zˡ.
        need_input_grad : bool
            Whether to compute ∂C/∂aˡ⁻¹ (the first layer needs none).
        grad_bias : ndarray of shape (units,) or None
            Σₙ δˡₙ when the activation's backward has summed it already, else None.

        Returns
        -------
        ndarray of shape (N, inputs) or None
            δˡ(Wˡ)ᵀ, or None without `need_input_grad`.
        """
        self.delta = delta
        kernel = self.weights[0]
        if not self.trainable:
            self.grads = []
            return delta @ kernel.T if need_input_grad else None
        # Into the model's flat gradient array when it gave one (`grad_out`), saving a copy.
        out = self._grad_outs()
        grad_kernel = np.matmul(self.x.T, delta, out=out[0])
        if self.kernel_regularizer is not None:
            grad_kernel += self.kernel_regularizer.gradient(kernel)
        self.grads = [grad_kernel]
        if self.use_bias:
            if grad_bias is None:  # not already summed by the activation's backward
                grad_bias = delta.sum(axis=0, out=out[1])
            if self.bias_regularizer is not None:
                grad_bias += self.bias_regularizer.gradient(self.weights[1])
            self.grads.append(grad_bias)
        return delta @ kernel.T if need_input_grad else None

    def regularization_loss(self) -> float:
        penalty = 0.0
        if self.kernel_regularizer is not None:
            penalty += self.kernel_regularizer(self.weights[0])
        if self.bias_regularizer is not None and self.use_bias:
            penalty += self.bias_regularizer(self.weights[1])
        return penalty
