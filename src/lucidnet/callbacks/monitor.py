"""Watching one logged quantity for improvement: shared by EarlyStopping, ModelCheckpoint and
ReduceLROnPlateau, as Keras's `MonitorCallback` is.

The direction (smaller or larger is better) is `mode`'s; with `mode="auto"` it is
`"min"` for a loss (`loss`, `val_loss`) and otherwise the `direction` the monitored
metric's class declares (`"up"` for accuracy, AUC, F1; `"down"` for errors), found among
the model's compiled metrics when training begins (`Monitor.bind`).  A name that is
neither is refused then, as Keras refuses it, rather than guessed from its spelling.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..validation import choice, number


class Monitor:
    """Reads `monitor` from epoch logs and says whether a value improves on the best so far.

    A value v improves on the reference r when v − δ < r (`"min"`) or v − δ > r
    (`"max"`), with δ = `min_delta`'s absolute value taken towards the better side, as
    in Keras; every value improves on `None`, the best before anything was seen.

    Parameters
    ----------
    monitor : str
        The logged name to watch, such as `val_loss` or `accuracy`.
    mode : str
        `"min"`, `"max"` or `"auto"` (see the module).
    min_delta : float
        The smallest change that counts as an improvement.
    owner : str
        The callback's name, for messages.

    Examples
    --------
    >>> watch = Monitor("val_accuracy", mode="max", min_delta=0.5)
    >>> watch.improves(0.75, 0), watch.improves(0.5, None), watch.improves(0.5, 0)
    (True, True, False)
    """

    def __init__(self, monitor: str, mode: str = "auto", min_delta: float = 0.0,
                 owner: str = "callback"):
        mode = choice(f"{owner} mode", mode, ("auto", "min", "max"))
        if not isinstance(monitor, str) or not monitor:
            raise ValueError(f"{owner} monitor must be the name of a logged metric, got {monitor!r}.")
        self.monitor = monitor
        self.mode = mode
        self.min_delta = abs(number(f"{owner} min_delta", min_delta))
        self.owner = owner
        #: "min" or "max" once known: at once unless mode="auto" names a metric.
        self.direction = mode if mode != "auto" else (
            "min" if monitor.removeprefix("val_") == "loss" else None)
        self._warned = False

    def bind(self, model) -> None:
        """Settle `mode="auto"` from the direction of the model's compiled metric named
        `monitor` (without its `val_` prefix); called when training begins.

        Raises
        ------
        ValueError
            When `mode="auto"` and no compiled metric of that name declares a direction.
        """
        if self.mode != "auto" or self.monitor.removeprefix("val_") == "loss":
            return
        name = self.monitor.removeprefix("val_")
        found = [metric.direction for metric in getattr(model, "metrics", None) or []
                 if metric.log_name == name and metric.direction is not None]
        if not found:
            raise ValueError(
                f"{self.owner} received monitor={self.monitor!r}, but which way is better "
                f"cannot be determined: no compiled metric named {name!r} declares it. Pass "
                f"mode='max' to keep the highest value, or mode='min' to keep the lowest."
            )
        self.direction = "max" if found[0] == "up" else "min"

    def saved_best(self, best) -> float | None:
        """`best` for a callback's state: a float, or `None` while nothing was seen."""
        return None if best is None else float(best)

    def restored_best(self, value) -> float | None:
        """The inverse of `saved_best`."""
        return None if value is None else float(number(f"{self.owner} best", value))

    def improves(self, value: float, reference: float | None) -> bool:
        if reference is None:
            return True
        if self.direction is None:
            raise RuntimeError(f"{self.owner}: call on_train_begin before on_epoch_end, so "
                               f"that mode='auto' can read the direction of {self.monitor!r}.")
        if self.direction == "min":
            return value + self.min_delta < reference
        return value - self.min_delta > reference

    def read(self, logs) -> float | None:
        """The monitored value, or None (with one warning naming the available keys)."""
        value = (logs or {}).get(self.monitor)
        if value is None:
            if not self._warned:
                available = ", ".join(sorted(logs or {})) or "none"
                warnings.warn(
                    f"{self.owner} is monitoring {self.monitor!r}, which is not in the logs; "
                    f"available keys: {available}. It does nothing until that key appears.",
                    UserWarning,
                    stacklevel=4,
                )
                self._warned = True
            return None
        value = np.asarray(value, dtype=np.float64)
        if value.size != 1:  # F1Score(average=None) logs one score per class
            raise ValueError(
                f"{self.owner} monitors {self.monitor!r}, which logs {value.size} values (shape "
                f"{value.shape}); it needs one number. Hint: give the metric an average, "
                f"such as F1Score(average='macro').")
        return float(value.reshape(()))
