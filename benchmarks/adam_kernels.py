"""Candidates for a fused Adam step, side by side: NumPy in place, numexpr, numba.

Workload: one Adam step (β₁ = 0.9, β₂ = 0.999, ε = 1e-7, lr = 1e-3) over one flat float32
buffer of 235,146 values (the parameters of a 784-256-128-10 MLP), 469 steps (one
Fashion-MNIST epoch at batch 128), gradients drawn once. Candidates:

- ``numpy``: lucidnet's ``Adam._update`` (in-place NumPy passes with ``out=`` into one
  reused work array): the reference;
- ``numexpr``: the same formula as three ``numexpr.evaluate(..., out=)`` expressions (m, v,
  then w), each multi-threaded;
- ``numba``: one ``@njit(parallel=True, fastmath=False)`` loop over the buffer (``prange``).

Reported per candidate: seconds per 469 steps (fastest of ``--repeats``: the machine may be
shared, and the fastest is the run least disturbed), with 1 and with 2 threads; whether two
runs and the two thread counts give bit-identical weights, and the largest difference from
the NumPy reference. Each package's import time, and numba's compile time with an empty
cache and with a warm one (``cache=True``), are measured in fresh interpreters (fastest of
``--repeats``, the interpreter's own start-up subtracted). A candidate whose package is
not installed is skipped, with a note.

Run: python benchmarks/adam_kernels.py [--repeats 5] [--steps 469]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time

import numpy as np

SIZE = 235_146
BETA_1, BETA_2, EPSILON, LR = 0.9, 0.999, 1e-7, 1e-3

KERNEL = '''
import math
import numba

@numba.njit(parallel=True, cache=True, fastmath=False)
def adam(w, g, m, v, lr_t, beta_1, beta_2, epsilon_t):
    for i in numba.prange(w.size):
        m[i] = beta_1 * m[i] + (1 - beta_1) * g[i]
        v[i] = beta_2 * v[i] + (1 - beta_2) * g[i] * g[i]
        w[i] -= lr_t * m[i] / (math.sqrt(v[i]) + epsilon_t)
'''


def numpy_step():
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    from lucidnet.optimizers import Adam

    adam = Adam(LR, BETA_1, BETA_2, EPSILON)

    def step(w, g, m, v, t, scratch):
        adam._update(w, g, {"m": m, "v": v}, LR, t, scratch)
    return step


def corrections(t, dtype):
    """Adam's bias corrections folded into the step size and ε (lucidnet's efficient form)."""
    correction = np.sqrt(1 - BETA_2**t)
    return dtype.type(LR * correction / (1 - BETA_1**t)), dtype.type(EPSILON * correction)


def numexpr_step():
    import numexpr

    def step(w, g, m, v, t, scratch):
        lr_t, epsilon_t = corrections(t, w.dtype)
        names = {"w": w, "g": g, "m": m, "v": v, "lr_t": lr_t, "epsilon_t": epsilon_t,
                 "b1": w.dtype.type(BETA_1), "b2": w.dtype.type(BETA_2),
                 "c1": w.dtype.type(1 - BETA_1), "c2": w.dtype.type(1 - BETA_2)}
        numexpr.evaluate("b1 * m + c1 * g", local_dict=names, out=m, casting="same_kind")
        numexpr.evaluate("b2 * v + c2 * g * g", local_dict=names, out=v, casting="same_kind")
        numexpr.evaluate("w - lr_t * m / (sqrt(v) + epsilon_t)", local_dict=names, out=w,
                         casting="same_kind")
    return step


def numba_step():
    namespace: dict = {}
    # In this process the kernel is compiled from a string, which numba cannot cache.
    exec(KERNEL.replace("cache=True", "cache=False"), namespace)
    kernel = namespace["adam"]

    def step(w, g, m, v, t, scratch):
        lr_t, epsilon_t = corrections(t, w.dtype)
        kernel(w, g, m, v, lr_t, BETA_1, BETA_2, epsilon_t)
    return step


CANDIDATES = {"numpy": numpy_step, "numexpr": numexpr_step, "numba": numba_step}


def set_threads(name, count):
    if name == "numexpr":
        import numexpr
        numexpr.set_num_threads(count)
    elif name == "numba":
        import numba
        numba.set_num_threads(count)


def run(step, steps, dtype=np.float32):
    rng = np.random.default_rng(0)
    w = rng.standard_normal(SIZE).astype(dtype)
    grads = rng.standard_normal((4, SIZE)).astype(dtype) * dtype(0.01)
    m, v, scratch = np.zeros_like(w), np.zeros_like(w), np.empty_like(w)
    started = time.perf_counter()
    for t in range(1, steps + 1):
        step(w, grads[t % 4], m, v, t, scratch)
    return time.perf_counter() - started, w


def in_fresh_interpreter(code: str, env: dict | None = None) -> float:
    """Seconds a fresh interpreter takes to run ``code``, start-up subtracted."""
    def seconds(source):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", source], check=True, env={**os.environ, **(env or {})})
        return time.perf_counter() - started
    return seconds(code) - seconds("pass")


def installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def fresh_timings(repeats: int) -> dict:
    results = {}
    for package in filter(installed, ("numpy", "numexpr", "numba")):
        results[f"import {package}"] = min(in_fresh_interpreter(f"import {package}")
                                           for _ in range(repeats))
    if not installed("numba"):
        return results
    call = KERNEL + textwrap.dedent("""
        import numpy as np
        x = np.zeros(8, np.float32)
        adam(x, x, x, x, np.float32(1e-3), 0.9, 0.999, np.float32(1e-7))
    """)
    cold, warm = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as cache:
            # The kernel is defined in a file so that numba can cache it.
            module = os.path.join(cache, "kernel_module.py")
            with open(module, "w") as file:
                file.write(call)
            env = {"NUMBA_CACHE_DIR": os.path.join(cache, "numba")}
            code = f"import sys; sys.path.insert(0, {cache!r}); import kernel_module"
            base = min(in_fresh_interpreter("import numba, numpy") for _ in range(2))
            cold.append(in_fresh_interpreter(code, env) - base)
            warm.append(in_fresh_interpreter(code, env) - base)
    results["numba compile, empty cache"] = min(cold)
    results["numba load, warm cache"] = min(warm)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=469)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    report: dict = {"fresh interpreter (s)": fresh_timings(args.repeats)}
    for key, value in report["fresh interpreter (s)"].items():
        print(f"{key:<28} {value:.3f} s", flush=True)
    reference = None
    for name, make in CANDIDATES.items():
        if name != "numpy" and not installed(name):
            print(f"{name:<8} skipped: not installed (pip install {name})", flush=True)
            continue
        step = make()
        run(step, 2)  # compile, warm up
        row = {}
        weights = {}
        for count in (1, 2):
            set_threads(name, count)
            times = []
            for _ in range(args.repeats):
                seconds, w = run(step, args.steps)
                times.append(seconds)
                weights.setdefault(count, []).append(w)
            row[f"{count} thread(s) s"] = min(times)
        runs = weights[1] + weights[2]
        row["bit-identical across runs and threads"] = all(np.array_equal(runs[0], w) for w in runs)
        if reference is None:
            reference = runs[0]
        row["max |Δw| from numpy"] = float(np.max(np.abs(runs[0].astype(np.float64) - reference)))
        report[name] = row
        print(f"{name:<8} 1 thread {row['1 thread(s) s']:.3f} s, 2 threads "
              f"{row['2 thread(s) s']:.3f} s per {args.steps} steps; bit-identical: "
              f"{row['bit-identical across runs and threads']}; max |Δw| from numpy "
              f"{row['max |Δw| from numpy']:.2e}", flush=True)
    if args.json:
        with open(args.json, "w") as file:
            json.dump(report, file, indent=2)


if __name__ == "__main__":
    main()
