"""The MPI job this process belongs to: joining it, who is who, and leaving it without a hang.

lucidnet talks MPI through mpi4py, which it imports only when this process was started by
an MPI launcher (`mpirun`, `mpiexec`, `srun`): `import lucidnet` never needs MPI,
and in a process started on its own [`init`][lucidnet.distributed.init] does nothing,
[`rank`][lucidnet.distributed.rank] is 0 and [`size`][lucidnet.distributed.size] is 1.

Joining the job also arranges that no rank waits forever for one that failed:

- an exception that escapes the script on one rank aborts the whole job (as
  `python -m mpi4py script.py` does); otherwise that rank would exit while the others
  wait for it inside a collective operation;
- every collective operation lucidnet starts is watched (`.watchdog`): one that waits
  longer than the timeout aborts the job with a message saying what it waited for;
- a rank that is killed is noticed by the launcher, which ends the others.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time

from ..errors import LaunchError
from .watchdog import Watchdog

#: Set by MPI launchers in every process they start: MPICH's and Intel MPI's Hydra and
#: Slurm (PMI), Open MPI and PMIx-based launchers, MVAPICH.
LAUNCHER_VARIABLES = ("PMI_RANK", "PMIX_RANK", "OMPI_COMM_WORLD_RANK", "MV2_COMM_WORLD_RANK")
#: Any of these set by the user means they chose the BLAS threads per rank themselves.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS")
#: Seconds between printing why the job is aborted and aborting it.  The launcher forwards
#: each rank's output through a pipe, and MPI_Abort has it kill every process at once: what
#: it has not yet read from the pipe, the message saying why, would be lost.
ABORT_GRACE_SECONDS = 1.0
#: Seconds one collective operation may wait for the other ranks before the job is aborted.
#: Long enough for rank 0 to write a large checkpoint while the others wait at the next step.
DEFAULT_TIMEOUT = 600.0
TIMEOUT_VARIABLE = "LUCIDNET_MPI_TIMEOUT"

HOW_TO_LAUNCH = (
    "Start one process per rank with an MPI launcher, for example\n"
    "    mpirun -n 2 python train.py\n"
    "    mpirun -n 2 lucidnet train --distributed\n"
    'after pip install "lucidnet[mpi]". To train in this one process instead, leave out '
    "distributed=True (or --distributed)."
)


class World:
    """This process's view of the MPI job: its rank, the number of ranks, and the collective
    operations lucidnet uses, each watched by a `Watchdog`."""

    def __init__(self, timeout: float):
        try:
            from mpi4py import MPI
        except ImportError as error:
            raise ImportError(
                "This process was started by an MPI launcher, and distributed training needs "
                'mpi4py and an MPI library to join it: pip install "lucidnet[mpi]" (mpi4py '
                "and MPICH's wheel; a system MPI works too, with pip install mpi4py)."
            ) from error
        self.MPI = MPI
        self.comm = MPI.COMM_WORLD
        self.rank = self.comm.Get_rank()
        self.size = self.comm.Get_size()
        self.watchdog = Watchdog(timeout, self._stalled)

    # -- collective operations, each watched ---------------------------------------------------
    def _watched(self, what: str, operation, *args):
        self.watchdog.begin(what)
        try:
            return operation(*args)
        finally:
            self.watchdog.end()

    def all_reduce_sum(self, buffer, what: str) -> None:
        """Replace `buffer` (a contiguous NumPy array) by its element-wise sum over all ranks."""
        self._watched(what, self.comm.Allreduce, self.MPI.IN_PLACE, buffer, self.MPI.SUM)

    def broadcast_array(self, array, what: str) -> None:
        """Overwrite `array` in place with rank 0's."""
        self._watched(what, self.comm.Bcast, array, 0)

    def broadcast(self, value, what: str):
        """Rank 0's `value` (any picklable object), on every rank."""
        return self._watched(what, self.comm.bcast, value, 0)

    def all_gather(self, value, what: str) -> list:
        """Every rank's `value`, in rank order, on every rank."""
        return self._watched(what, self.comm.allgather, value)

    def barrier(self, what: str = "a barrier") -> None:
        self._watched(what, self.comm.Barrier)

    def local_size(self) -> int:
        """How many ranks run on this machine (they share its memory, hence its cores)."""
        local = self._watched("counting the ranks on each machine", self.comm.Split_type,
                              self.MPI.COMM_TYPE_SHARED)
        try:
            return local.Get_size()
        finally:
            local.Free()

    # -- ending the job ------------------------------------------------------------------------
    def abort(self, message: str) -> None:
        """Print `message` and end every rank of the job (MPI_Abort); does not return."""
        sys.stderr.write(
            f"lucidnet.distributed: {message}\nAborting all {self.size} ranks (MPI_Abort), so "
            f"that none of them waits for this one forever.\n"
        )
        sys.stderr.flush()
        time.sleep(ABORT_GRACE_SECONDS)
        self.comm.Abort(1)

    def _stalled(self, what: str, seconds: float) -> None:
        # Runs on the watchdog's thread while the training thread is blocked inside MPI;
        # mpi4py initializes MPI with MPI_THREAD_MULTIPLE, which allows this call.
        self.abort(
            f"rank {self.rank} of {self.size} has waited {seconds:.0f} s for the other ranks in "
            f"{what}. One of them has stopped, hangs or lost its connection. If a rank is "
            f"legitimately that much slower (rank 0 writing a large checkpoint, say), raise the "
            f"limit with lucidnet.distributed.init(timeout=...) or the {TIMEOUT_VARIABLE} "
            f"environment variable."
        )


