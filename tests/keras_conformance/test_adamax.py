"""keras/src/optimizers/adamax_test.py, ported: Adamax's single step, golden run, weight decay,
clipping and configuration."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras.optimizers import Adamax

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/adamax_test.py::AdamaxTest::test_config
def test_config():
    assert_config_round_trips(Adamax(learning_rate=0.5, beta_1=0.8, beta_2=0.95, epsilon=1e-5))


# keras: optimizers/adamax_test.py::AdamaxTest::test_single_step
def test_single_step():
    w = single_step(Adamax(learning_rate=0.5))
    np.testing.assert_allclose(w, [0.5, 1.5, 2.5, 3.5], **KERAS_TOLERANCE)


# keras: optimizers/adamax_test.py::AdamaxTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: Adamax(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/adamax_test.py::AdamaxTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.array([
        [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8],
        [0.6827, 0.6873, 0.6888, 0.6896, 0.6901, 0.6904, 0.6906, 0.6908, 0.6909, 0.691],
        [0.5333, 0.5407, 0.5431, 0.5444, 0.5451, 0.5456, 0.546, 0.5462, 0.5464, 0.5466],
        [0.368, 0.3773, 0.3804, 0.382, 0.3829, 0.3835, 0.384, 0.3843, 0.3846, 0.3848],
        [0.1933, 0.204, 0.2076, 0.2094, 0.2105, 0.2112, 0.2117, 0.2121, 0.2124, 0.2126],
    ])
    optimizer = Adamax(learning_rate=0.2, beta_1=0.85, beta_2=0.95, epsilon=1e-6)
    trajectory = golden_run(optimizer, dtype=np.float32)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/adamax_test.py::AdamaxTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(Adamax, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/adamax_test.py::AdamaxTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(Adamax, clipvalue=1), [1.0, 1.0])
