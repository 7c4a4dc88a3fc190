"""Gradient descent watched: an optimizer's real steps drawn on a loss of one or two parameters."""

from __future__ import annotations

import numpy as np

from .. import optimizers
from ..validation import positive_int
from .canvas import finish, new_figure

PANEL_WIDTH, PANEL_HEIGHT = 4.4, 3.6
PATH_COLOR, START_COLOR, LOSS_COLOR = "tab:red", "black", "tab:blue"
#: The grid of a two-parameter loss's contours, per side.
CONTOUR_POINTS = 120
#: The central difference's step, for losses given without their gradient.
FINITE_DIFFERENCE_STEP = 1e-6


def gradient_descent(loss, start, gradient=None, optimizer="sgd", learning_rate=0.1, steps=20,
                     bounds=None, path=None):
    """The steps a lucidnet optimizer takes on `loss`, drawn over the loss itself.

    Each step is the optimizer's own update, applied in place as in training (for plain
    SGD, θ ← θ − η ∇C(θ)), so the picture shows what `fit` would do on this loss: a small
    η creeping down the slope, a large one overshooting the minimum and zig-zagging, one
    too large climbing out.  A loss of one parameter is drawn as the curve C(w) with the
    steps as points on it; a loss of two as contour lines of C(w₁, w₂) with the path of
    steps across them.

    Parameters
    ----------
    loss : callable
        C(θ) for a float64 array θ of shape (1,) or (2,), returning a number.
    start : float or sequence of float
        The first θ: one number, or two.
    gradient : callable, optional
        ∇C(θ), an array of θ's shape; by default the central difference
        (C(θ + hεᵢ) − C(θ − hεᵢ)) / 2h with h = `FINITE_DIFFERENCE_STEP`.
    optimizer : str or Optimizer
        A registered name (`"sgd"`, `"adam"`, ...) or an optimizer object, copied
        from its config for each panel so that every run starts from fresh state.
    learning_rate : float or sequence of float
        η; several draw one panel each, side by side, for comparison.  `None` keeps the
        optimizer's own.
    steps : int
        How many updates to take.
    bounds : tuple, optional
        `(low, high)` of the parameter for one parameter, `((low₁, high₁), (low₂,
        high₂))` for two; by default the span of every panel's steps with a margin.
    path : str or Path, optional
        Where to save the figure as a PNG.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per learning rate; the steps are the line whose gid is `"steps"`.

    Raises
    ------
    ValueError
        If `start` has neither one nor two values, or `loss` is not a number at it.

    Examples
    --------
    >>> from lucidnet import plot
    >>> figure = plot.gradient_descent(lambda w: (w[0] - 2) ** 2, start=4.0, steps=3,
    ...                                learning_rate=[0.1, 0.9])
    >>> [line.get_xdata().round(3).tolist() for ax in figure.axes for line in ax.lines
    ...  if line.get_gid() == "steps"]
    [[4.0, 3.6, 3.28, 3.024], [4.0, 0.4, 3.28, 0.976]]
    """
    theta0 = np.atleast_1d(np.asarray(start, dtype=np.float64)).ravel()
    if theta0.size not in (1, 2):
        raise ValueError(f"gradient_descent draws a loss of one or two parameters; start has "
                         f"{theta0.size} values: {theta0.tolist()}.")
    steps = positive_int("gradient_descent steps", steps)
    rates = [learning_rate] if learning_rate is None or np.isscalar(learning_rate) else list(learning_rate)
    if not rates:
        raise ValueError("gradient_descent needs at least one learning_rate.")
    if not np.isfinite(_value(loss, theta0)):
        raise ValueError(f"gradient_descent: loss is not a finite number at start {theta0.tolist()}.")
    gradient = gradient or (lambda theta: _central_difference(loss, theta))
    runs = [_descend(loss, gradient, theta0, _fresh(optimizer, rate), steps) for rate in rates]

    figure = new_figure("gradient_descent", PANEL_WIDTH * len(runs), PANEL_HEIGHT)
    axes = figure.subplots(1, len(runs), squeeze=False).ravel()
    limits = _bounds(bounds, runs, theta0.size)
    for ax, (name, rate, trail) in zip(axes, runs):
        if theta0.size == 1:
            _draw_curve(ax, loss, trail, limits[0])
        else:
            _draw_contours(ax, loss, trail, limits)
        shown_rate = f"η = {rate:g}" if rate is not None else "its default η"
        ax.set_title(f"{name}, {shown_rate}: {len(trail) - 1} steps", fontsize="medium")
        ax.grid(True, alpha=0.3)
    return finish(figure, path)


