"""The ``lucidnet`` command.

``lucidnet train`` trains a multi-layer perceptron on the embedded handwritten digits and
reports each epoch's loss and accuracy and the final test accuracy.
"""

from __future__ import annotations

import argparse
import sys
import time

from . import __version__, optimizers
from .config import set_random_seed
from .datasets import digits
from .layers import Dense, Input
from .models import Sequential


def _hidden_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--hidden takes comma-separated layer widths such as 128,64; got {text!r}"
        ) from None
    if any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError(f"--hidden widths must be positive; got {text!r}")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lucidnet", description="Neural networks on NumPy, written like the equations."
    )
    parser.add_argument("--version", action="version", version=f"lucidnet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser(
        "train", help="train an MLP on the embedded 8x8 handwritten digits",
        description="Train a multi-layer perceptron on the embedded UCI handwritten digits "
        "(1,437 training and 360 test images of 8x8 pixels) and report its test accuracy.",
    )
    train.add_argument("--hidden", type=_hidden_sizes, default=[64],
                       help="hidden layer widths, comma-separated (default: 64)")
    train.add_argument("--activation", default="relu", help="hidden activation (default: relu)")
    train.add_argument("--optimizer", default="adam", help="optimizer name (default: adam)")
    train.add_argument("--learning-rate", type=float, default=0.003,
                       help="learning rate (default: 0.003)")
    train.add_argument("--epochs", type=int, default=30, help="passes over the data (default: 30)")
    train.add_argument("--batch-size", type=int, default=32, help="mini-batch size (default: 32)")
    train.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    train.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    train.add_argument("--quiet", action="store_true", help="print only the final result")
    return parser


def train(args) -> int:
    set_random_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    # Flatten each 8×8 image to 64 inputs and scale pixels from 0..16 to [0, 1].
    x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL
    x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL

    layers = [Input((x_train.shape[1],))]
    layers += [Dense(units, activation=args.activation) for units in args.hidden]
    layers.append(Dense(digits.NUM_CLASSES, activation="softmax"))
    model = Sequential(layers, name="digits_mlp", dtype=args.dtype)
    optimizer = optimizers.get(args.optimizer)
    optimizer.learning_rate = args.learning_rate
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    if not args.quiet:
        model.summary()
    started = time.perf_counter()
    # The test set stays unseen until the end; the last 10% of training data validates.
    model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
              validation_split=0.1, verbose=0 if args.quiet else "auto")
    seconds = time.perf_counter() - started
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"test accuracy: {accuracy:.4f} (loss {loss:.4f}) on {len(x_test)} images, "
          f"trained in {seconds:.1f}s")
    return 0


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "train":
            return train(args)
    except (ValueError, TypeError) as error:
        print(f"lucidnet: error: {error}", file=sys.stderr)
        return 2
    return 1