_world: World | None = None


def launched() -> bool:
    """True when an MPI launcher started this process (`mpirun`, `mpiexec`, `srun`)."""
    return any(name in os.environ for name in LAUNCHER_VARIABLES)


def init(timeout: float | None = None) -> None:
    """Join the MPI job this process was launched in; do nothing outside one.

    Call it at the top of a script run with `mpirun` (`fit(..., distributed=True)` calls
    it too).  It aborts the whole job on an exception that escapes the script on any rank,
    watches lucidnet's collective operations, and, unless `OMP_NUM_THREADS` (or
    `OPENBLAS_NUM_THREADS`, `MKL_NUM_THREADS`) says otherwise, gives each rank an equal
    share of its machine's cores for BLAS: ranks per machine × threads per rank = cores, so
    that the ranks do not fight over the cores.

    Parameters
    ----------
    timeout : float or None
        Seconds that one collective operation may wait for the other ranks before
        the job is aborted (default 600, or the `LUCIDNET_MPI_TIMEOUT` environment
        variable; `math.inf` waits forever).  Calling `init` again changes it.
    """
    global _world
    chosen = None if timeout is None else _checked_timeout(timeout)
    if _world is not None:
        if chosen is not None:
            _world.watchdog.timeout = chosen
        return
    if not launched():
        return
    _world = World(_default_timeout() if chosen is None else chosen)
    if _world.size > 1:
        _abort_on_uncaught_exception(_world)
        _share_cores(_world)


def rank() -> int:
    """This process's rank, from 0 to `size() − 1` (0 outside an MPI job)."""
    init()
    return 0 if _world is None else _world.rank


def size() -> int:
    """The number of ranks in the job (1 outside an MPI job)."""
    init()
    return 1 if _world is None else _world.size


def barrier() -> None:
    """Wait until every rank has called `barrier()` (returns at once outside an MPI job)."""
    init()
    if _world is not None:
        _world.barrier()


@contextlib.contextmanager
def rank_zero_first():
    """Run the `with` block on rank 0, then on the other ranks: for work that rank 0 should do
    once for everyone, such as downloading a data set into a shared cache.

    If the block raises on rank 0, the other ranks are still waiting: let the exception end
    the script (which aborts the job) or call [`abort`][lucidnet.distributed.abort].
    """
    init()
    if _world is not None and _world.rank != 0:
        _world.barrier("waiting for rank 0 to run its part first")
    yield
    if _world is not None and _world.rank == 0:
        _world.barrier("waiting for rank 0 to run its part first")


def abort(message: str) -> None:
    """Print `message` and end every rank of the job now (nothing outside an MPI job).

    For a failure seen by one rank only: returning or exiting would leave the others waiting
    for it.
    """
    if _world is not None:
        _world.abort(message)


def current_world() -> World:
    """The joined `World`, or a [`LaunchError`][lucidnet.distributed.LaunchError] that says how to
    launch one."""
    init()
    if _world is None:
        raise LaunchError(
            "Distributed training needs one process per rank, started by an MPI launcher, but "
            "this process was started on its own.\n" + HOW_TO_LAUNCH
        )
    return _world


def _default_timeout() -> float:
    text = os.environ.get(TIMEOUT_VARIABLE)
    if text is None:
        return DEFAULT_TIMEOUT
    try:
        return _checked_timeout(float(text))
    except ValueError:
        raise ValueError(
            f"{TIMEOUT_VARIABLE} must be a positive number of seconds, got {text!r}."
        ) from None


def _checked_timeout(timeout) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) \
            or math.isnan(timeout) or timeout <= 0:
        raise ValueError(
            f"The MPI timeout must be a positive number of seconds (math.inf for none), "
            f"got {timeout!r}."
        )
    return float(timeout)


def _abort_on_uncaught_exception(world: World) -> None:
    previous = sys.excepthook

    def report_and_abort(kind, value, traceback):
        previous(kind, value, traceback)
        world.abort(f"rank {world.rank} of {world.size} stopped on an uncaught {kind.__name__}.")

    sys.excepthook = report_and_abort


def _share_cores(world: World) -> None:
    """Limit BLAS, and the optimizer's own threads, to cores / (ranks on this machine) threads,
    unless the user chose a number for BLAS."""
    from .. import optimizers

    cores = os.cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        cores = min(cores, len(os.sched_getaffinity(0)))
    optimizers.set_threads(max(1, cores // world.local_size()))
    if any(name in os.environ for name in THREAD_VARIABLES):
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # without it BLAS keeps its default: one thread per core, per rank
        return
    threadpool_limits(optimizers.threads(), user_api="blas")
