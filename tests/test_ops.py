"""lucidnet.ops, Keras's keras.ops over NumPy: values and dtypes written out by hand, the
activations shared with lucidnet.activations, and a cross-check against Keras when it is
installed."""

import os

import numpy as np
import pytest

import lucidnet.keras as keras
from lucidnet import activations, ops
from lucidnet.tensor import Tensor

X = np.array([[1.0, -2.0, 3.0], [-0.0, 0.0, -1.0]], dtype="float32")
INTS = np.array([[1, 4], [9, 16]], dtype="int32")

#: (call, expected values, expected dtype): worked by hand.
CASES = [
    (lambda: ops.argmax(X, axis=-1), [2, 1], "int32"),
    (lambda: ops.argmax(X), 2, "int32"),
    (lambda: ops.argmin(X, axis=1, keepdims=True), [[1], [2]], "int32"),
    (lambda: ops.argmax(np.array([-0.0, 0.0])), 1, "int32"),
    (lambda: ops.argmin(np.array([0.0, -0.0])), 1, "int32"),
    (lambda: ops.max(X, axis=0), [1.0, 0.0, 3.0], "float32"),
    (lambda: ops.min(X), -2.0, "float32"),
    (lambda: ops.max([1.0, 2.0], initial=5.0), 5.0, "float32"),
    (lambda: ops.sum(X, axis=1), [2.0, -1.0], "float32"),
    (lambda: ops.sum(np.array([True, True, False])), 2, "int32"),
    (lambda: ops.sum(np.array([100, 100], dtype="int8")), 200, "int32"),
    (lambda: ops.sum(np.array([1, 2], dtype="uint8")), 3, "uint32"),
    (lambda: ops.sum(np.array([1, 2], dtype="int64")), 3, "int64"),
    (lambda: ops.mean(INTS), 7.5, "float32"),
    (lambda: ops.mean(X.astype("float64"), axis=0), [0.5, -1.0, 1.0], "float64"),
    (lambda: ops.abs(np.array([-3, 2], dtype="int8")), [3, 2], "int8"),
    (lambda: ops.absolute(X[0]), [1.0, 2.0, 3.0], "float32"),
    (lambda: ops.square(np.array([True, False])), [1, 0], "int32"),
    (lambda: ops.square(X[0]), [1.0, 4.0, 9.0], "float32"),
    (lambda: ops.sqrt(INTS), [[1.0, 2.0], [3.0, 4.0]], "float32"),
    (lambda: ops.sqrt(np.array([4.0])), [2.0], "float64"),
    (lambda: ops.exp(np.array([0, 1])), [1.0, np.exp(np.float32(1.0))], "float32"),
    (lambda: ops.log(np.array([1, 1])), [0.0, 0.0], "float32"),
    (lambda: ops.clip(X[0], -1, 2), [1.0, -1.0, 2.0], "float32"),
    (lambda: ops.clip(INTS, 2, 10), [[2, 4], [9, 10]], "int32"),
    (lambda: ops.where(X[0] > 0, X[0], 0), [1.0, 0.0, 3.0], "float32"),
    (lambda: ops.where(INTS > 5, INTS, 0.5), [[0.5, 0.5], [9.0, 16.0]], "float32"),
    (lambda: ops.where([True, False], np.ones(2, "float32"), np.zeros(2)), [1.0, 0.0], "float64"),
    (lambda: ops.one_hot(np.array([1, 3, 2, 0]), 4),
     [[0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0]], "float32"),
    (lambda: ops.one_hot(np.array([-1, 1]), 2, axis=0, dtype="int32"), [[0, 0], [0, 1]], "int32"),
    (lambda: ops.cast(X[0], "int32"), [1, -2, 3], "int32"),
    (lambda: ops.convert_to_tensor([1, 2]), [1, 2], "int32"),
    (lambda: ops.convert_to_tensor([1, 2.5]), [1.0, 2.5], "float32"),
    (lambda: ops.convert_to_tensor(np.array([1.5])), [1.5], "float64"),
    (lambda: ops.convert_to_tensor([1, 2], dtype="float64"), [1.0, 2.0], "float64"),
    (lambda: ops.expand_dims(X[0], 0), [[1.0, -2.0, 3.0]], "float32"),
    (lambda: ops.expand_dims(X[0], [0, 2]), [[[1.0], [-2.0], [3.0]]], "float32"),
    (lambda: ops.reshape(INTS, (-1,)), [1, 4, 9, 16], "int32"),
    (lambda: ops.stack([INTS[0], INTS[1]], axis=1), [[1, 9], [4, 16]], "int32"),
    (lambda: ops.stack([INTS[0], X[0, :2]]), [[1.0, 4.0], [1.0, -2.0]], "float32"),
    (lambda: ops.concatenate([INTS[0], INTS[1].astype("int64")]), [1, 4, 9, 16], "int64"),
    (lambda: ops.concatenate([X[0], X[1].astype("float64")]),
     [1.0, -2.0, 3.0, -0.0, 0.0, -1.0], "float64"),
    (lambda: ops.matmul(INTS, INTS), [[37, 68], [153, 292]], "int32"),
    (lambda: ops.matmul(X, X.T), [[14.0, -3.0], [-3.0, 1.0]], "float32"),
    (lambda: ops.matmul(np.ones((2, 3), "int8"), np.ones(3, "int8")), [3, 3], "int32"),
    (lambda: ops.matmul(INTS, np.eye(2)), [[1.0, 4.0], [9.0, 16.0]], "float64"),
    (lambda: ops.matmul([[1.0, 2.0]], INTS), [[19.0, 36.0]], "float32"),
    (lambda: ops.arange(4), [0, 1, 2, 3], "int32"),
    (lambda: ops.arange(1, 7, 2), [1, 3, 5], "int32"),
    (lambda: ops.arange(0, 1, 0.25), [0.0, 0.25, 0.5, 0.75], "float32"),
    (lambda: ops.arange(3, dtype="float64"), [0.0, 1.0, 2.0], "float64"),
    (lambda: ops.zeros((2, 1)), [[0.0], [0.0]], "float32"),
    (lambda: ops.zeros(3, dtype="int32"), [0, 0, 0], "int32"),
    (lambda: ops.ones((1, 2)), [[1.0, 1.0]], "float32"),
    (lambda: ops.ones([2], "bool"), [True, True], "bool"),
    # ln softmax([0, ln 3]) = [ln 1/4, ln 3/4]; rows of equal values give −ln n
    (lambda: ops.log_softmax(np.array([0.0, np.log(3.0)])), np.log([0.25, 0.75]), "float64"),
    (lambda: ops.log_softmax(np.zeros((2, 4), "float32"), axis=0),
     np.full((2, 4), -np.log(np.float32(2.0))), "float32"),
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_values_and_dtypes_are_keras_s(case):
    call, expected, dtype = CASES[case]
    result = call()
    assert isinstance(result, Tensor)
    assert result.dtype == np.dtype(dtype)
    if result.dtype.kind == "f":  # a worked logarithm is right to the last bits, not further
        np.testing.assert_allclose(result.numpy(), np.asarray(expected, dtype=dtype), rtol=1e-6)
    else:
        np.testing.assert_array_equal(result.numpy(), np.asarray(expected, dtype=dtype))


def test_top_k_gives_the_largest_first_and_ties_by_lower_index():
    values, indices = ops.top_k(np.array([[1.0, 3.0, 3.0, 2.0], [0.0, -1.0, 5.0, 4.0]]), k=2)
    assert values.tolist() == [[3.0, 3.0], [5.0, 4.0]]
    assert indices.tolist() == [[1, 2], [2, 3]] and indices.dtype == np.int32
    values, indices = ops.top_k([5, 2, 7, 1, 9, 3], k=3, sorted=False)
    assert values.tolist() == [9, 7, 5] and indices.tolist() == [4, 2, 0]


def test_where_with_the_condition_alone_gives_the_indices():
    rows, columns = ops.where(X > 0)
    assert rows.tolist() == [0, 0] and columns.tolist() == [0, 2]


def test_shape_and_convert_to_numpy_give_plain_python_and_numpy_values():
    assert ops.shape(X) == (2, 3) and ops.shape([[1, 2]]) == (1, 2)
    result = ops.convert_to_numpy(ops.softmax(X))
    assert type(result) is np.ndarray
    tensor = ops.convert_to_tensor(X)
    tensor[0, 0] = 9.0   # a copy, as Keras's: the input is untouched
    assert X[0, 0] == 1.0


def test_the_activations_are_lucidnet_activations_formulas():
    np.testing.assert_array_equal(ops.softmax(X, axis=0), activations.softmax(X, axis=0))
    np.testing.assert_array_equal(ops.sigmoid(X), activations.sigmoid(X))
    np.testing.assert_array_equal(ops.relu(X), activations.relu(X))
    np.testing.assert_array_equal(ops.log_softmax(X, axis=0), activations.log_softmax(X, axis=0))
    # worked values: softmax([0, ln 3]) = [1/4, 3/4]; σ(0) = 1/2
    np.testing.assert_allclose(ops.softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75])
    assert ops.sigmoid(0.0).numpy() == 0.5 and ops.relu([-1.0, 2.0]).tolist() == [0.0, 2.0]