def _value(loss, theta) -> float:
    return float(np.asarray(loss(np.array(theta, dtype=np.float64)), dtype=np.float64))


def _central_difference(loss, theta) -> np.ndarray:
    grad = np.empty_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = FINITE_DIFFERENCE_STEP
        grad[i] = (_value(loss, theta + step) - _value(loss, theta - step)) / (2 * FINITE_DIFFERENCE_STEP)
    return grad


def _fresh(optimizer, learning_rate):
    """A new optimizer: by name, or a copy of the one given, with `learning_rate` set."""
    if isinstance(optimizer, optimizers.Optimizer):
        fresh = type(optimizer).from_config(optimizer.get_config())
    else:
        fresh = optimizers.get(optimizer)
    if learning_rate is not None:
        fresh.learning_rate = learning_rate
    return fresh


def _descend(loss, gradient, theta0, optimizer, steps):
    """(the optimizer's name, η, the array of θ₀ … θ_steps); a run that leaves the numbers
    (overflows) stops at its last finite θ."""
    theta = theta0.copy()
    trail = [theta.copy()]
    rate = optimizer.learning_rate
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run ends below, quietly
        _take_steps(loss, gradient, theta, optimizer, steps, trail)
    return type(optimizer).__name__, rate, np.array(trail)


def _take_steps(loss, gradient, theta, optimizer, steps, trail):
    for _ in range(steps):
        grad = np.asarray(gradient(theta.copy()), dtype=np.float64).reshape(theta.shape)
        if not np.all(np.isfinite(grad)):
            break
        optimizer.apply([theta], [grad])
        if not np.all(np.isfinite(theta)) or not np.isfinite(_value(loss, theta)):
            break
        trail.append(theta.copy())


def _bounds(bounds, runs, n_parameters):
    """((low, high),) per parameter: as given, or the steps' span with a margin of a fifth."""
    if bounds is not None:
        limits = np.asarray(bounds, dtype=np.float64).reshape(n_parameters, 2)
        if np.any(limits[:, 0] >= limits[:, 1]):
            raise ValueError(f"gradient_descent bounds must be (low, high) with low < high, got {bounds!r}.")
        return limits
    every = np.concatenate([trail for _, _, trail in runs])
    low, high = every.min(axis=0), every.max(axis=0)
    margin = np.maximum((high - low) / 5, 0.5)
    return np.column_stack([low - margin, high + margin])


def _draw_curve(ax, loss, trail, limits):
    w = np.linspace(*limits, 400)
    ax.plot(w, [_value(loss, [value]) for value in w], color=LOSS_COLOR, linewidth=1.5, label="C(w)")
    values = [_value(loss, theta) for theta in trail]
    ax.plot(trail[:, 0], values, color=PATH_COLOR, marker="o", markersize=4, linewidth=1,
            gid="steps", label="steps")
    ax.plot(trail[0, 0], values[0], marker="o", markersize=7, color=START_COLOR, linestyle="none",
            label="start")
    ax.set_xlabel("w")
    ax.set_ylabel("C(w)")
    ax.legend(fontsize="small")


def _draw_contours(ax, loss, trail, limits):
    w1 = np.linspace(*limits[0], CONTOUR_POINTS)
    w2 = np.linspace(*limits[1], CONTOUR_POINTS)
    grid = np.array([[_value(loss, [a, b]) for a in w1] for b in w2])
    # Contours at quantiles of the grid's values space out a valley's steep walls.
    levels = np.unique(np.quantile(grid[np.isfinite(grid)], np.linspace(0.02, 0.98, 10)))
    ax.contour(w1, w2, grid, levels=levels, cmap="Blues_r", linewidths=0.8)
    ax.plot(trail[:, 0], trail[:, 1], color=PATH_COLOR, marker="o", markersize=3, linewidth=1,
            gid="steps", label="steps")
    ax.plot(trail[0, 0], trail[0, 1], marker="o", markersize=7, color=START_COLOR, linestyle="none",
            label="start")
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    ax.legend(fontsize="small", loc="upper right")
