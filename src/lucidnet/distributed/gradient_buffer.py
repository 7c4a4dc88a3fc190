"""All of a model's gradients, and the loss, in one contiguous array: one all-reduce per step.

MPI sums a buffer in one call at the cost of one message per algorithm stage; summing each
gradient tensor separately would pay that latency once per tensor (Horovod fuses tensors
for the same reason).  The layout is `[∂C/∂θ₁ | ∂C/∂θ₂ | … | C]`, in the order of
`model.trainable_weights`; `GradientBuffer.grads` are views of it shaped like the
parameters, so the optimizer reads the summed gradients in place, without a copy.
"""

from __future__ import annotations

import numpy as np


class GradientBuffer:
    """A flat buffer of `sum(p.size for p in params) + 1` numbers of `dtype`."""

    def __init__(self, params, dtype):
        sizes = [p.size for p in params]
        self.flat = np.zeros(sum(sizes) + 1, dtype=dtype)
        bounds = np.cumsum([0, *sizes])
        #: One view per parameter, with its shape: the gradients after the all-reduce.
        self.grads = [self.flat[start:stop].reshape(p.shape)
                      for start, stop, p in zip(bounds[:-1], bounds[1:], params)]

    def pack(self, loss: float, grads, scale: float) -> None:
        """Write `scale` × each gradient and `scale` × the loss into the buffer."""
        for view, grad in zip(self.grads, grads):
            np.multiply(grad, scale, out=view)  # copy and scale in one pass
        self.flat[-1] = loss * scale

    def clear(self) -> None:
        """Contribute nothing: a rank without examples in this batch adds zeros."""
        self.flat.fill(0)

    @property
    def loss(self) -> float:
        return float(self.flat[-1])
