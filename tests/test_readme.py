"""The README's code runs as written, as a newcomer would paste it.

- Every ```` ```python ```` block runs on its own, in a fresh namespace and an empty folder
  that holds only the `digits.lucid` that the README's first command (`lucidnet train`)
  writes.  A block that needs an optional extra says so in a comment on the line before it,
  `<!-- requires: torch -->`, and runs when that module can be imported (CI installs them
  all); `<!-- requires: download -->` marks a block that needs the MNIST files, which runs
  when they are already on this machine (tests never download).
- Every `$ lucidnet ...` line of a transcript runs and succeeds (but `mpirun`'s).
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from pathlib import Path

import pytest

from lucidnet.cli import main
from lucidnet.datasets import DatasetNotFoundError, files

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```(?P<language>[\w+-]*)\s*$")
REQUIRES = re.compile(r"<!--\s*requires:\s*(?P<names>[\w., ]+?)\s*-->")
COMMAND = re.compile(r"^\$ lucidnet (?P<arguments>.*)$")
#: Blocks that take more than a few seconds, run with the other slow tests (`-m slow`): a
#: grid search fits a dozen networks.
SLOW = ("GridSearchCV(",)


def readme_blocks():
    """(language, first line number, text, the names its `requires` comment gives)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    blocks, start, language = [], None, None
    for number, line in enumerate(lines):
        fence = FENCE.match(line)
        if not fence:
            continue
        if start is None:
            start, language = number, fence["language"]
            continue
        before = lines[start - 1] if start else ""
        required = REQUIRES.search(before)
        names = [name.strip() for name in required["names"].split(",")] if required else []
        blocks.append((language, start + 1, "\n".join(lines[start + 1:number]), names))
        start = None
    assert start is None, f"README.md: the fence on line {start + 1} is never closed"
    return blocks


BLOCKS = readme_blocks()
PYTHON = [pytest.param(line, text, names, id=f"line {line}",
                       marks=[pytest.mark.slow] if any(word in text for word in SLOW) else [])
          for language, line, text, names in BLOCKS if language == "python"]
COMMANDS = [match["arguments"] for language, _, text, _ in BLOCKS if language == ""
            for match in map(COMMAND.match, text.splitlines()) if match]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The folder where the README's first command, `lucidnet train`, has run."""
    folder = tmp_path_factory.mktemp("readme")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        assert main(["train", "--quiet"]) == 0
    return folder


@pytest.fixture
def no_downloads(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("the tests never download")

    monkeypatch.setattr(files, "download", refuse)


def test_the_readme_has_python_blocks_and_commands():
    assert len(PYTHON) >= 10 and len(COMMANDS) >= 4


@pytest.mark.parametrize("line, text, names", PYTHON)
def test_python_block_runs_as_written(line, text, names, trained, tmp_path, monkeypatch, no_downloads,
                                      capsys):
    for name in names:
        if name != "download" and importlib.util.find_spec(name) is None:
            pytest.skip(f"README.md line {line} needs {name}")
    shutil.copy(trained / "digits.lucid", tmp_path)
    monkeypatch.chdir(tmp_path)
    try:
        exec(compile(text, f"README.md, line {line}", "exec"), {"__name__": "__readme__"})
    except DatasetNotFoundError:
        if "download" not in names:
            raise
        pytest.skip(f"README.md line {line} needs the MNIST and Fashion-MNIST files")


@pytest.mark.parametrize("arguments", COMMANDS)
def test_command_runs_as_written(arguments, trained, monkeypatch, capsys):
    if "--distributed" in arguments:
        pytest.skip("needs an MPI launcher")
    if "--plots" in arguments and importlib.util.find_spec("matplotlib") is None:
        pytest.skip("--plots needs matplotlib")
    monkeypatch.chdir(trained)
    argv = shlex.split(arguments, comments=True)
    assert main(argv) == 0, capsys.readouterr().err
