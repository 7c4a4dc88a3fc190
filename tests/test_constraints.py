"""Weight constraints (lucidnet.constraints) and their application after every update.

The expected values marked "Keras" are those of Keras 3's
``keras/src/constraints/constraints_test.py``, test by test.
"""

from __future__ import annotations

import operator
import re

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import constraints
from lucidnet.callbacks import Callback, LambdaCallback
from lucidnet.constraints import CONSTRAINTS, MaxNorm, MinMaxNorm, NonNeg, UnitNorm
from lucidnet.layers import Dense, Input
from lucidnet.registry import serialize


def keras_example_array():
    """Keras's ``get_example_array()``: seed 3537, uniform in [-50, 50), a zero at [0, 0]."""
    array = np.random.RandomState(3537).random_sample((100, 100)) * 100.0 - 50.0
    array[0, 0] = 0.0
    return array


def column_norms(w):
    return np.sqrt(np.sum(np.square(w, dtype=np.float64), axis=0))


# -- the projections, with Keras's numbers ---------------------------------------------------------

@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_max_norm_scales_long_columns_back_to_max_value(dtype):
    # Keras: ConstraintsTest.test_max_norm
    x = np.array([[0, 0, 0], [1.0, 0, 0], [3, 0, 0], [3, 3, 3]], dtype=dtype).T
    target = np.array([[0, 0, 0], [1.0, 0, 0], [2.0, 0, 0], [2.0 / np.sqrt(3)] * 3]).T
    output = MaxNorm(2.0)(x)
    assert output.dtype == dtype
    np.testing.assert_allclose(output, target, rtol=1e-6, atol=1e-6)


def test_non_neg_leaves_no_negative_weight():
    # Keras: ConstraintsTest.test_non_neg
    output = NonNeg()(keras_example_array())
    assert (np.min(output, axis=1) >= 0.0).all()
    np.testing.assert_array_equal(output, np.maximum(keras_example_array(), 0))


def test_non_neg_zeroes_negatives_keeps_positives_and_zeros():
    # Keras: test_non_neg_zeroes_negatives, test_non_neg_preserves_positives,
    # test_non_neg_all_zeros_input
    np.testing.assert_array_equal(NonNeg()(np.full((5, 5), -3.0)), np.zeros((5, 5)))
    np.testing.assert_array_equal(NonNeg()(np.full((5, 5), 3.0)), np.full((5, 5), 3.0))
    np.testing.assert_array_equal(NonNeg()(np.zeros((5, 5))), np.zeros((5, 5)))


def test_unit_norm_gives_every_column_norm_one():
    # Keras: ConstraintsTest.test_unit_norm
    output = UnitNorm()(keras_example_array())
    np.testing.assert_allclose(column_norms(output), 1.0, rtol=1e-6, atol=1e-6)


def test_min_max_norm_moves_every_column_norm_into_the_interval():
    # Keras: ConstraintsTest.test_min_max_norm
    output = MinMaxNorm(min_value=0.2, max_value=0.5)(keras_example_array())
    norms = column_norms(output)
    assert np.all(norms >= 0.2) and np.all(norms <= 0.5 + 1e-6)


def test_epsilon_sits_beside_the_norm_in_the_denominator_as_in_keras():
    # A norm of exactly ε = 1e-7 makes the factor's denominator ε + ‖w‖ = 2ε.
    w = np.array([[1e-7]])
    assert MaxNorm(2.0)(w)[0, 0] == pytest.approx(1e-7 * 1e-7 / 2e-7, rel=1e-12)        # n·n/(ε+n)
    assert UnitNorm()(w)[0, 0] == pytest.approx(1e-7 / 2e-7, rel=1e-12)                 # n/(ε+n)
    assert MinMaxNorm(1.0, 2.0)(w)[0, 0] == pytest.approx(1e-7 * 1.0 / 2e-7, rel=1e-12)  # n·a/(ε+n)


def test_a_zero_column_stays_zero():
    w = np.zeros((3, 2))
    for constraint in (MaxNorm(), UnitNorm(), MinMaxNorm(0.5, 1.0)):
        np.testing.assert_array_equal(constraint(w), w)


