"""Keras's accuracy-metric cases (`keras/src/metrics/accuracy_metrics_test.py`), ported.

Each test names the Keras test it comes from; the inputs and expected numbers are Keras's.
"""

import numpy as np
import pytest

from lucidnet.keras import metrics


def assert_round_trip(metric, name, **attributes):
    """The Keras `test_config` checks: name and dtype kept, and through the config."""
    config = metric.get_config()
    assert metric.name == name and config["name"] == name
    assert metric.dtype == "float32" and config["dtype"] == "float32"
    restored = type(metric).from_config(config)
    assert restored.name == name and restored.dtype == "float32"
    for key, value in attributes.items():
        assert config[key] == value and getattr(restored, key) == value
    return restored


# keras: metrics/accuracy_metrics_test.py::AccuracyTest::test_config
def test_accuracy_config():
    assert_round_trip(metrics.Accuracy(name="accuracy", dtype="float32"), "accuracy")


# keras: metrics/accuracy_metrics_test.py::AccuracyTest::test_unweighted
# keras: metrics/accuracy_metrics_test.py::AccuracyTest::test_weighted
# keras: metrics/accuracy_metrics_test.py::AccuracyTest::test_weighted_rank_1
# keras: metrics/accuracy_metrics_test.py::AccuracyTest::test_weighted_nd_weights
# keras: metrics/accuracy_metrics_test.py::AccuracyTest::test_weighted_nd_broadcast_weights
@pytest.mark.parametrize("y_true, y_pred, sample_weight, expected", [
    ([[1], [2], [3], [4]], [[0], [2], [3], [4]], None, 0.75),
    ([[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0], 0.5),
    ([1, 2, 3, 4], [0, 2, 3, 4], [1, 1, 0, 0], 0.5),
    ([[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0], [0, 1]], 0.5),
    ([[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0]], 0.5),
], ids=["unweighted", "weighted", "weighted_rank_1", "weighted_nd_weights",
        "weighted_nd_broadcast_weights"])
def test_accuracy(y_true, y_pred, sample_weight, expected):
    metric = metrics.Accuracy(name="accuracy", dtype="float32")
    metric.update_state(np.array(y_true), np.array(y_pred),
                        sample_weight=None if sample_weight is None else np.array(sample_weight))
    assert metric.result() == pytest.approx(expected, abs=1e-3)


# keras: metrics/accuracy_metrics_test.py::BinaryAccuracyTest::test_config
def test_binary_accuracy_config():
    assert_round_trip(metrics.BinaryAccuracy(name="binary_accuracy", dtype="float32"),
                      "binary_accuracy", threshold=0.5)


# keras: metrics/accuracy_metrics_test.py::BinaryAccuracyTest::test_unweighted
@pytest.mark.parametrize("y_true", [[[1], [1], [0], [0]], [1, 1, 0, 0]], ids=["same", "broadcast"])
def test_binary_accuracy_unweighted(y_true):
    metric = metrics.BinaryAccuracy(name="binary_accuracy", dtype="float32")
    metric.update_state(np.array(y_true), np.array([[0.98], [1], [0], [0.6]]))
    assert metric.result() == pytest.approx(0.75, abs=1e-3)


# keras: metrics/accuracy_metrics_test.py::BinaryAccuracyTest::test_weighted
# keras: metrics/accuracy_metrics_test.py::BinaryAccuracyTest::test_weighted_rank_1
# keras: metrics/accuracy_metrics_test.py::BinaryAccuracyTest::test_weighted_nd_weights
# keras: metrics/accuracy_metrics_test.py::BinaryAccuracyTest::test_weighted_nd_broadcast_weights
@pytest.mark.parametrize("y_true, y_pred, sample_weight, expected", [
    ([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1], 0.5),
    ([1, 1, 0, 0], [0.98, 1, 0, 0.6], [1, 0, 0, 1], 0.5),
    ([[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0], [0, 1]], 0.5),
    ([[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0]], 1.0),
], ids=["weighted", "weighted_rank_1", "weighted_nd_weights", "weighted_nd_broadcast_weights"])
def test_binary_accuracy_weighted(y_true, y_pred, sample_weight, expected):
    metric = metrics.BinaryAccuracy(name="binary_accuracy", dtype="float32")
    metric.update_state(np.array(y_true), np.array(y_pred), sample_weight=np.array(sample_weight))
    assert metric.result() == pytest.approx(expected, abs=1e-3)


# keras: metrics/accuracy_metrics_test.py::BinaryAccuracyTest::test_threshold
def test_binary_accuracy_threshold():
    low = metrics.BinaryAccuracy(name="binary_accuracy", dtype="float32", threshold=0.3)
    high = metrics.BinaryAccuracy(name="binary_accuracy", dtype="float32", threshold=0.9)
    y_true, y_pred = np.array([[1], [1], [0], [0]]), np.array([[0.98], [0.5], [0.1], [0.2]])
    low.update_state(y_true, y_pred)
    high.update_state(y_true, y_pred)
    assert low.result() == pytest.approx(1.0)
    assert high.result() == pytest.approx(0.75)


# keras: metrics/accuracy_metrics_test.py::CategoricalAccuracyTest::test_config
def test_categorical_accuracy_config():
    assert_round_trip(metrics.CategoricalAccuracy(name="categorical_accuracy", dtype="float32"),
                      "categorical_accuracy")


# keras: metrics/accuracy_metrics_test.py::CategoricalAccuracyTest::test_unweighted
# keras: metrics/accuracy_metrics_test.py::CategoricalAccuracyTest::test_weighted
@pytest.mark.parametrize("sample_weight, expected", [(None, 0.5), ([0.7, 0.3], 0.3)],
                         ids=["unweighted", "weighted"])
def test_categorical_accuracy(sample_weight, expected):
    metric = metrics.CategoricalAccuracy(name="categorical_accuracy", dtype="float32")
    metric.update_state(np.array([[0, 0, 1], [0, 1, 0]]), np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]),
                        sample_weight=None if sample_weight is None else np.array(sample_weight))
    assert metric.result() == pytest.approx(expected, abs=1e-3)


# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_config
def test_sparse_categorical_accuracy_config():
    assert_round_trip(metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy",
                                                        dtype="float32"),
                      "sparse_categorical_accuracy")


# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_unweighted
# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_weighted
@pytest.mark.parametrize("sample_weight, expected", [(None, 0.5), ([0.7, 0.3], 0.3)],
                         ids=["unweighted", "weighted"])
def test_sparse_categorical_accuracy(sample_weight, expected):
    metric = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy", dtype="float32")
    metric.update_state(np.array([[2], [1]]), np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0]]),
                        sample_weight=None if sample_weight is None else np.array(sample_weight))
    assert metric.result() == pytest.approx(expected, abs=1e-3)


# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_squeeze_y_true
# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_cast_y_pred_dtype
# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_squeeze_y_true_shape
# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_cast_y_pred_to_match_y_true_dtype
# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_reshape_matches_to_original_y_true_shape
# keras: metrics/accuracy_metrics_test.py::SparseCategoricalAccuracyTest::test_matching_shapes_without_squeeze
@pytest.mark.parametrize("y_true, y_pred", [
    (np.array([[0], [1], [2]]), np.array([[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9]])),
    (np.array([0, 1], dtype=np.int64), np.array([[0.9, 0.1], [0.1, 0.9]], dtype=np.float32)),
    (np.array([[0], [1], [2]]), np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])),
    (np.array([0, 1, 2], dtype=np.int32),
     np.array([[0.9, 0.1, 0.0], [0.0, 0.9, 0.1], [0.1, 0.0, 0.9]], dtype=np.float64)),
    (np.array([[0], [1]]), np.array([[0.9, 0.1], [0.1, 0.9]])),
    (np.array([2, 1, 0], dtype=np.int32),
     np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32)),
], ids=["squeeze_y_true", "cast_y_pred_dtype", "squeeze_y_true_shape",
        "cast_y_pred_to_match_y_true_dtype", "reshape_matches_to_original_y_true_shape",
        "matching_shapes_without_squeeze"])
