"""Synchronous data parallelism: what `fit(..., distributed=True)` does differently.

Every rank runs the same script with the whole model and the whole data set.  The training
loop in `lucidnet.training` is the single-process one;
[`DataParallel`][lucidnet.distributed.DataParallel] is the `TrainingStrategy` that answers its
questions for several ranks:

1. before the first step, that every rank trains the same thing
   (`.consistency`), then rank 0's weights and optimizer state on every rank;
2. at each epoch, the order of the examples: rank 0's generators are copied to every rank
   before the shuffle, so every rank draws the same permutation;
3. at each step, the gradient: rank r takes the contiguous share
   `rows[⌊N·r/P⌋ : ⌊N·(r+1)/P⌋]` of the N rows of the global batch, and computes the
   mean loss C_r and its gradient on its nᵣ examples.  Scaled by nᵣ/N, the shares add up
   to the global batch's, because Σ_r nᵣ = N:

   ```formula
   Σ_r (nᵣ/N)·(C_r + R) = (1/N) Σₙ wₙCₙ + R
   ```

   and likewise for every gradient.  The weight penalty R (L1/L2) is thus counted exactly
   once, and the fused softmax/cross-entropy output error δᴸ = (a − y)/nᵣ of each share
   becomes (a − y)/N.  One in-place `MPI_Allreduce` sums the flat buffer holding every
   gradient and the loss (`.gradient_buffer`); each rank then applies the same update,
   and the same weight constraints after it (`Layer.apply_constraints`), a projection of
   weights that are already identical everywhere, so nothing more is exchanged;
4. at each epoch's end, the metrics' running totals and counts are summed (so every rank
   reports the same values), as are the decisions to stop: training stops everywhere when
   any rank asks it to, so no rank is left waiting for the others;
5. validation: each rank evaluates a contiguous share of the validation set, and the sums
   are combined the same way.

The result does not depend on the number of ranks: P ranks follow, to floating-point
rounding, the trajectory of one process on the same global batches.  Dropout is the
exception: each rank draws its examples' masks from a stream of its own (after the shuffle,
rank r's generators jump r × 2.1·10³⁸ draws ahead, with NumPy's `jumped`), so the masks
depend on the number of ranks, as in Horovod and PyTorch's DistributedDataParallel.  A run
with dropout is still reproducible for a given number of ranks, and resumes exactly from
rank 0's checkpoint, which holds rank 0's generators.  Layers that draw noise
(`GaussianNoise`) do the same.  `BatchNormalization` is the other exception: each rank
normalizes with the statistics of its own share of the batch and updates its own moving
statistics from them (Keras's `synchronized=False`), so they too depend on the number of
ranks; rank 0's are the ones saved.
"""

from __future__ import annotations

import contextlib
import traceback

import numpy as np

from ..saving.training_state import layer_generators
from ..strategy import TrainingStrategy
from .consistency import check_same_everywhere, describe_training
from .gradient_buffer import GradientBuffer
from .world import current_world

