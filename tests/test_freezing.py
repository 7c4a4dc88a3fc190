"""Freezing layers, as in Keras's transfer-learning guide: ``layer.trainable = False`` keeps a
layer's weights fixed while the rest of the model trains, and ``trainable = True`` lets it
learn again (fine-tuning)."""

import numpy as np
import pytest

import lucidnet as ln

LOSS = "sparse_categorical_crossentropy"


def classifier():
    """67 parameters: Dense(8) has 4·8 + 8 = 40 of them, Dense(3) has 8·3 + 3 = 27."""
    return ln.Sequential([ln.Input((4,)), ln.Dense(8, "relu"), ln.Dense(3, "softmax")],
                         dtype="float64", seed=0)


def frozen_classifier():
    model = classifier()
    model.layers[0].trainable = False
    model.compile(optimizer="adam", loss=LOSS)
    return model


@pytest.fixture
def data(rng):
    return rng.normal(size=(48, 4)), rng.integers(0, 3, size=48)


def fit(model, data, epochs=3, **options):
    x, y = data
    model.fit(x, y, epochs=epochs, batch_size=16, verbose=0, **options)


def weights(layer):
    return [w.copy() for w in layer.get_weights()]


def assert_unchanged(before, layer):
    for old, new in zip(before, layer.get_weights(), strict=True):
        assert np.array_equal(old, new), f"{layer.name} changed although it is frozen"


def assert_changed(before, layer):
    for old, new in zip(before, layer.get_weights(), strict=True):
        assert not np.array_equal(old, new), f"{layer.name} did not train"


def assert_trains_only_the_second_layer(model, train):
    first, second = weights(model.layers[0]), weights(model.layers[1])
    train(model)
    assert_unchanged(first, model.layers[0])
    assert_changed(second, model.layers[1])


# -- fit ---------------------------------------------------------------------------------------
def test_fit_leaves_a_frozen_layer_bit_identical_and_trains_the_rest(data):
    assert_trains_only_the_second_layer(frozen_classifier(), lambda model: fit(model, data))


def test_layer_frozen_by_its_constructor_keeps_its_weights(data):
    model = ln.Sequential([ln.Input((4,)), ln.Dense(8, "relu", trainable=False),
                           ln.Dense(3, "softmax")], dtype="float64", seed=0)
    model.compile(optimizer="adam", loss=LOSS)
    assert_trains_only_the_second_layer(model, lambda model: fit(model, data))


@pytest.mark.parametrize("compile_again", [True, False],
                         ids=["after_compiling_again", "without_compiling_again"])
def test_unfrozen_layer_trains(data, compile_again):
    model = frozen_classifier()
    fit(model, data)
    model.layers[0].trainable = True
    if compile_again:
        model.compile(optimizer="adam", loss=LOSS)
    first = weights(model.layers[0])
    fit(model, data)
    assert_changed(first, model.layers[0])


def test_layer_frozen_without_compiling_again_keeps_its_weights(data):
    model = classifier()
    model.compile(optimizer="adam", loss=LOSS)
    fit(model, data)
    model.layers[0].trainable = False
    assert_trains_only_the_second_layer(model, lambda model: fit(model, data))


def test_train_on_batch_leaves_a_frozen_layer_unchanged(data):
    assert_trains_only_the_second_layer(frozen_classifier(),
                                        lambda model: model.train_on_batch(*data))


# -- what the model reports ----------------------------------------------------------------------
def test_summary_counts_a_frozen_layer_as_non_trainable():
    model = classifier()
    model.layers[0].trainable = False
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "Total params: 67" in text
    assert "Trainable params: 27" in text       # Dense(3): 8·3 + 3
    assert "Non-trainable params: 40" in text   # Dense(8): 4·8 + 8


def test_model_weight_lists_split_by_the_trainable_flag():
    model = classifier()
    model.layers[0].trainable = False
    assert [w.shape for w in model.trainable_weights] == [(8, 3), (3,)]
    assert [w.shape for w in model.non_trainable_weights] == [(4, 8), (8,)]
    assert len(model.weights) == 4


def test_model_weight_lists_follow_the_flag_when_it_changes_back():
    model = classifier()
    model.layers[0].trainable = False
    model.layers[0].trainable = True
    assert len(model.trainable_weights) == 4
    assert model.non_trainable_weights == []