def test_sparse_categorical_accuracy_label_shapes_and_dtypes(y_true, y_pred):
    metric = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy", dtype="float32")
    metric.update_state(y_true, y_pred)
    assert metric.result() == pytest.approx(1.0, abs=1e-4)


# keras: metrics/accuracy_metrics_test.py::TopKCategoricalAccuracyTest::test_config
def test_top_k_categorical_accuracy_config():
    assert_round_trip(metrics.TopKCategoricalAccuracy(k=1, name="top_k_categorical_accuracy",
                                                      dtype="float32"),
                      "top_k_categorical_accuracy", k=1)


# keras: metrics/accuracy_metrics_test.py::TopKCategoricalAccuracyTest::test_unweighted
# keras: metrics/accuracy_metrics_test.py::TopKCategoricalAccuracyTest::test_weighted
@pytest.mark.parametrize("sample_weight, expected", [(None, 0.5), ([0.7, 0.3], 0.3)],
                         ids=["unweighted", "weighted"])
def test_top_k_categorical_accuracy(sample_weight, expected):
    metric = metrics.TopKCategoricalAccuracy(k=1, name="top_k_categorical_accuracy", dtype="float32")
    metric.update_state(np.array([[0, 0, 1], [0, 1, 0]]),
                        np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]], dtype="float32"),
                        sample_weight=None if sample_weight is None else np.array(sample_weight))
    assert metric.result() == pytest.approx(expected, abs=1e-3)


# keras: metrics/accuracy_metrics_test.py::SparseTopKCategoricalAccuracyTest::test_config
def test_sparse_top_k_categorical_accuracy_config():
    metric = metrics.SparseTopKCategoricalAccuracy(k=1, name="sparse_top_k_categorical_accuracy",
                                                   dtype="float32")
    restored = assert_round_trip(metric, "sparse_top_k_categorical_accuracy", k=1)
    assert restored.from_sorted_ids is False


# keras: metrics/accuracy_metrics_test.py::SparseTopKCategoricalAccuracyTest::test_config_from_sorted_ids
def test_sparse_top_k_categorical_accuracy_config_from_sorted_ids():
    metric = metrics.SparseTopKCategoricalAccuracy(k=1, name="sparse_top_k_categorical_accuracy",
                                                   dtype="float32", from_sorted_ids=True)
    config = metric.get_config()
    assert config["from_sorted_ids"] is True
    assert metrics.SparseTopKCategoricalAccuracy.from_config(config).from_sorted_ids is True


# keras: metrics/accuracy_metrics_test.py::SparseTopKCategoricalAccuracyTest::test_unweighted
# keras: metrics/accuracy_metrics_test.py::SparseTopKCategoricalAccuracyTest::test_weighted
# keras: metrics/accuracy_metrics_test.py::SparseTopKCategoricalAccuracyTest::test_from_sorted_ids_unweighted
# keras: metrics/accuracy_metrics_test.py::SparseTopKCategoricalAccuracyTest::test_from_sorted_ids_weighted
@pytest.mark.parametrize("from_sorted_ids, y_pred", [
    (False, np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]], dtype="float32")),
    (True, np.array([[1, 0, 3], [1, 2, 3]])),
], ids=["scores", "from_sorted_ids"])
@pytest.mark.parametrize("sample_weight, expected", [(None, 0.5), ([0.7, 0.3], 0.3)],
                         ids=["unweighted", "weighted"])
def test_sparse_top_k_categorical_accuracy(from_sorted_ids, y_pred, sample_weight, expected):
    metric = metrics.SparseTopKCategoricalAccuracy(k=1, name="sparse_top_k_categorical_accuracy",
                                                   dtype="float32", from_sorted_ids=from_sorted_ids)
    metric.update_state(np.array([2, 1]), y_pred,
                        sample_weight=None if sample_weight is None else np.array(sample_weight))
    assert metric.result() == pytest.approx(expected, abs=1e-3)
