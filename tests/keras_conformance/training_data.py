"""The data Keras's callback and trainer tests train on, made the way Keras's
`testing.test_utils.get_test_data` makes it: balanced classes, each example its class's random
template plus unit Gaussian noise, from a seeded generator; and the overflowing network of
Keras's TerminateOnNaN and CSVLogger cases."""

from __future__ import annotations

import numpy as np

from lucidnet import keras


def get_test_data(train_samples: int, test_samples: int, input_shape: tuple, num_classes: int,
                  random_seed: int = 0):
    """`((x_train, y_train), (x_test, y_test))` with integer labels.

    Examples
    --------
    >>> (x, y), (x_test, y_test) = get_test_data(10, 10, (3,), 2)
    >>> x.shape, sorted(set(y.tolist())), x_test.shape
    ((10, 3), [0, 1], (10, 3))
    """
    rng = np.random.default_rng(random_seed)
    total = train_samples + test_samples
    per_class = total // num_classes
    y = np.array([c for c in range(num_classes) for _ in range(per_class)]
                 + [i % num_classes for i in range(total - per_class * num_classes)])
    templates = 2 * num_classes * rng.random((num_classes, *input_shape))
    x = (templates[y] + rng.normal(size=(total, *input_shape))).astype("float32")
    order = rng.permutation(total)
    x, y = x[order], y[order]
    return (x[:train_samples], y[:train_samples]), (x[train_samples:], y[train_samples:])


def overflowing_classifier(samples: int = 10, input_dim: int = 3, num_classes: int = 2):
    """Keras's TerminateOnNaN network, five relu layers whose weights are 1e5 then a linear
    one, compiled with mse and SGD, and its one-hot data `(x_train, y_train, x_test, y_test)`:
    the loss of the first batch overflows."""
    rng = np.random.default_rng(1337)

    def one_hot():
        return keras.utils.to_categorical(rng.choice(num_classes, size=samples), num_classes)

    x_train, y_train, x_test, y_test = rng.random((samples, input_dim)), one_hot(), \
        rng.random((samples, input_dim)), one_hot()
    model = keras.Sequential()
    for _ in range(5):
        model.add(keras.layers.Dense(num_classes, activation="relu",
                                     kernel_initializer=keras.initializers.Constant(value=1e5)))
    model.add(keras.layers.Dense(num_classes))
    model.compile(loss="mean_squared_error", optimizer="sgd")
    return model, (x_train, y_train, x_test, y_test)
