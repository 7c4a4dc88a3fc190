"""Write pima-indians-diabetes.csv: a stand-in for the Pima Indians diabetes table.

The real table (UCI / NIDDK) is not redistributed here. This one has its shape and its
columns, in its order and units, without a header: pregnancies, plasma glucose, diastolic
blood pressure, triceps skin fold, serum insulin, BMI, diabetes pedigree function, age,
and the 0/1 outcome. Each column is drawn near the real one's mean and spread; the outcome
is drawn from a logistic model of glucose, BMI, age, pregnancies and pedigree, scaled so
that about 35% of rows are positive and a good classifier gets about 77% right, as on the
real table.

Run: python tests/tutorials/data/make_pima_standin.py
"""

import pathlib

import numpy as np

ROWS = 768


def make(seed=0):
    rng = np.random.default_rng(seed)
    pregnancies = rng.poisson(3.8, ROWS)
    glucose = np.clip(rng.normal(121, 30, ROWS), 44, 199).round()
    pressure = np.clip(rng.normal(72, 12, ROWS), 24, 122).round()
    skin = np.clip(rng.normal(29, 10, ROWS), 7, 99).round()
    insulin = np.clip(rng.lognormal(4.8, 0.6, ROWS), 14, 846).round()
    bmi = np.clip(rng.normal(32.4, 6.9, ROWS), 18.2, 67.1).round(1)
    pedigree = np.clip(rng.lognormal(-0.9, 0.6, ROWS), 0.078, 2.42).round(3)
    age = np.clip(21 + rng.gamma(1.6, 7.5, ROWS), 21, 81).round()
    z = 1.4 * (0.035 * (glucose - 121) + 0.09 * (bmi - 32.4) + 0.03 * (age - 33)
         + 0.12 * (pregnancies - 3.8) + 0.9 * (pedigree - 0.47) - 0.55)
    outcome = (rng.random(ROWS) < 1 / (1 + np.exp(-z))).astype(int)
    return np.column_stack([pregnancies, glucose, pressure, skin, insulin, bmi, pedigree, age, outcome])


if __name__ == "__main__":
    table = make()
    path = pathlib.Path(__file__).with_name("pima-indians-diabetes.csv")
    np.savetxt(path, table, delimiter=",", fmt=["%d"] * 5 + ["%.1f", "%.3f", "%d", "%d"])
    print(f"{path.name}: {len(table)} rows, {table[:, -1].mean():.1%} positive")
