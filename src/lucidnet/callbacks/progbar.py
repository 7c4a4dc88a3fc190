"""Training progress on the terminal: a live tqdm bar per epoch, or one line per epoch.

Every value of an epoch's logs is always shown whole.  The live bar (`verbose=1`) carries
the running values while the epoch runs, where a narrow terminal may cut them, so when the
epoch ends the bar is closed without them and the epoch's values follow on a line of their
own, which the terminal wraps rather than cuts.  On a terminal narrower than
`MIN_BAR_COLUMNS` (or one that reports no width at all, as some multiplexers and CI
consoles do) there is no room for a bar, and `verbose=1` prints one line per epoch, as
`verbose=2` does.
"""

from __future__ import annotations

import os
import sys
import time

from ..validation import non_negative_number
from .base import Callback


#: The narrowest terminal that gets a live bar; a narrower one gets one line per epoch.
MIN_BAR_COLUMNS = 40


def terminal_columns(file) -> int | None:
    """The width of the terminal `file` writes to: None when it is not a terminal (a log
    file, a pipe, a notebook's stream), 0 when the terminal reports no width."""
    try:
        if not file.isatty():
            return None
        return os.get_terminal_size(file.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None


def format_logs(logs) -> str:
    """`loss: 0.3121 - accuracy: 0.9050`: four decimals, scientific notation for tiny values."""
    parts = []
    for key, value in (logs or {}).items():
        if isinstance(value, float) and value != 0 and abs(value) < 1e-3:
            parts.append(f"{key}: {value:.4e}")
        else:
            parts.append(f"{key}: {value:.4f}")
    return " - ".join(parts)


class ProgbarLogger(Callback):
    """Prints training progress as Keras does.

    `verbose=1`: for each epoch a tqdm bar with the batches done, elapsed time, ETA, speed
    and the running loss and metrics, followed by a line with the epoch's final values
    including validation (on a terminal narrower than `MIN_BAR_COLUMNS`, one line per epoch
    instead).  `verbose=2`: one line per epoch.  `fit` adds this callback itself when
    `verbose` is not 0.  The running values are refreshed at most every `refresh_seconds`
    so that the bar costs a negligible share of an epoch.

    Parameters
    ----------
    refresh_seconds : float
        The least time between two refreshes of the bar's running values.
    file : file-like, optional
        Where to write (standard output by default).
    """

    rank_zero_only = True

    def __init__(self, refresh_seconds: float = 0.1, file=None):
        super().__init__()
        self.refresh_seconds = non_negative_number("ProgbarLogger refresh_seconds", refresh_seconds)
        self.file = file
        self._bar = None

    @property
    def _out(self):
        return self.file or sys.stdout

    # -- training --------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self.verbose = self._effective_verbose()
        self.epochs = self.params.get("epochs", 1)

    def on_epoch_begin(self, epoch, logs=None):
        self._started = time.perf_counter()
        if self.verbose == 1:
            print(f"Epoch {epoch + 1}/{self.epochs}", file=self._out, flush=True)
            self._open_bar(self.params.get("steps"))

    def on_train_batch_end(self, batch, logs=None):
        self._advance(logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.verbose == 1:
            self._close_bar(logs)
        elif self.verbose == 2:
            seconds = time.perf_counter() - self._started
            print(f"Epoch {epoch + 1}/{self.epochs} - {seconds:.2f}s - {format_logs(logs)}",
                  file=self._out, flush=True)

    # -- evaluate() and predict() ------------------------------------------------------
    def on_test_begin(self, logs=None):
        self._begin_inference()

    def on_test_batch_end(self, batch, logs=None):
        self._advance(logs)

    def on_test_end(self, logs=None):
        self._end_inference(logs)

    def on_predict_begin(self, logs=None):
        self._begin_inference()

    def on_predict_batch_end(self, batch, logs=None):
        self._advance(None)

    def on_predict_end(self, logs=None):
        self._end_inference(None)

    def _effective_verbose(self) -> int:
        """`params["verbose"]`, with a bar that would not fit the terminal turned into lines."""
        verbose = self.params.get("verbose", 1)
        if verbose == 1:
            columns = terminal_columns(self._out)
            if columns is not None and columns < MIN_BAR_COLUMNS:
                return 2
        return verbose

    def _begin_inference(self):
        self.verbose = self._effective_verbose()
        self._started = time.perf_counter()
        if self.verbose == 1:
            self._open_bar(self.params.get("steps"))

    def _end_inference(self, logs):
        if self.verbose == 1:
            self._close_bar(logs)
        elif self.verbose == 2:
            seconds = time.perf_counter() - self._started
            steps = self.params.get("steps")
            print(f"{steps}/{steps} - {seconds:.2f}s - {format_logs(logs)}".rstrip(" -"),
                  file=self._out, flush=True)

    # -- the bar -------------------------------------------------------------------------
    def _open_bar(self, total):
        from tqdm.auto import tqdm

        self._bar = tqdm(total=total, unit="step", file=self._out, leave=True,
                         dynamic_ncols=True, mininterval=self.refresh_seconds)
        self._pending = 0
        self._last_refresh = time.perf_counter()

    def _advance(self, logs):
        if self._bar is None:
            return
        self._pending += 1
        now = time.perf_counter()
        if now - self._last_refresh >= self.refresh_seconds:
            if logs:
                self._bar.set_postfix_str(format_logs(logs), refresh=False)
            self._bar.update(self._pending)
            self._pending = 0
            self._last_refresh = now

    def _close_bar(self, logs):
        if self._bar is None:
            return
        # The running values leave the bar: the line below shows the final ones uncut.
        self._bar.set_postfix_str("", refresh=False)
        self._bar.update(self._pending)
        self._bar.close()
        self._bar = None
        if logs:
            print(format_logs(logs), file=self._out, flush=True)
