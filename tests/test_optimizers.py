"""Tests for lucidnet.optimizers.

Per-optimizer data (hand-computed steps, Rosenbrock settings, PyTorch
counterparts) is keyed by registry name, and a test checks that every
registered optimizer has an entry, so a new optimizer cannot skip the suite.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import types

import numpy as np
import pytest

from lucidnet import config
from lucidnet.optimizers import (
    OPTIMIZERS,
    SGD,
    Adadelta,
    Adagrad,
    Adam,
    Adamax,
    AdamW,
    Ftrl,
    Lion,
    Nadam,
    Optimizer,
    RMSprop,
    get,
    serialize,
)
from lucidnet.optimizers.schedules import ExponentialDecay, LearningRateSchedule

requires_torch = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None, reason="PyTorch is not installed"
)

# Every configuration worth exercising: one default per registered optimizer plus
# the variants that create extra slots or take a different code path.
VARIANTS = {
    "sgd": SGD,
    "sgd_momentum": lambda: SGD(momentum=0.9),
    "sgd_nesterov": lambda: SGD(momentum=0.9, nesterov=True),
    "rmsprop": RMSprop,
    "rmsprop_centered": lambda: RMSprop(centered=True),
    "rmsprop_momentum": lambda: RMSprop(momentum=0.9),
    "rmsprop_centered_momentum": lambda: RMSprop(momentum=0.9, centered=True),
    "adagrad": Adagrad,
    "adadelta": Adadelta,
    "adam": Adam,
    "adam_amsgrad": lambda: Adam(amsgrad=True),
    "adamw": AdamW,
    "adamw_amsgrad": lambda: AdamW(amsgrad=True),
    "adamax": Adamax,
    "nadam": Nadam,
    "lion": Lion,
    "ftrl": Ftrl,
    "ftrl_regularized": lambda: Ftrl(0.05, learning_rate_power=-0.2, l1_regularization_strength=0.05,
                                     l2_regularization_strength=0.15,
                                     l2_shrinkage_regularization_strength=0.01, beta=0.3),
    # weight_decay is every optimizer's; these take the path that applies it.
    "sgd_momentum_weight_decay": lambda: SGD(momentum=0.9, weight_decay=0.1),
    "rmsprop_weight_decay": lambda: RMSprop(weight_decay=0.1),
    "lion_weight_decay": lambda: Lion(weight_decay=0.1),
    # use_ema: the weights' moving average, copied into them every 5 steps.
    "adam_ema": lambda: Adam(use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=5),
    # formula="torch": the same methods in torch.optim's form.
    "sgd_momentum_torch": lambda: SGD(momentum=0.9, formula="torch"),
    "sgd_nesterov_torch": lambda: SGD(momentum=0.9, nesterov=True, formula="torch"),
    "rmsprop_torch": lambda: RMSprop(formula="torch"),
    "rmsprop_centered_momentum_torch": lambda: RMSprop(momentum=0.9, centered=True,
                                                       formula="torch"),
    "adagrad_torch": lambda: Adagrad(formula="torch"),
    "adam_torch": lambda: Adam(formula="torch"),
    "adamw_amsgrad_torch": lambda: AdamW(amsgrad=True, formula="torch"),
    "adamax_torch": lambda: Adamax(formula="torch"),
    "nadam_torch": lambda: Nadam(formula="torch"),
}
variants = pytest.mark.parametrize("make", VARIANTS.values(), ids=VARIANTS.keys())


def random_problem(dtype=np.float64, seed=0):
    """Two parameters of shapes (3, 4) and (4,), and a gradient source for them."""
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal((3, 4)).astype(dtype), rng.standard_normal(4).astype(dtype)]

    def gradients():
        return [rng.standard_normal(w.shape).astype(dtype) for w in params]

    return params, gradients


# ---------------------------------------------------------------------------
# 1. One step on f(w) = ½‖w‖², whose gradient is g = w, computed by hand.
#    The literals are the Keras default hyperparameters; the functions named *_torch_step
#    compute torch.optim's form of the rule (formula="torch").

W0 = np.array([1.0, -2.0, 3.0])


def sgd_step():
    g = W0
    return W0 - 0.01 * g


def sgd_momentum_step():
    g = W0
    v = 0.9 * 0.0 - 0.01 * g
    return W0 + v


def sgd_nesterov_step():
    g = W0
    v = 0.9 * 0.0 - 0.01 * g
    return W0 + 0.9 * v - 0.01 * g


def sgd_momentum_torch_step():
    g = W0
    b = 0.9 * 0.0 + g
    return W0 - 0.01 * b


def sgd_nesterov_torch_step():
    g = W0
    b = 0.9 * 0.0 + g
    return W0 - 0.01 * (g + 0.9 * b)


def rmsprop_step():
    g = W0
    v = 0.9 * 0.0 + 0.1 * g**2
    return W0 - 0.001 * g / np.sqrt(v + 1e-7)


def rmsprop_centered_step():
    g = W0
    v = 0.1 * g**2
    g_mean = 0.1 * g
    return W0 - 0.001 * g / np.sqrt(v - g_mean**2 + 1e-7)


def rmsprop_momentum_step():
    g = W0
    v = 0.1 * g**2
    b = 0.9 * 0.0 + 0.001 * g / np.sqrt(v + 1e-7)
    return W0 - b


def rmsprop_torch_step():
    g = W0
    v = 0.9 * 0.0 + 0.1 * g**2
    return W0 - 0.001 * g / (np.sqrt(v) + 1e-7)


def rmsprop_centered_torch_step():
    g = W0
    v = 0.1 * g**2
    g_mean = 0.1 * g
    return W0 - 0.001 * g / (np.sqrt(v - g_mean**2) + 1e-7)


def rmsprop_momentum_torch_step():
    g = W0
    v = 0.1 * g**2
    b = 0.9 * 0.0 + g / (np.sqrt(v) + 1e-7)
    return W0 - 0.001 * b


def adagrad_step():
    g = W0
    G = 0.1 + g**2
    return W0 - 0.001 * g / np.sqrt(G + 1e-7)


def adagrad_torch_step():
    g = W0
    G = 0.1 + g**2
    return W0 - 0.001 * g / (np.sqrt(G) + 1e-7)


def adadelta_step():
    g = W0
    avg_g2 = 0.05 * g**2
    delta = np.sqrt(0.0 + 1e-7) / np.sqrt(avg_g2 + 1e-7) * g
    return W0 - 0.001 * delta


def adam_step(w=W0):
    g = W0
    m = 0.1 * g
    v = 0.001 * g**2
    return w - 0.001 * np.sqrt(1 - 0.999) / (1 - 0.9) * m / (np.sqrt(v) + 1e-7)


def adamw_step():
    return adam_step(w=W0 - 0.001 * 0.004 * W0)


def adam_torch_step(w=W0):
    g = W0
    m = 0.1 * g
    v = 0.001 * g**2
    m_hat = m / (1 - 0.9)
    v_hat = v / (1 - 0.999)
    return w - 0.001 * m_hat / (np.sqrt(v_hat) + 1e-7)


def adamax_torch_step():
    g = W0
    m = 0.1 * g
    u = np.maximum(0.999 * 0.0, np.abs(g) + 1e-7)
    return W0 - 0.001 / (1 - 0.9) * m / u


def adamax_step():
    g = W0
    m = 0.1 * g
    u = np.maximum(0.999 * 0.0, np.abs(g))
    return W0 - 0.001 / (1 - 0.9) * m / (u + 1e-7)


def lion_step():
    g = W0
    c = 0.9 * 0.0 + 0.1 * g
    return W0 - 0.001 * np.sign(c)


def ftrl_step():
    # n' = 0.1 + g², σ = (√n' − √0.1)/lr, z = g − σ·w, w = (clip(z, 0, 0) − z)/(√n'/lr).
    g = W0
    n = 0.1 + g**2
    z = g - (np.sqrt(n) - np.sqrt(0.1)) / 0.001 * W0
    return -z / (np.sqrt(n) / 0.001)


def ftrl_l1_step():
    # z = [−6.3, 32.2, −78.0]: λ₁ = 40 sets w to 0 where |z| ≤ 40, the first two coordinates.
    g = W0
    n = 0.1 + g**2
    z = g - (np.sqrt(n) - np.sqrt(0.1)) / 0.1 * W0
    return (np.clip(z, -40, 40) - z) / (np.sqrt(n) / 0.1 + 2 * 0.25)


def nadam_step(psi=1.0):
    g = W0
    mu_1 = 0.9 * (1 - 0.5 * 0.96 ** (1 * psi))
    mu_2 = 0.9 * (1 - 0.5 * 0.96 ** (2 * psi))
    mu_product = 1.0 * mu_1
    m = 0.1 * g
    v = 0.001 * g**2
    d = np.sqrt(v / (1 - 0.999)) + 1e-7
    return (
        W0
        - 0.001 * (1 - mu_1) / (1 - mu_product) * g / d
        - 0.001 * mu_2 / (1 - mu_product * mu_2) * m / d
    )


HAND_STEPS = {
    "sgd": (SGD, sgd_step),
    "sgd_momentum": (lambda: SGD(momentum=0.9), sgd_momentum_step),
    "sgd_nesterov": (lambda: SGD(momentum=0.9, nesterov=True), sgd_nesterov_step),
    "rmsprop": (RMSprop, rmsprop_step),
    "rmsprop_centered": (lambda: RMSprop(centered=True), rmsprop_centered_step),
    "rmsprop_momentum": (lambda: RMSprop(momentum=0.9), rmsprop_momentum_step),
    "adagrad": (Adagrad, adagrad_step),
    "adadelta": (Adadelta, adadelta_step),
    "adam": (Adam, adam_step),
    # After one step v_max = max(0, v) = v, so AMSGrad coincides with Adam.
    "adam_amsgrad": (lambda: Adam(amsgrad=True), adam_step),
    "adamw": (AdamW, adamw_step),
    "adamax": (Adamax, adamax_step),
    "nadam": (Nadam, nadam_step),
    "sgd_momentum_torch": (lambda: SGD(momentum=0.9, formula="torch"), sgd_momentum_torch_step),
    "sgd_nesterov_torch": (lambda: SGD(momentum=0.9, nesterov=True, formula="torch"),
                           sgd_nesterov_torch_step),
    "rmsprop_torch": (lambda: RMSprop(formula="torch"), rmsprop_torch_step),
    "rmsprop_centered_torch": (lambda: RMSprop(centered=True, formula="torch"),
                               rmsprop_centered_torch_step),
    "rmsprop_momentum_torch": (lambda: RMSprop(momentum=0.9, formula="torch"),
                               rmsprop_momentum_torch_step),
    "adagrad_torch": (lambda: Adagrad(formula="torch"), adagrad_torch_step),
    "adam_torch": (lambda: Adam(formula="torch"), adam_torch_step),
    "adamw_torch": (lambda: AdamW(formula="torch"),
                    lambda: adam_torch_step(w=W0 - 0.001 * 0.004 * W0)),
    "adamax_torch": (lambda: Adamax(formula="torch"), adamax_torch_step),
    "nadam_torch": (lambda: Nadam(formula="torch"), lambda: nadam_step(psi=0.004)),
    "lion": (Lion, lion_step),
    "ftrl": (Ftrl, ftrl_step),
    "ftrl_l1_l2": (lambda: Ftrl(0.1, l1_regularization_strength=40.0,
                                l2_regularization_strength=0.25), ftrl_l1_step),
}


@pytest.mark.parametrize("make, expected", HAND_STEPS.values(), ids=HAND_STEPS.keys())
def test_one_step_matches_hand_computation(make, expected):
    w = W0.copy()
    make().apply([w], [w.copy()])
    np.testing.assert_allclose(w, expected(), rtol=1e-12, atol=0)


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum_second_step_uses_velocity(nesterov):
    w = W0.copy()
    optimizer = SGD(learning_rate=0.1, momentum=0.9, nesterov=nesterov)
    optimizer.apply([w], [w.copy()])
    optimizer.apply([w], [w.copy()])

    g1 = W0
    b1 = g1
    w1 = W0 - 0.1 * (g1 + 0.9 * b1 if nesterov else b1)
    g2 = w1
    b2 = 0.9 * b1 + g2
    w2 = w1 - 0.1 * (g2 + 0.9 * b2 if nesterov else b2)
    np.testing.assert_allclose(w, w2, rtol=1e-12, atol=0)


def test_every_registered_optimizer_has_test_data():
    hand_names = {name.split("_")[0] for name in HAND_STEPS}
    torch_names = {name.split("_")[0] for name in TORCH_COUNTERPARTS}
    assert set(OPTIMIZERS) <= hand_names
    assert set(OPTIMIZERS) <= set(ROSENBROCK)
    assert set(OPTIMIZERS) - set(NO_TORCH_COUNTERPART) <= torch_names
    assert not set(NO_TORCH_COUNTERPART) & torch_names
    assert {type(make()).__name__.lower() for make in VARIANTS.values()} == set(OPTIMIZERS)


# ---------------------------------------------------------------------------
# 2. Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)², minimum at (1, 1).


def rosenbrock_gradient(w):
    x, y = w
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


# name: (optimizer, steps). Each gets within max|w − 1| < 1e-2 for good at
# least 1,000 steps before its budget runs out.
ROSENBROCK = {
    # Plain SGD needs over 10k steps along the flat valley floor; momentum ~1.1k.
    "sgd": (lambda: SGD(0.001, momentum=0.9), 2500),
    # A constant rate leaves RMSprop hovering ~1e-3 around the minimum.
    "rmsprop": (lambda: RMSprop(0.001), 8000),
    "adagrad": (lambda: Adagrad(1.0), 12000),
    # Adadelta's own step size grows with its past steps, so at a constant
    # rate it keeps bouncing across the narrow valley (PyTorch's does too);
    # a decaying rate lets it settle.
    "adadelta": (lambda: Adadelta(lambda step: 2.0 / (1 + step / 500)), 10000),
    "adam": (lambda: Adam(0.02), 3000),
    # Weight decay pulls towards 0, so AdamW settles ~3e-3 short of (1, 1).
    "adamw": (lambda: AdamW(0.01), 6000),
    "nadam": (lambda: Nadam(0.01), 6000),
    "adamax": (lambda: Adamax(0.02), 5000),
    # Every coordinate moves by exactly lr, so Lion ends within lr of (1, 1).
    "lion": (lambda: Lion(0.001), 5500),
    # Within 1e-2 from step 8,656 on.
    "ftrl": (lambda: Ftrl(1.0), 10000),
}


@pytest.mark.parametrize("make, steps", ROSENBROCK.values(), ids=ROSENBROCK.keys())
def test_minimizes_rosenbrock(make, steps):
    optimizer = make()
    w = np.array([-1.5, 2.0])
    for _ in range(steps):
        optimizer.apply([w], [rosenbrock_gradient(w)])
    np.testing.assert_allclose(w, [1.0, 1.0], atol=1e-2, rtol=0)
    assert optimizer.iterations == steps


# ---------------------------------------------------------------------------
# 3. Agreement with torch.optim over five steps of random gradients: formula="torch" is
#    torch.optim's form of each rule (the default, Keras's, is checked against Keras in
#    tests/keras_conformance/).

TORCH_COUNTERPARTS = {
    "sgd": (lambda: SGD(0.1), lambda torch, p: torch.optim.SGD(p, lr=0.1)),
    "sgd_momentum": (
        lambda: SGD(0.1, momentum=0.9, formula="torch"),
        lambda torch, p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    ),
    "sgd_nesterov": (
        lambda: SGD(0.1, momentum=0.9, nesterov=True, formula="torch"),
        lambda torch, p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    ),
    "rmsprop": (
        lambda: RMSprop(0.01, rho=0.9, epsilon=1e-7, formula="torch"),
        lambda torch, p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-7),
    ),
    "rmsprop_momentum": (
        lambda: RMSprop(0.01, momentum=0.8, formula="torch"),
        lambda torch, p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-7, momentum=0.8),
    ),
    "rmsprop_centered_momentum": (
        lambda: RMSprop(0.01, momentum=0.8, centered=True, formula="torch"),
        lambda torch, p: torch.optim.RMSprop(
            p, lr=0.01, alpha=0.9, eps=1e-7, momentum=0.8, centered=True
        ),
    ),
    "adagrad": (
        lambda: Adagrad(0.1, initial_accumulator_value=0.1, epsilon=1e-7, formula="torch"),
        lambda torch, p: torch.optim.Adagrad(p, lr=0.1, initial_accumulator_value=0.1, eps=1e-7),
    ),
    "adadelta": (
        lambda: Adadelta(1.0, rho=0.95, epsilon=1e-7),
        lambda torch, p: torch.optim.Adadelta(p, lr=1.0, rho=0.95, eps=1e-7),
    ),
    "adam": (
        lambda: Adam(0.01, formula="torch"),
        lambda torch, p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-7),
    ),
    "adam_amsgrad": (
        lambda: Adam(0.01, amsgrad=True, formula="torch"),
        lambda torch, p: torch.optim.Adam(
            p, lr=0.01, betas=(0.9, 0.999), eps=1e-7, amsgrad=True
        ),
    ),
    "adamw": (
        lambda: AdamW(0.01, weight_decay=0.1, formula="torch"),
        lambda torch, p: torch.optim.AdamW(
            p, lr=0.01, betas=(0.9, 0.999), eps=1e-7, weight_decay=0.1
        ),
    ),
    "nadam": (
        lambda: Nadam(0.01, formula="torch"),
        lambda torch, p: torch.optim.NAdam(
            p, lr=0.01, betas=(0.9, 0.999), eps=1e-7, momentum_decay=4e-3
        ),
    ),
    "adamax": (
        lambda: Adamax(0.01, epsilon=0.1, formula="torch"),
        lambda torch, p: torch.optim.Adamax(p, lr=0.01, betas=(0.9, 0.999), eps=0.1),
    ),
    # torch's weight_decay is an L2 term added to g (coupled); AdamW's is ours.
    "adam_weight_decay": (
        lambda: Adam(0.01, weight_decay=0.1, formula="torch"),
        lambda torch, p: torch.optim.AdamW(
            p, lr=0.01, betas=(0.9, 0.999), eps=1e-7, weight_decay=0.1
        ),
    ),
}

#: Registered optimizers torch.optim has no counterpart of, with the reason.
NO_TORCH_COUNTERPART = {"lion": "torch.optim has no Lion (its numbers are Keras's: see "
                                "tests/test_keras_optimizers.py)",
                        "ftrl": "torch.optim has no FTRL (its numbers are Keras's: see "
                                "tests/test_keras_optimizers.py)"}


@pytest.fixture
def torch64():
    """torch, with float64 as default dtype while the test runs.

    NAdam keeps its running μ product in the default dtype; in float32 it
    would differ from ours in the 8th digit.
    """
    torch = pytest.importorskip("torch")
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield torch
    torch.set_default_dtype(previous)


@requires_torch
@pytest.mark.parametrize(
    "make, make_torch", TORCH_COUNTERPARTS.values(), ids=TORCH_COUNTERPARTS.keys()
)
def test_matches_torch_optim(make, make_torch, torch64):
    torch = torch64
    params, gradients = random_problem()
    torch_params = [torch.tensor(w.copy(), requires_grad=True) for w in params]
    optimizer, torch_optimizer = make(), make_torch(torch, torch_params)

    for step in range(1, 6):
        grads = gradients()
        optimizer.apply(params, grads)
        for p, g in zip(torch_params, grads):
            p.grad = torch.tensor(g)
        torch_optimizer.step()
        for w, p in zip(params, torch_params):
            np.testing.assert_allclose(
                w, p.detach().numpy(), rtol=1e-10, atol=0, err_msg=f"step {step}"
            )


# ---------------------------------------------------------------------------
# 4. Gradient clipping, checked through SGD(lr=1) from w = 0, where w = −g.


def clipped(grads, **clipping):
    params = [np.zeros_like(g) for g in grads]
    originals = [g.copy() for g in grads]
    SGD(learning_rate=1.0, **clipping).apply(params, grads)
    for g, original in zip(grads, originals):
        np.testing.assert_array_equal(g, original, err_msg="clipping modified the caller's grads")
    return [-w for w in params]


def test_clipvalue_clips_each_element():
    (g,) = clipped([np.array([0.2, -3.0, 0.7])], clipvalue=0.5)
    np.testing.assert_allclose(g, [0.2, -0.5, 0.5])


def test_clipnorm_rescales_each_tensor_above_the_norm():
    g_big, g_small = clipped([np.array([3.0, 4.0]), np.array([0.3, 0.4])], clipnorm=1.0)
    np.testing.assert_allclose(g_big, [0.6, 0.8])
    np.testing.assert_allclose(g_small, [0.3, 0.4])


def test_global_clipnorm_rescales_all_tensors_together():
    g_1, g_2 = clipped([np.array([3.0, 4.0]), np.array([12.0])], global_clipnorm=1.0)
    np.testing.assert_allclose(g_1, [3 / 13, 4 / 13])
    np.testing.assert_allclose(g_2, [12 / 13])


def test_global_clipnorm_leaves_small_gradients_alone():
    g_1, g_2 = clipped([np.array([0.3]), np.array([0.4])], global_clipnorm=1.0)
    np.testing.assert_allclose(g_1, [0.3])
    np.testing.assert_allclose(g_2, [0.4])


@pytest.mark.parametrize("options", [
    {"clipnorm": 1.0, "global_clipnorm": 1.0}, {"clipvalue": 2.0, "clipnorm": 1.0},
    {"clipvalue": 2.0, "global_clipnorm": 1.0}])
def test_clipping_options_are_exclusive_as_in_keras(options):
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and "
                                         "`global_clipnorm` can be set. Received: clipnorm="):
        SGD(**options)


# ---------------------------------------------------------------------------
# 5. Learning-rate schedules.


def test_schedule_is_evaluated_at_the_current_iteration():
    optimizer = SGD(learning_rate=lambda step: 0.1 / (1 + step))
    w = W0.copy()
    assert optimizer.learning_rate == 0.1
    optimizer.apply([w], [w.copy()])
    assert optimizer.learning_rate == 0.05
    optimizer.apply([w], [w.copy()])

    w1 = W0 - 0.1 * W0  # step 1 runs at iterations = 0
    w2 = w1 - 0.05 * w1  # step 2 runs at iterations = 1
    np.testing.assert_allclose(w, w2, rtol=1e-12, atol=0)


def test_learning_rate_can_be_replaced_between_steps():
    optimizer = Adam(learning_rate=lambda step: 0.1)
    optimizer.learning_rate = 0.25
    assert optimizer.learning_rate == 0.25
    optimizer.learning_rate = lambda step: 0.5 * step
    optimizer.iterations = 4
    assert optimizer.learning_rate == 2.0


def test_registered_schedule_round_trips_through_serialize():
    optimizer = SGD(learning_rate=ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5))
    config = json.loads(json.dumps(serialize(optimizer)))
    assert config["config"]["learning_rate"] == {
        "class_name": "ExponentialDecay",
        "config": {
            "initial_learning_rate": 0.1,
            "decay_steps": 10,
            "decay_rate": 0.5,
            "staircase": False,
            "name": "ExponentialDecay",
        },
    }
    rebuilt = get(config)
    for step in (0, 1, 10, 25):
        optimizer.iterations = rebuilt.iterations = step
        assert rebuilt.learning_rate == optimizer.learning_rate == 0.1 * 0.5 ** (step / 10)


@pytest.mark.parametrize(
    "spec",
    [
        {"class_name": "StepDecay", "config": {}},
        {"module": "builtins", "class_name": "print", "config": {}},
        {"module": "lucidnet.optimizers.schedules", "class_name": "LearningRateSchedule"},
    ],
    ids=["unknown", "builtin-function", "unregistered-lucidnet-class"],
)
def test_schedule_dict_naming_an_unregistered_class_lists_valid_names(spec):
    config = Adam().get_config()
    config["learning_rate"] = spec
    with pytest.raises(
        ValueError,
        match=rf"Unknown learning-rate schedule '{spec['class_name']}'\. Valid names: "
        r"cosinedecay, cosinedecayrestarts, exponentialdecay, inversetimedecay, "
        r"piecewiseconstantdecay, polynomialdecay\.",
    ):
        Adam.from_config(config)


def test_schedule_dict_never_imports_or_calls_what_it_names(monkeypatch):
    calls = []

    class Recorder:
        def __init__(self, **config):
            calls.append(config)

    module = types.ModuleType("lucidnet.fake_schedules")
    module.Recorder = Recorder
    monkeypatch.setitem(sys.modules, "lucidnet.fake_schedules", module)
    config = Adam().get_config()
    config["learning_rate"] = {
        "module": "lucidnet.fake_schedules",
        "class_name": "Recorder",
        "config": {"x": 1},
    }
    with pytest.raises(ValueError, match="Unknown learning-rate schedule 'Recorder'"):
        Adam.from_config(config)
    assert calls == []


class UnregisteredSchedule(LearningRateSchedule):
    def __call__(self, step):
        return 0.1 / (1 + step)


class UnregisteredSubclass(ExponentialDecay):
    """Inherits ExponentialDecay's registry name, which would rebuild the parent class."""


