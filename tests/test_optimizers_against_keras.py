"""A short training run with every optimizer lands on Keras 3's weights.

A 4-3-2 network (tanh, then linear; mse) from fixed weights is fitted for 3 epochs of 4
batches, unshuffled, with each optimizer and variant. The last layer's weights after the run
are Keras's own (recorded from Keras 3.15 on the torch backend in float32, to 6 digits), so
the test means something without Keras; with Keras installed, the same run is repeated
in Keras and every weight compared. The cases of Keras's own test suite, one step at a
time, are in tests/keras_conformance/.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import lucidnet.keras as lucidnet_keras

os.environ.setdefault("KERAS_BACKEND", "torch")  # before Keras is imported, if it is

#: float32 runs of 12 steps: Keras computes its step sizes in float32 where lucidnet takes
#: them from float64, which leaves the Adam family ~1e-5 apart.
TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}

#: name: (registered optimizer, its config).
CASES = {
    "sgd": ("sgd", {"learning_rate": 0.1}),
    "sgd_momentum": ("sgd", {"learning_rate": 0.1, "momentum": 0.9}),
    "sgd_nesterov": ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    "rmsprop": ("rmsprop", {"learning_rate": 0.01}),
    "rmsprop_centered_momentum": ("rmsprop", {"learning_rate": 0.01, "momentum": 0.9,
                                              "centered": True}),
    "adagrad": ("adagrad", {"learning_rate": 0.1}),
    "adadelta": ("adadelta", {"learning_rate": 1.0}),
    "adam": ("adam", {"learning_rate": 0.01}),
    "adam_amsgrad": ("adam", {"learning_rate": 0.01, "amsgrad": True}),
    "adamw": ("adamw", {"learning_rate": 0.01, "weight_decay": 0.1}),
    "adamax": ("adamax", {"learning_rate": 0.01}),
    "nadam": ("nadam", {"learning_rate": 0.01}),
    "lion": ("lion", {"learning_rate": 0.001, "weight_decay": 0.5}),
    "ftrl": ("ftrl", {"learning_rate": 0.05, "l1_regularization_strength": 0.01,
                      "l2_regularization_strength": 0.02}),
}

#: name: (the last layer's kernel, row by row, and its bias) after Keras's run.
KERAS_WEIGHTS = {
    "sgd": ([-0.818464, 0.158849, -0.199154, 0.053535, -0.149261, 0.109349],
            [-0.01288, 0.214625]),
    "sgd_momentum": ([-0.278277, 0.284772, -0.119635, 0.133914, -0.228412, 0.067453],
                     [0.017718, 0.392704]),
    "sgd_nesterov": ([-0.260858, 0.335147, -0.136707, 0.131477, -0.221338, 0.07622],
                     [0.020257, 0.404595]),
    "rmsprop": ([-1.02712, 0.160681, -0.204476, 0.055525, -0.023782, 0.127723],
                [0.023655, 0.081432]),
    "rmsprop_centered_momentum": ([-0.656329, 0.062149, 0.06266, 0.235672, 0.145276, 0.28917],
                                  [0.114605, 0.267625]),
    "adagrad": ([-0.895375, 0.150616, -0.16325, 0.073601, -0.051915, 0.137592],
                [0.034853, 0.183903]),
    "adadelta": ([-1.11572, 0.190847, -0.281902, 0.052911, -0.037761, 0.102232],
                 [0.001501, 0.010089]),
    "adam": ([-1.05669, 0.163727, -0.224708, 0.044545, -0.038393, 0.123819],
             [0.026324, 0.043447]),
    "adam_amsgrad": ([-1.05669, 0.163728, -0.224708, 0.044545, -0.038393, 0.123818],
                     [0.026324, 0.043447]),
    "adamw": ([-1.04395, 0.161667, -0.221888, 0.044005, -0.037802, 0.122462],
              [0.026203, 0.043319]),
    "adamax": ([-1.08226, 0.169104, -0.238348, 0.044009, -0.028973, 0.120167],
               [0.022492, 0.018771]),
    "nadam": ([-1.0725, 0.174501, -0.243018, 0.047493, -0.037779, 0.114013],
              [0.013385, 0.043798]),
    "lion": ([-1.11036, 0.186044, -0.283101, 0.054316, -0.031642, 0.100449],
             [-6e-06, 0.005988]),
    "ftrl": ([-0.279716, 0.056418, -0.035473, -0.008921, 0.009338, 0.103149],
             [0.064577, 0.110292]),
}


def problem():
    """x (16×4), y (16×2) and the starting weights, from a fixed seed."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 4)).astype(np.float32)
    y = rng.normal(size=(16, 2)).astype(np.float32)
    weights = [rng.normal(size=(4, 3)).astype(np.float32) * 0.5, np.full(3, 0.1, np.float32),
               rng.normal(size=(3, 2)).astype(np.float32) * 0.5, np.zeros(2, np.float32)]
    return x, y, weights


def trained_weights(keras, name):
    """The weights after the run, in ``lucidnet.keras`` or in ``keras`` itself."""
    x, y, weights = problem()
    optimizer, config = CASES[name]
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="tanh"),
                              keras.layers.Dense(2)])
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.get({"class_name": optimizer, "config": config}),
                  loss="mse")
    model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    return [np.asarray(w) for w in model.get_weights()]


def test_every_registered_optimizer_is_run():
    assert {optimizer for optimizer, _ in CASES.values()} == set(
        lucidnet_keras.optimizers.names())


@pytest.mark.parametrize("name", CASES)
def test_training_lands_on_keras_s_weights(name):
    *_, kernel, bias = trained_weights(lucidnet_keras, name)
    expected_kernel, expected_bias = KERAS_WEIGHTS[name]
    np.testing.assert_allclose(kernel.ravel(), expected_kernel, **TOLERANCE)
    np.testing.assert_allclose(bias, expected_bias, **TOLERANCE)


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.mark.parametrize("name", CASES)
def test_training_lands_on_the_weights_keras_itself_computes(name, keras):
    for ours, theirs in zip(trained_weights(lucidnet_keras, name), trained_weights(keras, name)):
        np.testing.assert_allclose(ours, theirs, **TOLERANCE)
