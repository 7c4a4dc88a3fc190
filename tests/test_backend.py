"""keras.backend's settings: floatx, epsilon and clear_session over lucidnet's config."""

import gc
import os

import numpy as np
import pytest

import lucidnet
import lucidnet.keras as keras
from lucidnet import backend, constraints, losses, metrics


@pytest.fixture
def restore_settings():
    """ε and the image data format back to their defaults after the test, whatever it did."""
    yield
    backend.set_epsilon(1e-7)
    backend.set_image_data_format("channels_last")


def test_epsilon_is_the_clip_of_the_losses_and_keras_default():
    assert backend.epsilon() == 1e-7
    # Cross-entropy of a prediction of 0 is −log ε, the clip at ε.
    loss = losses.get("binary_crossentropy")
    assert loss(np.array([[1.0]]), np.array([[0.0]])) == pytest.approx(-np.log(1e-7), rel=1e-6)


#: (target, prediction) pairs the clip [ε, 1 − ε] moves when ε = 10⁻³.
CLIPPED = (np.array([[1.0, 0.0, 0.3]]), np.array([[0.0, 1.0, 0.0]]))


def clipped_bce_by_hand(eps):
    """Binary cross-entropy of CLIPPED written out: −[y ln p + (1 − y) ln(1 − p)] with
    p = clip(ŷ, ε, 1 − ε), averaged over the three outputs."""
    return -(np.log(eps) + np.log(eps) + 0.3 * np.log(eps) + 0.7 * np.log(1 - eps)) / 3


def test_set_epsilon_changes_binary_cross_entropy_s_clip(restore_settings):
    loss = losses.BinaryCrossentropy()
    before = loss(*CLIPPED)
    keras.backend.set_epsilon(1e-3)
    assert backend.epsilon() == lucidnet.config.epsilon() == 1e-3
    assert loss(*CLIPPED) == pytest.approx(clipped_bce_by_hand(1e-3), rel=1e-9)
    assert before == pytest.approx(clipped_bce_by_hand(1e-7), rel=1e-9)
    # the gradient's flat region moves with the clip: ŷ = 5·10⁻⁴ is now below ε
    gradient = loss.gradient(np.array([[1.0]]), np.array([[5e-4]]))
    assert gradient.tolist() == [[0.0]]


def test_set_epsilon_reaches_the_metrics_constraints_and_normalization(restore_settings):
    w = np.array([[3.0], [4.0]])   # ‖w‖ = 5 along axis 0
    layer = keras.layers.Normalization(mean=0.0, variance=0.0)
    layer.build((None, 1))
    keras.backend.set_epsilon(0.25)
    np.testing.assert_allclose(constraints.UnitNorm()(w), w / 5.25)
    f1 = metrics.F1Score(average="micro", threshold=0.5)
    f1.update_state(np.array([[1.0], [0.0]]), np.array([[0.9], [0.1]]))
    # one true positive, no false one: P = R = 1/(1 + ε) = 0.8, F1 = 0.8·0.8/(0.8 + 0.8 + ε)·2
    assert f1.result() == pytest.approx(0.64 / 1.85 * 2, rel=1e-6)
    assert layer(np.array([[1.0]])).tolist() == [[4.0]]   # (x − 0)/max(0, ε)


def test_set_epsilon_is_keras_s_on_binary_cross_entropy(restore_settings):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    real = pytest.importorskip("keras")
    real.config.set_epsilon(1e-3)
    try:
        expected = float(real.ops.convert_to_numpy(real.losses.BinaryCrossentropy()(*CLIPPED)))
    finally:
        real.config.set_epsilon(1e-7)
    backend.set_epsilon(1e-3)
    assert losses.BinaryCrossentropy()(*CLIPPED) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("value", [0, -1e-7, 0.5, float("nan"), "1e-7", None])
def test_set_epsilon_refuses_what_is_not_a_small_positive_number(value, restore_settings):
    with pytest.raises(ValueError, match=r"set_epsilon value must be a number in \(0, 0.5\)"):
        backend.set_epsilon(value)
    assert backend.epsilon() == 1e-7


def test_image_data_format_is_stored_and_checked(restore_settings):
    assert keras.backend.image_data_format() == "channels_last"
    keras.backend.set_image_data_format("Channels_First")
    assert backend.image_data_format() == lucidnet.config.image_data_format() == "channels_first"
    with pytest.raises(ValueError, match="data_format must be one of 'channels_last' or "
                                         "'channels_first', got 'nchw'"):
        backend.set_image_data_format("NCHW")
    with pytest.raises(ValueError, match="got 3"):
        backend.set_image_data_format(3)
    assert backend.image_data_format() == "channels_first"


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
