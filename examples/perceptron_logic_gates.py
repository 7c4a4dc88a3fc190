"""Rosenblatt's perceptron on the logic gates AND, OR and XOR, and the network that does XOR.

AND and OR are linearly separable: the perceptron learning rule finds a separating line in a
few epochs, within the number of updates the convergence theorem allows.  XOR is not: the
rule keeps making mistakes until it runs out of epochs.  A 2-4-1 network trained by
backpropagation learns XOR; its result is printed beside the perceptron's.

Run: python examples/perceptron_logic_gates.py
"""

import numpy as np

import lucidnet as ln
from lucidnet import Dense, Input, Sequential
from lucidnet.perceptron import Perceptron

x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
gates = {
    # name: (targets, a line known to separate them, as (w1, w2, b); None when none exists)
    "AND": (np.array([0, 0, 0, 1]), (1.0, 1.0, -1.5)),
    "OR": (np.array([0, 1, 1, 1]), (1.0, 1.0, -0.5)),
    "XOR": (np.array([0, 1, 1, 0]), None),
}


def novikoff_bound(x, y, separator):
    """(R/γ)² for inputs augmented with the bias input 1 and the normalized separator."""
    x_tilde = np.hstack([x, np.ones((len(x), 1))])
    u = np.asarray(separator) / np.linalg.norm(separator)
    signs = np.where(y == 1, 1.0, -1.0)
    gamma = np.min(signs * (x_tilde @ u))
    radius = np.max(np.linalg.norm(x_tilde, axis=1))
    return (radius / gamma) ** 2


perceptrons = {}
for name, (y, separator) in gates.items():
    p = Perceptron(learning_rate=1.0, max_epochs=20, shuffle=False).fit(x, y)
    perceptrons[name] = p
    print(f"{name}: errors per epoch {p.history}")
    print(f"     converged: {p.converged_} after {p.n_epochs_} epochs, "
          f"w = {p.weights_}, b = {p.bias_:g}, accuracy {p.score(x, y):.2f}")
    if separator is not None:
        print(f"     updates: {p.n_updates_} (the convergence theorem allows at most "
              f"{novikoff_bound(x, y, separator):.0f})")
    else:
        print("     no line separates XOR, so no epoch is ever free of errors")

# The multi-layer answer to XOR: one hidden layer of 4 tanh units bends the boundary.
y_xor = gates["XOR"][0]
mlp = Sequential([Input((2,)), Dense(4, activation="tanh"), Dense(1, activation="sigmoid")],
                 seed=3)
mlp.compile(optimizer=ln.optimizers.Adam(learning_rate=0.05), loss="binary_crossentropy",
            metrics=["accuracy"])
mlp.fit(x.astype(float), y_xor, epochs=500, batch_size=4, verbose=0)
probabilities = mlp.predict(x.astype(float), verbose=0)[:, 0]

print("\nXOR side by side")
print(" x1 x2 | target | perceptron | 2-4-1 network P(1)")
for inputs, target, single, p in zip(x, y_xor, perceptrons["XOR"].predict(x), probabilities):
    print(f"  {inputs[0]}  {inputs[1]} |   {target}    |     {single}      | "
          f"{p:.3f} -> {int(p > 0.5)}")
print(f"accuracy: perceptron {perceptrons['XOR'].score(x, y_xor):.2f}, "
      f"network {np.mean((probabilities > 0.5) == y_xor):.2f}")
