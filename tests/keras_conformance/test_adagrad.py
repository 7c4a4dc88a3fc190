"""keras/src/optimizers/adagrad_test.py, ported: Adagrad's single step, golden run, weight
decay, clipping and configuration."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras.optimizers import Adagrad

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/adagrad_test.py::AdagradTest::test_config
def test_config():
    assert_config_round_trips(Adagrad(learning_rate=0.5, initial_accumulator_value=0.2,
                                      epsilon=1e-5))


# keras: optimizers/adagrad_test.py::AdagradTest::test_single_step
def test_single_step():
    w = single_step(Adagrad(learning_rate=0.5))
    np.testing.assert_allclose(w, [0.5233, 1.5007, 2.5005, 3.5061], **KERAS_TOLERANCE)


# keras: optimizers/adagrad_test.py::AdagradTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: Adagrad(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/adagrad_test.py::AdagradTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.array([
        [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
        [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
        [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
        [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
        [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
    ])
    optimizer = Adagrad(learning_rate=0.2, initial_accumulator_value=0.3, epsilon=1e-6)
    trajectory = golden_run(optimizer, dtype=np.float64)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/adagrad_test.py::AdagradTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(Adagrad, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/adagrad_test.py::AdagradTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(Adagrad, clipvalue=1), [1.0, 1.0])
