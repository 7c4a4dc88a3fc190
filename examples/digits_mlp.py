"""The embedded handwritten digits with a multi-layer perceptron, step by step.

Run: python examples/digits_mlp.py
"""

import numpy as np

import lucidnet as ln
from lucidnet import Dense, Dropout, Input, Sequential
from lucidnet.datasets import digits

(x_train, y_train), (x_test, y_test) = digits.load_data()
x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL   # 8×8 → 64 inputs in [0, 1]
x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL

ln.set_random_seed(0)
model = Sequential([
    Input((64,)),
    Dense(64, activation="relu"),
    Dropout(0.1),
    Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()
history = model.fit(x_train, y_train, epochs=30, batch_size=32, validation_split=0.1, verbose=2)

loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test loss {loss:.4f}, test accuracy {accuracy:.4f}")

# Over- or underfitting? Compare the last training and validation losses.
gap = history.history["val_loss"][-1] - history.history["loss"][-1]
print(f"validation loss exceeds training loss by {gap:.4f}")

# Backpropagation checked against finite differences on a few examples.
print(ln.utils.gradcheck(model, x_test[:8], y_test[:8], max_checks_per_tensor=30))
predicted = np.argmax(model.predict(x_test[:10], verbose=0), axis=1)
print("first ten test digits:", y_test[:10].tolist(), "predicted:", predicted.tolist())
