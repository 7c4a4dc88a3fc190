"""How long a model file takes to save and to load as the number of layers grows.

Loading builds the whole stack from the file's document before it reads any weight; a
file can describe up to 10,000 layers (``lucidnet.saving.schema.MAX_LAYERS``), so the
time must grow linearly with the layer count, not faster.  Workload: Input(2), then
``n`` ReLU Activation layers, then Dense(1); each size is saved and loaded ``--rounds``
times and the fastest time is reported.

Run: python benchmarks/model_files.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import lucidnet as ln
from lucidnet import Activation, Dense, Input, Sequential


def fastest(action, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    print(f"{'layers':>7} {'save s':>8} {'load s':>8}")
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "stack.lucid")
        for count in (1000, 4000, 9000):
            model = Sequential([Input((2,)), *[Activation("relu") for _ in range(count)], Dense(1)])
            save = fastest(lambda: model.save(path), rounds)
            load = fastest(lambda: ln.load_model(path), rounds)
            print(f"{count:>7} {save:>8.3f} {load:>8.3f}")


if __name__ == "__main__":
    main()
