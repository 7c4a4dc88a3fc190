"""The activations that normalize along an axis: softmax and log-softmax, whose σ' is a
Jacobian, applied through its vector-Jacobian product."""

from __future__ import annotations

import numpy as np

from . import kernels
from .base import AxisActivation, register
from .formulas import log_softmax, softmax, softmax_into


@register("softmax")
class Softmax(AxisActivation):
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} along `axis` (the last by default): a probability distribution.

    ```formula
    aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}
    ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)
    ```

    Computed by [`softmax`][lucidnet.activations.softmax] as e^{z − max z} / Σ e^{z − max z}
    (the same value, and e^x never overflows). Its derivative is not elementwise: the Jacobian
    is J = diag(a) − a aᵀ, available from `jacobian` for study.  Training never builds J:
    `backward` computes the vector-Jacobian product gᵀJ = a ⊙ (g − ⟨g, a⟩) in O(n) instead of
    O(n²).  Paired with categorical cross-entropy, the model skips even that and uses the fused
    output error δᴸ = a − y.

    Parameters
    ----------
    axis : int or tuple of int
        The axis to normalize along, or several axes taken together.

    Examples
    --------
    Two outputs with weighted sums 0.3 and 0.6 (e^0.3/(e^0.3 + e^0.6) ≈ 0.4256):

    >>> softmax = Softmax()
    >>> print(np.round(softmax(np.array([0.3, 0.6])), 4))
    [0.4256 0.5744]
    >>> print(np.round(softmax.jacobian(np.array([0.3, 0.6])), 4))
    [[ 0.2445 -0.2445]
     [-0.2445  0.2445]]
    """

    def forward(self, z):
        """a = softmax(z) along `axis`.

        Parameters
        ----------
        z : ndarray
            The weighted inputs.

        Returns
        -------
        ndarray
            The outputs, of the shape of `z`.
        """
        return softmax(z, self.axis)

    def forward_in_place(self, z):
        """a = softmax(z) along `axis`, written over `z`.

        Parameters
        ----------
        z : ndarray
            The weighted inputs, a float array the caller needs no more.

        Returns
        -------
        ndarray
            `z`, holding the outputs.
        """
        return softmax_into(z, self.axis, out=z)

    # The bias step and the shift by max z in one compiled pass, NumPy's e^x, and the
    # division by Σ e^x in another, for rows the kernels take; else the defaults' passes.
    def add_bias_forward(self, z, b):
        if not self._kernels_take(z, b, training=True):
            return super().add_bias_forward(z, b)
        return self._shifted_exponentiated_normalized(z, b, np.empty_like(z))

    def add_bias_forward_in_place(self, z, b):
        if not self._kernels_take(z, b, training=False):
            return super().add_bias_forward_in_place(z, b)
        return self._shifted_exponentiated_normalized(z, b, z)

    def _kernels_take(self, z, b, training: bool) -> bool:
        """Whether [lucidnet.activations.kernels][] are worth loading for this pass and
        take these arrays: Softmax itself, along the last axis of (N, units) rows of at most
        `PAIRWISE_BLOCK` values."""
        return (kernels.worth_loading(z, training) and type(self) is Softmax
                and z.ndim == 2 and self.axis in (-1, 1)
                and z.shape[1] <= kernels.PAIRWISE_BLOCK and kernels.usable(z, b))

    @staticmethod
    def _shifted_exponentiated_normalized(z, b, e):
        """z ← z + b; e = z − max z (a kernel); e ← exp(e) (NumPy); e ← e / Σ e (a kernel)."""
        kernels.compiled(kernels.bias_shift)(z, b, e)
        np.exp(e, out=e)
        kernels.compiled(kernels.normalize_rows)(e)
        return e

    def jacobian(self, z):
        """J[..., i, j] = ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ).

        Parameters
        ----------
        z : array_like
            The weighted inputs.

        Returns
        -------
        ndarray of shape rest + (n, n)
            The Jacobians, the softmax axis (or axes, merged) moved last.
        """
        a = softmax(self._along_last(z))
        return a[..., :, None] * (np.eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])

    def backward(self, z, a, grad):
        """∂C/∂z = Jᵀ ∂C/∂a = a ⊙ (∂C/∂a − Σⱼ aⱼ ∂C/∂aⱼ), without building J.

        Parameters
        ----------
        z : ndarray
            The weighted inputs.
        a : ndarray
            softmax(z).
        grad : ndarray
            ∂C/∂a, of the shape of `a`.

        Returns
        -------
        ndarray
            ∂C/∂z, of the shape of `z`.
        """
        return a * (grad - (grad * a).sum(axis=self.axis, keepdims=True))


@register("log_softmax")
class LogSoftmax(AxisActivation):
    """aᵢ = zᵢ − ln Σⱼ e^{zⱼ} = ln softmax(z)ᵢ;  ∂aᵢ/∂zⱼ = δᵢⱼ − softmax(z)ⱼ.

    ```formula
    aᵢ = zᵢ − ln Σⱼ e^{zⱼ}
    ∂aᵢ/∂zⱼ = δᵢⱼ − softmax(z)ⱼ
    ```

    Computed by [`log_softmax`][lucidnet.activations.log_softmax] with the log-sum-exp shift,
    finite where ln(softmax(z)) would be ln 0.  `backward` is the vector-Jacobian product ∂C/∂z
    = g − softmax(z)·Σⱼ gⱼ, with softmax(z) = e^a read off the output.

    Parameters
    ----------
    axis : int or tuple of int
        The axis to normalize along, or several axes taken together.
    """

    def forward(self, z):
        """a = log_softmax(z) along `axis`.

        Parameters
        ----------
        z : ndarray
            The weighted inputs.

        Returns
        -------
        ndarray
            The outputs, of the shape of `z`.
        """
        return log_softmax(z, self.axis)

    def jacobian(self, z):
        """J[..., i, j] = ∂aᵢ/∂zⱼ = δᵢⱼ − softmax(z)ⱼ.

        Parameters
        ----------
        z : array_like
            The weighted inputs.

        Returns
        -------
        ndarray of shape rest + (n, n)
            The Jacobians, the axis (or axes, merged) moved last.
        """
        s = softmax(self._along_last(z))
        return np.eye(s.shape[-1], dtype=s.dtype) - s[..., None, :]

    def backward(self, z, a, grad):
        """∂C/∂z = Jᵀ ∂C/∂a = ∂C/∂a − e^a Σⱼ ∂C/∂aⱼ.

        Parameters
        ----------
        z : ndarray
            The weighted inputs.
        a : ndarray
            log_softmax(z).
        grad : ndarray
            ∂C/∂a, of the shape of `a`.

        Returns
        -------
        ndarray
            ∂C/∂z, of the shape of `z`.
        """
        return grad - np.exp(a) * grad.sum(axis=self.axis, keepdims=True)
