"""Keras's Callback base cases (`keras/src/callbacks/callback_test.py`)."""

import numpy as np

from lucidnet import keras


# keras: callbacks/callback_test.py::CallbackTest::test_model_state_is_current_on_epoch_end
def test_model_state_is_current_on_batch_end():
    # Keras counts calls in a variable of a custom model; lucidnet's count of the steps
    # taken is the optimizer's `iterations`, which must already include the batch.
    seen = []

    class CountSteps(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((batch, int(self.model.optimizer.iterations)))

    model = keras.Sequential([keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    model.fit(rng.random((8, 1)), rng.random((8, 1)), callbacks=[CountSteps()], batch_size=2,
              verbose=0)
    assert seen == [(batch, batch + 1) for batch in range(4)]
