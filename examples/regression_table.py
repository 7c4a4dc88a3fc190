"""Regression on a small real table: disease progression of 442 diabetes patients.

The table (Efron, Hastie, Johnstone & Tibshirani 2004, "Least Angle Regression") ships with
scikit-learn, so nothing is downloaded: ten baseline measurements per patient (age, sex, body
mass index, blood pressure and six blood serum values) and, as the target, a measure of how
far the disease has progressed one year later.  Without scikit-learn the example says so and
stops.

A regression network ends in a linear unit and is trained on the mean squared error.  Its
test error is printed beside the least-squares line's, the baseline any regression model
has to beat.

Run: python examples/regression_table.py
"""

import numpy as np

import lucidnet as ln
from lucidnet import Dense, Input, Sequential
from lucidnet.callbacks import EarlyStopping


def r_squared(y, prediction):
    """R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: the share of the target's variance explained."""
    return 1.0 - np.sum((y - prediction) ** 2) / np.sum((y - y.mean()) ** 2)


def main():
    try:
        from sklearn.datasets import load_diabetes
    except ImportError:
        print("This example reads the diabetes table that ships with scikit-learn, which is "
              "not installed: pip install scikit-learn")
        return

    table = load_diabetes()
    x, y = table.data, table.target
    print(f"{len(x)} patients, {x.shape[1]} features: {', '.join(table.feature_names)}")
    x_train, x_test, y_train, y_test = ln.utils.train_test_split(x, y, test_size=0.2, seed=0)

    # Standardize with the training set's statistics only: the test set stays unseen.
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    x_train, x_test = (x_train - mean) / std, (x_test - mean) / std
    y_mean, y_std = y_train.mean(), y_train.std()

    ln.set_random_seed(0)
    model = Sequential([
        Input((x.shape[1],)),
        Dense(16, activation="relu"),
        Dense(1),                                   # linear output: any real number
    ])
    model.compile(optimizer=ln.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    history = model.fit(
        x_train, (y_train - y_mean) / y_std, epochs=300, batch_size=32, validation_split=0.2,
        callbacks=[EarlyStopping(monitor="val_loss", patience=20, restore_best_weights=True)],
        verbose=0,
    )
    print(f"trained {len(history.epoch)} epochs (early stopping on the validation loss)")
    network = model.predict(x_test, verbose=0)[:, 0] * y_std + y_mean

    # The least-squares line: [x 1] θ ≈ y, solved exactly.
    design = np.hstack([x_train, np.ones((len(x_train), 1))])
    theta, *_ = np.linalg.lstsq(design, y_train, rcond=None)
    line = np.hstack([x_test, np.ones((len(x_test), 1))]) @ theta

    print(f"{'model':<22}{'test MAE':>10}{'test R²':>10}")
    for name, prediction in (("least-squares line", line), ("10-16-1 network", network)):
        mae = np.mean(np.abs(y_test - prediction))
        print(f"{name:<22}{mae:>10.1f}{r_squared(y_test, prediction):>10.3f}")
    print("first five test patients, target vs network:",
          [f"{t:.0f}/{p:.0f}" for t, p in zip(y_test[:5], network[:5])])


if __name__ == "__main__":
    main()
