"""What a Dense layer's steps around its matrix multiply cost, with the compiled kernels
and with NumPy.

Workload: the three layers of the Fashion-MNIST network (784-256-128-10), batch 128,
float32 and float64. Each timed call follows a fresh matrix multiply, as in ``fit``, so
that z arrives from BLAS as it does there. The two ReLU layers: forward,
``ReLU.add_bias_forward(z, b)`` (z + b, then max(0, z)); backward,
``ReLU.backward_and_bias_sum(z, a, grad, out)`` (∂C/∂a ⊙ [z > 0] and Σₙ δₙ). The softmax
layer: forward, ``Softmax.add_bias_forward(z, b)`` (z + b, then e^{z − max z}/Σ e^{z − max z});
its backward is the loss's fused δᴸ = a − y, which no kernel makes. Kernels on and off
alternate in blocks of ``--calls`` calls, ``--rounds`` times; reported: the median block, in
microseconds per call.

Run: python benchmarks/layer_kernels.py [--calls 500] [--rounds 6]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from lucidnet import config
from lucidnet.activations import ReLU, Softmax

LAYERS = ((784, 256, ReLU), (256, 128, ReLU), (128, 10, Softmax))
BATCH = 128


def block(step, calls: int) -> float:
    """Seconds per call of `step()`, which returns the seconds of its timed part."""
    return sum(step() for _ in range(calls)) / calls


def steps(inputs: int, units: int, activation, dtype):
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, inputs)).astype(dtype)
    w = (rng.standard_normal((inputs, units)) * 0.05).astype(dtype)
    b = (rng.standard_normal(units) * 0.1).astype(dtype)
    up = rng.standard_normal((BATCH, units)).astype(dtype)
    eye = np.eye(units, dtype=dtype)
    sigma, bias_grad = activation(), np.empty(units, dtype)
    state = {}

    def forward():
        z = np.dot(x, w)
        started = time.perf_counter()
        state["a"] = sigma.add_bias_forward(z, b)
        seconds = time.perf_counter() - started
        state["z"] = z
        return seconds

    def backward():
        grad = np.dot(up, eye)  # a fresh product, as δ of the layer above times Wᵀ is
        started = time.perf_counter()
        sigma.backward_and_bias_sum(state["z"], state["a"], grad, bias_grad)
        return time.perf_counter() - started

    forward()
    return forward, (backward if activation is ReLU else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    for dtype in ("float32", "float64"):
        for inputs, units, activation in LAYERS:
            forward, backward = steps(inputs, units, activation, dtype)
            parts = {"forward": forward, "backward": backward}
            parts = {part: step for part, step in parts.items() if step is not None}
            times = {(on, part): [] for on in (True, False) for part in parts}
            for _ in range(args.rounds):
                for on in (True, False):
                    config.set_kernels(on)
                    for step in parts.values():  # warm-up (and the kernels' first compile)
                        step()
                    for part, step in parts.items():
                        times[on, part].append(block(step, args.calls))
            config.set_kernels(None)
            line = [f"{dtype} {BATCH}x{units} {activation.__name__}:"]
            for part in parts:
                on, off = (statistics.median(times[k, part]) * 1e6 for k in (True, False))
                line.append(f"{part} {on:.1f} µs with kernels, {off:.1f} µs NumPy "
                            f"({off / on:.2f}x)")
            print("  ".join(line))


if __name__ == "__main__":
    main()
