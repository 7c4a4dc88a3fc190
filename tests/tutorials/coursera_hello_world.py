"""Coursera, Introduction to TensorFlow for Artificial Intelligence, Machine Learning, and Deep
Learning (Laurence Moroney), week 1 lab 1: "The Hello World of Deep Learning with Neural
Networks": https://github.com/https-deeplearning-ai/tensorflow-1-public/blob/main/C1/W1/ungraded_lab/C1_W1_Lab_1_hello_world_nn.ipynb

The notebook's code cells in order, its imports changed for lucidnet (``import lucidnet as
tf`` makes ``tf.keras`` work). Nothing else changed: the six points are the notebook's own,
and so are its 500 epochs.
"""

import lucidnet as tf
import numpy as np
from lucidnet import keras

print(tf.__version__)

# Build a simple Sequential model
model = tf.keras.Sequential([keras.layers.Dense(units=1, input_shape=[1])])

# Compile the model
model.compile(optimizer='sgd', loss='mean_squared_error')

# Declare model inputs and outputs for training
xs = np.array([-1.0,  0.0, 1.0, 2.0, 3.0, 4.0], dtype=float)
ys = np.array([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0], dtype=float)

# Train the model
model.fit(xs, ys, epochs=500)

# Make a prediction
print(model.predict([10.0]))
