"""fit, evaluate and predict on generators, PyDatasets and memmaps (lucidnet.training.data)."""

from __future__ import annotations

import tracemalloc
import warnings

import numpy as np
import pytest

import lucidnet
from lucidnet.layers import Dense
from lucidnet.models import Sequential
from lucidnet.utils import PyDataset, Sequence

rng = np.random.default_rng(0)
X = rng.normal(size=(40, 4)).astype("float32")
Y = rng.integers(0, 3, size=40)
W = rng.uniform(0.5, 2.0, size=40).astype("float32")


def make_model():
    model = Sequential([lucidnet.layers.Input((4,)), Dense(5, activation="relu"),
                        Dense(3, activation="softmax")], seed=1)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def batches(x, y, w=None, size=8, repeat=1):
    for _ in range(repeat):
        for start in range(0, len(x), size):
            rows = slice(start, start + size)
            yield (x[rows], y[rows]) if w is None else (x[rows], y[rows], w[rows])


class Batches(PyDataset):
    def __init__(self, x, y, size=8, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.size, self.ends = x, y, size, 0

    def __len__(self):
        return -(-len(self.x) // self.size)

    def __getitem__(self, index):
        rows = slice(index * self.size, (index + 1) * self.size)
        return self.x[rows], self.y[rows]

    def on_epoch_end(self):
        self.ends += 1


def weights_after(fit):
    model = make_model()
    history = fit(model)
    return [w.copy() for w in model.get_weights()], history.history


# -- training equals array training on the same batches ------------------------------------
def test_generator_training_equals_array_training_bit_for_bit():
    expected, expected_logs = weights_after(
        lambda m: m.fit(X, Y, batch_size=8, epochs=3, shuffle=False, verbose=0))
    got, logs = weights_after(lambda m: m.fit(batches(X, Y, repeat=3), steps_per_epoch=5,
                                              epochs=3, verbose=0))
    assert all(np.array_equal(a, b) for a, b in zip(expected, got))
    assert logs == expected_logs


def test_sample_weights_from_a_generator_equal_array_sample_weights():
    expected, _ = weights_after(lambda m: m.fit(X, Y, sample_weight=W, batch_size=8,
                                                shuffle=False, verbose=0))
    got, _ = weights_after(lambda m: m.fit(batches(X, Y, W), verbose=0))
    assert all(np.array_equal(a, b) for a, b in zip(expected, got))


def test_pydataset_training_equals_array_training_bit_for_bit():
    expected, expected_logs = weights_after(
        lambda m: m.fit(X, Y, batch_size=8, epochs=2, shuffle=False, verbose=0))
    dataset = Batches(X, Y)
    got, logs = weights_after(lambda m: m.fit(dataset, epochs=2, shuffle=False, verbose=0))
    assert all(np.array_equal(a, b) for a, b in zip(expected, got))
    assert logs == expected_logs
    assert dataset.ends == 2  # on_epoch_end once per epoch


def test_pydataset_batch_order_is_shuffled_from_the_model_generator():
    seen = []

    class Recording(Batches):
        def __getitem__(self, index):
            seen.append(index)
            return super().__getitem__(index)

    first, _ = weights_after(lambda m: m.fit(Recording(X, Y), epochs=2, verbose=0))
    orders = [seen[1:6], seen[6:11]]  # seen[0] is the batch read to build the model
    assert sorted(orders[0]) == list(range(5)) and orders[0] != orders[1]
    seen.clear()
    again, _ = weights_after(lambda m: m.fit(Recording(X, Y), epochs=2, verbose=0))
    assert [seen[1:6], seen[6:11]] == orders
    assert all(np.array_equal(a, b) for a, b in zip(first, again))


def test_pydataset_accepts_the_keras_worker_keywords_and_checks_them():
    dataset = Batches(X, Y, workers=4, use_multiprocessing=False, max_queue_size=5)
    assert (dataset.workers, dataset.max_queue_size, dataset.num_batches) == (4, 5, 5)
    with pytest.raises(ValueError, match="max_queue_size"):
        Batches(X, Y, max_queue_size=0)


# -- validation, evaluate and predict ------------------------------------------------------------
def test_validation_on_a_generator_equals_validation_on_arrays():
    _, expected = weights_after(lambda m: m.fit(X, Y, batch_size=8, epochs=2, shuffle=False,
                                                validation_data=(X[:16], Y[:16]), verbose=0))
    _, got = weights_after(lambda m: m.fit(
        X, Y, batch_size=8, epochs=2, shuffle=False, verbose=0,
        validation_data=batches(X[:16], Y[:16], repeat=2), validation_steps=2))
    assert got == expected


def test_evaluate_and_predict_on_generators_equal_arrays():
    model = make_model()
    model.fit(X, Y, verbose=0)
    expected = model.evaluate(X, Y, batch_size=8, verbose=0)
    assert model.evaluate(batches(X, Y), verbose=0) == expected
    assert model.evaluate(batches(X, Y, repeat=None or 9), steps=2, verbose=0) == \
        model.evaluate(X[:16], Y[:16], batch_size=8, verbose=0)
    assert model.evaluate(Batches(X, Y), verbose=0) == expected
    predicted = model.predict(X, batch_size=8, verbose=0)
    assert np.array_equal(model.predict((x for x, _ in batches(X, Y)), verbose=0), predicted)
    assert np.array_equal(model.predict(((x,) for x, _ in batches(X, Y)), steps=2, verbose=0),
                          predicted[:16])
    assert np.array_equal(model.predict(Batches(X, Y), verbose=0), predicted)


# -- running dry and inconsistent batches ---------------------------------------------------------
def test_a_one_shot_generator_warns_and_stops_after_it_runs_out():
    model = make_model()
    with pytest.warns(UserWarning, match="Your input ran out of data; interrupting training"):
        history = model.fit(batches(X, Y), epochs=3, verbose=0)
    assert len(history.history["loss"]) == 1


def test_a_generator_that_runs_dry_before_steps_per_epoch_names_the_step():
    model = make_model()
    with pytest.warns(UserWarning, match=r"gave 5 of the 7 batches of epoch 1.*steps_per_epoch"):
        history = model.fit(batches(X, Y), steps_per_epoch=7, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 1


def test_a_batch_of_another_shape_names_the_step_and_both_shapes():
    def changing():
        yield X[:8], Y[:8]
        yield X[8:16, :3], Y[8:16]

    with pytest.raises(ValueError, match=r"step 2 of epoch 1 with x of shape \(8, 3\) \(floats\)"
                                         r" and y of shape \(8,\).*first batch had x of shape "
                                         r"\(8, 4\)"):
        make_model().fit(changing(), verbose=0)


def test_a_batch_with_another_kind_of_targets_is_refused():
    def changing():
        yield X[:8], Y[:8]
        yield X[8:16], Y[8:16].astype("float32")

    with pytest.raises(ValueError, match=r"y of shape \(8,\) \(floats\).*y of shape \(8,\) "
                                         r"\(integers\)"):
        make_model().fit(changing(), verbose=0)


@pytest.mark.parametrize("kwargs, message", [
    ({"y": Y}, "y must not be given when x is a generator"),
    ({"validation_split": 0.2}, "validation_split=0.2 needs arrays to split"),
    ({"distributed": True}, "distributed=True trains on arrays only, got x a generator"),
])
def test_generator_arguments_that_cannot_apply_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_model().fit(batches(X, Y), verbose=0, **kwargs)


def test_a_batch_without_targets_is_refused_for_training():
    with pytest.raises(ValueError, match=r"must give \(x, y\) or \(x, y, sample_weight\) batches"):
        make_model().fit((x for x, _ in batches(X, Y)), verbose=0)


def test_a_validation_generator_that_runs_out_says_so():
    with pytest.raises(ValueError, match="validation_data ran out of data.*validation_steps"):
        make_model().fit(X, Y, epochs=2, verbose=0, validation_data=batches(X, Y))


# -- memmaps ---------------------------------------------------------------------------------------
def test_a_memmap_trains_like_the_array_and_is_never_copied_whole(tmp_path):
    rows, features = 25_000, 1000  # 200 MB of float64 on disk
    source = np.lib.format.open_memmap(tmp_path / "x.npy", mode="w+", dtype="float64",
                                       shape=(rows, features))
    for start in range(0, rows, 5000):
        source[start:start + 5000] = np.random.default_rng(start).normal(size=(5000, features))
    source.flush()
    y = np.arange(rows) % 2
    x = np.load(tmp_path / "x.npy", mmap_mode="r")

    def fit(data):
        model = Sequential([Dense(2, activation="softmax")], seed=0)
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        model.fit(data, y, batch_size=500, steps_per_epoch=4, verbose=0)
        return model

    tracemalloc.start()
    model = fit(x)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MiB: the memmap was copied"
    in_memory = fit(np.asarray(x[:])).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), in_memory))
    assert np.array_equal(model.predict(x[:100], verbose=0),
                          model.predict(np.asarray(x[:100]), verbose=0))


def test_a_nan_in_a_memmap_is_found_in_its_batch(tmp_path):
    x = np.lib.format.open_memmap(tmp_path / "x.npy", mode="w+", dtype="float64", shape=(40, 4))
    x[:] = X
    x[13, 2] = np.nan
    with pytest.raises(ValueError, match=r"x \(rows 8\.\.15\) contains 1 NaN"):
        make_model().fit(x, Y, batch_size=8, shuffle=False, verbose=0)


# -- Sequence --------------------------------------------------------------------------------------
def test_subclassing_sequence_warns_at_the_users_line():
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")

        class Old(Sequence):
            def __len__(self):
                return 1

    found = [w for w in record if issubclass(w.category, DeprecationWarning)]
    assert "keras.utils.PyDataset" in str(found[0].message)
    assert found[0].filename == __file__
    assert issubclass(Old, PyDataset)
