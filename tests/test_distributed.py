"""Data-parallel training over MPI (lucidnet.distributed and fit(distributed=True)).

The arithmetic (shares, scaled gradients, the checks between ranks) is tested in this
process.  The rest launches ``mpirun -n 2`` or ``-n 3`` on this machine with the scenarios
of ``distributed_scripts/scenarios.py`` and checks what the ranks wrote against one process
trained here on the same batches.  Every launch has a time limit, enforced both by the
launcher and by killing its process group, so a hang fails the test instead of blocking.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import distributed
from lucidnet.cli import main as cli_main
from lucidnet.distributed import LaunchError, share
from lucidnet.distributed.consistency import check_same_everywhere, describe_training
from lucidnet.distributed.gradient_buffer import GradientBuffer
from lucidnet.distributed.watchdog import Watchdog
from lucidnet.distributed.world import LAUNCHER_VARIABLES

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).resolve().parent / "distributed_scripts" / "scenarios.py"
#: Seconds one launch may take; a normal one takes about one.
LAUNCH_TIMEOUT = 60


def _load_scenarios():
    spec = importlib.util.spec_from_file_location("distributed_scenarios", SCENARIOS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scenarios = _load_scenarios()


def _find_mpirun():
    """The launcher installed beside this Python (by the MPI wheel) first, then PATH's."""
    search = os.pathsep.join([sysconfig.get_path("scripts"), os.environ.get("PATH", "")])
    return shutil.which("mpirun", path=search) or shutil.which("mpiexec", path=search)


MPIRUN = _find_mpirun()
needs_mpi = pytest.mark.skipif(
    importlib.util.find_spec("mpi4py") is None or MPIRUN is None,
    reason='needs mpi4py and an MPI launcher (mpirun): pip install "lucidnet[mpi]"',
)


