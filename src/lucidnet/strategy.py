"""How `fit` shares its work: the training strategy the loops in [lucidnet.training][] ask.

The training loop is written once.  Everything that differs between training in one process
and training on several ([lucidnet.distributed.DataParallel][], over MPI) sits behind
the methods of a [`TrainingStrategy`][lucidnet.strategy.TrainingStrategy]:

| method | what it decides |
| --- | --- |
| `begin` | before the first step (check the ranks agree, share rank 0's weights) |
| `callbacks` | which callbacks run here, and how verbosely |
| `writes` | whether this process writes the run's files (rank 0's does) |
| `running` | a context around the whole run (abort the job if this rank fails) |
| `epoch_order` | the order of the examples this epoch (`None`: as given) |
| `loss_and_gradients` | the loss C and every ∂C/∂θ of one global batch |
| `share_of` | the part of an evaluation set this process evaluates |
| `sum_over_ranks` | sums of numbers and of the metrics' running totals over processes |
| `any` | a decision taken everywhere when any process takes it |

[`SingleProcess`][lucidnet.strategy.SingleProcess] is the plain algorithm, where each of these is the
identity or the obvious one-liner; the loop never asks which strategy it has.
"""

from __future__ import annotations

import contextlib

import numpy as np


class TrainingStrategy:
    """The questions the training loop asks; see the module docstring for the whole list.

    A strategy is made for one model and one call to `fit`.  The model must provide
    `rng` (the generator that shuffles), `loss_and_gradients(x, y, sample_weight,
    training)` and `parameters_and_gradients()`.
    """

    #: Whether this process writes what the run writes (checkpoints, backups, logs): True in
    #: one process; in distributed training, rank 0 writes for the job.  `fit` passes it to
    #: the callbacks as `params["writes"]`.
    writes = True

    def __init__(self, model):
        self.model = model

    def begin(self, x, y, sample_weight, validation, settings: dict) -> None:
        """Called once, after the data is checked and before the first callback runs."""

    def callbacks(self, callbacks: list, verbose: int) -> tuple[list, int]:
        """The callbacks this process runs and its verbosity (all of them, as given)."""
        return list(callbacks), verbose

    def running(self):
        """A context manager around the whole training run."""
        return contextlib.nullcontext()

    def epoch_order(self, count: int, shuffle: bool) -> np.ndarray | None:
        """The order of the `count` training examples this epoch; `None` keeps their order."""
        raise NotImplementedError

    def loss_and_gradients(self, x, y, sample_weight, rows):
        """C and [∂C/∂θ] of the batch `x[rows]`, with what the metrics need.

        Returns `(loss, grads, (y_seen, a_seen, w_seen))`: the batch's loss and gradients,
        in the order of `model.trainable_weights`, and the targets, outputs and weights of
        the examples this process computed.
        """
        raise NotImplementedError

    def share_of(self, *arrays) -> list:
        """The part of each array this process evaluates (`None` stays `None`)."""
        return list(arrays)

    def sum_over_ranks(self, metrics, *values, what: str = "the sum of the metrics") -> list[float]:
        """`values` summed over the processes; the metrics' running totals are summed too."""
        return [float(value) for value in values]

    def any(self, flag: bool) -> bool:
        """True everywhere when `flag` is true in any process."""
        return bool(flag)


class SingleProcess(TrainingStrategy):
    """Training in this process alone: mini-batch gradient descent as the textbook has it."""

    def epoch_order(self, count: int, shuffle: bool) -> np.ndarray | None:
        """A fresh permutation from the model's generator, or `None` (no shuffling)."""
        return self.model.rng.permutation(count) if shuffle else None

    def loss_and_gradients(self, x, y, sample_weight, rows):
        xb, yb = x[rows], y[rows]
        wb = None if sample_weight is None else sample_weight[rows]
        loss, grads, a = self.model.loss_and_gradients(xb, yb, wb, training=True)
        return loss, grads, (yb, a, wb)
