"""A stand-in for ``keras.datasets.imdb.load_data(num_words=...)``: generated reviews.

The IMDB reviews are not here (Keras downloads them). These have their form: each review
a list of word indices, 1 marking the start, 2 an unknown word, the others below
``num_words``, common words having small indices (a Zipf law), 120 to 400 words long;
labels 0 (negative) and 1 (positive), half each. The sentiment lives in 400 "positive"
and 400 "negative" words among the 3,000 most frequent, which a review of either kind
uses more often, so that a bag-of-words classifier reaches about 85-90%, as on IMDB.
Fewer reviews than IMDB's 25,000 + 25,000 (``size`` each), so that the notebooks run in
seconds on NumPy.

Run: python tests/tutorials/data/imdb_standin.py (prints a summary)
"""

import numpy as np


def load_data(num_words=10000, size=1500, seed=0):
    """``(train_data, train_labels), (test_data, test_labels)``, as Keras's loader gives them."""
    rng = np.random.default_rng(seed)
    words = np.arange(3, num_words)
    zipf = 1.0 / (words - 2) ** 1.05
    sentiment = rng.permutation(np.arange(20, 3000))[:800]
    positive, negative = sentiment[:400], sentiment[400:]

    def reviews(count):
        labels = rng.integers(0, 2, count)
        data = []
        for label in labels:
            weights = zipf.copy()
            weights[(positive if label else negative) - 3] *= 1.45
            weights[(negative if label else positive) - 3] *= 0.75
            length = int(rng.integers(120, 400))
            review = rng.choice(words, size=length, p=weights / weights.sum())
            data.append([1] + review.tolist())
        return np.array(data, dtype=object), labels.astype(np.int64)

    return reviews(size), reviews(size)


if __name__ == "__main__":
    (train_data, train_labels), (test_data, test_labels) = load_data()
    print(len(train_data), "train and", len(test_data), "test reviews;",
          f"{train_labels.mean():.0%} positive; longest index", max(max(s) for s in train_data))
