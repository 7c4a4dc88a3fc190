"""Keras's regression-metric cases (`keras/src/metrics/regression_metrics_test.py`), ported.

Each test names the Keras test it comes from; the inputs and expected numbers are Keras's.
"""

import warnings

import numpy as np
import pytest

from lucidnet.keras import metrics

Y_TRUE = np.array([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
Y_PRED = np.array([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])
WEIGHTS = np.array([1.0, 1.5, 2.0, 2.5])


def assert_config_round_trip(metric, name, dtype):
    restored = type(metric).from_config(metric.get_config())
    for each in (metric, restored):
        assert each.name == name and each.dtype == dtype


# keras: metrics/regression_metrics_test.py::MeanAbsoluteErrorTest::test_config
# keras: metrics/regression_metrics_test.py::MeanAbsolutePercentageErrorTest::test_config
# keras: metrics/regression_metrics_test.py::MeanSquaredLogarithmicErrorTest::test_config
# keras: metrics/regression_metrics_test.py::RootMeanSquaredErrorTest::test_config
# keras: metrics/regression_metrics_test.py::LogCoshErrorTest::test_config
# keras: metrics/regression_metrics_test.py::CosineSimilarityTest::test_config
@pytest.mark.parametrize("make, name", [
    (lambda: metrics.MeanAbsoluteError(name="my_mae", dtype="int32"), "my_mae"),
    (lambda: metrics.MeanAbsolutePercentageError(name="my_mape", dtype="int32"), "my_mape"),
    (lambda: metrics.MeanSquaredLogarithmicError(name="my_msle", dtype="int32"), "my_msle"),
    (lambda: metrics.RootMeanSquaredError(name="rmse", dtype="int32"), "rmse"),
    (lambda: metrics.LogCoshError(name="logcosh", dtype="int32"), "logcosh"),
    (lambda: metrics.CosineSimilarity(axis=2, name="my_cos", dtype="int32"), "my_cos"),
], ids=["mae", "mape", "msle", "rmse", "logcosh", "cosine"])
def test_config(make, name):
    assert_config_round_trip(make(), name, "int32")


# keras: metrics/regression_metrics_test.py::MeanSquaredErrorTest::test_unweighted
# keras: metrics/regression_metrics_test.py::MeanSquaredErrorTest::test_weighted
# keras: metrics/regression_metrics_test.py::MeanAbsoluteErrorTest::test_unweighted
# keras: metrics/regression_metrics_test.py::MeanAbsoluteErrorTest::test_weighted
# keras: metrics/regression_metrics_test.py::MeanSquaredLogarithmicErrorTest::test_unweighted
# keras: metrics/regression_metrics_test.py::MeanSquaredLogarithmicErrorTest::test_weighted
@pytest.mark.parametrize("cls, unweighted, weighted", [
    (metrics.MeanSquaredError, 0.5, 0.54285), (metrics.MeanAbsoluteError, 0.5, 0.54285),
    (metrics.MeanSquaredLogarithmicError, 0.24022, 0.26082),
], ids=["mse", "mae", "msle"])
def test_mean_errors(cls, unweighted, weighted):
    metric = cls()
    metric.update_state(Y_TRUE, Y_PRED)
    assert metric.result() == pytest.approx(unweighted, abs=1e-5)
    assert cls()(Y_TRUE, Y_PRED, sample_weight=WEIGHTS) == pytest.approx(weighted, abs=1e-5)


# keras: metrics/regression_metrics_test.py::MeanAbsolutePercentageErrorTest::test_unweighted
# keras: metrics/regression_metrics_test.py::MeanAbsolutePercentageErrorTest::test_weighted
@pytest.mark.parametrize("sample_weight, expected", [(None, 35e7), (WEIGHTS, 40e7)],
                         ids=["unweighted", "weighted"])
def test_mean_absolute_percentage_error(sample_weight, expected):
    result = metrics.MeanAbsolutePercentageError()(Y_TRUE, Y_PRED.astype("float32"),
                                                   sample_weight=sample_weight)
    # |y − ŷ| / max(|y|, ε) with ε = 1e-7 makes each wrong zero target 1e9 %
    assert result == pytest.approx(expected, rel=1e-6)


def unit_rows(x):
    return x / np.sqrt(np.maximum(np.sum(np.square(x), axis=1, keepdims=True), 1e-12))


COS_TRUE = np.asarray([[1, 9, 2], [-5, -2, 6]], dtype=np.float32)
COS_PRED = np.asarray([[4, 8, 12], [8, 1, 3]], dtype=np.float32)
COSINES = np.sum(unit_rows(COS_TRUE) * unit_rows(COS_PRED), axis=1)


# keras: metrics/regression_metrics_test.py::CosineSimilarityTest::test_unweighted
# keras: metrics/regression_metrics_test.py::CosineSimilarityTest::test_weighted
# keras: metrics/regression_metrics_test.py::CosineSimilarityTest::test_axis
@pytest.mark.parametrize("make, sample_weight, expected", [
    (metrics.CosineSimilarity, None, np.mean(COSINES)),
    (metrics.CosineSimilarity, np.asarray([1.2, 3.4]),
     np.sum(COSINES * [1.2, 3.4]) / np.sum([1.2, 3.4])),
    (lambda: metrics.CosineSimilarity(axis=1), None, np.mean(COSINES)),
], ids=["unweighted", "weighted", "axis"])
def test_cosine_similarity(make, sample_weight, expected):
    assert make()(COS_TRUE, COS_PRED, sample_weight=sample_weight) == pytest.approx(expected, abs=1e-3)


# keras: metrics/regression_metrics_test.py::RootMeanSquaredErrorTest::test_unweighted
# keras: metrics/regression_metrics_test.py::RootMeanSquaredErrorTest::test_weighted
def test_root_mean_squared_error():
    metric = metrics.RootMeanSquaredError()
    metric.update_state(np.array([2, 4, 6]), np.array([1, 3, 2]))
    assert metric.result() == pytest.approx(np.sqrt(6), abs=1e-3)
    weighted = metrics.RootMeanSquaredError()(np.array([2, 4, 6, 8]), np.array([1, 3, 2, 3]),
                                              sample_weight=np.array([0, 1, 0, 1]))
    assert weighted == pytest.approx(np.sqrt(13), abs=1e-3)


# keras: metrics/regression_metrics_test.py::LogCoshErrorTest::test_unweighted
# keras: metrics/regression_metrics_test.py::LogCoshErrorTest::test_weighted
def test_log_cosh_error():
    y_true = np.asarray([[1, 9, 2], [-5, -2, 6]], dtype=np.float32)
    y_pred = np.asarray([[4, 8, 12], [8, 1, 3]], dtype=np.float32)
    error = y_pred - y_true
    expected = np.log((np.exp(error) + np.exp(-error)) / 2)
    metric = metrics.LogCoshError()
    metric.update_state(y_true, y_pred)
    assert metric.result() == pytest.approx(np.sum(expected) / 6, abs=1e-3)
    weighted = metrics.LogCoshError(dtype="float32")(y_true, y_pred,
                                                     sample_weight=np.array([[1.2], [3.4]]))
    weights = np.asarray([1.2, 1.2, 1.2, 3.4, 3.4, 3.4]).reshape((2, 3))
    assert weighted == pytest.approx(np.sum(expected * weights) / np.sum(weights), abs=1e-3)


# keras: metrics/regression_metrics_test.py::R2ScoreTest::test_config
def test_r2_config():
    metric = metrics.R2Score(class_aggregation=None, num_regressors=2, dtype="float32")
    restored = metrics.R2Score.from_config(metric.get_config())
    for each in (metric, restored):
        assert each.class_aggregation is None and each.num_regressors == 2
        assert each.dtype == "float32"


def run_r2(y_true, y_pred, sample_weight, class_aggregation, num_regressors, expected):
    r2 = metrics.R2Score(class_aggregation, num_regressors, dtype="float32")
    r2.update_state(np.array(y_true), np.array(y_pred), sample_weight)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # p = n − 1 falls back to the plain R², with a warning
        np.testing.assert_allclose(r2.result(), expected, atol=1e-6)


R2_TRUE = [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]


# keras: metrics/regression_metrics_test.py::R2ScoreTest::test_r2_sklearn_comparison
@pytest.mark.parametrize("class_aggregation, num_regressors, expected", [
    (None, 0, [0.37, -1.295, 0.565]), (None, 1, [-0.26, -3.59, 0.13]),
    ("uniform_average", 0, -0.12), ("variance_weighted_average", 0, -0.12),
])
def test_r2_sklearn_comparison(class_aggregation, num_regressors, expected):
    run_r2(R2_TRUE, [[0.4, 0.5, 0.6], [0.1, 0.2, 0.3], [0.5, 0.8, 0.2]], None,
           class_aggregation, num_regressors, expected)


# keras: metrics/regression_metrics_test.py::R2ScoreTest::test_r2_tfa_comparison
@pytest.mark.parametrize("class_aggregation, num_regressors, expected", [
    (None, 0, [0.17305559, -8.836666, -0.521]), (None, 1, [-0.65388882, -18.673332, -2.042]),
    (None, 2, [0.17305559, -8.836666, -0.521]), ("uniform_average", 0, -3.0615367889404297),
    ("uniform_average", 1, -7.123073577880859), ("uniform_average", 2, -3.0615367889404297),
    ("variance_weighted_average", 0, -1.3710224628448486),
    ("variance_weighted_average", 1, -3.742044448852539),
    ("variance_weighted_average", 2, -1.3710224628448486),
])
def test_r2_tfa_comparison(class_aggregation, num_regressors, expected):
    run_r2(R2_TRUE, [[0.4, 0.9, 1.6], [0.1, 1.2, 0.6], [1.5, 0.8, 0.6]], [0.8, 0.1, 0.4],
           class_aggregation, num_regressors, expected)


# keras: metrics/regression_metrics_test.py::R2ScoreTest::test_errors
def test_r2_errors():
    with pytest.raises(ValueError, match="R2Score class_aggregation must be one of"):
        metrics.R2Score(class_aggregation="wrong")
    with pytest.raises(ValueError, match="R2Score num_regressors must be"):
        metrics.R2Score(num_regressors=-1)
    with pytest.raises(ValueError, match=r"R2Score expects outputs of shape \(batch, outputs\)"):
        metrics.R2Score().update_state([0.0, 1.0], [0.0, 1.0])
