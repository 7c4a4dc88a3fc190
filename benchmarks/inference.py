"""Inference speed: one-sample latency and 10,000-sample throughput, side by side.

The same 784-256-128-10 ReLU/softmax network (random weights, float32) in lucidnet
(``model.predict`` and calling the model), PyTorch eager (``torch.no_grad``) and onnxruntime
(the network exported with ``lucidnet.export.to_onnx``), each timed in this process on the
same inputs. Two rounds of measurement: first lucidnet with its NumPy layers (a model that
only predicts never loads numba), then lucidnet again after ``compile(jit_compile=True)``
has loaded its compiled kernels, each beside PyTorch and onnxruntime measured anew. Within
a round the systems take turns, ``--turns`` times, so that a machine whose speed drifts
moves them alike, with a pause before each turn that lets the thread pools of the system
before go to sleep; each figure is a system's quietest turn (the lowest of its turns'
medians: on a shared machine the median of 400 calls moved by up to 80% between turns),
and the ratios are taken within a round. A system whose package is missing is skipped, with a
note.

Run: python benchmarks/inference.py [--repeats 2000] [--turns 7] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time

import numpy as np

import lucidnet as ln
from lucidnet import jit
from timing import in_turns

SIZES = (784, 256, 128, 10)


def median_time(function, repeats: int) -> float:
    """Median of ``repeats`` timings of ``function()`` after a warm-up, in seconds."""
    for _ in range(10):
        function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def lucidnet_model():
    layers = [ln.Input((SIZES[0],))]
    layers += [ln.Dense(units, activation="relu") for units in SIZES[1:-1]]
    return ln.Sequential(layers + [ln.Dense(SIZES[-1], activation="softmax")], seed=0)


def lucidnet_systems(model, suffix=""):
    yield f"lucidnet predict{suffix}", lambda x: model.predict(x, batch_size=len(x), verbose=0)
    yield f"lucidnet model(x){suffix}", lambda x: model(x)


def other_systems(model):
    weights = model.get_weights()
    try:
        import torch
    except ImportError:
        print("torch: skipped (not installed)")
    else:
        torch.set_num_threads(os.cpu_count() or 1)
        linears = []
        for i in range(0, len(weights), 2):
            linear = torch.nn.Linear(*weights[i].shape)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(weights[i].T))
                linear.bias.copy_(torch.from_numpy(weights[i + 1]))
            linears.append(linear)
        net = torch.nn.Sequential(linears[0], torch.nn.ReLU(), linears[1], torch.nn.ReLU(),
                                  linears[2], torch.nn.Softmax(dim=-1)).eval()

        def torch_predict(x):
            with torch.no_grad():
                return net(torch.from_numpy(x)).numpy()

        yield "torch eager", torch_predict
    try:
        import onnxruntime
        from lucidnet.export import to_onnx
    except ImportError:
        print("onnxruntime: skipped (onnxruntime or onnx not installed)")
    else:
        path = os.path.join(tempfile.mkdtemp(), "model.onnx")
        to_onnx(model, path)
        session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        yield "onnxruntime", lambda x: session.run(None, {name: x})[0]


def measure_round(systems, one, many, reference, repeats: int, turns: int) -> dict:
    """{name: (µs for one sample, samples/s for `many`)} in each system's quietest turn, the
    systems taking turns."""
    for name, predict in systems.items():
        np.testing.assert_allclose(predict(many), reference, rtol=1e-4, atol=1e-6,
                                   err_msg=name)
    def latency(predict):
        return lambda: median_time(lambda: predict(one), max(1, repeats // turns))

    def rate(predict):
        return lambda: len(many) / median_time(lambda: predict(many),
                                               max(3, repeats // (200 * turns)))

    latencies = in_turns({name: latency(predict) for name, predict in systems.items()}, turns)
    rates = in_turns({name: rate(predict) for name, predict in systems.items()}, turns)
    return {name: (min(latencies[name]) * 1e6, max(rates[name])) for name in systems}


def report(title: str, results: dict) -> None:
    print(title)
    for name, (latency, rate) in results.items():
        print(f"  {name:<24} 1 sample: {latency:8.1f} µs   10,000 samples: "
              f"{rate:12,.0f} samples/s")
    for name in [name for name in results if name.startswith("lucidnet")]:
        for other in ("torch eager", "onnxruntime"):
            if other in results:
                ratio = results[name][0] / results[other][0]
                print(f"  {name}: {ratio:.2f}x the time of {other} on one sample, "
                      f"{results[name][1] / results[other][1]:.2f}x its rate on 10,000")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2000)
    parser.add_argument("--turns", type=int, default=7)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    model = lucidnet_model()
    rng = np.random.default_rng(0)
    one = rng.random((1, SIZES[0]), dtype=np.float32)
    many = rng.random((10_000, SIZES[0]), dtype=np.float32)
    reference = model.predict(many, batch_size=len(many), verbose=0)
    others = dict(other_systems(model))
    rounds = {}
    if jit.loaded():
        print("numba is loaded already: the NumPy round is skipped")
    else:
        rounds["NumPy layers"] = measure_round(
            {**dict(lucidnet_systems(model)), **others}, one, many, reference,
            args.repeats, args.turns)
        report("lucidnet's NumPy layers (numba not loaded):", rounds["NumPy layers"])
    if not jit.available():
        print("lucidnet with jit_compile=True: skipped (numba not installed)")
    else:
        model.compile(loss="sparse_categorical_crossentropy", jit_compile=True)
        rounds["compiled kernels"] = measure_round(
            {**dict(lucidnet_systems(model, ", jit")), **others}, one, many, reference,
            args.repeats, args.turns)
        report("lucidnet after compile(jit_compile=True):", rounds["compiled kernels"])
    if args.json:
        with open(args.json, "w") as file:
            json.dump({title: {name: {"latency_us": latency, "throughput_per_s": rate}
                               for name, (latency, rate) in results.items()}
                       for title, results in rounds.items()}, file, indent=2)


if __name__ == "__main__":
    main()
