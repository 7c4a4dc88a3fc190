"""Preprocessing helpers: exact values, train-only statistics, and errors that explain themselves."""

import json

import numpy as np
import pytest

import lucidnet as ln
from lucidnet.errors import NotReadyError
from lucidnet.preprocessing import Standardizer, flatten, one_hot, scale_images
from lucidnet.utils import to_categorical


def test_scale_images_maps_0_to_max_onto_0_to_1_as_float32():
    scaled = scale_images(np.array([[0, 51, 255]], dtype=np.uint8))
    assert scaled.dtype == np.float32
    np.testing.assert_allclose(scaled, [[0.0, 0.2, 1.0]], rtol=1e-7)


def test_scale_images_takes_the_embedded_digits_range_and_float64():
    scaled = scale_images(np.array([0, 4, 16]), max_value=16, dtype="float64")
    assert scaled.dtype == np.float64 and scaled.tolist() == [0.0, 0.25, 1.0]


@pytest.mark.parametrize("images, max_value, message", [
    (np.array([0, 300]), 255, r"expects values in \[0, 255\], got values from 0.0 to 300.0. Hint: pass max_value="),
    (np.array([-1, 3]), 16, r"expects values in \[0, 16\], got values from -1.0"),
    (np.array([1]), 0, "scale_images max_value must be a number > 0, got 0"),
    (np.array([1]), "255", "scale_images max_value must be a number > 0, got '255'"),
    (np.array([1]), float("inf"), "scale_images max_value must be a number > 0, got inf"),
], ids=["above max", "negative", "zero max", "text max", "infinite max"])
def test_scale_images_refuses_values_outside_the_range(images, max_value, message):
    with pytest.raises(ValueError, match=message):
        scale_images(images, max_value=max_value)


def test_flatten_keeps_examples_and_joins_the_rest():
    x = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    flat = flatten(x)
    assert flat.shape == (2, 12) and flat[1].tolist() == list(range(12, 24))


def test_one_hot_is_the_library_to_categorical():
    assert one_hot is to_categorical
    assert one_hot([2, 0], num_classes=3).tolist() == [[0, 0, 1], [1, 0, 0]]


def test_standardizer_gives_zero_mean_unit_variance_on_the_training_set():
    x_train = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 50.0]])
    z = Standardizer().fit_transform(x_train)
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(z.std(axis=0), 1)
    # (x − μ)/σ with μ = 3, σ = √(8/3) for the first feature
    assert z[0, 0] == pytest.approx(-2 / np.sqrt(8 / 3))


def test_standardizer_applies_training_statistics_to_test_data():
    scaler = Standardizer().fit(np.array([[0.0], [2.0]]))   # μ = 1, σ = 1
    assert scaler.transform(np.array([[3.0], [1.0]])).tolist() == [[2.0], [0.0]]


def test_constant_feature_becomes_zero_not_nan():
    z = Standardizer().fit_transform(np.array([[7.0, 1.0], [7.0, 3.0]]))
    assert z[:, 0].tolist() == [0.0, 0.0]


def test_output_keeps_float_type_and_makes_integers_float32():
    scaler = Standardizer().fit(np.array([[1, 2], [3, 4]]))
    assert scaler.transform(np.array([[1, 2]])).dtype == np.float32
    assert scaler.transform(np.array([[1.0, 2.0]])).dtype == np.float64


def test_inverse_transform_returns_original_units():
    x = np.array([[1.0, -4.0], [2.0, 8.0], [6.0, 0.5]])
    scaler = Standardizer().fit(x)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(x)), x)


def test_config_survives_json_and_rebuilds_the_same_scaler():
    x = np.array([[1.0, 5.0], [3.0, 5.0]])
    scaler = Standardizer().fit(x)
    again = Standardizer.from_config(json.loads(json.dumps(scaler.get_config())))
    np.testing.assert_array_equal(again.transform(x), scaler.transform(x))


def test_unfitted_standardizer_is_not_ready():
    with pytest.raises(NotReadyError, match=r"Standardizer.transform needs a fitted Standardizer: call fit\(x_train\) first"):
        Standardizer().transform(np.zeros((1, 2)))


def test_feature_count_mismatch_is_explained():
    scaler = Standardizer().fit(np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"fitted on examples of shape \(4,\), but transform got x of shape \(2, 5\)"):
        scaler.transform(np.zeros((2, 5)))


def test_nan_in_training_data_is_located():
    with pytest.raises(ValueError, match=r"Standardizer.fit x contains 1 NaN .* at index \(1, 0\)"):
        Standardizer().fit(np.array([[1.0], [np.nan]]))


def test_inconsistent_config_is_refused():
    with pytest.raises(ValueError, match="scale must be positive and shaped like mean"):
        Standardizer(mean=[0.0, 1.0], scale=[1.0, 0.0])


def test_standardized_features_train_a_model():
    rng = np.random.default_rng(0)
    x = rng.normal(loc=1000.0, scale=200.0, size=(200, 2))   # raw units far from 0
    y = (x[:, 0] > 1000.0).astype(int)
    scaler = Standardizer().fit(x[:150])
    model = ln.Sequential([ln.Input((2,)), ln.Dense(2, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.optimizer.learning_rate = 0.05
    model.fit(scaler.transform(x[:150]), y[:150], epochs=40, batch_size=50, verbose=0)
    _, accuracy = model.evaluate(scaler.transform(x[150:]), y[150:], verbose=0)
    assert accuracy >= 0.9
