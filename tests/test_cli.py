import csv
import re
import subprocess
import sys

import numpy as np
import pytest

import lucidnet as ln
from lucidnet.cli import main
from lucidnet.datasets import digits


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the command writes its model file to the current directory


@pytest.fixture(scope="module")
def digits_model(tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "digits.lucid"
    assert main(["train", "--quiet", "--epochs", "10", "--out", str(path)]) == 0
    return path


def accuracy_in(output: str) -> float:
    return float(re.search(r"test accuracy: ([0-9.]+)", output).group(1))


def test_train_with_defaults_reaches_95_percent_and_saves_the_model(capsys, tmp_path):
    assert main(["train", "--quiet"]) == 0
    output = capsys.readouterr().out
    assert accuracy_in(output) >= 0.95
    model = ln.load_model(tmp_path / "digits.lucid")
    assert model.metadata["labels"] == [str(d) for d in range(10)]
    assert model.metadata["input"] == {"kind": "image", "shape": [8, 8], "max_pixel": 16}


def test_train_prints_model_epochs_and_a_per_class_table(capsys):
    assert main(["train", "--epochs", "3", "--hidden", "16,8"]) == 0
    output = capsys.readouterr().out
    assert 'Model: "mlp"' in output
    assert len(re.findall(r"^Epoch \d/3 .* loss: .* val_loss: ", output, re.M)) == 3
    assert re.search(r"^\s+9\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+36$", output, re.M)  # class 9's row
    assert "weighted avg" in output and "model saved to digits.lucid" in output


def test_out_directory_plots_tensorboard_and_early_stopping(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    pytest.importorskip("tensorboardX")
    (tmp_path / "models").mkdir()
    assert main(["train", "--quiet", "--epochs", "4", "--out", "models", "--plots", "plots",
                 "--tensorboard", "runs", "--early-stopping", "2"]) == 0
    assert (tmp_path / "models" / "digits.lucid").exists()
    assert {"learning_curves.png", "confusion_matrix.png"} <= {p.name for p in (tmp_path / "plots").iterdir()}
    assert any((tmp_path / "runs" / "train").iterdir())


def test_evaluate_reports_the_same_accuracy_as_training(digits_model, capsys):
    assert main(["evaluate", str(digits_model), "--data", "digits"]) == 0
    output = capsys.readouterr().out
    model = ln.load_model(digits_model)
    _, (x, y) = digits.load_data()
    _, accuracy = model.evaluate(x.reshape(len(x), -1) / 16, y, verbose=0)
    assert f"accuracy: {accuracy:.4f} on 360 examples" in output


def test_predict_an_array_of_images_shows_the_top_classes(digits_model, capsys, tmp_path):
    _, (x, y) = digits.load_data()
    np.save(tmp_path / "three.npy", x[:3])
    assert main(["predict", str(digits_model), str(tmp_path / "three.npy"), "--top-k", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert [line.split(": ")[1].split(" ")[0] for line in lines] == [str(label) for label in y[:3]]


def test_predict_a_png_of_a_dark_digit_on_white(digits_model, capsys, tmp_path):
    image_module = pytest.importorskip("PIL.Image")
    _, (x, y) = digits.load_data()
    page = (255 - x[0].astype(float) / 16 * 255).astype(np.uint8)  # dark strokes, light page
    image_module.fromarray(page).resize((64, 64)).save(tmp_path / "digit.png")
    assert main(["predict", str(digits_model), str(tmp_path / "digit.png")]) == 0
    assert capsys.readouterr().out.startswith(f"0: {y[0]} (")


def test_info_prints_summary_metadata_and_history(digits_model, capsys):
    assert main(["info", str(digits_model)]) == 0
    output = capsys.readouterr().out
    assert "dense_1 (Dense)" in output and '"max_pixel": 16' in output
    assert "trained for 10 epochs" in output


def write_table(path, rows, header):
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def test_a_csv_table_with_text_labels_round_trips_to_the_users_labels(capsys, tmp_path, rng):
    x = rng.normal(size=(300, 2))
    names = np.where(x[:, 0] + x[:, 1] > 0, "yes", "no")
    write_table(tmp_path / "table.csv", [[a, b, n] for (a, b), n in zip(x, names)], ["a", "b", "answer"])
    assert main(["train", "--data", "table.csv", "--target", "answer", "--quiet", "--epochs", "40"]) == 0
    assert accuracy_in(capsys.readouterr().out) >= 0.9
    write_table(tmp_path / "new.csv", [[2.0, 2.0], [-2.0, -2.0]], ["a", "b"])
    assert main(["predict", "table.lucid", "new.csv", "--top-k", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[1] for line in lines] == ["yes", "no"]


def test_a_csv_regression_target(capsys, tmp_path, rng):
    x = rng.normal(size=(200, 3))
    y = x @ np.array([1.0, -2.0, 0.5]) + 0.3
    write_table(tmp_path / "reg.csv", np.column_stack([x, y]).tolist(), ["a", "b", "c", "price"])
    assert main(["train", "--data", "reg.csv", "--target", "price", "--quiet", "--epochs", "60",
                 "--hidden", "16"]) == 0
    mse = float(re.search(r"test mse: ([0-9.e-]+)", capsys.readouterr().out).group(1))
    assert mse < 0.05


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "--data", "imagenet"], "--data 'imagenet' is neither a dataset name nor a table: use one of digits, mnist, fashion_mnist"),
        (["train", "--data", "missing.csv"], "--data missing.csv: no such file"),
        (["train", "--epochs", "0"], "epochs must be a positive integer, got 0"),
        (["info", "not-a-model.lucid"], "not-a-model.lucid"),
    ],
)
def test_data_and_model_errors_are_one_line_with_exit_code_1(argv, message, capsys, tmp_path):
    (tmp_path / "not-a-model.lucid").write_bytes(b"hello, not a model")
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert error.startswith("lucidnet: error: ") and message in error
    assert not (tmp_path / "digits.lucid").exists()  # nothing written on failure


def test_a_table_without_the_target_column_lists_the_columns(capsys, tmp_path):
    write_table(tmp_path / "t.csv", [[1, 2], [3, 4]], ["a", "b"])
    assert main(["train", "--data", "t.csv", "--target", "label"]) == 1
    assert "label" in capsys.readouterr().err


def test_an_unreadable_image_is_an_error(digits_model, capsys, tmp_path):
    pytest.importorskip("PIL")
    (tmp_path / "broken.png").write_bytes(b"not really a png")
    assert main(["predict", str(digits_model), "broken.png"]) == 1
    assert "broken.png: not an image format" in capsys.readouterr().err


def test_usage_errors_exit_with_code_2():
    with pytest.raises(SystemExit) as error:
        main(["train", "--hidden", "12,x"])
    assert error.value.code == 2


def test_a_hidden_width_of_zero_is_a_usage_error_that_names_it(capsys):
    with pytest.raises(SystemExit) as error:
        main(["train", "--hidden", "12,0"])
    assert error.value.code == 2
    assert "argument --hidden: each width must be a positive integer, got 0." in capsys.readouterr().err


def test_debug_shows_the_traceback():
    with pytest.raises(ValueError, match="neither a dataset name"):
        main(["--debug", "train", "--data", "imagenet"])


def test_python_dash_m_lucidnet_runs():
    result = subprocess.run([sys.executable, "-m", "lucidnet", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("lucidnet ")


def test_a_closed_output_pipe_ends_quietly(digits_model, capsys, monkeypatch):
    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["info", str(digits_model)]) == 1
    assert capsys.readouterr().err == ""
