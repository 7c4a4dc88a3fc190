"""Weight penalties added to the cost, with their gradients.

A regularizer R(W) is added to the data cost, C_total = C + Σ R(W), so its gradient
∂R/∂W is added to ∂C/∂W from BP4 before the optimizer step.
"""

from __future__ import annotations

import numpy as np

from .activations import l2_normalize, l2_normalize_backward
from .registry import Named, Registry, serialize  # noqa: F401 (re-exported)
from .validation import choice, non_negative_number


class Regularizer(Named):

    def __call__(self, W) -> float:
        raise NotImplementedError

    def gradient(self, W):
        raise NotImplementedError


REGULARIZERS = Registry("regularizer", Regularizer)
register = REGULARIZERS.register


@register("l1l2")
class L1L2(Regularizer):
    """R(W) = λ₁ Σ|w| + λ₂ Σw²;  ∂R/∂W = λ₁ sign(W) + 2λ₂ W."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        self.l1 = non_negative_number(f"{type(self).__name__} l1", l1)
        self.l2 = non_negative_number(f"{type(self).__name__} l2", l2)

    def __call__(self, W) -> float:
        penalty = 0.0
        if self.l1:
            penalty += self.l1 * float(np.abs(W).sum())
        if self.l2:
            penalty += self.l2 * float((W * W).sum())
        return penalty

    def gradient(self, W):
        grad = np.zeros_like(W)
        if self.l1:
            grad += self.l1 * np.sign(W)
        if self.l2:
            grad += (2 * self.l2) * W
        return grad


@register("l1")
class L1(L1L2):
    """R(W) = λ Σ|w| (lasso: drives weights to exactly zero);  ∂R/∂W = λ sign(W)."""

    def __init__(self, l1: float = 0.01):
        super().__init__(l1=l1)


@register("l2")
class L2(L1L2):
    """R(W) = λ Σw² (weight decay);  ∂R/∂W = 2λW."""

    def __init__(self, l2: float = 0.01):
        super().__init__(l2=l2)



@register("orthogonal_regularizer")
class OrthogonalRegularizer(Regularizer):
    """R(W) = λ · ½ Σ_{i≠j} |ûᵢ·ûⱼ| / (n(n − 1)/2): the mean |cosine| between the n rows of W
    (`mode="rows"`) or its n columns (`"columns"`), ûᵢ = uᵢ / max(‖uᵢ‖, ε), as Keras's
    `OrthogonalRegularizer`; 0 when they are mutually orthogonal.

    ∂R/∂Û = λ/(n(n − 1)/2) · S Û with S = sign(ÛÛᵀ) off the diagonal (0 on it), then through
    the normalization of each row: (g − ⟨g, û⟩û)/‖u‖.  For a two-dimensional kernel.

    Examples
    --------
    >>> round(OrthogonalRegularizer(factor=1.0)(np.array([[1.0, 0.0], [1.0, 1.0]])), 6)
    0.707107
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows"):
        self.factor = non_negative_number("OrthogonalRegularizer factor", factor)
        self.mode = choice("OrthogonalRegularizer mode", mode, ("rows", "columns"))

    def _vectors(self, W):
        """The vectors compared, as rows: W's rows, or its columns."""
        W = np.asarray(W)
        if W.ndim != 2:
            raise ValueError(
                f"OrthogonalRegularizer regularizes two-dimensional kernels, got shape {W.shape}."
            )
        U = W if self.mode == "rows" else W.T
        if len(U) < 2:
            raise ValueError(
                f"OrthogonalRegularizer(mode={self.mode!r}) compares pairs of {self.mode}, but a "
                f"kernel of shape {W.shape} has only {len(U)}."
            )
        return U

    def _scale(self, n: int) -> float:
        return self.factor * 0.5 / (n * (n - 1) / 2.0)

    def __call__(self, W) -> float:
        U = l2_normalize(self._vectors(W))
        product = U @ U.T
        np.fill_diagonal(product, 0.0)
        return self._scale(len(U)) * float(np.abs(product).sum())

    def gradient(self, W):
        U = self._vectors(W)
        unit = l2_normalize(U)
        signs = np.sign(unit @ unit.T)
        np.fill_diagonal(signs, 0.0)
        grad = l2_normalize_backward(U, unit, 2.0 * self._scale(len(U)) * (signs @ unit))
        return grad if self.mode == "rows" else grad.T


#: Keras's lowercase spellings of the classes (`regularizers.l2(0.01)`), the same classes.
l1, l2, l1_l2 = L1, L2, L1L2
orthogonal_regularizer = OrthogonalRegularizer


def get(identifier) -> Regularizer | None:
    if identifier is None:
        return None
    return REGULARIZERS.get(identifier)


def names() -> list[str]:
    return REGULARIZERS.names()


__all__ = ["Regularizer", "REGULARIZERS", "register", "get", "names", "serialize",
           "L1L2", "L1", "L2", "l1", "l2", "l1_l2", "OrthogonalRegularizer",
           "orthogonal_regularizer"]