@pytest.mark.parametrize(
    "schedule",
    [
        lambda step: 0.1 / (1 + step),
        UnregisteredSchedule(),
        UnregisteredSubclass(0.1, decay_steps=10, decay_rate=0.5),
    ],
    ids=["lambda", "unregistered-schedule", "subclass-of-registered-schedule"],
)
def test_schedule_the_registry_cannot_rebuild_stays_an_object(schedule):
    config = Adam(learning_rate=schedule).get_config()
    assert config["learning_rate"] is schedule
    optimizer = Adam.from_config(config)
    optimizer.iterations = 3
    assert optimizer.learning_rate == schedule(3)


# ---------------------------------------------------------------------------
# 6. State and configuration round trips.


@variants
def test_state_round_trip_continues_bit_for_bit(make):
    params_a, gradients = random_problem()
    a = make()
    for _ in range(3):
        a.apply(params_a, gradients())

    params_b = [w.copy() for w in params_a]
    b = make()
    b.build(params_b)
    b.set_state(a.get_state())
    for _ in range(2):
        grads = gradients()
        a.apply(params_a, grads)
        b.apply(params_b, grads)

    for w_a, w_b in zip(params_a, params_b):
        assert np.array_equal(w_a, w_b)
    assert b.iterations == 5
    assert a.get_state().keys() == b.get_state().keys()