def test_frozen_layer_lists_its_weights_as_non_trainable():
    # The first example of the guide: a built Dense layer, frozen.
    layer = ln.Sequential([ln.Input((4,)), ln.Dense(3)]).layers[0]
    layer.trainable = False
    assert len(layer.weights) == 2
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 2


# -- saving ----------------------------------------------------------------------------------
def test_loaded_model_keeps_a_layer_frozen(tmp_path):
    frozen_classifier().save(tmp_path / "frozen.lucid")
    loaded = ln.load_model(tmp_path / "frozen.lucid")
    assert [layer.trainable for layer in loaded.layers] == [False, True]


def test_loaded_frozen_model_trains_only_its_unfrozen_layer(tmp_path, data):
    model = frozen_classifier()
    fit(model, data)
    model.save(tmp_path / "frozen.lucid")
    loaded = ln.load_model(tmp_path / "frozen.lucid")
    assert_trains_only_the_second_layer(loaded, lambda model: fit(model, data))


# -- the optimizer across a freeze ---------------------------------------------------------------
def test_freezing_between_fits_trains_like_freezing_from_the_start(data):
    # Plain SGD keeps no state, so the second fit must be the same computation either way.
    model = classifier()
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=0.1), loss=LOSS)
    fit(model, data, epochs=1, shuffle=False)
    twin = classifier()
    twin.set_weights(model.get_weights())
    twin.layers[0].trainable = False
    twin.compile(optimizer=ln.optimizers.SGD(learning_rate=0.1), loss=LOSS)
    model.layers[0].trainable = False
    fit(model, data, epochs=2, shuffle=False)
    fit(twin, data, epochs=2, shuffle=False)
    for ours, theirs in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_momentum_of_the_trainable_layer_carries_over_a_freeze(data):
    # b ← μ·b + g, w ← w − lr·b: with a constant lr the last step shows the velocity,
    # b = (w_before − w)/lr, and a plain SGD step with lr = 1 on a copy shows g.
    learning_rate, momentum = 0.1, 0.9
    model = classifier()
    model.compile(optimizer=ln.optimizers.SGD(learning_rate, momentum=momentum), loss=LOSS)
    for _ in range(3):
        model.train_on_batch(*data)
    before = weights(model.layers[1])
    model.train_on_batch(*data)
    current = weights(model.layers[1])
    velocity = [(old - new) / learning_rate for old, new in zip(before, current)]

    probe = classifier()
    probe.set_weights(model.get_weights())
    probe.compile(optimizer=ln.optimizers.SGD(learning_rate=1.0), loss=LOSS)
    probe.train_on_batch(*data)
    gradient = [w - stepped for w, stepped in zip(current, probe.layers[1].get_weights())]

    model.layers[0].trainable = False
    model.train_on_batch(*data)
    after = model.layers[1].get_weights()
    for w, b, g, new in zip(current, velocity, gradient, after, strict=True):
        np.testing.assert_allclose(new, w - learning_rate * (momentum * b + g), rtol=0, atol=1e-12)
        assert not np.allclose(new, w - learning_rate * g), "the velocity was reset by the freeze"


def test_model_trainable_false_freezes_every_layer_and_true_unfreezes_them():
    ln.set_random_seed(0)
    model = ln.Sequential([ln.Input((4,)), ln.Dense(8, "relu"), ln.Dense(3, "softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x = np.random.default_rng(0).normal(size=(32, 4))
    y = np.arange(32) % 3
    model.trainable = False
    before = model.get_weights()
    model.fit(x, y, epochs=2, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    assert model.trainable_weights == [] and not any(layer.trainable for layer in model.layers)
    model.trainable = True
    model.fit(x, y, epochs=2, verbose=0)
    assert not any(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_model_trainable_must_be_a_boolean():
    with pytest.raises(ValueError, match=r"Model 'sequential' trainable must be True or False, got 'no'"):
        ln.Sequential([ln.Dense(2)]).trainable = "no"


def test_pop_removes_the_last_layer_so_another_head_can_go_on():
    model = ln.Sequential([ln.Input((4,)), ln.Dense(8, "relu"), ln.Dense(3, "softmax")])
    head = model.pop()
    assert head.units == 3 and model.output_shape == (None, 8)
    model.add(ln.Dense(2, name=head.name))  # the popped name is free again
    assert model.output_shape == (None, 2)
    with pytest.raises(ValueError, match="has no layer to pop"):
        ln.Sequential().pop()
