"""`Progbar`: Keras's text progress bar, for loops a user writes around `train_on_batch`.

It prints what Keras's `keras.utils.Progbar` prints, character for character:
`3/10 ━━━━━━━━━━━━━━━━━━━━ 2s 301ms/step - loss: 0.4315` (the count in bold, the done part
of the bar in green), redrawn in place on a terminal or in a notebook and on a new line
otherwise.  A value named in `stateful_metrics` is shown as given; any other is the mean
of the values given so far, each weighted by the steps it covers.
"""

from __future__ import annotations

import math
import os
import sys
import time

import numpy as np

from ..validation import choice, non_negative_number, optional, positive_int

#: The clock the bar reads (seconds); tests replace it.
clock = time.time


class Progbar:
    """A progress bar over `target` steps (None: unknown), updated with
    [`update`][lucidnet.utils.Progbar.update] (the step reached) or
    [`add`][lucidnet.utils.Progbar.add] (steps since the last call).

    Parameters
    ----------
    target : int or None
        The number of steps, or None when it is not known.
    width : int, optional
        The characters of the bar.
    verbose : int, optional
        0 silent, 1 the bar, 2 one line when the target is reached.
    interval : float, optional
        The least seconds between two redraws (the last is always drawn).
    stateful_metrics : list of str or None
        Names whose values are shown as given, not averaged.
    stateless_metrics : list of str or None
        Instead, the only names that are averaged (not with the former).
    unit_name : str, optional
        The unit of the time per step (`"step"`, `"sample"`).
    """

    def __init__(self, target, width: int = 20, verbose: int = 1, interval: float = 0.05,
                 stateful_metrics=None, stateless_metrics=None, unit_name: str = "step"):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError("Progbar takes stateful_metrics or stateless_metrics, not both: "
                             "the one names the exceptions to the other.")
        self.target = optional(positive_int, "Progbar target", target)
        self.width = positive_int("Progbar width", width)
        self.verbose = choice("Progbar verbose", verbose, (0, 1, 2))
        self.interval = non_negative_number("Progbar interval", interval)
        if not isinstance(unit_name, str):
            raise TypeError(f"Progbar unit_name must be a string, got {unit_name!r}.")
        self.unit_name = unit_name
        self.stateful_metrics = None if stateless_metrics is not None else set(stateful_metrics or ())
        self.stateless_metrics = None if stateless_metrics is None else set(stateless_metrics)
        self._dynamic_display = ((hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
                                 or "ipykernel" in sys.modules or "posix" in sys.modules
                                 or "PYCHARM_HOSTED" in os.environ)
        self._seen_so_far = 0
        self._values: dict[str, list] = {}  # name -> [weighted sum, weight], in first-seen order
        self._start = clock()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def update(self, current: int, values=None, finalize: bool | None = None) -> None:
        """Show step `current` with `values`, a list of `(name, value of this step)`.

        `finalize` (default: `current >= target`) draws the last line and ends it.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or []:
            if self.stateful_metrics is not None:
                averaged = name not in self.stateful_metrics
            else:
                averaged = name in self.stateless_metrics
            if averaged and not finalize:
                weight = max(current - self._seen_so_far, 1)
                total = self._values.setdefault(name, [0.0, 0])
                total[0] += value * weight
                total[1] += weight
            else:
                self._values[name] = [value, 1]
        self._seen_so_far = current
        now = clock()
        time_per_unit = self._step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            sys.stdout.write(self._bar_line(current, now, time_per_unit, finalize))
            sys.stdout.flush()
        elif self.verbose == 2 and finalize and self.target:
            count = f"%{int(math.log10(self.target)) + 1}d/%d" % (current, self.target)
            line = (f"{count} - {now - self._start:.0f}s -"
                    f"{_format_time(time_per_unit, self.unit_name)}{self._metrics(two=True)}\n")
            sys.stdout.write(line)
            sys.stdout.flush()
        self._last_update = now

    def add(self, n: int, values=None) -> None:
        """[`update`][lucidnet.utils.Progbar.update] at `n` steps past the last one."""
        self.update(self._seen_so_far + n, values)

    def _bar_line(self, current, now, time_per_unit, finalize) -> str:
        message = "\b" * self._prev_total_width + "\r" if self._dynamic_display else "\n"
        hidden = 0  # the characters of the colour codes, which take no room on screen
        if self.target:
            count = f"%{int(math.log10(self.target)) + 1}d/%d" % (current, self.target)
            bar, hidden = f"\x1b[1m{count}\x1b[0m ", 8
            done = int(self.width * current / self.target)
            if done > 0:
                bar += f"\33[32m{'━' * done}\x1b[0m"
                hidden += 9
            bar += f"\33[37m{'━' * (self.width - done)}\x1b[0m"
            hidden += 9
        else:
            bar = "%7d/Unknown" % current
        if self.target and not finalize:
            eta = time_per_unit * (self.target - current)
            if eta > 3600:
                shown = "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
            elif eta > 60:
                shown = "%d:%02d" % (eta // 60, eta % 60)
            else:
                shown = "%ds" % eta
            info = f" \x1b[1m{shown}\x1b[0m"
        else:
            info = f" \x1b[1m{now - self._start:.0f}s\x1b[0m"
        hidden += 8
        info += _format_time(time_per_unit, self.unit_name) + self._metrics(two=False)
        total_width = len(bar) + len(info) - hidden
        message += bar + info + " " * max(self._prev_total_width - total_width, 0)
        self._prev_total_width = total_width
        return message + ("\n" if finalize else "")

    def _metrics(self, two: bool) -> str:
        text = ""
        for name, (total, weight) in self._values.items():
            mean = np.mean(total) / max(1, weight)
            # Keras's two modes test the size differently (the one-line mode not in abs).
            large = mean > 1e-3 if two else abs(mean) > 1e-3
            text += f" - {name}: {mean:.4f}" if large else f" - {name}: {mean:.4e}"
        return text

    def _step_duration(self, current, now) -> float:
        """Seconds per step, leaving out the first step (compiling, warming caches) once
        there are others."""
        if not current:
            return 0.0
        if self._time_after_first_step is not None and current > 1:
            duration = (now - self._time_after_first_step) / (current - 1)
        else:
            duration = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return duration


def _format_time(seconds: float, unit_name: str) -> str:
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit_name}"
    return f" {seconds * 1e6:.0f}us/{unit_name}"