def test_the_quickstart_s_prediction_line_on_a_model_output():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
    logits = model(X)
    probabilities = ops.convert_to_numpy(ops.softmax(logits))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-6)
    assert ops.argmax(logits, axis=-1).tolist() == np.argmax(model.predict(X, verbose=0), -1).tolist()


@pytest.mark.parametrize("call, message", [
    (lambda: ops.convert_to_tensor([1], sparse=True), "sparse=True"),
    (lambda: ops.one_hot([0.5], 2), "must be integers"),
    (lambda: ops.one_hot([1], 0), "num_classes"),
    (lambda: ops.top_k([1, 2], k=3), "top_k k"),
    (lambda: ops.where([True], [1]), "both x1 and x2"),
    (lambda: ops.sum("abc"), "Expected numbers"),
    (lambda: ops.stack([np.array([1], "int64"), np.array([1], "uint64")]), "no common integer"),
    (lambda: ops.zeros((2, -1)), "zeros shape must be a non-negative integer, got -1"),
    (lambda: ops.ones((2.5,)), "ones shape"),
    (lambda: ops.matmul([[1, 2]], [[1, 2]]), "matmul"),
])
def test_bad_input_is_refused_with_what_was_expected(call, message):
    with pytest.raises((TypeError, ValueError), match=message):
        call()


# -- against Keras, where it is installed ------------------------------------------------------
#: Where Keras's backends disagree, lucidnet follows Keras's NumPy backend (worked above), and
#: the torch backend used here differs: it ranks −0.0 equal to 0.0 in argmax and argmin, and
#: has no uint32 for the sum of uint8.  Its matmul also narrows a float64 result to float32
#: (as Keras's JAX and NumPy backends do); lucidnet keeps float64 there, as Keras's TensorFlow
#: backend does, so that float64 on request stays float64.
TORCH_DIFFERS = {0, 3, 4, 11, 45}


@pytest.mark.parametrize("case", [c for c in range(len(CASES)) if c not in TORCH_DIFFERS])
def test_keras_gives_the_same_values_and_dtypes(case):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    real = pytest.importorskip("keras")
    source = CASES[case][0].__code__
    call = type(CASES[case][0])(source, {**CASES[case][0].__globals__, "ops": real.ops})
    expected = real.ops.convert_to_numpy(call())
    result = CASES[case][0]()
    assert result.dtype == expected.dtype
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-6)
