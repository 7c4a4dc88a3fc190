"""A course-size model trained by the same Keras script, in lucidnet and in Keras 3.

The courses train small models for many epochs: here 64-32-16-10 (2,778 parameters) on the
embedded 8x8 digits (1,437 training images scaled to [0, 1]), Adam 1e-3, sparse categorical
cross-entropy with accuracy, batch 32, 20% held out by `validation_split`, 200 epochs,
`verbose=0`. `course_script` is written against the Keras API only; it runs once with
`import lucidnet.keras as keras` and once with Keras itself on the torch backend
(`KERAS_BACKEND=torch`, set here before Keras is imported), in this process, one after the
other, on the same arrays. Each system is seeded; the two start from different initial
weights (each draws its own), so the results agree in quality, not to the digit.

Reported per system: wall-clock seconds of `fit`, seconds per epoch, final validation and
test accuracy, and the ratio Keras / lucidnet. Keras missing: only lucidnet runs, with a note.

Run: python benchmarks/keras_course.py [--epochs 200] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")

UNITS = (32, 16)


def course_script(keras, x_train, y_train, x_test, y_test, epochs: int) -> dict:
    """The course's cells, in the Keras API: build, compile, fit, evaluate."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input(shape=(x_train.shape[1],))]
        + [keras.layers.Dense(units, activation="relu") for units in UNITS]
        + [keras.layers.Dense(10, activation="softmax")]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    started = time.perf_counter()
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=32,
                        validation_split=0.2, verbose=0)
    seconds = time.perf_counter() - started
    test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    return {
        "fit seconds": seconds,
        "seconds per epoch": seconds / epochs,
        "parameters": int(model.count_params()),
        "val accuracy": float(history.history["val_accuracy"][-1]),
        "test accuracy": float(test_accuracy),
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)

    import lucidnet.keras as lucid_keras
    from lucidnet.datasets import digits

    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = (x_train.reshape(len(x_train), -1) / 16.0).astype("float32")
    x_test = (x_test.reshape(len(x_test), -1) / 16.0).astype("float32")
    y_train, y_test = y_train.astype("int64"), y_test.astype("int64")

    results = {"lucidnet": course_script(lucid_keras, x_train, y_train, x_test, y_test,
                                         args.epochs)}
    try:
        import keras
    except ImportError:
        print("keras is not installed: only lucidnet ran")
    else:
        results[f"keras {keras.__version__} ({keras.backend.backend()})"] = course_script(
            keras, x_train, y_train, x_test, y_test, args.epochs)

    print(f"64-{'-'.join(map(str, UNITS))}-10 on the digits, {args.epochs} epochs, batch 32")
    print(f"{'system':<28}{'fit s':>9}{'s/epoch':>10}{'val acc':>9}{'test acc':>10}")
    for name, row in results.items():
        print(f"{name:<28}{row['fit seconds']:>9.2f}{row['seconds per epoch']:>10.4f}"
              f"{row['val accuracy']:>9.4f}{row['test accuracy']:>10.4f}")
    others = [name for name in results if name != "lucidnet"]
    for name in others:
        ratio = results[name]["fit seconds"] / results["lucidnet"]["fit seconds"]
        results[name]["time over lucidnet"] = ratio
        print(f"{name} / lucidnet = {ratio:.1f}x")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(results, file, indent=2)
    return results


if __name__ == "__main__":
    main()
