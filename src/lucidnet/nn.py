"""TensorFlow's `tf.nn` activation functions, for tutorials written `import tensorflow as tf`.

Such a notebook passes `activation=tf.nn.relu` to its layers. With `import lucidnet as tf`
that line runs unchanged: each name here *is* the function of [lucidnet.activations][]
of the same name (not a wrapper), so `Dense(128, activation=tf.nn.relu)` is
`Dense(128, activation="relu")` and the model saves and loads as one. The functions keep
Keras 3's signatures, as in `keras.activations` (`softmax(x, axis=-1)`,
`leaky_relu(x, negative_slope=0.2)`), which agree with `tf.nn`'s defaults; called on an
array they return an array, a = σ(z) elementwise (softmax and log-softmax along the last axis).

Examples
--------
>>> import lucidnet as tf
>>> tf.nn.relu is tf.activations.relu
True
>>> print(tf.nn.softmax([[1.0, 1.0]]))
[[0.5 0.5]]
"""

from .activations import (elu, gelu, leaky_relu, log_softmax, relu, relu6, selu, sigmoid, silu,
                          softmax, softplus, softsign, swish, tanh)

__all__ = [
    "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "elu", "selu", "softplus",
    "softsign", "silu", "swish", "gelu", "leaky_relu",
]
