"""keras/src/optimizers/optimizer_test.py, ported: what every optimizer shares (the step
count, gradients that are None, the clipping options, ``get``, a callable learning rate,
``variables`` and ``set_weights``, pickling)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from lucidnet.keras import Input, Sequential, optimizers
from lucidnet.keras.layers import Dense

#: The optimizers of Keras's parametrized cases that lucidnet has (all but Adafactor).
NAMES = ["adam", "sgd", "adamw", "adagrad", "rmsprop", "adadelta", "adamax", "lion", "nadam",
         "ftrl"]


# keras: optimizers/optimizer_test.py::OptimizerTest::test_iterations_counter
def test_iterations_counter():
    v = np.array([[1.0, 2.0], [3.0, 4.0]])
    grads = np.array([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.Adam(learning_rate=1.0)
    assert optimizer.iterations == 0
    optimizer.apply([v], [grads])
    assert optimizer.iterations == 1
    optimizer.apply([v], [grads])
    assert optimizer.iterations == 2


# keras: optimizers/optimizer_test.py::OptimizerTest::test_empty_gradients
def test_empty_gradients():
    v = np.array([[3.0, 4.0], [5.0, 6.0]])
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        optimizers.SGD(learning_rate=1.0).apply([v], [None])

    v2 = np.array([[3.0, 4.0], [5.0, 6.0]])
    grads2 = np.array([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.SGD(learning_rate=1.0)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for parameters \[0\]"):
        optimizer.apply([v, v2], [None, grads2])
    np.testing.assert_allclose(v, [[3.0, 4.0], [5.0, 6.0]])
    np.testing.assert_allclose(v2, [[2.0, 3.0], [4.0, 5.0]])


# keras: optimizers/optimizer_test.py::OptimizerTest::test_clip_args
def test_clip_args():
    assert optimizers.SGD(learning_rate=1.0, clipnorm=0.1).clipnorm == 0.1
    assert optimizers.SGD(learning_rate=1.0, clipvalue=0.1).clipvalue == 0.1
    assert optimizers.SGD(learning_rate=1.0, global_clipnorm=0.1).global_clipnorm == 0.1
    message = "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can"
    with pytest.raises(ValueError, match=message):
        optimizers.SGD(learning_rate=1.0, clipnorm=0.1, clipvalue=0.1)
    with pytest.raises(ValueError, match=message):
        optimizers.SGD(learning_rate=1.0, clipnorm=0.1, global_clipnorm=0.1)


# keras: optimizers/optimizer_test.py::OptimizerTest::test_clip_norm
def test_clip_norm():
    (clipped,) = optimizers.SGD(clipnorm=1).clip_gradients([np.array([100.0, 100.0])])
    np.testing.assert_allclose(clipped, [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/optimizer_test.py::OptimizerTest::test_clip_value
def test_clip_value():
    (clipped,) = optimizers.SGD(clipvalue=1).clip_gradients([np.array([100.0, 100.0])])
    np.testing.assert_allclose(clipped, [1.0, 1.0])


# keras: optimizers/optimizer_test.py::OptimizerTest::test_global_clip_norm
def test_global_clip_norm():
    grad = np.array([50.0, 100.0], dtype=np.float32)
    (clipped,) = optimizers.SGD(global_clipnorm=1).clip_gradients([grad])
    np.testing.assert_allclose(clipped, grad / np.linalg.norm(grad), rtol=1e-6)


# keras: optimizers/optimizer_test.py::OptimizerTest::test_ema
def test_ema():
    v = np.array([[3.0, 4.0], [5.0, 6.0]])
    grads = np.array([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.SGD(learning_rate=1.0, use_ema=True, ema_momentum=0.9,
                               ema_overwrite_frequency=3)
    optimizer.apply([v], [grads])
    np.testing.assert_allclose(v, [[2.0, 3.0], [4.0, 5.0]])
    # Initialized after the first step.
    np.testing.assert_allclose(optimizer.get_state()["average/0"], [[2.0, 3.0], [4.0, 5.0]])
    optimizer.apply([v], [grads])
    np.testing.assert_allclose(v, [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(optimizer.get_state()["average/0"], [[1.9, 2.9], [3.9, 4.9]])
    optimizer.apply([v], [grads])
    # The weights were overwritten with the average.
    np.testing.assert_allclose(v, [[1.71, 2.71], [3.71, 4.71]])
    np.testing.assert_allclose(optimizer.get_state()["average/0"], [[1.71, 2.71], [3.71, 4.71]])


# keras: optimizers/optimizer_test.py::OptimizerTest::test_ema_with_model_fit
def test_ema_with_model_fit():
    optimizer = optimizers.SGD(learning_rate=0.1, use_ema=True, ema_momentum=0.9)
    model = Sequential([Input((1,)), Dense(2, kernel_initializer="ones", use_bias=False)])
    model.compile(loss="mse", optimizer=optimizer)
    # Keras's y is (1, 1), broadcast against the (1, 2) output; lucidnet takes y of the
    # output's shape, the same mean squared error.
    model.fit(np.ones((1, 1), np.float32), np.zeros((1, 2), np.float32), batch_size=1,
              epochs=2, verbose=0)
    np.testing.assert_allclose(optimizer.get_state()["average/0"], [[0.891, 0.891]], atol=1e-5)
    np.testing.assert_allclose(model.get_weights()[0], [[0.891, 0.891]], atol=1e-5)


# keras: optimizers/optimizer_test.py::OptimizerTest::test_get_method
def test_get_method():
    assert isinstance(optimizers.get("sgd"), optimizers.SGD)
    assert isinstance(optimizers.get("adamw"), optimizers.AdamW)
    assert optimizers.get(None) is None
    with pytest.raises(ValueError):
        optimizers.get("typo")


# keras: optimizers/optimizer_test.py::OptimizerTest::test_set_weights
def test_set_weights():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    optimizer_1 = optimizers.Adam()
    optimizer_1.apply([x], [np.array([[1.0, 2.0], [3.0, 4.0]])])
    optimizer_2 = optimizers.Adam()
    with pytest.raises(ValueError, match="You are calling"):
        optimizer_2.set_weights(optimizer_1.variables)
    optimizer_2.build([x])
    optimizer_2.set_weights(optimizer_1.variables)
    assert len(optimizer_1.variables) == len(optimizer_2.variables) == 4
    for mine, theirs in zip(optimizer_1.variables, optimizer_2.variables):
        np.testing.assert_allclose(mine, theirs)


# keras: optimizers/optimizer_test.py::OptimizerTest::test_gradient_accumulation
def test_gradient_accumulation():
    v = np.array([[1.0, 2.0], [3.0, 4.0]])
    grads = np.array([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.SGD(learning_rate=1.0, gradient_accumulation_steps=3)
    assert optimizer.gradient_accumulation_steps == 3
    # (weights, accumulated gradients, calls so far, iterations) after each of 4 calls
    expected = [
        ([[1.0, 2.0], [3.0, 4.0]], [[1.0, 1.0], [1.0, 1.0]], 1, 0),
        ([[1.0, 2.0], [3.0, 4.0]], [[2.0, 2.0], [2.0, 2.0]], 2, 0),
        ([[0.0, 1.0], [2.0, 3.0]], [[0.0, 0.0], [0.0, 0.0]], 3, 1),
        ([[0.0, 1.0], [2.0, 3.0]], [[1.0, 1.0], [1.0, 1.0]], 4, 1),
    ]
    for weights, accumulated, calls, iterations in expected:
        optimizer.apply([v], [grads])
        state = optimizer.get_state()
        np.testing.assert_allclose(v, weights)
        np.testing.assert_allclose(state["accumulated/0"], accumulated)
        assert state["gradient_calls"] == calls
        assert optimizer.iterations == iterations


# keras: optimizers/optimizer_test.py::OptimizerTest::test_gradient_accumulation_with_weigth_decay
@pytest.mark.parametrize("name", NAMES)
def test_gradient_accumulation_with_weigth_decay(name):
    optimizer1 = optimizers.get({"class_name": name, "config": {"weight_decay": 0.05}})
    optimizer3 = optimizers.get({"class_name": name, "config": {
        "weight_decay": 0.05, "gradient_accumulation_steps": 3}})
    variable1 = np.array([[0.9], [0.5]])
    variable3 = np.array([[0.9], [0.5]])
    rng = np.random.default_rng(0)
    for _ in range(8):
        grads3 = rng.random([3, 2, 1]).astype(np.float32)
        optimizer1.apply([variable1], [grads3.mean(axis=0)])
        for batch in range(3):
            optimizer3.apply([variable3], [grads3[batch]])
    np.testing.assert_allclose(variable1, variable3, rtol=1e-6, atol=1e-6)


# keras: optimizers/optimizer_test.py::OptimizerTest::test_callable_learning_rate
def test_callable_learning_rate():
    v = np.array([[1.0, 2.0], [3.0, 4.0]])
    optimizer = optimizers.SGD(learning_rate=lambda: 0.1)
    assert optimizer.iterations == 0
    optimizer.apply([v], [np.array([[1.0, 1.0], [1.0, 1.0]])])
    np.testing.assert_allclose(v, [[0.9, 1.9], [2.9, 3.9]])
    assert optimizer.iterations == 1


# keras: optimizers/optimizer_test.py::OptimizerTest::test_setting_lr_to_callable_untracks_lr_var
def test_setting_lr_to_callable_untracks_lr_var():
    adam = optimizers.Adam(learning_rate=0.001)
    assert len(adam.variables) == 2
    adam.learning_rate = optimizers.schedules.PolynomialDecay(adam.learning_rate, 4)
    assert len(adam.variables) == 1


# keras: optimizers/optimizer_test.py::OptimizerTest::test_pickleable_optimizers
@pytest.mark.parametrize("name", NAMES)
def test_pickleable_optimizers(name):
    optimizer = optimizers.get(name)
    reloaded = pickle.loads(pickle.dumps(optimizer))
    assert optimizer.get_config() == reloaded.get_config()
