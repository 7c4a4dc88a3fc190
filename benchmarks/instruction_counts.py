"""Instructions per call, counted by valgrind's callgrind: the Python and NumPy work on a
path, in a measure that does not depend on what else the machine is doing.

Workloads: ``predict`` and ``call`` (``model.predict(x, verbose=0)`` and ``model(x)`` on one
sample of the 784-256-128-10 network of ``benchmarks/inference.py``; ``predict_jit`` and
``call_jit`` the same after ``compile(jit_compile=True)`` has loaded the compiled kernels),
and the parts of a call: ``infer`` (``model.infer(x)``, the layers alone), ``products`` (the three
matrix-vector products alone), ``output`` (the last layer's ``infer``: its product, bias and
softmax) and ``check`` (the input check); ``step`` (a training step of the 16-32-3 model of
``benchmarks/step_overhead.py``, batch 32, which is too small for the compiled kernels) and
``kernel_step`` (a step of a 128-128-10 model at batch 128, large enough for them: the ReLU
and softmax kernels and Adam's, around small matrix products). Each is
run once without callgrind (so that numba's disk cache holds every kernel it uses), then
under callgrind twice, ``--calls`` times and not at all after the same set-up, on one
BLAS thread; the difference over the calls is reported. To compare two versions, run it
with each on the path (``PYTHONPATH=<checkout>/src``). Needs valgrind.

Run: python benchmarks/instruction_counts.py [--calls 1000] [WORKLOAD ...] (default:
predict call step)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

import numpy as np

#: Training steps in an epoch of each training workload.
STEPS_PER_EPOCH = {"step": 63, "kernel_step": 32}  # 2,000 examples at 32; 4,096 at 128
WORKLOADS = ("predict", "call", "predict_jit", "call_jit", "infer", "products", "output",
             "check", "step", "kernel_step")


def workload(name: str):
    """(set-up done, the function to call); each call of a training workload is an epoch of
    `STEPS_PER_EPOCH[name]` steps."""
    import lucidnet as ln
    if name in STEPS_PER_EPOCH:
        features, hidden, classes, examples, batch = {
            "step": (16, 32, 3, 2000, 32), "kernel_step": (128, 128, 10, 4096, 128)}[name]
        rng = np.random.default_rng(0)
        x = rng.normal(size=(examples, features)).astype("float32")
        y = rng.integers(0, classes, examples)
        model = ln.Sequential([ln.Input((features,)), ln.Dense(hidden, "relu"),
                               ln.Dense(classes, "softmax")], seed=0)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        model.fit(x, y, epochs=1, batch_size=batch, verbose=0)
        return lambda: model.fit(x, y, epochs=1, batch_size=batch, verbose=0)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from inference import lucidnet_model
    from lucidnet.training.inputs import prepare_inputs
    model = lucidnet_model()
    if name.endswith("_jit"):
        model.compile(loss="sparse_categorical_crossentropy", jit_compile=True)
        name = name[:-len("_jit")]
    x = np.random.default_rng(0).standard_normal((1, 784)).astype(np.float32)
    model(x), model.predict(x, verbose=0)
    layers = model.layers
    kernels = [layer.weights[0] for layer in layers]
    inputs = [x]
    for layer in layers[:-1]:
        inputs.append(layer.infer(inputs[-1]))
    return {
        "call": lambda: model(x),
        "predict": lambda: model.predict(x, verbose=0),
        "infer": lambda: model.infer(x),
        "products": lambda: [np.dot(a, w) for a, w in zip(inputs, kernels)],
        "output": lambda: layers[-1].infer(inputs[-1]),
        "check": lambda: prepare_inputs(model, x, "x"),
    }[name]


def counted(name: str, calls: int) -> int:
    """Instructions callgrind counts in a process that sets `name` up and calls it `calls` times."""
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         os.path.abspath(__file__), "--run", name, str(calls)],
        capture_output=True, text=True, env=environment, check=True)
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workloads", nargs="*", metavar="WORKLOAD")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--run", nargs=2, metavar=("WORKLOAD", "CALLS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        function = workload(args.run[0])
        for _ in range(int(args.run[1])):
            function()
        return
    workloads = args.workloads or ["predict", "call", "step"]
    unknown = sorted(set(workloads) - set(WORKLOADS))
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}: choose from "
                     f"{', '.join(WORKLOADS)}")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    for name in workloads:
        training = name in STEPS_PER_EPOCH
        calls = max(1, args.calls // 500) if training else args.calls  # epochs
        # Once outside callgrind first: a kernel whose source changed is compiled into numba's
        # disk cache there, not counted in the first of the two runs below.
        subprocess.run([sys.executable, os.path.abspath(__file__), "--run", name, "1"], check=True)
        per = (counted(name, calls) - counted(name, 0)) / calls
        if training:
            print(f"{name}: {per / STEPS_PER_EPOCH[name]:,.0f} instructions per training step")
        else:
            print(f"{name}: {per:,.0f} instructions per call")


if __name__ == "__main__":
    main()
