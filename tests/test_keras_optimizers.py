"""Keras 3 compatibility of the optimizers: weight_decay, tf.keras 2's lr/decay.

Golden values are ported from Keras 3's own tests (keras/src/optimizers/*_test.py, named at
each table), which run in float32 and compare at rtol = atol = 5e-4; the same tolerance is
used here. The registry-wide checks (state and config round trips, dtypes, threads, torch)
are in tests/test_optimizers.py, which picks up every registered optimizer.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from lucidnet.optimizers import (
    OPTIMIZERS,
    SGD,
    Adam,
    AdamW,
    RMSprop,
    get,
    serialize,
)
from lucidnet.optimizers.schedules import ExponentialDecay, InverseTimeDecay

# -- weight_decay ---------------------------------------------------------------------------------

# keras/src/optimizers/{sgd,adam,rmsprop,adamax,lion}_test.py::test_weight_decay: three
# optimizers with lr = 1 and λ = 0.004 each take one step on w = 2 with g = 0, which leaves
# the rules' own steps at 0: w = 2·(1 − 0.004)³.
WEIGHT_DECAY_GOLDEN = 1.9760959


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_weight_decay_with_zero_gradients_matches_keras(name):
    w = np.array(2.0, dtype=np.float32)
    for _ in range(3):
        get({"class_name": name, "config": {"learning_rate": 1.0, "weight_decay": 0.004}}
            ).apply([w], [np.zeros((), dtype=np.float32)])
    assert w == pytest.approx(WEIGHT_DECAY_GOLDEN, abs=1e-6)


W0, G = np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.25, -1.0])


def test_sgd_weight_decay_shrinks_w_before_the_gradient_step():
    w = W0.copy()
    SGD(0.1, weight_decay=0.2).apply([w], [G])
    np.testing.assert_allclose(w, W0 - 0.1 * 0.2 * W0 - 0.1 * G, rtol=1e-15)


def test_sgd_momentum_weight_decay_is_not_accumulated_in_the_velocity():
    w = W0.copy()
    optimizer = SGD(0.1, momentum=0.9, weight_decay=0.2)
    optimizer.apply([w], [G])
    optimizer.apply([w], [G])
    w_1 = W0 * (1 - 0.02) - 0.1 * G
    np.testing.assert_allclose(w, w_1 * (1 - 0.02) - 0.1 * (0.9 * G + G), rtol=1e-14)
    np.testing.assert_allclose(optimizer.get_state()["b/0"], 1.9 * G, rtol=1e-15)


def test_adam_weight_decay_is_adamw():
    a, b = W0.copy(), W0.copy()
    adam, adamw = Adam(0.01, weight_decay=0.1), AdamW(0.01, weight_decay=0.1)
    for step in range(3):
        adam.apply([a], [G * (step + 1)])
        adamw.apply([b], [G * (step + 1)])
    np.testing.assert_array_equal(a, b)


def test_adam_weight_decay_by_hand():
    w = W0.copy()
    Adam(0.01, weight_decay=0.1).apply([w], [G])
    m_hat, v_hat = G, G**2  # 0.1·g/(1 − 0.9) and 0.001·g²/(1 − 0.999)
    np.testing.assert_allclose(w, W0 * (1 - 0.001) - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-7),
                               rtol=1e-14)


def test_rmsprop_weight_decay_by_hand():
    w = W0.copy()
    RMSprop(0.01, weight_decay=0.1).apply([w], [G])
    v = 0.1 * G**2
    np.testing.assert_allclose(w, W0 * (1 - 0.001) - 0.01 * G / (np.sqrt(v) + 1e-7), rtol=1e-14)


def test_weight_decay_uses_the_learning_rate_of_the_step():
    w = W0.copy()
    optimizer = SGD(ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5), weight_decay=1.0)
    optimizer.apply([w], [np.zeros(3)])
    optimizer.apply([w], [np.zeros(3)])
    np.testing.assert_allclose(w, W0 * (1 - 0.1) * (1 - 0.05), rtol=1e-15)


def test_weight_decay_defaults_to_none_but_for_adamw():
    for name, cls in OPTIMIZERS.items():
        expected = 0.004 if cls is AdamW else None
        assert cls().weight_decay == expected, name
        assert cls().get_config()["weight_decay"] == expected, name


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_weight_decay_round_trips_through_the_config(name):
    optimizer = get({"class_name": name, "config": {"weight_decay": 0.05}})
    config = json.loads(json.dumps(serialize(optimizer)))
    assert config["config"]["weight_decay"] == 0.05
    assert get(config).get_config() == optimizer.get_config()


def test_adamw_config_is_keras_s_and_unchanged():
    assert AdamW().get_config() == {
        "learning_rate": 0.001, "weight_decay": 0.004, "beta_1": 0.9, "beta_2": 0.999,
        "epsilon": 1e-7, "amsgrad": False, "clipnorm": None, "clipvalue": None,
        "global_clipnorm": None, "name": "adamw",
    }


# -- tf.keras 2's lr= and decay= ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_lr_is_a_deprecated_alias_of_learning_rate(name):
    cls = OPTIMIZERS.lookup(name)
    with pytest.warns(DeprecationWarning, match=r"lr=\.\.\.\) is deprecated.*learning_rate=0\.02"):
        optimizer = cls(lr=0.02)
    assert optimizer.learning_rate == 0.02
    config = optimizer.get_config()
    assert "lr" not in config and config["learning_rate"] == 0.02


@pytest.mark.parametrize("call", [
    lambda: SGD(lr=0.1, decay=0.01),
    lambda: AdamW(lr=0.1, decay=0.01),  # three constructors deep
], ids=["sgd", "adamw"])
def test_the_deprecation_warnings_point_at_the_caller(call):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        call()
    assert [warning.category for warning in record] == [DeprecationWarning] * 2
    assert {warning.filename for warning in record} == {__file__}


@pytest.mark.parametrize("call", [
    lambda: SGD(learning_rate=0.1, lr=0.2),
    lambda: SGD(0.1, lr=0.2),
    lambda: AdamW(0.1, 0.01, lr=0.2),
], ids=["keyword", "positional", "adamw-positional"])
def test_lr_beside_learning_rate_is_a_type_error(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # refused before any warning
        with pytest.raises(TypeError, match=r"got learning_rate=0\.1 and lr=0\.2, its deprecated "
                                            r"alias; pass learning_rate= only"):
            call()


def test_decay_is_an_inverse_time_decay_schedule():
    with pytest.warns(DeprecationWarning,
                      match=r"decay=0\.5\) is deprecated.*learning_rate=schedules\.InverseTimeDecay"
                            r"\(0\.1, decay_steps=1, decay_rate=0\.5\)"):
        optimizer = SGD(0.1, decay=0.5)
    assert isinstance(optimizer.schedule, InverseTimeDecay)
    # tf.keras 2 (OptimizerV2._decayed_lr): lr / (1 + decay·iterations), before each update.
    w = np.zeros(1)
    for t in range(4):
        assert optimizer.learning_rate == pytest.approx(0.1 / (1 + 0.5 * t), rel=1e-15)
        optimizer.apply([w], [np.ones(1)])
    assert w[0] == pytest.approx(-sum(0.1 / (1 + 0.5 * t) for t in range(4)), rel=1e-15)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_decay_saves_the_modern_config(name):
    cls = OPTIMIZERS.lookup(name)
    with pytest.warns(DeprecationWarning):
        optimizer = cls(lr=0.02, decay=1e-3)
    config = json.loads(json.dumps(optimizer.get_config()))
    assert "lr" not in config and "decay" not in config
    assert config["learning_rate"] == {
        "class_name": "InverseTimeDecay",
        "config": {"initial_learning_rate": 0.02, "decay_steps": 1, "decay_rate": 1e-3,
                   "staircase": False},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rebuilt = cls.from_config(config)
    rebuilt.iterations = optimizer.iterations = 10
    assert rebuilt.learning_rate == optimizer.learning_rate == pytest.approx(0.02 / 1.01)


def test_decay_applies_to_the_default_learning_rate():
    with pytest.warns(DeprecationWarning, match=r"InverseTimeDecay\(0\.001, "):
        optimizer = AdamW(decay=0.1)
    assert optimizer.schedule.initial_learning_rate == 0.001
    assert optimizer.weight_decay == 0.004


def test_decay_zero_changes_nothing_but_is_still_deprecated():
    with pytest.warns(DeprecationWarning, match=r"decay=0\) is deprecated and changes nothing"):
        optimizer = Adam(0.01, decay=0.0)
    assert optimizer.schedule is None and optimizer.learning_rate == 0.01


@pytest.mark.parametrize("schedule", [
    ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5),
    lambda step: 0.1,
], ids=["schedule", "callable"])
def test_decay_on_top_of_a_schedule_is_refused(schedule):
    with pytest.raises(ValueError, match=r"SGD\(decay=0\.01\) cannot decay the schedule "
                                         r"learning_rate=.*Build the decay into the schedule"):
        SGD(learning_rate=schedule, decay=0.01)


@pytest.mark.parametrize("call, message", [
    (lambda: SGD(decay=-0.1), r"decay must be a number >= 0, got -0\.1"),
    (lambda: SGD(decay="fast"), r"decay must be a number >= 0, got 'fast'"),
    (lambda: SGD(learning_rate=-1.0, decay=0.1), r"learning_rate must be a number > 0, got -1\.0"),
], ids=["negative", "string", "bad-learning-rate"])
def test_bad_decay_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_subclass_constructor_accepts_the_deprecated_arguments_too():
    class Tweaked(SGD):
        def __init__(self, learning_rate=0.05, extra=1, **kwargs):
            super().__init__(learning_rate, **kwargs)
            self.extra = extra

    with pytest.warns(DeprecationWarning) as record:
        optimizer = Tweaked(decay=1.0)
    assert record[0].filename == __file__
    assert optimizer.schedule.initial_learning_rate == 0.05


# -- bad arguments --------------------------------------------------------------------------------


@pytest.mark.parametrize("make, message", [
    (lambda: SGD(weight_decay=-0.1), r"weight_decay must be a number >= 0, got -0\.1"),
    (lambda: RMSprop(weight_decay="0.1"), r"weight_decay must be a number >= 0, got '0\.1'"),
    # keras/src/optimizers/adamw_test.py::AdamWTest::test_weight_decay_is_none
    (lambda: AdamW(weight_decay=None), r"weight_decay must be a number >= 0, got None"),
])
def test_bad_arguments_name_argument_value_and_requirement(make, message):
    with pytest.raises(ValueError, match=message):
        make()
