"""Keras 3 compatibility of the optimizers beyond Keras's own cases: Adamax and Lion by hand,
weight_decay and its exclusions, tf.keras 2's lr/decay, Ftrl against Keras itself, and the
formula switch.

Keras's own test cases (golden values, single steps, ...) are ported in
tests/keras_conformance/. The registry-wide checks (state and config round trips, dtypes,
threads, torch) are in tests/test_optimizers.py, which picks up every registered optimizer.
"""

from __future__ import annotations

import importlib.util
import json
import os
import warnings

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import Dense, Input, Sequential
from lucidnet.optimizers import (
    OPTIMIZERS,
    SGD,
    Adam,
    Adamax,
    AdamW,
    Ftrl,
    Lion,
    RMSprop,
    get,
    serialize,
)
from lucidnet.optimizers.schedules import ExponentialDecay, InverseTimeDecay

requires_torch = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None, reason="PyTorch is not installed"
)


def test_adamax_later_steps_follow_the_infinity_norm_by_hand():
    w, beta_1, beta_2, epsilon, lr = np.array([1.0]), 0.9, 0.999, 0.1, 0.01
    optimizer = Adamax(lr, epsilon=epsilon)
    optimizer.apply([w], [np.array([2.0])])
    optimizer.apply([w], [np.array([0.5])])
    m = beta_1 * (1 - beta_1) * 2.0 + (1 - beta_1) * 0.5
    u = max(beta_2 * 2.0, 0.5)  # the decayed maximum wins over |g| = 0.5
    w_1 = 1.0 - lr / (1 - beta_1) * (1 - beta_1) * 2.0 / (2.0 + epsilon)
    np.testing.assert_allclose(w, [w_1 - lr / (1 - beta_1**2) * m / (u + epsilon)], rtol=1e-14)


@requires_torch
def test_adamax_adds_epsilon_to_the_norm_as_keras_where_torch_adds_it_inside_the_maximum():
    """Keras: d = max(β₂·u, |g|) + ε; torch: u ← max(β₂·u, |g| + ε), d = u. They agree at
    step 1 and whenever |g| ≥ β₂·u; here at step 2 the decayed maximum wins and the two
    denominators are 0.999·2 + ε and 0.999·(2 + ε)."""
    import torch

    lr, epsilon = 0.01, 0.1
    ours = np.array([1.0])
    theirs = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    optimizer = Adamax(lr, epsilon=epsilon)
    torch_optimizer = torch.optim.Adamax([theirs], lr=lr, eps=epsilon)
    trajectory = []
    for g in (2.0, 0.5):
        optimizer.apply([ours], [np.array([g])])
        theirs.grad = torch.tensor([g], dtype=torch.float64)
        torch_optimizer.step()
        trajectory.append((ours[0], theirs.item()))
    (ours_1, theirs_1), (ours_2, theirs_2) = trajectory
    assert ours_1 == pytest.approx(theirs_1, rel=1e-15)
    m = 0.9 * 0.2 + 0.1 * 0.5
    keras_step, torch_step = m / (1.998 + epsilon), m / (0.999 * (2 + epsilon))
    assert ours_1 - ours_2 == pytest.approx(lr / (1 - 0.81) * keras_step, rel=1e-12)
    assert theirs_1 - theirs_2 == pytest.approx(lr / (1 - 0.81) * torch_step, rel=1e-12)
    assert abs(ours_2 - theirs_2) > 1e-7


def test_lion_moves_every_coordinate_by_the_learning_rate_towards_minus_the_blend():
    w, m_1 = np.zeros(3), 0.01 * np.array([1.0, -1.0, 0.0])
    optimizer = Lion(0.1)
    optimizer.apply([w], [np.array([1.0, -1.0, 0.0])])  # m = 0.01·g after this step
    np.testing.assert_array_equal(w, [-0.1, 0.1, 0.0])
    np.testing.assert_allclose(optimizer.get_state()["m/0"], m_1, rtol=1e-15)
    # c = 0.9·m + 0.1·g: a gradient against the momentum wins when it is large enough
    # (−1 against 0.01), not when it is small (0.05 against −0.01).
    optimizer.apply([w], [np.array([-1.0, 0.05, 5.0])])
    np.testing.assert_array_equal(w, [0.0, 0.2, -0.1])


