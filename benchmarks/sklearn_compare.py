"""lucidnet's scikit-learn estimators against scikit-learn's own MLP, on the same footing.

Both sides train the same network the same way: one hidden layer of 100 ReLU units, Adam
with η = 0.001, mini-batches of 32 reshuffled every epoch, no weight penalty, and a fixed
number of epochs (scikit-learn's convergence test is switched off with ``tol=0`` and
``n_iter_no_change`` above the epoch count).  Each estimator sits in a ``Pipeline`` behind
the same preprocessing, so what is timed is what a user runs.

Tasks:

- digits: the embedded 8×8 handwritten digits, 10 classes (1,437 train / 360 test),
  standardized;
- breast cancer: scikit-learn's 569 tumours, 30 features, binary (stratified 75/25 split),
  standardized;
- Fashion-MNIST: a stratified subset of 10,000 training and 2,000 test images (28×28 = 784
  pixels, 10 classes), pixels divided by 255 and not standardized;
- friedman1: ``make_friedman1`` regression, 10 features of which 5 matter, 4,000 samples
  with noise 1.0 (75/25 split), standardized; targets standardized with
  ``TransformedTargetRegressor``.

For each task and system: seconds to fit (median of ``--repeats`` runs, each with its own
seed), milliseconds to predict the test set, and the test score (accuracy, or R²) as mean ±
std over the runs.  ``lucidnet float32`` is the same estimator with ``dtype="float32"``;
scikit-learn's MLP trains in float64 on float64 data.

Run: python benchmarks/sklearn_compare.py [--epochs 30] [--repeats 3] [--tasks digits ...]
[--json out.json].  Fashion-MNIST is read with ``lucidnet.datasets.fashion_mnist``, which
looks for the files locally first and downloads them once otherwise.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_breast_cancer, make_friedman1
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from lucidnet.datasets import digits, fashion_mnist
from lucidnet.sklearn import NeuralNetClassifier, NeuralNetRegressor

HIDDEN = (100,)
LEARNING_RATE = 1e-3
BATCH_SIZE = 32
FASHION_TRAIN, FASHION_TEST = 10_000, 2_000
SYSTEMS = ("lucidnet", "lucidnet float32", "scikit-learn")


def load_digits_task():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    return dict(kind="classification", standardize=True,
                data=(x_train.reshape(len(x_train), -1).astype(float),
                      x_test.reshape(len(x_test), -1).astype(float), y_train, y_test))


def load_breast_cancer_task():
    cancer = load_breast_cancer()
    return dict(kind="classification", standardize=True,
                data=train_test_split(cancer.data, cancer.target, test_size=0.25,
                                      stratify=cancer.target, random_state=0))


def load_fashion_mnist_task():
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()

    def subset(x, y, size):
        # A stratified draw keeps the ten classes as balanced as in the full set.
        x, _, y, _ = train_test_split(x, y, train_size=size, stratify=y, random_state=0)
        return x.reshape(len(x), -1) / 255.0, y

    x_train, y_train = subset(x_train, y_train, FASHION_TRAIN)
    x_test, y_test = subset(x_test, y_test, FASHION_TEST)
    return dict(kind="classification", standardize=False,
                data=(x_train, x_test, y_train, y_test))


def load_friedman_task():
    x, y = make_friedman1(n_samples=4000, noise=1.0, random_state=0)
    return dict(kind="regression", standardize=True,
                data=train_test_split(x, y, test_size=0.25, random_state=0))


TASKS = {"digits": load_digits_task, "breast cancer": load_breast_cancer_task,
         "Fashion-MNIST": load_fashion_mnist_task, "friedman1": load_friedman_task}


def build(system: str, task: dict, epochs: int, seed: int):
    """The estimator of ``system`` for ``task``, behind the task's preprocessing."""
    classification = task["kind"] == "classification"
    if system == "scikit-learn":
        estimator = (MLPClassifier if classification else MLPRegressor)(
            hidden_layer_sizes=HIDDEN, solver="adam", learning_rate_init=LEARNING_RATE,
            batch_size=BATCH_SIZE, alpha=0.0, max_iter=epochs, tol=0.0,
            n_iter_no_change=epochs + 1, random_state=seed)
    else:
        estimator = (NeuralNetClassifier if classification else NeuralNetRegressor)(
            hidden_layer_sizes=HIDDEN, optimizer="adam", learning_rate=LEARNING_RATE,
            batch_size=BATCH_SIZE, epochs=epochs, random_state=seed,
            dtype="float32" if system == "lucidnet float32" else None)
    if not classification:
        estimator = TransformedTargetRegressor(estimator, transformer=StandardScaler())
    return make_pipeline(StandardScaler(), estimator) if task["standardize"] \
        else make_pipeline(estimator)


def measure(system: str, task: dict, epochs: int, repeats: int) -> dict:
    x_train, x_test, y_train, y_test = task["data"]
    fit_seconds, predict_seconds, scores = [], [], []
    for seed in range(repeats):
        model = build(system, task, epochs, seed)
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)   # the epoch count is fixed on purpose
            model.fit(x_train, y_train)
        fit_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        model.predict(x_test)
        predict_seconds.append(time.perf_counter() - started)
        scores.append(model.score(x_test, y_test))
    return {"fit_s": statistics.median(fit_seconds), "predict_s": statistics.median(predict_seconds),
            "score": float(np.mean(scores)), "score_std": float(np.std(scores))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tasks", nargs="+", choices=list(TASKS), default=list(TASKS))
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    results = {}
    started = time.perf_counter()
    print(f"{args.epochs} epochs, batch {BATCH_SIZE}, Adam {LEARNING_RATE}, hidden {HIDDEN}, "
          f"{args.repeats} runs each\n")
    print("| task | system | fit (s) | predict (ms) | test score |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name in args.tasks:
        task = TASKS[name]()
        metric = "accuracy" if task["kind"] == "classification" else "R²"
        for system in SYSTEMS:
            result = measure(system, task, args.epochs, args.repeats)
            results.setdefault(name, {})[system] = result
            print(f"| {name} | {system} | {result['fit_s']:.2f} | {1000 * result['predict_s']:.1f} | "
                  f"{metric} {result['score']:.3f} ± {result['score_std']:.3f} |", flush=True)
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump({"epochs": args.epochs, "repeats": args.repeats, "results": results}, file,
                      indent=2)


if __name__ == "__main__":
    main()
