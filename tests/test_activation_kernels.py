"""The compiled ReLU and softmax kernels of a Dense layer against NumPy, bit for bit.

`bias_relu` (z + b, then max(z, 0)) and `relu_backward` (∂C/∂a ⊙ [z > 0], and Σₙ δₙ), and
softmax's `bias_shift` (z + b, then z − max z) and `normalize_rows` (e / Σ e) around NumPy's
exponential, give the bits of the NumPy passes they replace, ±inf and −0 included (NaN where
NumPy has NaN), in float32 and float64; a model trained with them ends with the weights of
one trained without; they run only for plain ReLU and for Softmax along the last axis on
arrays they can take, and a prediction never loads numba for them (nor does training a small
model: `test_kernels.py`).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import config, jit
from lucidnet.activations import LeakyReLU, ReLU, Softmax, kernels
from lucidnet.activations.formulas import softmax_into
from lucidnet.utils import gradcheck

SHAPES = [(1, 1), (1, 7), (5, 33), (128, 256), (300, 3)]


@pytest.fixture
def calls(monkeypatch):
    """The names of the kernels compiled for a call, in order."""
    names = []
    compiled = kernels.compiled

    def recording(function):
        names.append(function.__name__)
        return compiled(function)
    monkeypatch.setattr(kernels, "compiled", recording)
    monkeypatch.setattr(kernels, "KERNEL_MIN_SIZE", 1)
    return names


def awkward(shape, dtype, rng):
    """Random values with NaN, ±inf, −0 and +0 among them."""
    values = rng.standard_normal(shape).astype(dtype)
    flat = values.reshape(-1)
    specials = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0], dtype)
    flat[rng.integers(0, flat.size, size=min(flat.size, 8))] = rng.choice(specials, 8)[
        :min(flat.size, 8)]
    return values


def same_bits(actual, expected):
    """Equal bit for bit (−0 and +0 apart), NaN where the other has NaN (whatever its sign
    and payload, which depend on the order of an addition's operands)."""
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    nan = np.isnan(expected)
    np.testing.assert_array_equal(np.isnan(actual), nan)
    assert np.where(nan, 0, actual).tobytes() == np.where(nan, 0, expected).tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_the_kernels_give_numpys_bits(shape, dtype):
    rng = np.random.default_rng(sum(shape))
    z0, grad = awkward(shape, dtype, rng), awkward(shape, dtype, rng)
    b = awkward(shape[1:], dtype, rng)
    with np.errstate(all="ignore"):
        z_numpy = z0 + b
        a_numpy = np.maximum(z_numpy, 0)
        delta_numpy = grad * (z_numpy > 0)
        bias_numpy = delta_numpy.sum(axis=0)
        z, a = z0.copy(), np.empty_like(z0)
        kernels.compiled(kernels.bias_relu)(z, b, a)
        in_place = z0.copy()
        kernels.compiled(kernels.bias_relu)(in_place, b, in_place)
        delta, bias = np.empty_like(z), np.empty(shape[1], dtype)
        kernels.compiled(kernels.relu_backward)(grad, z, delta, bias)
    same_bits(z, z_numpy)
    same_bits(a, a_numpy)
    same_bits(in_place, a_numpy)
    same_bits(delta, delta_numpy)
    same_bits(bias, bias_numpy)


#: Row lengths on each side of NumPy's pairwise sum's cases: below 8, whole groups of 8 and a
#: rest, up to its block of 128 values.
SOFTMAX_SHAPES = [(1, 1), (1, 7), (5, 8), (3, 9), (128, 10), (4, 17), (2, 64), (3, 127),
                  (2, 128)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SOFTMAX_SHAPES)
def test_the_softmax_kernels_give_numpys_bits(shape, dtype):
    rng = np.random.default_rng(sum(shape))
    for z0 in (rng.standard_normal(shape).astype(dtype) * 30, awkward(shape, dtype, rng)):
        b = awkward(shape[1:], dtype, rng)
        with np.errstate(all="ignore"):
            z_numpy = z0 + b
            a_numpy = softmax_into(z_numpy.copy())
            z, a = z0.copy(), np.empty_like(z0)
            Softmax._shifted_exponentiated_normalized(z, b, a)
            in_place = z0.copy()
            Softmax._shifted_exponentiated_normalized(in_place, b, in_place)
        same_bits(z, z_numpy)
        same_bits(a, a_numpy)
        same_bits(in_place, a_numpy)


def test_only_softmax_along_the_last_axis_of_rows_the_kernels_take_uses_them(calls):
    b = np.zeros(3, np.float32)

    class Tempered(Softmax):
        def forward(self, z):
            return super().forward(z / 2)

    a = Tempered().add_bias_forward(np.log(np.array([[1.0, 2.0, 4.0]], np.float32)), b)
    np.testing.assert_allclose(a, np.array([[1.0, 2.0 ** 0.5, 2.0]]) / (3 + 2 ** 0.5), 1e-6)
    Softmax(axis=0).add_bias_forward(np.ones((4, 3), np.float32), b)
    Softmax().add_bias_forward(np.ones((2, 129), np.float32), np.zeros(129, np.float32))
    Softmax().add_bias_forward(np.ones((4, 3), np.float32), b.astype(np.float64))
    Softmax().add_bias_forward(np.ones((4, 3), np.float16), b.astype(np.float16))
    Softmax().add_bias_forward(np.ones((2, 4, 3), np.float32), b)
    assert not calls
    Softmax().add_bias_forward_in_place(np.ones((4, 3), np.float32), b)
    assert calls == ["bias_shift", "normalize_rows"]


def test_a_negative_zero_sum_is_positive_zero_as_numpys():
    grad = np.full((3, 2), -0.0, np.float32)
    z = np.ones_like(grad)
    delta, bias = np.empty_like(grad), np.empty(2, np.float32)
    kernels.compiled(kernels.relu_backward)(grad, z, delta, bias)
    assert not np.signbit(bias).any() and not np.signbit(grad.sum(axis=0)).any()
    assert np.signbit(delta).all()


def printed_by(script: str) -> str:
    """What `script` prints, run in a fresh interpreter (which has not imported numba)."""
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True).stdout


