"""The optimizers' compiled kernels against their NumPy reference.

Every rule and variant of ``test_optimizers.VARIANTS`` is run twice from the same start, with
the kernels and without (turned off by the environment variable and by the setting), in
float64: the weights and every slot agree to 1e-10 relative, step by step and over whole
fits. Seeded runs with kernels are bit-identical, whatever the thread count; parameters below
``KERNEL_MIN_SIZE`` and dtypes the kernels do not cover stay on NumPy; and importing lucidnet
does not import numba.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from test_optimizers import VARIANTS

import lucidnet as ln
from lucidnet import config, jit
from lucidnet.optimizers import OPTIMIZERS, Adam, Optimizer, base, kernels, parallel

RTOL = 1e-10


@pytest.fixture
def calls(monkeypatch):
    """The names of the kernels run, in order."""
    names = []
    compiled = kernels.compiled

    def recording(name):
        names.append(name)
        return compiled(name)
    monkeypatch.setattr(kernels, "compiled", recording)
    return names


def assert_close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=0)


def steps(make, dtype=np.float64, count=12):
    """Weights and state after ``count`` steps of ``make()`` on a kernel-sized kernel and a
    bias below the threshold, from a fixed start."""
    rng = np.random.default_rng(7)
    params = [rng.standard_normal((150, 120)).astype(dtype), rng.standard_normal(120).astype(dtype)]
    grads = [[rng.standard_normal(w.shape).astype(dtype) for w in params] for _ in range(count)]
    optimizer = make()
    for g in grads:
        optimizer.apply(params, g)
    return params, optimizer.get_state()


@pytest.mark.parametrize("switch", ["environment", "setting"])
@pytest.mark.parametrize("name", VARIANTS)
def test_a_kernel_step_matches_the_numpy_reference(name, switch, monkeypatch, calls):
    fast, fast_state = steps(VARIANTS[name])
    assert calls, f"{name} ran no kernel"
    del calls[:]
    if switch == "environment":  # LUCIDNET_KERNELS=0 as lucidnet read it at import
        monkeypatch.setattr(config, "_environment_kernels", False)
    else:
        config.set_kernels(False)
    reference, reference_state = steps(VARIANTS[name])
    assert calls == []
    for a, b in zip(fast, reference):
        assert_close(a, b)
    assert fast_state.keys() == reference_state.keys()
    for key in reference_state:
        assert_close(fast_state[key], reference_state[key])


@pytest.mark.parametrize("name", ["adam", "adamw", "rmsprop_centered_momentum", "nadam", "ftrl"])
def test_a_kernel_step_matches_the_numpy_reference_with_clipping_and_a_schedule(name, calls):
    def make():
        optimizer = VARIANTS[name]()
        optimizer.learning_rate = ln.optimizers.schedules.ExponentialDecay(0.01, 3, 0.8)
        optimizer.global_clipnorm = 5.0
        optimizer.weight_decay = 0.05
        return optimizer
    fast, fast_state = steps(make)
    assert calls
    config.set_kernels(False)
    reference, reference_state = steps(make)
    for a, b in zip(fast, reference):
        assert_close(a, b)
    for key in reference_state:
        assert_close(fast_state[key], reference_state[key])


def test_every_registered_optimizer_declares_its_kernels():
    for name in OPTIMIZERS.names():
        declared = OPTIMIZERS.lookup(name).kernels
        assert declared and set(declared) <= set(kernels.KERNELS), name


#: Each has a kernel of at least KERNEL_MIN_SIZE values (and smaller ones beside it).
ARCHITECTURES = {
    "mlp": lambda: [ln.Input((20,)), ln.Dense(160, "relu"), ln.Dense(120, "tanh"),
                    ln.Dense(3, "softmax")],
    "dropout_batchnorm": lambda: [ln.Input((20,)), ln.Dense(150, "relu"), ln.Dropout(0.2),
                                  ln.BatchNormalization(), ln.Dense(120, "relu"),
                                  ln.Dense(3, "softmax")],
    "wide": lambda: [ln.Input((20,)), ln.Dense(900, "relu"), ln.Dense(3, "softmax")],
}


def fitted(architecture, optimizer, dtype="float64"):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((240, 20))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5).astype(int)
    model = ln.Sequential(ARCHITECTURES[architecture](), seed=3, dtype=dtype)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, batch_size=32, epochs=4, verbose=0)
    return model, history


@pytest.mark.parametrize("architecture", ARCHITECTURES)
@pytest.mark.parametrize("optimizer", ["adam", "sgd_nesterov", "rmsprop_centered", "lion",
                                       "adamax", "adagrad"])
def test_a_whole_fit_with_kernels_matches_the_numpy_reference(architecture, optimizer, calls):
    fast, fast_history = fitted(architecture, VARIANTS[optimizer]())
    assert calls
    config.set_kernels(False)
    reference, reference_history = fitted(architecture, VARIANTS[optimizer]())
    for a, b in zip(fast.get_weights(), reference.get_weights()):
        assert_close(a, b)
    np.testing.assert_allclose(fast_history.history["loss"], reference_history.history["loss"],
                               rtol=RTOL)


def test_seeded_runs_with_kernels_are_bit_identical_whatever_the_thread_count(monkeypatch, calls):
    runs = []
    for count in (1, 2, 2):
        # Every parameter large enough for parts on `count` threads in NumPy; the kernels run
        # on one thread whatever the setting.
        monkeypatch.setattr(parallel, "PARALLEL_MIN_SIZE", 1)
        parallel.set_threads(count)
        try:
            model, _ = fitted("mlp", Adam(), dtype="float32")
        finally:
            parallel.set_threads(None)
        runs.append(model.get_weights())
    assert calls
    for run in runs[1:]:
        for a, b in zip(run, runs[0]):
            np.testing.assert_array_equal(a, b)


def test_parameters_below_the_threshold_or_of_other_dtypes_stay_on_numpy(calls):
    small = np.zeros(base.KERNEL_MIN_SIZE - 1)
    half = np.zeros(base.KERNEL_MIN_SIZE, np.float16)
    Adam().apply([small, half], [np.ones_like(small), np.ones_like(half)])
    assert calls == []
    large = np.zeros(base.KERNEL_MIN_SIZE)
    Adam().apply([small, large], [np.ones_like(small), np.ones_like(large)])
    assert calls == ["adam"]


def test_a_non_contiguous_parameter_stays_on_numpy_and_a_non_contiguous_gradient_is_read(calls):
    w = np.zeros((300, 200))
    Adam().apply([w.T], [np.ones((200, 300))])
    assert calls == []
    reference, fast = np.zeros((300, 200)), np.zeros((300, 200))
    g = np.arange(60000.0).reshape(200, 300).T / 60000  # a transposed view
    Adam().apply([fast], [g])
    assert calls == ["adam"]
    config.set_kernels(False)
    Adam().apply([reference], [g])
    assert_close(fast, reference)


def test_a_subclass_with_its_own_update_runs_it_instead_of_its_parents_kernel(calls):
    class SignAdam(Adam):
        def _update(self, w, g, slots, lr, t, scratch):
            w -= lr * np.sign(g)

    assert SignAdam.kernels == ()
    w = np.zeros(base.KERNEL_MIN_SIZE)
    SignAdam(learning_rate=0.5).apply([w], [np.full_like(w, -3.0)])
    assert calls == [] and np.all(w == 0.5)


def test_the_environment_is_read_at_import_and_the_setting_overrides_it():
    script = (
        "import os; from lucidnet import config\n"
        "seen = [config.kernels_enabled()]\n"
        "config.set_kernels(True); seen.append(config.kernels_enabled())\n"
        "config.set_kernels(None); seen.append(config.kernels_enabled())\n"
        "os.environ['LUCIDNET_KERNELS'] = '1'; seen.append(config.kernels_enabled())\n"
        "print(seen)\n"
    )
    environment = {**os.environ, "LUCIDNET_KERNELS": "0"}
    result = subprocess.run([sys.executable, "-c", script], env=environment,
                            capture_output=True, text=True, check=True)
    # Off from the environment, on when set, off again when given back; a later change of
    # the environment is not read (set_kernels is the way to change it in a process).
    assert result.stdout.split() == ["[False,", "True,", "False,", "False]"]


def test_set_kernels_refuses_anything_but_a_flag_or_none():
    with pytest.raises(ValueError, match="enabled must be True or False, got 'no'"):
        config.set_kernels("no")


def test_importing_lucidnet_and_training_a_small_model_does_not_import_numba():
    code = ("import sys, numpy as np, lucidnet as ln\n"
            "assert 'numba' not in sys.modules, 'import'\n"
            "m = ln.Sequential([ln.Input((8,)), ln.Dense(16, 'relu'), ln.Dense(1)], seed=0)\n"
            "m.compile(optimizer='adam', loss='mse')\n"
            "m.fit(np.ones((64, 8)), np.ones(64), epochs=2, verbose=0)\n"
            "assert 'numba' not in sys.modules, 'fit'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("optimizer", ["adam", "nadam", "rmsprop_centered_momentum"])
def test_resuming_a_fit_with_kernels_from_a_model_file_is_bit_identical(tmp_path, optimizer,
                                                                        calls):
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((240, 20)).astype("float32"), rng.integers(0, 3, 240)

    def fresh():
        model = ln.Sequential(ARCHITECTURES["mlp"](), seed=3)
        model.compile(optimizer=VARIANTS[optimizer](), loss="sparse_categorical_crossentropy")
        return model
    straight = fresh()
    straight.fit(x, y, batch_size=32, epochs=4, verbose=0)
    half = fresh()
    half.fit(x, y, batch_size=32, epochs=2, verbose=0)
    half.save(tmp_path / "half.lucid")
    resumed = ln.models.load_model(tmp_path / "half.lucid")
    resumed.fit(x, y, batch_size=32, epochs=4, initial_epoch=2, verbose=0)
    assert calls
    for a, b in zip(resumed.get_weights(), straight.get_weights()):
        np.testing.assert_array_equal(a, b)
    resumed_state, straight_state = resumed.optimizer.get_state(), straight.optimizer.get_state()
    assert resumed_state.keys() == straight_state.keys()
    for key in straight_state:
        np.testing.assert_array_equal(resumed_state[key], straight_state[key])


def test_a_numba_that_fails_to_import_leaves_the_optimizers_on_numpy(monkeypatch):
    monkeypatch.setattr(jit, "numba", None)
    monkeypatch.setattr(jit, "_compiled", {})
    monkeypatch.setattr(jit, "_available", True)  # found installed,
    monkeypatch.setitem(sys.modules, "numba", None)  # but import numba raises ImportError
    w, g = np.zeros(base.KERNEL_MIN_SIZE), np.full(base.KERNEL_MIN_SIZE, 0.5)
    with pytest.warns(RuntimeWarning, match="numba could not be imported"):
        Adam().apply([w], [g])
    assert not kernels.available()
    reference = np.zeros_like(w)
    config.set_kernels(False)
    Adam().apply([reference], [g])
    np.testing.assert_array_equal(w, reference)


def test_a_rule_without_kernels_keeps_the_base_default():
    assert Optimizer.kernels == () and Optimizer()._kernel_arguments({}, 0.1, 1) is None


def test_a_kernel_counts_what_it_wrote_non_finite_and_the_slot_is_still_named():
    w = np.zeros(base.KERNEL_MIN_SIZE, np.float32)
    optimizer = ln.optimizers.Adagrad(learning_rate=1.0)
    optimizer.apply([w], [np.ones_like(w)])
    assert optimizer.last_step_finite
    g = np.ones_like(w)
    g[5] = 3e19  # its square overflows float32: G becomes inf
    with np.errstate(all="ignore"):
        optimizer.apply([w], [g])
    assert not optimizer.last_step_finite
    assert optimizer.non_finite_slot() == ("G", 0)
    config.set_kernels(False)
    reference = ln.optimizers.Adagrad(learning_rate=1.0)
    reference.apply([np.zeros(4)], [np.ones(4)])
    assert not reference.last_step_finite  # NumPy's step is not known to be finite
