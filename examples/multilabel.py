"""Multi-label (non-exclusive) classification: several yes/no tags per example at once.

Each of the embedded handwritten digits gets three tags: "even", "prime" and "above 4".
A 2 is even and prime, a 7 is prime and above 4, a 1 has no tag at all, an 8 is even and
above 4.  The tags are not exclusive, so the targets are multi-hot rows such as [1, 1, 0],
not one-hot ones: the network ends in one sigmoid per tag, each an independent
probability, trained with binary cross-entropy.  A softmax would be wrong here: its outputs
sum to 1, so it could never say "even" and "prime" with confidence at the same time.

Run: python examples/multilabel.py
"""

import numpy as np

import lucidnet as ln
from lucidnet import Dense, Input, Sequential
from lucidnet.datasets import digits

TAGS = ("even", "prime", "above 4")


def tags_of(labels):
    """The multi-hot target rows: one column per tag, 1 where the tag applies."""
    labels = np.asarray(labels)
    return np.stack([labels % 2 == 0, np.isin(labels, [2, 3, 5, 7]), labels > 4],
                    axis=1).astype("float32")


def main():
    (x_train, labels_train), (x_test, labels_test) = digits.load_data()
    x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL
    x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL
    y_train, y_test = tags_of(labels_train), tags_of(labels_test)
    print("targets of the digits 0-9 (columns: " + ", ".join(TAGS) + "):")
    for digit, row in enumerate(tags_of(range(10))):
        print(f"  {digit}: {row.astype(int).tolist()}")

    ln.set_random_seed(0)
    model = Sequential([
        Input((64,)),
        Dense(64, activation="relu"),
        Dense(len(TAGS), activation="sigmoid"),     # one independent P(tag) per output
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=40, batch_size=32, verbose=0)
    loss, tag_accuracy = model.evaluate(x_test, y_test, verbose=0)

    predicted = (model.predict(x_test, verbose=0) > 0.5).astype("float32")
    exact = np.mean(np.all(predicted == y_test, axis=1))
    print(f"test loss {loss:.3f}; tags right {tag_accuracy:.3f} of the time; "
          f"all three right for {exact:.3f} of the images")
    for name, column in zip(TAGS, predicted.T == y_test.T):
        print(f"  '{name}' right for {column.mean():.3f} of the test images")
    print("several tags at once, as the sigmoid outputs allow:")
    for digit in (2, 7, 1):
        row = predicted[np.flatnonzero(labels_test == digit)[0]]
        on = [name for name, flag in zip(TAGS, row) if flag] or ["no tag"]
        print(f"  an image of a {digit}: {', '.join(on)}")


if __name__ == "__main__":
    main()
