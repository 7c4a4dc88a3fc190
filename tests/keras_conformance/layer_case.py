"""What Keras's `run_layer_test` asserts of a layer, on lucidnet's layers.

Keras's layer tests build a layer from `init_kwargs`, call it on a random batch of
`input_shape` and check the output's shape, the number of trainable and non-trainable
weights, whether it adds losses (regularizers), and that its config rebuilds the same
layer.  lucidnet has no automatic differentiation, so where Keras's check trains the layer
in a model, this one runs the layer's backward pass and checks the gradient's shape.
Masking (`supports_masking`) is not a lucidnet feature and is not checked.
"""

from __future__ import annotations

import numpy as np

from lucidnet import layers


def run_layer_case(cls, init_kwargs, input_shape, expected_output_shape=None,
                   trainable=0, non_trainable=0, adds_losses=False, training=None,
                   seeded=False, input_data=None, expected_output=None):
    """Build `cls(**init_kwargs)` on a batch of `input_shape` and check what Keras checks;
    returns the layer, called once."""
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(input_shape).astype("float32") if input_data is None
         else np.asarray(input_data))
    layer = cls(**init_kwargs)
    call = {} if training is None else {"training": training}
    output = np.asarray(layer(x, **call))
    if expected_output_shape is not None:
        assert output.shape == tuple(expected_output_shape)
    if expected_output is not None:
        np.testing.assert_allclose(output, expected_output, rtol=1e-6, atol=1e-6)
    assert len(layer.trainable_weights) == trainable
    assert len(layer.non_trainable_weights) == non_trainable
    assert (layer.regularization_loss() > 0) == adds_losses
    if seeded:  # Keras: expected_num_seed_generators=1, a layer drawing random numbers
        assert isinstance(layer.rng, np.random.Generator)

    # The config round trip: from_config(get_config()) is the same layer, and so is the
    # layer read back from its serialized form by name.
    config = layer.get_config()
    assert cls.from_config(config).get_config() == config
    assert layers.get({"class_name": cls.registry_name, "config": config}).get_config() == config

    # The training check: a backward pass gives a gradient of the input's shape and one
    # per trainable weight.
    grad = layer.backward(np.ones_like(output), need_input_grad=True)
    assert grad.shape == x.shape
    assert len(layer.grads) == trainable
    return layer
