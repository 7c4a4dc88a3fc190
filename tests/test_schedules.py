"""Tests for lucidnet.optimizers.schedules.

Expected values are the Keras 3 formulas written out by hand for each step;
the PyTorch schedulers that compute the same function serve as an independent
check. Registry-driven tests take their schedule from EXAMPLES, and a test
checks that every registered schedule has an entry there.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from lucidnet.optimizers import SGD
from lucidnet.optimizers.schedules import (
    SCHEDULES,
    CosineDecay,
    CosineDecayRestarts,
    ExponentialDecay,
    InverseTimeDecay,
    PiecewiseConstantDecay,
    PolynomialDecay,
    get,
    serialize,
)

# One non-default configuration per registered schedule, keyed by registry name.
EXAMPLES = {
    "exponentialdecay": lambda: ExponentialDecay(0.1, 10, 0.5, staircase=True),
    "inversetimedecay": lambda: InverseTimeDecay(0.1, 10, 0.5, staircase=True),
    "piecewiseconstantdecay": lambda: PiecewiseConstantDecay([10, 20.5], [0.1, 0.05, 0.01]),
    "polynomialdecay": lambda: PolynomialDecay(0.1, 10, 0.01, power=2.0, cycle=True),
    "cosinedecay": lambda: CosineDecay(0.0, 100, 0.1, warmup_target=0.2, warmup_steps=10),
    "cosinedecayrestarts": lambda: CosineDecayRestarts(0.1, 10, 1.5, 0.5, 0.1),
}
STEPS = (0, 1, 7, 10, 11, 30, 10**6)

cos, pi = math.cos, math.pi


# ---------------------------------------------------------------------------
# 1. Values at chosen steps, against the formulas written out by hand.

exponential = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
exponential_stairs = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
inverse_time = InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5)
inverse_time_stairs = InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
piecewise = PiecewiseConstantDecay(boundaries=[10, 20], values=[1.0, 0.5, 0.1])
piecewise_fractional = PiecewiseConstantDecay(boundaries=[2.5], values=[1.0, 0.5])
polynomial = PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.01, power=2.0)
polynomial_defaults = PolynomialDecay(0.1, decay_steps=10)
polynomial_cycle = PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.01, cycle=True)
cosine = CosineDecay(0.1, decay_steps=100, alpha=0.1)
cosine_warmup = CosineDecay(0.0, decay_steps=100, alpha=0.1, warmup_target=0.2, warmup_steps=10)
cosine_no_target = CosineDecay(0.1, decay_steps=100, warmup_steps=10)
cosine_no_warmup_steps = CosineDecay(0.05, decay_steps=100, warmup_target=0.2)
restarts = CosineDecayRestarts(0.1, first_decay_steps=10)
restarts_m_mul = CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=1.0, m_mul=0.5, alpha=0.2)
restarts_t_mul_1_5 = CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=1.5)
restarts_t_mul_3 = CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=3.0)
restarts_unit_t_mul_3 = CosineDecayRestarts(0.1, first_decay_steps=1, t_mul=3.0)
growth = ExponentialDecay(0.1, decay_steps=1, decay_rate=2.0)

VALUES = [
    # ExponentialDecay: 0.1·0.5^(s/10), smooth.
    pytest.param(exponential, 0, 0.1, id="exponential-0"),
    pytest.param(exponential, 1, 0.1 * 0.5**0.1, id="exponential-1"),
    pytest.param(exponential, 5, 0.1 * 0.5**0.5, id="exponential-middle"),
    pytest.param(exponential, 10, 0.05, id="exponential-decay_steps"),
    pytest.param(exponential, 25, 0.1 * 0.5**2.5, id="exponential-25"),
    pytest.param(exponential, 1000, 0.1 * 0.5**100, id="exponential-far"),
    # staircase: 0.1·0.5^⌊s/10⌋, dropping exactly at multiples of 10.
    pytest.param(exponential_stairs, 0, 0.1, id="exponential-stairs-0"),
    pytest.param(exponential_stairs, 9, 0.1, id="exponential-stairs-9"),
    pytest.param(exponential_stairs, 10, 0.05, id="exponential-stairs-10"),
    pytest.param(exponential_stairs, 19, 0.05, id="exponential-stairs-19"),
    pytest.param(exponential_stairs, 20, 0.025, id="exponential-stairs-20"),
    pytest.param(exponential_stairs, 1005, 0.1 * 0.5**100, id="exponential-stairs-far"),
    # A rate that grows overflows to inf rather than raising.
    pytest.param(growth, 10**6, math.inf, id="exponential-growth-overflows-to-inf"),
    # InverseTimeDecay: 0.1/(1 + 0.5·s/10), or with ⌊s/10⌋.
    pytest.param(inverse_time, 0, 0.1, id="inverse-time-0"),
    pytest.param(inverse_time, 1, 0.1 / (1 + 0.5 * 0.1), id="inverse-time-1"),
    pytest.param(inverse_time, 10, 0.1 / 1.5, id="inverse-time-decay_steps"),
    pytest.param(inverse_time, 25, 0.1 / (1 + 0.5 * 2.5), id="inverse-time-25"),
    pytest.param(inverse_time, 10**6, 0.1 / (1 + 0.5 * 10**5), id="inverse-time-far"),
    pytest.param(inverse_time_stairs, 9, 0.1, id="inverse-time-stairs-9"),
    pytest.param(inverse_time_stairs, 10, 0.1 / 1.5, id="inverse-time-stairs-10"),
    pytest.param(inverse_time_stairs, 25, 0.1 / 2, id="inverse-time-stairs-25"),
    # PiecewiseConstantDecay: a boundary step still gets the value before it.
    pytest.param(piecewise, 0, 1.0, id="piecewise-0"),
    pytest.param(piecewise, 10, 1.0, id="piecewise-at-first-boundary"),
    pytest.param(piecewise, 11, 0.5, id="piecewise-after-first-boundary"),
    pytest.param(piecewise, 20, 0.5, id="piecewise-at-last-boundary"),
    pytest.param(piecewise, 21, 0.1, id="piecewise-after-last-boundary"),
    pytest.param(piecewise, 10**9, 0.1, id="piecewise-far"),
    pytest.param(piecewise_fractional, 2, 1.0, id="piecewise-below-fractional-boundary"),
    pytest.param(piecewise_fractional, 3, 0.5, id="piecewise-above-fractional-boundary"),
    # PolynomialDecay: (0.1 − 0.01)·(1 − min(s, 10)/10)² + 0.01.
    pytest.param(polynomial, 0, 0.1, id="polynomial-0"),
    pytest.param(polynomial, 1, 0.09 * 0.9**2 + 0.01, id="polynomial-1"),
    pytest.param(polynomial, 5, 0.09 * 0.5**2 + 0.01, id="polynomial-middle"),
    pytest.param(polynomial, 10, 0.01, id="polynomial-decay_steps"),
    pytest.param(polynomial, 1000, 0.01, id="polynomial-far-stays-at-end"),
    # Keras defaults: end_learning_rate = 1e-4, power = 1.
    pytest.param(polynomial_defaults, 5, (0.1 - 1e-4) * 0.5 + 1e-4, id="polynomial-defaults-5"),
    pytest.param(polynomial_defaults, 10, 1e-4, id="polynomial-defaults-10"),
    # cycle: the horizon is 10·⌈s/10⌉ (10 at s = 0), so the rate jumps back up
    # after each multiple of 10, but not all the way to 0.1.
    pytest.param(polynomial_cycle, 0, 0.1, id="polynomial-cycle-0"),
    pytest.param(polynomial_cycle, 10, 0.01, id="polynomial-cycle-10"),
    pytest.param(polynomial_cycle, 11, 0.09 * (1 - 11 / 20) + 0.01, id="polynomial-cycle-11"),
    pytest.param(polynomial_cycle, 20, 0.01, id="polynomial-cycle-20"),
    pytest.param(polynomial_cycle, 25, 0.09 * (1 - 25 / 30) + 0.01, id="polynomial-cycle-25"),
    # CosineDecay: 0.1·(0.9·½(1 + cos(π·min(s, 100)/100)) + 0.1), ending at α·0.1.
    pytest.param(cosine, 0, 0.1, id="cosine-0"),
    pytest.param(cosine, 1, 0.1 * (0.9 * 0.5 * (1 + cos(pi / 100)) + 0.1), id="cosine-1"),
    pytest.param(cosine, 50, 0.1 * (0.9 * 0.5 + 0.1), id="cosine-middle"),
    pytest.param(cosine, 100, 0.01, id="cosine-decay_steps"),
    pytest.param(cosine, 10**6, 0.01, id="cosine-far-stays-at-alpha"),
    # warm-up: 0 → 0.2 linearly over 10 steps, then cosine from 0.2 down to α·0.2.
    pytest.param(cosine_warmup, 0, 0.0, id="cosine-warmup-0"),
    pytest.param(cosine_warmup, 1, 0.02, id="cosine-warmup-1"),
    pytest.param(cosine_warmup, 5, 0.1, id="cosine-warmup-middle"),
    pytest.param(cosine_warmup, 9, 0.18, id="cosine-warmup-last"),
    pytest.param(cosine_warmup, 10, 0.2, id="cosine-warmup-reaches-target"),
    pytest.param(cosine_warmup, 60, 0.2 * (0.9 * 0.5 + 0.1), id="cosine-warmup-decay-middle"),
    pytest.param(cosine_warmup, 110, 0.02, id="cosine-warmup-end"),
    pytest.param(cosine_warmup, 10**6, 0.02, id="cosine-warmup-far"),
    # Keras ignores warmup_steps without warmup_target, and with warmup_steps = 0
    # decays from warmup_target at once.
    pytest.param(cosine_no_target, 5, 0.5 * 0.1 * (1 + cos(pi * 5 / 100)), id="cosine-no-target"),
    pytest.param(cosine_no_warmup_steps, 0, 0.2, id="cosine-target-without-warmup-steps"),
    # CosineDecayRestarts, t_mul = 2: periods of 10, 20, 40 steps start at 0, 10, 30, 70.
    pytest.param(restarts, 0, 0.1, id="restarts-0"),
    pytest.param(restarts, 1, 0.05 * (1 + cos(pi / 10)), id="restarts-1"),
    pytest.param(restarts, 5, 0.05, id="restarts-middle"),
    pytest.param(restarts, 9, 0.05 * (1 + cos(pi * 9 / 10)), id="restarts-before-restart"),
    pytest.param(restarts, 10, 0.1, id="restarts-first-restart"),
    pytest.param(restarts, 20, 0.05, id="restarts-middle-of-second-period"),
    pytest.param(restarts, 30, 0.1, id="restarts-second-restart"),
    pytest.param(restarts, 69, 0.05 * (1 + cos(pi * 39 / 40)), id="restarts-69"),
    pytest.param(restarts, 70, 0.1, id="restarts-third-restart"),
    # t_mul = 1, m_mul = ½, α = 0.2: each period starts at 0.1·(0.8·½ⁱ + 0.2); the
    # floor α·0.1 is not scaled by ½ⁱ.
    pytest.param(restarts_m_mul, 0, 0.1, id="restarts-m_mul-0"),
    pytest.param(restarts_m_mul, 5, 0.1 * (0.8 * 0.5 + 0.2), id="restarts-m_mul-5"),
    pytest.param(restarts_m_mul, 10, 0.1 * (0.8 * 0.5 + 0.2), id="restarts-m_mul-10"),
    pytest.param(restarts_m_mul, 15, 0.1 * (0.8 * 0.25 + 0.2), id="restarts-m_mul-15"),
    pytest.param(restarts_m_mul, 20, 0.1 * (0.8 * 0.25 + 0.2), id="restarts-m_mul-20"),
    pytest.param(restarts_m_mul, 10**6, 0.1 * 0.2, id="restarts-m_mul-far"),
    # t_mul = 1.5: periods of 10, 15, 22.5, 33.75 steps start at 0, 10, 25, 47.5.
    pytest.param(restarts_t_mul_1_5, 24, 0.05 * (1 + cos(pi * 14 / 15)), id="restarts-1.5-24"),
    pytest.param(restarts_t_mul_1_5, 25, 0.1, id="restarts-1.5-25"),
    pytest.param(restarts_t_mul_1_5, 47, 0.05 * (1 + cos(pi * 22 / 22.5)), id="restarts-1.5-47"),
    pytest.param(restarts_t_mul_1_5, 48, 0.05 * (1 + cos(pi * 0.5 / 33.75)), id="restarts-1.5-48"),
    # t_mul = 3: periods start at 0, 10, 40, 130, 400, 1210.
    pytest.param(restarts_t_mul_3, 1209, 0.05 * (1 + cos(pi * 809 / 810)), id="restarts-3-1209"),
    pytest.param(restarts_t_mul_3, 1210, 0.1, id="restarts-3-1210"),
    # With first_decay_steps = 1, log₃(1 + 2s) rounds to just below the period
    # index at the restarts s = 1 and s = 121; they must still restart.
    pytest.param(restarts_unit_t_mul_3, 1, 0.1, id="restarts-3-unit-1"),
    pytest.param(
        restarts_unit_t_mul_3, 120, 0.05 * (1 + cos(pi * 80 / 81)), id="restarts-3-unit-120"
    ),
    pytest.param(restarts_unit_t_mul_3, 121, 0.1, id="restarts-3-unit-121"),
]


@pytest.mark.parametrize("schedule, step, expected", VALUES)
def test_value_at_step(schedule, step, expected):
    assert schedule(step) == pytest.approx(expected, rel=1e-12, abs=1e-15)


# ---------------------------------------------------------------------------
# 2. Agreement with the PyTorch schedulers that compute the same function.
#    PyTorch updates its rate recursively (lr ← lr·factor), so it carries some
#    round-off; the reference is read before each scheduler.step().


def torch_rates(torch, make_scheduler, initial_learning_rate, steps):
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=initial_learning_rate)
    scheduler = make_scheduler(torch.optim.lr_scheduler, optimizer)
    rates = []
    for _ in range(steps):
        rates.append(scheduler.get_last_lr()[0])
        optimizer.step()
        scheduler.step()
    return rates


TORCH_EQUIVALENTS = {
    "ExponentialLR": (
        ExponentialDecay(0.1, decay_steps=1, decay_rate=0.9),
        lambda s, opt: s.ExponentialLR(opt, gamma=0.9),
        60,
    ),
    "StepLR": (
        ExponentialDecay(0.1, decay_steps=7, decay_rate=0.5, staircase=True),
        lambda s, opt: s.StepLR(opt, step_size=7, gamma=0.5),
        40,
    ),
    # MultiStepLR changes the rate at a milestone m, Keras one step after a
    # boundary b, so b = m − 1 gives the same function on whole steps.
    "MultiStepLR": (
        PiecewiseConstantDecay(boundaries=[4, 11], values=[0.1, 0.01, 0.001]),
        lambda s, opt: s.MultiStepLR(opt, milestones=[5, 12], gamma=0.1),
        20,
    ),
    # Only up to T_max: past it torch's cosine turns back up, Keras's stays at α·lr₀.
    "CosineAnnealingLR": (
        CosineDecay(0.1, decay_steps=20),
        lambda s, opt: s.CosineAnnealingLR(opt, T_max=20, eta_min=0.0),
        21,
    ),
    "CosineAnnealingWarmRestarts-T_mult-1": (
        CosineDecayRestarts(0.1, first_decay_steps=5, t_mul=1.0),
        lambda s, opt: s.CosineAnnealingWarmRestarts(opt, T_0=5, T_mult=1),
        40,
    ),
    "CosineAnnealingWarmRestarts-T_mult-2": (
        CosineDecayRestarts(0.1, first_decay_steps=5, t_mul=2.0),
        lambda s, opt: s.CosineAnnealingWarmRestarts(opt, T_0=5, T_mult=2),
        80,
    ),
    # α·lr₀ is torch's eta_min, as long as m_mul = 1.
    "CosineAnnealingWarmRestarts-eta_min": (
        CosineDecayRestarts(0.1, first_decay_steps=5, t_mul=2.0, alpha=0.1),
        lambda s, opt: s.CosineAnnealingWarmRestarts(opt, T_0=5, T_mult=2, eta_min=0.01),
        80,
    ),
    # Past total_iters both stay at 0.
    "PolynomialLR-power-1": (
        PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.0, power=1.0),
        lambda s, opt: s.PolynomialLR(opt, total_iters=10, power=1.0),
        25,
    ),
    "PolynomialLR-power-2": (
        PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.0, power=2.0),
        lambda s, opt: s.PolynomialLR(opt, total_iters=10, power=2.0),
        25,
    ),
    "PolynomialLR-power-0.5": (
        PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.0, power=0.5),
        lambda s, opt: s.PolynomialLR(opt, total_iters=10, power=0.5),
        25,
    ),
}


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


@pytest.mark.parametrize(
    "schedule, make_scheduler, steps", TORCH_EQUIVALENTS.values(), ids=TORCH_EQUIVALENTS.keys()
)
def test_matches_torch_scheduler(schedule, make_scheduler, steps, torch):
    expected = torch_rates(torch, make_scheduler, schedule(0), steps)
    np.testing.assert_allclose(
        [schedule(step) for step in range(steps)], expected, rtol=1e-9, atol=1e-15
    )


# ---------------------------------------------------------------------------
# 3. Registry, configuration and the calling contract, for every registered schedule.

registered = pytest.mark.parametrize("name", SCHEDULES.names())


def test_every_registered_schedule_has_an_example():
    assert set(SCHEDULES.names()) == set(EXAMPLES)


@registered
def test_config_round_trip_through_json(name):
    schedule = EXAMPLES[name]()
    config = json.loads(json.dumps(serialize(schedule)))
    rebuilt = get(config)
    assert type(rebuilt) is type(schedule)
    assert rebuilt.get_config() == schedule.get_config()
    assert [rebuilt(step) for step in STEPS] == [schedule(step) for step in STEPS]


@registered
def test_serialized_class_name_is_the_keras_class_name(name):
    schedule = EXAMPLES[name]()
    assert serialize(schedule)["class_name"] == type(schedule).__name__


@registered
def test_value_is_a_python_float(name):
    schedule = EXAMPLES[name]()
    assert all(type(schedule(step)) is float for step in STEPS)


@registered
def test_value_depends_only_on_the_step(name):
    schedule = EXAMPLES[name]()
    forward = [schedule(step) for step in range(40)]
    backward = [schedule(step) for step in reversed(range(40))]
    assert forward == backward[::-1] == [schedule(step) for step in range(40)]


@registered
def test_numpy_integer_step_is_accepted(name):
    schedule = EXAMPLES[name]()
    assert schedule(np.int64(11)) == schedule(11)


@registered
def test_a_float_step_follows_the_same_formula_as_in_keras(name):
    schedule = EXAMPLES[name]()
    assert schedule(11.0) == schedule(11)
    assert type(schedule(2.5)) is float


@registered
@pytest.mark.parametrize("step", [True, "3", None, float("nan"), float("inf")])
def test_a_step_that_is_not_a_finite_number_is_rejected(name, step):
    with pytest.raises(ValueError, match=rf"step must be a finite number, got {step!r}\."):
        EXAMPLES[name]()(step)


def test_the_fourth_positional_argument_of_cosine_decay_is_its_name_as_in_keras():
    schedule = CosineDecay(0.1, 100, 0.0, "warm")
    assert schedule.name == "warm" and schedule.warmup_target is None


# ---------------------------------------------------------------------------
# 4. As an optimizer's learning rate.


def test_sgd_steps_follow_exponential_decay():
    # lr at iterations 0, 1, 2: 0.1·0.25^(s/2) = 0.1, 0.05, 0.025.
    optimizer = SGD(learning_rate=ExponentialDecay(0.1, decay_steps=2, decay_rate=0.25))
    w = np.array([1.0, -2.0, 3.0])
    g = np.array([0.5, 1.0, -2.0])
    for learning_rate in (0.1, 0.05, 0.025):
        before = w.copy()
        optimizer.apply([w], [g])
        np.testing.assert_allclose(before - w, learning_rate * g, rtol=1e-12, atol=0)


# ---------------------------------------------------------------------------
# 5. Bad arguments name the argument and the value.

BAD_ARGUMENTS = {
    "exponential-decay_steps-zero": (
        lambda: ExponentialDecay(0.1, 0, 0.5),
        r"decay_steps must be a positive integer, got 0\.",
    ),
    "exponential-decay_steps-fractional": (
        lambda: ExponentialDecay(0.1, 2.5, 0.5),
        r"decay_steps must be a positive integer, got 2\.5",
    ),
    "exponential-decay_rate-zero": (
        lambda: ExponentialDecay(0.1, 10, 0.0),
        r"decay_rate must be a number > 0, got 0\.0",
    ),
    "exponential-initial_learning_rate-negative": (
        lambda: ExponentialDecay(-0.1, 10, 0.5),
        r"initial_learning_rate must be a number >= 0, got -0\.1",
    ),
    "exponential-staircase-string": (
        lambda: ExponentialDecay(0.1, 10, 0.5, staircase="yes"),
        r"staircase must be True or False, got 'yes'",
    ),
    "inverse-time-decay_rate-negative": (
        lambda: InverseTimeDecay(0.1, 10, -1.0),
        r"decay_rate must be a number >= 0, got -1\.0",
    ),
    "inverse-time-initial_learning_rate-nan": (
        lambda: InverseTimeDecay(math.nan, 10, 1.0),
        r"initial_learning_rate must be a number >= 0, got nan",
    ),
    "inverse-time-decay_steps-bool": (
        lambda: InverseTimeDecay(0.1, True, 1.0),
        r"decay_steps must be a positive integer, got True",
    ),
    "piecewise-boundaries-not-increasing": (
        lambda: PiecewiseConstantDecay([10, 10], [1.0, 0.5, 0.1]),
        r"boundaries must be strictly increasing, got \[10, 10\]",
    ),
    "piecewise-values-count": (
        lambda: PiecewiseConstantDecay([10, 20], [1.0, 0.5]),
        r"len\(values\) == len\(boundaries\) \+ 1\), got 2 values for 2 boundaries",
    ),
    "piecewise-boundaries-empty": (
        lambda: PiecewiseConstantDecay([], [1.0]),
        r"boundaries must be a non-empty list of finite numbers, got \[\]",
    ),
    "piecewise-boundaries-string-entry": (
        lambda: PiecewiseConstantDecay([10, "20"], [1.0, 0.5, 0.1]),
        r"boundaries must be a non-empty list of finite numbers, got \[10, '20'\]",
    ),
    "piecewise-boundaries-not-a-list": (
        lambda: PiecewiseConstantDecay(10, [1.0, 0.5]),
        r"boundaries must be a list of numbers, got 10",
    ),
    "piecewise-values-negative": (
        lambda: PiecewiseConstantDecay([10], [1.0, -0.5]),
        r"values must be a number >= 0, got -0\.5",
    ),
    "polynomial-decay_steps-negative": (
        lambda: PolynomialDecay(0.1, -5),
        r"decay_steps must be a positive integer, got -5",
    ),
    "polynomial-end_learning_rate-negative": (
        lambda: PolynomialDecay(0.1, 10, end_learning_rate=-1),
        r"end_learning_rate must be a number >= 0, got -1",
    ),
    "polynomial-power-zero": (
        lambda: PolynomialDecay(0.1, 10, power=0),
        r"power must be a number > 0, got 0",
    ),
    "polynomial-cycle-int": (
        lambda: PolynomialDecay(0.1, 10, cycle=1),
        r"cycle must be True or False, got 1",
    ),
    "cosine-decay_steps-zero": (
        lambda: CosineDecay(0.1, 0),
        r"decay_steps must be a positive integer, got 0",
    ),
    "cosine-alpha-above-one": (
        lambda: CosineDecay(0.1, 10, alpha=1.5),
        r"alpha must be a number in \[0, 1\], got 1\.5",
    ),
    "cosine-warmup_target-negative": (
        lambda: CosineDecay(0.1, 10, warmup_target=-0.1),
        r"warmup_target must be a number >= 0, got -0\.1",
    ),
    "cosine-warmup_steps-negative": (
        lambda: CosineDecay(0.1, 10, warmup_target=0.2, warmup_steps=-1),
        r"warmup_steps must be a non-negative integer, got -1",
    ),
    "restarts-first_decay_steps-zero": (
        lambda: CosineDecayRestarts(0.1, 0),
        r"first_decay_steps must be a positive integer, got 0",
    ),
    "restarts-t_mul-below-one": (
        lambda: CosineDecayRestarts(0.1, 10, t_mul=0.5),
        r"t_mul must be a number >= 1, got 0\.5",
    ),
    "restarts-m_mul-negative": (
        lambda: CosineDecayRestarts(0.1, 10, m_mul=-1.0),
        r"m_mul must be a number >= 0, got -1\.0",
    ),
    "restarts-alpha-negative": (
        lambda: CosineDecayRestarts(0.1, 10, alpha=-0.1),
        r"alpha must be a number in \[0, 1\], got -0\.1",
    ),
}


@pytest.mark.parametrize("make, message", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys())
def test_bad_argument_is_named_with_its_value(make, message):
    with pytest.raises(ValueError, match=message):
        make()
