"""What a weight constraint costs per training step, and what a model without one pays for
the feature (nothing but an empty loop: ``fit`` lists the constrained layers once).

Workload: the embedded digits (1,437 images, 64-32-10, ReLU, softmax + cross-entropy, Adam,
batch 32, so 45 steps an epoch), float32.  Models: no constraint; MaxNorm(2) on both
kernels; NonNeg on both kernels and biases.  After a warm-up epoch each, the models take
turns, one epoch each, for ``--rounds`` rounds, so that a slow moment of a shared machine
falls on all of them; reported: the fastest and the median epoch, per step.

Run: python benchmarks/constraints.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics

from lucidnet import Dense, Input, Sequential
from lucidnet.constraints import MaxNorm, NonNeg
from lucidnet.datasets import digits
from timing import EpochTimer

CONFIGURATIONS = {
    "no constraint": {},
    "MaxNorm(2) on the kernels": {"kernel_constraint": MaxNorm(2.0)},
    "NonNeg on kernels and biases": {"kernel_constraint": NonNeg(), "bias_constraint": NonNeg()},
}
BATCH_SIZE = 32


def make_model(arguments):
    model = Sequential([Input((64,)), Dense(32, activation="relu", **arguments),
                        Dense(10, activation="softmax", **arguments)], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    (x, y), _ = digits.load_data()
    x = x.reshape(len(x), -1).astype("float32") / digits.MAX_PIXEL
    steps = -(-len(x) // BATCH_SIZE)
    models = {name: make_model(arguments) for name, arguments in CONFIGURATIONS.items()}
    for model in models.values():
        model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
    seconds = {name: [] for name in models}
    for _ in range(args.rounds):
        for name, model in models.items():
            timer = EpochTimer()
            model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0, callbacks=[timer])
            seconds[name] += timer.seconds
    baseline = min(seconds["no constraint"]) / steps
    print(f"| model | fastest µs / step | median µs / step | fastest over no constraint |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in seconds.items():
        fastest, median = min(values) / steps, statistics.median(values) / steps
        print(f"| {name} | {fastest * 1e6:.1f} | {median * 1e6:.1f} | "
              f"{(fastest - baseline) * 1e6:+.1f} µs |")


if __name__ == "__main__":
    main()