def test_lion_with_beta_1_of_one_steps_along_the_momentum_only():
    w = np.zeros(2)
    optimizer = Lion(0.1, beta_1=1.0)
    optimizer.apply([w], [np.array([1.0, -1.0])])
    np.testing.assert_array_equal(w, [0.0, 0.0])  # m was 0
    optimizer.apply([w], [np.array([-5.0, 5.0])])
    np.testing.assert_array_equal(w, [-0.1, 0.1])  # sign(m), m = 0.01·(1, −1)


# -- weight_decay ---------------------------------------------------------------------------------

# keras/src/optimizers/{sgd,adam,rmsprop,adamax,lion}_test.py::test_weight_decay: three
# optimizers with lr = 1 and λ = 0.004 each take one step on w = 2 with g = 0, which leaves
# the rules' own steps at 0: w = 2·(1 − 0.004)³.
WEIGHT_DECAY_GOLDEN = 1.9760959


# Ftrl sets w from its accumulated z alone, w = (clip(z, −λ₁, λ₁) − z)/q, so a step with
# g = 0 from z = 0 gives w = 0 whatever the decay did before (Keras's too).
@pytest.mark.parametrize("name", sorted(set(OPTIMIZERS) - {"ftrl"}))
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
    # Keras's velocity v ← μ·v − lr·g, in w's units.
    np.testing.assert_allclose(optimizer.get_state()["momentum/0"], -0.1 * 1.9 * G, rtol=1e-15)


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
    m, v = 0.1 * G, 0.001 * G**2
    lr_t = 0.01 * np.sqrt(1 - 0.999) / (1 - 0.9)  # Keras's ε is added to √v, not to √v̂
    np.testing.assert_allclose(w, W0 * (1 - 0.001) - lr_t * m / (np.sqrt(v) + 1e-7),
                               rtol=1e-14)


def test_rmsprop_weight_decay_by_hand():
    w = W0.copy()
    RMSprop(0.01, weight_decay=0.1).apply([w], [G])
    v = 0.1 * G**2
    np.testing.assert_allclose(w, W0 * (1 - 0.001) - 0.01 * G / np.sqrt(v + 1e-7), rtol=1e-14)


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


def test_fit_spares_the_weights_excluded_by_name_from_weight_decay():
    model = Sequential([Input((2,)), Dense(2, kernel_initializer="ones", bias_initializer="ones")])
    optimizer = SGD(learning_rate=0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    model.compile(optimizer=optimizer, loss="mse")
    # The prediction is the target: zero gradients, so only the decay moves the weights.
    model.fit(np.zeros((4, 2)), np.ones((4, 2)), epochs=1, batch_size=4, verbose=0)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel, np.full((2, 2), 1 - 0.1 * 0.5))
    np.testing.assert_array_equal(bias, [1.0, 1.0])


def test_exclude_from_weight_decay_after_build_is_refused():
    optimizer = SGD(weight_decay=0.1)
    optimizer.build([np.zeros(2)])
    with pytest.raises(ValueError, match="can only be configured before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["bias"])


def test_a_name_pattern_matches_anywhere_in_the_name_as_keras_searches_it():
    kernel, bias = np.ones(2), np.ones(2)
    optimizer = SGD(learning_rate=1.0, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["bia", "nothing"])
    optimizer.apply([kernel, bias], [np.zeros(2), np.zeros(2)], names=["dense/kernel", "dense/bias"])
    np.testing.assert_array_equal(kernel, [0.5, 0.5])
    np.testing.assert_array_equal(bias, [1.0, 1.0])


def test_names_must_pair_up_with_the_parameters():
    with pytest.raises(ValueError, match="Got 1 parameters but 2 names"):
        SGD().apply([np.zeros(2)], [np.zeros(2)], names=["a", "b"])


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


@pytest.mark.parametrize("make, config", [
    (Adamax, {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}),
    (Lion, {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.99}),
], ids=["adamax", "lion"])
def test_config_holds_keras_defaults(make, config):
    common = {"weight_decay": None, "clipnorm": None, "clipvalue": None, "global_clipnorm": None}
    assert make().get_config() == {**config, **common, "name": make.__name__.lower()}


# keras/src/optimizers/{adamax,lion}_test.py::test_config, through JSON.
@pytest.mark.parametrize("make", [
    lambda: Adamax(learning_rate=0.5, beta_1=0.8, beta_2=0.95, epsilon=1e-5),
    lambda: Lion(learning_rate=0.5, beta_1=0.5, beta_2=0.67),
], ids=["adamax", "lion"])
def test_keras_test_configs_round_trip(make):
    optimizer = make()
    rebuilt = get(json.loads(json.dumps(serialize(optimizer))))
    assert type(rebuilt) is type(optimizer) and rebuilt.get_config() == optimizer.get_config()


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
                   "staircase": False, "name": "InverseTimeDecay"},
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


