"""The contract every activation follows, and the registry that finds them by name.

An activation is a small class with

- `forward(z)`: a = σ(z), applied elementwise (softmax and log-softmax: along an axis);
- `forward_in_place(z)`: the same values, written over z where the formula allows (the
  inference pass, which keeps no z);
- `derivative(z, a)`: σ'(z), elementwise, given z and the already computed a;
- `backward(z, a, grad)`: ∂C/∂z from ∂C/∂a.  For elementwise functions this is the
  `⊙ σ'(z)` factor of backpropagation's BP1 and BP2: ∂C/∂z = ∂C/∂a ⊙ σ'(z);
- `add_bias_forward`, `add_bias_forward_in_place` and `backward_and_bias_sum`: the same,
  with a Dense layer's bias added before (z + b) or summed after (Σₙ δₙ), which an
  activation may fuse into one pass ([ReLU][lucidnet.activations.ReLU] does, with compiled
  kernels).

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
    """Base class: subclasses implement `forward` and `derivative` (or `backward`).

    The first line of a subclass's docstring is its formula in plain Unicode, which
    [explain][lucidnet.activations.Activation.explain] prints.

    Attributes
    ----------
    elementwise : bool
        True when σ acts on each element alone, so that σ'(z) is a plain array.
    overflows : bool
        True when σ(z) itself exceeds the largest float for large finite z.
    """

    #: True when σ acts on each element alone, so that σ'(z) is a plain array.
    elementwise = True
    #: True when σ(z) itself grows past the largest float for large finite z (e^z does, above
    #: z ≈ 88.7 in float32): no stable form can avoid that, the value is +inf.
    overflows = False

    def __call__(self, z):
        """a = σ(z) of numbers, lists or arrays, converted to [lucidnet.config.floatx][] first."""
        return self.forward(float_values(f"{self.name} input", z, floatx()))

    def forward(self, z):
        """a = σ(z).

        Parameters
        ----------
        z : ndarray
            The weighted inputs, a float array.

        Returns
        -------
        ndarray
            σ(z), of the shape and dtype of `z`.
        """
        raise NotImplementedError

    def forward_in_place(self, z):
        """a = σ(z), written over `z` when σ can be computed there: the inference pass,
        which keeps no z, saves an array and its pass over memory.

        The default is [`forward`][lucidnet.activations.Activation.forward], a new array with
        `z` left as it was; an activation whose formula can overwrite its input overrides it.
        Either way the values are those of `forward(z)`, bit for bit.

        Parameters
        ----------
        z : ndarray
            The weighted inputs, a float array the caller owns and needs no more.

        Returns
        -------
        ndarray
            σ(z): `z` itself, overwritten, or a new array.
        """
        return self.forward(z)

    def derivative(self, z, a):
        """σ'(z), elementwise.

        Parameters
        ----------
        z : ndarray
            The weighted inputs.
        a : ndarray
            σ(z), passed in because many derivatives are cheapest from it.

        Returns
        -------
        ndarray
            σ'(z), of the shape of `z`.
        """
        raise NotImplementedError

    def backward(self, z, a, grad):
        """∂C/∂z from ∂C/∂a: the Hadamard factor of BP1 and BP2.

        ```formula
        ∂C/∂z = ∂C/∂a ⊙ σ'(z)
        ```

        Parameters
        ----------
        z : ndarray
            The weighted inputs.
        a : ndarray
            σ(z).
        grad : ndarray
            ∂C/∂a, of the shape of `a`.

        Returns
        -------
        ndarray
            ∂C/∂z, of the shape of `z`.
        """
        return grad * self.derivative(z, a)

    # -- the step around a Dense layer's matrix multiply, which an activation may fuse ------
    def add_bias_forward(self, z, b):
        """a = σ(z + b), with z ← z + b in place (a Dense layer's training pass, which keeps
        z for backward).

        This default adds and then calls `forward`; [ReLU][lucidnet.activations.ReLU] makes
        both in one compiled pass, with the same bits.

        Parameters
        ----------
        z : ndarray of shape (N, units)
            aˡ⁻¹Wˡ, a float array the caller owns; it holds zˡ = aˡ⁻¹Wˡ + bˡ on return.
        b : ndarray of shape (units,)
            The bias bˡ.

        Returns
        -------
        ndarray
            aˡ = σ(zˡ), a new array.
        """
        z += b
        return self.forward(z)

    def add_bias_forward_in_place(self, z, b):
        """σ(z + b), written over `z` where `forward_in_place` can (the inference pass).

        Parameters
        ----------
        z : ndarray of shape (N, units)
            aˡ⁻¹Wˡ, a float array the caller owns and needs no more.
        b : ndarray of shape (units,)
            The bias bˡ.

        Returns
        -------
        ndarray
            σ(z + b): `z` itself, overwritten, or a new array.
        """
        z += b
        return self.forward_in_place(z)

    def backward_and_bias_sum(self, z, a, grad, bias_grad=None):
        """δ = ∂C/∂a ⊙ σ'(z) (`backward`), and BP3's ∂C/∂b = Σₙ δₙ.

        ```formula
        δ = ∂C/∂a ⊙ σ'(z),    ∂C/∂b = Σₙ δₙ
        ```

        Parameters
        ----------
        z, a, grad : ndarray of shape (N, units)
            As for `backward`.
        bias_grad : ndarray of shape (units,) or None
            Where to write Σₙ δₙ, or None for a new array.

        Returns
        -------
        tuple of ndarray
            (δ, Σₙ δₙ), the second `bias_grad` when it is given.
        """
        delta = self.backward(z, a, grad)
        return delta, delta.sum(axis=0, out=bias_grad)

    def check_input_shape(self, shape, where: str) -> None:
        """Check that σ can take inputs of `shape`; every shape suits an elementwise σ.

        Parameters
        ----------
        shape : tuple of int
            The shape of the inputs.
        where : str
            The layer the inputs go to, named in the error.

        Raises
        ------
        ValueError
            If σ cannot take inputs of `shape`.
        """

    def explain(self, z, show: bool = False) -> str:
        """The formula, then σ(z) and σ'(z) at each given point: a study aid.

        Parameters
        ----------
        z : float or array_like
            The points at which to evaluate σ and σ'.
        show : bool
            Whether to print the text as well as return it.

        Returns
        -------
        str
            The formula line, then one line per point (for an axis activation, the
            outputs and the Jacobian).

        Examples
        --------
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
    """Base of the activations that normalize along `axis` (softmax and log-softmax).

    Each output depends on every input along that axis, so σ' is a Jacobian, not an
    elementwise factor: `derivative` raises, `jacobian` gives the matrix and `backward` the
    vector-Jacobian product.

    Parameters
    ----------
    axis : int or tuple of int
        The axis to normalize along, or several axes taken together.
    """

    elementwise = False

    def __init__(self, axis: int | tuple[int, ...] = -1):
        self.axis = axis_or_axes(f"{type(self).__name__} axis", axis)

    def check_input_shape(self, shape, where: str) -> None:
        """Check that `shape` has the axis (or axes) σ normalizes along.

        Parameters
        ----------
        shape : tuple of int
            The shape of the inputs.
        where : str
            The layer the inputs go to, named in the error.

        Raises
        ------
        ValueError
            If an axis is out of range for `shape`.
        """
        axes_of(f"The axis of {where}", self.axis, len(shape))

    def derivative(self, z, a):
        """Not defined: σ' of an axis activation is a Jacobian, not an elementwise factor.

        Raises
        ------
        TypeError
            Always, pointing to `jacobian` and `backward`.
        """
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
