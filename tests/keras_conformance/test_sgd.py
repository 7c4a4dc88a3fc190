"""keras/src/optimizers/sgd_test.py, ported: SGD's single step, golden run, weight decay,
clipping, configuration and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

from lucidnet.keras.optimizers import SGD

from .optimizer_cases import (
    GOLDEN_TOLERANCE,
    KERAS_TOLERANCE,
    assert_config_round_trips,
    clipped,
    golden_run,
    single_step,
    weight_decay_run,
)


# keras: optimizers/sgd_test.py::SGDTest::test_config
def test_config():
    assert_config_round_trips(SGD(learning_rate=0.5, momentum=0.06, nesterov=True,
                                  weight_decay=0.004))


# keras: optimizers/sgd_test.py::SGDTest::test_single_step
def test_single_step():
    optimizer = SGD(learning_rate=0.5)
    assert len(optimizer.variables) == 2
    w = single_step(optimizer)
    np.testing.assert_allclose(w, [0.5, -1.0, -0.5, 3.0], **KERAS_TOLERANCE)
    variables = optimizer.variables
    assert len(variables) == 2
    assert variables[0] == 1
    assert variables[1] == 0.5


# keras: optimizers/sgd_test.py::SGDTest::test_invalid_momentum
@pytest.mark.parametrize("momentum", [-1.0, 2.0])
def test_invalid_momentum(momentum):
    with pytest.raises(ValueError, match=rf"momentum must be a number in \[0, 1\), got {momentum}"):
        SGD(momentum=momentum)


# keras: optimizers/sgd_test.py::SGDTest::test_weight_decay
def test_weight_decay():
    var1, var2, var3 = weight_decay_run(lambda: SGD(learning_rate=1.0, weight_decay=0.004))
    assert var1 == pytest.approx(1.9760959, abs=1e-6)
    assert var2 == pytest.approx(2.0, abs=1e-6)
    assert var3 == pytest.approx(2.0, abs=1e-6)


# keras: optimizers/sgd_test.py::SGDTest::test_correctness_with_golden
def test_correctness_with_golden():
    golden = np.array([
        [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
        [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
        [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
        [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
        [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599]])
    # Keras's x is a float64 array here; nesterov without momentum is plain SGD, as in Keras.
    trajectory = golden_run(SGD(nesterov=True), dtype=np.float64)
    np.testing.assert_allclose(trajectory, golden, **GOLDEN_TOLERANCE)


# keras: optimizers/sgd_test.py::SGDTest::test_clip_norm
def test_clip_norm():
    np.testing.assert_allclose(clipped(SGD, clipnorm=1), [2**0.5 / 2, 2**0.5 / 2])


# keras: optimizers/sgd_test.py::SGDTest::test_clip_value
def test_clip_value():
    np.testing.assert_allclose(clipped(SGD, clipvalue=1), [1.0, 1.0])
