"""Keras's `Metric` base-class cases (`keras/src/metrics/metric_test.py`), ported: a metric
written by subclassing, its running state over batches, `reset_state`, serialization,
pickling, `get` and the `dtype` argument.

Each test names the Keras test it comes from; the inputs and expected numbers are Keras's.
"""

import pickle

import numpy as np
import pytest

from lucidnet.config import epsilon
from lucidnet.keras import metrics


class ExampleMetric(metrics.Metric):
    """Keras's example: the running sum of squared errors over the number of examples."""

    def __init__(self, name="mean_square_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred):
        y_true = np.asarray(y_true, dtype=self.dtype)
        y_pred = np.asarray(y_pred, dtype=self.dtype)
        self.sum += float(np.sum((y_true - y_pred) ** 2))
        self.total += len(y_true)

    def result(self):
        return self.sum / (self.total + epsilon())

    def reset_state(self):
        self.sum, self.total = 0.0, 0


RNG = np.random.default_rng(0)


# keras: metrics/metric_test.py::MetricTest::test_end_to_end_flow
def test_end_to_end_flow():
    metric = ExampleMetric(name="mse")
    assert metric.name == "mse"
    y_true, y_pred = RNG.random((20, 3)), RNG.random((20, 3))
    for start in range(0, 20, 8):
        metric.update_state(y_true[start:start + 8], y_pred[start:start + 8])
    assert metric.total == 20
    assert metric.result() == pytest.approx(np.sum((y_true - y_pred) ** 2) / 20, rel=1e-5)
    metric.reset_state()
    assert metric.result() == 0.0
    # calling it updates (with the arguments its own update_state takes) and gives the result
    assert metric(y_true, y_pred) == pytest.approx(np.sum((y_true - y_pred) ** 2) / 20, rel=1e-5)


# keras: metrics/metric_test.py::MetricTest::test_serialization
def test_serialization():
    metric = ExampleMetric(name="mse")
    restored = ExampleMetric.from_config(metric.get_config())
    assert restored.get_config() == metric.get_config() == {"name": "mse", "dtype": "float32"}


# keras: metrics/metric_test.py::MetricTest::test_pickle
def test_pickle():
    reloaded = pickle.loads(pickle.dumps(metrics.get("mse")))
    assert isinstance(reloaded, metrics.MeanSquaredError)


# keras: metrics/metric_test.py::MetricTest::test_get_method
def test_get_method():
    assert isinstance(metrics.get("mse"), metrics.MeanSquaredError)
    assert isinstance(metrics.get("mean_squared_error"), metrics.MeanSquaredError)
    assert isinstance(metrics.get("categorical_accuracy"), metrics.CategoricalAccuracy)
    assert metrics.get(None) is None
    with pytest.raises(ValueError):
        metrics.get("typo")


# keras: metrics/metric_test.py::MetricTest::test_dtype_arg
def test_dtype_arg():
    metric = ExampleMetric(name="mse", dtype="float16")
    assert metric.name == "mse" and metric.dtype == "float16"
    y_true, y_pred = RNG.random((10, 3)), RNG.random((10, 3))
    metric.update_state(y_true, y_pred)
    assert metric.result() == pytest.approx(np.sum((y_true - y_pred) ** 2) / 10, abs=1e-2)
    with pytest.raises(AttributeError):
        metric.dtype = "bfloat16"


# keras: metrics/metric_test.py::MetricTest::test_default_dtype
def test_default_dtype():
    from lucidnet import config

    assert ExampleMetric().dtype == "float32"
    previous = config.floatx()
    config.set_floatx("float64")
    try:
        assert ExampleMetric().dtype == "float64"
    finally:
        config.set_floatx(previous)
