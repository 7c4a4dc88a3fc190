"""Keras's reduction-metric cases (`keras/src/metrics/reduction_metrics_test.py`), ported:
`Sum`, `Mean` and `MeanMetricWrapper`, with weights per example, per value and broadcast.

Each test names the Keras test it comes from; the inputs and expected numbers are Keras's.
"""

import numpy as np
import pytest

from lucidnet.keras import metrics


def mse(y_true, y_pred):
    return (y_true - y_pred) ** 2


Y_TRUE = np.array([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
Y_PRED = np.array([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])


# keras: metrics/reduction_metrics_test.py::SumTest::test_config
# keras: metrics/reduction_metrics_test.py::MeanTest::test_config
@pytest.mark.parametrize("cls, name", [(metrics.Sum, "sum"), (metrics.Mean, "mean")])
def test_config(cls, name):
    metric = cls(name=name, dtype="float32")
    restored = cls.from_config(metric.get_config())
    for each in (metric, restored):
        assert each.name == name and each.dtype == "float32"


# keras: metrics/reduction_metrics_test.py::SumTest::test_unweighted
# keras: metrics/reduction_metrics_test.py::SumTest::test_weighted
# keras: metrics/reduction_metrics_test.py::SumTest::test_weighted_nd
# keras: metrics/reduction_metrics_test.py::SumTest::test_weighted_nd_broadcast
# keras: metrics/reduction_metrics_test.py::MeanTest::test_unweighted
# keras: metrics/reduction_metrics_test.py::MeanTest::test_weighted
# keras: metrics/reduction_metrics_test.py::MeanTest::test_weighted_negative_weights
# keras: metrics/reduction_metrics_test.py::MeanTest::test_weighted_nd
# keras: metrics/reduction_metrics_test.py::MeanTest::test_weighted_nd_broadcast
@pytest.mark.parametrize("cls, values, sample_weight, expected", [
    (metrics.Sum, [1, 3, 5, 7], None, 16.0),
    (metrics.Sum, [1, 3, 5, 7], [1, 1, 0, 0], 4.0),
    (metrics.Sum, [[1, 3], [5, 7]], [[1, 1], [1, 0]], 9.0),
    (metrics.Sum, [[1, 3], [5, 7]], [[1, 0]], 6.0),
    (metrics.Mean, [1, 3, 5, 7], None, 4.0),
    (metrics.Mean, [1, 3, 5, 7], [1, 1, 0, 0], 2.0),
    (metrics.Mean, [1, 3, 5, 7], [-1, -1, 0, 0], 2.0),
    (metrics.Mean, [[1, 3], [5, 7]], [[1, 1], [1, 0]], 3.0),
    (metrics.Mean, [[1, 3], [5, 7]], [[1, 0]], 3.0),
], ids=["sum_unweighted", "sum_weighted", "sum_weighted_nd", "sum_weighted_nd_broadcast",
        "mean_unweighted", "mean_weighted", "mean_weighted_negative_weights", "mean_weighted_nd",
        "mean_weighted_nd_broadcast"])
def test_reductions(cls, values, sample_weight, expected):
    metric = cls(dtype="float32")
    metric.update_state(values, sample_weight=sample_weight)
    assert metric.result() == pytest.approx(expected, abs=1e-3)


# keras: metrics/reduction_metrics_test.py::MetricWrapperTest::test_config
def test_metric_wrapper_config():
    metric = metrics.MeanMetricWrapper(fn=mse, name="mse", dtype="float32")
    restored = metrics.MeanMetricWrapper.from_config(metric.get_config())
    for each in (metric, restored):
        assert each.name == "mse" and each.dtype == "float32"
    assert "fn" in restored.get_config()


# keras: metrics/reduction_metrics_test.py::MetricWrapperTest::test_unweighted
# keras: metrics/reduction_metrics_test.py::MetricWrapperTest::test_weighted
# keras: metrics/reduction_metrics_test.py::MetricWrapperTest::test_weighted_broadcast
@pytest.mark.parametrize("sample_weight, expected", [
    (None, 0.5), (np.array([1.0, 1.5, 2.0, 2.5]), 0.54285),
    (np.array([[1.0, 0.0, 0.5, 0.0, 1.0]]), 0.45),
], ids=["unweighted", "weighted", "weighted_broadcast"])
def test_metric_wrapper(sample_weight, expected):
    metric = metrics.MeanMetricWrapper(fn=mse, name="mse", dtype="float32")
    assert metric(Y_TRUE, Y_PRED, sample_weight=sample_weight) == pytest.approx(expected, abs=1e-5)


# keras: metrics/reduction_metrics_test.py::MetricWrapperTest::test_binary_accuracy_with_boolean_inputs
def test_binary_accuracy_with_boolean_inputs():
    x = np.random.default_rng(0).random((32, 1))
    metric = metrics.BinaryAccuracy()
    metric.update_state(x > 0.5, x > 0.5)  # boolean targets and boolean outputs
    assert metric.result() == 1.0
