"""The `lucidnet` command: `train`, `evaluate`, `predict`, `info` and `playground`.

Exit codes: 0 success, 2 a usage error, 1 a problem with the data or a model file.  Either is
reported in exactly one line on stderr, `lucidnet <command>: error: <message>`, the message
naming the file or option and the fault; `--debug` shows the traceback instead.  Only
lucidnet's errors are caught here (`ValueError`, `TypeError`, `OSError`, `ImportError`,
the errors of `lucidnet.errors`): any other exception is a bug, and keeps its traceback.

A command is one call of `add_command` in `build_parser`: its name, the function that runs
it (given the parsed arguments, returning the exit status) and its help; it then takes
`--debug` after its name as well as before, and, like every parser here, refuses
abbreviated options.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import distributed
from ..errors import LaunchError
from ..validation import positive_int
from ..version import __version__
from . import playground
from .files import MAX_IMAGE_PIXELS, MAX_INPUT_BYTES

ERRORS_EPILOG = (
    "Errors: exit status 2 for bad usage, 1 for a problem with the data or a file, each told in "
    "one line on stderr naming the file or option and the fault; --debug (before or after the command) "
    "shows the traceback and, for missing MNIST or Fashion-MNIST files, which files to fetch and "
    "where they were looked for. Inputs are refused before they are read when an array would "
    f"take more than {MAX_INPUT_BYTES:,} bytes, a CSV is longer than that, or an image has more "
    f"than {MAX_IMAGE_PIXELS:,} pixels; arrays must hold numbers (no objects, strings, dates or "
    "complex values)."
)


class OneLineParser(argparse.ArgumentParser):
    """argparse, with its usage errors in one line (`--help` shows the usage), and no
    abbreviated options: `--epoch` is an error, not a silent `--epochs` (an abbreviation
    that stops being one when an option is added would change what a script does)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message.splitlines()[0]}\n")


