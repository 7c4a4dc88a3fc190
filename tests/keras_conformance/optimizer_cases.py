"""The protocols Keras 3's optimizer tests share, for the ported modules here.

Keras tests every optimizer the same few ways (``keras/src/optimizers/*_test.py``): a
single step from w = [1, 2, 3, 4] with g = [1, 6, 7, 2]; the "golden" run from w = 1
(10 values), one step with g = 0.01 and five with g = 0.1, 0.2, …, 1.0; the weight decay
of a zero gradient, with a parameter excluded by name and one by identity; the clipping
options on g = [100, 100]; and the config's round trip. The expected numbers stay in each
test module, next to the Keras test they come from.
"""

from __future__ import annotations

import json
import pickle

import numpy as np

from lucidnet.optimizers import get, serialize

#: Keras's tolerance for the single step and the golden runs.
KERAS_TOLERANCE = {"rtol": 1e-4, "atol": 1e-4}
GOLDEN_TOLERANCE = {"rtol": 5e-4, "atol": 5e-4}


def single_step(optimizer) -> np.ndarray:
    """w after one step from w = [1, 2, 3, 4] with g = [1, 6, 7, 2], in float32."""
    w = np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32)
    optimizer.apply([w], [np.array([1.0, 6.0, 7.0, 2.0], dtype=np.float32)])
    return w


def golden_run(optimizer, dtype=np.float32) -> np.ndarray:
    """Keras's golden protocol: x = 1 (10 values), one step with g = 0.01, then five steps
    with g = 0.1, 0.2, …, 1.0; x before each of these five steps."""
    x = np.ones(10, dtype=dtype)
    grads = np.arange(0.1, 1.1, 0.1).astype(dtype)[:10]
    optimizer.apply([x], [np.full(10, 0.01, dtype=dtype)])
    trajectory = []
    for _ in range(5):
        trajectory.append(x.copy())
        optimizer.apply([x], [grads])
    return np.array(trajectory)


def weight_decay_run(make) -> tuple[float, float, float]:
    """Keras's ``test_weight_decay``: three optimizers made by ``make()`` (lr = 1,
    λ = 0.004) step on zero gradients; var1 is decayed by all three, var2 is excluded by
    name ("exclude") and var3 by identity. Returns (var1, var2, var3)."""
    var1, var2, var3 = np.array(2.0), np.array(2.0), np.array(2.0)
    zero = np.zeros(())
    make().apply([var1], [zero], names=["variable"])
    by_name = make()
    by_name.exclude_from_weight_decay(var_names=["exclude"])
    by_name.apply([var1, var2], [zero, zero], names=["variable", "exclude"])
    by_identity = make()
    by_identity.exclude_from_weight_decay(var_list=[var3])
    by_identity.apply([var1, var3], [zero, zero], names=["variable", "variable_1"])
    return float(var1), float(var2), float(var3)


def clipped(make, **clipping) -> np.ndarray:
    """The gradient [100, 100] as the optimizer ``make(**clipping)`` clips it."""
    return make(**clipping).clip_gradients([np.array([100.0, 100.0])])[0]


def assert_config_round_trips(optimizer) -> None:
    """Keras's ``run_class_serialization_test``: the config survives from_config, JSON,
    the registry's serialize/get and pickle, and rebuilds an optimizer of the same class."""
    config = optimizer.get_config()
    rebuilt = type(optimizer).from_config(config)
    assert type(rebuilt) is type(optimizer)
    assert rebuilt.get_config() == config
    assert json.loads(json.dumps(config)) == config
    revived = get(json.loads(json.dumps(serialize(optimizer))))
    assert type(revived) is type(optimizer) and revived.get_config() == config
    assert pickle.loads(pickle.dumps(optimizer)).get_config() == config
