"""keras.utils's split_dataset, pad_sequences and Progbar, against hand-worked values and,
when it is installed, Keras's own functions on the same input."""

import os
import random

import numpy as np
import pytest

from lucidnet.utils import Progbar, pad_sequences, split_dataset
from lucidnet.utils import progbar as progbar_module

os.environ.setdefault("KERAS_BACKEND", "torch")


def _keras():
    return pytest.importorskip("keras")


# -- split_dataset -----------------------------------------------------------------------------
def test_split_dataset_takes_the_first_left_and_the_last_right_examples():
    x, y = np.arange(10).reshape(10, 1), np.arange(10) * 2
    (x_left, y_left), (x_right, y_right) = split_dataset((x, y), left_size=3, right_size=0.2)
    np.testing.assert_array_equal(x_left[:, 0], [0, 1, 2])
    np.testing.assert_array_equal(y_right, [16, 18])
    left, right = split_dataset({"a": np.arange(5)}, right_size=0.5)  # round(2.5) is 2
    np.testing.assert_array_equal(left["a"], [0, 1, 2])
    np.testing.assert_array_equal(right["a"], [3, 4])


def test_split_dataset_shuffles_in_keras_order_without_touching_pythons_generator():
    state = random.getstate()
    left, right = split_dataset(np.arange(10), left_size=0.75, shuffle=True, seed=1)
    assert random.getstate() == state
    expected = list(range(10))
    random.Random(1).shuffle(expected)  # Keras: random.seed(seed); random.shuffle(the examples)
    np.testing.assert_array_equal(np.concatenate([left, right]), expected)
    assert len(left) == 8


def test_split_dataset_without_a_seed_follows_set_random_seed():
    from lucidnet.utils import set_random_seed
    set_random_seed(4)
    first = split_dataset(np.arange(20), left_size=5, shuffle=True)[0]
    set_random_seed(4)
    np.testing.assert_array_equal(split_dataset(np.arange(20), left_size=5, shuffle=True)[0], first)


@pytest.mark.parametrize("sizes, error, message", [
    ({}, ValueError, "needs left_size or right_size"),
    ({"left_size": 0}, ValueError, r"left_size must be an integer in \[1, 9\], got 0"),
    ({"right_size": 10}, ValueError, r"right_size must be an integer in \[1, 9\], got 10"),
    ({"left_size": 1.0}, ValueError, r"left_size must be a number in \(0, 1\), got 1.0"),
    ({"left_size": 0.6, "right_size": 0.5}, ValueError, "sum to more than 1"),
    ({"left_size": 6, "right_size": 5}, ValueError, "ask for 6 \\+ 5 examples of 10"),
    ({"left_size": 0.01}, ValueError, "leave the left part of 10 examples empty"),
    ({"left_size": "half"}, TypeError, "left_size must be a fraction in \\(0, 1\\), a number"),
    ({"left_size": True}, TypeError, "got bool True"),
])
def test_split_dataset_refuses_sizes_as_keras_does(sizes, error, message):
    with pytest.raises(error, match=message):
        split_dataset(np.arange(10), **sizes)


def test_split_dataset_refuses_arrays_of_different_lengths_and_other_objects():
    with pytest.raises(ValueError, match=r"same length, got lengths \[3, 2\]"):
        split_dataset((np.arange(3), np.arange(2)), left_size=1)
    with pytest.raises(TypeError, match="must be an array or a tuple, list or dict of arrays"):
        split_dataset(iter([1, 2]), left_size=1)


@pytest.mark.parametrize("left, right", [(None, 0.3), (0.25, None), (3, None), (None, 7),
                                         (0.5, 0.25), (2, 0.5), (0.15, 4)])
def test_split_dataset_sizes_are_keras_sizes(left, right):
    rescale = pytest.importorskip("keras.src.utils.dataset_utils")._rescale_dataset_split_sizes
    expected = rescale(left, right, 10)
    left_part, right_part = split_dataset(np.arange(10), left_size=left, right_size=right)
    assert (len(left_part), len(right_part)) == expected


# -- pad_sequences ------------------------------------------------------------------------------
SEQUENCES = [[1], [2, 3], [4, 5, 6], []]


@pytest.mark.parametrize("options, expected", [
    ({}, [[0, 0, 1], [0, 2, 3], [4, 5, 6], [0, 0, 0]]),
    ({"value": -1}, [[-1, -1, 1], [-1, 2, 3], [4, 5, 6], [-1, -1, -1]]),
    ({"padding": "post"}, [[1, 0, 0], [2, 3, 0], [4, 5, 6], [0, 0, 0]]),
    ({"maxlen": 2}, [[0, 1], [2, 3], [5, 6], [0, 0]]),
    ({"maxlen": 2, "truncating": "post"}, [[0, 1], [2, 3], [4, 5], [0, 0]]),
    ({"maxlen": 4, "padding": "post"}, [[1, 0, 0, 0], [2, 3, 0, 0], [4, 5, 6, 0], [0, 0, 0, 0]]),
])
def test_pad_sequences_pads_and_cuts_as_keras_does(options, expected):
    padded = pad_sequences(SEQUENCES, **options)
    assert padded.dtype == np.int32
    np.testing.assert_array_equal(padded, expected)


@pytest.mark.parametrize("options", [{}, {"maxlen": 2, "padding": "post"},
                                     {"maxlen": 1, "truncating": "post", "value": 9},
                                     {"dtype": "float32", "value": 0.5}])
