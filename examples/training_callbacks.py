"""Training as in Keras: validation split, early stopping, a learning-rate plateau rule,
checkpoints and TensorBoard logs.

Run: python examples/training_callbacks.py   then   tensorboard --logdir runs
"""

import os
import tempfile

import lucidnet as ln
from lucidnet import Dense, Dropout, Input, Sequential
from lucidnet.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, TensorBoard
from lucidnet.datasets import digits

(x_train, y_train), (x_test, y_test) = digits.load_data()
x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL
x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL

ln.set_random_seed(0)
model = Sequential([
    Input((64,)),
    Dense(64, activation="relu"),
    Dropout(0.2),
    Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

log_dir = os.environ.get("LUCIDNET_RUNS", "runs")
checkpoints = tempfile.mkdtemp()
history = model.fit(
    x_train, y_train,
    epochs=100, batch_size=32,
    validation_split=0.2,                  # the last 20% of the training data, not shuffled in
    callbacks=[
        EarlyStopping(monitor="val_loss", patience=8, restore_best_weights=True),
        ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=4),
        ModelCheckpoint(os.path.join(checkpoints, "best.safetensors"), save_best_only=True),
        TensorBoard(log_dir=os.path.join(log_dir, "digits-mlp"), histogram_freq=5),
    ],
    verbose=2,
)
print(f"stopped after {len(history.epoch)} epochs; "
      f"test accuracy {model.evaluate(x_test, y_test, verbose=0)[1]:.4f}")