def mpirun(ranks: int, *command: str) -> subprocess.CompletedProcess:
    """Run ``command`` on ``ranks`` processes; fail the test if the job outlives its limit."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "MPIEXEC_TIMEOUT": str(LAUNCH_TIMEOUT),  # MPICH's launcher ends an overdue job itself
        # Open MPI refuses to start as root (as CI runs) without these.
        "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
    }
    args = [MPIRUN, "-n", str(ranks), *command]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=LAUNCH_TIMEOUT + 15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"{' '.join(args)} hung:\n{stdout}\n{stderr}")
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def run_scenario(ranks: int, name: str, outdir: Path, succeed: bool = True):
    result = mpirun(ranks, sys.executable, str(SCENARIOS), name, str(outdir))
    if succeed:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def saved_weights(outdir: Path, rank: int) -> list[np.ndarray]:
    with np.load(outdir / f"weights-{rank}.npz") as arrays:
        return [arrays[f"arr_{i}"] for i in range(len(arrays.files))]


def saved_history(outdir: Path, rank: int) -> dict:
    return json.loads((outdir / f"history-{rank}.json").read_text())


def assert_same_weights(ours, theirs, atol):
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=0, atol=atol)


@pytest.fixture
def not_launched(monkeypatch):
    """This process as if started on its own, whatever started pytest."""
    for name in LAUNCHER_VARIABLES:
        monkeypatch.delenv(name, raising=False)


# -- shares of a batch ---------------------------------------------------------------------------

@pytest.mark.parametrize("count, size", [(16, 1), (16, 2), (16, 3), (2, 3), (1, 4), (0, 2), (1000, 7)])
def test_shares_cover_every_row_once_in_order_and_differ_by_at_most_one(count, size):
    parts = [range(count)[share(count, rank, size)] for rank in range(size)]
    assert [i for part in parts for i in part] == list(range(count))
    assert max(map(len, parts)) - min(map(len, parts)) <= 1


OUTPUTS = {
    "softmax + categorical cross-entropy (fused)": ("softmax", "sparse_categorical_crossentropy", 3),
    "sigmoid + binary cross-entropy (fused)": ("sigmoid", "binary_crossentropy", 1),
    "linear + mean squared error": (None, "mse", 2),
}


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=OUTPUTS.keys())
@pytest.mark.parametrize("size", [2, 3, 5])
def test_scaled_shares_add_up_to_the_whole_batch_loss_and_gradient(output, size, rng):
    """Σ_r (n_r/N)·(C_r, ∇C_r) over the shares of a batch = (C, ∇C) of the whole batch, with
    sample weights and both penalties counted once."""
    activation, loss, units = output
    model = ln.Sequential([
        ln.Input((4,)),
        ln.Dense(6, activation="tanh", kernel_regularizer=ln.regularizers.L1L2(l1=1e-2, l2=1e-2),
                 bias_regularizer="l2"),
        ln.Dense(units, activation=activation)], dtype="float64", seed=1)
    model.compile(optimizer="sgd", loss=loss)
    x = rng.normal(size=(11, 4))
    y = rng.integers(0, 3, 11) if units == 3 else rng.integers(0, 2, (11, units)).astype(float)
    x, y, w = model.prepare_data(x, y, rng.uniform(0.5, 2.0, 11))
    expected_loss, expected_grads, _ = model.loss_and_gradients(x, y, w)

    total = np.zeros(GradientBuffer(model.trainable_weights, "float64").flat.shape)
    for rank in range(size):
        part = share(len(x), rank, size)
        buffer = GradientBuffer(model.trainable_weights, "float64")
        loss_r, grads_r, _ = model.loss_and_gradients(x[part], y[part], w[part])
        buffer.pack(loss_r, grads_r, scale=len(x[part]) / len(x))
        total += buffer.flat
    summed = GradientBuffer(model.trainable_weights, "float64")
    summed.flat[:] = total
    assert summed.loss == pytest.approx(expected_loss, rel=1e-12)
    assert_same_weights(summed.grads, expected_grads, atol=1e-12)


# -- the checks between ranks, without MPI -------------------------------------------------------

def describe(model, x, y):
    x, y, _ = model.prepare_data(x, y, None)
    return describe_training(model, x, y, None, None, {"batch_size": 16})


def test_ranks_that_agree_pass_the_check():
    x, y = scenarios.make_data()
    check_same_everywhere([describe(scenarios.make_model(), x, y) for _ in range(3)])


def test_a_different_layer_width_is_named_in_the_error():
    x, y = scenarios.make_data()
    descriptions = [describe(scenarios.make_model(hidden=8), x, y),
                    describe(scenarios.make_model(hidden=9), x, y)]
    with pytest.raises(ValueError, match=r"model\.layers\.1\.config\.units: rank 0 has 8, rank 1 has 9"):
        check_same_everywhere(descriptions)


def test_a_different_constraint_is_named_in_the_error():
    x, y = scenarios.make_data()
    descriptions = [describe(scenarios.make_model(kernel_constraint=ln.constraints.MaxNorm(1.0)), x, y),
                    describe(scenarios.make_model(kernel_constraint=ln.constraints.MaxNorm(2.0)), x, y)]
    with pytest.raises(ValueError, match=r"model\.layers\.1\.config\.kernel_constraint\.config\."
                                         r"max_value: rank 0 has 1\.0, rank 1 has 2\.0"):
        check_same_everywhere(descriptions)


def test_the_same_examples_in_another_order_are_told_apart():
    x, y = scenarios.make_data()
    descriptions = [describe(scenarios.make_model(), x, y),
                    describe(scenarios.make_model(), x[::-1], y[::-1])]
    with pytest.raises(ValueError, match=r"x\.crc32 of the values: rank 0 has \d+, rank 1 has \d+"):
        check_same_everywhere(descriptions)


# -- outside an MPI job --------------------------------------------------------------------------

def test_outside_an_mpi_job_this_process_is_rank_0_of_1(not_launched):
    distributed.init()
    distributed.barrier()
    with distributed.rank_zero_first():
        pass
    assert (distributed.rank(), distributed.size(), distributed.launched()) == (0, 1, False)


def test_fit_distributed_outside_an_mpi_job_says_how_to_launch(not_launched):
    x, y = scenarios.make_data()
    with pytest.raises(LaunchError, match=r"(?s)started on its own.*mpirun -n 2 python train\.py"):
        scenarios.make_model().fit(x, y, distributed=True, verbose=0)


def test_distributed_must_be_a_boolean():
    x, y = scenarios.make_data()
    with pytest.raises(TypeError, match="distributed must be True or False, got 'yes'"):
        scenarios.make_model().fit(x, y, distributed="yes", verbose=0)


def test_cli_distributed_outside_an_mpi_job_says_how_to_launch(not_launched, capsys):
    assert cli_main(["train", "--distributed", "--quiet"]) == 1
    assert "mpirun -n 2 lucidnet train --distributed" in capsys.readouterr().err


@pytest.mark.parametrize("timeout", [0, -1.0, float("nan"), "60", True])
def test_the_timeout_must_be_a_positive_number_of_seconds(timeout):
    with pytest.raises(ValueError, match=f"positive number of seconds .*got {timeout!r}"):
        distributed.init(timeout=timeout)


def test_the_watchdog_reports_a_wait_that_outlasts_its_timeout():
    expired = []
    reported = threading.Event()
    watchdog = Watchdog(0.05, lambda what, seconds: (expired.append((what, seconds)), reported.set()))
    watchdog.begin("the gradient all-reduce")
    assert reported.wait(timeout=10)
    assert expired[0][0] == "the gradient all-reduce" and expired[0][1] > 0.05


# -- under mpirun ----------------------------------------------------------------------------------

def reference_run(epochs=None, callbacks=()):
    """One process, trained here on the same global batches."""
    x, y = scenarios.make_data()
    model = scenarios.make_model()
    settings = dict(scenarios.FIT, **({"epochs": epochs} if epochs else {}))
    history = model.fit(x, y, callbacks=list(callbacks), **settings)
    return model, history


@needs_mpi
@pytest.mark.parametrize("ranks", [2, 3])
def test_ranks_follow_the_single_process_run_on_the_same_batches(ranks, tmp_path):
    """With 3 ranks, batches of 16 split 5/5/6 and the last batch of 2 leaves one rank empty;
    validation shares are uneven too.  EarlyStopping stops every rank after the second epoch."""
    run_scenario(ranks, "train", tmp_path)
    model, history = reference_run(callbacks=[scenarios.early_stopping()])
    for rank in range(ranks):
        assert_same_weights(saved_weights(tmp_path, rank), model.get_weights(), atol=1e-12)
        saved = saved_history(tmp_path, rank)
        assert saved["epoch"] == history.epoch == [0, 1]
        for key, values in history.history.items():
            np.testing.assert_allclose(saved["history"][key], values, rtol=1e-12)
    # The summed gradient is the same on every rank, so the weights stay identical.
    assert_same_weights(saved_weights(tmp_path, 1), saved_weights(tmp_path, 0), atol=0)


@needs_mpi
def test_every_rank_projects_its_weights_alike_after_the_same_update(tmp_path):
    """MaxNorm after each step: the ranks, which all hold the summed gradient, make the same
    update and the same projection, so they follow the single process without exchanging more."""
    run_scenario(2, "constrained", tmp_path)
    x, y = scenarios.make_data()
    model = scenarios.make_model(kernel_constraint=ln.constraints.MaxNorm(scenarios.MAX_NORM))
    model.fit(x, y, **scenarios.FIT)
    for rank in range(2):
        assert_same_weights(saved_weights(tmp_path, rank), model.get_weights(), atol=1e-12)
    assert_same_weights(saved_weights(tmp_path, 1), saved_weights(tmp_path, 0), atol=0)
    kernel = saved_weights(tmp_path, 0)[0]
    assert np.sqrt((kernel**2).sum(axis=0)).max() <= scenarios.MAX_NORM * (1 + 1e-12)


@needs_mpi
def test_with_dropout_every_epoch_still_shares_out_each_example_once(tmp_path):
    """Each rank draws its own dropout masks from a stream of its own, but every rank must
    shuffle in the same order: each epoch, the ranks' shares together hold every example
    exactly once, and the same update keeps the ranks' weights identical.  Resuming from
    rank 0's checkpoint continues the same run."""
    run_scenario(2, "dropout", tmp_path)
    seen = [json.loads((tmp_path / f"seen-{rank}.json").read_text()) for rank in range(2)]
    assert len(seen[0]) == len(seen[1]) == 3
    for epoch in range(3):
        assert sorted(seen[0][epoch] + seen[1][epoch]) == list(range(50))
        assert len(seen[0][epoch]) == 25
    trained = saved_weights(tmp_path, 0)
    assert_same_weights(saved_weights(tmp_path, 1), trained, atol=0)
    for rank in range(2):
        with np.load(tmp_path / f"resumed-{rank}.npz") as resumed:
            assert_same_weights([resumed[f"arr_{i}"] for i in range(len(trained))], trained, atol=0)


