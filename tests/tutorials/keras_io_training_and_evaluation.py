"""keras.io developer guide "Training & evaluation with the built-in methods" (fchollet), its
first part, "API overview: a first end-to-end example":
https://keras.io/guides/training_with_built_in_methods/

The guide's code cells in order up to its section "The compile() method", its imports
changed for lucidnet. Changed: the data (MNIST's 60,000 training images are not here; its
10,000-image t10k file is), so the reshapes give 8,000 and 2,000 rows and 2,000 of the
training images are held out for validation instead of 10,000. The guide's imports of torch
and TensorFlow (for its later sections on DataLoaders and tf.data) and of ``keras.ops`` (not
used before those sections) are left out. The 2 epochs are the original's.
"""

import os
import numpy as np
import lucidnet.keras as keras
from lucidnet.keras import layers

inputs = keras.Input(shape=(784,), name="digits")
x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
x = layers.Dense(64, activation="relu", name="dense_2")(x)
outputs = layers.Dense(10, activation="softmax", name="predictions")(x)

model = keras.Model(inputs=inputs, outputs=outputs)

# Stand-in for keras.datasets.mnist.load_data(): the t10k file, first 8,000 images to train, last 2,000 to test.
from lucidnet.datasets.idx import read_idx
images = read_idx(os.path.join(os.environ["MNIST_T10K"], "t10k-images-idx3-ubyte.gz"))
labels = read_idx(os.path.join(os.environ["MNIST_T10K"], "t10k-labels-idx1-ubyte.gz"))
(x_train, y_train), (x_test, y_test) = (images[:8000], labels[:8000]), (images[8000:], labels[8000:])

# Preprocess the data (these are NumPy arrays)
x_train = x_train.reshape(8000, 784).astype("float32") / 255  # 60000 in the original
x_test = x_test.reshape(2000, 784).astype("float32") / 255  # 10000 in the original

y_train = y_train.astype("float32")
y_test = y_test.astype("float32")

# Reserve 10,000 samples for validation
x_val = x_train[-2000:]  # -10000 in the original, a sixth of its training images as here
y_val = y_train[-2000:]
x_train = x_train[:-2000]
y_train = y_train[:-2000]

model.compile(
    optimizer=keras.optimizers.RMSprop(),  # Optimizer
    # Loss function to minimize
    loss=keras.losses.SparseCategoricalCrossentropy(),
    # List of metrics to monitor
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)

print("Fit model on training data")
history = model.fit(
    x_train,
    y_train,
    batch_size=64,
    epochs=2,
    # We pass some validation for
    # monitoring validation loss & metrics
    # at the end of each epoch
    validation_data=(x_val, y_val),
)

history.history

# Evaluate the model on the test data using `evaluate`
print("Evaluate on test data")
results = model.evaluate(x_test, y_test, batch_size=128)
print("test loss, test acc:", results)

# Generate predictions (probabilities -- the output of the last layer)
# on new data using `predict`
print("Generate predictions for 3 samples")
predictions = model.predict(x_test[:3])
print("predictions shape:", predictions.shape)