def share(count: int, rank: int, size: int) -> slice:
    """Rank `rank`'s contiguous share of `count` items split over `size` ranks.

    `[⌊count·r/P⌋, ⌊count·(r+1)/P⌋)`: shares differ in length by at most one, cover every
    item once and keep the items in order.
    """
    return slice(count * rank // size, count * (rank + 1) // size)


class DataParallel(TrainingStrategy):
    """This rank's part in the synchronous data-parallel training of `model`.

    Creating it joins the MPI job ([`lucidnet.distributed.init`][lucidnet.distributed.init]), or
    raises a [`LaunchError`][lucidnet.distributed.LaunchError] saying how to launch one.
    """

    def __init__(self, model):
        super().__init__(model)
        self.world = current_world()
        self.rank = self.world.rank
        self.size = self.world.size
        self.writes = self.rank == 0
        self.buffer: GradientBuffer | None = None

    # -- before training ---------------------------------------------------------------------
    def begin(self, x, y, sample_weight, validation, settings: dict) -> None:
        """Check that every rank trains the same model on the same data with the same
        `settings`, then give every rank rank 0's weights and optimizer state."""
        model = self.model
        description = describe_training(model, x, y, sample_weight, validation, settings)
        check_same_everywhere(self.world.all_gather(
            description, "the start of fit(), comparing what every rank is about to train"))
        for w in model.weights:
            self.world.broadcast_array(w, "the broadcast of rank 0's initial weights")
        model.optimizer.build(model.trainable_weights)
        state = model.optimizer.get_state() if self.rank == 0 else None
        model.optimizer.set_state(
            self.world.broadcast(state, "the broadcast of rank 0's optimizer state"))
        self.buffer = GradientBuffer(model.trainable_weights, model.dtype)

    def callbacks(self, callbacks: list, verbose: int) -> tuple[list, int]:
        """All callbacks on rank 0; elsewhere the ones that steer training, silently.

        A callback whose class sets `rank_zero_only` only writes (to the terminal, log
        files, checkpoints), and rank 0 writes for the job, since every rank holds the same
        model and the same logs.  The others (EarlyStopping, ReduceLROnPlateau, History, the
        user's own) run on every rank, so that every rank takes the same decisions.
        """
        if self.rank == 0:
            return list(callbacks), verbose
        return [callback for callback in callbacks if not callback.rank_zero_only], 0

    @contextlib.contextmanager
    def running(self):
        """Abort the job if this rank fails while training: the others would wait for it."""
        try:
            yield
        except BaseException as error:  # KeyboardInterrupt and SystemExit leave ranks waiting too
            self.world.abort(
                f"rank {self.rank} of {self.size} failed during fit(): "
                f"{type(error).__name__}: {error}\n{traceback.format_exc().rstrip()}"
            )
            raise

    # -- each epoch ------------------------------------------------------------------------------
    def epoch_order(self, count: int, shuffle: bool) -> np.ndarray:
        """The order of the `count` training examples this epoch, the same on every rank."""
        model = self.model
        generators = [model.rng, *layer_generators(model).values()]
        states = [g.bit_generator.state for g in generators] if self.rank == 0 else None
        states = self.world.broadcast(states, "the broadcast of rank 0's random generators")
        for generator, state in zip(generators, states):
            generator.bit_generator.state = state
        order = model.rng.permutation(count) if shuffle else np.arange(count)
        if self.rank:  # each rank's dropout masks from a stream of its own
            for generator in generators:
                generator.bit_generator.state = generator.bit_generator.jumped(self.rank).state
        return order

    def loss_and_gradients(self, x, y, sample_weight, rows):
        """The loss and gradients of the global batch `x[rows]`, computed on this rank's share.

        Returns `(loss, grads, (y_share, a_share, w_share))`: the batch's loss and gradients,
        the same on every rank, and this rank's targets, outputs and weights for the metrics.
        """
        count = len(rows)
        mine = rows[share(count, self.rank, self.size)]
        xb, yb = x[mine], y[mine]
        wb = None if sample_weight is None else sample_weight[mine]
        if len(mine):
            loss, grads, a = self.model.loss_and_gradients(xb, yb, wb, training=True)
            self.buffer.pack(loss, grads, scale=len(mine) / count)
        else:  # a batch with fewer examples than there are ranks leaves some ranks none
            self.buffer.clear()
            a = np.empty((0, *self.model.output_shape[1:]), dtype=self.model.dtype)
        self.world.all_reduce_sum(self.buffer.flat, "the gradient all-reduce of a training step")
        return self.buffer.loss, self.buffer.grads, (yb, a, wb)

    def share_of(self, *arrays):
        """This rank's contiguous share of each array (`None` stays `None`), for validation."""
        part = share(len(arrays[0]), self.rank, self.size)
        return [None if array is None else array[part] for array in arrays]

    def sum_over_ranks(self, metrics, *values, what: str = "the sum of the metrics") -> list[float]:
        """`values` summed over the ranks, in one all-reduce that also sums each metric's
        running sums (`Metric.state_values`: a total and a count, or a metric's counts at
        its thresholds); the metrics hold the sums afterwards.
        """
        states = [metric.state_values() for metric in metrics]
        sums = np.concatenate([np.array(values, dtype=np.float64), *states])
        self.world.all_reduce_sum(sums, what)
        start = len(values)
        for metric, state in zip(metrics, states):
            metric.set_state_values(sums[start:start + state.size])
            start += state.size
        return [float(value) for value in sums[: len(values)]]

    def any(self, flag: bool) -> bool:
        """True on every rank when `flag` is true on any rank."""
        (votes,) = self.sum_over_ranks((), float(flag), what="the vote on stopping training")
        return votes > 0
