import re
import subprocess
import sys

import pytest

from lucidnet.cli import main


def test_train_with_defaults_reaches_95_percent(capsys):
    assert main(["train", "--quiet"]) == 0
    output = capsys.readouterr().out
    accuracy = float(re.search(r"test accuracy: ([0-9.]+)", output).group(1))
    assert accuracy >= 0.95


def test_train_prints_the_model_and_every_epoch(capsys):
    assert main(["train", "--epochs", "3", "--hidden", "16,8"]) == 0
    output = capsys.readouterr().out
    assert 'Model: "digits_mlp"' in output
    assert len(re.findall(r"^Epoch \d/3 .* loss: .* accuracy: .* val_loss: ", output, re.M)) == 3
    assert "test accuracy:" in output


def test_bad_option_value_is_an_error_not_a_traceback(capsys):
    assert main(["train", "--epochs", "0"]) == 2
    assert "epochs must be a positive integer" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["train", "--hidden", "12,x"])


def test_python_dash_m_lucidnet_runs():
    result = subprocess.run([sys.executable, "-m", "lucidnet", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("lucidnet ")
