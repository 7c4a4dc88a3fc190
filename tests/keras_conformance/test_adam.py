"""keras/src/optimizers/adam_test.py, ported: Adam's single step, golden run, weight decay,
clipping and configuration."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras import Input, Sequential
from lucidnet.keras.layers import Dense
from lucidnet.keras.optimizers import Adam

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/adam_test.py::AdamTest::test_config
def test_config():
    assert_config_round_trips(Adam(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5,
                                   amsgrad=True))


# keras: optimizers/adam_test.py::AdamTest::test_single_step
def test_single_step():
    w = single_step(Adam(learning_rate=0.5))
    np.testing.assert_allclose(w, [0.5, 1.5, 2.5, 3.5], **KERAS_TOLERANCE)


# keras: optimizers/adam_test.py::AdamTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: Adam(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/adam_test.py::AdamTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.tile([[0.999], [0.9982], [0.9974], [0.9965], [0.9955]], (1, 10))
    trajectory = golden_run(Adam(amsgrad=True), dtype=np.float32)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/adam_test.py::AdamTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(Adam, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/adam_test.py::AdamTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(Adam, clipvalue=1), [1.0, 1.0])


# keras: optimizers/adam_test.py::AdamTest::test_ema
def test_ema():
    optimizer = Adam(learning_rate=1.0, use_ema=True, ema_momentum=0.9)
    var = np.array([1.0, 2.0], dtype=np.float32)
    grads = np.array([0.1, 0.2], dtype=np.float32)
    # First step: the average starts at the updated weights.
    optimizer.apply([var], [grads])
    v1 = var.copy()
    np.testing.assert_allclose(optimizer.get_state()["average/0"], v1)
    optimizer.apply([var], [grads])
    v2 = var.copy()
    expected_ema = 0.9 * v1 + 0.1 * v2
    np.testing.assert_allclose(optimizer.get_state()["average/0"], expected_ema, rtol=1e-6)
    # Finalizing overwrites the weights with their average.
    optimizer.finalize_variable_values([var])
    np.testing.assert_allclose(var, expected_ema, rtol=1e-6)

    # fit() finalizes the weights when it ends.
    model = Sequential([Input((5,)), Dense(10, kernel_initializer="ones", use_bias=False)])
    model.compile(optimizer=Adam(use_ema=True, ema_momentum=0.9), loss="mse")
    model.fit(np.ones((1, 5)), np.zeros((1, 10)), verbose=0)
    np.testing.assert_allclose(model.get_weights()[0],
                               model.optimizer.get_state()["average/0"])


# keras: optimizers/adam_test.py::AdamTest::test_ema_overwrite_frequency
def test_ema_overwrite_frequency():
    optimizer = Adam(learning_rate=1.0, use_ema=True, ema_momentum=0.9,
                     ema_overwrite_frequency=2)
    optimizer_no_ema = Adam(learning_rate=1.0)
    var = np.array([1.0, 2.0], dtype=np.float32)
    var_no_ema = np.array([1.0, 2.0], dtype=np.float32)
    grads = np.array([0.1, 0.2], dtype=np.float32)
    optimizer.apply([var], [grads])
    optimizer_no_ema.apply([var_no_ema], [grads])
    v1 = var_no_ema.copy()
    np.testing.assert_allclose(var, v1)  # not overwritten after step 1
    optimizer.apply([var], [grads])
    optimizer_no_ema.apply([var_no_ema], [grads])
    v2 = var_no_ema.copy()
    expected_ema = 0.9 * v1 + 0.1 * v2
    # Step 2: updated to v2, then overwritten by the average.
    np.testing.assert_allclose(var, expected_ema, rtol=1e-6)
    np.testing.assert_allclose(optimizer.get_state()["average/0"], expected_ema, rtol=1e-6)
