"""Display Deep Learning Model Training History in Keras (Jason Brownlee, Machine Learning
Mastery): https://machinelearningmastery.com/display-deep-learning-model-training-history-in-keras/

The complete example, imports changed for lucidnet. Changed: the data file, the Pima
stand-in that pima_first_network.py reads too (data/make_pima_standin.py writes it), because
the Pima table is not redistributed here. The 150 epochs and the 33% validation split are
the original's.
"""

# Visualize training history
import os

from lucidnet.keras.models import Sequential
from lucidnet.keras.layers import Dense
import matplotlib.pyplot as plt
import numpy as np
# load pima indians dataset
# Stand-in for the real pima-indians-diabetes.csv: same columns, same kind of relationship.
dataset = np.loadtxt(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'pima-indians-diabetes.csv'), delimiter=",")
# split into input (X) and output (Y) variables
X = dataset[:,0:8]
Y = dataset[:,8]
# create model
model = Sequential()
model.add(Dense(12, input_dim=8, activation='relu'))
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
# Compile model
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
# Fit the model
history = model.fit(X, Y, validation_split=0.33, epochs=150, batch_size=10, verbose=0)
# list all data in history
print(history.history.keys())
# summarize history for accuracy
plt.plot(history.history['accuracy'])
plt.plot(history.history['val_accuracy'])
plt.title('model accuracy')
plt.ylabel('accuracy')
plt.xlabel('epoch')
plt.legend(['train', 'test'], loc='upper left')
plt.show()
# summarize history for loss
plt.plot(history.history['loss'])
plt.plot(history.history['val_loss'])
plt.title('model loss')
plt.ylabel('loss')
plt.xlabel('epoch')
plt.legend(['train', 'test'], loc='upper left')
plt.show()
