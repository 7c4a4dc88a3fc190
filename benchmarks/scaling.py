"""How training cost grows with the hidden width and the batch size, lucidnet beside PyTorch.

Network 784-w-10 (ReLU, softmax, cross-entropy, Adam 1e-3) on 10,000 random float32 images
with 10 classes, for each width w in 64…2048 at batch 128, and for each batch size in
16…1024 at width 256. Both systems run in this process on the same data: each trains one
warm-up epoch, then the two take turns, ``--turns`` epochs each, with a pause before each
epoch that lets the other's thread pool go to sleep; each cell reports a system's fastest
epoch (a shared machine moves one epoch by up to 2×). lucidnet's epoch is a whole
``fit(epochs=1)`` call, its checks of the data included. PyTorch is skipped, with a note,
when it is not installed.

Run: python benchmarks/scaling.py [--samples 10000] [--turns 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

import lucidnet as ln
from timing import in_turns

WIDTHS = (64, 256, 1024, 2048)
BATCHES = (16, 64, 256, 1024)


def lucidnet_trainer(x, y, width, batch):
    """A function that trains one epoch of lucidnet, after a warm-up epoch."""
    model = ln.Sequential([ln.Input((x.shape[1],)), ln.Dense(width, activation="relu"),
                           ln.Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer=ln.optimizers.Adam(1e-3, epsilon=1e-7), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    return lambda: model.fit(x, y, batch_size=batch, epochs=1, verbose=0)


def torch_trainer(x, y, width, batch):
    """A function that trains one epoch of PyTorch, after a warm-up epoch."""
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], width), torch.nn.ReLU(), torch.nn.Linear(width, 10))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def epoch():
        order = torch.randperm(len(xt))
        for start in range(0, len(xt), batch):
            rows = order[start : start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss_fn(net(xt[rows]), yt[rows]).backward()
            optimizer.step()

    epoch()
    return epoch


def seconds_of(function):
    """A function that times one call of `function`."""
    def timed():
        started = time.perf_counter()
        function()
        return time.perf_counter() - started
    return timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((args.samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, args.samples)
    try:
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        print("torch: skipped (not installed)")
        have_torch = False
    rows = [("width", w, 128) for w in WIDTHS] + [("batch", 256, b) for b in BATCHES]
    results = []
    print(f"{'varying':<8} {'width':>6} {'batch':>6} {'lucidnet s':>11} {'torch s':>9} {'ratio':>6}")
    for varying, width, batch in rows:
        epochs = {"lucidnet": seconds_of(lucidnet_trainer(x, y, width, batch))}
        if have_torch:
            epochs["torch"] = seconds_of(torch_trainer(x, y.astype(np.int64), width, batch))
        fastest = {name: min(times) for name, times in in_turns(epochs, args.turns).items()}
        ours, theirs = fastest["lucidnet"], fastest.get("torch")
        ratio = ours / theirs if theirs else None
        results.append({"varying": varying, "width": width, "batch": batch, "lucidnet_s": ours,
                        "torch_s": theirs, "lucidnet_over_torch": ratio})
        print(f"{varying:<8} {width:>6} {batch:>6} {ours:>11.3f} "
              f"{theirs if theirs is not None else float('nan'):>9.3f} "
              f"{ratio if ratio is not None else float('nan'):>6.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as file:
            json.dump(results, file, indent=2)


if __name__ == "__main__":
    main()