@needs_mpi
def test_rank_0_alone_writes_and_its_checkpoint_resumes_the_run(tmp_path):
    first = run_scenario(2, "checkpoint", tmp_path)
    assert sorted(p.name for p in tmp_path.glob("checkpoint-*")) == ["checkpoint-0.lucid"]
    assert sorted(p.name for p in tmp_path.glob("log-*")) == ["log-0.csv"]
    assert len((tmp_path / "log-0.csv").read_text().splitlines()) == 1 + 2  # header, 2 epochs
    assert first.stdout.count("Epoch 1/2") == 1  # one progress report, from rank 0

    run_scenario(2, "resume", tmp_path)
    model, _ = reference_run()
    for rank in range(2):
        assert_same_weights(saved_weights(tmp_path, rank), model.get_weights(), atol=1e-12)
        assert saved_history(tmp_path, rank)["epoch"] == [2, 3]


@needs_mpi
def test_every_rank_resumes_from_the_backup_that_rank_0_alone_writes(tmp_path):
    """BackupAndRestore in a job aborted when rank 1 fails: started again, every rank
    restores the backup of epoch 1 and the run ends as the uninterrupted one, bit for bit."""
    assert run_scenario(2, "backup_interrupted", tmp_path, succeed=False).returncode != 0
    assert os.listdir(tmp_path / "backup") == ["latest.lucid"]
    run_scenario(2, "backup_resume", tmp_path)
    trained, straight = saved_weights(tmp_path, 0), saved_history(tmp_path, 0)
    for rank in range(2):
        with np.load(tmp_path / f"resumed-{rank}.npz") as resumed:
            assert_same_weights([resumed[f"arr_{i}"] for i in range(len(trained))], trained, atol=0)
        history = json.loads((tmp_path / f"resumed-history-{rank}.json").read_text())
        assert history["epoch"] == [2, 3]
        assert history["history"] == {key: values[2:] for key, values in straight["history"].items()}
    assert straight["history"]["learning_rate"] == [0.02, 0.02, 0.01, 0.005]  # restored too
    assert [json.loads((tmp_path / f"saves-{rank}.json").read_text()) for rank in range(2)] == [2, 0]
    assert not (tmp_path / "backup").exists()


