"""keras/src/optimizers/adamw_test.py, ported: AdamW's single step, golden run, weight decay,
clipping and configuration."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras.optimizers import AdamW

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/adamw_test.py::AdamWTest::test_config
def test_config():
    assert_config_round_trips(AdamW(learning_rate=0.5, weight_decay=0.008, beta_1=0.5, beta_2=0.67,
                                    epsilon=1e-5, amsgrad=True))


# keras: optimizers/adamw_test.py::AdamWTest::test_single_step
def test_single_step():
    w = single_step(AdamW(learning_rate=0.5))
    np.testing.assert_allclose(w, [0.4980, 1.4960, 2.494, 3.492], **KERAS_TOLERANCE)


# keras: optimizers/adamw_test.py::AdamWTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: AdamW(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/adamw_test.py::AdamWTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.array([
        [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
        [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
        [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
        [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
        [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
    ])
    trajectory = golden_run(AdamW(learning_rate=1.0, weight_decay=0.5, epsilon=2), dtype=np.float32)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/adamw_test.py::AdamWTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(AdamW, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/adamw_test.py::AdamWTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(AdamW, clipvalue=1), [1.0, 1.0])


# keras: optimizers/adamw_test.py::AdamWTest::test_weight_decay_is_none
def test_weight_decay_is_none():
    with pytest.raises(ValueError, match="weight_decay must be a number >= 0, got None"):
        AdamW(learning_rate=1.0, weight_decay=None)
