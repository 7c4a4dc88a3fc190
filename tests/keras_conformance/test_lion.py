"""keras/src/optimizers/lion_test.py, ported: Lion's single step, golden run, weight decay,
clipping and configuration."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras import Input, Sequential
from lucidnet.keras.layers import Dense
from lucidnet.keras.optimizers import Lion

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/lion_test.py::LionTest::test_config
def test_config():
    assert_config_round_trips(Lion(learning_rate=0.5, beta_1=0.5, beta_2=0.67))


# keras: optimizers/lion_test.py::LionTest::test_single_step
def test_single_step():
    w = single_step(Lion(learning_rate=0.5))
    np.testing.assert_allclose(w, [0.5, 1.5, 2.5, 3.5], **KERAS_TOLERANCE)


# keras: optimizers/lion_test.py::LionTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: Lion(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/lion_test.py::LionTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.tile([[0.999], [0.998], [0.997], [0.996], [0.995]], (1, 10))
    trajectory = golden_run(Lion(), dtype=np.float64)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/lion_test.py::LionTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(Lion, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/lion_test.py::LionTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(Lion, clipvalue=1), [1.0, 1.0])


# keras: optimizers/lion_test.py::LionTest::test_invalid_beta_1
@pytest.mark.parametrize("beta_1", [-0.1, 0.0, 1.1])
def test_invalid_beta_1(beta_1):
    with pytest.raises(ValueError, match=rf"beta_1 must be a number in \(0, 1\], got {beta_1}"):
        Lion(beta_1=beta_1)


# keras: optimizers/lion_test.py::LionTest::test_ema
def test_ema():
    # Keras's test only fits; here the weights must also end as their average.
    model = Sequential([Input((5,)), Dense(10)])
    model.compile(optimizer=Lion(use_ema=True), loss="mse")
    model.fit(np.zeros((1, 5)), np.zeros((1, 10)), verbose=0)
    np.testing.assert_array_equal(model.get_weights()[0],
                                  model.optimizer.get_state()["average/0"])