# -- saved and loaded in a model file -------------------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda: Adamax(0.01),
    lambda: Lion(0.001, weight_decay=0.1),
    lambda: Adamax(lr=0.01, decay=1e-2),
    lambda: Ftrl(0.05, l1_regularization_strength=0.01, l2_shrinkage_regularization_strength=0.01),
], ids=["adamax", "lion-weight-decay", "adamax-legacy-decay", "ftrl"])
def test_training_resumes_from_a_model_file_bit_identically(tmp_path, make):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(48, 4))
    y = (x[:, 0] - x[:, 1] > 0).astype(int) + (x[:, 2] > 0.5)

    def fresh():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            optimizer = make()
        model = Sequential([Input((4,)), Dense(8, activation="relu"),
                            Dense(3, activation="softmax")], seed=0)
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
        return model

    fit = {"batch_size": 16, "verbose": 0}
    straight = fresh()
    straight.fit(x, y, epochs=4, **fit)
    half = fresh()
    half.fit(x, y, epochs=2, **fit)
    half.save(tmp_path / "half.lucid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the file holds no deprecated argument
        resumed = ln.load_model(tmp_path / "half.lucid")
    assert resumed.optimizer.get_config() == half.optimizer.get_config()
    resumed.fit(x, y, epochs=4, initial_epoch=2, **fit)

    for a, b in zip(resumed.get_weights(), straight.get_weights()):
        np.testing.assert_array_equal(a, b)
    resumed_state, straight_state = resumed.optimizer.get_state(), straight.optimizer.get_state()
    assert resumed_state.keys() == straight_state.keys()
    for name in straight_state:
        np.testing.assert_array_equal(resumed_state[name], straight_state[name])


def test_state_slots_are_named_after_the_formulas():
    params = [np.zeros((2, 3)), np.zeros(3)]
    grads = [np.ones((2, 3)), np.ones(3)]
    adamax, lion = Adamax(), Lion()
    adamax.apply(params, grads)
    lion.apply(params, grads)
    assert sorted(adamax.get_state()) == ["iterations", "m/0", "m/1", "u/0", "u/1"]
    assert sorted(lion.get_state()) == ["iterations", "m/0", "m/1"]


# -- bad arguments --------------------------------------------------------------------------------


@pytest.mark.parametrize("make, message", [
    # keras/src/optimizers/lion_test.py::LionTest::test_invalid_beta_1
    (lambda: Lion(beta_1=-0.1), r"beta_1 must be a number in \(0, 1\], got -0\.1"),
    (lambda: Lion(beta_1=0.0), r"beta_1 must be a number in \(0, 1\], got 0\.0"),
    (lambda: Lion(beta_1=1.1), r"beta_1 must be a number in \(0, 1\], got 1\.1"),
    (lambda: Lion(beta_2=1.0), r"beta_2 must be a number in \[0, 1\), got 1\.0"),
    (lambda: Adamax(beta_1=1.0), r"beta_1 must be a number in \[0, 1\), got 1\.0"),
    (lambda: Adamax(beta_2=-0.5), r"beta_2 must be a number in \[0, 1\), got -0\.5"),
    (lambda: Adamax(epsilon=0), r"epsilon must be a number > 0, got 0"),
    (lambda: SGD(weight_decay=-0.1), r"weight_decay must be a number >= 0, got -0\.1"),
    (lambda: RMSprop(weight_decay="0.1"), r"weight_decay must be a number >= 0, got '0\.1'"),
    (lambda: Lion(weight_decay=float("inf")), r"weight_decay must be a number >= 0, got inf"),
    # keras/src/optimizers/adamw_test.py::AdamWTest::test_weight_decay_is_none
    (lambda: AdamW(weight_decay=None), r"weight_decay must be a number >= 0, got None"),
])
def test_bad_arguments_name_argument_value_and_requirement(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("cls", [Adamax, Lion], ids=["adamax", "lion"])
def test_arguments_keras_does_not_take_are_refused(cls):
    with pytest.raises(TypeError, match="amsgrad"):
        cls(amsgrad=True)


# -- Ftrl -----------------------------------------------------------------------------------------

# keras/src/optimizers/ftrl_test.py::FtrlTest::test_correctness_with_golden
FTRL_GOLDEN_ARGUMENTS = {
    "learning_rate": 0.05, "learning_rate_power": -0.2, "initial_accumulator_value": 0.4,
    "l1_regularization_strength": 0.05, "l2_regularization_strength": 0.15,
    "l2_shrinkage_regularization_strength": 0.01, "beta": 0.3,
}


def keras_ftrl_reference(w, grads, lr, lr_power, accumulator, l1, l2, l2_shrinkage, beta):
    """Keras 3's Ftrl.update_step written out in NumPy, one step per gradient."""
    n, z = np.full_like(w, accumulator), np.zeros_like(w)
    for g in grads:
        l2_total = l2 + beta / (2.0 * lr)
        g_shrunk = g + 2 * l2_shrinkage * w
        n_new = n + g**2
        z = z + (g_shrunk - (n_new ** -lr_power - n ** -lr_power) / lr * w)
        quadratic = n_new ** -lr_power / lr + 2 * l2_total
        w = (np.clip(z, -l1, l1) - z) / quadratic
        n = n_new
    return w


@pytest.mark.parametrize("arguments", [
    {},
    FTRL_GOLDEN_ARGUMENTS,
    {"learning_rate": 0.1, "l1_regularization_strength": 0.3, "initial_accumulator_value": 0.0},
], ids=["defaults", "keras-golden-arguments", "l1-from-zero-accumulator"])
def test_ftrl_follows_keras_formula_and_keras_itself(arguments):
    rng = np.random.default_rng(11)
    w0 = rng.normal(size=(3, 4))
    grads = [rng.normal(size=(3, 4)) for _ in range(6)]
    optimizer = Ftrl(**arguments)
    config = optimizer.get_config()
    ours = w0.copy()
    for g in grads:
        optimizer.apply([ours], [g])
    expected = keras_ftrl_reference(
        w0, grads, config["learning_rate"], config["learning_rate_power"],
        config["initial_accumulator_value"], config["l1_regularization_strength"],
        config["l2_regularization_strength"], config["l2_shrinkage_regularization_strength"],
        config["beta"])
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-15)

    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    variable = keras.Variable(w0.astype(np.float32))
    theirs = keras.optimizers.Ftrl(**arguments)
    for g in grads:
        theirs.apply_gradients([(g.astype(np.float32), variable)])
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(variable), rtol=1e-5, atol=1e-6)


