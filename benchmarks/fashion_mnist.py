"""Training speed on Fashion-MNIST: lucidnet beside PyTorch, scikit-learn and the matmul floor.

Protocol: Fashion-MNIST (60,000 training and 10,000 test images, pixels scaled to [0, 1],
float32), an MLP 784-256-128-10 with ReLU, softmax and cross-entropy, Adam (learning rate
1e-3, ε = 1e-7 everywhere), batch 128, reshuffled every epoch, the same seed. The systems
run one after another, each in a fresh process of its own, so that one's threads and
libraries cannot slow the next (PyTorch run in the process where lucidnet's numba kernels
had run took twice as long: two OpenMP runtimes):

- ``floor``: only the matrix multiplies of one epoch (forward, and backward for ∂C/∂W and
  ∂C/∂X), in NumPy on this machine: what no NumPy implementation can beat;
- ``lucidnet``: ``Sequential.fit``;
- ``lucidnet_numpy``: the same with the optimizer's compiled kernels off
  (``config.set_kernels(False)``), its NumPy reference;
- ``torch``: the same network and loop in PyTorch on the CPU, with as many threads as cores;
- ``sklearn``: ``MLPClassifier`` with the same architecture and solver (one ``partial_fit``
  per epoch, no L2 penalty).

Reported per system: the median seconds per epoch over epochs 2..n, samples per second,
test accuracy, and the peak resident memory while it ran (with its process's resident
memory just before, which holds the data and the libraries that system loaded); then
lucidnet/torch and lucidnet/floor. A system whose package is missing is skipped, with a note.

Run: python benchmarks/fashion_mnist.py [--epochs 3] [--dtype float32] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

import lucidnet as ln
from lucidnet.datasets import fashion_mnist

HIDDEN = (256, 128)
BATCH = 128
LEARNING_RATE = 1e-3
EPSILON = 1e-7
SEED = 0


# -- measuring ------------------------------------------------------------------------------

def reset_peak_rss() -> None:
    """Start a new peak-memory measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as file:
            file.write("5")
    except OSError:
        pass


def rss_mb(field: str = "VmHWM") -> float | None:
    """Peak (VmHWM) or current (VmRSS) resident memory of this process, in MB (Linux)."""
    try:
        with open("/proc/self/status") as file:
            for line in file:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def median_after_first(seconds: list[float]) -> float:
    return statistics.median(seconds[1:] if len(seconds) > 1 else seconds)


# -- the systems ------------------------------------------------------------------------------

def run_floor(x, y, x_test, y_test, epochs, dtype):
    rng = np.random.default_rng(SEED)
    sizes = (x.shape[1], *HIDDEN, 10)
    W = [rng.standard_normal((a, b)).astype(dtype) for a, b in zip(sizes[:-1], sizes[1:])]
    seconds = []
    for _ in range(epochs):
        started = time.perf_counter()
        for start in range(0, len(x), BATCH):
            a = x[start : start + BATCH]
            inputs = []
            for w in W:  # forward: z = aW
                inputs.append(a)
                a = a @ w
            delta = a
            for i in range(len(W) - 1, -1, -1):
                inputs[i].T @ delta  # ∂C/∂W = aᵀδ
                if i > 0:
                    delta = delta @ W[i].T  # ∂C/∂a = δWᵀ (not needed for the input layer)
        seconds.append(time.perf_counter() - started)
    return seconds, None


def run_lucidnet(x, y, x_test, y_test, epochs, dtype):
    from timing import EpochTimer

    layers = [ln.Input((x.shape[1],))] + [ln.Dense(h, activation="relu") for h in HIDDEN]
    model = ln.Sequential(layers + [ln.Dense(10, activation="softmax")], seed=SEED, dtype=dtype)
    model.compile(optimizer=ln.optimizers.Adam(learning_rate=LEARNING_RATE, epsilon=EPSILON),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    timer = EpochTimer()
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, callbacks=[timer])
    accuracy = float(np.mean(model.predict(x_test, batch_size=1024, verbose=0).argmax(1) == y_test))
    return timer.seconds, accuracy


def run_lucidnet_numpy(x, y, x_test, y_test, epochs, dtype):
    ln.config.set_kernels(False)
    try:
        return run_lucidnet(x, y, x_test, y_test, epochs, dtype)
    finally:
        ln.config.set_kernels(None)


def run_torch(x, y, x_test, y_test, epochs, dtype):
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(SEED)
    torch_dtype = {"float32": torch.float32, "float64": torch.float64}[dtype]
    sizes = (x.shape[1], *HIDDEN)
    modules = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        modules += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    model = torch.nn.Sequential(*modules, torch.nn.Linear(sizes[-1], 10)).to(torch_dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=EPSILON)
    loss_fn = torch.nn.CrossEntropyLoss()  # softmax and cross-entropy, fused
    xt, yt = torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))
    generator = torch.Generator().manual_seed(SEED)
    seconds = []
    for _ in range(epochs):
        started = time.perf_counter()
        order = torch.randperm(len(xt), generator=generator)
        for start in range(0, len(xt), BATCH):
            rows = order[start : start + BATCH]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xt[rows]), yt[rows])
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - started)
    with torch.no_grad():
        predicted = model(torch.from_numpy(x_test)).argmax(1).numpy()
    return seconds, float(np.mean(predicted == y_test))


