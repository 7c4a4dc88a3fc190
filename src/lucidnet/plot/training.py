"""Plots of how training went: learning curves, the confusion matrix of a classifier, and
the predictions of a regression against the true values."""

from __future__ import annotations

import warnings

import numpy as np

from ..metrics import METRICS
from ..evaluation import class_names, confusion_matrix_counts
from .canvas import finish, new_figure

PANEL_WIDTH, PANEL_HEIGHT = 4.2, 3.2
MAX_PANEL_COLUMNS = 3
TRAIN_COLOR, VALIDATION_COLOR, BEST_COLOR = "tab:blue", "tab:orange", "tab:green"
#: Above this many classes the numbers no longer fit in the cells and only colours are shown.
MAX_ANNOTATED_CLASSES = 30


def learning_curves(history, path=None, best="auto"):
    """One panel per metric, training against validation, epoch by epoch; returns the Figure.

    A widening gap between the training and the validation curve is overfitting; both
    curves staying high is underfitting.

    Parameters
    ----------
    history : History or dict of str to list of float
        The [`History`][lucidnet.callbacks.History] that `fit` returns, or a dict of
        lists such as `history.history`.  Each key `name` is drawn with its `val_name`
        twin in the same panel; `learning_rate` gets a panel only when it changed.
    path : str or Path or None
        Where to save the figure as a PNG (optional).
    best : str, optional
        The logged key whose best epoch is marked with a vertical line in every panel.
        `"auto"` marks `val_loss` when it was logged, else `loss`; `None` marks
        nothing.  Lower is better unless the name is accuracy-like (as in EarlyStopping).
    """
    epochs, series = _history_series(history)
    panels = _panels(series)
    best_key = _best_key(best, series)

    columns = min(len(panels), MAX_PANEL_COLUMNS)
    rows = -(-len(panels) // columns)
    figure = new_figure("learning_curves", PANEL_WIDTH * columns, PANEL_HEIGHT * rows)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    best_epoch = _best_epoch(best_key, epochs, series) if best_key else None
    marker = "o" if len(epochs) <= 40 else None

    for ax, (name, val_name) in zip(axes, panels):
        # The learning rate holds for a whole epoch, so it is drawn as steps.
        ax.plot(epochs, series[name], color=TRAIN_COLOR, marker=marker, markersize=3,
                label="training" if val_name else name,
                drawstyle="steps-post" if name == "learning_rate" else "default")
        if val_name:
            ax.plot(epochs, series[val_name], color=VALIDATION_COLOR, marker=marker,
                    markersize=3, label="validation")
        if best_epoch is not None:
            ax.axvline(best_epoch, color=BEST_COLOR, linestyle=":", linewidth=1.5)
        starred = best_epoch is not None and best_key in (name, val_name)
        if starred:
            value = series[best_key][epochs == best_epoch][0]
            ax.plot([best_epoch], [value], marker="*", markersize=13, color=BEST_COLOR,
                    linestyle="none", label=f"best {best_key}: {value:.4g} (epoch {best_epoch})")
        if name == "learning_rate":
            ax.set_yscale("log")
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(True, alpha=0.3)
        if val_name or starred:  # a lone curve is named by the panel's title
            ax.legend(fontsize="small")
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    return finish(figure, path)


def _history_series(history):
    """(epoch numbers counted from 1, {key: float array}) from a History or a dict of lists."""
    if hasattr(history, "history") and isinstance(history.history, dict):
        logs, epochs = history.history, list(getattr(history, "epoch", []))
    elif isinstance(history, dict):
        logs, epochs = history, []
    else:
        raise TypeError(
            f"learning_curves expects a History (what fit returns) or a dict of lists, got "
            f"{type(history).__name__}."
        )
    series = {key: np.asarray(values, dtype=np.float64).reshape(-1) for key, values in logs.items()}
    if not series or not any(len(values) for values in series.values()):
        raise ValueError(
            "learning_curves got an empty history: train for at least one epoch first."
        )
    n_epochs = len(epochs) or max(len(values) for values in series.values())
    # History counts epochs from 0, as fit does; the plot counts from 1, as the progress bar does.
    epochs = np.asarray(epochs, dtype=np.int64) + 1 if epochs else np.arange(1, n_epochs + 1)
    aligned = {}
    for key, values in series.items():
        if len(values) == n_epochs:
            aligned[key] = values
        else:
            warnings.warn(
                f"learning_curves leaves out {key!r}: it has {len(values)} values for "
                f"{n_epochs} epochs (validation_freq > 1 logs validation on some epochs only, "
                f"and the history does not say which).",
                RuntimeWarning,
                stacklevel=3,
            )
    if not aligned:
        raise ValueError(
            f"learning_curves found no series with one value per epoch in {sorted(series)}."
        )
    return epochs, aligned


def _panels(series) -> list[tuple[str, str | None]]:
    """(name, its val_ twin or None) for each panel, in the order the keys were logged."""
    panels = []
    for key in series:
        if key.startswith("val_") and key.removeprefix("val_") in series:
            continue  # drawn in its training twin's panel
        if key == "learning_rate" and np.ptp(series[key]) == 0:
            continue  # a constant learning rate says nothing a panel should show
        val_key = f"val_{key}"
        panels.append((key, val_key if val_key in series else None))
    return panels


def _best_key(best, series) -> str | None:
    if best is None:
        return None
    if best == "auto":
        return next((key for key in ("val_loss", "loss") if key in series), None)
    if best not in series:
        raise ValueError(
            f"learning_curves cannot mark the best epoch of {best!r}: the history has "
            f"{', '.join(sorted(series))}. Pass best=None to mark nothing."
        )
    return best


def _best_epoch(key: str, epochs: np.ndarray, series) -> int | None:
    """The first epoch with the best value of `key`, min or max as EarlyStopping would judge."""
    values = series[key]
    if np.isnan(values).all():
        return None
    index = np.nanargmax(values) if _larger_is_better(key) else np.nanargmin(values)
    return int(epochs[index])


def _larger_is_better(key: str) -> bool:
    """True for a key whose metric declares ``direction = "up"`` (accuracy, AUC, F1), as
    EarlyStopping's ``mode="auto"`` reads it; losses, errors and unknown names are minimised."""
    name = key.removeprefix("val_")
    if name.lower() in ("acc", "accuracy"):
        return True
    try:
        return METRICS.lookup(name).direction == "up"
    except ValueError:
        return False


def confusion_matrix(y_true, y_pred, labels=None, path=None):
    """The confusion matrix as a grid of counts, true class down, predicted class across.

    The diagonal holds the correct predictions; every other cell counts one kind of mistake
    (row "4", column "9": fours taken for nines).  `y_true` and `y_pred` may be labels,
    one-hot rows or a model's probabilities; `labels` names the classes.  Returns the
    Figure; the counts themselves come from
    `lucidnet.evaluation.confusion_matrix_counts`.
    """
    counts = confusion_matrix_counts(y_true, y_pred, None if labels is None else len(labels))
    n_classes = len(counts)
    names = class_names(labels, n_classes)
    correct, total = int(np.trace(counts)), int(counts.sum())

    side = max(4.5, 0.45 * n_classes + 2.5)
    figure = new_figure("confusion_matrix", side + 0.8, side)
    ax = figure.subplots()
    image = ax.imshow(counts, cmap="Blues", vmin=0)
    figure.colorbar(image, ax=ax, label="examples", shrink=0.8)
    if n_classes <= MAX_ANNOTATED_CLASSES:
        # Light text on dark cells keeps every count readable; zeros are greyed so that the
        # mistakes, the few non-zero cells off the diagonal, stand out.
        threshold = counts.max() / 2
        for (i, j), count in np.ndenumerate(counts):
            color = "white" if count > threshold else "black" if count else "0.7"
            ax.text(j, i, str(count), ha="center", va="center", fontsize="small", color=color)
    ticks = np.arange(n_classes)
    ax.set_xticks(ticks, names, rotation=90 if max(map(len, names)) > 3 else 0)
    ax.set_yticks(ticks, names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    accuracy = correct / total if total else 0.0
    ax.set_title(f"Confusion matrix: {correct} of {total} correct ({accuracy:.1%})")
    return finish(figure, path)


def predicted_vs_true(y_true, y_pred, path=None, baseline=None):
    """A regression's predictions ŷ against the true values y, one point per example.

    A perfect model puts every point on the diagonal ŷ = y; the vertical distance of a
    point from it is that example's error, and the title gives the mean squared error
    MSE = (1/N) Σₙ (ŷₙ − yₙ)².  `baseline` (optional), a constant prediction such as the
    training targets' mean, is drawn as a horizontal line with its own MSE: the score of a
    model that ignores its inputs, which a useful one must beat.  Several targets (shape
    (N, k)) share one panel, one colour each.  Returns the Figure.
    """
    true = np.asarray(y_true, dtype=np.float64)
    predicted = np.asarray(y_pred, dtype=np.float64)
    true = true.reshape(len(true), -1)
    predicted = predicted.reshape(len(predicted), -1)
    if true.shape != predicted.shape:
        raise ValueError(
            f"predicted_vs_true needs one prediction per true value: y_true has shape "
            f"{true.shape}, y_pred {predicted.shape}."
        )
    if not len(true):
        raise ValueError("predicted_vs_true got no examples.")
    mse = float(np.mean((predicted - true) ** 2))

    figure = new_figure("predicted_vs_true", 4.8, 4.5)
    ax = figure.subplots()
    for k in range(true.shape[1]):
        ax.scatter(true[:, k], predicted[:, k], s=12, alpha=0.6, color=f"C{k}",
                   label=f"target {k}" if true.shape[1] > 1 else None)
    low = float(min(true.min(), predicted.min()))
    high = float(max(true.max(), predicted.max()))
    ax.plot([low, high], [low, high], color="0.3", linestyle="--", linewidth=1, label="ŷ = y")
    if baseline is not None:
        constant = float(baseline)
        baseline_mse = float(np.mean((constant - true) ** 2))
        ax.axhline(constant, color=BEST_COLOR, linestyle=":", linewidth=1.5,
                   label=f"constant {constant:.4g}: MSE {baseline_mse:.4g}")
    ax.set_xlabel("true value y")
    ax.set_ylabel("predicted value ŷ")
    ax.set_title(f"Predicted against true: MSE {mse:.4g} on {len(true)} examples")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    return finish(figure, path)