def _top_k(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--top-k takes a number of classes, got {text!r}") from None
    try:
        return positive_int("the number of classes", count)
    except ValueError as error:  # argparse shows the message of this error type only
        raise argparse.ArgumentTypeError(str(error)) from None


def _hidden_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        sizes = []
    if not sizes:
        raise argparse.ArgumentTypeError(
            f"--hidden takes comma-separated layer widths such as 256,128; got {text!r}"
        )
    try:
        return [positive_int("each width", size) for size in sizes]
    except ValueError as error:  # argparse shows the message of this error type only
        raise argparse.ArgumentTypeError(str(error)) from None


DEBUG_HELP = "show the traceback of an error instead of its one line"


def _run_later(module: str, function: str):
    """The command's function, imported when the command runs (`lucidnet --help` stays fast)."""
    def run(args):
        return getattr(importlib.import_module(f".{module}", __package__), function)(args)

    return run


def add_command(commands, name: str, run, **kwargs) -> argparse.ArgumentParser:
    """A subcommand `name` of the `lucidnet` parser that calls `run(args)`; it takes
    `--debug` too and shows the errors epilog.  `kwargs` go to `add_parser` (`help`,
    `description`)."""
    kwargs.setdefault("epilog", ERRORS_EPILOG)
    command = commands.add_parser(name, **kwargs)
    # SUPPRESS: left out after the command, --debug keeps the value given before it.
    command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    command.set_defaults(run=run)
    return command


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="lucidnet", description="Neural networks on NumPy, written like the equations.",
        epilog=ERRORS_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"lucidnet {__version__}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    commands = parser.add_subparsers(dest="command", required=True)
    add_train_command(commands)
    add_use_commands(commands)
    playground.add_options(add_command(
        commands, "playground", _run_later("playground", "run"), help=playground.HELP,
        description=playground.DESCRIPTION,
    ))
    return parser


def add_train_command(commands) -> None:
    train = add_command(
        commands, "train", _run_later("train", "run"),
        help="train a multi-layer perceptron and save it",
        description="Train a multi-layer perceptron, report its test accuracy per class and save "
        "it. With no options: the embedded 8x8 handwritten digits. Options left out take the "
        "recommended value for the data (digits: 64 hidden units, dropout 0.1, 50 epochs; MNIST and "
        "Fashion-MNIST: 256,128 hidden units, dropout 0.2, 30 epochs of batch 128).",
    )
    train.add_argument("--data", default="digits",
                       help="digits (default), mnist, fashion_mnist, or a PATH.csv / PATH.npz table")
    train.add_argument("--target", help="the column to predict, for a table")
    train.add_argument("--data-dir", dest="data_dir", metavar="DIR",
                       help="folder holding the MNIST or Fashion-MNIST files (default: search, then download)")
    train.add_argument("--hidden", type=_hidden_sizes, help="hidden layer widths, e.g. 256,128")
    train.add_argument("--activation", default="relu", help="hidden activation (default: relu)")
    train.add_argument("--optimizer", default="adam", help="optimizer name (default: adam)")
    train.add_argument("--lr", "--learning-rate", dest="learning_rate", type=float, help="learning rate")
    train.add_argument("--epochs", type=int, help="passes over the training data")
    train.add_argument("--batch-size", dest="batch_size", type=int, help="examples per step")
    train.add_argument("--dropout", type=float, help="dropout rate after each hidden layer")
    train.add_argument("--validation-split", dest="validation_split", type=float, default=0.1,
                       help="last fraction of the training data held out for validation (default 0.1)")
    train.add_argument("--early-stopping", dest="early_stopping", type=int, metavar="PATIENCE",
                       help="stop after PATIENCE epochs without a better val_loss, keeping the best weights")
    train.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    train.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    train.add_argument("--out", help="model file, or a directory for <data>.lucid (default: ./<data>.lucid)")
    train.add_argument("--tensorboard", metavar="DIR", help="write TensorBoard logs to DIR")
    train.add_argument("--plots", metavar="DIR", help="write learning curves and other PNGs to DIR")
    train.add_argument("--quiet", action="store_true", help="print only the final result")
    train.add_argument("--distributed", action="store_true",
                       help="train on every process of an MPI job, each computing the gradient "
                       "of its share of every batch: mpirun -n 2 lucidnet train --distributed ... "
                       "(needs the [mpi] extra)")


def _add_data_options(command, purpose: str) -> None:
    command.add_argument("--data", help=f"digits, mnist, fashion_mnist, or a PATH.csv / PATH.npz "
                         f"table {purpose} (default: the data the model was trained on)")
    command.add_argument("--target", help="the target column of a table (default: as trained)")
    command.add_argument("--data-dir", dest="data_dir", metavar="DIR",
                         help="folder holding the MNIST or Fashion-MNIST files")


def add_use_commands(commands) -> None:
    evaluate = add_command(
        commands, "evaluate", _run_later("use", "evaluate"),
        help="evaluate a saved model on a dataset",
        description="Score a saved model on the test set of an image dataset or, for a table, "
        "on the rows training held out (the same split, when the table has not changed).",
    )
    evaluate.add_argument("model", help="a .lucid file written by lucidnet train")
    _add_data_options(evaluate, "to score")

    predict = add_command(commands, "predict", _run_later("use", "predict"),
                          help="classify images or table rows with a saved model")
    predict.add_argument("model", help="a .lucid file written by lucidnet train")
    predict.add_argument("input", nargs="?",
                         help="an image (.png, ...), a .npy array of examples, or a .csv table; "
                         "or leave it out and take examples from --data with --rows")
    predict.add_argument("--top-k", dest="top_k", type=_top_k, default=3,
                         help="classes to show, at most the model's number of classes (default 3)")
    _add_data_options(predict, "to take the examples from (its test set)")
    predict.add_argument("--rows", type=_rows, default=None, metavar="START:STOP",
                         help="which examples of --data to predict, as a Python slice (default 0:5)")

    info = add_command(commands, "info", _run_later("use", "info"),
                       help="show a saved model's layers and training record")
    info.add_argument("model", help="a .lucid file")


def _rows(text: str) -> slice:
    parts = text.split(":")
    try:
        if len(parts) == 1:
            start = int(parts[0])
            return slice(start, start + 1 if start != -1 else None)
        if len(parts) == 2:
            return slice(*(int(part) if part.strip() else None for part in parts))
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"--rows takes START:STOP (or one row number), got {text!r}")


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    prog = f"{parser.prog} {args.command}"  # as argparse names a command in its errors
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`): stop quietly
        sys.stdout = open(os.devnull, "w")
        return 1
    except argparse.ArgumentError as error:  # usage found wrong only once the model is read
        if args.debug:
            raise
        print(f"{prog}: error: {one_line(error)}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, OSError, ImportError, LaunchError) as error:
        if args.debug:
            raise
        print(f"{prog}: error: {one_line(error)}", file=sys.stderr)
        if getattr(args, "distributed", False):
            # The other ranks may be waiting for this one, which must not just exit.
            distributed.abort(f"rank {distributed.rank()} stopped on the error above.")
        return 1


def one_line(error: BaseException) -> str:
    """The error's message on one line: its first, with a pointer to --debug for the rest."""
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return lines[0] if len(lines) == 1 else f"{lines[0]} (--debug shows the rest)"
