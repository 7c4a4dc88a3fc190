"""Watching one logged quantity for improvement: shared by EarlyStopping, ModelCheckpoint and
ReduceLROnPlateau."""

from __future__ import annotations

import math
import warnings

from ..validation import choice, number


class Monitor:
    """Reads ``monitor`` from epoch logs and says whether a value improves on the best so far.

    ``mode="min"`` wants smaller values, ``"max"`` larger; ``"auto"`` picks max for accuracy-like
    names (``accuracy``, ``val_acc``, ``auc``) and min otherwise, as Keras does.  A value
    improves when it beats the reference by more than ``min_delta`` (its absolute value, as
    in Keras).  ``owner`` names the callback in error messages.
    """

    def __init__(self, monitor: str, mode: str = "auto", min_delta: float = 0.0, owner: str = "callback"):
        mode = choice(f"{owner} mode", mode, ("auto", "min", "max"))
        if not isinstance(monitor, str) or not monitor:
            raise ValueError(f"{owner} monitor must be the name of a logged metric, got {monitor!r}.")
        if mode == "auto":
            name = monitor.removeprefix("val_")
            mode = "max" if ("acc" in name or name.endswith("auc")) else "min"
        self.monitor = monitor
        self.mode = mode
        self.min_delta = abs(number(f"{owner} min_delta", min_delta))
        self.owner = owner
        self._warned = False

    @property
    def worst(self) -> float:
        return math.inf if self.mode == "min" else -math.inf

    def saved_best(self, best: float) -> float | None:
        """``best`` for a callback's state: ``None`` while it is still :attr:`worst` (nothing
        seen yet), since a model file holds finite numbers only."""
        return float(best) if math.isfinite(best) else None

    def restored_best(self, value) -> float:
        """The inverse of :meth:`saved_best`."""
        if value is None:
            return self.worst
        return float(number(f"{self.owner} best", value))

    def improves(self, value: float, reference: float) -> bool:
        if self.mode == "min":
            return value < reference - self.min_delta
        return value > reference + self.min_delta

    def read(self, logs) -> float | None:
        """The monitored value, or None (with one warning naming the available keys)."""
        value = (logs or {}).get(self.monitor)
        if value is None:
            if not self._warned:
                available = ", ".join(sorted(logs or {})) or "none"
                warnings.warn(
                    f"{self.owner} is monitoring {self.monitor!r}, which is not in the logs; "
                    f"available keys: {available}. It does nothing until that key appears.",
                    RuntimeWarning,
                    stacklevel=4,
                )
                self._warned = True
            return None
        return float(value)