def test_min_max_norm_rate_moves_the_norm_that_fraction_of_the_way():
    w = np.array([[3.0], [4.0]])  # norm 5, interval [0, 1]: rate 0.5 lands on 0.5·1 + 0.5·5 = 3
    output = MinMaxNorm(0.0, 1.0, rate=0.5)(w)
    np.testing.assert_allclose(output, w * 3.0 / (5.0 + 1e-7), rtol=1e-12)


def test_a_list_of_axes_takes_one_norm_over_all_of_them():
    w = np.array([[3.0, 0.0], [0.0, 4.0]])  # Frobenius norm 5
    np.testing.assert_allclose(MaxNorm(1.0, axis=[0, 1])(w), w / (5.0 + 1e-7), rtol=1e-12)
    np.testing.assert_allclose(column_norms(UnitNorm(axis=1)(w).T), [1.0, 1.0], rtol=1e-6)


def test_the_base_constraint_is_the_identity():
    # Keras: test_default_constraint_call, test_constraint_get_config, test_constraint_from_config
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(constraints.Constraint()(x), x)
    assert constraints.Constraint().get_config() == {}
    assert isinstance(constraints.Constraint.from_config({}), constraints.Constraint)


INSTANCES = {cls.registry_name: cls() for _, cls in CONSTRAINTS.items()}
INSTANCES.update({
    "max_norm(3, axis=1)": MaxNorm(max_value=3.0, axis=1),
    "unit_norm(axis=[0, 1])": UnitNorm(axis=[0, 1]),
    "min_max_norm(0.2, 0.9, 0.5)": MinMaxNorm(min_value=0.2, max_value=0.9, rate=0.5, axis=0),
})


@pytest.mark.parametrize("name", sorted(INSTANCES))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_projection_keeps_the_dtype_and_leaves_its_input_alone(name, dtype):
    w = keras_example_array().astype(dtype)
    before = w.copy()
    output = INSTANCES[name](w)
    assert output.dtype == dtype and output.shape == w.shape
    np.testing.assert_array_equal(w, before)


# -- names and configs -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_config_round_trip_gives_the_same_projection(name):
    # Keras: test_*_from_config_roundtrip, test_non_neg_serialization_roundtrip
    constraint = INSTANCES[name]
    restored = constraints.get(serialize(constraint))
    assert type(restored) is type(constraint) and restored.get_config() == constraint.get_config()
    x = keras_example_array()
    np.testing.assert_array_equal(restored(x), constraint(x))


@pytest.mark.parametrize("constraint, config", [
    (MaxNorm(max_value=3.0, axis=1), {"max_value": 3.0, "axis": 1}),
    (UnitNorm(axis=1), {"axis": 1}),
    (MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.7, axis=1),
     {"min_value": 0.5, "max_value": 2.0, "rate": 0.7, "axis": 1}),
    (NonNeg(), {}),
    (MaxNorm(), {"max_value": 2.0, "axis": 0}),
    (MinMaxNorm(), {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}),
    (UnitNorm(axis=[0, 1]), {"axis": (0, 1)}),
], ids=repr)
def test_config_is_the_constructor_arguments(constraint, config):
    # Keras: test_max_norm_get_config, test_unit_norm_get_config, test_min_max_norm_get_config,
    # test_non_neg_get_config (the last three: Keras's defaults)
    assert constraint.get_config() == config


@pytest.mark.parametrize("names, cls", [
    (("max_norm", "MaxNorm"), MaxNorm), (("non_neg", "NonNeg"), NonNeg),
    (("unit_norm", "UnitNorm"), UnitNorm), (("min_max_norm", "MinMaxNorm"), MinMaxNorm),
])
def test_keras_names_and_lowercase_aliases_resolve_to_the_class(names, cls):
    # Keras: test_get_method, and the aliases keras.constraints.max_norm, ...
    for name in names:
        assert type(constraints.get(name)) is cls
        assert getattr(constraints, cls.__name__) is getattr(constraints, names[0]) is cls
    assert serialize(cls())["class_name"] == names[0]
    assert type(constraints.get(cls)) is cls
    assert type(constraints.get({"class_name": names[1], "config": {}})) is cls


