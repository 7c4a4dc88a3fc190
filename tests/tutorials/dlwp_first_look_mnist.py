"""Deep Learning with Python (first edition), notebook 2.1: "A first look at a neural network"
(François Chollet): https://github.com/fchollet/deep-learning-with-python-notebooks/blob/master/first_edition/2.1-a-first-look-at-a-neural-network.ipynb

The notebook's code cells in order, imports changed for lucidnet. Changed: the data (MNIST's
60,000 training images are not here; its 10,000-image t10k file is), so the two reshapes
give 8,000 and 2,000 rows. The 5 epochs are the original's.
"""

import os

import lucidnet.keras as keras
keras.__version__

# Stand-in for mnist.load_data(): the t10k file, first 8,000 images to train, last 2,000 to test.
from lucidnet.datasets.idx import read_idx
images = read_idx(os.path.join(os.environ["MNIST_T10K"], "t10k-images-idx3-ubyte.gz"))
labels = read_idx(os.path.join(os.environ["MNIST_T10K"], "t10k-labels-idx1-ubyte.gz"))
(train_images, train_labels), (test_images, test_labels) = (images[:8000], labels[:8000]), (images[8000:], labels[8000:])

train_images.shape

len(train_labels)

train_labels

test_images.shape

len(test_labels)

test_labels

from lucidnet.keras import models
from lucidnet.keras import layers

network = models.Sequential()
network.add(layers.Dense(512, activation='relu', input_shape=(28 * 28,)))
network.add(layers.Dense(10, activation='softmax'))

network.compile(optimizer='rmsprop',
                loss='categorical_crossentropy',
                metrics=['accuracy'])

train_images = train_images.reshape((8000, 28 * 28))  # 60000 in the original
train_images = train_images.astype('float32') / 255

test_images = test_images.reshape((2000, 28 * 28))  # 10000 in the original
test_images = test_images.astype('float32') / 255

from lucidnet.keras.utils import to_categorical

train_labels = to_categorical(train_labels)
test_labels = to_categorical(test_labels)

network.fit(train_images, train_labels, epochs=5, batch_size=128)

test_loss, test_acc = network.evaluate(test_images, test_labels)

print('test_acc:', test_acc)
