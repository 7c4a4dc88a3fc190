"""Shared by the benchmark scripts: timing each epoch of a ``fit`` from inside it, and systems
measured in turns."""

from __future__ import annotations

import time

from lucidnet.callbacks import Callback

#: Seconds of rest before each measurement of `in_turns`: PyTorch's and onnxruntime's thread
#: pools, and OpenBLAS's, spin for a while after their last task, taking a core from whatever
#: runs next; by then they sleep.
PAUSE = 0.2


class EpochTimer(Callback):
    """Records the wall-clock seconds of every epoch in ``seconds``."""

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.started)


def in_turns(measures: dict, turns: int) -> dict:
    """{name: [the result of each turn]}: every measure (a function of no arguments) called
    once a turn, one after another, `turns` times, each after `PAUSE` seconds of rest, so
    that a shared machine whose speed drifts moves all of them alike."""
    results = {name: [] for name in measures}
    for _ in range(turns):
        for name, measure in measures.items():
            time.sleep(PAUSE)
            results[name].append(measure())
    return results
