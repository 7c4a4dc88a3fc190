"""`lucidnet train`: build, train, report on and save a multi-layer perceptron."""

from __future__ import annotations

import contextlib
import os
import time

import numpy as np

from .. import distributed, optimizers
from ..callbacks import EarlyStopping
from ..config import set_random_seed
from ..distributed.world import current_world
from ..errors import LaunchError
from ..evaluation import per_class_report
from ..layers import Dense, Dropout, Input
from ..models import Sequential
from ..registry import resolve
from .inputs import RECIPES, data_kind, load_for_training


def output_path(out: str | None, name: str) -> str:
    """`--out` as a file path: a directory (existing, or written with a trailing slash)
    receives `<name>.lucid`; nothing given means `<name>.lucid` here."""
    if out is None:
        return f"{name}.lucid"
    if out.endswith(os.sep) or os.path.isdir(out):
        return os.path.join(out, f"{name}.lucid")
    return out


def build_model(n_inputs: int, n_outputs: int, task: str, hidden, activation: str,
                dropout: float, dtype: str, seed: int) -> Sequential:
    layers = [Input((n_inputs,))]
    for units in hidden:
        layers.append(Dense(units, activation=activation))
        if dropout:
            layers.append(Dropout(dropout))
    if task == "classification":
        layers.append(Dense(n_outputs, activation="softmax"))
    else:
        layers.append(Dense(1))
    return Sequential(layers, name="mlp", dtype=dtype, seed=seed)


def check_optional_features(args) -> None:
    """Fail before training, not after, when an asked-for extra is missing."""
    if args.plots:
        import importlib.util

        if importlib.util.find_spec("matplotlib") is None:
            raise ImportError('--plots needs matplotlib: pip install "lucidnet[plot]"')
    if args.tensorboard:
        from ..callbacks import TensorBoard

        TensorBoard(args.tensorboard)  # raises a clear ImportError without tensorboardX


def run(args) -> int:
    if args.distributed:
        try:
            current_world()  # joins the MPI job
        except LaunchError as error:  # its explanation takes lines; --debug shows them
            raise LaunchError(
                "--distributed: this process was not started by an MPI launcher; start one per "
                'rank with mpirun -n 2 lucidnet train --distributed ... (pip install "lucidnet[mpi]").'
            ) from error
    # In distributed training every rank trains; rank 0 alone prints, plots and saves.
    reporting = not args.distributed or distributed.rank() == 0
    recipe = RECIPES[data_kind(args.data)]
    settings = {key: getattr(args, key) if getattr(args, key) is not None else default
                for key, default in recipe.items()}
    check_optional_features(args)
    set_random_seed(args.seed)
    # Rank 0 downloads missing files once; the other ranks then find them.
    with distributed.rank_zero_first() if args.distributed else contextlib.nullcontext():
        data = load_for_training(args.data, args.target, args.seed, args.data_dir)
    path = output_path(args.out, data.name)

    n_outputs = len(data.labels) if data.task == "classification" else 1
    model = build_model(data.x_train.shape[1], n_outputs, data.task, settings["hidden"],
                        args.activation, settings["dropout"], args.dtype, args.seed)
    optimizer = resolve("--optimizer", optimizers.get, args.optimizer)
    optimizer.learning_rate = settings["learning_rate"]
    if data.task == "classification":
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    else:
        model.compile(optimizer=optimizer, loss="mse", metrics=["mae"])
    model.metadata = data.metadata
    verbose = 0 if args.quiet else "auto"
    if not args.quiet and reporting:
        model.summary()

    callbacks = []
    if args.early_stopping:
        callbacks.append(EarlyStopping(patience=args.early_stopping, restore_best_weights=True))
    if args.tensorboard:
        from ..callbacks import TensorBoard

        # Histograms of every weight and gradient each epoch: the digits' run takes a moment.
        callbacks.append(TensorBoard(args.tensorboard, histogram_freq=1))
    started = time.perf_counter()
    history = model.fit(data.x_train, data.y_train, batch_size=settings["batch_size"],
                        epochs=settings["epochs"], validation_split=args.validation_split,
                        callbacks=callbacks, verbose=verbose, distributed=args.distributed)
    seconds = time.perf_counter() - started
    if not reporting:
        return 0

    results = model.evaluate(data.x_test, data.y_test, verbose=0, return_dict=True)
    if data.task == "classification":
        print(f"test accuracy: {results['accuracy']:.4f} (loss {results['loss']:.4f}) on "
              f"{len(data.x_test)} examples, trained in {seconds:.1f}s")
        if not args.quiet:
            probabilities = model.predict(data.x_test, verbose=0)
            print(per_class_report(data.y_test, probabilities, labels=data.labels))
    else:
        # The score of knowing nothing of the inputs, which a useful model must beat.
        baseline = float(np.mean((data.y_test - np.mean(data.y_train)) ** 2))
        print(f"test mse: {results['loss']:.4g}, mae: {results['mae']:.4g} on "
              f"{len(data.x_test)} examples, trained in {seconds:.1f}s "
              f"(predicting the training mean: mse {baseline:.4g})")

    if args.plots:
        from ..plot import save_training_plots

        image_shape = data.metadata["input"].get("shape")
        # The best epoch is worth marking only when the saved model is that epoch's.
        best = "val_loss" if args.early_stopping and "val_loss" in history.history else None
        for written in save_training_plots(model, history, data.x_test, data.y_test, args.plots,
                                           image_shape=image_shape, labels=data.labels, best=best,
                                           y_train=data.y_train):
            print(f"plot: {written}")
    model.save(path)
    print(f"model saved to {path}")
    return 0
