"""A network drawn as the textbooks draw it: columns of neurons joined by their weights."""

from __future__ import annotations

import numpy as np

from ..validation import positive_int
from .canvas import finish, new_figure
from .images import first_kernel

#: Colours of a positive and a negative weight (red excites, blue inhibits, as in
#: first_layer_weights).
POSITIVE_COLOR, NEGATIVE_COLOR = "tab:red", "tab:blue"
#: The width in points of the line of the largest |w| of a layer; |w| = 0 draws nothing.
MAX_LINE_WIDTH = 3.0
#: Inches per neuron in a column (neurons are one data unit apart) and the least gap between
#: two columns, in data units: wider for taller columns, so the lines keep their slopes.
UNIT_HEIGHT, MIN_COLUMN_GAP = 0.32, 3.0
NEURON_RADIUS = 0.22


def network(model, max_units=12, path=None):
    """The model's layers as columns of neurons, each line a weight Wᵢⱼ from neuron i of one
    layer to neuron j of the next, coloured by its sign and as thick as its size.

    A Dense layer computes zⱼ = Σᵢ aᵢ Wᵢⱼ + bⱼ: the thick lines into neuron j are the inputs
    it listens to most, red ones pushing zⱼ up, blue ones down.  The line widths are scaled
    per layer, the largest |Wᵢⱼ| of the layer drawing `MAX_LINE_WIDTH` points, so that a
    layer of small weights stays visible beside one of large weights.  Each column is
    labelled with its layer's name, width and activation.  Layers without weights (Dropout,
    Activation) change no connection and are not drawn.

    Parameters
    ----------
    model : Model
        A built model whose weighted layers (Dense) form a chain, or a single Dense layer.
    max_units : int
        The most neurons drawn in one column; a wider layer shows its first ones and says
        how many it has (784 inputs would be a grey wall).
    path : str or Path, optional
        Where to save the figure as a PNG.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; each neuron is a `Circle` whose gid names its column, and each layer's
        weights are one `LineCollection` whose gid is the layer's name.

    Examples
    --------
    >>> from lucidnet import Dense, Input, Sequential, plot
    >>> model = Sequential([Input((3,)), Dense(4, activation="relu"), Dense(2)])
    >>> figure = plot.network(model)
    >>> len([patch for patch in figure.axes[0].patches if patch.get_gid() == "dense_1"])
    4
    """
    max_units = positive_int("network max_units", max_units)
    layers = _weighted_layers(model)
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Circle

    sizes = [first_kernel(layers[0]).shape[0]] + [first_kernel(layer).shape[1] for layer in layers]
    shown = [min(size, max_units) for size in sizes]
    names = ["input"] + [layer.name for layer in layers]
    tallest = max(shown)
    gap = max(MIN_COLUMN_GAP, 0.5 * tallest)
    width = gap * (len(sizes) - 1) + 3  # data units, with room for the labels at the sides
    figure = new_figure("network", max(UNIT_HEIGHT * width, 4.5), UNIT_HEIGHT * (tallest + 3.5) + 0.4)
    ax = figure.subplots()

    def heights(count):  # the neurons of a column, top first, one unit apart, centred on 0
        return (count - 1) / 2 - np.arange(count)

    for column, layer in enumerate(layers):
        W = first_kernel(layer)[:shown[column], :shown[column + 1]]
        limit = float(np.abs(W).max()) or 1.0
        i, j = np.meshgrid(np.arange(W.shape[0]), np.arange(W.shape[1]), indexing="ij")
        start = np.column_stack([np.full(W.size, gap * column), heights(W.shape[0])[i.ravel()]])
        end = np.column_stack([np.full(W.size, gap * (column + 1)), heights(W.shape[1])[j.ravel()]])
        weights = W.ravel()
        lines = LineCollection(np.stack([start, end], axis=1),
                               linewidths=MAX_LINE_WIDTH * np.abs(weights) / limit,
                               colors=np.where(weights >= 0, POSITIVE_COLOR, NEGATIVE_COLOR),
                               alpha=0.7, zorder=1)
        lines.set_gid(layer.name)
        ax.add_collection(lines)

    for column, (name, size, count) in enumerate(zip(names, sizes, shown)):
        for y in heights(count):
            ax.add_patch(Circle((gap * column, y), NEURON_RADIUS, facecolor="white", edgecolor="0.2",
                                linewidth=1.2, zorder=2, gid=name))
        plural = "" if size == 1 else "s"
        label = f"{name}\n{size} unit{plural}" if column else f"input\n{size} feature{plural}"
        activation = getattr(getattr(layers[column - 1], "activation", None), "name", None)
        if column and activation:
            label += f"\n{activation}"
        if count < size:
            label += f"\n(first {count} shown)"
        ax.text(gap * column, (tallest - 1) / 2 + 0.6, label, ha="center", va="bottom", fontsize="small")

    ax.set_xlim(-1.5, gap * (len(sizes) - 1) + 1.5)
    ax.set_ylim(-(tallest - 1) / 2 - 0.6, (tallest - 1) / 2 + 2.4)
    ax.set_aspect("equal")
    ax.axis("off")
    figure.suptitle("weights Wᵢⱼ: red > 0, blue < 0, width ∝ |Wᵢⱼ|", fontsize="medium")
    return finish(figure, path)


def _weighted_layers(model) -> list:
    """The layers with a kernel, in order, checked to form a chain (each one's inputs are
    the previous one's units)."""
    if hasattr(type(model), "kernel"):
        layers = [model]
    elif hasattr(model, "flat_layers"):
        layers = [layer for layer in model.flat_layers if hasattr(type(layer), "kernel")]
    else:
        raise TypeError(f"network expects a model or a Dense layer, got {type(model).__name__}.")
    if not layers:
        raise ValueError(f"{model.name!r} has no layer with weights (such as Dense) to draw.")
    for before, after in zip(layers, layers[1:]):
        units, inputs = first_kernel(before).shape[1], first_kernel(after).shape[0]
        if units != inputs:
            raise ValueError(
                f"network draws a chain of layers, but {after.name!r} takes {inputs} inputs "
                f"and the layer before it, {before.name!r}, has {units} units."
            )
    return layers
