"""Keras's probabilistic-metric cases (`keras/src/metrics/probabilistic_metrics_test.py`),
ported: KL divergence, Poisson and the cross-entropies.

Each test names the Keras test it comes from; the inputs and expected numbers are Keras's.
"""

import numpy as np
import pytest

from lucidnet.keras import metrics


def assert_serializes(metric):
    """Keras's `run_class_serialization_test`: the config rebuilds an equal metric."""
    restored = type(metric).from_config(metric.get_config())
    assert type(restored) is type(metric) and restored.get_config() == metric.get_config()
    return restored


KL_PRED = np.asarray([0.4, 0.9, 0.12, 0.36, 0.3, 0.4], dtype=np.float32).reshape((2, 3))
KL_TRUE = np.asarray([0.5, 0.8, 0.12, 0.7, 0.43, 0.8], dtype=np.float32).reshape((2, 3))
KL_VALUES = KL_TRUE * np.log(KL_TRUE / KL_PRED)
POISSON_PRED = np.asarray([1, 9, 2, 5, 2, 6], dtype=np.float32).reshape((2, 3))
POISSON_TRUE = np.asarray([4, 8, 12, 8, 1, 3], dtype=np.float32).reshape((2, 3))
POISSON_VALUES = POISSON_PRED - POISSON_TRUE * np.log(POISSON_PRED)
ROW_WEIGHTS = np.asarray([1.2, 3.4], dtype=np.float32).reshape((2, 1))
SPREAD_WEIGHTS = np.asarray([1.2, 1.2, 1.2, 3.4, 3.4, 3.4], dtype=np.float32).reshape((2, 3))


# keras: metrics/probabilistic_metrics_test.py::KLDivergenceTest::test_config
def test_kl_divergence_config():
    restored = assert_serializes(metrics.KLDivergence(name="kld", dtype="int32"))
    assert restored.name == "kld" and restored.dtype == "int32"


# keras: metrics/probabilistic_metrics_test.py::KLDivergenceTest::test_unweighted
# keras: metrics/probabilistic_metrics_test.py::KLDivergenceTest::test_weighted
def test_kl_divergence():
    metric = metrics.KLDivergence()
    metric.update_state(KL_TRUE, KL_PRED)
    assert metric.result() == pytest.approx(np.sum(KL_VALUES) / 2, abs=1e-3)
    weighted = metrics.KLDivergence()(KL_TRUE, KL_PRED, sample_weight=ROW_WEIGHTS)
    assert weighted == pytest.approx(np.sum(KL_VALUES * SPREAD_WEIGHTS) / (1.2 + 3.4), abs=1e-3)


# keras: metrics/probabilistic_metrics_test.py::PoissonTest::test_config
def test_poisson_config():
    assert assert_serializes(metrics.Poisson(name="poisson")).name == "poisson"


# keras: metrics/probabilistic_metrics_test.py::PoissonTest::test_unweighted
# keras: metrics/probabilistic_metrics_test.py::PoissonTest::test_weighted
def test_poisson():
    metric = metrics.Poisson()
    metric.update_state(POISSON_TRUE, POISSON_PRED)
    assert metric.result() == pytest.approx(np.sum(POISSON_VALUES) / 6, abs=1e-3)
    weighted = metrics.Poisson()(POISSON_TRUE, POISSON_PRED, sample_weight=ROW_WEIGHTS)
    expected = np.sum(POISSON_VALUES * SPREAD_WEIGHTS) / np.sum(SPREAD_WEIGHTS)
    assert weighted == pytest.approx(expected, abs=1e-3)


# keras: metrics/probabilistic_metrics_test.py::BinaryCrossentropyTest::test_config
# keras: metrics/probabilistic_metrics_test.py::CategoricalCrossentropyTest::test_config
# keras: metrics/probabilistic_metrics_test.py::SparseCategoricalCrossentropyTest::test_config
@pytest.mark.parametrize("make", [
    lambda: metrics.BinaryCrossentropy(name="bce", dtype="int32", label_smoothing=0.2),
    lambda: metrics.CategoricalCrossentropy(name="cce", dtype="int32", label_smoothing=0.2),
    lambda: metrics.SparseCategoricalCrossentropy(name="scce", dtype="int32"),
], ids=["bce", "cce", "scce"])
def test_crossentropy_config(make):
    metric = make()
    restored = assert_serializes(metric)
    assert restored.name == metric.name and restored.dtype == "int32"


BCE_TRUE = np.array([1, 0, 1, 0]).reshape([2, 2])
BCE_PRED = np.array([1, 1, 1, 0], dtype=np.float32).reshape([2, 2])
BCE_LOGIT_TRUE = np.array([[1, 0, 1], [0, 1, 1]])
BCE_LOGITS = np.array([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])


