'''Trains a simple deep NN on the MNIST dataset.

Gets to 98.40% test accuracy after 20 epochs
(there is *a lot* of margin for parameter tuning).
2 seconds per epoch on a K520 GPU.

Keras 2's examples/mnist_mlp.py (keras-team/keras, removed in Keras 2.4), with the imports
changed for lucidnet. Changed cells, each with its reason: the data (MNIST's 60,000
training images are not here; its 10,000-image t10k file is) and the epochs (3, not 20).
'''

from __future__ import print_function

import os

import lucidnet.keras as keras
from lucidnet.keras.models import Sequential
from lucidnet.keras.layers import Dense, Dropout
from lucidnet.keras.optimizers import RMSprop

batch_size = 128
num_classes = 10
epochs = 3  # 20 in the original; about 3 s an epoch here

# the data, split between train and test sets
# Stand-in for mnist.load_data(): the t10k file, first 8,000 images to train, last 2,000 to test.
from lucidnet.datasets.idx import read_idx
images = read_idx(os.path.join(os.environ["MNIST_T10K"], "t10k-images-idx3-ubyte.gz"))
labels = read_idx(os.path.join(os.environ["MNIST_T10K"], "t10k-labels-idx1-ubyte.gz"))
(x_train, y_train), (x_test, y_test) = (images[:8000], labels[:8000]), (images[8000:], labels[8000:])

x_train = x_train.reshape(8000, 784)  # 60000 in the original
x_test = x_test.reshape(2000, 784)  # 10000 in the original
x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255
print(x_train.shape[0], 'train samples')
print(x_test.shape[0], 'test samples')

# convert class vectors to binary class matrices
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = Sequential()
model.add(Dense(512, activation='relu', input_shape=(784,)))
model.add(Dropout(0.2))
model.add(Dense(512, activation='relu'))
model.add(Dropout(0.2))
model.add(Dense(num_classes, activation='softmax'))

model.summary()

model.compile(loss='categorical_crossentropy',
              optimizer=RMSprop(),
              metrics=['accuracy'])

history = model.fit(x_train, y_train,
                    batch_size=batch_size,
                    epochs=epochs,
                    verbose=1,
                    validation_data=(x_test, y_test))
score = model.evaluate(x_test, y_test, verbose=0)
print('Test loss:', score[0])
print('Test accuracy:', score[1])
