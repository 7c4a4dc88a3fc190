"""Keras 3 compatibility of the optimizers: weight_decay.

Golden values are ported from Keras 3's own tests (keras/src/optimizers/*_test.py, named at
each table), which run in float32 and compare at rtol = atol = 5e-4; the same tolerance is
used here. The registry-wide checks (state and config round trips, dtypes, threads, torch)
are in tests/test_optimizers.py, which picks up every registered optimizer.
"""

from __future__ import annotations

import json

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
from lucidnet.optimizers.schedules import ExponentialDecay

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
