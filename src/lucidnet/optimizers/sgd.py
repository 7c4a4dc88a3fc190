"""Stochastic gradient descent, plain or with (Nesterov) momentum."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import boolean, fraction
from .base import Optimizer, Schedule, elementwise, register


@register("sgd")
class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum or Nesterov momentum.

    Plain (μ = 0, where `nesterov` changes nothing, as in Keras):

    ```formula
    w ← w − lr·g
    ```

    With momentum μ > 0, Keras 3's form (`formula="keras"`, the default) keeps a
    velocity v (slot "momentum", starting at 0) in w's own units, then takes classical
    momentum (Polyak 1964, "Some methods of speeding up the convergence of iteration
    methods") or, with `nesterov=True`, Nesterov's look-ahead (Sutskever, Martens, Dahl
    & Hinton 2013, "On the importance of initialization and momentum in deep learning"):

    ```formula
    v ← μ·v − lr·g
    w ← w + v    (classical),    w ← w + μ·v − lr·g    (Nesterov)
    ```

    `formula="torch"` is torch.optim.SGD's form, a buffer b (slot "b") of gradients
    to which the learning rate of the step applies:

    ```formula
    b ← μ·b + g
    w ← w − lr·b    (classical),    w ← w − lr·(g + μ·b)    (Nesterov)
    ```

    With a constant learning rate v = −lr·b at every step, so both take the same path;
    they part ways when lr changes, because in torch's form the new lr also rescales the
    momentum accumulated so far.

    Parameters
    ----------
    learning_rate : float or callable
        lr ≥ 0, or a schedule (see [lucidnet.optimizers.Optimizer][]).
    momentum : float
        μ in [0, 1).
    nesterov : bool
        Nesterov's look-ahead form of the momentum.
    **kwargs
        The arguments every optimizer takes, `formula` included.

    Examples
    --------
    >>> w = np.array([1.0, 2.0, 3.0, 4.0])
    >>> SGD(learning_rate=0.5).apply([w], [np.array([1.0, 6.0, 7.0, 2.0])])
    >>> w
    array([ 0.5, -1. , -0.5,  3. ])
    """

    formulas = ("keras", "torch")
    kernels = ("sgd", "sgd_momentum")

    def __init__(
        self,
        learning_rate: float | Schedule = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.momentum = fraction("momentum", momentum)
        self.nesterov = boolean("nesterov", nesterov)

    def _slot_initial_values(self) -> dict[str, float]:
        if self.momentum == 0:
            return {}
        return {"momentum": 0.0} if self.formula == "keras" else {"b": 0.0}

    def _kernel_arguments(self, slots, lr, t):
        if self.momentum == 0:
            return "sgd", (), (lr,)
        keras = self.formula == "keras"
        return "sgd_momentum", (slots["momentum" if keras else "b"],), (
            lr, self.momentum, self.nesterov, keras)

    @elementwise
    def _update(self, w, g, slots, lr, t, scratch):
        mu = self.momentum
        if mu == 0:
            np.multiply(g, lr, out=scratch)
            w -= scratch
        elif self.formula == "keras":
            v = slots["momentum"]
            v *= mu
            np.multiply(g, lr, out=scratch)  # lr·g
            v -= scratch
            if self.nesterov:  # w + (μ·v − lr·g)
                np.multiply(v, mu, out=scratch)
                scratch -= g * lr
                w += scratch
            else:
                w += v
        else:
            b = slots["b"]
            b *= mu
            b += g
            if self.nesterov:  # direction g + μ·b
                np.multiply(b, mu, out=scratch)
                scratch += g
            else:
                np.copyto(scratch, b)
            scratch *= lr
            w -= scratch
