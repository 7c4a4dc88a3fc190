"""keras/src/optimizers/nadam_test.py, ported: Nadam's single step, golden run, weight decay,
clipping and configuration."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras.optimizers import Nadam

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/nadam_test.py::NadamTest::test_config
def test_config():
    assert_config_round_trips(Nadam(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5))


# keras: optimizers/nadam_test.py::NadamTest::test_single_step
def test_single_step():
    w = single_step(Nadam(learning_rate=0.5))
    np.testing.assert_allclose(w, [0.4686, 1.4686, 2.4686, 3.4686], **KERAS_TOLERANCE)


# keras: optimizers/nadam_test.py::NadamTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: Nadam(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/nadam_test.py::NadamTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.array([
        [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
        [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
        [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
        [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
        [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
    ])
    optimizer = Nadam(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5)
    trajectory = golden_run(optimizer, dtype=np.float32)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/nadam_test.py::NadamTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(Nadam, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/nadam_test.py::NadamTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(Nadam, clipvalue=1), [1.0, 1.0])


# keras: optimizers/nadam_test.py::NadamTest::test_build_with_empty_var_list
def test_build_with_empty_var_list():
    optimizer = Nadam()
    optimizer.build([])
    assert optimizer.built
    assert optimizer.mu_product == 1.0
