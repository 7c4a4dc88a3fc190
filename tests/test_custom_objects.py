"""custom_object_scope and Keras's dict form of objects: every registry finds the classes a
scope lends it, and forgets them after; load_model, model_from_json, from_config and
clone_model take custom_objects; serialize_keras_object / deserialize_keras_object round trip
every registered class and read Keras's own dicts, and never import a module a dict names."""

import importlib
import inspect
import json
import os
import sys

import numpy as np
import pytest

import lucidnet as ln
import lucidnet.keras as keras
from lucidnet import (activations, constraints, initializers, layers, losses, metrics,
                      optimizers, regularizers)
from lucidnet.optimizers import schedules
from lucidnet.utils import (CustomObjectScope, custom_object_scope, deserialize_keras_object,
                            get_registered_object, register_keras_serializable,
                            serialize_keras_object)
from lucidnet.utils import registration
from lucidnet.utils.serialization import _GROUPS
from test_saving import forge, read_parts


class MyDense(layers.Dense):
    """Dense under another class, to tell which class a load built."""


class Tripled(activations.Activation):
    """σ(z) = 3z;  σ'(z) = 3."""

    def forward(self, z):
        return 3 * z

    def derivative(self, z, a):
        return 3 + 0 * z


class MyLoss(losses.MeanSquaredError):
    pass


class MyMetric(metrics.MeanAbsoluteError):
    pass


class MySGD(optimizers.SGD):
    pass


class MyDecay(schedules.ExponentialDecay):
    pass


class MyZeros(initializers.Zeros):
    pass


class MyL2(regularizers.L2):
    pass


class MyNonNeg(constraints.NonNeg):
    pass


#: (the module's get, a custom class of its kind, a config the class takes)
SCOPED = [
    (layers.get, MyDense, {"units": 2}),
    (activations.get, Tripled, {}),
    (losses.get, MyLoss, {}),
    (metrics.get, MyMetric, {}),
    (optimizers.get, MySGD, {"learning_rate": 0.1}),
    (schedules.get, MyDecay, {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}),
    (initializers.get, MyZeros, {}),
    (regularizers.get, MyL2, {"l2": 0.5}),
    (constraints.get, MyNonNeg, {}),
]


@pytest.mark.parametrize("get, cls, config", SCOPED, ids=[c.__name__ for _, c, _ in SCOPED])
def test_every_get_finds_a_scoped_class_by_name_and_forgets_it_after(get, cls, config):
    entry = {"class_name": "scoped_custom", "config": config}
    with custom_object_scope({"scoped_custom": cls}):
        assert type(get(entry)) is cls
        assert get_registered_object("scoped_custom") is cls
    with pytest.raises(ValueError, match="Unknown .*'scoped_custom'"):
        get(entry)
    assert get_registered_object("scoped_custom") is None


def test_the_scope_ends_on_an_exception_too():
    with pytest.raises(RuntimeError, match="inside"):
        with CustomObjectScope({"tripled_here": Tripled}):
            assert type(activations.get("tripled_here")) is Tripled
            raise RuntimeError("inside")
    assert "tripled_here" not in activations.names()


def test_inner_scopes_win_and_outer_ones_come_back():
    with custom_object_scope({"shadowed": Tripled}, MyDense):
        assert type(layers.get({"class_name": "MyDense", "config": {"units": 1}})) is MyDense
        with custom_object_scope({"shadowed": activations.ReLU}):
            assert type(activations.get("shadowed")) is activations.ReLU
        assert type(activations.get("shadowed")) is Tripled
    assert "shadowed" not in activations.names() and "mydense" not in layers.LAYERS


def test_a_scope_wins_over_a_registered_name():
    with custom_object_scope({"relu": Tripled}):
        assert type(activations.get("relu")) is Tripled
    assert type(activations.get("relu")) is activations.ReLU


