"""Keras's `layers/activations/softmax_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import layers

from .layer_case import run_layer_case

INPUTS = np.array([[1.0, 2.0, 1.0], [1.0, 2.0, 1.0]])
EXPECTED = np.array([[0.21194157, 0.5761169, 0.21194157], [0.21194157, 0.5761169, 0.21194157]])


def test_softmax():
    # keras: layers/activations/softmax_test.py::SoftmaxTest::test_softmax
    run_layer_case(layers.Softmax, {}, (2, 3, 4), expected_output_shape=(2, 3, 4))


@pytest.mark.parametrize("init_kwargs", [{}, {"axis": 1}])
def test_softmax_correctness(init_kwargs):
    # keras: layers/activations/softmax_test.py::SoftmaxTest::test_softmax_correctness
    # keras: layers/activations/softmax_test.py::SoftmaxTest::test_softmax_correctness_with_axis
    np.testing.assert_allclose(layers.Softmax(**init_kwargs)(INPUTS), EXPECTED, rtol=1e-6)
