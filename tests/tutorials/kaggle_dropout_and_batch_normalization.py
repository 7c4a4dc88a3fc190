"""Kaggle Learn, Intro to Deep Learning (Ryan Holbrook), lesson 5: "Dropout and Batch
Normalization", the red-wine example: https://www.kaggle.com/code/ryanholbrook/dropout-and-batch-normalization

The tutorial's code cells in order, its imports changed for lucidnet. Changed: the data, a
stand-in with the columns of Kaggle's red-wine.csv (data/make_kaggle_standins.py) because the
course's dataset is not here, and the name of a matplotlib style. The data is left unscaled,
as in the tutorial (batch normalization is what it shows). The 100 epochs are the original's.
"""

# Setup plotting
import matplotlib.pyplot as plt

plt.style.use('seaborn-v0_8-whitegrid')  # 'seaborn-whitegrid' in the original: matplotlib 3.6 renamed the style
# Set Matplotlib defaults
plt.rc('figure', autolayout=True)
plt.rc('axes', labelweight='bold', labelsize='large',
       titleweight='bold', titlesize=18, titlepad=10)
plt.rc('animation', html='html5')

import os

import pandas as pd
# Stand-in for ../input/dl-course-data/red-wine.csv: same columns, generated (data/make_kaggle_standins.py).
red_wine = pd.read_csv(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'red-wine.csv'))

# Create training and validation splits
df_train = red_wine.sample(frac=0.7, random_state=0)
df_valid = red_wine.drop(df_train.index)

# Split features and target
X_train = df_train.drop('quality', axis=1)
X_valid = df_valid.drop('quality', axis=1)
y_train = df_train['quality']
y_valid = df_valid['quality']

from lucidnet import keras
from lucidnet.keras import layers

model = keras.Sequential([
    layers.Dense(1024, activation='relu', input_shape=[11]),
    layers.Dropout(0.3),
    layers.BatchNormalization(),
    layers.Dense(1024, activation='relu'),
    layers.Dropout(0.3),
    layers.BatchNormalization(),
    layers.Dense(1024, activation='relu'),
    layers.Dropout(0.3),
    layers.BatchNormalization(),
    layers.Dense(1),
])

model.compile(
    optimizer='adam',
    loss='mae',
)

history = model.fit(
    X_train, y_train,
    validation_data=(X_valid, y_valid),
    batch_size=256,
    epochs=100,
    verbose=0,
)


# Show the learning curves
history_df = pd.DataFrame(history.history)
history_df.loc[:, ['loss', 'val_loss']].plot();
