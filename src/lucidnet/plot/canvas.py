"""Making and saving figures: matplotlib is imported here, and only when a plot is drawn.

Figures are built as `matplotlib.figure.Figure` objects rather than through
`matplotlib.pyplot`: they belong to no window and to no global list of open figures, so
the library never opens a window, never needs a display, and a loop that writes hundreds
of PNGs does not accumulate memory.  Saving a PNG always goes through matplotlib's Agg
renderer, which works on a machine without a screen.
"""

from __future__ import annotations

from pathlib import Path

from ..utils import model_plot

#: Pixels per inch of saved images: a figure of w × h inches becomes (100w) × (100h) pixels.
DPI = 100


def require_matplotlib(plot_name: str):
    """The `matplotlib` module, or an ImportError saying which plot needs it and how to get it."""
    return model_plot.require_matplotlib(f"lucidnet.plot.{plot_name}")


def new_figure(plot_name: str, width: float, height: float):
    """An empty Figure of `width` × `height` inches whose parts are laid out so that titles,
    tick labels and colorbars do not overlap (matplotlib's constrained layout)."""
    require_matplotlib(plot_name)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def finish(figure, path=None):
    """Save `figure` to `path` when one is given (PNG unless the suffix names another
    format matplotlib knows, such as `.svg` or `.pdf`), and return it."""
    if path is not None:
        figure.savefig(Path(path), dpi=DPI)
    return figure