def mlp_fit(dtype, epochs=2):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((400, 20)).astype(dtype)
    y = rng.integers(0, 3, 400)
    model = ln.Sequential([ln.Input((20,)), ln.Dense(150, "relu"), ln.Dense(140, "relu"),
                           ln.Dense(3, "softmax")], seed=1, dtype=dtype)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, batch_size=128, epochs=epochs, verbose=0, shuffle=True)
    return model, history.history, model.predict(x[:50], verbose=0), model(x[:1]).numpy()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_model_trains_and_predicts_with_the_same_bits_with_kernels_and_without(calls, dtype):
    fused, fused_history, fused_predictions, fused_one = mlp_fit(dtype)
    assert {"bias_relu", "relu_backward", "bias_shift", "normalize_rows"} <= set(calls)
    config.set_kernels(False)
    calls.clear()
    plain, plain_history, plain_predictions, plain_one = mlp_fit(dtype)
    assert not calls
    assert fused_history == plain_history
    for a, b in zip(fused.get_weights(), plain.get_weights()):
        same_bits(a, b)
    same_bits(fused_predictions, plain_predictions)
    same_bits(fused_one, plain_one)
    for a, b in zip(fused.layers, plain.layers):  # what trace() and backward read
        same_bits(a.z, b.z)
        same_bits(a.a, b.a)


def test_only_plain_relu_on_arrays_the_kernels_take_uses_them(calls):
    z = np.ones((4, 3), np.float32)
    b = np.ones(3, np.float32)
    LeakyReLU(0.1).add_bias_forward(z.copy(), b)
    ReLU(max_value=6.0).add_bias_forward(z.copy(), b)

    class Shifted(ReLU):
        def forward(self, z):
            return np.maximum(z, 0) + 1

    np.testing.assert_array_equal(Shifted().add_bias_forward(z.copy(), b), 3.0)
    ReLU().add_bias_forward(z.copy(), b.astype(np.float64))  # dtypes differ
    ReLU().add_bias_forward(np.ones((3, 4), np.float32).T.copy(order="F"), b)  # not C order
    ReLU().add_bias_forward(z.astype(np.float16), b.astype(np.float16))
    assert not calls
    ReLU().add_bias_forward(z.copy(), b)
    assert calls == ["bias_relu"]


