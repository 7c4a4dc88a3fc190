"""Tests for lucidnet.registry: the config convention every registered class follows."""

from __future__ import annotations

import pytest

from lucidnet import (activations, constraints, initializers, losses, metrics, optimizers,
                      regularizers)
from lucidnet.registry import Configurable, constructor_arguments


class Base(Configurable):
    def __init__(self, rate=0.1, *, name=None):
        self.rate, self.name = rate, name


class Child(Base):
    def __init__(self, size=3, *args, **kwargs):
        super().__init__(**kwargs)
        self.size = size


class Closed(Child):
    def __init__(self, size=4):
        super().__init__(size)


def test_constructor_arguments_follow_kwargs_to_the_parent_and_stop_where_none_are_passed_on():
    assert constructor_arguments(Base) == ("rate", "name")
    assert constructor_arguments(Child) == ("size", "rate", "name")
    assert constructor_arguments(Closed) == ("size",)
    assert constructor_arguments(Configurable) == ()


def test_config_is_the_constructor_arguments_read_back_from_attributes():
    child = Child(5, rate=0.2, name="c")
    assert child.get_config() == {"size": 5, "rate": 0.2, "name": "c"}
    assert Child.from_config(child.get_config()).get_config() == child.get_config()
    assert repr(child) == "Child(size=5, rate=0.2, name='c')"


def test_an_argument_the_constructor_did_not_store_is_named():
    class Forgetful(Configurable):
        def __init__(self, alpha=1.0):
            self._alpha = alpha

    with pytest.raises(AttributeError, match=r"reads the constructor argument 'alpha' from self\.alpha"):
        Forgetful().get_config()


def test_listed_config_keys_take_the_place_of_the_signature():
    class Listed(Child):
        _config_keys = ("size",)

    assert Listed(7, rate=0.5).get_config() == {"size": 7}


REGISTRIES = [
    activations.ACTIVATIONS, losses.LOSSES, metrics.METRICS, initializers.INITIALIZERS,
    regularizers.REGULARIZERS, constraints.CONSTRAINTS, optimizers.OPTIMIZERS,
]
CLASSES = {f"{registry.kind}:{name}": cls for registry in REGISTRIES for name, cls in registry.items()}


#: The arguments of the classes whose constructors require some, as Keras's do.
REQUIRED_ARGUMENTS = {
    metrics.PrecisionAtRecall: {"recall": 0.8}, metrics.RecallAtPrecision: {"precision": 0.8},
    metrics.SensitivityAtSpecificity: {"specificity": 0.8},
    metrics.SpecificityAtSensitivity: {"sensitivity": 0.8},
}


@pytest.mark.parametrize("cls", CLASSES.values(), ids=CLASSES.keys())
def test_every_registered_class_is_rebuilt_from_its_config(cls):
    obj = cls(**REQUIRED_ARGUMENTS.get(cls, {}))
    assert set(obj.get_config()) <= set(constructor_arguments(cls))
    assert cls.from_config(obj.get_config()).get_config() == obj.get_config()

