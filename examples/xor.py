"""XOR: the problem a single perceptron cannot solve and a 2-4-1 network can.

Run: python examples/xor.py
"""

import numpy as np

import lucidnet as ln
from lucidnet import Dense, Input, Sequential

x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y = np.array([0, 1, 1, 0])

model = Sequential([
    Input((2,)),
    Dense(4, activation="tanh"),      # the hidden layer bends the decision boundary
    Dense(1, activation="sigmoid"),   # P(output = 1)
], seed=3)
model.compile(optimizer=ln.optimizers.Adam(learning_rate=0.05), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(x, y, epochs=500, batch_size=4, verbose=0)

probabilities = model.predict(x, verbose=0)[:, 0]
for inputs, p in zip(x.astype(int), probabilities):
    print(f"{inputs[0]} XOR {inputs[1]} -> {p:.3f} ({int(p > 0.5)})")

hidden = model.layers[0]
z = x @ hidden.kernel + hidden.bias  # z¹ = a⁰W¹ + b¹ (predict keeps no z: it needs no backward)
print("hidden weighted inputs z for the four examples:\n", np.round(z, 3))
