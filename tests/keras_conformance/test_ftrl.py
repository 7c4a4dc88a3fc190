"""keras/src/optimizers/ftrl_test.py, ported: Ftrl's single step, golden run, clipping,
configuration and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras.optimizers import Ftrl

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
)


# keras: optimizers/ftrl_test.py::FtrlTest::test_config
def test_config():
    assert_config_round_trips(Ftrl(learning_rate=0.05, learning_rate_power=-0.2,
                                   initial_accumulator_value=0.4,
                                   l1_regularization_strength=0.05,
                                   l2_regularization_strength=0.15,
                                   l2_shrinkage_regularization_strength=0.01, beta=0.3))


# keras: optimizers/ftrl_test.py::FtrlTest::test_single_step
def test_single_step():
    w = single_step(Ftrl(learning_rate=0.5))
    np.testing.assert_allclose(w, [0.2218, 1.3954, 2.3651, 2.8814], **KERAS_TOLERANCE)


# keras: optimizers/ftrl_test.py::FtrlTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.array([
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [-0.0034, -0.0077, -0.0118, -0.0157, -0.0194, -0.023, -0.0263, -0.0294, -0.0325, -0.0354],
        [-0.0078, -0.0162, -0.0242, -0.0317, -0.0387, -0.0454, -0.0516, -0.0575, -0.0631, -0.0685],
        [-0.0121, -0.0246, -0.0363, -0.0472, -0.0573, -0.0668, -0.0757, -0.0842, -0.0922, -0.0999],
        [-0.0164, -0.0328, -0.0481, -0.0623, -0.0753, -0.0875, -0.099, -0.1098, -0.1201, -0.1299],
    ])
    trajectory = golden_run(Ftrl(
        learning_rate=0.05, learning_rate_power=-0.2, initial_accumulator_value=0.4,
        l1_regularization_strength=0.05, l2_regularization_strength=0.15,
        l2_shrinkage_regularization_strength=0.01, beta=0.3), dtype=np.float64)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/ftrl_test.py::FtrlTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(Ftrl, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/ftrl_test.py::FtrlTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(Ftrl, clipvalue=1), [1.0, 1.0])



# keras: optimizers/ftrl_test.py::FtrlTest::test_invalid_initial_accumulator_value
def test_invalid_initial_accumulator_value():
    with pytest.raises(ValueError,
                       match=r"^initial_accumulator_value must be a number >= 0, got -0\.1"):
        Ftrl(initial_accumulator_value=-0.1)


# keras: optimizers/ftrl_test.py::FtrlTest::test_invalid_learning_rate_power
def test_invalid_learning_rate_power():
    with pytest.raises(ValueError,
                       match=r"^learning_rate_power must be a number <= 0, got 0\.1"):
        Ftrl(learning_rate_power=0.1)


# keras: optimizers/ftrl_test.py::FtrlTest::test_invalid_l1_regularization_strength
def test_invalid_l1_regularization_strength():
    with pytest.raises(ValueError,
                       match=r"^l1_regularization_strength must be a number >= 0, got -0\.1"):
        Ftrl(l1_regularization_strength=-0.1)


# keras: optimizers/ftrl_test.py::FtrlTest::test_invalid_l2_regularization_strength
def test_invalid_l2_regularization_strength():
    with pytest.raises(ValueError,
                       match=r"^l2_regularization_strength must be a number >= 0, got -0\.1"):
        Ftrl(l2_regularization_strength=-0.1)


# keras: optimizers/ftrl_test.py::FtrlTest::test_invalid_l2_shrinkage_regularization_strength
def test_invalid_l2_shrinkage_regularization_strength():
    with pytest.raises(ValueError,
                       match=r"^l2_shrinkage_regularization_strength must be a number >= 0, got -0\.1"):
        Ftrl(l2_shrinkage_regularization_strength=-0.1)
