"""MNIST from its 10,000-image test file alone: 784 inputs, 10 outputs, in under a minute.

The two ``t10k-…`` IDX files (1.6 MB) are all this example needs: it splits their 10,000
images into 8,000 to train on and 2,000 to test on, flattens each 28×28 image into 784
inputs in [0, 1], and trains a 784-128-10 network.  The output unit with the largest value
is the prediction: unit 0 stands for the digit 0, ..., unit 7 for the digit 7.

Where the files are looked for, in order:

1. ``--data-dir DIR``: a folder holding ``t10k-images-idx3-ubyte`` and
   ``t10k-labels-idx1-ubyte`` (each may keep its ``.gz``);
2. the folders lucidnet's MNIST loader searches: ``$LUCIDNET_DATA/mnist/``, then the user's
   cache (``~/.cache/lucidnet/mnist/``).

Nothing is downloaded unless ``--download`` is given.  When the files are not found the
example says where to put them and exits with status 1: it has not done its job.

Run: python examples/mnist_t10k.py --data-dir path/to/mnist
"""

import argparse
import sys
from pathlib import Path

import numpy as np

import lucidnet as ln
from lucidnet import Dense, Input, Sequential
from lucidnet.datasets import mnist
from lucidnet.datasets.files import search_folders

T10K_FILES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def holds_t10k(folder: Path) -> bool:
    """Whether ``folder`` has both t10k files, gzipped or not."""
    return all(
        any((folder / name).is_file() for name in mnist.SOURCE.file(file).local_names)
        for file in T10K_FILES
    )


def find_data_dir(data_dir):
    """The first folder that holds the t10k files, or None."""
    candidates = [Path(data_dir)] if data_dir else search_folders(mnist.SOURCE)
    return next((folder for folder in candidates if holds_t10k(folder)), None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="folder holding the t10k-… files")
    parser.add_argument("--download", action="store_true",
                        help="download the two files if they are not found")
    parser.add_argument("--epochs", type=int, default=10)
    # Known arguments only: when another program runs this file in its own process (a test
    # runner does), the command line is that program's.
    args, others = parser.parse_known_args(argv)
    if others:
        print(f"(ignoring arguments not meant for this example: {' '.join(others)})")

    folder = find_data_dir(args.data_dir)
    if folder is None and not args.download:
        looked = [args.data_dir] if args.data_dir else search_folders(mnist.SOURCE)
        print("The MNIST test files were not found, so this example has nothing to train on.\n"
              f"Looked in: {', '.join(map(str, looked))}.\n"
              f"Put {' and '.join(T10K_FILES)} in a folder and pass --data-dir FOLDER, or set "
              "LUCIDNET_DATA to a folder with an mnist/ subfolder holding them, or rerun "
              "with --download.", file=sys.stderr)
        return 1
    images, labels = mnist.load_test_data(path=folder)   # None: the loader's own search
    print(f"read {len(images)} images of {images.shape[1]}×{images.shape[2]} pixels"
          + (f" from {folder}" if folder is not None else ""))

    x = images.reshape(len(images), -1).astype("float32") / mnist.MAX_PIXEL   # (N, 784)
    x_train, x_test, y_train, y_test = ln.utils.train_test_split(
        x, labels, test_size=0.2, stratify=labels, seed=0)

    ln.set_random_seed(0)
    model = Sequential([
        Input((784,)),
        Dense(128, activation="relu"),
        Dense(mnist.NUM_CLASSES, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.summary()
    model.fit(x_train, y_train, epochs=args.epochs, batch_size=64, validation_split=0.1,
              verbose=2)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"{len(x_test)} held-out images: loss {loss:.4f}, accuracy {accuracy:.4f}")

    outputs = model.predict(x_test[:1], verbose=0)[0]
    print(f"the first held-out image is a {y_test[0]}; the ten outputs are "
          f"[{', '.join(f'{p:.3f}' for p in outputs)}]; the largest is unit {np.argmax(outputs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
