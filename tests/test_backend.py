"""keras.backend's settings: floatx, epsilon and clear_session over lucidnet's config."""

import gc

import numpy as np
import pytest

import lucidnet
from lucidnet import backend, losses


def test_epsilon_is_the_clip_of_the_losses_and_keras_default():
    assert backend.epsilon() == losses.EPSILON == 1e-7
    # Cross-entropy of a prediction of 0 is −log ε, the clip at ε.
    loss = losses.get("binary_crossentropy")
    assert loss(np.array([[1.0]]), np.array([[0.0]])) == pytest.approx(-np.log(1e-7), rel=1e-6)


def test_floatx_and_set_floatx_are_the_config_ones():
    assert backend.floatx is lucidnet.config.floatx
    backend.set_floatx("float64")
    try:
        assert lucidnet.Sequential([lucidnet.Input((2,)), lucidnet.Dense(1)]).dtype == "float64"
    finally:
        backend.set_floatx("float32")


def test_backend_is_numpy():
    assert backend.backend() == "numpy"


def test_clear_session_keeps_names_and_settings_and_collects_garbage(monkeypatch):
    before = lucidnet.Sequential([lucidnet.Input((2,)), lucidnet.Dense(1)])
    collected = []
    monkeypatch.setattr(gc, "collect", lambda *args: collected.append(args) or 0)
    backend.clear_session()
    backend.clear_session(free_memory=False)
    after = lucidnet.Sequential([lucidnet.Input((2,)), lucidnet.Dense(1)])
    assert len(collected) == 1
    assert [layer.name for layer in after.layers] == [layer.name for layer in before.layers]
    assert backend.floatx() == "float32"


def test_clear_session_free_memory_must_be_a_boolean():
    with pytest.raises(ValueError, match="clear_session free_memory must be True or False, got 1"):
        backend.clear_session(1)
