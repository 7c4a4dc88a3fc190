"""The examples are documentation: they must keep running."""

import pathlib
import re
import runpy

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / "examples").glob("*.py"))
# The real MNIST t10k files beside the repository, when present, so the MNIST example trains.
MNIST_T10K = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "mnist-t10k"


def test_there_are_examples():
    assert EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # whatever an example writes lands in a scratch directory
    monkeypatch.setenv("LUCIDNET_RUNS", str(tmp_path / "runs"))
    if MNIST_T10K.is_dir():
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "mnist").symlink_to(MNIST_T10K)
        monkeypatch.setenv("LUCIDNET_DATA", str(tmp_path / "data"))
    try:
        runpy.run_path(str(path), run_name="__main__")
    except SystemExit as stop:
        assert stop.code in (0, None), capsys.readouterr().err
    output = capsys.readouterr().out
    assert output
    # A predict or evaluate left at verbose="auto" prints Keras's "1/1 - 0.00s" in a log.
    assert not re.search(r"^\d+/\d+ - [0-9.]+s", output, re.M), output


def test_mnist_t10k_without_its_files_says_where_to_put_them_and_fails(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("LUCIDNET_DATA", str(tmp_path / "nothing"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path))
    example = runpy.run_path(str(EXAMPLES[0].parent / "mnist_t10k.py"))
    assert example["main"](["--data-dir", str(tmp_path / "empty")]) == 1
    assert "has nothing to train on" in capsys.readouterr().err
