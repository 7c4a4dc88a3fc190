"""Gradient checking: backpropagation's gradients against central finite differences.

For a parameter θ, ∂C/∂θ ≈ (C(θ + h) − C(θ − h)) / 2h, with an error of order h².  In
float64 with h = 10⁻⁶ the two agree to about 10⁻⁸ when backpropagation is right; a bug
typically shows as a relative error of 10⁻² or worse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import NotReadyError


def numerical_gradient(f, x: np.ndarray, epsilon: float = 1e-6, indices=None) -> np.ndarray:
    """Central differences of the scalar function `f()` with respect to the array `x`,
    which is perturbed in place (and restored).  `indices` limits the check to some flat
    positions; the others are left 0.

    The chain rule on h(x) = (5x + 3)²: h'(x) = 2(5x + 3)·5 = 50x + 30, so h'(2) = 130.

    Examples
    --------
    >>> x = np.array([2.0])
    >>> print(np.round(numerical_gradient(lambda: float((5 * x[0] + 3) ** 2), x), 6))
    [130.]
    """
    grad = np.zeros_like(x, dtype=np.float64)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)
    for i in range(x.size) if indices is None else indices:
        original = flat_x[i]
        flat_x[i] = original + epsilon
        plus = f()
        flat_x[i] = original - epsilon
        minus = f()
        flat_x[i] = original
        flat_grad[i] = (plus - minus) / (2 * epsilon)
    return grad


def relative_error(analytic, numeric) -> float:
    """‖g_backprop − g_numeric‖ / (‖g_backprop‖ + ‖g_numeric‖), 0 when both vanish."""
    analytic, numeric = np.asarray(analytic, np.float64), np.asarray(numeric, np.float64)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if scale == 0 else float(np.linalg.norm(analytic - numeric) / scale)


@dataclass
class GradcheckReport:
    """Per-parameter relative errors, and the worst per layer (`report.layers`)."""

    errors: dict = field(default_factory=dict)

    @property
    def layers(self) -> dict:
        worst: dict = {}
        for name, error in self.errors.items():
            layer = name.split("/")[0]
            worst[layer] = max(worst.get(layer, 0.0), error)
        return worst

    @property
    def worst(self) -> float:
        return max(self.errors.values(), default=0.0)

    def passed(self, tolerance: float = 1e-6) -> bool:
        return self.worst < tolerance

    def __str__(self) -> str:
        lines = ["layer                 worst relative error"]
        lines += [f"{layer:<21} {error:.3e}" for layer, error in self.layers.items()]
        return "\n".join(lines)


def gradcheck(model, x, y, sample_weight=None, epsilon: float = 1e-6,
              max_checks_per_tensor: int | None = None, seed: int = 0) -> GradcheckReport:
    """Compare every parameter's backpropagation gradient with central finite differences.

    The check runs on a float64 copy of `model` (the model itself is not touched), in
    inference mode so that dropout does not change C between evaluations.  With
    `max_checks_per_tensor` only that many randomly chosen entries of each tensor are
    checked, for large layers.  Returns a [`GradcheckReport`][lucidnet.utils.GradcheckReport];
    `print` it for a table.
    """
    if not model.compiled:
        raise NotReadyError(f"Model {model.name!r} must be compiled before gradcheck(): call "
                            f"model.compile(optimizer=..., loss=...) first.")
    twin = type(model).from_config({**model.get_config(), "dtype": "float64"})
    if not twin.built:
        twin.build((None,) + np.asarray(x).shape[1:])
    twin.compile(optimizer=model.optimizer, loss=model.loss)
    twin.set_weights([w.astype(np.float64) for w in model.get_weights()])
    x, y, sample_weight = twin.prepare_data(x, y, sample_weight)

    def cost():
        a = twin.forward(x, training=False)
        return twin.loss(y, a, sample_weight) + twin.regularization_loss()

    _, analytic, _ = twin.loss_and_gradients(x, y, sample_weight, training=False)
    analytic = [g.copy() for g in analytic]
    rng = np.random.default_rng(seed)
    report = GradcheckReport()
    names = [f"{layer.name}/{w}" for layer in twin.flat_layers if layer.trainable
             for w in layer.weight_names if w not in layer.state_names]
    for name, param, grad in zip(names, twin.trainable_weights, analytic):
        indices = None
        if max_checks_per_tensor is not None and param.size > max_checks_per_tensor:
            indices = rng.choice(param.size, max_checks_per_tensor, replace=False)
        numeric = numerical_gradient(cost, param, epsilon, indices)
        if indices is not None:
            grad, numeric = grad.reshape(-1)[indices], numeric.reshape(-1)[indices]
        report.errors[name] = relative_error(grad, numeric)
    return report