def test_get_of_none_is_none_and_of_a_typo_a_value_error():
    # Keras: ConstraintsTest.test_get_method
    assert constraints.get(None) is None
    with pytest.raises(ValueError, match=r"Unknown constraint 'typo'\. Valid names: max_norm, "):
        constraints.get("typo")


# -- bad arguments ---------------------------------------------------------------------------------

@pytest.mark.parametrize("make, error, message", [
    (lambda: MaxNorm(-1), ValueError, r"MaxNorm max_value must be a number >= 0, got -1\."),
    (lambda: MaxNorm(float("nan")), ValueError, r"MaxNorm max_value must be a number >= 0, got nan"),
    (lambda: MaxNorm(axis=1.5), ValueError,
     r"MaxNorm axis must be an integer or a list of distinct integers, got 1\.5\."),
    (lambda: UnitNorm(axis=[0, 0]), ValueError,
     r"UnitNorm axis must be an integer or a list of distinct integers, got \[0, 0\]\."),
    (lambda: UnitNorm(axis="0"), ValueError, r"UnitNorm axis must be .*, got '0'\."),
    (lambda: UnitNorm(axis=True), ValueError, r"UnitNorm axis must be .*, got True\."),
    (lambda: MinMaxNorm(min_value=-0.1), ValueError, r"MinMaxNorm min_value must be a number >= 0"),
    (lambda: MinMaxNorm(min_value=2.0, max_value=1.0), ValueError,
     r"MinMaxNorm max_value must be a number >= 2\.0, got 1\.0\."),
    (lambda: MinMaxNorm(rate=1.5), ValueError, r"MinMaxNorm rate must be a number in \[0, 1\], got 1\.5\."),
    (lambda: Dense(3, kernel_constraint="max_nrm"), ValueError,
     r"kernel_constraint=.*: Unknown constraint 'max_nrm'\. Valid names: max_norm"),
    (lambda: Dense(3, bias_constraint=3), TypeError,
     (r"bias_constraint=3: Could not interpret 3 \(of type int\) as a constraint\. "
      r"Pass a name such as 'max_norm' or a Constraint instance\.")),
    # A model file names its parts and stores no code, so a plain function is refused.
    (lambda: Dense(3, kernel_constraint=lambda w: w), TypeError,
     r"kernel_constraint=.*: Could not interpret <function .* as a constraint"),
    (lambda: Dense(3, kernel_constraint={"class_name": "max_norm", "config": {"max_value": -2}}),
     ValueError, r"kernel_constraint=.*: MaxNorm max_value must be a number >= 0, got -2\."),
    (lambda: Dense(3, kernel_constraint={"class_name": "max_norm", "config": {"norm": 2}}),
     TypeError, r"kernel_constraint=.*: .*unexpected keyword argument 'norm'"),
], ids=lambda value: "" if callable(value) or isinstance(value, (str, type)) else str(value))
def test_a_bad_argument_is_refused_with_its_name_and_value(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_an_axis_the_weight_does_not_have_is_refused_when_the_layer_is_built():
    with pytest.raises(ValueError, match=re.escape(
            "Dense(units=3) named 'dense_1' kernel has shape (4, 3), so MaxNorm(max_value=2.0, "
            "axis=2) cannot take norms along axis 2: expected distinct axes in [-2, 1].")):
        ln.Sequential([Input((4,)), Dense(3, kernel_constraint=MaxNorm(axis=2))])
    with pytest.raises(ValueError, match=r"bias has shape \(3,\), so UnitNorm\(axis=\(0, -1\)\)"):
        Dense(3, bias_constraint=UnitNorm(axis=[0, -1])).build((None, 4), "float32")


def test_state_cannot_take_a_constraint():
    layer = Dense(3)
    layer.dtype = "float32"
    with pytest.raises(ValueError, match=r"the state 'moving_mean' \(trainable=False\) cannot take a "
                                         r"constraint, got NonNeg\(\)"):
        layer.add_weight("moving_mean", (3,), "zeros", None, trainable=False, constraint="non_neg")
    assert layer.weights == [] and layer.constraints == {}


# -- applied after every update --------------------------------------------------------------------

def digits_model(seed=0, **dense_arguments):
    model = ln.Sequential([Input((64,)), Dense(16, activation="relu", **dense_arguments),
                           Dense(10, activation="softmax", **dense_arguments)], seed=seed)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=5.0),
                  loss="sparse_categorical_crossentropy")
    return model


