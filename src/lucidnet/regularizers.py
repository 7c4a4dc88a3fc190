"""Weight penalties added to the cost, with their gradients.

A regularizer R(W) is added to the data cost, C_total = C + Σ R(W), so its gradient
∂R/∂W is added to ∂C/∂W from BP4 before the optimizer step.
"""

from __future__ import annotations

import numpy as np

from .registry import Named, Registry, serialize  # noqa: F401 (re-exported)
from .validation import non_negative_number


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


#: Keras's lowercase spellings of the classes (``regularizers.l2(0.01)``), the same classes.
l1, l2, l1_l2 = L1, L2, L1L2


def get(identifier) -> Regularizer | None:
    if identifier is None:
        return None
    return REGULARIZERS.get(identifier)


def names() -> list[str]:
    return REGULARIZERS.names()


__all__ = ["Regularizer", "REGULARIZERS", "register", "get", "names", "serialize",
           "L1L2", "L1", "L2", "l1", "l2", "l1_l2"]
