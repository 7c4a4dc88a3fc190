"""Where a float32 Fashion-MNIST-size epoch goes: the optimizer step and the finite-gradient
guard timed from inside ``fit``, beside the whole epoch.

Workload: 60,000 × 784 synthetic float32 images (uniform in [0, 1]; the sizes, not the
pixels, set the time), 10 classes, 784-256-128-10 ReLU MLP, softmax + sparse categorical
cross-entropy, Adam 1e-3, batch 128 (469 steps), ``--epochs`` epochs. ``Optimizer.apply``
and the trainer's finite-gradient guard are wrapped with timers; the rest of the epoch is
the forward and backward passes, the batch gather, metrics and Python. Reported: the
fastest epoch after the first of ``--rounds`` fits (the machine may be shared), and the
optimizer's and the guard's seconds in that epoch. With ``LUCIDNET_KERNELS=0`` in the
environment the optimizer runs its NumPy reference.

Run: python benchmarks/epoch_parts.py [--epochs 3] [--rounds 2] [--optimizer adam]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import lucidnet as ln
from lucidnet.optimizers import Optimizer
from lucidnet.training import trainer


def timed(function, totals, key):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[key] += time.perf_counter() - started
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--optimizer", default="adam")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((60_000, 784), dtype=np.float32)
    y = rng.integers(0, 10, 60_000)
    totals = {"optimizer": 0.0, "guard": 0.0}
    Optimizer.apply = timed(Optimizer.apply, totals, "optimizer")
    trainer._squares_finite = timed(trainer._squares_finite, totals, "guard")
    rows = []

    class Parts(ln.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            totals.update(optimizer=0.0, guard=0.0)
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            if epoch > 0:
                rows.append((time.perf_counter() - self.started, totals["optimizer"],
                             totals["guard"]))

    for _ in range(args.rounds):
        model = ln.Sequential([ln.Input((784,)), ln.Dense(256, "relu"), ln.Dense(128, "relu"),
                               ln.Dense(10, "softmax")], seed=0)
        model.compile(optimizer=args.optimizer, loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        model.fit(x, y, batch_size=128, epochs=args.epochs, verbose=0, callbacks=[Parts()])
    epoch, optimizer, guard = min(rows)
    print(f"epoch {epoch:.3f} s: optimizer {optimizer:.3f} s, finite-gradient guard "
          f"{guard:.3f} s, the rest {epoch - optimizer - guard:.3f} s "
          f"(fastest of {len(rows)} epochs)")


if __name__ == "__main__":
    main()
