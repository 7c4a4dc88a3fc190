"""Plots that show vectors as pictures: misclassified inputs and first-layer weights."""

from __future__ import annotations

import math

import numpy as np

from ..evaluation import class_labels, class_names
from ..validation import as_shape, positive_int, same_length
from .canvas import finish, new_figure

CELL_WIDTH, CELL_HEIGHT = 1.25, 1.45
TITLE_HEIGHT = 0.5
#: Inches per character of a cell's title (matplotlib's "small" font, DejaVu Sans), with
#: room to spare: a cell as wide as its longest title line keeps titles from overlapping.
TITLE_CHARACTER_WIDTH = 0.072
COLORBAR_WIDTH = 0.9


def infer_image_shape(n_features: int, image_shape=None) -> tuple[int, ...]:
    """`image_shape` if given (checked against `n_features`), else the square side × side
    when `n_features` is a perfect square: 784 → (28, 28), 64 → (8, 8)."""
    if image_shape is not None:
        image_shape = as_shape("image_shape", image_shape)
        if math.prod(image_shape) != n_features:
            raise ValueError(
                f"image_shape {image_shape} holds {math.prod(image_shape)} pixels but each "
                f"example has {n_features} features."
            )
        return image_shape
    side = math.isqrt(n_features)
    if side * side != n_features:
        raise ValueError(
            f"Cannot show {n_features} features as a square image; pass image_shape, e.g. "
            f"image_shape=(height, width) with height × width = {n_features}."
        )
    return (side, side)


def looks_like_images(x, image_shape=None) -> bool:
    """True when `x` can be drawn as pictures: image_shape is given, the examples are 2-D
    or 3-D arrays already, or each has a square number of features of at least 4 × 4."""
    x = np.asarray(x)
    if image_shape is not None or x.ndim >= 3:
        return True
    n_features = x.shape[-1] if x.ndim == 2 else 0
    return n_features >= 16 and math.isqrt(n_features) ** 2 == n_features


def as_images(x, image_shape=None) -> np.ndarray:
    """`x` as a stack of images (N, height, width) or (N, height, width, channels)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim >= 3 and image_shape is None:
        return x
    if x.ndim < 2:
        raise ValueError(f"x must have one row per example, got shape {x.shape}.")
    flat = x.reshape(len(x), -1)
    return flat.reshape((len(x),) + infer_image_shape(flat.shape[1], image_shape))


def _grid(count: int) -> tuple[int, int]:
    """(rows, columns) for `count` cells: nearly square, and wider rather than leave
    holes when a width up to twice the square's divides `count` (32 → 4 × 8, not 6 × 6)."""
    side = max(1, math.ceil(math.sqrt(count)))
    columns = next((c for c in range(side, 2 * side + 1) if count % c == 0), side)
    return math.ceil(count / columns), columns


def _draw_grid(figure, images, titles, **imshow_options):
    """Draw `images` in a grid of small axes without ticks; returns the last AxesImage."""
    rows, columns = _grid(len(images))
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    drawn = None
    for ax, image, title in zip(axes, images, titles):
        drawn = ax.imshow(image, interpolation="nearest", **imshow_options)
        ax.set_title(title, fontsize="small")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[len(images):]:
        ax.set_visible(False)
    return drawn, axes


