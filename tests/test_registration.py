"""register_keras_serializable: a user's subclasses saved and loaded by "package>name", and a
file still able to name only the classes the running program registered."""

import json
import os

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import activations, losses
from lucidnet.layers import LAYERS, Dense
from lucidnet.utils import (get_custom_objects, get_registered_name, get_registered_object,
                            register_keras_serializable)
from lucidnet.utils import registration

os.environ.setdefault("KERAS_BACKEND", "torch")


@pytest.fixture(autouse=True)
def fresh_registries(monkeypatch):
    """What a test registers is gone after it, so the registry-wide tests never see it."""
    for registry in registration._REGISTRIES:
        monkeypatch.setattr(registry, "_classes", dict(registry._classes))
    monkeypatch.setattr(registration, "_registered", dict(registration._registered))
    yield


def custom_classes():
    @register_keras_serializable(package="demo")
    class ScaledDense(Dense):
        """Dense whose output is multiplied by ``scale``."""

        def __init__(self, units, scale=2.0, **kwargs):
            super().__init__(units, **kwargs)
            self.scale = scale

        def get_config(self):
            return {**super().get_config(), "scale": self.scale}

        def forward(self, x, training=False):
            return self.scale * super().forward(x, training)

        def backward(self, grad, need_input_grad=True):
            return super().backward(self.scale * grad, need_input_grad)

    @register_keras_serializable("demo", name="cubed")
    class Cubed(activations.Activation):
        """σ(z) = z³;  σ'(z) = 3z²."""

        def forward(self, z):
            return z**3

        def derivative(self, z, a):
            return 3 * z**2

    @register_keras_serializable()
    class Quartic(losses.Loss):
        """Cₙ = (1/k) Σⱼ (yⱼ − ŷⱼ)⁴;  ∂Cₙ/∂ŷ = (4/k)(ŷ − y)³."""

        def per_sample(self, y_true, y_pred):
            return ((y_true - y_pred) ** 4).mean(axis=-1)

        def gradient_unweighted(self, y_true, y_pred):
            return (4.0 / y_pred.shape[-1]) * (y_pred - y_true) ** 3

    return ScaledDense, Cubed, Quartic


def test_registered_names_are_package_and_name():
    ScaledDense, Cubed, Quartic = custom_classes()
    assert [get_registered_name(cls) for cls in (ScaledDense, Cubed, Quartic)] == \
        ["demo>ScaledDense", "demo>cubed", "Custom>Quartic"]
    assert get_registered_name(Dense(1)) == "Dense"
    assert get_registered_object("demo>cubed") is Cubed and get_registered_object("x>y") is None
    assert dict(get_custom_objects()) == {"demo>ScaledDense": ScaledDense, "demo>cubed": Cubed,
                                          "Custom>Quartic": Quartic}
    with pytest.raises(TypeError):
        get_custom_objects()["other>Thing"] = Dense


def test_registered_names_are_keras_s(monkeypatch):
    keras = pytest.importorskip("keras")
    monkeypatch.setattr(keras.src.saving.object_registration, "GLOBAL_CUSTOM_OBJECTS", {})
    monkeypatch.setattr(keras.src.saving.object_registration, "GLOBAL_CUSTOM_NAMES", {})

    @keras.saving.register_keras_serializable("demo", name="cubed")
    class KerasCubed(keras.layers.Layer):
        pass

    Cubed = custom_classes()[1]
    assert keras.saving.get_registered_name(KerasCubed) == get_registered_name(Cubed)


def test_a_model_of_registered_classes_round_trips_through_a_model_file(tmp_path, rng):
    ScaledDense, Cubed, Quartic = custom_classes()
    model = ln.Sequential([ln.Input((3,)), ScaledDense(4, scale=0.5, activation=Cubed()),
                           Dense(2)], seed=0)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=1e-3), loss=Quartic())
    x, y = 0.5 * rng.normal(size=(16, 3)), 0.5 * rng.normal(size=(16, 2))
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    model.save(tmp_path / "m.lucidnet")
    loaded = ln.load_model(tmp_path / "m.lucidnet")
    layer = loaded.layers[0]
    assert type(layer) is ScaledDense and layer.scale == 0.5 and type(layer.activation) is Cubed
    assert type(loaded.loss) is Quartic
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    document = json.loads(ln.models.Sequential.from_config(model.get_config()).to_json())
    assert [entry["class_name"] for entry in document["config"]["layers"]] == \
        ["InputLayer", "demo>ScaledDense", "Dense"]
    assert loaded.history.history["loss"] == model.history.history["loss"]


def test_a_registered_layer_passes_the_gradient_check():
    ScaledDense, Cubed, _ = custom_classes()
    model = ln.Sequential([ln.Input((3,)), ScaledDense(2, scale=3.0, activation=Cubed())],
                          dtype="float64", seed=1)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    report = ln.utils.gradcheck(model, rng.normal(size=(5, 3)), rng.normal(size=(5, 2)))
    assert report.passed, report


def test_an_unregistered_subclass_is_still_refused_by_save(tmp_path):
    class Unlisted(Dense):
        pass

    model = ln.Sequential([ln.Input((2,)), Unlisted(1)])
    with pytest.raises(ValueError, match="Cannot save the layer Unlisted: it is not registered"):
        model.save(tmp_path / "m.lucidnet")


def test_a_document_naming_an_unregistered_class_names_it_and_runs_nothing():
    config = {"name": "s", "dtype": "float32",
              "layers": [{"class_name": "os>system", "config": {"units": 1}}]}
    with pytest.raises(ValueError, match="Unknown layer 'os>system'"):
        ln.Sequential.from_config(config)
    assert "os>system" not in LAYERS


@pytest.mark.parametrize("decorated, error, message", [
    (lambda z: z, TypeError, "registers classes, got"),
    (type("Plain", (), {"get_config": lambda self: {}}), TypeError, "Plain: it subclasses none of"),
    (type("NoConfig", (), {}), ValueError, "does not have a get_config"),
])
def test_register_keras_serializable_refuses_what_it_cannot_register(decorated, error, message):
    with pytest.raises(error, match=message):
        register_keras_serializable()(decorated)


def test_register_keras_serializable_refuses_a_name_taken_by_another_class():
    custom_classes()
    with pytest.raises(ValueError, match="'demo>cubed' is already registered"):
        register_keras_serializable("demo", "cubed")(type("Other", (activations.Activation,), {}))
    with pytest.raises(ValueError, match="package must be a non-empty string without '>'"):
        register_keras_serializable("a>b")
