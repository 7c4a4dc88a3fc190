"""Redraw the README's example plots: the first model of the README, trained, then plotted.

Run from the repository root with the [plot] extra installed:
``python docs/images/make_readme_images.py``.
"""

from pathlib import Path

import lucidnet as ln
from lucidnet import Dense, Input, Sequential, plot
from lucidnet.datasets import digits

HERE = Path(__file__).parent

(x_train, y_train), (x_test, y_test) = digits.load_data()
x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL
x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL

ln.set_random_seed(0)
model = Sequential([Input((64,)), Dense(64, activation="relu"), Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=30, batch_size=32, validation_split=0.1, verbose=0)

plot.learning_curves(history, path=HERE / "digits-learning-curves.png")
plot.first_layer_weights(model, max_units=32, path=HERE / "digits-first-layer-weights.png")