def test_ftrl_config_is_keras_config():
    assert Ftrl().get_config() == {
        "learning_rate": 0.001, "learning_rate_power": -0.5, "initial_accumulator_value": 0.1,
        "l1_regularization_strength": 0.0, "l2_regularization_strength": 0.0,
        "l2_shrinkage_regularization_strength": 0.0, "beta": 0.0, "weight_decay": None,
        "clipnorm": None, "clipvalue": None, "global_clipnorm": None, "name": "ftrl",
    }
    assert sorted(Ftrl().get_config()) == sorted(
        set(FTRL_GOLDEN_ARGUMENTS) | {"weight_decay", "clipnorm", "clipvalue", "global_clipnorm",
                                      "name"})


# -- formula="torch": torch.optim's form, an explicit option -----------------------------------

TORCH_FORMULA = ["sgd", "rmsprop", "adagrad", "adam", "adamw", "adamax", "nadam"]


@pytest.mark.parametrize("name", TORCH_FORMULA)
def test_formula_is_saved_only_when_it_is_torch(name):
    cls = OPTIMIZERS.lookup(name)
    assert "formula" not in cls().get_config()
    config = json.loads(json.dumps(cls(formula="torch").get_config()))
    assert config["formula"] == "torch"
    assert cls.from_config(config).formula == "torch"
    assert get(serialize(cls(formula="torch"))).formula == "torch"


@pytest.mark.parametrize("name", sorted(set(OPTIMIZERS) - set(TORCH_FORMULA)))
def test_a_rule_whose_torch_form_is_keras_s_has_no_formula_switch(name):
    with pytest.raises(ValueError, match="formula must be one of 'keras', got 'torch'"):
        OPTIMIZERS.lookup(name)(formula="torch")