@needs_mpi
def test_a_rank_that_stops_stops_every_rank(tmp_path):
    run_scenario(2, "stop_on_one_rank", tmp_path)
    assert [saved_history(tmp_path, rank)["epoch"] for rank in range(2)] == [[0], [0]]


#: Scenarios in which the job must end, quickly, with these lines in its error output.
FAILURES = {
    "an exception on one rank aborts the job with its message": (
        "raise_on_one_rank",
        ["rank 1 of 2 failed during fit(): RuntimeError: the disk of rank 1 is full",
         "Aborting all 2 ranks"]),
    "a frozen rank makes the others abort after the timeout": (
        "stall", ["rank 0 of 2 has waited", "One of them has stopped, hangs or lost its connection"]),
    "a killed rank ends the job": ("kill", []),  # the launcher's doing
    "ranks with different models stop at the start naming the difference": (
        "different_models", ["model.layers.1.config.units: rank 0 has 8, rank 1 has 9"]),
    "ranks with different data sizes stop at the start naming the difference": (
        "different_data", ["x.examples: rank 0 has 50, rank 1 has 49"]),
}


@needs_mpi
@pytest.mark.parametrize("scenario, messages", FAILURES.values(), ids=FAILURES.keys())
def test_a_failing_rank_ends_the_job_instead_of_hanging(scenario, messages, tmp_path):
    result = run_scenario(2, scenario, tmp_path, succeed=False)
    assert result.returncode != 0
    for message in messages:
        assert message in result.stderr
    assert not list(tmp_path.glob("weights-*"))


@needs_mpi
def test_the_command_trains_on_two_ranks_like_one_process(tmp_path, capsys):
    # Without dropout: its masks depend on how many ranks share a batch.
    options = ["train", "--epochs", "3", "--dropout", "0", "--quiet"]
    result = mpirun(2, sys.executable, "-m", "lucidnet", *options, "--distributed",
                    "--out", str(tmp_path / "two.lucid"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("test accuracy") == 1 and result.stdout.count("model saved") == 1

    assert cli_main([*options, "--out", str(tmp_path / "one.lucid")]) == 0
    capsys.readouterr()
    two, one = ln.load_model(tmp_path / "two.lucid"), ln.load_model(tmp_path / "one.lucid")
    assert_same_weights(two.get_weights(), one.get_weights(), atol=1e-5)
