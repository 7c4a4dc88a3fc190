"""The fixed cost of one training step: a model so small that Python, not the matrix
multiplies, sets the time.

Workload: 2,000 random examples of 16 features, 16-32-3 (ReLU, softmax + sparse
categorical cross-entropy), Adam, batch 32 (63 steps an epoch), float32, metrics
["accuracy"].  After a warm-up epoch, ``--rounds`` fits of 5 epochs; reported: the
fastest, in microseconds per step.  To compare two versions, run it alternately with each
on the path (``PYTHONPATH=<checkout>/src python benchmarks/step_overhead.py``), so that a
slow moment of a shared machine falls on both.

Run: python benchmarks/step_overhead.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from lucidnet import Dense, Input, Sequential


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 16)).astype("float32")
    y = rng.integers(0, 3, 2000)
    model = Sequential([Input((16,)), Dense(32, "relu"), Dense(3, "softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        model.fit(x, y, epochs=5, batch_size=32, verbose=0)
        best = min(best, time.perf_counter() - started)
    print(f"{best / (5 * 63) * 1e6:.1f} µs per step")


if __name__ == "__main__":
    main()
