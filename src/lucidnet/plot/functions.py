"""Plots of functions: the activations σ with their derivatives σ', and the function a 2-D
classifier has learned, drawn over the plane as its decision boundary."""

from __future__ import annotations

import numpy as np

from .. import activations
from ..evaluation import class_labels, class_names
from ..validation import positive_int, same_length
from .canvas import finish, new_figure

Z_RANGE = (-5.0, 5.0)
PANEL_WIDTH, PANEL_HEIGHT = 2.9, 2.4
PANEL_COLUMNS = 4
#: The order of activation_functions' panels: from the perceptron's step to the modern units.
CLASSIC_ORDER = ("step", "linear", "sigmoid", "tanh", "hard_sigmoid", "relu", "leaky_relu", "elu",
                 "selu", "softplus", "gelu", "swish", "softsign", "softmax")
#: Colours of classes 0..9 in decision_boundary; more classes reuse a 20-colour cycle.
CLASS_COLORMAP, MANY_CLASSES_COLORMAP = "tab10", "tab20"


def activation_functions(names=None, path=None):
    """Each activation σ(z) (solid) with its derivative σ'(z) (dashed), for z in [−5, 5].

    `names` lists activation names or objects; by default every registered activation
    is drawn once (aliases are skipped).  σ' comes from the activation's own
    `derivative(z, a)`, so the figure shows exactly what backpropagation multiplies by.
    Softmax maps a vector to a vector, so it has no single curve: its panel shows the
    two-class slice a₁ = softmax([z, 0])₁, which equals the logistic sigmoid, with the
    Jacobian's diagonal entry ∂a₁/∂z₁ = a₁(1 − a₁).  Returns the Figure.
    """
    if names is None:
        names = default_activation_names()
    elif isinstance(names, str):
        names = [names]
    functions = [activations.get(name) for name in names]
    if not functions:
        raise ValueError("activation_functions needs at least one activation name.")

    columns = min(len(functions), PANEL_COLUMNS)
    rows = -(-len(functions) // columns)
    figure = new_figure("activation_functions", PANEL_WIDTH * columns,
                        PANEL_HEIGHT * rows + 0.4)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    z = np.linspace(*Z_RANGE, 501)
    for ax, function in zip(axes, functions):
        a, slope, title = _curve_and_slope(function, z)
        ax.axhline(0, color="0.75", linewidth=0.8)
        ax.axvline(0, color="0.75", linewidth=0.8)
        ax.plot(z, a, color="tab:blue", label="σ(z)")
        ax.plot(z, slope, color="tab:red", linestyle="--", label="σ'(z)")
        ax.set_title(title, fontsize="medium")
        ax.set_xlim(*Z_RANGE)
        ax.grid(True, alpha=0.3)
    axes[0].legend(fontsize="small", loc="upper left")
    for ax in axes[len(functions):]:
        ax.set_visible(False)
    figure.suptitle("Activation functions σ(z) and their derivatives σ'(z)")
    return finish(figure, path)


def default_activation_names() -> list[str]:
    """Every registered activation once, by its canonical name: the classic ones first, in
    the order a course meets them, then any others alphabetically."""
    registered = [
        name for name, cls in activations.ACTIVATIONS.items() if name == cls.registry_name
    ]
    classic = [name for name in CLASSIC_ORDER if name in registered]
    return classic + [name for name in registered if name not in classic]


def _curve_and_slope(function, z):
    """(σ(z), σ'(z), panel title) for an elementwise activation or the softmax slice."""
    if function.elementwise:
        a = function.forward(z)
        return a, function.derivative(z, a), function.name
    pairs = np.stack([z, np.zeros_like(z)], axis=-1)
    a = function.forward(pairs)[:, 0]
    slope = function.jacobian(pairs)[:, 0, 0]
    return a, slope, f"{function.name}([z, 0])₁"


def decision_boundary(model, x, y, path=None, resolution=200, labels=None):
    """The regions of the plane a classifier of 2-D inputs assigns to each class, with the
    data drawn on top; returns the Figure.

    `model` is a trained model (its `predict` is called) or any function mapping points
    of shape (n, 2) to outputs.  A sigmoid output of one unit is drawn as the probability
    of class 1, shaded, with the boundary p = 0.5 as a black line; a softmax output as one
    colour per predicted class.  `y` holds the true classes (labels or one-hot rows),
    `resolution` the number of grid points along each axis, `labels` the class names.
    """
    resolution = positive_int("resolution", resolution)
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(
            f"decision_boundary draws classifiers of 2 input features; x has shape {x.shape}."
        )
    same_length("x", x, "y", y)
    true = class_labels(y, "y")

    xx, yy = _plane(x, resolution)
    outputs = _predict(model, np.column_stack([xx.ravel(), yy.ravel()]))
    binary = outputs.shape[1] == 1
    n_classes = max(2 if binary else outputs.shape[1], int(true.max()) + 1 if len(true) else 0)
    names = class_names(labels, n_classes)
    colors = _class_colors(n_classes)

    figure = new_figure("decision_boundary", 6.2 if binary else 5.6, 4.8)
    ax = figure.subplots()
    extent = (xx.min(), xx.max(), yy.min(), yy.max())
    if binary:
        probability = outputs.reshape(xx.shape)
        shading = ax.contourf(xx, yy, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                              alpha=0.45)
        ax.contour(xx, yy, probability, levels=[0.5], colors="black", linewidths=1.5)
        figure.colorbar(shading, ax=ax, label=f"P(class {names[1]})")
    else:
        from matplotlib.colors import ListedColormap

        ax.imshow(class_labels(outputs).reshape(xx.shape), origin="lower", extent=extent,
                  aspect="auto", cmap=ListedColormap(colors), vmin=-0.5, vmax=n_classes - 0.5,
                  alpha=0.3, interpolation="nearest")
    for k in range(n_classes):
        members = true == k
        if members.any():
            ax.scatter(x[members, 0], x[members, 1], s=22, color=colors[k], edgecolors="black",
                       linewidths=0.6, label=names[k])
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.legend(title="true class", fontsize="small", loc="best")
    accuracy = float(np.mean(class_labels(_predict(model, x)) == true))
    ax.set_title(f"Decision boundary ({accuracy:.1%} of these points correct)")
    return finish(figure, path)


def _plane(x, resolution):
    """Grid coordinates covering the data with a 10% margin on every side."""
    low, high = x.min(axis=0), x.max(axis=0)
    margin = np.where(high > low, 0.1 * (high - low), 0.5)
    axes = [np.linspace(low[i] - margin[i], high[i] + margin[i], resolution) for i in range(2)]
    return np.meshgrid(*axes)


def _predict(model, points) -> np.ndarray:
    if hasattr(model, "predict"):
        outputs = model.predict(points, verbose=0)
    elif callable(model):
        outputs = model(points)
    else:
        raise TypeError(
            f"decision_boundary needs a model with predict() or a function of points, got "
            f"{type(model).__name__}."
        )
    # A function may return (n,) probabilities; one row per point keeps every case 2-D.
    return np.asarray(outputs, dtype=np.float64).reshape(len(points), -1)


def _class_colors(n_classes: int) -> list:
    from matplotlib import colormaps

    colormap = colormaps[CLASS_COLORMAP if n_classes <= 10 else MANY_CLASSES_COLORMAP]
    if n_classes == 2:
        # The ends of the probability shading, so each class sits on its own colour.
        colormap = colormaps["RdBu_r"]
        return [colormap(0.1), colormap(0.9)]
    return [colormap(k % colormap.N) for k in range(n_classes)]