@pytest.mark.parametrize("objects, error, message", [
    ((lambda z: z,), TypeError, "custom_object_scope .'<lambda>'. lends classes, got"),
    (({"f": np.tanh},), TypeError, r"custom_object_scope \('f'\) lends classes"),
    (({"plain": dict},), TypeError, "cannot lend dict: it subclasses none of Layer"),
    (({"": Tripled},), ValueError, "names must be non-empty strings, got ''"),
    (({3: Tripled},), ValueError, "names must be non-empty strings, got 3"),
])
def test_the_scope_refuses_what_it_cannot_lend(objects, error, message):
    with pytest.raises(error, match=message):
        custom_object_scope(*objects)


# -- loading with custom_objects ----------------------------------------------------------------
def model_with(layer_class_name):
    """A small model's JSON text whose Dense is named ``layer_class_name``."""
    model = ln.Sequential([ln.Input((3,)), layers.Dense(2)], name="scoped")
    document = json.loads(model.to_json())
    document["config"]["layers"][-1]["class_name"] = layer_class_name
    return model, json.dumps(document)


def test_model_from_json_and_from_config_find_custom_objects():
    _, text = model_with("NotRegisteredAnywhere")
    with pytest.raises(ValueError, match="Unknown layer 'NotRegisteredAnywhere'"):
        ln.models.model_from_json(text)
    model = keras.models.model_from_json(text, custom_objects={"NotRegisteredAnywhere": MyDense})
    assert type(model.layers[-1]) is MyDense and model.count_params() == 8
    config = json.loads(text)["config"]
    with custom_object_scope({"NotRegisteredAnywhere": MyDense}):
        assert type(ln.Sequential.from_config(config).layers[-1]) is MyDense
        assert type(ln.models.clone_model(model).layers[-1]) is MyDense
    with pytest.raises(TypeError, match="custom_objects must be a dict"):
        ln.models.model_from_json(text, custom_objects=[MyDense])


