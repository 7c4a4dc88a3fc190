"""Write red-wine.csv and ion.csv: stand-ins for two tables of Kaggle Learn's dl-course-data.

Kaggle's "Intro to Deep Learning" course reads ``../input/dl-course-data/red-wine.csv`` (the
UCI Wine Quality table of red Vinho Verde, P. Cortez et al., 2009) and ``ion.csv`` (the UCI
Ionosphere radar returns, V. Sigillito et al., 1989). Neither is here, so these files have
their form, generated:

- **red-wine.csv**: 1,599 rows, the eleven physico-chemical columns under the same names,
  each drawn near the real one's mean, spread and range, and ``quality``, an integer
  (mostly 5 and 6), from a linear model of alcohol (up), volatile acidity (down),
  sulphates (up), total sulfur dioxide and density (down) plus noise, rounded and kept between
  3 and 8, so that a linear regression misses it by about half a point on average, as on the
  real table.
- **ion.csv**: 351 rows, an unnamed index column, ``V1`` … ``V34`` and ``Class`` ("good" 225,
  "bad" 126). As in the real table ``V1`` is 0 or 1 (0 only for some "bad" returns) and ``V2``
  is always 0 (the course drops it: it becomes NaN when min-max scaled). ``V3`` … ``V34`` are 16
  complex pulses, real and imaginary parts in [-1, 1]: "good" returns a damped rotating
  signal with noise, "bad" ones mostly noise, some saturated at ±1, so that a small network
  separates them about 90% of the time, as on the real table.

Run: python tests/tutorials/data/make_kaggle_standins.py
"""

import pathlib

import numpy as np

WINE_ROWS = 1599
WINE_COLUMNS = {  # name: (mean, standard deviation, minimum, maximum, decimals) of the real table
    "fixed acidity": (8.32, 1.74, 4.6, 15.9, 1),
    "volatile acidity": (0.528, 0.179, 0.12, 1.58, 3),
    "citric acid": (0.271, 0.195, 0.0, 1.0, 2),
    "residual sugar": (2.54, 1.41, 0.9, 15.5, 1),
    "chlorides": (0.087, 0.047, 0.012, 0.611, 3),
    "free sulfur dioxide": (15.9, 10.5, 1.0, 72.0, 0),
    "total sulfur dioxide": (46.5, 32.9, 6.0, 289.0, 0),
    "density": (0.99675, 0.00189, 0.99007, 1.00369, 5),
    "pH": (3.311, 0.154, 2.74, 4.01, 2),
    "sulphates": (0.658, 0.170, 0.33, 2.0, 2),
    "alcohol": (10.42, 1.07, 8.4, 14.9, 1),
}
#: How much each column's z-score moves quality.
WINE_EFFECTS = {"alcohol": 0.45, "volatile acidity": -0.27, "sulphates": 0.18,
                "total sulfur dioxide": -0.11, "density": -0.07}


def red_wine(seed=0):
    """The red-wine table as {column: values}, columns in the course's order."""
    rng = np.random.default_rng(seed)
    table, quality = {}, np.full(WINE_ROWS, 5.636)
    for name, (mean, spread, low, high, decimals) in WINE_COLUMNS.items():
        # skewed columns (sugar, chlorides, sulfur dioxide, sulphates) drawn log-normal
        if mean - 2 * spread < low:
            sigma = np.sqrt(np.log(1 + (spread / mean) ** 2))
            values = rng.lognormal(np.log(mean) - sigma ** 2 / 2, sigma, WINE_ROWS)
        else:
            values = rng.normal(mean, spread, WINE_ROWS)
        table[name] = np.clip(values, low, high).round(decimals)
        quality += WINE_EFFECTS.get(name, 0.0) * (table[name] - mean) / spread
    quality += rng.normal(0, 0.6, WINE_ROWS)
    table["quality"] = np.clip(np.rint(quality), 3, 8).astype(int)
    return table


ION_ROWS, ION_GOOD = 351, 225


def ionosphere(seed=0):
    """The ionosphere table as {column: values}: V1 … V34 and Class."""
    rng = np.random.default_rng(seed)
    good = rng.permutation(np.arange(ION_ROWS) < ION_GOOD)
    pulses = np.arange(1, 17)
    signals = np.empty((ION_ROWS, 32))
    for row, is_good in enumerate(good):
        if is_good:
            amplitude, turn, damping = rng.uniform(0.6, 1.0), rng.uniform(0.2, 1.2), rng.uniform(0.02, 0.12)
            envelope = amplitude * np.exp(-damping * pulses)
            real = envelope * np.cos(turn * pulses) + rng.normal(0, 0.2, 16)
            imaginary = envelope * np.sin(turn * pulses) + rng.normal(0, 0.2, 16)
        else:
            real, imaginary = rng.uniform(-1, 1, (2, 16)) * rng.uniform(0.3, 1.4)
        signals[row, 0::2], signals[row, 1::2] = real, imaginary
    signals = np.clip(signals, -1, 1).round(5)
    table = {"V1": np.where(good | (rng.random(ION_ROWS) < 0.7), 1, 0), "V2": np.zeros(ION_ROWS, dtype=int)}
    table.update({f"V{k + 3}": signals[:, k] for k in range(32)})
    table["Class"] = np.where(good, "good", "bad")
    return table


def write_csv(path, table, index=False):
    names = list(table)
    rows = zip(*(table[name] for name in names))
    with open(path, "w", encoding="utf-8") as file:
        file.write(",".join(([""] if index else []) + names) + "\n")
        for number, row in enumerate(rows, start=1):
            file.write(",".join(([str(number)] if index else []) + [str(value) for value in row]) + "\n")


if __name__ == "__main__":
    here = pathlib.Path(__file__).parent
    wine = red_wine()
    write_csv(here / "red-wine.csv", wine)
    ion = ionosphere()
    write_csv(here / "ion.csv", ion, index=True)
    counts = np.bincount(wine["quality"], minlength=9)[3:]
    print(f"red-wine.csv: {WINE_ROWS} rows, quality 3-8 counts {counts.tolist()}")
    print(f"ion.csv: {ION_ROWS} rows, {np.mean(ion['Class'] == 'good'):.0%} good")
