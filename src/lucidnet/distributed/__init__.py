"""Data-parallel training on several processes and machines, over MPI.

Run the same script once per process with an MPI launcher, and let `fit` share the work::

    mpirun -n 4 python train.py      # train.py calls model.fit(..., distributed=True)

This is synchronous data parallelism, the scheme of Horovod and PyTorch's
DistributedDataParallel: every rank holds the whole model and the whole data set, takes its
share of each global batch, and one all-reduce per step sums the shares' gradients into
the gradient of the whole batch, so that every rank applies the same update.  See
`.data_parallel` for the arithmetic and `docs/distributed.md` for how it scales.

- [`init`][lucidnet.distributed.init] joins the MPI job (nothing happens in a process started on
  its own); [`rank`][lucidnet.distributed.rank] and [`size`][lucidnet.distributed.size] say which
  process this is and how many there are; [`barrier`][lucidnet.distributed.barrier],
  [`rank_zero_first`][lucidnet.distributed.rank_zero_first] and
  [`abort`][lucidnet.distributed.abort] coordinate them;
- [`DataParallel`][lucidnet.distributed.DataParallel] is the part of `fit` that runs only when
  `distributed=True`.

MPI comes from `pip install "lucidnet[mpi]"` (mpi4py and MPICH's wheel) or from a system
installation with `pip install mpi4py`.
"""

from .data_parallel import DataParallel, share
from .world import (
    LaunchError,
    abort,
    barrier,
    init,
    launched,
    rank,
    rank_zero_first,
    size,
)

__all__ = ["DataParallel", "LaunchError", "abort", "barrier", "init", "launched", "rank",
           "rank_zero_first", "share", "size"]
