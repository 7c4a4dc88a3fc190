"""keras/src/optimizers/schedules/learning_rate_schedule_test.py, ported: every schedule's
values, its configuration, and an Adam fit whose learning rate decays."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from lucidnet.keras import layers, optimizers
from lucidnet.keras.models import Sequential
from lucidnet.keras.optimizers import schedules

#: Keras compares the schedules' values at rtol = 1e-6 (its assertAllClose's third
#: argument), atol 1e-6 by default.
TOLERANCE = {"rel": 1e-6, "abs": 1e-6}


def assert_config_round_trips(schedule):
    """Keras's ``run_class_serialization_test`` for a schedule."""
    config = schedule.get_config()
    rebuilt = type(schedule).from_config(config)
    assert rebuilt.get_config() == config
    assert json.loads(json.dumps(config)) == config
    revived = schedules.get(json.loads(json.dumps(schedules.serialize(schedule))))
    assert type(revived) is type(schedule) and revived.get_config() == config


# keras: optimizers/schedules/learning_rate_schedule_test.py::TestFitLRSchedulesFlow::test_fit_lr_correctness
def test_fit_lr_correctness():
    model = Sequential([layers.Dense(2, kernel_initializer="ones", bias_initializer="ones")])
    optimizer = optimizers.Adam(learning_rate=schedules.ExponentialDecay(
        initial_learning_rate=0.05, decay_steps=1, decay_rate=0.9))
    assert len(optimizer.variables) == 1
    assert optimizer.variables[0] == 0
    model.compile(optimizer=optimizer, loss="mse")
    x = np.arange(32).reshape((16, 2))
    y = np.arange(32).reshape((16, 2))
    history = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    assert optimizer.variables[0] == 4 * 3
    np.testing.assert_allclose(history.history["loss"],
                               [230.79457092285156, 128.30319213867188, 79.33648681640625],
                               rtol=5e-5)


# keras: optimizers/schedules/learning_rate_schedule_test.py::ExponentialDecayTest::test_config
def test_exponential_decay_config():
    assert_config_round_trips(schedules.ExponentialDecay(
        initial_learning_rate=0.05, decay_steps=10, decay_rate=0.96, staircase=True,
        name="my_ed"))


