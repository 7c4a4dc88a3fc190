"""Shared by the benchmark scripts: timing each epoch of a ``fit`` from inside it."""

from __future__ import annotations

import time

from lucidnet.callbacks import Callback


class EpochTimer(Callback):
    """Records the wall-clock seconds of every epoch in ``seconds``."""

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.started)