def misclassified(x, y_true, y_pred, image_shape=None, labels=None, max_images=25, path=None):
    """A grid of the inputs the model got wrong, each titled with its true and predicted class.

    `x` holds the inputs, flat (N, features) or as images; `y_true` and `y_pred` are
    labels, one-hot rows or probabilities (with probabilities, the predicted class's
    probability is shown too).  `image_shape` defaults to a square; `labels` names the
    classes; at most `max_images` are drawn, in the order of `x`.  Returns the Figure.
    """
    max_images = positive_int("max_images", max_images)
    same_length("x", x, "y_true", y_true)
    same_length("x", x, "y_pred", y_pred)
    images = as_images(x, image_shape)
    true, predicted = class_labels(y_true, "y_true"), class_labels(y_pred, "y_pred")
    scores = np.asarray(y_pred, dtype=np.float64)
    highest = int(max(true.max(), predicted.max())) if len(true) else -1
    names = class_names(labels, highest + 1 if labels is None else len(labels))
    if highest >= len(names):
        raise ValueError(f"labels names {len(names)} classes but the data has class {highest}.")
    wrong = np.flatnonzero(true != predicted)
    shown = wrong[:max_images]

    def title(index):
        guess = names[predicted[index]]
        if scores.ndim == 2 and scores.shape[1] > 1:
            guess += f" ({scores[index, predicted[index]]:.0%})"
        return f"true {names[true[index]]}\npredicted {guess}"

    if len(shown) == 0:
        figure = new_figure("misclassified", 4.0, 1.5)
        figure.text(0.5, 0.5, f"All {len(x)} examples are classified correctly.",
                    ha="center", va="center")
        return finish(figure, path)
    titles = [title(i) for i in shown]
    # Long class names ("predicted Ankle boot (97%)") widen every cell rather than overlap.
    longest = max(len(line) for text in titles for line in text.splitlines())
    cell_width = max(CELL_WIDTH, TITLE_CHARACTER_WIDTH * longest + 0.15)
    rows, columns = _grid(len(shown))
    figure = new_figure("misclassified", max(cell_width * columns, 3.5),
                        CELL_HEIGHT * rows + TITLE_HEIGHT + (cell_width - CELL_WIDTH) * rows)
    # One grey scale for all cells, so equal ink looks equal in every picture.
    _draw_grid(figure, images[shown], titles, cmap="gray_r", vmin=images.min(), vmax=images.max())
    figure.suptitle(f"{len(wrong)} of {len(x)} misclassified"
                    + (f" (the first {len(shown)} shown)" if len(shown) < len(wrong) else ""))
    return finish(figure, path)


def first_layer_weights(model_or_kernel, image_shape=None, max_units=64, path=None):
    """Each hidden unit's incoming weights drawn as a picture of the input.

    Unit j of the first Dense layer computes zⱼ = Σᵢ Wᵢⱼ xᵢ + bⱼ, so column j of W has one
    weight per input pixel.  Drawn in the image's shape (784 → 28 × 28), it shows which
    pixels push the unit up (red) and which push it down (blue): the pattern that unit
    has learned to detect.

    `model_or_kernel` is a Sequential model, a Dense layer or a kernel array of shape
    (inputs, units); `image_shape` defaults to a square; `max_units` caps how many units
    are drawn.  All pictures share one colour scale, symmetric about 0.  Returns the Figure.
    """
    max_units = positive_int("max_units", max_units)
    W = first_kernel(model_or_kernel)
    n_inputs, n_units = W.shape
    shown = min(n_units, max_units)
    shape = infer_image_shape(n_inputs, image_shape)
    pictures = W[:, :shown].T.reshape((shown,) + shape)
    limit = float(np.abs(pictures).max()) or 1.0

    rows, columns = _grid(shown)
    figure = new_figure("first_layer_weights", max(CELL_WIDTH * columns, 3.5) + COLORBAR_WIDTH,
                        1.2 * CELL_WIDTH * rows + TITLE_HEIGHT)
    image, axes = _draw_grid(figure, pictures, [f"unit {j}" for j in range(shown)],
                             cmap="RdBu_r", vmin=-limit, vmax=limit)
    figure.colorbar(image, ax=axes, label="weight Wᵢⱼ", shrink=0.6)
    figure.suptitle(f"First-layer weights: {n_inputs} inputs → {n_units} units"
                    + (f" (the first {shown} shown)" if shown < n_units else ""))
    return finish(figure, path)


def first_kernel(model_or_kernel) -> np.ndarray:
    """W of shape (inputs, units): the array itself, a layer's kernel, or the kernel of a
    model's first layer that has one."""
    if isinstance(model_or_kernel, np.ndarray):
        kernel = model_or_kernel
    elif hasattr(model_or_kernel, "flat_layers"):
        layers = [layer for layer in model_or_kernel.flat_layers if hasattr(type(layer), "kernel")]
        if not layers:
            raise ValueError(f"{model_or_kernel!r} has no layer with a kernel (such as Dense).")
        kernel = _kernel_of(layers[0])
    elif hasattr(type(model_or_kernel), "kernel"):
        kernel = _kernel_of(model_or_kernel)
    else:
        kernel = np.asarray(model_or_kernel)
    if kernel.ndim != 2:
        raise ValueError(f"A kernel must be 2-D (inputs, units), got shape {kernel.shape}.")
    return np.asarray(kernel, dtype=np.float64)


def _kernel_of(layer) -> np.ndarray:
    if not getattr(layer, "built", True):
        raise ValueError(
            f"Layer {layer.name!r} has no weights yet; build the model (give it an Input) or "
            f"train it first."
        )
    return layer.kernel
