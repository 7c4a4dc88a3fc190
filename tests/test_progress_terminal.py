"""The progress output as a user sees it: a real pseudo-terminal of a given width.

A child process trains a tiny model (or draws a `Progbar`) with its output on a
pseudo-terminal whose width is set with TIOCSWINSZ, as a terminal emulator sets it; the test
reads what the terminal received.  Whatever the width, every value of the epoch's logs must
be there whole: a bar cut at the terminal's edge once hid the validation metrics.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

pty = pytest.importorskip("pty")  # POSIX only
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")
import re  # noqa: E402
import select  # noqa: E402
import struct  # noqa: E402

WIDTHS = [0, 20, 80, 200]
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

FIT = textwrap.dedent("""
    import json, sys
    import numpy as np
    import lucidnet as ln
    from lucidnet import Dense, Input, Sequential

    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = (x[:, 0] > 0).astype(int)
    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dense(2, activation="softmax")],
                       seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25)
    sys.stderr.write("HISTORY " + json.dumps(history.history) + "\\n")
""")

PROGBAR = textwrap.dedent("""
    from lucidnet.utils import Progbar

    bar = Progbar(3)
    for step in range(1, 4):
        bar.update(step, [("loss", 0.5 / step), ("accuracy", 0.25 * step),
                          ("val_loss", 0.75 / step), ("val_accuracy", 0.2 * step)])
""")


def run_in_terminal(script: str, columns: int) -> tuple[str, str]:
    """(what a `columns`-wide terminal showed, stderr) for `python -c script`."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    child = subprocess.Popen([sys.executable, "-c", script], stdin=follower, stdout=follower,
                             stderr=subprocess.PIPE, env=env, close_fds=True)
    os.close(follower)
    shown = b""
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal (EIO on Linux)
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    errors = child.communicate(timeout=60)[1].decode()
    assert child.returncode == 0, errors
    return ANSI.sub("", shown.decode(errors="replace")), errors


def logged_values(errors: str) -> dict:
    line = next(line for line in errors.splitlines() if line.startswith("HISTORY "))
    return json.loads(line.removeprefix("HISTORY "))


@pytest.mark.parametrize("columns", WIDTHS)
def test_every_metric_of_every_epoch_shows_whole_at_any_terminal_width(columns):
    shown, errors = run_in_terminal(FIT, columns)
    history = logged_values(errors)
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for key, values in history.items():
        for value in values:
            assert f"{key}: {value:.4f}" in shown, (key, value, shown)
    assert "Epoch 1/2" in shown and "Epoch 2/2" in shown


@pytest.mark.parametrize("columns", [0, 20])
def test_a_terminal_too_narrow_for_a_bar_gets_one_line_per_epoch(columns):
    shown, _ = run_in_terminal(FIT, columns)
    lines = [line for line in shown.replace("\r\n", "\n").split("\n") if line.strip()]
    assert len(lines) == 2
    assert lines[0].startswith("Epoch 1/2 - ") and "val_accuracy: " in lines[0]


def test_a_wide_terminal_gets_the_bar_then_the_epoch_s_values_on_their_own_line():
    shown, errors = run_in_terminal(FIT, 80)
    history = logged_values(errors)
    lines = shown.replace("\r\n", "\n").split("\n")
    final = [line for line in lines if line.startswith("loss: ")]
    assert len(final) == 2
    assert final[0] == " - ".join(f"{key}: {values[0]:.4f}" for key, values in history.items())
    assert "3/3" in shown  # 48 training examples in batches of 16


@pytest.mark.parametrize("columns", WIDTHS)
def test_progbar_shows_every_value_at_any_terminal_width(columns):
    shown, _ = run_in_terminal(PROGBAR, columns)
    # The line the bar was last redrawn as, without the spaces that blank a longer line before.
    last = shown.rstrip("\r\n").split("\r")[-1].rstrip()
    assert last.startswith("3/3 ")
    # The last step's values are shown as given.
    assert last.endswith("- loss: 0.1667 - accuracy: 0.7500 - val_loss: 0.2500 - val_accuracy: 0.6000")
