"""What the progress bar and the TensorBoard callback cost per epoch.

Trains the same model with verbose=0 (the baseline), verbose=1 (tqdm bar), verbose=2 (a line
per epoch), TensorBoard(update_freq="epoch") and TensorBoard(histogram_freq=1), one after
another in the same process, and reports the median epoch time of each (30 epochs on digits, --epochs on the
larger set, the first epoch left out) and its overhead over the baseline. Workloads: the embedded digits (1,437 images, 64-64-10, batch 32) and a
Fashion-MNIST-sized synthetic set (60,000 × 784 float32, 784-256-128-10, batch 128).

Run: python benchmarks/callback_overhead.py [--epochs 4] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import tempfile

import numpy as np

from lucidnet import Dense, Input, Sequential
from lucidnet.datasets import digits
from timing import EpochTimer


def workloads():
    (x, y), _ = digits.load_data()
    # Digits epochs take milliseconds: many of them make the median stable.
    yield "digits", x.reshape(len(x), -1).astype("float32") / digits.MAX_PIXEL, y, (64,), 32, 30
    rng = np.random.default_rng(0)
    x = rng.random((60_000, 784), dtype=np.float32)
    y = rng.integers(0, 10, 60_000)
    yield "fashion-mnist size", x, y, (256, 128), 128, None


def run(x, y, hidden, batch_size, epochs, verbose, extra_callbacks):
    model = Sequential([Input((x.shape[1],))] + [Dense(h, activation="relu") for h in hidden]
                       + [Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    timer = EpochTimer()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=verbose,
                  callbacks=[timer, *extra_callbacks])
    return statistics.median(timer.seconds[1:] or timer.seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    from lucidnet.callbacks.tensorboard import TensorBoard

    results = []
    with tempfile.TemporaryDirectory() as logs:
        configurations = {
            "verbose=0 (baseline)": (0, lambda: []),
            "verbose=1 (tqdm bar)": (1, lambda: []),
            "verbose=2 (line per epoch)": (2, lambda: []),
            "TensorBoard, scalars per epoch": (0, lambda: [TensorBoard(os.path.join(logs, "a"))]),
            "TensorBoard, histogram_freq=1": (0, lambda: [TensorBoard(os.path.join(logs, "b"), histogram_freq=1)]),
        }
        for name, x, y, hidden, batch_size, epochs in workloads():
            base = None
            for label, (verbose, callbacks) in configurations.items():
                seconds = run(x, y, hidden, batch_size, epochs or args.epochs, verbose, callbacks())
                base = base or seconds
                overhead = 100 * (seconds - base) / base
                results.append({"workload": name, "configuration": label,
                                "median_epoch_seconds": seconds, "overhead_percent": overhead})
                print(f"{name:<20} {label:<32} {seconds * 1000:9.1f} ms/epoch  {overhead:+6.1f}%")
    if args.json:
        with open(args.json, "w") as file:
            json.dump(results, file, indent=2)


if __name__ == "__main__":
    main()