@pytest.fixture(scope="module")
def digits():
    (x, y), _ = ln.datasets.digits.load_data()
    return x.reshape(len(x), -1)[:320] / ln.datasets.digits.MAX_PIXEL, y[:320]


class LargestColumnNorm(Callback):
    """The largest column norm of every kernel, recorded after every batch."""

    def on_train_begin(self, logs=None):
        self.largest = []

    def on_train_batch_end(self, batch, logs=None):
        self.largest.append(max(column_norms(layer.kernel).max() for layer in self.model.layers))


def test_max_norm_holds_after_every_batch_even_with_a_large_learning_rate(digits):
    x, y = digits
    constrained, free = LargestColumnNorm(), LargestColumnNorm()
    digits_model(kernel_constraint=MaxNorm(1.5)).fit(x, y, batch_size=32, epochs=2, verbose=0,
                                                     callbacks=[constrained])
    digits_model().fit(x, y, batch_size=32, epochs=2, verbose=0, callbacks=[free])
    assert len(constrained.largest) == 20
    assert max(constrained.largest) <= 1.5 * (1 + 1e-6)
    assert max(free.largest) > 3.0  # without the constraint, the same steps go far beyond it


def test_non_neg_keeps_every_weight_non_negative_after_every_batch(digits):
    x, y = digits
    smallest = []
    model = digits_model(kernel_constraint="non_neg", bias_constraint=NonNeg())
    record = LambdaCallback(on_train_batch_end=lambda batch, logs: smallest.append(
        min(w.min() for w in model.weights)))
    model.fit(x, y, batch_size=32, epochs=2, verbose=0, callbacks=[record])
    assert len(smallest) == 20 and min(smallest) >= 0.0
    assert max(w.max() for w in model.weights) > 0  # not all projected away to zero


def test_train_on_batch_applies_the_constraint_after_its_update(digits):
    x, y = digits
    model = digits_model(kernel_constraint=UnitNorm())
    for start in range(0, 96, 32):
        model.train_on_batch(x[start:start + 32], y[start:start + 32])
        for layer in model.layers:
            np.testing.assert_allclose(column_norms(layer.kernel), 1.0, rtol=1e-5)


def test_a_step_is_the_optimizer_update_then_the_projection(digits):
    x, y = digits
    model, twin = digits_model(seed=4, kernel_constraint=MaxNorm(0.8)), digits_model(seed=4)
    for layer in twin.layers:  # the same start: the constrained model's initial projection is none
        layer.kernel[...] = model.get_layer(layer.name).kernel
    model.train_on_batch(x[:32], y[:32])
    twin.train_on_batch(x[:32], y[:32])
    for layer, free in zip(model.layers, twin.layers):
        np.testing.assert_array_equal(layer.kernel, MaxNorm(0.8)(free.kernel))
        np.testing.assert_array_equal(layer.bias, free.bias)


def test_projection_keeps_the_arrays_the_optimizer_knows(digits):
    x, y = digits
    model = digits_model(kernel_constraint="max_norm")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    # The first fit may lay the parameters out flat (new arrays); from then on they stay.
    model.fit(x, y, batch_size=64, epochs=1, verbose=0)
    arrays = [id(w) for w in model.weights]
    model.fit(x, y, batch_size=64, epochs=2, verbose=0)
    assert [id(w) for w in model.weights] == arrays
    assert all(map(operator.is_, model.trainable_weights, model.optimizer._params))
    assert all(w.dtype == np.float32 for w in model.weights)


def test_a_frozen_layers_constraint_is_not_applied(digits):
    x, y = digits
    model = digits_model(kernel_constraint=MaxNorm(1.0))
    model.build((None, 64))
    first = model.layers[0]
    first.kernel[...] = 2.0  # every column norm 16, far over the limit
    first.trainable = False
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    np.testing.assert_array_equal(first.kernel, 2.0)
    assert column_norms(model.layers[1].kernel).max() <= 1.0 + 1e-6


