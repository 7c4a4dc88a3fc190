import numpy as np
import pytest

import lucidnet as ln
from lucidnet import Dense, Dropout, Input, Sequential, activations
from lucidnet.utils import gradcheck, to_categorical, train_test_split


def test_to_categorical_one_hot_encodes_labels():
    np.testing.assert_array_equal(to_categorical([2, 0, 1]), np.eye(3)[[2, 0, 1]])
    assert to_categorical([1], num_classes=4).shape == (1, 4)
    assert to_categorical(np.array([[3]])).shape == (1, 4)


def test_to_categorical_refuses_labels_beyond_num_classes():
    with pytest.raises(ValueError, match=r"got label 5 but num_classes=3; labels must be in \[0, 3\)"):
        to_categorical([0, 5], num_classes=3)


@pytest.mark.parametrize("num_classes", [-1, 2.5, "3"])
def test_to_categorical_refuses_a_num_classes_that_is_not_a_count(num_classes):
    with pytest.raises(ValueError, match=f"to_categorical num_classes must be a non-negative integer, got {num_classes!r}"):
        to_categorical([0, 1], num_classes=num_classes)


@pytest.mark.parametrize("arguments, message", [
    ({"test_size": 1.5}, r"test_size must be a number in \(0, 1\), got 1.5"),
    ({"test_size": float("nan")}, r"test_size must be a number in \(0, 1\), got nan"),
    ({"test_size": True}, r"test_size must be a number in \(0, 1\), got True"),
    ({"shuffle": "no"}, r"train_test_split shuffle must be True or False, got 'no'"),
])
def test_train_test_split_refuses_bad_arguments_with_the_value(arguments, message):
    with pytest.raises(ValueError, match=message):
        train_test_split(np.arange(10), **arguments)


def test_train_test_split_takes_numpy_scalars():
    assert len(train_test_split(np.arange(10), test_size=np.float32(0.3))[1]) == 3
    assert len(train_test_split(np.arange(10), test_size=np.int64(4))[1]) == 4


def test_train_test_split_keeps_rows_together_and_covers_everything():
    x = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, seed=0)
    assert len(x_test) == 3 and len(x_train) == 7
    np.testing.assert_array_equal(x_train[:, 0] // 2, y_train)
    assert sorted(np.concatenate([y_train, y_test])) == list(range(10))


def test_train_test_split_is_reproducible_and_can_keep_order():
    y = np.arange(10)
    assert np.array_equal(train_test_split(y, seed=3)[1], train_test_split(y, seed=3)[1])
    np.testing.assert_array_equal(train_test_split(y, test_size=2, shuffle=False)[1], [8, 9])


def test_stratified_split_keeps_class_proportions():
    y = np.array([0] * 80 + [1] * 20)
    _, y_test = train_test_split(y, test_size=0.25, stratify=y, seed=1)
    assert np.bincount(y_test).tolist() == [20, 5]


def test_split_with_mismatched_lengths_is_explained():
    with pytest.raises(ValueError, match=r"all arrays need the same length, got \[3, 2\]"):
        train_test_split(np.zeros(3), np.zeros(2))


@pytest.mark.parametrize(
    "hidden, output, loss, targets",
    [
        ("tanh", "softmax", "categorical_crossentropy", "one_hot"),
        ("relu", "softmax", "sparse_categorical_crossentropy", "labels"),
        ("elu", "sigmoid", "binary_crossentropy", "binary"),
        ("gelu", "linear", "huber", "real"),
        ("swish", "softplus", "mse", "real"),
    ],
)
def test_gradcheck_passes_on_correct_backpropagation(hidden, output, loss, targets, rng):
    x = rng.normal(size=(8, 5))
    y = {
        "one_hot": np.eye(3)[rng.integers(0, 3, 8)],
        "labels": rng.integers(0, 3, 8),
        "binary": rng.integers(0, 2, (8, 3)).astype(float),
        "real": rng.normal(size=(8, 3)),
    }[targets]
    model = Sequential([Input((5,)), Dense(6, activation=hidden, kernel_regularizer="l2"),
                        Dropout(0.3), Dense(3, activation=output)], seed=0)
    model.compile(loss=loss)
    report = gradcheck(model, x, y)
    assert report.passed(1e-6), str(report)
    assert set(report.layers) == {"dense_1", "dense_2"}


def test_gradcheck_catches_a_wrong_derivative(rng, monkeypatch):
    model = Sequential([Input((4,)), Dense(5, activation="tanh"), Dense(2)], seed=0)
    model.compile(loss="mse")
    monkeypatch.setattr(activations.Tanh, "derivative", lambda self, z, a: 1.0 - a)  # should be 1 − a²
    report = gradcheck(model, rng.normal(size=(6, 4)), rng.normal(size=(6, 2)))
    assert not report.passed(1e-6)
    assert report.layers["dense_1"] > 1e-3
    assert "dense_1" in str(report)


def test_gradcheck_leaves_the_model_untouched(rng):
    model = Sequential([Input((3,)), Dense(2, activation="sigmoid")], seed=0)
    model.compile(loss="bce")
    before = model.get_weights()
    gradcheck(model, rng.normal(size=(4, 3)), rng.integers(0, 2, (4, 2)))
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)
        assert new.dtype == np.float32


