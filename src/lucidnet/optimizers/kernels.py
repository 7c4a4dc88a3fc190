"""Compiled update kernels: each rule's step as one fused loop over a parameter's values.

NumPy runs a rule's formula as a pass over memory per operation (Adam: about ten); a kernel
runs it in one loop, element by element, on one core. Each kernel here is the formula of
its rule's docstring, written with the same names and in the same order of operations as
the rule's NumPy `_update`, which stays the readable reference; `tests/test_kernels.py`
checks one against the other for every rule and variant.

Contract, for each kernel `name(w, g, <slots...>, decay, <numbers...>, <flags...>)`:

* `w`, `g` and the slots are 1-D C-contiguous arrays of one size and one dtype (float32
  or float64), updated in place (`g` is only read);
* `decay` is 1 − lr·λ, the decoupled weight decay w ← decay·w applied first (1 without
  weight decay, which multiplies exactly);
* the numbers arrive in the parameter's dtype, so float32 training computes in float32 as
  NumPy does;
* it returns the number of positions where a value it wrote is NaN or ±inf (x − x is 0
  exactly for a finite x, NaN otherwise), so that the caller needs no pass of its own to
  find a step that overflowed; an integer count, which numba vectorizes, where a float sum
  would be one long chain of additions;
* every value depends on its own index only, so a call over parameters laid
  out flat gives each the bits a call of its own would, and `fastmath` is off so the
  compiler keeps IEEE semantics and the order of the operations.

numba is imported on the first call of `compiled`, not when lucidnet is imported
(importing numba takes about half a second); compiled kernels are cached on disk, so a
later process loads them instead of compiling them again ([lucidnet.jit][]).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .. import jit

#: numba's parallel loop once numba is loaded; `range` until then (the functions below are
#: plain Python until `compiled` compiles them, see `lucidnet.jit`).  The loops are
#: compiled as parallel loops, which tells numba that no two indices touch the same value,
#: so that it vectorizes them (compiled as plain loops, Adam's step is 4× slower), and run
#: on one thread.
prange = range


def available() -> bool:
    """True when numba can be imported (found without importing it, once per process)."""
    return jit.available()


def loaded() -> bool:
    """True once numba has been imported."""
    return jit.loaded()


def compiled(name: str) -> Callable | None:
    """The kernel `name` compiled (imports numba and compiles, or loads from the cache, on
    first use); None, with a warning the first time, when numba is installed but fails to
    import (then `available` is False from then on).

    One thread: each kernel is bound by memory bandwidth or by its divisions and square
    roots, and numba's OpenMP threads spin-wait between calls, taking the cores from BLAS's
    threads inside `fit` (on 2 cores, Adam on a 784×1024 kernel made epochs 2.6× slower).
    """
    kernel = jit.kernel(KERNELS[name], parallel=True)
    if kernel is not None:
        jit.one_thread()
    return kernel


def sgd(w, g, decay, lr):
    """w ← w − lr·g."""
    bad = 0
    for i in prange(w.size):
        w[i] = w[i] * decay - g[i] * lr
        written = (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


def sgd_momentum(w, g, b, decay, lr, mu, nesterov, keras):
    """Keras's form (`keras`): b ← μ·b − lr·g;  w ← w + b, or w ← w + (μ·b − lr·g) with
    Nesterov momentum.  torch's: b ← μ·b + g;  w ← w − lr·b, or w ← w − lr·(g + μ·b)."""
    bad = 0
    for i in prange(w.size):
        if keras:
            b[i] = b[i] * mu - g[i] * lr
            step = b[i] * mu - g[i] * lr if nesterov else b[i]
            w[i] = w[i] * decay + step
        else:
            b[i] = b[i] * mu + g[i]
            step = b[i] * mu + g[i] if nesterov else b[i]
            w[i] = w[i] * decay - step * lr
        written = (b[i] - b[i]) + (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


def rmsprop(w, g, v, g_mean, b, decay, lr, rho, one_minus_rho, mu, epsilon, centered,
            momentum, keras):
    """v ← ρ·v + (1 − ρ)·g²;  s = v, or with ḡ ← ρ·ḡ + (1 − ρ)·g, s = max(v − ḡ², 0);
    d = √(s + ε) (`keras`) or √s + ε;  with momentum b ← μ·b + lr·g/d, w ← w − b (`keras`)
    or b ← μ·b + g/d, w ← w − lr·b;  without, w ← w − lr·g/d.  `g_mean` and `b` are only
    touched when `centered` and `momentum` say so."""
    bad = 0
    for i in prange(w.size):
        v[i] = v[i] * rho + g[i] * g[i] * one_minus_rho
        source = v[i]
        if centered:
            g_mean[i] = g_mean[i] * rho + g[i] * one_minus_rho
            variance = v[i] - g_mean[i] * g_mean[i]
            # v ≥ ḡ² exactly, but rounding can leave a tiny negative difference, set to 0
            # (as variance − variance, which keeps the parameter's dtype).
            source = variance if variance > 0 else variance - variance
        d = math.sqrt(source + epsilon) if keras else math.sqrt(source) + epsilon
        step = g[i] / d * lr if keras else g[i] / d
        if momentum:
            b[i] = b[i] * mu + step
            step = b[i]
        w[i] = w[i] * decay - (step if keras else step * lr)
        written = (v[i] - v[i]) + (g_mean[i] - g_mean[i]) + (b[i] - b[i]) + (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


def adagrad(w, g, G, decay, lr, epsilon, keras):
    """G ← G + g²;  w ← w − lr·g/√(G + ε) (`keras`), or w ← w − lr·g/(√G + ε)."""
    bad = 0
    for i in prange(w.size):
        G[i] += g[i] * g[i]
        d = math.sqrt(G[i] + epsilon) if keras else math.sqrt(G[i]) + epsilon
        w[i] = w[i] * decay - g[i] / d * lr
        written = (G[i] - G[i]) + (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


def adadelta(w, g, avg_g2, avg_delta2, decay, lr, rho, one_minus_rho, epsilon):
    """E[g²] ← ρ·E[g²] + (1 − ρ)·g²;  Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g;
    E[Δ²] ← ρ·E[Δ²] + (1 − ρ)·Δ²;  w ← w − lr·Δ."""
    bad = 0
    for i in prange(w.size):
        avg_g2[i] = avg_g2[i] * rho + g[i] * g[i] * one_minus_rho
        delta = math.sqrt(avg_delta2[i] + epsilon) / math.sqrt(avg_g2[i] + epsilon) * g[i]
        w[i] = w[i] * decay - lr * delta
        avg_delta2[i] = avg_delta2[i] * rho + delta * delta * one_minus_rho
        written = (avg_g2[i] - avg_g2[i]) + (avg_delta2[i] - avg_delta2[i]) + (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


def adam(w, g, m, v, v_max, decay, lr_t, beta_1, one_minus_beta_1, beta_2, one_minus_beta_2,
         epsilon_t, amsgrad):
    """m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  (AMSGrad: v_max ← max(v_max, v));
    w ← w − lr_t·m/(√v + ε_t), the bias corrections folded into lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
    and ε_t = ε (Keras's form) or ε·√(1 − β₂ᵗ) (torch's).  `v_max` is only touched when `amsgrad`."""
    bad = 0
    for i in prange(w.size):
        m[i] = m[i] * beta_1 + g[i] * one_minus_beta_1
        v[i] = v[i] * beta_2 + g[i] * g[i] * one_minus_beta_2
        second = v[i]
        if amsgrad:
            v_max[i] = max(v_max[i], second)
            second = v_max[i]
        w[i] = w[i] * decay - m[i] / (math.sqrt(second) + epsilon_t) * lr_t
        written = (m[i] - m[i]) + (v[i] - v[i]) + (v_max[i] - v_max[i]) + (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


def adamax(w, g, m, u, decay, lr_t, beta_1, one_minus_beta_1, beta_2, epsilon, keras):
    """m ← β₁·m + (1 − β₁)·g;  u ← max(β₂·u, |g|), w ← w − lr_t·m/(u + ε) (`keras`), or
    u ← max(β₂·u, |g| + ε), w ← w − lr_t·m/u;  lr_t = lr/(1 − β₁ᵗ)."""
    bad = 0
    for i in prange(w.size):
        m[i] = m[i] * beta_1 + g[i] * one_minus_beta_1
        if keras:
            u[i] = max(u[i] * beta_2, abs(g[i]))
            d = u[i] + epsilon
        else:
            u[i] = max(u[i] * beta_2, abs(g[i]) + epsilon)
            d = u[i]
        w[i] = w[i] * decay - m[i] / d * lr_t
        written = (m[i] - m[i]) + (u[i] - u[i]) + (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


def nadam(w, g, m, v, decay, gradient_rate, momentum_rate, beta_1, one_minus_beta_1, beta_2,
          one_minus_beta_2, inverse_correction, epsilon):
    """m and v as Adam's;  D = √v·(1/√(1 − β₂ᵗ)) + ε;
    w ← w − gradient_rate·g/D − momentum_rate·m/D, with gradient_rate = lr·(1 − μₜ)/(1 − Πμ)
    and momentum_rate = lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)."""
    bad = 0
    for i in prange(w.size):
        m[i] = m[i] * beta_1 + g[i] * one_minus_beta_1
        v[i] = v[i] * beta_2 + g[i] * g[i] * one_minus_beta_2
        D = math.sqrt(v[i]) * inverse_correction + epsilon
        w[i] = w[i] * decay - gradient_rate * g[i] / D - momentum_rate * m[i] / D
        written = (m[i] - m[i]) + (v[i] - v[i]) + (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


def lion(w, g, m, decay, lr, m_weight, g_weight, beta_2, one_minus_beta_2):
    """w ← w − lr·sign(c), c ∝ m_weight·m + g_weight·g (β₁/(1 − β₁) and 1, or 1 and 0 at
    β₁ = 1: c's sign);  m ← β₂·m + (1 − β₂)·g."""
    bad = 0
    for i in prange(w.size):
        c = m[i] * m_weight + g[i] * g_weight
        w[i] = w[i] * decay - np.sign(c) * lr
        m[i] = m[i] * beta_2 + g[i] * one_minus_beta_2
        written = (w[i] - w[i]) + (m[i] - m[i])
        bad += 1 if written != 0 else 0
    return bad


def ftrl(w, g, n, z, decay, lr, power, l1, two_l2, two_l2_shrinkage):
    """g̃ = g + 2·λ₂ˢ·w;  n' = n + g²;  σ = (n'^(−p) − n^(−p))/lr;  z ← z + g̃ − σ·w;
    w ← (clip(z, −λ₁, λ₁) − z)/(n'^(−p)/lr + 2·λ₂);  n ← n'  (`power` is −p)."""
    bad = 0
    for i in prange(w.size):
        w_i = w[i] * decay
        old = n[i] ** power
        n[i] += g[i] * g[i]
        new = n[i] ** power
        z[i] += w_i * two_l2_shrinkage + g[i] - (new - old) / lr * w_i
        w[i] = (min(max(z[i], -l1), l1) - z[i]) / (new / lr + two_l2)
        written = (n[i] - n[i]) + (z[i] - z[i]) + (w[i] - w[i])
        bad += 1 if written != 0 else 0
    return bad


KERNELS: dict[str, Callable] = {kernel.__name__: kernel for kernel in (
    sgd, sgd_momentum, rmsprop, adagrad, adadelta, adam, adamax, nadam, lion, ftrl)}
