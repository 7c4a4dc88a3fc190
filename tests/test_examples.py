"""The examples are documentation: they must keep running."""

import pathlib
import runpy

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / "examples").glob("*.py"))


def test_there_are_examples():
    assert EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # whatever an example writes lands in a scratch directory
    monkeypatch.setenv("LUCIDNET_RUNS", str(tmp_path / "runs"))
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out
