"""Binary classification: is a breast tumour malignant or benign?

The Wisconsin diagnostic breast cancer data (W. N. Street, W. H. Wolberg and O. L.
Mangasarian, 1993) ships with scikit-learn: 569 tumours, 30 measurements of their cell
nuclei each (radius, texture, smoothness, ...), labelled malignant or benign.  Without
scikit-learn the example says so and stops.

One sigmoid output gives P(benign); binary cross-entropy trains it.  Paired with the
sigmoid, that loss makes the output error simply δ = a − y (see the backpropagation chapter
of the guide).

Run: python examples/binary_breast_cancer.py
"""

import numpy as np

import lucidnet as ln
from lucidnet import Dense, Dropout, Input, Sequential
from lucidnet.callbacks import EarlyStopping


def main():
    try:
        from sklearn.datasets import load_breast_cancer
    except ImportError:
        print("This example reads the breast-cancer data that ships with scikit-learn, which "
              "is not installed: pip install scikit-learn")
        return

    data = load_breast_cancer()
    x, y = data.data, data.target                    # y = 1: benign, y = 0: malignant
    names = list(data.target_names)                  # ['malignant', 'benign']
    print(f"{len(x)} tumours, {x.shape[1]} features, "
          f"{np.sum(y == 0)} {names[0]} and {np.sum(y == 1)} {names[1]}")
    x_train, x_test, y_train, y_test = ln.utils.train_test_split(
        x, y, test_size=0.25, stratify=y, seed=0)

    # The features range from 0.001 to 2,500: standardize them, with training statistics only.
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

    ln.set_random_seed(0)
    model = Sequential([
        Input((x.shape[1],)),
        Dense(16, activation="relu"),
        Dropout(0.2),
        Dense(1, activation="sigmoid"),              # P(y = 1 | x)
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(
        x_train, y_train, epochs=200, batch_size=16, validation_split=0.2,
        callbacks=[EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)],
        verbose=0,
    )
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"stopped after {len(history.epoch)} epochs; "
          f"test loss {loss:.3f}, test accuracy {accuracy:.3f}")

    probability = model.predict(x_test, verbose=0)[:, 0]
    predicted = (probability > 0.5).astype(int)
    # Malignant (class 0) is the finding that matters: count how often it is caught.
    caught = np.sum((predicted == 0) & (y_test == 0))
    missed = np.sum((predicted == 1) & (y_test == 0))
    false_alarms = np.sum((predicted == 0) & (y_test == 1))
    print(f"malignant tumours in the test set: {caught + missed}; caught {caught}, "
          f"missed {missed}; benign ones flagged as malignant: {false_alarms}")
    least_certain = np.sort(probability[np.argsort(np.abs(probability - 0.5))[:5]])
    print("the five least certain predictions, P(benign):",
          ", ".join(f"{p:.3f}" for p in least_certain))


if __name__ == "__main__":
    main()
