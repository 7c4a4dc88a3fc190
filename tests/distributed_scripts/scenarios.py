"""Training runs that ``tests/test_distributed.py`` launches with ``mpirun``.

    mpirun -n P python scenarios.py SCENARIO OUTDIR

Every rank runs the scenario and writes what the test checks under OUTDIR: its weights
(``weights-<rank>.npz``) and its history (``history-<rank>.json``).  The test imports this
file too, for :func:`make_data`, :func:`make_model` and :data:`FIT`, so that it trains the
single-process reference on exactly the same problem.  Nothing runs on import.
"""

from __future__ import annotations

import json
import os
import signal
import sys

import numpy as np

import lucidnet as ln
from lucidnet import distributed
from lucidnet.callbacks import (BackupAndRestore, CSVLogger, EarlyStopping, LambdaCallback,
                                ModelCheckpoint, ReduceLROnPlateau)
from lucidnet.metrics import Metric

FEATURES = 5
CLASSES = 3
#: 63 examples: ⌊63 · 0.8⌋ = 50 to train on, whose last batch of 16 holds 2 (fewer than 3
#: ranks, so one rank has none), and 13 to validate on.
EXAMPLES = 63
FIT = {"batch_size": 16, "epochs": 4, "validation_split": 0.2, "validation_batch_size": 5,
       "class_weight": {0: 1.0, 1: 2.0, 2: 0.5}, "verbose": 0}


def make_data():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(EXAMPLES, FEATURES))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] * x[:, 2] > 0.3).astype(int)
    return x, y


def make_model(hidden: int = 8, dropout: float = 0.0, kernel_constraint=None):
    """float64, with an L2 penalty (its gradient must count once, not once per rank) and a
    softmax output fused with its cross-entropy."""
    layers = [ln.Input((FEATURES,)),
              ln.Dense(hidden, activation="tanh", kernel_regularizer=ln.regularizers.L2(1e-3),
                       kernel_constraint=kernel_constraint)]
    if dropout:
        layers.append(ln.Dropout(dropout))
    layers.append(ln.Dense(CLASSES, activation="softmax"))
    model = ln.Sequential(layers, dtype="float64", seed=3)
    model.compile(optimizer=ln.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def early_stopping():
    """Stops after the second epoch: nothing beats the first by min_delta."""
    return EarlyStopping(monitor="val_loss", min_delta=10.0, patience=1)


def save_results(model, history, outdir):
    rank = distributed.rank()
    np.savez(os.path.join(outdir, f"weights-{rank}.npz"), *model.get_weights())
    with open(os.path.join(outdir, f"history-{rank}.json"), "w") as file:
        json.dump({"epoch": history.epoch, "history": history.history}, file)


def on_rank(rank, epoch, action):
    """A callback that runs ``action()`` on one rank at the end of one epoch."""
    def maybe(current_epoch, logs):
        if distributed.rank() == rank and current_epoch == epoch:
            action()
    return LambdaCallback(on_epoch_end=maybe)


def train(outdir, model=None, callbacks=(), **settings):
    x, y = make_data()
    model = model or make_model()
    history = model.fit(x, y, distributed=True, callbacks=list(callbacks), **{**FIT, **settings})
    save_results(model, history, outdir)


def scenario_train(outdir):
    train(outdir, callbacks=[early_stopping()])


class TargetsSeen(Metric):
    """Records the targets of the examples this rank trains on, one list per epoch."""

    def __init__(self):
        self.epochs = []
        super().__init__(name="targets_seen")

    def reset_state(self):
        super().reset_state()
        self.epochs.append([])

    def score(self, y_true, y_pred):
        self.epochs[-1].extend(float(value) for value in y_true.ravel())
        return np.zeros(len(y_true))


def scenario_dropout(outdir):
    """Each rank draws its own dropout masks, yet every rank must follow the same shuffled
    order.  Each example's target is its index, so the targets each rank saw tell which
    examples it trained on.  Then the same run again, stopped after two epochs and resumed
    from rank 0's checkpoint (``resumed-<rank>.npz``)."""
    x = np.random.default_rng(7).normal(size=(50, FEATURES))
    y = np.arange(50.0)
    seen = TargetsSeen()

    def fresh_model(metrics):
        model = ln.Sequential([ln.Input((FEATURES,)), ln.Dense(8, activation="relu"),
                               ln.Dropout(0.5), ln.Dense(1)], dtype="float64", seed=3)
        model.compile(optimizer="adam", loss="mse", metrics=metrics)
        return model

    model = fresh_model([seen])
    history = model.fit(x, y, batch_size=16, epochs=3, distributed=True, verbose=0)
    save_results(model, history, outdir)
    with open(os.path.join(outdir, f"seen-{distributed.rank()}.json"), "w") as file:
        json.dump(seen.epochs[1:], file)  # the first list is the constructor's

    checkpoint = os.path.join(outdir, "dropout-checkpoint.lucid")
    fresh_model([]).fit(x, y, batch_size=16, epochs=2, distributed=True, verbose=0,
                        callbacks=[ModelCheckpoint(checkpoint)])
    distributed.barrier()  # rank 0 has written the file
    resumed = ln.load_model(checkpoint)
    resumed.fit(x, y, batch_size=16, epochs=3, initial_epoch=2, distributed=True, verbose=0)
    np.savez(os.path.join(outdir, f"resumed-{distributed.rank()}.npz"), *resumed.get_weights())


#: Smaller than the hidden layer's initial column norms, so that it binds from the first step.
MAX_NORM = 0.5


def scenario_constrained(outdir):
    train(outdir, model=make_model(kernel_constraint=ln.constraints.MaxNorm(MAX_NORM)))


def scenario_checkpoint(outdir):
    """Two epochs, with the callbacks that write: only rank 0 may run them.  Their file names
    carry the rank, so that a file written by another rank would show."""
    rank = distributed.rank()
    train(outdir, epochs=2, verbose=2, callbacks=[
        ModelCheckpoint(os.path.join(outdir, f"checkpoint-{rank}.lucid")),
        CSVLogger(os.path.join(outdir, f"log-{rank}.csv"))])


def scenario_resume(outdir):
    model = ln.load_model(os.path.join(outdir, "checkpoint-0.lucid"))
    train(outdir, model=model, initial_epoch=model.history.epoch[-1] + 1)


def backup_run(outdir, callbacks=()):
    """A model with dropout whose learning rate halves every epoch, fitted with a backup in
    OUTDIR/backup; rank r's calls to model.save are counted in ``saves-<r>.json``."""
    model, saves = make_model(dropout=0.3), []

    def counted_save(*args, **kwargs):
        saves.append(distributed.rank())
        type(model).save(model, *args, **kwargs)

    model.save = counted_save
    steering = [BackupAndRestore(os.path.join(outdir, "backup")),
                ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_delta=10.0)]
    x, y = make_data()
    history = model.fit(x, y, distributed=True, callbacks=steering + list(callbacks), **FIT)
    with open(os.path.join(outdir, f"saves-{distributed.rank()}.json"), "w") as file:
        json.dump(len(saves), file)
    return model, history


