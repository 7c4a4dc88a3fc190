"""Keras's `layers/preprocessing/rescaling_test.py`, ported."""

import numpy as np
import pytest

from lucidnet.keras import layers

from .layer_case import run_layer_case


@pytest.mark.parametrize("init_kwargs, input_dtype", [
    ({"scale": 1.0 / 255, "offset": 0.5}, "float32"),
    ({"scale": 2, "offset": 0.5}, "float32"),
    ({"scale": 1.0, "offset": 2}, "float32"),
    ({"scale": 1.0 / 255, "offset": 0.5}, "int16"),
    ({"scale": np.array(1.0 / 255.0), "offset": np.array(0.5)}, "float32"),
], ids=["basics", "int_scale", "int_offset", "int_inputs", "numpy_args"])
def test_rescaling_basics(init_kwargs, input_dtype):
    # keras: layers/preprocessing/rescaling_test.py::RescalingTest::test_rescaling_basics
    # keras: layers/preprocessing/rescaling_test.py::RescalingTest::test_rescaling_dtypes
    # keras: layers/preprocessing/rescaling_test.py::RescalingTest::test_numpy_args
    x = (np.random.default_rng(0).random((2, 3)) * 255).astype(input_dtype)
    layer = run_layer_case(layers.Rescaling, init_kwargs, (2, 3), input_data=x,
                           expected_output_shape=(2, 3))
    expected = x.astype("float32") * float(init_kwargs["scale"]) + float(init_kwargs["offset"])
    np.testing.assert_allclose(layer(x), expected, rtol=1e-6)


def test_rescaling_correctness():
    # keras: layers/preprocessing/rescaling_test.py::RescalingTest::test_rescaling_correctness
    x = np.random.default_rng(0).random((3, 10, 10, 3)) * 255
    out = layers.Rescaling(scale=1.0 / 255, offset=0.5)(x)
    np.testing.assert_allclose(out, x / 255 + 0.5, rtol=1e-6, atol=1e-6)
