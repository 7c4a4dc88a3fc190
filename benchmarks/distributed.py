"""Data-parallel training throughput on Fashion-MNIST: one process beside MPI ranks.

Protocol: Fashion-MNIST's 60,000 training images (pixels scaled to [0, 1], float32), the
MLP 784-256-128-10 of the command's recipe without dropout (ReLU, softmax + cross-entropy),
Adam 1e-3, reshuffled every epoch, for each global batch size in 128 … 2048.  Each
configuration runs in processes of its own; for each batch size it trains a fresh model for
one warm-up epoch, then ``--epochs`` timed epochs, and reports 60,000 / (median seconds per
epoch) as samples per second.  BLAS threads are set so that ranks × threads = cores:

- ``1 process``: plain ``fit``, no MPI, one process with every core;
- ``1 rank``: ``fit(distributed=True)`` under ``mpirun -n 1`` with every core: what the
  distributed machinery costs when there is nothing to share;
- ``N ranks``: under ``mpirun -n N``, cores / N threads each;
- ``N ranks, oversubscribed`` (``--oversubscribed``): N ranks with every core each, what
  happens when nobody sets the threads (lucidnet's ``init`` prevents it by default).

The all-reduce per step is measured apart: the median of 200 in-place ``MPI_Allreduce``
calls on a buffer the size of the model's gradients and loss (235,147 float32 numbers,
0.94 MB), and its share of the median step.

Run: python benchmarks/distributed.py [--epochs 2] [--ranks 2] [--json out.json]
(mpirun is looked for beside this Python, then on PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time

BATCHES = (128, 256, 512, 1024, 2048)
HIDDEN = (256, 128)
LEARNING_RATE = 1e-3
ALLREDUCE_CALLS = 200
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


# -- inside each process -----------------------------------------------------------------------

def worker(args) -> None:
    import numpy as np
    from timing import EpochTimer

    import lucidnet as ln
    from lucidnet import distributed
    from lucidnet.datasets import fashion_mnist

    distributed.init()
    on_mpi = distributed.launched()
    (x, y), _ = fashion_mnist.load_data()
    x = x.reshape(len(x), -1).astype(np.float32) / np.float32(fashion_mnist.MAX_PIXEL)

    def build():
        model = ln.Sequential([ln.Input((x.shape[1],)),
                               *[ln.Dense(units, activation="relu") for units in HIDDEN],
                               ln.Dense(10, activation="softmax")], seed=0)
        model.compile(optimizer=ln.optimizers.Adam(LEARNING_RATE, epsilon=1e-7),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model

    allreduce_ms = allreduce_milliseconds(build()) if on_mpi else None
    for batch in args.batches:
        timer = EpochTimer()
        model = build()
        history = model.fit(x, y, batch_size=batch, epochs=1 + args.epochs, verbose=0,
                            callbacks=[timer], distributed=on_mpi)
        if distributed.rank() == 0:
            seconds = statistics.median(timer.seconds[1:])
            print(json.dumps({"batch": batch, "epoch_seconds": seconds,
                              "samples_per_second": len(x) / seconds,
                              "allreduce_ms": allreduce_ms,
                              "steps": -(-len(x) // batch),
                              "train_accuracy": history.history["accuracy"][-1]}), flush=True)


def allreduce_milliseconds(model) -> float:
    """Median wall time of one in-place all-reduce of the model's gradient buffer."""
    from lucidnet.distributed.gradient_buffer import GradientBuffer
    from lucidnet.distributed.world import current_world

    world = current_world()
    buffer = GradientBuffer(model.trainable_weights, model.dtype).flat
    times = []
    for _ in range(ALLREDUCE_CALLS):
        world.barrier()
        started = time.perf_counter()
        world.all_reduce_sum(buffer, "the all-reduce benchmark")
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


# -- the driver -----------------------------------------------------------------------------------

def launch(ranks: int | None, threads: int, args) -> list[dict]:
    """Run the worker in one plain process (``ranks=None``) or on ``ranks`` MPI ranks."""
    command = [sys.executable, os.path.abspath(__file__), "--worker", "--epochs", str(args.epochs),
               "--batches", ",".join(map(str, args.batches))]
    if ranks is not None:
        command = [mpirun(), "-n", str(ranks), *command]
    env = {**os.environ, **{name: str(threads) for name in THREAD_VARIABLES}}
    run = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if run.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{run.stdout}\n{run.stderr}")
    return [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]


def mpirun() -> str:
    search = os.pathsep.join([sysconfig.get_path("scripts"), os.environ.get("PATH", "")])
    found = shutil.which("mpirun", path=search) or shutil.which("mpiexec", path=search)
    if found is None:
        raise SystemExit('mpirun not found: pip install "lucidnet[mpi]"')
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2, help="timed epochs per batch size")
    parser.add_argument("--batches", type=lambda text: [int(b) for b in text.split(",")],
                        default=list(BATCHES))
    parser.add_argument("--ranks", type=int, default=os.cpu_count() or 1,
                        help="ranks of the largest configuration (default: one per core)")
    parser.add_argument("--oversubscribed", action="store_true",
                        help="also run the ranks with every core each")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    cores = os.cpu_count() or 1
    configurations = [("1 process", None, cores), ("1 rank", 1, cores),
                      (f"{args.ranks} ranks", args.ranks, max(1, cores // args.ranks))]
    if args.oversubscribed:
        configurations.append((f"{args.ranks} ranks, oversubscribed", args.ranks, cores))
    print(f"{cores} cores, {args.epochs} timed epochs per batch size\n")
    print("| configuration | ranks × BLAS threads | batch | samples / s | s / epoch | "
          "all-reduce ms / step | all-reduce share |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    results = []
    for name, ranks, threads in configurations:
        for row in launch(ranks, threads, args):
            row.update(configuration=name, ranks=ranks or 1, threads=threads)
            results.append(row)
            if row["allreduce_ms"] is None:
                allreduce, share = "—", "—"
            else:
                step_ms = 1000 * row["epoch_seconds"] / row["steps"]
                allreduce = f"{row['allreduce_ms']:.3f}"
                share = f"{row['allreduce_ms'] / step_ms:.0%}"
            print(f"| {name} | {row['ranks']} × {threads} | {row['batch']} | "
                  f"{row['samples_per_second']:,.0f} | {row['epoch_seconds']:.3f} | {allreduce} | "
                  f"{share} |", flush=True)
    if args.json:
        with open(args.json, "w") as file:
            json.dump(results, file, indent=2)


if __name__ == "__main__":
    main()
