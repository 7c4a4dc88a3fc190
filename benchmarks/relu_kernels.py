"""What a Dense layer's ReLU bias steps cost, with the compiled kernels and with NumPy.

Workload: the two hidden layers of the Fashion-MNIST network (784-256-128-10), batch 128,
float32 and float64. Each timed call follows a fresh matrix multiply, as in ``fit``, so
that z arrives from BLAS as it does there: forward, ``ReLU.add_bias_forward(z, b)`` (z + b,
then max(0, z)); backward, ``ReLU.backward_and_bias_sum(z, a, grad, out)`` (∂C/∂a ⊙ [z > 0]
and Σₙ δₙ). Kernels on and off alternate in blocks of ``--calls`` calls, ``--rounds``
times; reported: the median block, in microseconds per call.

Run: python benchmarks/relu_kernels.py [--calls 500] [--rounds 6]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from lucidnet import config
from lucidnet.activations import ReLU

LAYERS = ((784, 256), (256, 128))
BATCH = 128


def block(step, calls: int) -> float:
    """Seconds per call of `step()`, which returns the seconds of its timed part."""
    return sum(step() for _ in range(calls)) / calls


def steps(inputs: int, units: int, dtype):
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, inputs)).astype(dtype)
    w = (rng.standard_normal((inputs, units)) * 0.05).astype(dtype)
    b = (rng.standard_normal(units) * 0.1).astype(dtype)
    up = rng.standard_normal((BATCH, units)).astype(dtype)
    eye = np.eye(units, dtype=dtype)
    relu, bias_grad = ReLU(), np.empty(units, dtype)
    state = {}

    def forward():
        z = np.dot(x, w)
        started = time.perf_counter()
        state["a"] = relu.add_bias_forward(z, b)
        seconds = time.perf_counter() - started
        state["z"] = z
        return seconds

    def backward():
        grad = np.dot(up, eye)  # a fresh product, as δ of the layer above times Wᵀ is
        started = time.perf_counter()
        relu.backward_and_bias_sum(state["z"], state["a"], grad, bias_grad)
        return time.perf_counter() - started

    forward()
    return forward, backward


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    for dtype in ("float32", "float64"):
        for inputs, units in LAYERS:
            forward, backward = steps(inputs, units, dtype)
            times = {(on, part): [] for on in (True, False) for part in ("forward", "backward")}
            for _ in range(args.rounds):
                for on in (True, False):
                    config.set_kernels(on)
                    forward(), backward()  # warm-up (and the kernels' first compile)
                    for part, step in (("forward", forward), ("backward", backward)):
                        times[on, part].append(block(step, args.calls))
            config.set_kernels(None)
            line = [f"{dtype} {BATCH}x{units}:"]
            for part in ("forward", "backward"):
                on, off = (statistics.median(times[k, part]) * 1e6 for k in (True, False))
                line.append(f"{part} {on:.1f} µs with kernels, {off:.1f} µs NumPy "
                            f"({off / on:.2f}x)")
            print("  ".join(line))


if __name__ == "__main__":
    main()
