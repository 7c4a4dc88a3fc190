"""The contract every activation follows, and the registry that finds them by name.

An activation is a small class with

- `forward(z)`: a = σ(z), applied elementwise (softmax and log-softmax: along an axis);
- `derivative(z, a)`: σ'(z), elementwise, given z and the already computed a;
- `backward(z, a, grad)`: ∂C/∂z from ∂C/∂a.  For elementwise functions this is the
  `⊙ σ'(z)` factor of backpropagation's BP1 and BP2: ∂C/∂z = ∂C/∂a ⊙ σ'(z).

[AxisActivation][lucidnet.activations.AxisActivation] is the base of those that act along an
axis, whose σ' is a Jacobian.  A new activation is registered with `@register("name")` and
is then looked up, tested and serialized like the built-in ones.
"""

from __future__ import annotations

import numpy as np

from ..config import floatx
from ..registry import Named, Registry
from ..validation import axes_of, axis_or_axes, float_values


class Activation(Named):
    """Base class: subclasses implement `forward` and `derivative` (or `backward`)."""

    #: True when σ acts on each element alone, so that σ'(z) is a plain array.
    elementwise = True
    #: True when σ(z) itself grows past the largest float for large finite z (e^z does, above
    #: z ≈ 88.7 in float32): no stable form can avoid that, the value is +inf.
    overflows = False

    def __call__(self, z):
        return self.forward(float_values(f"{self.name} input", z, floatx()))

    def forward(self, z):
        raise NotImplementedError

    def derivative(self, z, a):
        """σ'(z); `a` is σ(z), passed in because many derivatives are cheapest from it."""
        raise NotImplementedError

    def backward(self, z, a, grad):
        """∂C/∂z = ∂C/∂a ⊙ σ'(z)  (the Hadamard factor of BP1 and BP2)."""
        return grad * self.derivative(z, a)

    def check_input_shape(self, shape, where: str) -> None:
        """Raise a `ValueError` naming `where` (a layer) if σ cannot take inputs of
        `shape`; every shape suits an elementwise σ."""

    def explain(self, z, show: bool = False) -> str:
        """The formula, then σ(z) and σ'(z) at each given point: a study aid.

        >>> from lucidnet.activations import get
        >>> print(get("sigmoid").explain([0.0, 2.0]))
        sigmoid: σ(z) = c / (1 + e^{−βz});  σ'(z) = β σ(z) (1 − σ(z)/c).
          z = 0: σ(z) = 0.5, σ'(z) = 0.25
          z = 2: σ(z) = 0.880797, σ'(z) = 0.104994
        """
        z = np.atleast_1d(np.asarray(z, dtype=np.float64))
        a = self.forward(z)
        formula = (type(self).__doc__ or "").strip().splitlines()[0]
        lines = [f"{self.name}: {formula}"]
        if self.elementwise:
            derivative = self.derivative(z, a)
            lines += [f"  z = {zi:g}: σ(z) = {ai:g}, σ'(z) = {di:g}"
                      for zi, ai, di in zip(z.ravel(), a.ravel(), derivative.ravel())]
        else:
            lines.append(f"  z = {np.array2string(z, precision=4)}: σ(z) = "
                         f"{np.array2string(a, precision=4)}")
            lines.append(f"  Jacobian ∂aᵢ/∂zⱼ =\n{np.array2string(self.jacobian(z), precision=4)}")
        text = "\n".join(lines)
        if show:
            print(text)
        return text


ACTIVATIONS = Registry("activation", Activation)
register = ACTIVATIONS.register


class AxisActivation(Activation):
    """Base of the activations that normalize along `axis` (softmax and log-softmax):
    each output depends on every input along that axis, so σ' is a Jacobian, not an
    elementwise factor.  `axis` is an integer or a tuple of integers (the axes together)."""

    elementwise = False

    def __init__(self, axis: int | tuple[int, ...] = -1):
        self.axis = axis_or_axes(f"{type(self).__name__} axis", axis)

    def check_input_shape(self, shape, where: str) -> None:
        axes_of(f"The axis of {where}", self.axis, len(shape))

    def derivative(self, z, a):
        raise TypeError(
            f"{self.name} has no elementwise derivative: each output depends on every input "
            f"along its axis. Use {type(self).__name__}().jacobian(z) for the full matrix, or "
            f"backward(z, a, grad) for the vector-Jacobian product."
        )

    def _along_last(self, z):
        """z with the normalized axes moved last and merged into one (in C order)."""
        z = float_values(f"{self.name} input", z, floatx())
        positions = axes_of(f"{type(self).__name__} axis", self.axis, z.ndim)
        kept = z.ndim - len(positions)
        moved = np.moveaxis(z, positions, list(range(kept, z.ndim)))
        return moved.reshape(moved.shape[:kept] + (-1,))
