"""The chain rule as a chain of boxes, filled in with a live model's numbers."""

from __future__ import annotations

import numpy as np

from .canvas import finish, new_figure

#: The most values of a vector written out in a box; a longer one is given by its size.
MAX_SHOWN_VALUES = 4
BOX_WIDTH, ROW_HEIGHT = 2.1, 1.4  # inches per box and per row
FORWARD_COLOR, BACKWARD_COLOR = "#dbe9f6", "#fbe3d6"
LABEL_HEIGHT = 0.5  # the factors of the backward arrows sit between the two rows


def chain_rule(model, x, y, path=None):
    """One example's forward pass and backward pass as two rows of boxes, from the model.

    The top row is the forward pass, left to right: a⁰ = x, then for each layer l
    zˡ = aˡ⁻¹ Wˡ + bˡ and aˡ = σ(zˡ), then the cost C.  The bottom row is the backward pass,
    right to left, each box the derivative of C by the quantity above it, each arrow the
    factor the chain rule multiplies by on the way: ∂C/∂aᴸ = ∇ₐC, then δˡ = ∂C/∂zˡ =
    ∂C/∂aˡ ⊙ σ'(zˡ), then ∂C/∂aˡ⁻¹ = δˡ (Wˡ)ᵀ.  Under each δˡ the box gives the weight
    gradient it yields, ∂C/∂Wˡ = (aˡ⁻¹)ᵀ δˡ (BP4).  Every number is the one
    [`Model.trace`][lucidnet.models.Model.trace] records, so the figure is the model's own arithmetic.

    Parameters
    ----------
    model : Model
        A compiled model made of Dense layers only.
    x : array_like
        One example: shape (features,) or (1, features).
    y : array_like
        Its target, as `fit` takes it.
    path : str or Path, optional
        Where to save the figure as a PNG.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; the boxes are its texts, forward ones first.

    Raises
    ------
    ValueError
        If `x` holds more than one example, or a layer is not a Dense layer.

    Examples
    --------
    >>> from lucidnet import Dense, Input, Sequential, plot
    >>> model = Sequential([Input((2,)), Dense(3, activation="tanh"),
    ...                     Dense(1, activation="sigmoid")], seed=0)
    >>> model.compile(optimizer="sgd", loss="binary_crossentropy")
    >>> figure = plot.chain_rule(model, [0.0, 1.0], [1])
    >>> [text.get_text().split("\\n")[0] for text in figure.axes[0].texts][:3]
    ['a⁰ = x', 'z¹ = a⁰W¹ + b¹', 'a¹ = tanh(z¹)']
    """
    x = np.asarray(x, dtype=np.float64)
    x = x.reshape(1, -1) if x.ndim == 1 else x
    if len(x) != 1:
        raise ValueError(f"chain_rule draws one example; x has {len(x)} (shape {x.shape}).")
    y = np.asarray(y).reshape((1,) + np.shape(y)[1:] if np.ndim(y) > 1 else (1,))
    trace = model.trace(x, y)
    layers = trace.layers
    not_dense = [layer.name for layer in layers if layer.z is None]
    if not_dense:
        raise ValueError(f"chain_rule draws Dense layers only; {', '.join(not_dense)} is not one.")
    _, target, _ = model.prepare_data(x, y)
    kernels = [np.asarray(layer.kernel, dtype=np.float64) for layer in model.flat_layers]
    L = len(layers)

    # Columns: a⁰, then zˡ (column 2l − 1) and aˡ (column 2l) for each layer, then C.
    top = [f"a⁰ = x\n{_values(layers[0].input)}"]
    bottom = [None]
    for l, layer in enumerate(layers, start=1):
        top.append(f"z{_sup(l)} = a{_sup(l - 1)}W{_sup(l)} + b{_sup(l)}\n{_values(layer.z)}")
        top.append(f"a{_sup(l)} = {layer.activation}(z{_sup(l)})\n{_values(layer.a)}")
        weights = "" if layer.grad_W is None else f"\n∂C/∂W{_sup(l)} = (a{_sup(l - 1)})ᵀδ{_sup(l)}:\n{_values(layer.grad_W)}"
        bottom.append(f"δ{_sup(l)} = ∂C/∂z{_sup(l)}\n{_values(layer.delta)}{weights}")
        # ∂C/∂aˡ: from the next layer's δ through its weights, or the loss's own gradient.
        down = (layers[l].delta @ kernels[l].T if l < L
                else model.loss.gradient(target, np.asarray(layer.a)))
        bottom.append(f"∂C/∂a{_sup(l)}\n{_values(down)}")
    top.append(f"C = {trace.loss_name}\n{_values([trace.loss])}")
    bottom.append(None)

    columns = len(top)
    figure = new_figure("chain_rule", BOX_WIDTH * columns, 2 * ROW_HEIGHT + 0.4)
    ax = figure.subplots()
    ax.set_xlim(-0.55, columns - 0.45)
    ax.set_ylim(-0.75, 1.55)
    ax.axis("off")
    forward = [_box(ax, column, 1, text, FORWARD_COLOR) for column, text in enumerate(top)]
    backward = [None if text is None else _box(ax, column, 0, text, BACKWARD_COLOR)
                for column, text in enumerate(bottom)]
    figure.canvas.draw()  # the boxes' sizes, which the arrows start and end at
    for before, after in zip(forward, forward[1:]):
        _arrow(ax, before, after)
    ax.annotate("", xy=(1.0, 0.5), xycoords=backward[-2], xytext=(0.5, 0.0), textcoords=forward[-1],
                arrowprops={"arrowstyle": "->", "color": "0.3", "shrinkA": 4, "shrinkB": 4,
                            "connectionstyle": "angle,angleA=-90,angleB=0"})
    ax.text(columns - 1.08, LABEL_HEIGHT, "∇ₐC", ha="right", va="center", fontsize="small",
            color="0.2")
    for l in range(L, 0, -1):
        layer = layers[l - 1]
        through = f"⊙ σ'(z{_sup(l)})" if layer.elementwise else f"· ∂a{_sup(l)}/∂z{_sup(l)}"
        _arrow(ax, backward[2 * l], backward[2 * l - 1], through, LABEL_HEIGHT)
        if l > 1:
            _arrow(ax, backward[2 * l - 1], backward[2 * l - 2], f"· (W{_sup(l)})ᵀ", LABEL_HEIGHT)
    figure.suptitle("The forward pass (top) and the chain rule backward (bottom), for one example",
                    fontsize="medium")
    return finish(figure, path)


def _sup(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _values(array) -> str:
    values = np.asarray(array, dtype=np.float64).ravel()
    if values.size > MAX_SHOWN_VALUES:
        return f"({values.size} values)"
    return "[" + ", ".join(f"{value:.3g}" for value in values) + "]"


def _box(ax, x, y, text, color):
    return ax.text(x, y, text, ha="center", va="center", fontsize="small",
                   bbox={"boxstyle": "round,pad=0.4", "facecolor": color, "edgecolor": "0.4"})


def _arrow(ax, source, target, label="", label_y=None):
    """An arrow from the edge of box `source` to the edge of box `target` (Text
    artists), with `label` centred between them at height `label_y`."""
    rightwards = source.get_position()[0] < target.get_position()[0]
    ax.annotate("", xy=(0.0 if rightwards else 1.0, 0.5), xycoords=target,
                xytext=(1.0 if rightwards else 0.0, 0.5), textcoords=source,
                arrowprops={"arrowstyle": "->", "color": "0.3", "shrinkA": 4, "shrinkB": 4})
    if label:
        middle = (source.get_position()[0] + target.get_position()[0]) / 2
        ax.text(middle, label_y, label, ha="center", va="center", fontsize="small", color="0.2")