def run_sklearn(x, y, x_test, y_test, epochs, dtype):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(hidden_layer_sizes=HIDDEN, activation="relu", solver="adam",
                          learning_rate_init=LEARNING_RATE, epsilon=EPSILON, batch_size=BATCH,
                          alpha=0.0, shuffle=True, random_state=SEED)
    classes = np.arange(10)
    seconds = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(epochs):
            started = time.perf_counter()
            model.partial_fit(x, y, classes=classes)
            seconds.append(time.perf_counter() - started)
    return seconds, float(model.score(x_test, y_test))


SYSTEMS = {"floor": (run_floor, None), "lucidnet": (run_lucidnet, None),
           "lucidnet_numpy": (run_lucidnet_numpy, None),
           "torch": (run_torch, "torch"), "sklearn": (run_sklearn, "sklearn")}


def load(dtype):
    (x, y), (x_test, y_test) = fashion_mnist.load_data()
    scale = np.array(1 / 255, dtype=dtype)
    # Converted straight to the working dtype, so no float64 copy of the data is ever made.
    x = x.reshape(len(x), -1).astype(dtype) * scale
    x_test = x_test.reshape(len(x_test), -1).astype(dtype) * scale
    return x, y.astype(np.int64), x_test, y_test.astype(np.int64)


def blas_info() -> str:
    try:
        from threadpoolctl import threadpool_info

        pools = [f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')}, "
                 f"{p.get('num_threads')} threads)" for p in threadpool_info()
                 if p.get("user_api") == "blas"]
        return "; ".join(pools) or "unknown"
    except ImportError:
        return "unknown (threadpoolctl not installed)"


def measure(name, epochs, dtype):
    """The results of system `name` trained in this process, or None when its package is
    missing."""
    function, package = SYSTEMS[name]
    if package is not None:
        try:
            __import__(package)
        except ImportError:
            return None
    x, y, x_test, y_test = load(dtype)
    reset_peak_rss()
    before = rss_mb("VmRSS")
    seconds, accuracy = function(x, y, x_test, y_test, epochs, dtype)
    epoch = median_after_first(seconds)
    return {"seconds_per_epoch": epoch, "samples_per_second": len(x) / epoch,
            "test_accuracy": accuracy, "peak_rss_mb": rss_mb(), "rss_before_mb": before,
            "epoch_seconds": seconds}


def in_own_process(name, epochs, dtype):
    """`measure` run in a fresh Python process (this script with `--worker`)."""
    command = [sys.executable, os.path.abspath(__file__), "--worker", name,
               "--epochs", str(epochs), "--dtype", dtype]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help="comma-separated subset of " + ", ".join(SYSTEMS))
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # one system, results as JSON
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.epochs, args.dtype)))
        return

    names = args.systems.split(",")
    unknown = [name for name in names if name not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s) {', '.join(unknown)}: choose from {', '.join(SYSTEMS)}")
    x = load(args.dtype)[0]
    print(f"Fashion-MNIST {x.shape[0]}x{x.shape[1]} {args.dtype}, MLP 784-{'-'.join(map(str, HIDDEN))}-10, "
          f"Adam, batch {BATCH}, {args.epochs} epochs; {os.cpu_count()} cores, "
          f"{platform.processor() or platform.machine()}, NumPy {np.__version__}, BLAS: {blas_info()}")
    del x
    results = {}
    for name in names:
        result = in_own_process(name, args.epochs, args.dtype)
        if result is None:
            print(f"{name}: skipped ({SYSTEMS[name][1]} is not installed)")
            continue
        results[name] = result
        epoch, seconds, accuracy = (result[key] for key in
                                    ("seconds_per_epoch", "epoch_seconds", "test_accuracy"))
        accuracy_text = "—" if accuracy is None else f"{accuracy:.4f}"
        print(f"{name:<9} {epoch:7.3f} s/epoch  {result['samples_per_second']:9.0f} samples/s  "
              f"accuracy {accuracy_text:<7} peak RSS {result['peak_rss_mb'] or 0:5.0f} MB "
              f"(from {result['rss_before_mb'] or 0:.0f} MB)  "
              f"epochs {', '.join(f'{s:.3f}' for s in seconds)}", flush=True)
    ratios = {}
    if "lucidnet" in results:
        for other in ("torch", "floor", "sklearn", "lucidnet_numpy"):
            if other in results:
                ratios[f"lucidnet/{other}"] = (results["lucidnet"]["seconds_per_epoch"]
                                               / results[other]["seconds_per_epoch"])
    for key, value in ratios.items():
        print(f"{key}: {value:.2f}")
    if args.json:
        with open(args.json, "w") as file:
            json.dump({"dtype": args.dtype, "epochs": args.epochs, "blas": blas_info(),
                       "numpy": np.__version__, "systems": results, "ratios": ratios}, file, indent=2)


if __name__ == "__main__":
    main()
