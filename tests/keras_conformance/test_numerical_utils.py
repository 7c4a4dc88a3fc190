"""Keras's `utils/numerical_utils_test.py`, ported: `to_categorical` and `normalize`."""

import numpy as np
import pytest

from lucidnet.keras import utils

NUM_CLASSES = 5


@pytest.mark.parametrize("shape, expected_shape", [
    ((1,), (1, NUM_CLASSES)), ((3,), (3, NUM_CLASSES)), ((4, 3), (4, 3, NUM_CLASSES)),
    ((5, 4, 3), (5, 4, 3, NUM_CLASSES)), ((3, 1), (3, NUM_CLASSES)),
    ((3, 2, 1), (3, 2, NUM_CLASSES)),
])
def test_to_categorical(shape, expected_shape):
    # keras: utils/numerical_utils_test.py::TestNumericalUtils::test_to_categorical
    label = np.random.default_rng(0).integers(0, NUM_CLASSES, shape)
    one_hot = utils.to_categorical(label, NUM_CLASSES)
    assert one_hot.shape == expected_shape
    assert np.all(one_hot.sum(axis=-1) == 1)
    assert np.all(np.argmax(one_hot, -1).reshape(label.shape) == label)


def test_to_categorical_without_num_classes():
    # keras: utils/numerical_utils_test.py::TestNumericalUtils::test_to_categorical_without_num_classes
    assert utils.to_categorical([0, 2, 5]).shape == (3, 5 + 1)


def test_to_categorical_of_an_array():
    # keras: utils/numerical_utils_test.py::TestNumericalUtils::test_to_categorical_with_backend_tensor
    # (a NumPy array is lucidnet's tensor)
    one_hot = utils.to_categorical(np.array([0, 2, 1, 3, 4]), NUM_CLASSES)
    np.testing.assert_array_equal(one_hot, np.eye(5)[[0, 2, 1, 3, 4]])


@pytest.mark.parametrize("order", [1, 2, 3])
def test_normalize(order):
    # keras: utils/numerical_utils_test.py::TestNumericalUtils::test_normalize (the NumPy case)
    x = np.random.default_rng(1337).uniform(size=(3, 3))
    norms = np.atleast_1d(np.linalg.norm(x, order, axis=-1))
    norms[norms == 0] = 1
    out = utils.normalize(x, axis=-1, order=order)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, x / np.expand_dims(norms, axis=-1), rtol=1e-6, atol=1e-6)


def test_normalize_numpy_axis_zero():
    # keras: utils/numerical_utils_test.py::TestNumericalUtils::test_normalize_numpy_axis_zero
    x = np.array([[3.0, 0.0, 12.0], [4.0, 5.0, 0.0]])
    out = utils.normalize(x, axis=0)
    assert isinstance(out, np.ndarray) and out.shape == x.shape
    np.testing.assert_allclose(out, [[0.6, 0.0, 1.0], [0.8, 1.0, 0.0]])