def test_the_kernels_are_off_when_the_setting_says_so(calls):
    config.set_kernels(False)
    assert not kernels.usable(np.ones((4, 3)))
    ReLU().backward_and_bias_sum(np.ones((4, 3)), np.ones((4, 3)), np.ones((4, 3)))
    assert not calls


def test_predicting_a_large_batch_does_not_load_numba_but_uses_it_once_loaded(calls):
    script = (
        "import sys, numpy as np, lucidnet as ln\n"
        "x = np.random.default_rng(0).standard_normal((4096, 8)).astype('float32')\n"
        "m = ln.Sequential([ln.Input((8,)), ln.Dense(64, 'relu'), ln.Dense(1)])\n"
        "m.predict(x, batch_size=4096, verbose=0)\n"
        "print('numba' in sys.modules)\n"
    )
    assert printed_by(script).strip() == "False"
    model = ln.Sequential([ln.Input((8,)), ln.Dense(64, "relu"), ln.Dense(1)], seed=0)
    kernels.compiled(kernels.bias_relu)  # numba loaded, as after training
    calls.clear()
    model.predict(np.ones((5, 8), np.float32), verbose=0)
    assert calls == ["bias_relu"]


@pytest.mark.parametrize("output, loss", [("softmax", "sparse_categorical_crossentropy"),
                                          ("linear", "mse")])
def test_backpropagation_through_the_kernels_matches_finite_differences(calls, output, loss):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((12, 7))
    y = rng.integers(0, 3, 12) if output == "softmax" else rng.standard_normal((12, 3))
    model = ln.Sequential([ln.Input((7,)), ln.Dense(9, "relu"), ln.Dense(6, "relu"),
                           ln.Dense(3, output)], seed=2)
    model.compile(loss=loss)
    report = gradcheck(model, x, y)
    used = {"bias_relu", "relu_backward"} | ({"bias_shift", "normalize_rows"}
                                             if output == "softmax" else set())
    assert used <= set(calls)
    assert report.passed(1e-6), str(report)


def test_compile_with_jit_compile_loads_the_kernels_so_that_predictions_use_them():
    script = (
        "import sys, numpy as np, lucidnet as ln\n"
        "from lucidnet.activations import kernels\n"
        "m = ln.Sequential([ln.Input((8,)), ln.Dense(4, 'relu'), ln.Dense(3, 'softmax')])\n"
        "m.compile(loss='sparse_categorical_crossentropy')\n"
        "before = 'numba' in sys.modules\n"
        "m.compile(loss='sparse_categorical_crossentropy', jit_compile=True)\n"
        "names = []\n"
        "compiled = kernels.compiled\n"
        "kernels.compiled = lambda f: names.append(f.__name__) or compiled(f)\n"
        "m.predict(np.ones((1, 8), np.float32), verbose=0)\n"
        "print(before, 'numba' in sys.modules, sorted(set(names)))\n"
    )
    assert printed_by(script).split(None, 2) == [
        "False", "True", "['bias_relu', 'bias_shift', 'normalize_rows']\n"]


@pytest.mark.parametrize("value", [1, 0, "yes", None, "Auto"])
def test_jit_compile_is_true_false_or_auto(value):
    model = ln.Sequential([ln.Input((2,)), ln.Dense(1)])
    with pytest.raises(ValueError, match="jit_compile must be True, False or 'auto'"):
        model.compile(loss="mse", jit_compile=value)
    assert not model.compiled


def test_jit_compile_without_numba_warns_and_computes_with_numpy(monkeypatch):
    monkeypatch.setattr(jit, "numba", None)
    monkeypatch.setattr(jit, "_available", False)
    model = ln.Sequential([ln.Input((2,)), ln.Dense(3, "relu"), ln.Dense(1)], seed=0)
    with pytest.warns(UserWarning, match="numba is not installed or failed to import"):
        model.compile(loss="mse", jit_compile=True)
    assert model.compiled
    assert model.predict(np.ones((1, 2)), verbose=0).shape == (1, 1)
