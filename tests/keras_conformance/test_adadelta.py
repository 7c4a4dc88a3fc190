"""keras/src/optimizers/adadelta_test.py, ported: Adadelta's single step, golden run, weight
decay, clipping and configuration."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras.optimizers import Adadelta

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/adadelta_test.py::AdadeltaTest::test_config
def test_config():
    assert_config_round_trips(Adadelta(learning_rate=0.5, rho=0.9, epsilon=1e-5))


# keras: optimizers/adadelta_test.py::AdadeltaTest::test_single_step
def test_single_step():
    w = single_step(Adadelta(learning_rate=0.5))
    np.testing.assert_allclose(w, [0.9993, 1.9993, 2.9993, 3.9993], **KERAS_TOLERANCE)


# keras: optimizers/adadelta_test.py::AdadeltaTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: Adadelta(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/adadelta_test.py::AdadeltaTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.tile([[0.9978], [0.9947], [0.9915], [0.9882], [0.9849]], (1, 10))
    trajectory = golden_run(Adadelta(learning_rate=1.0, rho=0.8, epsilon=1e-6), dtype=np.float64)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/adadelta_test.py::AdadeltaTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(Adadelta, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/adadelta_test.py::AdadeltaTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(Adadelta, clipvalue=1), [1.0, 1.0])
