"""Inference speed: one-sample latency and 10,000-sample throughput, side by side.

The same 784-256-128-10 ReLU/softmax network (random weights, float32) in lucidnet
(``model.predict`` and calling the model), PyTorch eager (``torch.no_grad``) and onnxruntime
(the network exported with ``lucidnet.export.to_onnx``), each timed in this process on the
same inputs; last, lucidnet again after ``compile(jit_compile=True)`` has loaded its compiled
kernels (numba), which a model that only predicts otherwise never loads. A system whose
package is missing is skipped, with a note.

Run: python benchmarks/inference.py [--repeats 2000] [--json out.json]
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

SIZES = (784, 256, 128, 10)


def best_of(function, repeats: int) -> float:
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


def systems(model):
    weights = model.get_weights()
    yield "lucidnet predict", lambda x: model.predict(x, batch_size=len(x), verbose=0)
    yield "lucidnet model(x)", lambda x: model(x)
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
    if not jit.available():
        print("lucidnet with jit_compile=True: skipped (numba not installed)")
        return
    model.compile(loss="sparse_categorical_crossentropy", jit_compile=True)
    yield "lucidnet predict, jit", lambda x: model.predict(x, batch_size=len(x), verbose=0)
    yield "lucidnet model(x), jit", lambda x: model(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2000)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    model = lucidnet_model()
    rng = np.random.default_rng(0)
    one = rng.random((1, SIZES[0]), dtype=np.float32)
    many = rng.random((10_000, SIZES[0]), dtype=np.float32)
    reference = model.predict(many, batch_size=len(many), verbose=0)
    results = {}
    for name, predict in systems(model):
        np.testing.assert_allclose(predict(many), reference, rtol=1e-4, atol=1e-6)
        latency = best_of(lambda: predict(one), args.repeats)
        throughput = len(many) / best_of(lambda: predict(many), max(5, args.repeats // 200))
        results[name] = {"latency_us": latency * 1e6, "throughput_per_s": throughput}
        print(f"{name:<24} 1 sample: {latency * 1e6:8.1f} µs   10,000 samples: "
              f"{throughput:12,.0f} samples/s")
    lucid = [name for name in results if name.startswith("lucidnet")]
    for other in ("torch eager", "onnxruntime"):
        if other in results:
            for name in lucid:
                ratio = results[name]["latency_us"] / results[other]["latency_us"]
                print(f"{name}: {ratio:.2f}x the time of {other} on one sample")
    if args.json:
        with open(args.json, "w") as file:
            json.dump(results, file, indent=2)


if __name__ == "__main__":
    main()
