"""`predict` with `verbose=0` and no callbacks skips building the callback list (nothing
would observe its hooks); its output, its batches and its checks are those of the hooked path."""

from __future__ import annotations

import numpy as np
import pytest

import lucidnet as ln


class BatchSizes(ln.callbacks.Callback):
    """Records the rows of each batch `predict` runs, so the hooked path is the one taken."""

    def __init__(self):
        super().__init__()
        self.rows = []

    def on_predict_batch_end(self, batch, logs=None):
        self.rows.append(len(logs["outputs"]))


def classifier():
    return ln.Sequential([ln.Input((6,)), ln.Dense(5, activation="relu"),
                          ln.layers.BatchNormalization(), ln.layers.Dropout(0.5),
                          ln.Dense(3, activation="softmax")], seed=3)


@pytest.mark.parametrize("rows, batch_size, steps", [(1, None, None), (70, None, None),
                                                     (70, 16, None), (70, 16, 2), (5, 64, 1)])
def test_predict_without_callbacks_equals_the_hooked_path_bit_for_bit(rows, batch_size, steps):
    model = classifier()
    x = np.random.default_rng(0).normal(size=(rows, 6)).astype("float32")
    recorder = BatchSizes()
    hooked = model.predict(x, batch_size=batch_size, steps=steps, verbose=0, callbacks=[recorder])
    quiet = model.predict(x, batch_size=batch_size, steps=steps, verbose=0)
    assert quiet.dtype == hooked.dtype == np.float32
    np.testing.assert_array_equal(quiet, hooked)
    size = batch_size or 32
    expected = [min(size, rows - start) for start in range(0, rows, size)][:steps]
    assert recorder.rows == expected and len(quiet) == sum(expected)


def test_predict_without_callbacks_reads_a_generator_like_the_hooked_path():
    model = classifier()
    x = np.random.default_rng(1).normal(size=(40, 6)).astype("float32")
    batches = lambda: (x[start:start + 8] for start in range(0, 40, 8))
    np.testing.assert_array_equal(model.predict(batches(), verbose=0),
                                  model.predict(batches(), verbose=0, callbacks=[BatchSizes()]))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_predict_without_callbacks_still_refuses_nan_and_inf_with_the_same_message(bad):
    model = classifier()
    x = np.ones((4, 6), dtype="float32")
    x[2, 1] = bad
    messages = []
    for callbacks in (None, [BatchSizes()]):
        with pytest.raises(ValueError, match="x") as caught:
            model.predict(x, verbose=0, callbacks=callbacks)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_predict_without_callbacks_still_refuses_a_wrong_shape_naming_the_layer():
    model = classifier()
    with pytest.raises(ValueError, match=r"6 features, got shape \(4, 7\)"):
        model.predict(np.ones((4, 7), dtype="float32"), verbose=0)