def test_state_names_and_types():
    params, gradients = random_problem()
    optimizer = Nadam()
    optimizer.apply(params, gradients())
    state = optimizer.get_state()
    assert sorted(state) == ["iterations", "m/0", "m/1", "mu_product", "v/0", "v/1"]
    assert state["iterations"].dtype == np.int64 and state["iterations"].shape == ()
    assert state["mu_product"].shape == ()
    state["m/0"][...] = 123.0
    assert not np.any(optimizer.get_state()["m/0"] == 123.0), "get_state must return copies"


def test_set_state_rejects_wrong_names_and_shapes():
    params, gradients = random_problem()
    optimizer = Adam()
    optimizer.apply(params, gradients())
    state = optimizer.get_state()

    with pytest.raises(ValueError, match=r"missing \['v/1'\], unexpected \['velocity/1'\]"):
        optimizer.set_state({**{k: s for k, s in state.items() if k != "v/1"}, "velocity/1": 0})
    with pytest.raises(ValueError, match=r"'m/0' has shape \(4, 3\), expected \(3, 4\)"):
        optimizer.set_state({**state, "m/0": np.zeros((4, 3))})
    with pytest.raises(RuntimeError, match="build"):
        Adam().set_state(state)


def _built(make):
    optimizer = make()
    optimizer.build(random_problem()[0])
    return optimizer


