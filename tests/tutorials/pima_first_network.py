"""Your First Deep Learning Project in Python with Keras Step-by-Step (Jason Brownlee,
Machine Learning Mastery): https://machinelearningmastery.com/tutorial-first-neural-network-python-keras/

The complete example, imports changed for lucidnet. Changed: the data file, a stand-in
(data/make_pima_standin.py writes it) because the Pima table is not redistributed here.
The 150 epochs are the original's.
"""

# first neural network with keras tutorial
import os

from numpy import loadtxt
from lucidnet.keras.models import Sequential
from lucidnet.keras.layers import Dense
# load the dataset
# Stand-in for the real pima-indians-diabetes.csv: same columns, same kind of relationship.
dataset = loadtxt(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'pima-indians-diabetes.csv'), delimiter=',')
# split into input (X) and output (y) variables
X = dataset[:,0:8]
y = dataset[:,8]
# define the keras model
model = Sequential()
model.add(Dense(12, input_shape=(8,), activation='relu'))
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
# compile the keras model
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
# fit the keras model on the dataset
model.fit(X, y, epochs=150, batch_size=10, verbose=0)  # verbose=0: 150 epochs of progress bars are not worth the log
# evaluate the keras model
_, accuracy = model.evaluate(X, y)
print('Accuracy: %.2f' % (accuracy*100))
# make class predictions with the model
predictions = (model.predict(X) > 0.5).astype(int)
# summarize the first 5 cases
# predictions[i, 0], not predictions[i]: NumPy 2 refuses %d for a one-element array (under Keras too).
for i in range(5):
    print('%s => %d (expected %d)' % (X[i].tolist(), predictions[i, 0], y[i]))
