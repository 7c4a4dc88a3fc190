"""The examples are documentation: they must keep running."""

import pathlib
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
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out