def test_load_model_builds_the_custom_objects_given_by_the_file_s_names(tmp_path):
    model = ln.Sequential([ln.Input((3,)), layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    path = tmp_path / "model.lucid"
    model.save(path)
    custom = {"Dense": MyDense, "sgd": MySGD, "mean_squared_error": MyLoss}
    loaded = ln.load_model(path, custom_objects=custom)
    assert type(loaded.layers[-1]) is MyDense
    assert type(loaded.optimizer) is MySGD and type(loaded.loss) is MyLoss
    np.testing.assert_array_equal(loaded.get_weights()[0], model.get_weights()[0])
    assert type(keras.models.load_model(path).layers[-1]) is layers.Dense   # the scope ended
    with pytest.raises(TypeError, match="load_model custom_objects must be a dict"):
        ln.load_model(path, custom_objects="Dense")


def test_a_file_naming_an_unknown_class_says_custom_objects_can_give_it(tmp_path):
    model = ln.Sequential([ln.Input((3,)), layers.Dense(2)])
    path = tmp_path / "model.lucid"
    model.save(path)
    document, tensors = read_parts(path)
    document["model"]["layers"][-1]["class_name"] = "Xense"   # a class this program never registers
    forge(path, document, tensors)
    with pytest.raises(ln.ModelFileError, match="Unknown layer 'Xense'.*given in custom_objects"):
        ln.load_model(path)
    assert type(ln.load_model(path, custom_objects={"Xense": MyDense}).layers[-1]) is MyDense


# -- serialize_keras_object / deserialize_keras_object ------------------------------------------
#: Arguments without a default, with a valid value (a class missing here fails the round trip),
#: and the classes whose arguments all have defaults that are no valid value.
SPECIAL = {"Input": {"shape": (3,)}}
REQUIRED = {
    "units": 3, "rate": 0.5, "stddev": 0.1, "activation": "relu", "scale": 0.5,
    "target_shape": (2, -1), "function": "tanh", "recall": 0.5, "precision": 0.5,
    "specificity": 0.5, "sensitivity": 0.5, "initial_learning_rate": 0.1, "decay_steps": 10,
    "first_decay_steps": 10, "decay_rate": 0.5, "boundaries": [10], "values": [0.1, 0.01],
}


def _registered_classes():
    for word, registry, _ in _GROUPS:
        seen = set()
        for _, cls in registry.items():
            if cls not in seen and registry.lookup(cls.registry_name) is cls:
                seen.add(cls)
                yield pytest.param(cls, id=f"{word}-{cls.__name__}")


def instance_of(cls):
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    required = {p.name: REQUIRED[p.name] for p in parameters
                if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    return cls(**required, **SPECIAL.get(cls.__name__, {}))


def plain(value):
    return json.loads(json.dumps(value, default=lambda item: np.asarray(item).tolist()))


@pytest.mark.parametrize("cls", list(_registered_classes()))
def test_every_registered_class_round_trips_through_keras_s_dict_form(cls):
    obj = instance_of(cls)
    entry = serialize_keras_object(obj)
    assert sorted(entry) == ["class_name", "config", "module", "registered_name"]
    assert entry["module"].startswith("keras.") and entry["registered_name"] is None
    back = deserialize_keras_object(entry)
    assert type(back) is cls
    assert plain(serialize_keras_object(back)) == plain(entry)
    assert type(deserialize_keras_object(plain(entry))) is cls   # through JSON too


def test_registered_and_scoped_classes_are_saved_under_their_names(monkeypatch):
    # registering is for good: this test's registration is undone, for the tests that count them
    monkeypatch.setattr(registration, "_registered", dict(registration._registered))
    monkeypatch.setattr(activations.ACTIVATIONS, "_classes", dict(activations.ACTIVATIONS._classes))

    @register_keras_serializable(package="serial_demo")
    class Quadrupled(activations.Activation):
        """σ(z) = 4z;  σ'(z) = 4."""

        def forward(self, z):
            return 4 * z

        def derivative(self, z, a):
            return 4 + 0 * z

    entry = serialize_keras_object(Quadrupled())
    assert entry == {"module": __name__, "class_name": "Quadrupled", "config": {},
                     "registered_name": "serial_demo>Quadrupled"}
    assert type(deserialize_keras_object(entry)) is Quadrupled
    with custom_object_scope({"lent_dense": MyDense}):
        entry = serialize_keras_object(MyDense(2))
    assert entry["registered_name"] == "lent_dense" and entry["class_name"] == "MyDense"
    with pytest.raises(ValueError, match="unknown object 'lent_dense' .class 'MyDense'"):
        deserialize_keras_object(entry)
    assert type(deserialize_keras_object(entry, custom_objects={"lent_dense": MyDense})) is MyDense
    with pytest.raises(ValueError, match="cannot serialize MyDense: it is not registered"):
        serialize_keras_object(MyDense(2))


def test_plain_values_lists_and_activation_functions():
    assert serialize_keras_object([None, 1, 2.5, "x", np.float32(0.5)]) == [None, 1, 2.5, "x", 0.5]
    entry = serialize_keras_object(activations.relu)
    assert entry == {"module": "builtins", "class_name": "function", "config": "relu",
                     "registered_name": "function"}
    assert deserialize_keras_object(entry) is activations.relu
    assert deserialize_keras_object([None, 3]) == [None, 3]
    assert deserialize_keras_object("Tripled", custom_objects={"Tripled": Tripled}) is Tripled


#: Keras 3.15's serialize_keras_object of keras.regularizers.L2(0.01), constraints.MaxNorm(2.0),
#: initializers.Constant(0.5), activations.relu and regularizers.L1L2(0.1, 0.2), as written by
#: Keras (checked against Keras below when it is installed), and what lucidnet builds of each.
KERAS_DICTS = [
    ({"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01},
      "registered_name": None}, regularizers.L2, {"l2": 0.01}),
    ({"module": "keras.constraints", "class_name": "MaxNorm",
      "config": {"max_value": 2.0, "axis": 0}, "registered_name": None},
     constraints.MaxNorm, {"max_value": 2.0, "axis": 0}),
    ({"module": "keras.initializers", "class_name": "Constant", "config": {"value": 0.5},
      "registered_name": None}, initializers.Constant, {"value": 0.5}),
    ({"module": "builtins", "class_name": "function", "config": "relu",
      "registered_name": "function"}, None, None),
    ({"module": "keras.regularizers", "class_name": "L1L2", "config": {"l1": 0.1, "l2": 0.2},
      "registered_name": None}, regularizers.L1L2, {"l1": 0.1, "l2": 0.2}),
]
KERAS_MAKERS = [
    lambda k: k.regularizers.L2(0.01), lambda k: k.constraints.MaxNorm(2.0),
    lambda k: k.initializers.Constant(0.5), lambda k: k.activations.relu,
    lambda k: k.regularizers.L1L2(0.1, 0.2),
]


@pytest.mark.parametrize("case", range(len(KERAS_DICTS)))
def test_keras_s_dicts_deserialize_to_lucidnet_s_objects(case):
    entry, cls, config = KERAS_DICTS[case]
    obj = deserialize_keras_object(entry)
    if cls is None:
        assert obj is activations.relu
    else:
        assert type(obj) is cls and obj.get_config() == config


@pytest.mark.parametrize("case", range(len(KERAS_DICTS)))
def test_the_keras_dicts_are_what_keras_writes(case):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    real = pytest.importorskip("keras")
    written = plain(real.saving.serialize_keras_object(KERAS_MAKERS[case](real)))
    assert written == KERAS_DICTS[case][0]
    assert type(deserialize_keras_object(written)) is type(deserialize_keras_object(
        KERAS_DICTS[case][0]))


def test_a_keras_config_lucidnet_s_class_does_not_take_is_refused_naming_the_class():
    # seed is taken, as in Keras; input_axes (for the kernels of attention layers) is not.
    with pytest.raises(TypeError, match="'GlorotUniform' .GlorotUniform. cannot be built from "
                                        "its config: .*'input_axes'"):
        deserialize_keras_object({"module": "keras.initializers", "class_name": "GlorotUniform",
                                  "config": {"seed": None, "input_axes": None}})


@pytest.mark.parametrize("entry, message", [
    ({"module": "os", "class_name": "system", "config": {}}, "'system' with module 'os' names no"),
    ({"module": "evil_module_never_imported", "class_name": "Payload", "config": {},
      "registered_name": "evil>Payload"}, "unknown object 'evil>Payload'"),
    ({"module": "keras.layers", "class_name": "Conv2D", "config": {}}, "Unknown layer 'Conv2D'"),
    ({"class_name": "mean_squared_error", "config": {}}, "registries holding it: loss, metric"),
    ({"module": "builtins", "class_name": "function", "config": "my_act"},
     "Unknown activation function 'my_act'"),
    ({"config": {}}, "a string 'class_name', got keys"),
    ({"module": "keras.regularizers", "class_name": "L2", "config": [0.1]}, "must be a dict"),
    ("not_registered_anywhere", "neither a custom object nor a registered"),
])
def test_deserialize_resolves_only_through_the_registries(entry, message, monkeypatch):
    def no_imports(name, *args, **kwargs):
        raise AssertionError(f"imported {name}")

    monkeypatch.setattr(importlib, "import_module", no_imports)
    with pytest.raises(ValueError, match=message):
        deserialize_keras_object(entry)
    assert "evil_module_never_imported" not in sys.modules


@pytest.mark.parametrize("call, error, message", [
    (lambda: serialize_keras_object(object()), TypeError, "serializes lucidnet's layers"),
    (lambda: deserialize_keras_object(3j), TypeError, "expects a dict"),
    (lambda: deserialize_keras_object({}, module_objects={}), TypeError, "got module_objects"),
    (lambda: deserialize_keras_object({}, custom_objects=[Tripled]), TypeError,
     "custom_objects must be a dict"),
    (lambda: deserialize_keras_object({}, safe_mode="no"), ValueError,
     "safe_mode must be True or False"),
])
def test_bad_arguments_are_refused_with_what_was_expected(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_names_are_keras_s_under_lucidnet_keras():
    for name in ("custom_object_scope", "CustomObjectScope", "serialize_keras_object",
                 "deserialize_keras_object"):
        assert getattr(keras.utils, name) is getattr(ln.utils, name)
        assert getattr(keras.saving, name) is getattr(ln.utils, name)   # as in Keras 3
    assert keras.utils.custom_object_scope is keras.utils.CustomObjectScope
