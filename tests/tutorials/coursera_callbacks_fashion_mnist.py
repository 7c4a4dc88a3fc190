"""Coursera, Introduction to TensorFlow for Artificial Intelligence, Machine Learning, and Deep
Learning (Laurence Moroney), week 2, "Course 1 - Part 4 - Lesson 4": stopping training with a
callback, on Fashion-MNIST: https://github.com/lmoroney/dlaicourse/blob/master/Course%201%20-%20Part%204%20-%20Lesson%204%20-%20Notebook.ipynb

The notebook's code cells in order, its one import changed for lucidnet (``import lucidnet as
tf`` makes ``tf.keras`` and ``tf.nn.relu`` work). The data is the real Fashion-MNIST, which
``load_data()`` finds where the Debian package ``dataset-fashion-mnist`` installs it. Nothing
else changed: the callback stops at 60% training accuracy, which the first epoch passes, as
in the original.
"""

import lucidnet as tf
print(tf.__version__)

class myCallback(tf.keras.callbacks.Callback):
  def on_epoch_end(self, epoch, logs={}):
    if(logs.get('accuracy')>0.6):
      print("\nReached 60% accuracy so cancelling training!")
      self.model.stop_training = True

mnist = tf.keras.datasets.fashion_mnist

(x_train, y_train),(x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

callbacks = myCallback()

model = tf.keras.models.Sequential([
  tf.keras.layers.Flatten(input_shape=(28, 28)),
  tf.keras.layers.Dense(512, activation=tf.nn.relu),
  tf.keras.layers.Dense(10, activation=tf.nn.softmax)
])
model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

model.fit(x_train, y_train, epochs=10, callbacks=[callbacks])
