"""The accuracy users should expect from ``lucidnet train``'s recipes, measured end to end.

1. digits, default recipe (expected >= 0.97 test accuracy);
2. Fashion-MNIST, the recommended recipe of ``lucidnet train --data fashion_mnist``
   (expected >= 0.89), with its epochs and time;
3. MNIST on the real t10k file: a model trained on half of the 10,000 test images (stratified)
   and scored on the other half, then the saved model run through ``lucidnet evaluate``.

Run: python benchmarks/accuracy.py [--mnist-dir DIR] [--json out.json]
(DIR holds t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]; without it the
library's search path is used.)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import tempfile
import time

import numpy as np

import lucidnet as ln
from lucidnet.cli import main as lucidnet_command
from lucidnet.cli.inputs import RECIPES
from lucidnet.datasets import mnist
from lucidnet.utils import train_test_split


def run_command(argv) -> tuple[str, float]:
    output = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(output):
        code = lucidnet_command(argv)
    if code != 0:
        raise SystemExit(f"lucidnet {' '.join(argv)} failed with exit code {code}")
    return output.getvalue(), time.perf_counter() - started


def test_accuracy(output: str) -> float:
    return float(re.search(r"test accuracy: ([0-9.]+)", output).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mnist-dir", help="folder with the MNIST t10k files")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, expected in (("digits", 0.97), ("fashion_mnist", 0.89)):
            output, seconds = run_command(["train", "--data", name, "--quiet",
                                           "--out", os.path.join(folder, f"{name}.lucid")])
            results[name] = {"test_accuracy": test_accuracy(output), "expected": expected,
                             "epochs": RECIPES[name]["epochs"], "seconds": round(seconds, 1)}
            print(f"{name:<14} test accuracy {results[name]['test_accuracy']:.4f} "
                  f"(expected >= {expected}), {RECIPES[name]['epochs']} epochs, {seconds:.1f} s")

        x, y = mnist.load_test_data(path=args.mnist_dir)
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.5, stratify=y, seed=0)
        recipe = RECIPES["mnist"]
        ln.set_random_seed(0)
        model = ln.Sequential([ln.Input((784,)), ln.Dense(256, activation="relu"), ln.Dropout(0.2),
                               ln.Dense(128, activation="relu"), ln.Dropout(0.2),
                               ln.Dense(10, activation="softmax")], name="mlp")
        model.compile(optimizer=ln.optimizers.Adam(recipe["learning_rate"]),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.metadata = {"dataset": "mnist", "task": "classification",
                          "labels": [str(k) for k in range(10)],
                          "input": {"kind": "image", "shape": [28, 28], "max_pixel": 255}}
        scale = np.float32(1 / 255)
        started = time.perf_counter()
        model.fit(x_train.reshape(-1, 784).astype(np.float32) * scale, y_train,
                  batch_size=recipe["batch_size"], epochs=recipe["epochs"], verbose=0)
        seconds = time.perf_counter() - started
        _, held_out = model.evaluate(x_test.reshape(-1, 784).astype(np.float32) * scale, y_test, verbose=0)
        path = os.path.join(folder, "mnist-half.lucid")
        model.save(path)
        argv = ["evaluate", path, "--data", "mnist"] + (["--data-dir", args.mnist_dir] if args.mnist_dir else [])
        output, _ = run_command(argv)
        full = float(re.search(r"accuracy: ([0-9.]+)", output).group(1))
        results["mnist_t10k"] = {"held_out_accuracy": held_out, "train_examples": len(x_train),
                                 "evaluate_command_accuracy_on_all_10000": full,
                                 "epochs": recipe["epochs"], "seconds": round(seconds, 1)}
        print(f"{'mnist t10k':<14} accuracy {held_out:.4f} on the 5,000 held-out images after "
              f"training on the other 5,000 ({recipe['epochs']} epochs, {seconds:.1f} s); "
              f"`lucidnet evaluate` on all 10,000: {full:.4f}")
    if args.json:
        with open(args.json, "w") as file:
            json.dump(results, file, indent=2)


if __name__ == "__main__":
    main()
