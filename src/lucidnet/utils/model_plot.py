"""`plot_model`: a model's layers drawn as a chain of boxes, as `keras.utils.plot_model`
draws them, with matplotlib (the `[plot]` extra) instead of pydot and Graphviz.

A Sequential model is a chain, so the layout needs no graph engine: one box per layer, the
input first, in a column (`rankdir="TB"` or `"BT"`) or a row (`"LR"`, `"RL"`), each
box joined to the next by an arrow.  The file's format is its extension (png, svg, pdf or
any other matplotlib writes); text in an SVG stays text, so the layer names can be searched.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import NotReadyError
from ..validation import boolean, choice, positive_int

INSTALL_HINT = 'pip install "lucidnet[plot]"'
RANKDIRS = ("TB", "BT", "LR", "RL")
#: Inches: a box's width, the height of one line of text in it, and the gap between boxes.
BOX_WIDTH, LINE_HEIGHT, GAP = 3.4, 0.2, 0.35


def require_matplotlib(what: str):
    """The `matplotlib` module, or an ImportError saying what needs it and how to get it."""
    try:
        import matplotlib
    except ImportError as error:
        raise ImportError(
            f"{what} needs matplotlib, which is not installed: {INSTALL_HINT}") from error
    return matplotlib


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False,
               show_layer_names=False, rankdir="TB", expand_nested=False, dpi=200,
               show_layer_activations=False, show_trainable=False, splines="ortho", **kwargs):
    """Draw `model`'s layers into `to_file` and return what Keras returns: an
    `IPython.display.Image` of the file when IPython is installed (`IPython.display.SVG`
    for an SVG; none for a PDF), else None.

    Each box names the layer's class, with its name when `show_layer_names` (Keras 3's
    default is False), and adds its input and output shapes (`show_shapes`), dtype
    (`show_dtype`), activation (`show_layer_activations`) and whether it is trainable
    (`show_trainable`).  `rankdir` lays the chain top to bottom (`"TB"`), bottom to
    top, left to right or right to left; `dpi` sets the resolution of a bitmap.  A
    Sequential model nests no models and its arrows are straight, so `expand_nested` and
    `splines` (Graphviz's edge routing) change nothing here; they are checked and kept for
    Keras's calls.
    """
    if kwargs:
        raise TypeError(f"plot_model got unexpected arguments {sorted(kwargs)}.")
    flags = {name: boolean(f"plot_model {name}", value) for name, value in (
        ("show_shapes", show_shapes), ("show_dtype", show_dtype),
        ("show_layer_names", show_layer_names), ("expand_nested", expand_nested),
        ("show_layer_activations", show_layer_activations), ("show_trainable", show_trainable))}
    rankdir = choice("plot_model rankdir", rankdir, RANKDIRS)
    dpi = positive_int("plot_model dpi", dpi)
    choice("plot_model splines", splines, ("ortho", "polyline", "line", "spline", "curved",
                                           "true", "false", "none"))
    if not hasattr(model, "layers") or not hasattr(model, "built"):
        raise TypeError(f"plot_model model must be a lucidnet model, got {type(model).__name__}.")
    if not model.built:
        raise NotReadyError(
            f"Model {model.name!r} has not yet been built, so its layers have no shapes to "
            f"draw. Give it an input shape (Input(shape)) or call build() first.")
    matplotlib = require_matplotlib("plot_model")
    to_file = Path(os.fspath(to_file))
    extension = to_file.suffix[1:].lower() or "png"
    boxes = [_box_lines(None, model, flags)] + [_box_lines(layer, model, flags)
                                                 for layer in model.layers]
    figure = _draw(boxes, rankdir)
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(to_file, format=extension, dpi=dpi)
    if extension == "pdf":
        return None
    try:
        from IPython import display
    except ImportError:
        return None
    # IPython's Image cannot hold an SVG (Keras's call raises there); its SVG can.
    shown = display.SVG if extension == "svg" else display.Image
    return shown(filename=os.fspath(to_file))


def _box_lines(layer, model, flags) -> list[str]:
    """The lines of text of one box: the title, then the details asked for."""
    if layer is None:  # Keras draws the input as a layer of its own
        name, kind, shapes = "input_layer", "InputLayer", (model.input_shape, model.input_shape)
        activation, trainable = None, None
    else:
        name, kind = layer.name, type(layer).__name__
        shapes = (layer.input_shape, layer.output_shape)
        activation = getattr(layer, "activation", None)
        trainable = layer.trainable
    lines = [f"{name} ({kind})" if flags["show_layer_names"] else kind]
    if flags["show_shapes"]:
        lines += [f"Input shape: {shapes[0]}", f"Output shape: {shapes[1]}"]
    if flags["show_dtype"]:
        lines.append(f"Output dtype: {model.dtype}")
    if flags["show_layer_activations"] and activation is not None:
        lines.append(f"Activation: {getattr(activation, 'name', activation)}")
    if flags["show_trainable"] and trainable is not None:
        lines.append(f"Trainable: {trainable}")
    return lines


def _draw(boxes, rankdir):
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    heights = [LINE_HEIGHT * len(lines) + 0.2 for lines in boxes]
    vertical = rankdir in ("TB", "BT")
    if vertical:
        width, height = BOX_WIDTH + 0.4, sum(heights) + GAP * (len(boxes) - 1) + 0.4
    else:
        width, height = (BOX_WIDTH + GAP) * len(boxes) + 0.4 - GAP, max(heights) + 0.4
    figure = Figure(figsize=(width, height))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(0, height)
    axes.set_axis_off()
    order = boxes if rankdir in ("TB", "LR") else boxes[::-1]
    box_heights = heights if rankdir in ("TB", "LR") else heights[::-1]
    frames, top, left = [], height - 0.2, 0.2
    for lines, box_height in zip(order, box_heights):
        if vertical:
            x, y = 0.2, top - box_height
            top = y - GAP
        else:
            x, y = left, (height - box_height) / 2
            left += BOX_WIDTH + GAP
        axes.add_patch(FancyBboxPatch((x, y), BOX_WIDTH, box_height, boxstyle="round,pad=0.02",
                                      facecolor="#eef3fb", edgecolor="#33507a", linewidth=1))
        axes.text(x + BOX_WIDTH / 2, y + box_height / 2, "\n".join(lines), ha="center",
                  va="center", fontsize=8, linespacing=1.5, family="DejaVu Sans")
        frames.append((x, y, box_height))
    forward = rankdir in ("TB", "LR")
    for (x0, y0, h0), (x1, y1, h1) in zip(frames, frames[1:]):
        if vertical:
            start, end = (x0 + BOX_WIDTH / 2, y0), (x1 + BOX_WIDTH / 2, y1 + h1)
        else:
            start, end = (x0 + BOX_WIDTH, y0 + h0 / 2), (x1, y1 + h1 / 2)
        if not forward:  # the data flows from the later box back to the earlier one
            start, end = end, start
        axes.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10,
                                       color="#33507a", shrinkA=0, shrinkB=0))
    return figure
