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
    assert error.startswith(f"lucidnet {argv[0]}: error: ") and message in error
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


# -- bad inputs: one line on stderr naming the file and the fault, never a traceback ----------
def run_failing(argv, capsys):
    """(exit status, the one line on stderr) of a command that fails; asserts there is one line."""
    try:
        status = main(argv)
    except SystemExit as stop:  # argparse's usage errors
        status = stop.code
    error = capsys.readouterr().err
    assert "Traceback" not in error
    assert len(error.splitlines()) == 1, error
    return status, error.strip()


def npy_header_only(path, shape, descr="<f8"):
    """A .npy file whose header promises ``shape`` but that holds no data: tiny on disk."""
    with open(path, "wb") as file:
        np.lib.format.write_array_header_1_0(file, {"descr": descr, "fortran_order": False, "shape": shape})


def png_header_only(path, width, height):
    """A PNG whose header says ``width`` x ``height`` grey pixels, with almost no image data."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b""))


BAD_ARRAYS = {
    "complex.npy": (np.zeros((2, 8, 8), complex), "holds complex128 values; expected numbers"),
    "dates.npy": (np.zeros((2, 8, 8), "datetime64[s]"), "holds datetime64[s] values"),
    "text.npy": (np.full((2, 8, 8), "a"), "holds <U1 values"),
    "objects.npy": (np.array([None, 1], dtype=object), "holds object values"),
    "scalar.npy": (np.float64(3.0), "must have a batch axis, got a scalar"),
    "empty.npy": (np.zeros((0, 8, 8)), "holds no examples (shape (0, 8, 8))"),
    "nan.npy": (np.full((2, 8, 8), np.nan), "contains 128 NaN or infinite value(s)"),
    "wrong_shape.npy": (np.zeros((2, 5)), "The model reads 8x8 images (64 pixels), got examples of shape (5,)"),
}


@pytest.mark.parametrize("name", BAD_ARRAYS)
def test_predict_refuses_an_array_that_is_not_plain_examples_in_one_line(name, digits_model, capsys, tmp_path):
    array, fault = BAD_ARRAYS[name]
    np.save(tmp_path / name, array, allow_pickle=array.dtype == object)
    status, line = run_failing(["predict", str(digits_model), name], capsys)
    assert status == 1
    assert line.startswith(f"lucidnet predict: error: {name}") and fault in line


def test_predict_refuses_a_huge_npy_from_its_header_before_allocating(digits_model, capsys, tmp_path):
    npy_header_only(tmp_path / "huge.npy", (10**6, 10**6))  # 8 TB promised, a few bytes on disk
    status, line = run_failing(["predict", str(digits_model), "huge.npy"], capsys)
    assert status == 1
    assert "huge.npy: the array of shape (1000000, 1000000) and dtype float64 would take " \
           "8,000,000,000,000 bytes, more than the limit of 1,073,741,824 bytes." in line


def test_predict_refuses_a_truncated_npy(digits_model, capsys, tmp_path):
    np.save(tmp_path / "whole.npy", np.zeros((2, 8, 8)))
    (tmp_path / "cut.npy").write_bytes((tmp_path / "whole.npy").read_bytes()[:200])
    status, line = run_failing(["predict", str(digits_model), "cut.npy"], capsys)
    assert status == 1 and "cut.npy: not a complete NumPy array file" in line


@pytest.mark.parametrize("width, height, fault", [
    (100_000, 100_000, "refused as a possible decompression bomb"),  # beyond Pillow's own limit
    (5_000, 5_000, "an image of 5000x5000 pixels is larger than the limit of 16,777,216 pixels"),
    (8, 8, "a damaged image"),  # a valid header, then too little data
])
def test_predict_refuses_a_huge_or_damaged_png_before_decoding(width, height, fault, digits_model, capsys, tmp_path):
    pytest.importorskip("PIL")
    png_header_only(tmp_path / "page.png", width, height)
    status, line = run_failing(["predict", str(digits_model), "page.png"], capsys)
    assert status == 1 and f"page.png: {fault}" in line


@pytest.mark.parametrize("argv, fault", [
    (["predict", "{model}", "missing.npy"], "missing.npy: no such file."),
    (["predict", "{model}", "folder"], "folder: is a directory, not a file."),
    (["predict", "missing.lucid", "x.npy"], "missing.lucid: no such file."),
    (["predict", "folder", "x.npy"], "folder: is a directory, not a file."),
    (["info", "folder"], "folder: is a directory, not a file."),
    (["evaluate", "not-a-model.lucid", "--data", "digits"], "Cannot load 'not-a-model.lucid'"),
    (["predict", "not-a-model.lucid", "x.npy"], "Cannot load 'not-a-model.lucid'"),
    (["predict", "{model}", "x.txt"], "x.txt: predict reads .npy arrays, .csv tables and image files"),
    (["predict", "plain.lucid", "x.npy"], "plain.lucid: this model file does not say how its inputs"),
    (["evaluate", "plain.lucid", "--data", "digits"], "plain.lucid: this model file does not say how"),
    (["evaluate", "{model}", "--data", "t.csv"], "{model} was trained on digits, not on a table such as t.csv"),
])
def test_missing_files_directories_and_non_models_are_one_line(argv, fault, digits_model, capsys, tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "x.txt").write_text("1 2 3")
    (tmp_path / "not-a-model.lucid").write_bytes(b"hello, not a model")
    ln.Sequential([ln.Input((64,)), ln.Dense(10)]).save(tmp_path / "plain.lucid")  # no metadata
    write_table(tmp_path / "t.csv", [[1, 2]], ["a", "b"])
    status, line = run_failing([arg.format(model=digits_model) for arg in argv], capsys)
    assert status == 1
    assert line.startswith(f"lucidnet {argv[0]}: error: ") and fault.format(model=digits_model) in line


@pytest.mark.parametrize("top_k, fault", [
    ("0", "argument --top-k: the number of classes must be a positive integer, got 0."),
    ("-1", "argument --top-k: the number of classes must be a positive integer, got -1."),
    ("x", "argument --top-k: --top-k takes a number of classes, got 'x'"),
    ("11", "argument --top-k: {model} has 10 classes, so --top-k can be at most 10, got 11."),
])
def test_a_bad_top_k_is_a_one_line_usage_error(top_k, fault, digits_model, capsys, tmp_path):
    _, (x, _) = digits.load_data()
    np.save(tmp_path / "three.npy", x[:3])
    status, line = run_failing(["predict", str(digits_model), "three.npy", "--top-k", top_k], capsys)
    assert status == 2
    assert line == f"lucidnet predict: error: {fault.format(model=digits_model)}"


def test_an_argparse_usage_error_is_one_line_too(capsys):
    status, line = run_failing(["train", "--hidden", "12,0"], capsys)
    assert status == 2
    assert line == "lucidnet train: error: argument --hidden: each width must be a positive integer, got 0."


def test_text_in_a_feature_column_names_the_file_the_column_and_the_line(capsys, tmp_path):
    write_table(tmp_path / "t.csv", [[1, "x", 0], [2, 3, 1]], ["a", "b", "label"])
    status, line = run_failing(["train", "--data", "t.csv", "--target", "label"], capsys)
    assert status == 1
    assert "t.csv has non-numeric values in feature column(s) 'b' ('x' on line 2)" in line


def test_predict_names_the_csv_with_text_in_a_feature_column(capsys, tmp_path, rng):
    x = rng.normal(size=(60, 2))
    write_table(tmp_path / "t.csv", [[a, b, int(a > 0)] for a, b in x], ["a", "b", "label"])
    assert main(["train", "--data", "t.csv", "--target", "label", "--quiet", "--epochs", "2"]) == 0
    capsys.readouterr()
    write_table(tmp_path / "new.csv", [[1.0, "oops"]], ["a", "b"])
    status, line = run_failing(["predict", "t.lucid", "new.csv"], capsys)
    assert status == 1 and "new.csv has non-numeric values in feature column(s) 'b'" in line


def test_a_npz_table_with_complex_features_is_refused_before_loading(capsys, tmp_path):
    np.savez(tmp_path / "t.npz", x=np.zeros((3, 2), complex), y=np.zeros(3))
    status, line = run_failing(["train", "--data", "t.npz", "--target", "y"], capsys)
    assert status == 1 and "t.npz: array 'x' holds complex128 values" in line


def test_a_npz_table_with_a_huge_array_is_refused_from_its_header(capsys, tmp_path):
    import zipfile

    np.savez(tmp_path / "t.npz", x=np.zeros((3, 2)), y=np.zeros(3))
    npy_header_only(tmp_path / "w.npy", (10**6, 10**6))  # a decompression bomb in miniature
    with zipfile.ZipFile(tmp_path / "t.npz", "a") as archive:
        archive.write(tmp_path / "w.npy", "w.npy")
    status, line = run_failing(["train", "--data", "t.npz", "--target", "y"], capsys)
    assert status == 1
    assert "t.npz: array 'w' of shape (1000000, 1000000) and dtype float64 would take" in line


def test_missing_mnist_offline_is_one_line_with_the_details_under_debug(capsys, tmp_path, monkeypatch):
    from lucidnet.datasets import files

    def no_network(urls, destination, *args, **kwargs):
        raise ln.errors.DownloadError(f"Could not download {destination.name}: no network")

    monkeypatch.setattr(files, "download", no_network)
    (tmp_path / "empty").mkdir()
    argv = ["train", "--data", "mnist", "--data-dir", "empty"]
    status, line = run_failing(argv, capsys)
    assert status == 1
    assert line == ("lucidnet train: error: --data mnist: the files are not in empty and could not be "
                    "downloaded; put them in a folder named by --data-dir (--debug lists them and the folders).")
    with pytest.raises(ln.datasets.DatasetNotFoundError) as error:
        main(["--debug", *argv])
    assert "train-images-idx3-ubyte.gz" in str(error.value.__cause__)


def test_distributed_outside_an_mpi_job_is_one_line_saying_how_to_launch(capsys, monkeypatch):
    from lucidnet.cli import train

    def not_launched():
        raise ln.errors.LaunchError("started on its own.\nStart one process per rank ...")

    monkeypatch.setattr(train, "current_world", not_launched)
    status, line = run_failing(["train", "--distributed", "--quiet"], capsys)
    assert status == 1
    assert line.startswith("lucidnet train: error: --distributed: this process was not started by an "
                           "MPI launcher; start one per rank with mpirun -n 2 lucidnet train --distributed")


def test_a_bug_keeps_its_traceback(monkeypatch):
    from lucidnet.cli import use

    def broken(args):
        raise KeyError("a bug, not bad input")

    monkeypatch.setattr(use, "info", broken)
    with pytest.raises(KeyError):
        main(["info", "anything.lucid"])


def test_the_installed_command_prints_one_line_and_no_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "lucidnet", "info", "missing.lucid"],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert result.stderr == "lucidnet info: error: missing.lucid: no such file.\n"


def test_help_documents_the_one_line_errors_and_the_limits(capsys):
    with pytest.raises(SystemExit):
        main(["predict", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--debug (before or after the command) shows the traceback" in text
    assert "1,073,741,824 bytes" in text and "16,777,216 pixels" in text


# -- first contact: what a newcomer types ------------------------------------------------------

def test_debug_after_the_command_shows_the_traceback_too():
    with pytest.raises(ValueError, match="neither a dataset name"):
        main(["train", "--data", "imagenet", "--debug"])


def test_a_misspelt_dataset_name_gets_a_did_you_mean(capsys):
    status, line = run_failing(["train", "--data", "mnits"], capsys)
    assert status == 1 and line.endswith("Did you mean 'mnist'?")


@pytest.mark.parametrize("argv", [["train", "--epoch", "3"], ["--deb", "info", "x.lucid"],
                                  ["predict", "m.lucid", "x.npy", "--top", "2"]])
def test_abbreviated_options_are_refused_and_nothing_is_written(argv, capsys, tmp_path):
    status, line = run_failing(argv, capsys)
    assert status == 2 and "unrecognized arguments" in line
    assert not (tmp_path / "digits.lucid").exists()


def test_every_parser_refuses_abbreviations():
    from lucidnet.cli import build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions if action.choices and action.dest == "command")
    assert not parser.allow_abbrev
    assert all(not command.allow_abbrev for command in commands.choices.values())


def test_a_model_file_honours_the_umask(tmp_path):
    import os

    previous = os.umask(0o022)
    try:
        assert main(["train", "--quiet", "--epochs", "1", "--out", str(tmp_path / "m.lucid")]) == 0
    finally:
        os.umask(previous)
    assert (tmp_path / "m.lucid").stat().st_mode & 0o777 == 0o644


def test_predict_takes_a_flat_array_of_examples(digits_model, capsys, tmp_path):
    _, (x, y) = digits.load_data()
    np.save(tmp_path / "flat.npy", x[:3].reshape(3, 64))
    assert main(["predict", str(digits_model), str(tmp_path / "flat.npy"), "--top-k", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(": ")[1].split(" ")[0] for line in lines] == [str(label) for label in y[:3]]


def test_predict_reads_pixels_already_scaled_to_0_1_in_the_model_s_range(digits_model, capsys, tmp_path):
    _, (x, y) = digits.load_data()
    np.save(tmp_path / "raw.npy", x[:20])
    np.save(tmp_path / "scaled.npy", x[:20] / 16.0)
    assert main(["predict", str(digits_model), str(tmp_path / "raw.npy")]) == 0
    raw = capsys.readouterr().out
    assert main(["predict", str(digits_model), str(tmp_path / "scaled.npy")]) == 0
    captured = capsys.readouterr()
    assert captured.out == raw
    assert "holds pixels in [0, 1]; the model was trained on 0..16" in captured.err


def test_predict_warns_of_pixels_beyond_the_model_s_range(digits_model, capsys, tmp_path):
    _, (x, _) = digits.load_data()
    pixels = x[:2].astype(float) * 255 / 16
    pixels[0, 0, 0] = 255
    np.save(tmp_path / "bytes.npy", pixels)
    assert main(["predict", str(digits_model), str(tmp_path / "bytes.npy")]) == 0
    assert "holds pixels up to 255, but the model was trained on 0..16" in capsys.readouterr().err


def test_predict_takes_rows_of_the_dataset_with_their_true_labels(digits_model, capsys):
    _, (_, y) = digits.load_data()
    assert main(["predict", str(digits_model), "--data", "digits", "--rows", "2:5", "--top-k", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["2", "3", "4"]
    assert [line.rsplit("(true: ", 1)[1].rstrip(")") for line in lines] == [str(label) for label in y[2:5]]
    assert main(["predict", str(digits_model)]) == 0  # the recorded dataset, rows 0:5
    assert len(capsys.readouterr().out.strip().splitlines()) == 5


def test_predict_refuses_an_input_file_and_rows_together(digits_model, capsys, tmp_path):
    np.save(tmp_path / "x.npy", np.zeros((1, 64)))
    status, line = run_failing(["predict", str(digits_model), "x.npy", "--rows", "0:2"], capsys)
    assert status == 2 and "give either an input file (x.npy) or --data with --rows" in line


def test_evaluate_without_data_uses_the_dataset_the_model_records(digits_model, capsys):
    assert main(["evaluate", str(digits_model)]) == 0
    assert "on 360 examples (the test set of digits)" in capsys.readouterr().out


def test_evaluate_on_the_training_table_scores_only_the_held_out_rows(capsys, tmp_path, rng):
    x = rng.normal(size=(200, 2))
    names = np.where(x[:, 0] > 0, "yes", "no")
    write_table(tmp_path / "table.csv", [[a, b, n] for (a, b), n in zip(x, names)], ["a", "b", "answer"])
    assert main(["train", "--data", "table.csv", "--target", "answer", "--quiet", "--epochs", "5"]) == 0
    capsys.readouterr()
    assert main(["evaluate", "table.lucid"]) == 0  # --data: the table recorded in the file
    captured = capsys.readouterr()
    assert "on 40 held-out examples" in captured.out and captured.err == ""
    write_table(tmp_path / "other.csv", [[a, b, n] for (a, b), n in zip(x[:50], names[:50])],
                ["a", "b", "answer"])
    assert main(["evaluate", "table.lucid", "--data", "other.csv"]) == 0
    captured = capsys.readouterr()
    assert "on 50 rows (all of the table)" in captured.out
    assert "this is NOT a held-out score" in captured.err


def test_a_regression_run_reports_the_mean_baseline_and_plots_predicted_against_true(capsys, tmp_path, rng):
    pytest.importorskip("matplotlib")
    x = rng.normal(size=(100, 2))
    write_table(tmp_path / "reg.csv", np.column_stack([x, x[:, 0] - x[:, 1]]).tolist(), ["a", "b", "y"])
    assert main(["train", "--data", "reg.csv", "--target", "y", "--quiet", "--epochs", "3",
                 "--plots", "plots"]) == 0
    output = capsys.readouterr().out
    assert re.search(r"\(predicting the training mean: mse [0-9.]+\)", output)
    assert (tmp_path / "plots" / "predicted_vs_true.png").exists()


def test_tensorboard_from_the_command_line_writes_histograms(capsys, tmp_path):
    pytest.importorskip("tensorboardX")
    accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
    assert main(["train", "--quiet", "--epochs", "2", "--tensorboard", "runs"]) == 0
    run = accumulator.EventAccumulator(str(tmp_path / "runs" / "train"), size_guidance={"histograms": 0})
    run.Reload()
    assert "dense_1/kernel" in run.Tags()["histograms"]


@pytest.mark.parametrize("extra, best", [([], None), (["--early-stopping", "2"], "val_loss")])
def test_the_best_epoch_is_marked_only_when_early_stopping_kept_its_weights(extra, best, monkeypatch):
    pytest.importorskip("matplotlib")
    import lucidnet.plot

    asked = {}
    monkeypatch.setattr(lucidnet.plot, "save_training_plots",
                        lambda *args, **kwargs: asked.update(kwargs) or [])
    assert main(["train", "--quiet", "--epochs", "3", "--plots", "plots", *extra]) == 0
    assert asked["best"] == best
