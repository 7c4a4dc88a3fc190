"""Kaggle Learn, Intro to Deep Learning (Ryan Holbrook), lesson 6: "Binary Classification",
the ionosphere example: https://www.kaggle.com/code/ryanholbrook/binary-classification

The tutorial's code cells in order, its imports changed for lucidnet. Changed: the data, a
stand-in with the columns of Kaggle's ion.csv (data/make_kaggle_standins.py) because the
course's dataset is not here; IPython's display, which Kaggle's notebooks have, is print; and
the name of a matplotlib style. The 1,000 epochs (early stopping ends them) are the original's.
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
display = print  # from IPython.display import display in the original: IPython is not a test dependency

# Stand-in for ../input/dl-course-data/ion.csv: same columns, generated (data/make_kaggle_standins.py).
ion = pd.read_csv(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'ion.csv'), index_col=0)
display(ion.head())

df = ion.copy()
df['Class'] = df['Class'].map({'good': 0, 'bad': 1})

df_train = df.sample(frac=0.7, random_state=0)
df_valid = df.drop(df_train.index)

max_ = df_train.max(axis=0)
min_ = df_train.min(axis=0)

df_train = (df_train - min_) / (max_ - min_)
df_valid = (df_valid - min_) / (max_ - min_)
df_train.dropna(axis=1, inplace=True) # drop the empty feature in column 2
df_valid.dropna(axis=1, inplace=True)

X_train = df_train.drop('Class', axis=1)
X_valid = df_valid.drop('Class', axis=1)
y_train = df_train['Class']
y_valid = df_valid['Class']

from lucidnet import keras
from lucidnet.keras import layers

model = keras.Sequential([
    layers.Dense(4, activation='relu', input_shape=[33]),
    layers.Dense(4, activation='relu'),
    layers.Dense(1, activation='sigmoid'),
])

model.compile(
    optimizer='adam',
    loss='binary_crossentropy',
    metrics=['binary_accuracy'],
)

early_stopping = keras.callbacks.EarlyStopping(
    patience=10,
    min_delta=0.001,
    restore_best_weights=True,
)

history = model.fit(
    X_train, y_train,
    validation_data=(X_valid, y_valid),
    batch_size=512,
    epochs=1000,
    callbacks=[early_stopping],
    verbose=0, # hide the output because we have so many epochs
)

history_df = pd.DataFrame(history.history)
# Start the plot at epoch 5
history_df.loc[5:, ['loss', 'val_loss']].plot()
history_df.loc[5:, ['binary_accuracy', 'val_binary_accuracy']].plot()

print(("Best Validation Loss: {:0.4f}" +\
      "\tBest Validation Accuracy: {:0.4f}")\
      .format(history_df['val_loss'].min(),
              history_df['val_binary_accuracy'].max()))
