"""The model methods and spellings a Keras notebook calls, with Keras's return conventions.

Batch methods (``train_on_batch``, ``test_on_batch``, ``predict_on_batch``), ``get_layer``,
``to_json``/``model_from_json``, ``clone_model``, and the tf.keras 2 spellings that still work
and warn at the caller's line (``predict_classes``, ``predict_proba``,
``InputLayer(input_shape=)``).
"""

import warnings

import numpy as np
import pytest

from lucidnet import Dense, Input, Sequential, layers


def warns_here(record, text):
    """The one DeprecationWarning in ``record`` names ``text`` and this file (the user's line)."""
    found = [w for w in record if issubclass(w.category, DeprecationWarning)]
    assert len(found) == 1, [str(w.message) for w in record]
    assert text in str(found[0].message)
    assert found[0].filename == __file__


# -- tf.keras 2 spellings ---------------------------------------------------------------------
def test_input_layer_takes_tf_keras_input_shape_and_warns():
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model = Sequential([layers.InputLayer(input_shape=(5,)), Dense(2)])
    warns_here(record, "InputLayer(input_shape=...) is deprecated; use InputLayer(shape=...)")
    assert model.input_shape == (None, 5)


def test_input_layer_refuses_both_shapes_or_none():
    with pytest.raises(ValueError, match="Pass shape= only, got shape=\\(3,\\) and input_shape=\\(3,\\)"):
        with pytest.warns(DeprecationWarning):
            layers.InputLayer((3,), input_shape=(3,))
    with pytest.raises(TypeError, match="Input\\(\\) needs the shape of one example"):
        Input()


def test_input_dim_is_keras_shorthand_for_a_one_axis_input_shape():
    model = Sequential([Dense(12, input_dim=8, activation="relu"), Dense(1)])
    assert model.input_shape == (None, 8)
    assert model.layers[0].get_config()["input_shape"] == [8]


@pytest.mark.parametrize("arguments, message", [
    ({"input_dim": 0}, "Dense input_dim must be a positive integer, got 0"),
    ({"input_dim": 8, "input_shape": (8,)}, "Pass input_shape= or input_dim=, not both"),
])
def test_input_dim_is_checked(arguments, message):
    with pytest.raises(ValueError, match=message):
        Dense(2, **arguments)


