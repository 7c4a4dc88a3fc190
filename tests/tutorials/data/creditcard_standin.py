"""A stand-in for Kaggle's creditcard.csv (credit card fraud, ULB): generated transactions.

The real table (284,807 card transactions of two days in September 2013, 492 of them
frauds) is not here. ``write(path)`` writes one with its form: the header
``"Time","V1",…,"V28","Amount","Class"`` quoted as in the original, ``Time`` in seconds over
two days, ``V1``…``V28`` centred components of decreasing spread (the original's are PCA
components), ``Amount`` log-normal, ``Class`` ``"0"`` or ``"1"``, frauds 0.17% of the rows as in
the original. The frauds differ in V10, V12, V14 and V17 (strongly negative, as in the real
table) and V4, V11 (positive), with overlap, so that a classifier catches most of them at
the cost of a few hundred false alarms. A tenth of the original's rows, so that the example
trains in seconds.

Run: python tests/tutorials/data/creditcard_standin.py (writes creditcard.csv here)
"""

import numpy as np

ROWS = 28_481
FRAUD_SHARE = 492 / 284_807
#: Component → its mean shift in frauds, in units of its spread.
FRAUD_SHIFTS = {4: 1.6, 10: -2.2, 11: 1.5, 12: -2.4, 14: -2.8, 17: -2.3}


def make(seed=0):
    """The table as an array: Time, V1 … V28, Amount, Class."""
    rng = np.random.default_rng(seed)
    fraud = rng.random(ROWS) < FRAUD_SHARE
    time = np.sort(rng.uniform(0, 172_792, ROWS)).round()
    spreads = np.linspace(1.96, 0.33, 28)
    components = rng.standard_normal((ROWS, 28))
    for k, shift in FRAUD_SHIFTS.items():
        components[fraud, k - 1] += shift * rng.uniform(0.3, 1.7, fraud.sum())
    components *= spreads
    amount = rng.lognormal(3.1, 1.6, ROWS).round(2)
    return np.column_stack([time, components, amount, fraud.astype(int)])


def write(path, seed=0):
    """Write the table as a CSV at ``path``, as the original is written; return ``path``."""
    table = make(seed)
    header = ",".join(f'"{name}"' for name in ["Time", *(f"V{k}" for k in range(1, 29)), "Amount", "Class"])
    with open(path, "w", encoding="utf-8") as file:
        file.write(header + "\n")
        for row in table:
            file.write(",".join([f"{row[0]:.0f}", *(f"{v:.6f}" for v in row[1:29]), f"{row[29]:.2f}",
                                 f'"{int(row[30])}"']) + "\n")
    return path


if __name__ == "__main__":
    import pathlib

    path = write(pathlib.Path(__file__).with_name("creditcard.csv"))
    table = make()
    print(f"{path.name}: {len(table)} rows, {int(table[:, -1].sum())} frauds")