# keras: optimizers/schedules/learning_rate_schedule_test.py::ExponentialDecayTest::test_continuous
def test_exponential_decay_continuous():
    decayed_lr = schedules.ExponentialDecay(0.05, 10, 0.96)
    assert decayed_lr(5) == pytest.approx(0.05 * 0.96 ** (5.0 / 10.0), **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::ExponentialDecayTest::test_staircase
# keras: optimizers/schedules/learning_rate_schedule_test.py::ExponentialDecayTest::test_variables
@pytest.mark.parametrize("step, expected", [(1.0, 0.1), (2, 0.1), (100, 0.1 * 0.96 ** (100 // 3))])
def test_exponential_decay_staircase(step, expected):
    decayed_lr = schedules.ExponentialDecay(0.1, 3, 0.96, staircase=True)
    assert decayed_lr(step) == pytest.approx(expected, **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::PiecewiseConstantDecayTest::test_config
def test_piecewise_constant_decay_config():
    assert_config_round_trips(schedules.PiecewiseConstantDecay(
        boundaries=[10, 20], values=[1, 2, 3], name="my_pcd"))


# keras: optimizers/schedules/learning_rate_schedule_test.py::PiecewiseConstantDecayTest::test_piecewise_values
@pytest.mark.parametrize("step, expected", [
    (-999.0, 1.0), (100, 1.0), (105, 0.1), (110, 0.1), (120, 0.01), (999, 0.001)])
def test_piecewise_values(step, expected):
    decayed_lr = schedules.PiecewiseConstantDecay([100, 110, 120], [1.0, 0.1, 0.01, 0.001])
    assert decayed_lr(step) == pytest.approx(expected, **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::PiecewiseConstantDecayTest::test_boundary_values
@pytest.mark.parametrize("step, expected", [(0, 0.4), (1, 0.4), (2, 0.5), (3, 0.6), (4, 0.7)])
def test_boundary_values(step, expected):
    decayed_lr = schedules.PiecewiseConstantDecay([1, 2, 3], [0.4, 0.5, 0.6, 0.7])
    assert decayed_lr(np.int64(step)) == pytest.approx(expected, **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::LinearDecayTest::test_config
def test_polynomial_decay_config():
    assert_config_round_trips(schedules.PolynomialDecay(
        initial_learning_rate=0.1, decay_steps=100, end_learning_rate=0.005, power=1.0,
        cycle=False, name="my_ld"))


LR, END_LR = 0.05, 0.001

# (Keras test, step, end_learning_rate, power, cycle, expected)
POLYNOMIAL_CASES = [
    ("LinearDecayTest::test_halfway", 5, 0.0, 1.0, False, LR * 0.5),
    ("LinearDecayTest::test_end", 10, END_LR, 1.0, False, END_LR),
    ("LinearDecayTest::test_halfway_with_end", 5, END_LR, 1.0, False, (LR + END_LR) * 0.5),
    ("LinearDecayTest::test_beyond_end", 15, END_LR, 1.0, False, END_LR),
    ("LinearDecayTest::test_beyond_end_with_cycle", 15, END_LR, 1.0, True,
     (LR - END_LR) * 0.25 + END_LR),
    ("SqrtDecayTest::test_halfway", 5, 0.0, 0.5, False, LR * 0.5**0.5),
    ("SqrtDecayTest::test_end", 10, END_LR, 0.5, False, END_LR),
    ("SqrtDecayTest::test_halfway_with_end", 5, END_LR, 0.5, False,
     (LR - END_LR) * 0.5**0.5 + END_LR),
    ("SqrtDecayTest::test_beyond_end", 15, END_LR, 0.5, False, END_LR),
    ("SqrtDecayTest::test_beyond_end_with_cycle", 15, END_LR, 0.5, True,
     (LR - END_LR) * 0.25**0.5 + END_LR),
]


# keras: optimizers/schedules/learning_rate_schedule_test.py::<the test of each case's id>
@pytest.mark.parametrize("step, end_lr, power, cycle, expected",
                         [case[1:] for case in POLYNOMIAL_CASES],
                         ids=[case[0] for case in POLYNOMIAL_CASES])
def test_polynomial_decay(step, end_lr, power, cycle, expected):
    decayed_lr = schedules.PolynomialDecay(LR, 10, end_lr, power=power, cycle=cycle)
    assert decayed_lr(step) == pytest.approx(expected, **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::SqrtDecayTest::test_begin_with_cycle
def test_polynomial_decay_begin_with_cycle():
    assert schedules.PolynomialDecay(0.001, 10, cycle=True)(0) == pytest.approx(0.001, **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::InverseTimeDecayTest::test_config
def test_inverse_time_decay_config():
    assert_config_round_trips(schedules.InverseTimeDecay(
        initial_learning_rate=0.05, decay_steps=10, decay_rate=0.96, staircase=True,
        name="my_itd"))


# keras: optimizers/schedules/learning_rate_schedule_test.py::InverseTimeDecayTest::test_decay
def test_inverse_time_decay():
    decayed_lr = schedules.InverseTimeDecay(0.1, 10, 0.96)
    for i in range(11):
        assert decayed_lr(float(i)) == pytest.approx(0.1 / (1 + i / 10 * 0.96), **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::InverseTimeDecayTest::test_staircase
def test_inverse_time_decay_staircase():
    decayed_lr = schedules.InverseTimeDecay(0.1, 10, 0.96, staircase=True)
    for i in range(11):
        assert decayed_lr(float(i)) == pytest.approx(0.1 / (1 + 0.96 * (i // 10)), **TOLERANCE)


def cosine_decay(step, decay_steps, alpha=0.0):
    """Keras's test's reference: (1 − α)·½(1 + cos(π·min(s, D)/D)) + α."""
    fraction = min(step, decay_steps) / decay_steps
    return (1.0 - alpha) * 0.5 * (1.0 + math.cos(math.pi * fraction)) + alpha


def linear_warmup(step, warmup_steps, initial_lr, target_lr):
    return step / warmup_steps * (target_lr - initial_lr)


# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayTest::test_config
def test_cosine_decay_config():
    assert_config_round_trips(schedules.CosineDecay(
        initial_learning_rate=0.05, decay_steps=10, alpha=0.1, warmup_target=0.2,
        warmup_steps=2, name="my_cd"))


# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayTest::test_decay
# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayTest::test_float64
@pytest.mark.parametrize("initial_lr", [1.0, np.float64(1.0)])
def test_cosine_decay(initial_lr):
    for step in range(0, 1500, 250):
        decayed_lr = schedules.CosineDecay(initial_lr, 1000)
        assert decayed_lr(step) == pytest.approx(cosine_decay(step, 1000), **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayTest::test_warmup
def test_cosine_decay_warmup():
    for step in range(0, 1500, 250):
        lr = schedules.CosineDecay(0.0, 10, warmup_target=10.0, warmup_steps=1500)
        assert lr(step) == pytest.approx(linear_warmup(step, 1500, 0.0, 10.0), **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayTest::test_alpha
def test_cosine_decay_alpha():
    for step in range(0, 1500, 250):
        decayed_lr = schedules.CosineDecay(1.0, 1000, 0.1)
        assert decayed_lr(step) == pytest.approx(cosine_decay(step, 1000, 0.1), **TOLERANCE)


# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayTest::test_warmup_decay
def test_cosine_decay_warmup_decay():
    for step in range(0, 3000, 250):
        lr = schedules.CosineDecay(0.0, 1000, warmup_target=10.0, warmup_steps=2000)
        if step < 2000 + 1:
            expected = linear_warmup(step, 2000, 0.0, 10.0)
        else:
            expected = 10.0 * cosine_decay(step - 2000, 1000)
        assert lr(step) == pytest.approx(expected, **TOLERANCE)


def cosine_decay_restarts(step, decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0):
    """Keras's test's reference: the periods walked one by one."""
    factor = 1.0
    while step >= decay_steps:
        step -= decay_steps
        decay_steps *= t_mul
        factor *= m_mul
    decay = factor * 0.5 * (1.0 + math.cos(math.pi * step / decay_steps))
    return (1.0 - alpha) * decay + alpha


# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayRestartsTest::test_config
def test_cosine_decay_restarts_config():
    assert_config_round_trips(schedules.CosineDecayRestarts(
        initial_learning_rate=0.05, first_decay_steps=10, alpha=0.1, t_mul=3.0, m_mul=4.0,
        name="my_cdr"))


# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayRestartsTest::test_decay
# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayRestartsTest::test_float64
# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayRestartsTest::test_alpha
# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayRestartsTest::test_mmul
# keras: optimizers/schedules/learning_rate_schedule_test.py::CosineDecayRestartsTest::test_tmul
@pytest.mark.parametrize("initial_lr, arguments", [
    (1.0, {}), (np.float64(1.0), {}), (1.0, {"alpha": 0.1}), (1.0, {"m_mul": 0.9}),
    (1.0, {"t_mul": 1.0})], ids=["decay", "float64", "alpha", "mmul", "tmul"])
def test_cosine_decay_restarts(initial_lr, arguments):
    for step in range(0, 1500, 250):
        decayed_lr = schedules.CosineDecayRestarts(initial_lr, 1000, **arguments)
        expected = cosine_decay_restarts(step, 1000, **arguments)
        assert decayed_lr(step) == pytest.approx(expected, **TOLERANCE)
