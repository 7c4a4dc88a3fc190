"""`lucidnet evaluate`, `predict` and `info`: using a model saved by `lucidnet train`."""

from __future__ import annotations

import argparse
import json
import os

import numpy as np

from ..datasets import from_csv
from ..evaluation import per_class_report
from ..saving import load_model
from .files import existing_file, read_npy, small_enough
from .images import read_image
from .inputs import data_of, in_training_range, load_for_evaluation, to_network_input

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")


def trained_model(path: str, compile: bool = True):
    """The model saved at `path` by `lucidnet train`, which records how to read its inputs."""
    model = load_model(existing_file(path), compile=compile)
    if not model.metadata.get("input"):
        raise ValueError(f"{path}: this model file does not say how its inputs were prepared; "
                         f"it was not saved by `lucidnet train`.")
    return model


def evaluate(args) -> int:
    model = trained_model(args.model)
    data = data_of(args.data, model.metadata, args.model)
    x, y, examples = load_for_evaluation(data, args.target, model.metadata, args.data_dir,
                                         model_name=args.model)
    results = model.evaluate(x, y, verbose=0, return_dict=True)
    print(" - ".join(f"{key}: {value:.4f}" for key, value in results.items())
          + f" on {len(x)} {examples}")
    if model.metadata.get("task") == "classification":
        print(per_class_report(y, model.predict(x, verbose=0), labels=model.metadata.get("labels")))
    return 0


def read_examples(path: str, metadata: dict) -> np.ndarray:
    """Raw examples from an image file, a .npy array or a CSV table (feature columns)."""
    stored = metadata.get("input") or {}
    lower = path.lower()
    if lower.endswith(IMAGE_SUFFIXES):
        if stored.get("kind") != "image":
            raise ValueError(f"{path}: this model reads table rows, not images.")
        return read_image(path, stored["shape"], stored["max_pixel"])[None]
    if lower.endswith(".npy"):
        return read_npy(path)
    if lower.endswith(".csv"):
        if stored.get("kind") != "table":
            raise ValueError(f"{path}: give images to this model as .npy arrays or image files.")
        return from_csv(small_enough(path), target=None, features=metadata.get("feature_names")).x
    existing_file(path)
    raise ValueError(f"{path}: predict reads .npy arrays, .csv tables and image files "
                     f"({', '.join(IMAGE_SUFFIXES)}).")


def examples_to_predict(args, model):
    """(network inputs, their true labels or None) from the input file, or from `--data`'s
    examples picked by `--rows`."""
    if args.input is None:
        data = data_of(args.data, model.metadata, args.model)
        x, y, _ = load_for_evaluation(data, args.target, model.metadata, args.data_dir,
                                      model_name=args.model)
        rows = args.rows if args.rows is not None else slice(0, 5)
        picked = np.arange(len(x))[rows]
        if not len(picked):
            raise ValueError(f"--rows {rows.start}:{rows.stop} picks none of the {len(x)} examples of {data}.")
        return x[picked], y[picked], picked
    if args.data is not None or args.rows is not None:
        raise argparse.ArgumentError(None, f"give either an input file ({args.input}) or --data with "
                                           f"--rows, not both.")
    try:
        raw = in_training_range(read_examples(args.input, model.metadata), model.metadata, args.input)
        x = to_network_input(raw, model.metadata)
    except ValueError as error:
        message = str(error)
        raise ValueError(message if message.startswith(args.input) else f"{args.input}: {message}") from None
    return x, None, np.arange(len(x))


def predict(args) -> int:
    model = trained_model(args.model, compile=False)
    x, truth, numbers = examples_to_predict(args, model)
    outputs = model.predict(x, verbose=0)
    labels = model.metadata.get("labels")
    if model.metadata.get("task") != "classification":
        for n, value in enumerate(outputs[:, 0]):
            known = "" if truth is None else f" (true {truth[n]:.6g})"
            print(f"{numbers[n]}: {value:.6g}{known}")
        return 0
    classes = outputs.shape[1]
    if args.top_k > classes:
        raise argparse.ArgumentError(None, f"argument --top-k: {args.model} has {classes} classes, "
                                           f"so --top-k can be at most {classes}, got {args.top_k}.")
    top_k = args.top_k
    for n, probabilities in enumerate(outputs):
        best = np.argsort(-probabilities)[:top_k]
        ranked = ", ".join(f"{labels[k] if labels else k} ({probabilities[k]:.3f})" for k in best)
        known = "" if truth is None else f"  (true: {labels[truth[n]] if labels else truth[n]})"
        print(f"{numbers[n]}: {ranked}{known}")
    return 0


def info(args) -> int:
    model = load_model(existing_file(args.model), compile=False)
    model.summary()
    print(f"file: {args.model} ({os.path.getsize(args.model):,} bytes)")
    if model.metadata:
        print("metadata:", json.dumps(model.metadata, indent=2, default=str))
    history = model.history.history if model.history is not None else {}
    if history:
        epochs = len(next(iter(history.values())))
        last = ", ".join(f"{key} {values[-1]:.4g}" for key, values in history.items() if values)
        print(f"trained for {epochs} epochs; last epoch: {last}")
    return 0