#: (variant, slot) for each slot of magnitudes a variant has (Adam's v_max with amsgrad only).
MAGNITUDE_SLOTS = [(name, slot) for name, make in VARIANTS.items()
                   for slot in type(make()).non_negative_slots
                   if any(key.startswith(slot + "/") for key in _built(make).get_state())]


def test_every_optimizer_with_a_slot_of_magnitudes_is_checked():
    assert {type(VARIANTS[name]()).__name__ for name, _ in MAGNITUDE_SLOTS} == {
        "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "Nadam", "RMSprop"}


@pytest.mark.parametrize("name, slot", MAGNITUDE_SLOTS)
def test_set_state_refuses_a_negative_magnitude_and_changes_nothing(name, slot):
    params, gradients = random_problem()
    optimizer = VARIANTS[name]()
    optimizer.apply(params, gradients())
    before = optimizer.get_state()
    state = {**before, f"{slot}/1": before[f"{slot}/1"] - 1e3, "iterations": np.array(7)}
    expected = (f"Cannot set the state of {optimizer.name}: the optimizer state {slot}/1 "
                f"({type(optimizer).__name__}'s slot {slot!r} of parameter 1) holds "
                f"{state[f'{slot}/1'].size} negative value(s), as low as "
                f"{float(state[f'{slot}/1'].min()):g}; it holds magnitudes, which are never negative.")
    with pytest.raises(ValueError) as caught:
        optimizer.set_state(state)
    assert str(caught.value) == expected
    after = optimizer.get_state()
    assert after.keys() == before.keys()
    assert all(np.array_equal(after[key], before[key]) for key in before)


def test_set_state_takes_zeros_in_a_slot_of_magnitudes():
    params, gradients = random_problem()
    optimizer = Adam()
    optimizer.apply(params, gradients())
    state = optimizer.get_state()
    state["v/0"] = np.zeros_like(state["v/0"])
    optimizer.set_state(state)
    assert not optimizer.get_state()["v/0"].any()


def test_set_state_refuses_a_dtype_it_cannot_cast_before_changing_anything():
    params, gradients = random_problem()
    optimizer = Adam()
    optimizer.apply(params, gradients())
    before = optimizer.get_state()
    state = {**before, "iterations": np.array(9), "v/1": before["v/1"] + 0j}
    with pytest.raises(TypeError, match=r"State 'v/1' has dtype complex128, which cannot be cast"):
        optimizer.set_state(state)
    assert optimizer.iterations == int(before["iterations"])


@variants
def test_config_round_trip(make):
    optimizer = make()
    config = optimizer.get_config()
    json.dumps(config)
    assert type(optimizer).from_config(config).get_config() == config
    rebuilt = get(serialize(optimizer))
    assert type(rebuilt) is type(optimizer) and rebuilt.get_config() == config


def test_config_holds_keras_defaults():
    assert AdamW().get_config() == {
        "learning_rate": 0.001,
        "weight_decay": 0.004,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-7,
        "amsgrad": False,
        "clipnorm": None,
        "clipvalue": None,
        "global_clipnorm": None,
        "name": "adamw",
    }


# ---------------------------------------------------------------------------
# 7. Precision and aliasing.


@variants
def test_float32_parameters_stay_float32(make):
    params, gradients = random_problem(np.float32)
    optimizer = make()
    optimizer.apply(params, gradients())
    optimizer.apply(params, [g.astype(np.float64) for g in gradients()])
    assert all(w.dtype == np.float32 for w in params)
    slots = {k: s for k, s in optimizer.get_state().items() if "/" in k}
    assert all(s.dtype == np.float32 for s in slots.values())


@variants
def test_apply_updates_in_place_and_leaves_grads_alone(make):
    params, gradients = random_problem()
    grads = gradients()
    originals = [g.copy() for g in grads]
    before = [w.copy() for w in params]
    make().apply(params, grads)
    for w, old in zip(params, before):
        assert not np.array_equal(w, old)
    for g, original in zip(grads, originals):
        assert np.array_equal(g, original)


def test_build_is_idempotent():
    params, gradients = random_problem()
    optimizer = Adam()
    optimizer.apply(params, gradients())
    state = optimizer.get_state()
    optimizer.build(params)
    for key, value in optimizer.get_state().items():
        assert np.array_equal(value, state[key])


# ---------------------------------------------------------------------------
# 8. Bad input and the registry.


def test_get_resolves_every_kind_of_identifier():
    adam = Adam()
    assert get(adam) is adam
    assert isinstance(get("ADAM"), Adam)
    assert isinstance(get("RMSprop"), RMSprop)
    assert isinstance(get(Nadam), Nadam)
    optimizer = get({"class_name": "SGD", "config": {"momentum": 0.5}})
    assert isinstance(optimizer, SGD) and optimizer.momentum == 0.5
    assert all(issubclass(cls, Optimizer) and name == name.lower() for name, cls in OPTIMIZERS.items())


def test_unknown_name_lists_valid_names():
    assert {"adam", "adamax", "adamw", "lion", "sgd"} <= set(OPTIMIZERS)
    valid = ", ".join(sorted(OPTIMIZERS))
    with pytest.raises(ValueError, match=rf"Unknown optimizer 'adamm'\. Valid names: {valid}\."):
        get("adamm")


def test_wrong_identifier_type_is_named():
    with pytest.raises(TypeError, match=r"Could not interpret 42 \(of type int\) as an optimizer"):
        get(42)


def test_mismatched_shapes_name_index_and_shapes():
    params = [np.zeros((3, 4)), np.zeros(4)]
    with pytest.raises(ValueError, match=r"Gradient 1 has shape \(5,\), but parameter 1 has shape \(4,\)"):
        Adam().apply(params, [np.zeros((3, 4)), np.zeros(5)])


def test_mismatched_counts_are_reported():
    with pytest.raises(ValueError, match="2 parameters but 1 gradients"):
        SGD().apply([np.zeros(2), np.zeros(3)], [np.zeros(2)])


def test_parameters_must_not_change_shape_after_build():
    optimizer = Adam()
    optimizer.apply([np.zeros(3)], [np.ones(3)])
    with pytest.raises(ValueError, match=r"built for parameters of shapes \[\(3,\)\]"):
        optimizer.apply([np.zeros(4)], [np.ones(4)])


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: SGD(momentum=1.5), r"momentum must be a number in \[0, 1\), got 1\.5"),
        (lambda: SGD(formula="keras2"), r"formula must be one of .keras. or .torch., got .keras2."),
        (lambda: SGD(nesterov="yes"), r"nesterov must be True or False, got 'yes'"),
        (lambda: SGD(learning_rate=-0.1), r"learning_rate must be a number >= 0 .* got -0\.1"),
        (lambda: SGD(learning_rate="fast"), r"learning_rate must be .* got 'fast'"),
        (lambda: RMSprop(rho=1.0), r"rho must be a number in \[0, 1\), got 1\.0"),
        (lambda: Adam(beta_1=-0.1), r"beta_1 must be a number in \[0, 1\), got -0\.1"),
        (lambda: Adam(beta_2=1), r"beta_2 must be a number in \[0, 1\), got 1"),
        (lambda: Adam(epsilon=0.0), r"epsilon must be a number > 0, got 0\.0"),
        (lambda: Adagrad(initial_accumulator_value=-1), r"initial_accumulator_value must be"),
        (lambda: AdamW(weight_decay=float("nan")), r"weight_decay must be a number >= 0, got nan"),
        (lambda: Nadam(clipvalue=0), r"clipvalue must be a number > 0, got 0"),
        (lambda: Ftrl(learning_rate_power=0.1), r"learning_rate_power must be a number <= 0, got 0\.1"),
        (lambda: Ftrl(l1_regularization_strength=-0.1),
         r"l1_regularization_strength must be a number >= 0, got -0\.1"),
        (lambda: Adadelta(clipnorm=-1.0), r"clipnorm must be a number > 0, got -1\.0"),
    ],
)
def test_bad_hyperparameters_name_argument_and_value(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_non_float_parameters_are_rejected():
    with pytest.raises(TypeError, match="Parameter 0 must be a floating-point numpy.ndarray"):
        SGD().apply([np.zeros(3, dtype=np.int64)], [np.zeros(3)])


@pytest.mark.parametrize("name", VARIANTS)
def test_large_parameters_updated_in_parallel_parts_match_one_piece_bit_for_bit(name, monkeypatch):
    import lucidnet.optimizers.parallel as optimizers_module

    config.set_kernels(False)  # the parts are the NumPy path's
    rng = np.random.default_rng(3)
    start = rng.normal(size=(900, 700)).astype(np.float32)  # above PARALLEL_MIN_SIZE
    grads = [rng.normal(size=start.shape).astype(np.float32) for _ in range(3)]
    results, split = [], []
    for minimum in (optimizers_module.PARALLEL_MIN_SIZE, 10**12):  # parts, then one piece
        monkeypatch.setattr(optimizers_module, "PARALLEL_MIN_SIZE", minimum)
        monkeypatch.setattr(optimizers_module.os, "cpu_count", lambda: 2)
        w = start.copy()
        optimizer = VARIANTS[name]()
        for g in grads:
            optimizer.apply([w], [g])
        results.append(w)
        split.append(optimizer._parts[0] is not None)
    assert split == [True, False]
    np.testing.assert_array_equal(results[0], results[1])


def test_set_threads_decides_how_many_parts_a_large_parameter_is_updated_in(monkeypatch):
    import lucidnet.optimizers as optimizers_module

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    w, g = np.zeros((900, 700), np.float32), np.ones((900, 700), np.float32)
    try:
        counts = []
        for count in (3, 1, None):
            optimizers_module.set_threads(count)
            optimizer = SGD()
            optimizer.apply([w], [g])
            counts.append(optimizers_module.threads())
            counts.append(0 if optimizer._parts[0] is None else len(optimizer._parts[0]))
    finally:
        optimizers_module.set_threads(None)
    assert counts == [3, 3, 1, 0, 2, 2]


@pytest.mark.parametrize("count", [0, -1, 1.5, True])
def test_set_threads_refuses_anything_but_a_positive_integer_or_none(count):
    import lucidnet.optimizers as optimizers_module

    with pytest.raises(ValueError, match=rf"count must be a positive integer, got {count!r}"):
        optimizers_module.set_threads(count)
