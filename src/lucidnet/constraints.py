"""Weight constraints: projections applied to a parameter after every optimizer update.

A constraint c maps a parameter onto an allowed set, θ ← c(θ), right after the optimizer
has moved it, as Keras's `kernel_constraint` and `bias_constraint` do.  Unlike a
regularizer it adds nothing to the cost and nothing to ∂C/∂θ: the step is taken as usual,
then undone as far as it left the set.

The contract, for those who build on it:

- a constraint is called as `c(w)` and returns a new array of `w`'s shape and dtype;
  it never changes `w` itself (the layer writes the result back in place, so that the
  optimizer's slots, kept by the identity of the array, still belong to it);
- [`check_shape`][lucidnet.constraints.Constraint.check_shape] says, when a layer creates the weight, whether the
  constraint can apply to an array of that shape, so that a wrong `axis` is refused when
  the model is built rather than at the first step;
- a constraint's config is its constructor's arguments, so it is saved in a model file by
  its registered name and rebuilt from it.

The norms ‖w‖ are Euclidean, taken along `axis` with the other axes kept: with
`axis=0` on a Dense kernel of shape (inputs, units), one norm per unit, over the weights
coming into it.  ε, [`epsilon`][lucidnet.config.epsilon] (Keras's `backend.epsilon()`, 1e-7), is
placed as in Keras, so the numbers match Keras's.
"""

from __future__ import annotations

import numpy as np

from .config import epsilon
from .registry import Named, Registry, resolve, serialize  # noqa: F401 (serialize re-exported)
from .validation import axes_of, axis_or_axes, non_negative_number, number


class Constraint(Named):
    """The identity, c(w) = w: the base class of every constraint.

    Subclasses override `__call__` with their projection and, if it cannot apply to every
    shape, [`check_shape`][lucidnet.constraints.Constraint.check_shape].
    """

    def __call__(self, w):
        return w

    def check_shape(self, weight: str, shape: tuple) -> None:
        """Nothing if the constraint applies to an array of `shape`, else a `ValueError`
        naming `weight` (`"Dense(units=3) named 'dense' kernel"`)."""


CONSTRAINTS = Registry("constraint", Constraint)
register = CONSTRAINTS.register


class _NormConstraint(Constraint):
    """What the norm constraints share: `axis` and the norms ‖w‖ along it."""

    def __init__(self, axis=0):
        self.axis = axis_or_axes(f"{type(self).__name__} axis", axis)

    def norms(self, w):
        """‖w‖ = √(Σ w²) along `axis`, with the reduced axes kept (length 1) to broadcast."""
        axis = self.axis if isinstance(self.axis, int) else tuple(self.axis)
        # np.add.reduce is what np.sum calls, without its Python wrapper: the same numbers,
        # a few microseconds sooner on a small kernel, at every step.
        return np.sqrt(np.add.reduce(np.square(w), axis=axis, keepdims=True))

    def check_shape(self, weight, shape):
        ndim = len(shape)
        try:
            axes_of(weight, self.axis, ndim)
        except ValueError:
            raise ValueError(
                f"{weight} has shape {tuple(shape)}, so {self!r} cannot take norms along axis "
                f"{self.axis!r}: expected distinct axes in [{-ndim}, {ndim - 1}]."
            ) from None


@register("max_norm", "MaxNorm")
class MaxNorm(_NormConstraint):
    """w ← w · clip(‖w‖, 0, m) / (ε + ‖w‖): every norm along `axis` at most m.

    A slice longer than m is scaled back to length m; a shorter one is kept, but for the
    factor ‖w‖/(ε + ‖w‖), within ε/‖w‖ of 1, as in Keras.  Max-norm regularization
    (Srivastava et al., 2014, "Dropout: a simple way to prevent neural networks from
    overfitting", section 5.1) pairs it with dropout and large learning rates.

    Parameters
    ----------
    max_value : float
        m ≥ 0, the largest norm allowed.
    axis : int or list of int
        The axis (or axes) the norms are taken along; 0 gives one norm per unit of a Dense
        kernel.
    """

    def __init__(self, max_value=2, axis=0):
        super().__init__(axis)
        self.max_value = non_negative_number("MaxNorm max_value", max_value)

    def __call__(self, w):
        w = np.asarray(w)
        norms = self.norms(w)
        # clip(‖w‖, 0, m) = min(‖w‖, m), norms being >= 0; np.minimum is the cheaper call.
        return w * (np.minimum(norms, self.max_value) / (epsilon() + norms))


@register("non_neg", "NonNeg")
class NonNeg(Constraint):
    """w ← max(w, 0): every weight non-negative."""

    def __call__(self, w):
        return np.maximum(w, 0)


@register("unit_norm", "UnitNorm")
class UnitNorm(_NormConstraint):
    """w ← w / (ε + ‖w‖): every norm along `axis` equal to 1 (to within ε).

    Parameters
    ----------
    axis : int or list of int
        The axis (or axes) the norms are taken along; 0 gives one norm per unit of a Dense
        kernel.
    """

    def __call__(self, w):
        w = np.asarray(w)
        return w / (epsilon() + self.norms(w))


@register("min_max_norm", "MinMaxNorm")
class MinMaxNorm(_NormConstraint):
    """w ← w · (r · clip(‖w‖, a, b) + (1 − r) · ‖w‖) / (ε + ‖w‖): norms moved into [a, b].

    With r = 1 every norm along `axis` ends in [a, b]; with r < 1 each step moves it only
    the fraction r of the way there, so the weights approach the interval gradually.

    Parameters
    ----------
    min_value : float
        a ≥ 0, the smallest norm allowed.
    max_value : float
        b ≥ a, the largest norm allowed.
    rate : float
        r in [0, 1], how far towards [a, b] each projection goes (1: all the way).
    axis : int or list of int
        The axis (or axes) the norms are taken along; 0 gives one norm per unit of a Dense
        kernel.
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        super().__init__(axis)
        self.min_value = non_negative_number("MinMaxNorm min_value", min_value)
        self.max_value = number("MinMaxNorm max_value", max_value, at_least=self.min_value)
        self.rate = number("MinMaxNorm rate", rate, at_least=0, at_most=1)

    def __call__(self, w):
        w = np.asarray(w)
        norms = self.norms(w)
        desired = self.rate * np.clip(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (epsilon() + norms))


# Keras's lowercase names for the same classes.
max_norm = MaxNorm
non_neg = NonNeg
unit_norm = UnitNorm
min_max_norm = MinMaxNorm


def get(identifier, name: str | None = None) -> Constraint | None:
    """The constraint a name, instance, class or `{"class_name", "config"}` dict stands for;
    `None` for `None`.

    `name` (`"kernel_constraint"`) heads the message when `identifier` is refused,
    so that it names the argument it was given as (`lucidnet.registry.resolve`).

    Examples
    --------
    >>> get("max_norm")
    MaxNorm(max_value=2.0, axis=0)
    >>> get({"class_name": "MinMaxNorm", "config": {"max_value": 0.5}})
    MinMaxNorm(min_value=0.0, max_value=0.5, rate=1.0, axis=0)
    """
    if identifier is None:
        return None
    return CONSTRAINTS.get(identifier) if name is None else resolve(name, CONSTRAINTS.get, identifier)


def names() -> list[str]:
    return CONSTRAINTS.names()


__all__ = ["Constraint", "CONSTRAINTS", "register", "get", "names", "serialize", "MaxNorm",
           "NonNeg", "UnitNorm", "MinMaxNorm", "max_norm", "non_neg", "unit_norm", "min_max_norm"]
