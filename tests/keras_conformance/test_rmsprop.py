"""keras/src/optimizers/rmsprop_test.py, ported: RMSprop's single step, golden run, weight
decay, clipping and configuration."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras.optimizers import RMSprop

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/rmsprop_test.py::RMSpropTest::test_config
def test_config():
    assert_config_round_trips(RMSprop(learning_rate=0.5, rho=0.8, momentum=0.05, epsilon=1e-6,
                                      centered=True))


# keras: optimizers/rmsprop_test.py::RMSpropTest::test_single_step
def test_single_step():
    w = single_step(RMSprop(learning_rate=0.5))
    np.testing.assert_allclose(w, [-0.5811, 0.4189, 1.4189, 2.4189], **KERAS_TOLERANCE)


# keras: optimizers/rmsprop_test.py::RMSpropTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: RMSprop(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/rmsprop_test.py::RMSpropTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.tile([[0.9967], [0.9933], [0.9908], [0.9885], [0.9864]], (1, 10))
    trajectory = golden_run(RMSprop(centered=True), dtype=np.float64)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/rmsprop_test.py::RMSpropTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(RMSprop, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/rmsprop_test.py::RMSpropTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(RMSprop, clipvalue=1), [1.0, 1.0])
