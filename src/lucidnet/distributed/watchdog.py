"""A watchdog that ends the job when one rank waits for the others too long.

A blocking MPI operation returns only when every rank has joined it.  When a rank has died
without the launcher noticing, or is frozen (a hung machine, a lost network link, a rank
stuck in code of its own), the others would wait forever.  PyTorch's process groups and
Horovod's stall check solve this with a time limit on each collective operation; so does
this: a daemon thread looks, about every second, at what the training thread is waiting
for and since when, and calls `expire` once a single wait has lasted `timeout` seconds.

Marking a wait costs the training thread one `time.monotonic()` and two assignments, so
it can surround every step's all-reduce.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

#: How often the watchdog looks, at most: a stall is reported at most this late.
POLL_SECONDS = 1.0


class Watchdog:
    """Calls `expire(what, seconds)` when a wait marked by `begin` outlasts `timeout`.

    `timeout=math.inf` disables it.  The thread starts with the first wait and, being a
    daemon, never keeps the process alive.
    """

    def __init__(self, timeout: float, expire: Callable[[str, float], None]):
        self.timeout = timeout
        self._expire = expire
        # (what, since) while the training thread waits, else None; replaced whole, so the
        # watchdog's thread always reads a consistent pair.
        self._waiting: tuple[str, float] | None = None
        self._thread: threading.Thread | None = None

    def begin(self, what: str) -> None:
        """The calling thread starts waiting for the other ranks in `what`."""
        self._waiting = (what, time.monotonic())
        if self._thread is None and math.isfinite(self.timeout):
            self._thread = threading.Thread(target=self._watch, name="lucidnet-mpi-watchdog",
                                            daemon=True)
            self._thread.start()

    def end(self) -> None:
        self._waiting = None

    def _watch(self) -> None:
        while True:
            time.sleep(min(POLL_SECONDS, self.timeout / 4))  # the timeout may have changed
            waiting = self._waiting
            if waiting is None:
                continue
            what, since = waiting
            waited = time.monotonic() - since
            if waited > self.timeout:
                self._expire(what, waited)
                return