def test_gradcheck_can_sample_large_layers(rng):
    model = Sequential([Input((50,)), Dense(40, activation="relu"), Dense(10, activation="softmax")], seed=0)
    model.compile(loss="sparse_categorical_crossentropy")
    report = gradcheck(model, rng.normal(size=(16, 50)), rng.integers(0, 10, 16), max_checks_per_tensor=20)
    assert report.passed(1e-6), str(report)


def test_set_random_seed_refuses_negative_seeds():
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got -1"):
        ln.set_random_seed(-1)


def test_seeded_generators_make_unseeded_models_repeatable_and_restore_the_global_stream():
    ln.set_random_seed(5)
    expected_next = ln.config.make_generator().integers(0, 2**31)
    ln.set_random_seed(5)
    weights = []
    for _ in range(2):
        with ln.config.seeded_generators(11):
            weights.append(Sequential([Input((3,)), Dense(2)]).get_weights()[0])
    np.testing.assert_array_equal(weights[0], weights[1])
    assert ln.config.make_generator().integers(0, 2**31) == expected_next


def test_normalize_scales_rows_to_unit_length_and_leaves_zero_rows():
    from lucidnet.utils import normalize

    x = np.array([[3.0, 4.0], [0.0, 0.0], [-1.0, 1.0]], dtype=np.float32)
    out = normalize(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [[0.6, 0.8], [0, 0], [-2**-0.5, 2**-0.5]], rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(normalize(x.T, axis=0), axis=0), [1, 0, 1], rtol=1e-6)


@pytest.mark.parametrize("order, expected", [(1, [0.25, 0.75]), (np.inf, [1 / 3, 1.0]),
                                             (3, [1 / 28**(1 / 3), 3 / 28**(1 / 3)])])
def test_normalize_uses_the_norm_of_the_order_given(order, expected):
    from lucidnet.utils import normalize

    np.testing.assert_allclose(normalize([[1, 3]], order=order), [expected])


@pytest.mark.parametrize("arguments, error, message", [
    ({"x": np.ones((2, 2)), "axis": 2}, ValueError, r"normalize axis must be an integer in \[-2, 1\], got 2"),
    ({"x": np.ones(2), "order": 0}, ValueError, "normalize order must be a number > 0 or np.inf, got 0"),
    ({"x": np.ones(2), "order": "l2"}, ValueError, "normalize order must be a number > 0 or np.inf"),
    ({"x": np.array(["a"])}, TypeError, "normalize x must be a numeric array, got ndarray of dtype <U1"),
    ({"x": 3.0}, ValueError, "normalize x must have a batch axis, got a scalar 3.0"),
    ({"x": [[np.nan, 1.0]]}, ValueError, "normalize x contains 1 NaN or infinite value"),
])
def test_normalize_refuses_bad_arguments_with_the_value(arguments, error, message):
    from lucidnet.utils import normalize

    with pytest.raises(error, match=message):
        normalize(**arguments)