def test_layers_without_constraints_are_never_asked_to_project(digits, monkeypatch):
    x, y = digits
    calls = []
    original = Dense.apply_constraints
    monkeypatch.setattr(Dense, "apply_constraints",
                        lambda layer, weights=None: calls.append(layer.name) or original(layer, weights))
    digits_model().fit(x, y, batch_size=32, epochs=1, verbose=0)
    assert calls == []
    model = ln.Sequential([Input((64,)), Dense(16, activation="relu", kernel_constraint="non_neg"),
                           Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    assert calls == ["dense_1"] * 10


def test_explain_shows_the_update_after_the_projection():
    model = ln.Sequential([Input((1,)), Dense(1, activation="sigmoid", kernel_initializer="ones",
                                              kernel_constraint=MaxNorm(0.5))], seed=0)
    model.compile(optimizer=ln.optimizers.SGD(0.1), loss="binary_crossentropy")
    text = model.explain([2.0], 1, show=False)
    assert "Then the constraints, θ ← c(θ): dense_1 kernel ← MaxNorm(max_value=0.5, axis=0)." in text
    shown = float(re.search(r"- dense_1 W¹: 1 → (\S+)", text).group(1))
    assert model.get_layer("dense_1").kernel[0, 0] == 1.0  # explain changed nothing
    model.train_on_batch(np.array([[2.0]]), np.array([1]))
    assert shown == pytest.approx(model.get_layer("dense_1").kernel[0, 0], rel=1e-3)


# -- saved and loaded ------------------------------------------------------------------------------

def test_dense_config_holds_its_constraints_and_rebuilds_them():
    layer = Dense(4, kernel_constraint=MinMaxNorm(0.1, 0.9, rate=0.5), bias_constraint="non_neg")
    config = layer.get_config()
    assert config["kernel_constraint"] == {"class_name": "min_max_norm", "config": {
        "min_value": 0.1, "max_value": 0.9, "rate": 0.5, "axis": 0}}
    assert config["bias_constraint"] == {"class_name": "non_neg", "config": {}}
    assert Dense(4).get_config()["kernel_constraint"] is None
    clone = Dense.from_config(config)
    assert clone.get_config() == config


def test_a_keras_style_constraint_config_is_read():
    config = Dense(2).get_config()
    config["kernel_constraint"] = {"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0}}
    layer = Dense.from_config(config)
    assert layer.kernel_constraint.get_config() == {"max_value": 3.0, "axis": 0}


def test_save_and_load_keep_the_constraints_in_force(tmp_path, digits):
    x, y = digits
    model = digits_model(kernel_constraint=MaxNorm(1.2), bias_constraint=NonNeg())
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    model.save(tmp_path / "constrained.lucidnet")
    loaded = ln.load_model(tmp_path / "constrained.lucidnet")
    for layer, original in zip(loaded.layers, model.layers):
        assert layer.get_config() == original.get_config()
        assert repr(layer.constraints) == repr(original.constraints)
        np.testing.assert_array_equal(layer.kernel, original.kernel)
    largest = LargestColumnNorm()
    loaded.fit(x, y, batch_size=32, epochs=1, verbose=0, callbacks=[largest])
    assert max(largest.largest) <= 1.2 * (1 + 1e-6)
    assert min(layer.bias.min() for layer in loaded.layers) >= 0.0


def test_onnx_export_is_the_same_with_or_without_constraints(tmp_path, digits):
    pytest.importorskip("onnx")
    from lucidnet.export import to_onnx

    x, y = digits
    constrained = digits_model(kernel_constraint=MaxNorm(1.5), bias_constraint="non_neg")
    constrained.fit(x, y, batch_size=32, epochs=1, verbose=0)
    plain = digits_model()
    plain.set_weights(constrained.get_weights())
    graphs = [to_onnx(model, tmp_path / f"{name}.onnx").graph.SerializeToString()
              for name, model in (("constrained", constrained), ("plain", plain))]
    assert graphs[0] == graphs[1]