# keras: metrics/probabilistic_metrics_test.py::BinaryCrossentropyTest::test_unweighted
# keras: metrics/probabilistic_metrics_test.py::BinaryCrossentropyTest::test_unweighted_with_logits
# keras: metrics/probabilistic_metrics_test.py::BinaryCrossentropyTest::test_weighted
# keras: metrics/probabilistic_metrics_test.py::BinaryCrossentropyTest::test_weighted_from_logits
@pytest.mark.parametrize("from_logits, y_true, y_pred, sample_weight, expected", [
    (False, BCE_TRUE, BCE_PRED, None, 3.9855),
    (True, BCE_LOGIT_TRUE, BCE_LOGITS, None, 3.333),
    (False, BCE_TRUE, BCE_PRED, np.array([1.5, 2.0]), 3.4162),
    (True, BCE_LOGIT_TRUE, BCE_LOGITS, np.array([2.0, 2.5]), 3.7037),
], ids=["unweighted", "unweighted_with_logits", "weighted", "weighted_from_logits"])
def test_binary_crossentropy(from_logits, y_true, y_pred, sample_weight, expected):
    result = metrics.BinaryCrossentropy(from_logits=from_logits)(y_true, y_pred, sample_weight)
    assert result == pytest.approx(expected, abs=1e-3)


# keras: metrics/probabilistic_metrics_test.py::BinaryCrossentropyTest::test_label_smoothing
def test_binary_crossentropy_label_smoothing():
    metric = metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)
    result = metric(np.array((1, 0, 1)), np.array((10.0, -10.0, -10.0)))
    assert result == pytest.approx((10.0 + 5.0 * 0.1) / 3.0, abs=1e-3)


CCE_TRUE = np.array([[0, 1, 0], [0, 0, 1]])
CCE_PRED = np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
CCE_LOGITS = np.array([[1, 9, 0], [1, 8, 1]], dtype=np.float32)


# keras: metrics/probabilistic_metrics_test.py::CategoricalCrossentropyTest::test_unweighted
# keras: metrics/probabilistic_metrics_test.py::CategoricalCrossentropyTest::test_unweighted_from_logits
# keras: metrics/probabilistic_metrics_test.py::CategoricalCrossentropyTest::test_weighted
# keras: metrics/probabilistic_metrics_test.py::CategoricalCrossentropyTest::test_weighted_from_logits
# keras: metrics/probabilistic_metrics_test.py::SparseCategoricalCrossentropyTest::test_unweighted
# keras: metrics/probabilistic_metrics_test.py::SparseCategoricalCrossentropyTest::test_unweighted_from_logits
# keras: metrics/probabilistic_metrics_test.py::SparseCategoricalCrossentropyTest::test_weighted
# keras: metrics/probabilistic_metrics_test.py::SparseCategoricalCrossentropyTest::test_weighted_from_logits
@pytest.mark.parametrize("cls, y_true", [
    (metrics.CategoricalCrossentropy, CCE_TRUE),
    (metrics.SparseCategoricalCrossentropy, np.array([1, 2])),
], ids=["categorical", "sparse_categorical"])
@pytest.mark.parametrize("from_logits, sample_weight, expected", [
    (False, None, 1.176), (True, None, 3.5011), (False, np.array([1.5, 2.0]), 1.338),
    (True, np.array([1.5, 2.0]), 4.0012),
], ids=["unweighted", "unweighted_from_logits", "weighted", "weighted_from_logits"])
def test_categorical_crossentropies(cls, y_true, from_logits, sample_weight, expected):
    y_pred = CCE_LOGITS if from_logits else CCE_PRED
    result = cls(from_logits=from_logits)(y_true, y_pred, sample_weight=sample_weight)
    assert result == pytest.approx(expected, abs=1e-3)


# keras: metrics/probabilistic_metrics_test.py::CategoricalCrossentropyTest::test_label_smoothing
def test_categorical_crossentropy_label_smoothing():
    metric = metrics.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    assert metric(CCE_TRUE, CCE_LOGITS) == pytest.approx(3.667, abs=1e-3)


IGNORE_PRED = np.array([[0.8, 0.1, 0.1], [0.05, 0.95, 0], [0.1, 0.8, 0.1]])


# keras: metrics/probabilistic_metrics_test.py::SparseCategoricalCrossentropyTest::test_ignore_class
# keras: metrics/probabilistic_metrics_test.py::SparseCategoricalCrossentropyTest::test_ignore_class_weighted
# keras: metrics/probabilistic_metrics_test.py::SparseCategoricalCrossentropyTest::test_ignore_class_from_logits
@pytest.mark.parametrize("from_logits, y_pred, sample_weight, expected", [
    (False, IGNORE_PRED, None, 0.78462),
    (False, IGNORE_PRED, np.array([0.5, 1.5, 2.0]), 1.33774646),
    (True, np.array([[10, 1, 1], [1, 9, 0], [1, 8, 1]], dtype=np.float32), None, 2.33409),
], ids=["ignore_class", "ignore_class_weighted", "ignore_class_from_logits"])
def test_sparse_categorical_crossentropy_ignore_class(from_logits, y_pred, sample_weight, expected):
    metric = metrics.SparseCategoricalCrossentropy(from_logits=from_logits, ignore_class=0)
    assert metric(np.array([0, 1, 2]), y_pred, sample_weight=sample_weight) == pytest.approx(
        expected, abs=1e-3)