def test_pad_sequences_agrees_with_keras(options):
    keras = _keras()
    np.testing.assert_array_equal(pad_sequences(SEQUENCES, **options),
                                  keras.utils.pad_sequences(SEQUENCES, **options))


def test_pad_sequences_keeps_the_shape_of_the_items():
    padded = pad_sequences([np.ones((1, 2)), np.zeros((2, 2))], dtype="float32")
    assert padded.shape == (2, 2, 2) and padded[0, 0].tolist() == [0, 0]


@pytest.mark.parametrize("arguments, message", [
    ((5,), "sequences must be a list of sequences, got int 5"),
    (([[1], 2],), "entry 1 is 2"),
    (([[1]],), {"padding": "middle"}),
    (([[1]],), {"maxlen": 0}),
    (([[1]],), {"value": "x"}),
    (([[[1]], [1]],), "entry 1 has items of shape"),
])
def test_pad_sequences_refuses_bad_input_naming_it(arguments, message):
    options = message if isinstance(message, dict) else {}
    expected = {"padding": "pad_sequences padding must be one of 'pre' or 'post', got 'middle'",
                "maxlen": "pad_sequences maxlen must be a positive integer, got 0",
                "value": "value 'x' is a string but dtype is 'int32'"}
    with pytest.raises(ValueError, match=expected[next(iter(options))] if options else message):
        pad_sequences(*arguments, **options)


# -- Progbar ------------------------------------------------------------------------------------
class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


STEPS = [(1, [("loss", 0.5), ("lr", 0.1)], 0.3), (2, [("loss", 0.3), ("lr", 0.05)], 0.2),
         (4, [("loss", 0.1), ("lr", 0.01)], 0.4)]


def test_progbar_prints_keras_s_line_and_averages_the_stateless_values(monkeypatch, capsys):
    clock = FakeClock()
    monkeypatch.setattr(progbar_module, "clock", clock)
    bar = Progbar(4, width=8, stateful_metrics=["lr"])
    bar._dynamic_display = False
    clock.now += 0.5
    bar.update(2, [("loss", 0.5), ("lr", 0.1)])
    first = capsys.readouterr().out
    # 2 of 4 steps in 0.5 s: 250ms/step, 0.5 s left; half the bar done.
    assert first == ("\n\x1b[1m2/4\x1b[0m \33[32m━━━━\x1b[0m\33[37m━━━━\x1b[0m \x1b[1m0s\x1b[0m"
                     " 250ms/step - loss: 0.5000 - lr: 0.1000")
    clock.now += 1.0
    bar.update(4, [("loss", 0.2), ("lr", 0.01)])
    last = capsys.readouterr().out
    # The last value of an averaged metric replaces the mean, as in Keras; lr is shown as given.
    # Steps 1 and 2 came in one update, so the time per step is 1.5 s / 4.
    assert last.endswith(" \x1b[1m2s\x1b[0m 375ms/step - loss: 0.2000 - lr: 0.0100\n")


def test_progbar_of_an_unknown_target_counts_and_shows_small_values_in_e_notation(monkeypatch,
                                                                                  capsys):
    monkeypatch.setattr(progbar_module, "clock", FakeClock())
    bar = Progbar(None)
    bar._dynamic_display = False
    bar.add(3, [("loss", 1e-5)])
    assert capsys.readouterr().out == ("\n      3/Unknown \x1b[1m0s\x1b[0m 0s/step - "
                                       "loss: 1.0000e-05")


def test_progbar_weights_each_value_by_the_steps_it_covers(monkeypatch, capsys):
    monkeypatch.setattr(progbar_module, "clock", FakeClock())
    bar = Progbar(10, verbose=0)
    bar.update(1, [("loss", 1.0)])
    bar.update(4, [("loss", 0.0)])  # three steps at 0: (1·1 + 3·0) / 4
    assert bar._metrics(two=False) == " - loss: 0.2500"
    assert capsys.readouterr().out == ""


def test_progbar_verbose_2_prints_one_line_at_the_end(monkeypatch, capsys):
    clock = FakeClock()
    monkeypatch.setattr(progbar_module, "clock", clock)
    bar = Progbar(3, verbose=2, unit_name="sample")
    for step in (1, 2, 3):
        clock.now += 2.0
        bar.update(step, [("loss", 0.5)])
    assert capsys.readouterr().out == "3/3 - 6s - 2s/sample - loss: 0.5000\n"


def test_progbar_prints_what_keras_prints(monkeypatch, capsys):
    keras = _keras()
    import keras.src.utils.progbar as keras_progbar

    outputs = []
    for module, cls in ((progbar_module, Progbar), (keras_progbar, keras.utils.Progbar)):
        clock = FakeClock()
        if module is progbar_module:
            monkeypatch.setattr(module, "clock", clock)
        else:
            monkeypatch.setattr(keras_progbar.time, "time", clock)
        bar = cls(4, width=10, stateful_metrics=["lr"], interval=0)
        bar._dynamic_display = True
        for step, values, seconds in STEPS:
            clock.now += seconds
            bar.update(step, values)
        monkeypatch.undo()
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("options, message", [
    ({"target": 0}, "Progbar target must be a positive integer, got 0"),
    ({"target": 3, "verbose": 3}, "Progbar verbose must be one of 0, 1 or 2, got 3"),
    ({"target": 3, "stateful_metrics": ["a"], "stateless_metrics": ["b"]}, "not both"),
])
def test_progbar_refuses_bad_arguments(options, message):
    with pytest.raises(ValueError, match=message):
        Progbar(**options)