def test_learning_rate_zero_is_accepted_as_in_keras():
    w = np.array([1.0, 2.0])
    SGD(learning_rate=0.0).apply([w], [np.array([5.0, 5.0])])
    np.testing.assert_array_equal(w, [1.0, 2.0])


def test_a_callable_taking_the_step_still_receives_it():
    optimizer = SGD(learning_rate=lambda step: 0.1 * (step + 1))
    optimizer.iterations = 4
    assert optimizer.learning_rate == pytest.approx(0.5)


def test_variables_list_slots_slot_by_slot_as_keras_does():
    a, b = np.zeros(2), np.zeros(3)
    optimizer = Adam(learning_rate=0.5)
    optimizer.apply([a, b], [np.ones(2), np.ones(3)])
    shapes = [np.shape(v) for v in optimizer.variables]
    assert shapes == [(), (), (2,), (3,), (2,), (3,)]  # iterations, lr, m, m, v, v


def test_set_weights_refuses_arrays_that_do_not_fit():
    optimizer = Adam()
    optimizer.build([np.zeros(2)])
    with pytest.raises(ValueError, match=r"expected 4 arrays of shapes \[\(\), \(\), \(2,\), \(2,\)\]"):
        optimizer.set_weights([np.array(0), np.array(0.1), np.zeros(3), np.zeros(2)])


def test_finalize_before_any_step_leaves_the_weights_alone():
    w = np.array([1.0, 2.0])
    SGD(use_ema=True).finalize_variable_values([w])
    np.testing.assert_array_equal(w, [1.0, 2.0])


def test_finalize_refuses_parameters_it_was_not_built_for():
    optimizer = SGD(use_ema=True)
    optimizer.apply([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="not the 1 it was built for"):
        optimizer.finalize_variable_values([np.zeros(2)])


def test_ema_arguments_are_checked_and_saved_only_when_used():
    with pytest.raises(ValueError, match=r"ema_momentum must be a number in \[0, 1\], got 1.5"):
        SGD(use_ema=True, ema_momentum=1.5)
    with pytest.raises(ValueError, match="ema_overwrite_frequency must be a positive integer"):
        SGD(use_ema=True, ema_overwrite_frequency=0)
    assert "use_ema" not in SGD().get_config()
    config = SGD(use_ema=True, ema_overwrite_frequency=4).get_config()
    assert (config["use_ema"], config["ema_momentum"], config["ema_overwrite_frequency"]) == (
        True, 0.99, 4)


# -- gradient_accumulation_steps ---------------------------------------------------------------

def test_accumulating_state_resumes_bit_for_bit_between_updates():
    rng = np.random.default_rng(5)
    grads = [rng.normal(size=(3, 4)) for _ in range(9)]

    def make():
        return RMSprop(momentum=0.9, gradient_accumulation_steps=3, use_ema=True)

    w_a = rng.normal(size=(3, 4))
    a = make()
    for g in grads[:4]:  # one update, and one call into the next
        a.apply([w_a], [g])
    w_b, b = w_a.copy(), make()
    b.build([w_b])
    b.set_state(a.get_state())
    for g in grads[4:]:
        a.apply([w_a], [g])
        b.apply([w_b], [g])
    np.testing.assert_array_equal(w_a, w_b)
    assert a.iterations == b.iterations == 3
    assert b.get_state()["gradient_calls"] == 9


def test_gradient_accumulation_steps_is_saved_only_when_set_and_checked():
    assert "gradient_accumulation_steps" not in SGD().get_config()
    config = json.loads(json.dumps(SGD(gradient_accumulation_steps=4).get_config()))
    assert SGD.from_config(config).gradient_accumulation_steps == 4
    with pytest.raises(ValueError, match="gradient_accumulation_steps must be a positive integer"):
        SGD(gradient_accumulation_steps=0)


def test_a_learning_rate_schedule_advances_with_the_updates_not_the_calls():
    w = np.zeros(1)
    optimizer = SGD(learning_rate=lambda step: 1.0 / (step + 1), gradient_accumulation_steps=2)
    for _ in range(4):  # two updates, at rates 1 and 1/2
        optimizer.apply([w], [np.ones(1)])
    np.testing.assert_allclose(w, [-1.5])