def scenario_backup_interrupted(outdir):
    """The run uninterrupted (its results in weights-/history-<rank>), then again, until
    rank 1 fails as epoch 2 begins: the job is aborted after the backup of epoch 1."""
    save_results(*backup_run(outdir), outdir)

    def fail(epoch, logs):
        if epoch == 2 and distributed.rank() == 1:
            raise RuntimeError("rank 1 lost its machine")

    backup_run(outdir, callbacks=[LambdaCallback(on_epoch_begin=fail)])


def scenario_backup_resume(outdir):
    model, history = backup_run(outdir)
    np.savez(os.path.join(outdir, f"resumed-{distributed.rank()}.npz"), *model.get_weights())
    with open(os.path.join(outdir, f"resumed-history-{distributed.rank()}.json"), "w") as file:
        json.dump({"epoch": history.epoch, "history": history.history}, file)


def scenario_stop_on_one_rank(outdir):
    model = make_model()
    train(outdir, model=model, callbacks=[on_rank(1, 0, lambda: setattr(model, "stop_training", True))])


def scenario_raise_on_one_rank(outdir):
    def fail():
        raise RuntimeError("the disk of rank 1 is full")
    train(outdir, callbacks=[on_rank(1, 1, fail)])


def scenario_stall(outdir):
    """Rank 1 freezes (as a hung machine would) after the second epoch; rank 0, whose time
    limit drops to one second then (not before: a slow start must not count), must end the
    job."""
    train(outdir, callbacks=[on_rank(0, 1, lambda: distributed.init(timeout=1.0)),
                             on_rank(1, 1, lambda: os.kill(os.getpid(), signal.SIGSTOP))])


def scenario_kill(outdir):
    train(outdir, callbacks=[on_rank(1, 1, lambda: os.kill(os.getpid(), signal.SIGKILL))])


def scenario_different_models(outdir):
    train(outdir, model=make_model(hidden=8 + distributed.rank()))


def scenario_different_data(outdir):
    x, y = make_data()
    keep = len(x) - distributed.rank()
    make_model().fit(x[:keep], y[:keep], distributed=True, **FIT)


if __name__ == "__main__":
    name, outdir = sys.argv[1], sys.argv[2]
    globals()[f"scenario_{name}"](outdir)
