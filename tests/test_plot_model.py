"""plot_model: the layer chain drawn with matplotlib into png, svg or pdf files."""

import sys
import types

import numpy as np
import pytest

import lucidnet as ln
from lucidnet.utils import plot_model

pytest.importorskip("matplotlib")


def model():
    return ln.Sequential([ln.Input((4,)), ln.Dense(3, activation="relu"), ln.Dropout(0.1),
                          ln.Dense(2, activation="softmax")])


def test_an_svg_holds_the_layer_names_shapes_and_activations_as_text(tmp_path):
    plot_model(model(), tmp_path / "m.svg", show_shapes=True, show_layer_names=True,
               show_layer_activations=True, show_trainable=True, show_dtype=True)
    text = (tmp_path / "m.svg").read_text()
    assert text.startswith("<?xml") and "<svg" in text
    for shown in ("input_layer (InputLayer)", "dense_1 (Dense)", "dropout_1 (Dropout)",
                  "dense_2 (Dense)", "Output shape: (None, 2)", "Input shape: (None, 4)",
                  "Activation: relu", "Activation: softmax", "Trainable: True",
                  "Output dtype: float32"):
        assert shown in text, shown


def test_by_default_a_box_shows_the_class_only_as_keras_3_does(tmp_path):
    plot_model(model(), tmp_path / "m.svg")
    text = (tmp_path / "m.svg").read_text()
    assert ">Dense<" in text and "dense_1" not in text and "Output shape" not in text


def test_a_png_is_a_valid_image_whose_size_follows_dpi_and_rankdir(tmp_path):
    from matplotlib.image import imread

    plot_model(model(), tmp_path / "tall.png", show_shapes=True, dpi=50)
    plot_model(model(), tmp_path / "sharp.png", show_shapes=True, dpi=100)
    plot_model(model(), tmp_path / "wide.png", show_shapes=True, dpi=50, rankdir="LR")
    assert (tmp_path / "tall.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    tall, sharp, wide = (imread(tmp_path / f"{name}.png") for name in ("tall", "sharp", "wide"))
    assert tall.shape[0] > tall.shape[1] and wide.shape[1] > wide.shape[0]
    assert sharp.shape[0] == pytest.approx(2 * tall.shape[0], abs=2)
    assert np.ptp(tall[..., :3]) > 0.5  # boxes and text, not a blank page


def test_a_pdf_is_written_and_nothing_is_returned(tmp_path):
    assert plot_model(model(), tmp_path / "m.pdf") is None
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")


def test_it_returns_an_ipython_image_when_ipython_is_there(tmp_path, monkeypatch):
    display = types.SimpleNamespace(Image=lambda filename: ("Image", filename),
                                    SVG=lambda filename: ("SVG", filename))
    ipython = types.ModuleType("IPython")
    ipython.display = display
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    assert plot_model(model(), tmp_path / "m.png") == ("Image", str(tmp_path / "m.png"))
    assert plot_model(model(), tmp_path / "m.svg") == ("SVG", str(tmp_path / "m.svg"))
    monkeypatch.setitem(sys.modules, "IPython", None)  # not installed
    assert plot_model(model(), tmp_path / "m.png") is None


def test_an_unbuilt_model_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ln.NotReadyError, match="has not yet been built"):
        plot_model(ln.Sequential([ln.Dense(2)]), tmp_path / "m.png")
    assert not (tmp_path / "m.png").exists()


@pytest.mark.parametrize("arguments, error, message", [
    ({"rankdir": "UP"}, ValueError, "plot_model rankdir must be one of 'TB', 'BT', 'LR' or 'RL'"),
    ({"dpi": 0}, ValueError, "plot_model dpi must be a positive integer, got 0"),
    ({"show_shapes": "yes"}, ValueError, "plot_model show_shapes must be True or False"),
    ({"colour": "red"}, TypeError, r"unexpected arguments \['colour'\]"),
])
def test_bad_arguments_are_refused_naming_them(tmp_path, arguments, error, message):
    with pytest.raises(error, match=message):
        plot_model(model(), tmp_path / "m.png", **arguments)


def test_without_matplotlib_the_error_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r'plot_model needs matplotlib.*pip install "lucidnet\[plot\]"'):
        plot_model(model(), tmp_path / "m.png")
